"""Crawl-level concerns."""
from __future__ import annotations

import json
import logging
from pathlib import Path

from scrapy import signals

logger = logging.getLogger(__name__)


class CrawlSummary:
    """One readable summary line at the end of every crawl, above Scrapy's full stats dump;
    with ``STATS_FILE`` set, the final stats also go to that file as JSON (for cron and tests)."""

    def __init__(self, stats, stats_file: str | None):
        self.stats = stats
        self.stats_file = stats_file

    @classmethod
    def from_crawler(cls, crawler):
        extension = cls(crawler.stats, crawler.settings.get("STATS_FILE"))
        crawler.signals.connect(extension.spider_closed, signal=signals.spider_closed)
        return extension

    def spider_closed(self, spider, reason):
        stats = self.stats.get_stats()
        dropped = {k.rsplit("/", 1)[-1]: v for k, v in stats.items() if k.startswith("newscrawler/dropped/")}
        failed = {k.split("/", 2)[-1]: v for k, v in stats.items() if k.startswith("newscrawler/failed/")}
        logger.info(
            "summary: %s finished (%s): %d articles exported, %d scheduled, %d listing pages, "
            "%d responses; dropped %s; failed %s",
            spider.name, reason, stats.get("item_scraped_count", 0),
            stats.get("newscrawler/articles/scheduled", 0), stats.get("newscrawler/listings/pages", 0),
            stats.get("response_received_count", 0), dropped or "none", failed or "none",
        )
        if self.stats_file:
            path = Path(self.stats_file)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(json.dumps({**stats, "finish_reason": reason}, default=str, indent=1, sort_keys=True))
