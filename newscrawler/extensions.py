"""Crawl-level concerns."""
from __future__ import annotations

import json
import logging
from pathlib import Path

from itemadapter import ItemAdapter
from scrapy import signals

from newscrawler.items import ARTICLE_FIELDS, Article

logger = logging.getLogger(__name__)


class CrawlSummary:
    """One readable summary line at the end of every crawl, above Scrapy's full stats dump;
    with ``STATS_FILE`` set, the final stats also go to that file as JSON (for cron and tests),
    once the engine has stopped, so the stats that other ``spider_closed`` handlers set
    (extraction workers' resource use) are in it."""

    def __init__(self, stats, stats_file: str | None, log_level: int | str = logging.INFO):
        self.stats = stats
        self.stats_file = stats_file
        self.reason: str | None = None
        # INFO, or the crawl's log level when higher (`-L WARNING`): the summary is always shown.
        level = logging.getLevelName(log_level) if isinstance(log_level, str) else log_level
        self.level = max(logging.INFO, level if isinstance(level, int) else logging.INFO)

    @classmethod
    def from_crawler(cls, crawler):
        extension = cls(crawler.stats, crawler.settings.get("STATS_FILE"), crawler.settings.get("LOG_LEVEL", "INFO"))
        crawler.signals.connect(extension.spider_closed, signal=signals.spider_closed)
        crawler.signals.connect(extension.engine_stopped, signal=signals.engine_stopped)
        return extension

    def spider_closed(self, spider, reason):
        stats = self.stats.get_stats()
        dropped = {k.rsplit("/", 1)[-1]: v for k, v in stats.items() if k.startswith("newscrawler/dropped/")}
        failed = {k.split("/", 2)[-1]: v for k, v in stats.items() if k.startswith("newscrawler/failed/")}
        missing = {k.rsplit("/", 1)[-1]: v for k, v in stats.items()
                   if k in ("newscrawler/failed/listing/http_404", "newscrawler/failed/listing/http_410")}
        if missing:
            logger.log(self.level, "summary: %d listing pages do not exist (%s): optional listings (a day's channel "
                       "index, a regional home) the site does not have; their URLs are in the INFO lines",
                       sum(missing.values()), ", ".join(f"{k} {v}" for k, v in sorted(missing.items())))
        logger.log(
            self.level,
            "summary: %s finished (%s): %d articles exported, %d scheduled, %d listing pages, "
            "%d responses; dropped %s; failed %s",
            spider.name, reason, stats.get("item_scraped_count", 0),
            stats.get("newscrawler/articles/scheduled", 0), stats.get("newscrawler/listings/pages", 0),
            stats.get("response_received_count", 0), dropped or "none", failed or "none",
        )
        self.reason = reason

    def engine_stopped(self):
        if self.stats_file and self.reason is not None:
            path = Path(self.stats_file)
            path.parent.mkdir(parents=True, exist_ok=True)
            stats = {**self.stats.get_stats(), "finish_reason": self.reason}
            path.write_text(json.dumps(stats, default=str, indent=1, sort_keys=True))


class ListingAlarm:
    """Alarm for a listing redesign: listing pages answered, and not one of them linked an
    article (the fill-rate alarm cannot see it: there are no articles to count)."""

    def __init__(self, stats):
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler):
        extension = cls(crawler.stats)
        crawler.signals.connect(extension.spider_closed, signal=signals.spider_closed)
        return extension

    def spider_closed(self, spider, reason):
        pages = self.stats.get_value("newscrawler/listings/pages", 0)
        if pages and not self.stats.get_value("newscrawler/listings/article_links", 0):
            self.stats.set_value("newscrawler/quality/alarm/no_article_links", 1)
            logger.error("listing alarm: %d listing pages answered and none linked an article", pages)


def check_fill_rate_thresholds(thresholds: dict) -> None:
    """Refuse, with one line, a ``FILL_RATE_THRESHOLDS`` naming a field articles do not have
    (a misspelt field would never alarm) or a share outside 0..1."""
    for field, threshold in thresholds.items():
        if field not in ARTICLE_FIELDS:
            raise ValueError(
                f"bad setting FILL_RATE_THRESHOLDS: unknown field {field!r}; known fields: {', '.join(ARTICLE_FIELDS)}"
            )
        try:
            share = float(threshold)
        except (TypeError, ValueError):
            share = -1.0
        if not 0.0 <= share <= 1.0:
            raise ValueError(f"bad setting FILL_RATE_THRESHOLDS: {field}={threshold!r}; expected a share from 0 to 1")


class FillRateAlarm:
    """Data-quality alarm: the share of articles that have each field, in the stats and the
    log at the end of every crawl, and an error naming the field and sample URLs when a share
    falls below ``FILL_RATE_THRESHOLDS``.

    Spidermon's FieldCoverageMonitor was considered: it reports coverage and fails a monitor,
    but it cannot name the articles that lack a field, and it counts null values as present
    unless configured; the job here is a counter per field, so it is written out.
    Articles are counted when exported and when dropped for missing fields (a page that lost
    its body is exactly what the alarm is for); duplicates are not counted twice.
    """

    SAMPLES = 5

    def __init__(self, crawler):
        self.stats = crawler.stats
        self.thresholds: dict[str, float] = crawler.settings.getdict("FILL_RATE_THRESHOLDS")
        self.min_items = crawler.settings.getint("FILL_RATE_MIN_ITEMS")
        self.total = 0
        self.filled: dict[str, int] = {}
        self.missing_samples: dict[str, list[str]] = {}

    @classmethod
    def from_crawler(cls, crawler):
        extension = cls(crawler)
        crawler.signals.connect(extension.item_scraped, signal=signals.item_scraped)
        crawler.signals.connect(extension.item_dropped, signal=signals.item_dropped)
        crawler.signals.connect(extension.spider_closed, signal=signals.spider_closed)
        return extension

    def item_scraped(self, item, **kwargs):
        self._count(item)

    def item_dropped(self, item, exception, **kwargs):
        if str(exception).startswith("missing_"):
            self._count(item)

    def _count(self, item) -> None:
        # An Article's attribute dict answers .get() as the adapter does, without its dispatch.
        adapter = vars(item) if isinstance(item, Article) else ItemAdapter(item)
        self.total += 1
        for field in ARTICLE_FIELDS:
            if adapter.get(field) not in (None, "", []):
                self.filled[field] = self.filled.get(field, 0) + 1
            elif len(samples := self.missing_samples.setdefault(field, [])) < self.SAMPLES:
                samples.append(str(adapter.get("url")))

    def spider_closed(self, spider, reason):
        if not self.total:
            return
        rates = {field: self.filled.get(field, 0) / self.total for field in ARTICLE_FIELDS}
        for field, rate in rates.items():
            self.stats.set_value(f"newscrawler/fill_rate/{field}", round(rate, 4))
        logger.info(
            "fill rates over %d articles: %s", self.total,
            ", ".join(f"{field} {rate:.0%}" for field, rate in rates.items()),
        )
        if self.total < self.min_items:
            logger.info("no data-quality alarm: %d articles are fewer than FILL_RATE_MIN_ITEMS (%d)",
                        self.total, self.min_items)
            return
        for field, threshold in self.thresholds.items():
            if rates.get(field, 0.0) < float(threshold):
                self.stats.set_value(f"newscrawler/quality/alarm/{field}", 1)
                self.stats.set_value("newscrawler/quality/failed", True)
                logger.error(
                    "data-quality alarm: %s filled in %.1f%% of %d articles (threshold %.1f%%); e.g. %s",
                    field, 100 * rates.get(field, 0.0), self.total, 100 * float(threshold),
                    " ".join(self.missing_samples.get(field, [])),
                )
