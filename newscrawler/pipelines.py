"""Item pipelines, in order, one job each. Every drop is counted under
``newscrawler/dropped/<reason>`` and logged once with the article URL."""
from __future__ import annotations

import logging

from itemadapter import ItemAdapter
from scrapy.exceptions import DropItem

logger = logging.getLogger(__name__)

REQUIRED_FIELDS = ("url", "title", "content")


class _Pipeline:
    def __init__(self, crawler):
        self.crawler = crawler
        self.stats = crawler.stats

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def drop(self, reason: str, url: str | None, detail: str = ""):
        self.stats.inc_value(f"newscrawler/dropped/{reason}")
        raise DropItem(f"{reason}: {url}{' — ' + detail if detail else ''}")


class DatesPipeline(_Pipeline):
    """Dates are parsed by ``newscrawler.dates`` during extraction; this stage decides what a
    date that could not be parsed means: keep the item (default) or drop it
    (``DROP_UNPARSED_DATES``), and count and log it either way."""

    def process_item(self, item, spider=None):
        adapter = ItemAdapter(item)
        for field in ("published_at", "updated_at"):
            raw = adapter.get(f"{field}_raw")
            if raw and not adapter.get(field):
                self.stats.inc_value("newscrawler/dates/unparsed")
                logger.warning("unparsed %s %r: %s", field, raw, adapter.get("url"))
                if field == "published_at" and self.crawler.settings.getbool("DROP_UNPARSED_DATES"):
                    self.drop("unparsed_date", adapter.get("url"), repr(raw))
        if not adapter.get("published_at_raw"):
            self.stats.inc_value("newscrawler/dates/missing")
        return item


class ValidationPipeline(_Pipeline):
    """An article without url, title or content is not an article (a login wall, a video
    page, an error page served with 200)."""

    def process_item(self, item, spider=None):
        adapter = ItemAdapter(item)
        for field in REQUIRED_FIELDS:
            if not adapter.get(field):
                self.drop(f"missing_{field}", adapter.get("url"))
        return item


class DeduplicationPipeline(_Pipeline):
    """Exports each canonical URL once per run."""

    def __init__(self, crawler):
        super().__init__(crawler)
        self.seen: set[str] = set()

    def process_item(self, item, spider=None):
        url = ItemAdapter(item).get("url")
        if url in self.seen:
            self.stats.inc_value("newscrawler/duplicates/url")
            self.drop("duplicate_url", url)
        self.seen.add(url)
        return item
