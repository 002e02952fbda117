"""Crawl-level concerns."""
from __future__ import annotations

import fcntl
import json
import logging
import shutil
from datetime import datetime, timezone
from pathlib import Path

from itemadapter import ItemAdapter
from scrapy import signals
from scrapy.exceptions import NotConfigured
from scrapy.utils.defer import deferred_from_coro

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
            "%d responses; dropped %s; failed %s%s",
            spider.name, reason, stats.get("item_scraped_count", 0),
            stats.get("newscrawler/articles/scheduled", 0), stats.get("newscrawler/listings/pages", 0),
            stats.get("response_received_count", 0), dropped or "none", failed or "none",
            f"; {filtered} not matching the keywords" if (filtered := stats.get("newscrawler/filtered/keywords")) else "",
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


class JobDirGuard:
    """Makes Scrapy's job directory (``JOBDIR``) safe to reuse: a job that finished is not run
    again as an empty crawl, and a job whose crawl was killed starts over instead of losing
    what it had queued.

    Scrapy writes the index of a job's request queue (``requests.queue/active.json``) only when
    the crawl closes, but the fingerprints of scheduled requests reach ``requests.seen`` as they
    go. After a SIGKILL the queue reads empty and every request waiting in it, start requests
    included, is filtered as already seen: the resumed crawl does nothing and the articles that
    were queued are never crawled. A killed job therefore drops its queue and dupefilter and
    starts from the entry points again; what the killed crawl exported is skipped all the same
    (the crawl state, recovered from the feeds).

    The job's own record, ``newscrawler-job.json`` in the job directory, says ``running`` while a
    crawl has it (held with ``flock`` on ``newscrawler-job.lock``, so a second crawl on the same
    job never mistakes a live crawl for a killed one), then ``paused`` (Ctrl-C, kill -TERM:
    Scrapy kept a consistent queue) or ``finished``. A finished job run again closes at once as
    ``jobdir_finished`` (exit status 4) with one line saying so.
    """

    RECORD = "newscrawler-job.json"
    FINISHED = ("finished", "closespider_itemcount", "closespider_pagecount", "closespider_timeout")

    def __init__(self, crawler, jobdir: Path):
        self.crawler = crawler
        self.jobdir = jobdir
        self.record = jobdir / self.RECORD
        self.previous: dict = {}
        self.restarted = False
        jobdir.mkdir(parents=True, exist_ok=True)
        self._lock = (jobdir / "newscrawler-job.lock").open("a")
        try:
            fcntl.flock(self._lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            # Another crawl has this job: touch nothing (the crawl state's own lock stops this one).
            self._lock.close()
            self._lock = None
            return
        try:
            self.previous = json.loads(self.record.read_text()) if self.record.exists() else {}
        except ValueError:
            self.previous = {"status": "running"}  # a record cut by a kill: the crawl was killed
        if self.previous.get("status") == "running":
            # Built with the crawler, before the scheduler reads the queue and requests.seen.
            shutil.rmtree(jobdir / "requests.queue", ignore_errors=True)
            (jobdir / "requests.seen").unlink(missing_ok=True)
            self.restarted = True
        if self.previous.get("status") != "finished":
            self._write("running")

    @classmethod
    def from_crawler(cls, crawler):
        jobdir = crawler.settings.get("JOBDIR")
        if not jobdir:
            raise NotConfigured
        extension = cls(crawler, Path(jobdir))
        crawler.signals.connect(extension.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(extension.spider_closed, signal=signals.spider_closed)
        return extension

    def _write(self, status: str) -> None:
        record = {"status": status, "at": datetime.now(timezone.utc).isoformat(timespec="seconds")}
        temporary = self.record.with_suffix(".tmp")
        temporary.write_text(json.dumps(record))
        temporary.replace(self.record)  # a kill never leaves half a record

    def spider_opened(self, spider):
        if self._lock is None:
            return
        if self.previous.get("status") == "finished":
            self.crawler.stats.set_value("newscrawler/jobdir/finished_before", self.previous.get("at"))
            logger.error("JOBDIR %s holds a crawl that already finished (at %s): nothing is left to do in it; "
                         "use a new JOBDIR (or delete this one) to crawl again", self.jobdir, self.previous.get("at"))
            deferred_from_coro(self.crawler.engine.close_spider_async(reason="jobdir_finished"))
        elif self.restarted:
            self.crawler.stats.set_value("newscrawler/jobdir/killed_run_restarted", 1)
            logger.warning("JOBDIR %s is from a crawl that was killed (its request queue is lost): starting from "
                           "the entry points again; what it exported is skipped", self.jobdir)

    def spider_closed(self, spider, reason):
        if self._lock is None or reason == "jobdir_finished":
            return
        self._write("finished" if reason in self.FINISHED else "paused")
        self._lock.close()
