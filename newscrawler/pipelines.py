"""Item pipelines, in order, one job each. Every drop is counted under
``newscrawler/dropped/<reason>`` and logged once with the article URL; what the keyword filter
leaves out is counted under ``newscrawler/filtered/keywords``."""
from __future__ import annotations

import logging
from datetime import UTC, datetime
from pathlib import Path

from itemadapter import ItemAdapter
from scrapy import signals
from scrapy.exceptions import CloseSpider, DropItem
from scrapy.utils.defer import deferred_from_coro

from newscrawler.feeds import FeedLedger, feed_file_opening
from newscrawler.fingerprints import NEAR_DUPLICATE_DISTANCE, fingerprints
from newscrawler.keywords import KeywordMatcher
from newscrawler.revisions import UNCHANGED, RevisitPolicy, conditional_headers, decide, parse_time, title_key
from newscrawler.state import ExportRecord, StateCorruptError, StateError, StateInUseError, open_state, state_path

logger = logging.getLogger(__name__)

REQUIRED_FIELDS = ("url", "title", "content")
RECORD_BATCH = 50
PERMANENT_DROPS = frozenset({"missing_content", "not_html", "moved_to_listing"})
"""Drop reasons that a later download would only repeat: remembered in the crawl state, and
the article is not downloaded again (``newscrawler/articles/known_dropped_from_earlier_runs``).
``missing_content`` counts only for a dated page (a photo-only brief); a page without a date
and without text may be an error page served in place of the article. Login walls, bot
challenges, temporary redirects (302/303/307) are tried again on the next run."""
FILTERED = "filtered_keywords"
"""Not on the topic of ``-a keywords``: remembered like a permanent drop, so the next run does
not download it again; a run with other keywords reads such articles again with ``recrawl``."""
REMEMBERED_DROPS = PERMANENT_DROPS | {FILTERED}
"""What the crawl state remembers, so that a later run does not download the article again."""
RECOVERY_COMMAND = "scripts/state rebuild {spider}"


class _Pipeline:
    def __init__(self, crawler):
        self.crawler = crawler
        self.stats = crawler.stats

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def drop(self, reason: str, url: str | None, detail: str = ""):
        self.stats.inc_value(f"newscrawler/dropped/{reason}")
        error = DropItem(f"{reason}: {url}{' — ' + detail if detail else ''}")
        error.reason = reason  # read by DeduplicationPipeline.item_dropped
        raise error


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


class KeywordFilterPipeline(_Pipeline):
    """``-a keywords=…``: an article whose title and content hold none of the keywords is not
    exported. Counted as ``newscrawler/filtered/keywords`` (not as a drop: nothing is wrong
    with it) and logged at DEBUG only, as a topic filter may leave out most of a crawl."""

    def __init__(self, crawler):
        super().__init__(crawler)
        self.matcher: KeywordMatcher | None = None

    def open_spider(self, spider=None):
        args = getattr(self.crawler.spider, "args", None)
        if keywords := getattr(args, "keywords", ()):
            self.matcher = KeywordMatcher(keywords)

    def process_item(self, item, spider=None):
        if self.matcher is None:
            return item
        adapter = ItemAdapter(item)
        if self.matcher.matches(adapter.get("title"), adapter.get("content")):
            return item
        self.stats.inc_value("newscrawler/filtered/keywords")
        error = DropItem(f"{FILTERED}: {adapter.get('url')}", log_level="DEBUG")
        error.reason = FILTERED
        raise error


class DeduplicationPipeline(_Pipeline):
    """Exports each story once, within a run and across runs: an item is dropped when its
    canonical URL, its exact content, or nearly the same content (SimHash within
    ``NEAR_DUPLICATE_DISTANCE`` bits: the same story republished under another URL or lightly
    edited) was exported before. Drops are counted by kind (``newscrawler/duplicates/url``,
    ``.../exact_content``, ``.../near_content``) and logged with both URLs.

    It owns the crawl state: opened at start, exclusively (a second crawl on the same state is
    closed at once as ``state_in_use``; an unreadable one as ``state_corrupt``), after
    recovering what a killed run left in the feed files (``newscrawler.feeds.FeedLedger``),
    told an article was exported only once the feed has written and flushed its line
    (``item_scraped`` reaches this pipeline after the feed exporter, which Scrapy builds
    first), and consulted by the spider so known articles, and articles dropped for good
    (``PERMANENT_DROPS``), are not downloaded again.
    Exported articles are recorded ``RECORD_BATCH`` at a time (one transaction per batch
    instead of one per article), and whenever the crawl goes idle or ends; a killed
    crawl leaves at most a batch of flushed lines unrecorded, which the next run records
    from the feed files before it starts.
    ``-a recrawl=true`` skips the cross-run checks (everything is downloaded and exported).

    Revisions (``newscrawler.revisions``): the spider asks ``revisit`` whether a known article
    is to be downloaded again; what comes back is compared with the state here, and exported
    once as the next ``revision`` when it changed enough, or dropped quietly (DEBUG) as
    unchanged. Counted as ``newscrawler/revisions/{checked,not_modified,unchanged,exported}``.
    """

    def __init__(self, crawler):
        super().__init__(crawler)
        self.state = None
        self.ledger: FeedLedger | None = None
        self.cross_run = True
        self.urls: set[str] = set()
        self.fingerprints: dict[str, str] = {}
        self.hashes: list[tuple[str, int]] = []
        self.pending: dict[str, ExportRecord] = {}
        """Articles passed on to the feed and not yet recorded in the state."""
        self.unrecorded: list[ExportRecord] = []
        self.batch = RECORD_BATCH
        self.policy = RevisitPolicy.from_settings(crawler.settings)
        crawler.signals.connect(self.exported, signal=signals.item_scraped)
        crawler.signals.connect(self.item_dropped, signal=signals.item_dropped)
        crawler.signals.connect(self.record_exported, signal=signals.spider_idle)
        crawler.signals.connect(self.feed_file_opening, signal=feed_file_opening)

    def open_spider(self, spider=None):
        spider = spider or self.crawler.spider
        settings = self.crawler.settings
        state_dir = Path(settings.get("STATE_DIR"))
        distributed = getattr(self.crawler, "distributed", None)  # newscrawler.distributed.worker
        try:
            if distributed is not None:
                # Shared by every worker. Each records an article as soon as its line is
                # written: a worker on another machine cannot read a killed one's feed back.
                self.state = open_state(state_dir, spider.name, redis=distributed.state_link())
                self.batch = 1
            else:
                self.state = open_state(state_dir, spider.name, exclusive=True)
                self.ledger = FeedLedger(self.state, state_dir, spider.name, settings.getdict("FEEDS"), self.stats)
                self.ledger.recover()
        except StateInUseError as error:
            self._refuse("state_in_use", str(error))
        except StateCorruptError as error:
            self._refuse("state_corrupt", f"crawl state {error}; set it aside and rebuild it from the feed files "
                         f"with: {RECOVERY_COMMAND.format(spider=spider.name)}")
        except (StateError, OSError) as error:
            self.stats.set_value("newscrawler/state/write_failed", 1)
            self.stats.set_value("newscrawler/state/write_error", str(error))
            self._refuse("state_write_failed", f"crawl state {state_path(state_dir, spider.name)}: {error}")
        spider.article_dropped = self.article_dropped
        self.cross_run = not getattr(getattr(spider, "args", None), "recrawl", False)
        if self.cross_run:
            spider.is_known = self.is_known
            spider.known_read_next = self.state.read_next_of
            if self.policy.enabled and self.state.supports_revisions:
                spider.revisit = self.revisit
                spider.article_not_modified = self.not_modified
            elif self.policy.enabled:
                logger.info("revisiting off: the %s crawl state keeps no revisions", type(self.state).__name__)
        where = "in Redis" if distributed is not None else state_dir
        logger.info("crawl state %s: %d articles exported by earlier runs", where, self.state.count())

    # -- revisions --------------------------------------------------------------------------

    def revisit(self, url: str, listed=None) -> dict[str, str] | None:
        """For the spider, about an article ``is_known`` called known: the conditional headers
        to download it again with (``newscrawler.revisions.RevisitPolicy``), or None."""
        stored = self.state.article(url)
        if stored is None:  # dropped for good, not exported
            return None
        why = self.policy.reason(stored, listed, datetime.now(UTC))
        if why is None:
            return None
        self.stats.inc_value("newscrawler/revisions/checked")
        self.stats.inc_value(f"newscrawler/revisions/noticed/{why}")
        logger.debug("revisiting (%s): %s", why, url)
        return conditional_headers(stored)

    def not_modified(self, url: str, validators: tuple[str | None, str | None]) -> None:
        """For the spider: a revisited article answered 304."""
        self.stats.inc_value("newscrawler/revisions/not_modified")
        self._checked(url, validators)

    def _checked(self, url: str, validators) -> None:
        try:
            self.state.record_check(url, *(validators or (None, None)))
        except StateError as error:
            self._state_write_failed(error, 1)

    def _revision(self, item, adapter: ItemAdapter, url: str, fingerprint: str, hashed: int) -> ExportRecord | None:
        """The record of a revisited article when it is a new revision (the item gets its
        ``revision`` fields), None when it is not one (a URL forgotten since is a new article);
        an unchanged one is dropped here."""
        stored = self.state.article(url)
        if stored is None:
            return None
        updated = parse_time(adapter.get("updated_at"))
        why = decide(stored, fingerprint, hashed, adapter.get("title"), updated)
        validators = getattr(item, "http_validators", None) or (None, None)
        if why == UNCHANGED:
            self.stats.inc_value("newscrawler/revisions/unchanged")
            self._checked(url, validators)
            error = DropItem(f"revision_unchanged: {url}", log_level="DEBUG")
            error.reason = "revision_unchanged"
            raise error
        self.stats.inc_value(f"newscrawler/revisions/why/{why}")
        first_crawled = stored.crawled_at or stored.first_seen.isoformat(timespec="seconds")
        adapter["revision"] = stored.revision + 1
        adapter["revision_of_crawled_at"] = first_crawled
        logger.info("revision %d (%s changed): %s", stored.revision + 1, why, url)
        return ExportRecord(url, fingerprint, hashed, revision=stored.revision + 1, crawled_at=first_crawled,
                            title_key=title_key(adapter.get("title")), updated_at=updated,
                            listed_at=self._listed_at(url), etag=validators[0], last_modified=validators[1])

    def _listed_at(self, url: str):
        return getattr(self.crawler.spider, "listed_dates", {}).get(url)

    def _refuse(self, reason: str, message: str):
        """Stop before anything is crawled or written (the feed exporter opens no file)."""
        logger.error("%s", message)
        self.stats.set_value("newscrawler/state/refused", message)
        if self.state is not None:
            self.state.close()
            self.state = None
        raise CloseSpider(reason) from None

    def is_known(self, url: str) -> bool:
        """For the spider: exported by an earlier run, or dropped for good by one."""
        if self.state.seen_url(url):
            return True
        if reason := self.state.dropped_reason(url):
            self.stats.inc_value("newscrawler/articles/known_dropped_from_earlier_runs")
            self.stats.inc_value(f"newscrawler/articles/known_dropped_from_earlier_runs/{reason}")
            logger.debug("known dropped (%s) by an earlier run: %s", reason, url)
            return True
        return False

    def article_dropped(self, url: str, reason: str) -> None:
        """For the spider: the article at ``url`` was dropped (already counted and logged)."""
        if reason in REMEMBERED_DROPS and self.state is not None:
            try:
                self.state.remember_dropped(url, reason)
            except StateError as error:
                self._state_write_failed(error, 1)

    def item_dropped(self, item, response=None, exception=None, spider=None):
        reason = getattr(exception, "reason", None)
        if reason not in REMEMBERED_DROPS:
            return
        if reason == FILTERED and getattr(item, "revisit", False):
            return  # exported by an earlier run: its record stays what it is
        adapter = ItemAdapter(item)
        if reason == "missing_content" and not adapter.get("published_at_raw"):
            return
        if url := adapter.get("url"):
            self.article_dropped(url, reason)

    def feed_file_opening(self, path, overwrite: bool = False):
        if self.ledger is not None:
            self.ledger.register(path, overwrite)

    def close_spider(self, spider=None):
        if self.state is not None:
            self.record_exported()
            self._note_listed()
            if self.ledger is not None and not any(
                    self.stats.get_value(f"newscrawler/{what}/write_failed") for what in ("feed", "state")):
                try:
                    self.ledger.finish()
                except StateError as error:  # the next start reads the files again: nothing lost
                    logger.warning("could not mark this run's feed files as read: %s", error)
            self.state.close()

    def process_item(self, item, spider=None):
        adapter = ItemAdapter(item)
        url, content = adapter.get("url"), adapter.get("content") or ""
        fingerprint, hashed = adapter.get("fingerprints") or fingerprints(content)
        revisit = bool(getattr(item, "revisit", False)) and self.cross_run
        record = None
        try:
            kind, original = self._duplicate_of(url, fingerprint, hashed, revisit)
            if revisit and not kind:
                record = self._revision(item, adapter, url, fingerprint, hashed)
        except StateError as error:  # a shared state (Redis) gone: nothing more can be exported
            self._state_write_failed(error, 1)
            self.drop("state_unavailable", url, str(error))
        if kind:
            self.stats.inc_value(f"newscrawler/duplicates/{kind}")
            self.drop(f"duplicate_{kind}", url, f"same as {original}")
        if record is None:
            validators = getattr(item, "http_validators", None) or (None, None)
            record = ExportRecord(url, fingerprint, hashed, crawled_at=adapter.get("crawled_at"),
                                  title_key=title_key(adapter.get("title")),
                                  updated_at=parse_time(adapter.get("updated_at")), listed_at=self._listed_at(url),
                                  etag=validators[0], last_modified=validators[1])
            if not self.cross_run and self.state is not None and self.state.supports_revisions:
                # recrawl: a copy of the recorded revision, not a new one (the state is not asked
                # whether it changed); recorded, it changes nothing.
                if (stored := self.state.article(url)) is not None and stored.revision > 1:
                    adapter["revision"] = stored.revision
                    adapter["revision_of_crawled_at"] = stored.crawled_at or stored.first_seen.isoformat()
        self.urls.add(url)
        self.fingerprints.setdefault(fingerprint, url)
        self.pending[url] = record
        if not self.cross_run:
            self.hashes.append((url, hashed))
        return item

    def _duplicate_of(self, url: str, fingerprint: str, hashed: int, revisit: bool = False) -> tuple[str | None, str | None]:
        if url in self.urls:
            return "url", url
        if revisit:
            # The same URL downloaded again: compared with its own record (``_revision``), not
            # with other stories. Its text still enters this run's checks below for later items.
            return None, None
        if fingerprint in self.fingerprints:
            return "exact_content", self.fingerprints[fingerprint]
        # Articles this run already exported are in the state (indexed) like older ones, so
        # only those still on their way to the feed are scanned here. With recrawl the state
        # is not asked, and every article of the run is scanned (~50 ns each).
        recent = ((u, r.simhash) for u, r in self.pending.items()) if self.cross_run else self.hashes
        for other_url, other in recent:
            if (other ^ hashed).bit_count() <= NEAR_DUPLICATE_DISTANCE:
                return "near_content", other_url
        if claim := getattr(self.state, "claim", None):
            # A state shared by several workers checks and claims in one step, so two workers
            # never both export one story (newscrawler.state.redis).
            return claim(url, fingerprint, hashed, earlier_runs=self.cross_run) or (None, None)
        if self.cross_run and self.state is not None:
            if self.state.seen_url(url):
                return "url", url
            if original := self.state.find_content(fingerprint):
                return "exact_content", original
            if original := self.state.find_near(hashed):
                return "near_content", original
        return None, None

    def exported(self, item, response=None, spider=None):
        if self.stats.get_value("newscrawler/feed/write_failed"):
            return  # the line may not be in the feed: never record what the feed may lack
        adapter = ItemAdapter(item)
        url = adapter.get("url")
        if url in self.pending and self.state is not None:
            record = self.pending[url]
            if record.revision > 1:
                self.stats.inc_value("newscrawler/revisions/exported")
            self.unrecorded.append(record._replace(read_next=adapter.get("read_next_url")))
            if len(self.unrecorded) >= self.batch:
                self.record_exported()

    def record_exported(self, spider=None):
        """Record the exported articles; a state that cannot be written closes the crawl as
        ``state_write_failed`` (the unrecorded lines stay in the feed, and the next run
        records them from there)."""
        if not self.unrecorded or self.state is None or self.stats.get_value("newscrawler/state/write_failed"):
            return
        try:
            self.state.record_many(self.unrecorded)
        except StateError as error:
            self._state_write_failed(error, len(self.unrecorded))
            return
        for record in self.unrecorded:
            self.pending.pop(record.url, None)
        self.unrecorded = []

    def _note_listed(self) -> None:
        """The dates this run's listings gave the recorded articles: a later run revisits one
        only for a later date (``RevisitPolicy``). Also the articles recorded before a listing
        that dates them was read: without it that date would look new next time."""
        dates = getattr(self.crawler.spider, "listed_dates", None)
        if not dates or not self.state.supports_revisions or self.stats.get_value("newscrawler/state/write_failed"):
            return
        try:
            self.state.note_listed(dates)
        except StateError as error:  # costs a conditional request per article next time, nothing more
            logger.warning("could not remember the listings' dates: %s", error)

    def _state_write_failed(self, error: StateError, count: int) -> None:
        if self.stats.get_value("newscrawler/state/write_failed"):
            return
        self.stats.set_value("newscrawler/state/write_failed", count)
        self.stats.set_value("newscrawler/state/write_error", str(error))
        logger.error("crawl state write failed: %s; closing the crawl", error)
        deferred_from_coro(self.crawler.engine.close_spider_async(reason="state_write_failed"))
