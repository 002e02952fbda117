"""The crawl-state interface every backend (SQLite now, maybe Redis later) implements."""

from __future__ import annotations

import abc
from collections.abc import Iterable
from datetime import datetime
from typing import NamedTuple


class StateError(Exception):
    """The crawl state cannot be used (unknown schema, bad name, ...)."""


class StateLockedError(StateError):
    """Another process held the state's write lock for longer than the timeout."""


class StateCorruptError(StateError):
    """The state file is not a readable SQLite database (overwritten, cut short, a broken
    disk): the crawl stops rather than guess, and ``scripts/state rebuild`` makes a new
    state from the feed files."""


class StateInUseError(StateError):
    """Another crawl has this state open for crawling: two crawls on one state would each
    export what the other is exporting."""


class RevisionsNotSupported(StateError):
    """The backend keeps no revision data (the Redis one): revisiting is off with it."""


class ExportRecord(NamedTuple):
    """One exported article, as ``CrawlState.record_many`` takes it: revision 1 of a new URL,
    or a later revision of a recorded one (which replaces the recorded content, and only a
    lower recorded revision: recording a revision twice changes nothing)."""

    url: str
    fingerprint: str
    simhash: int
    first_seen: datetime | None = None
    read_next: str | None = None
    revision: int = 1
    crawled_at: str | None = None
    """``crawled_at`` of revision 1 as exported (``revision_of_crawled_at`` of later ones)."""
    title_key: str | None = None
    """``content_fingerprint(title)``: a changed title is a revision."""
    updated_at: datetime | None = None
    """The page's own update time (dateModified, update line), if it gave one."""
    listed_at: datetime | None = None
    """Latest date a listing, sitemap or feed gave this URL."""
    etag: str | None = None
    last_modified: str | None = None
    """The response's validators, sent back as If-None-Match / If-Modified-Since."""


class StoredArticle(NamedTuple):
    """What the state knows of an exported article (``CrawlState.article``): its latest
    exported revision, and when and how it was last checked."""

    url: str
    first_seen: datetime
    fingerprint: str
    simhash: int
    revision: int
    crawled_at: str | None
    checked_at: datetime
    """Last download (or 304) of the page; ``first_seen`` until it was revisited."""
    title_key: str | None
    """None for articles recorded before revisions existed (schema 3): title not compared."""
    updated_at: datetime | None
    listed_at: datetime | None
    etag: str | None
    last_modified: str | None


class FeedFile(NamedTuple):
    """A feed file this crawler wrote to, as the state remembers it."""

    path: str
    """Absolute path."""
    start: int
    """Offset of the first byte this crawler wrote: what comes before belongs to someone else
    (a file given with ``-o`` that already existed) and is never read or changed."""
    scanned: int
    """Bytes up to which every article line is known to be recorded."""
    device: int
    inode: int
    """Identity of the file when it was registered: a file replaced since is not ours."""
    closed: bool
    """Fully scanned and not reopened since: not even looked at when a crawl starts."""


class CrawlState(abc.ABC):
    """What was exported: canonical URLs, exact content fingerprints and SimHashes.

    ``record`` is called once per article, after its line is flushed to the feed, and is
    durable when it returns.  A crash between the two leaves one exported line unrecorded,
    which the next run re-records from the feed (``record_many``) before crawling.
    """

    @abc.abstractmethod
    def seen_url(self, url: str) -> bool:
        """True when an article with this canonical URL was exported."""

    @abc.abstractmethod
    def find_content(self, fingerprint: str) -> str | None:
        """URL of an exported article with this exact content fingerprint, if any."""

    @abc.abstractmethod
    def find_near(self, simhash: int) -> str | None:
        """URL of the exported article nearest to ``simhash``, if it is within
        ``newscrawler.fingerprints.NEAR_DUPLICATE_DISTANCE`` bits."""

    @abc.abstractmethod
    def read_next_of(self, url: str) -> str | None:
        """The "Read Next" URL an exported article named: a later run that skips the known
        article still follows it (a run killed before following it must not lose it)."""

    @abc.abstractmethod
    def record(
        self, url: str, fingerprint: str, simhash: int, first_seen: datetime | None = None,
        read_next: str | None = None,
    ) -> bool:
        """Remember an exported article (``first_seen`` defaults to now, must be timezone-aware).

        Returns False, keeping the first record, when the URL was already recorded."""

    @abc.abstractmethod
    def record_many(self, records: Iterable[ExportRecord]) -> int:
        """Record many articles in one durable step; returns how many were new.  Nothing is
        recorded when it fails.  For imports, e.g. re-recording the feed's last lines after a
        crash between flushing a line and recording it, and for benchmarks."""

    @abc.abstractmethod
    def count(self) -> int:
        """Number of recorded articles."""

    # -- revisions (newscrawler.revisions) ------------------------------------------------
    # Not abstract: a backend without them (Redis) says so, and the crawl turns revisiting off.

    supports_revisions = False

    def article(self, url: str) -> StoredArticle | None:
        """The recorded article at ``url`` (exported, not dropped), if any."""
        raise RevisionsNotSupported(f"revisions are not supported by the {type(self).__name__} backend")

    def record_check(self, url: str, etag: str | None, last_modified: str | None,
                     checked_at: datetime | None = None) -> bool:
        """The page was checked again (304, or no revision): remember when, and its new
        validators (None keeps the recorded one). False when the URL is not recorded."""
        raise RevisionsNotSupported(f"revisions are not supported by the {type(self).__name__} backend")

    def note_listed(self, dates: dict[str, datetime]) -> int:
        """URL -> a date a listing, sitemap or feed gave it: keeps the latest per recorded URL.
        Returns how many records moved."""
        raise RevisionsNotSupported(f"revisions are not supported by the {type(self).__name__} backend")

    # -- articles dropped for good ------------------------------------------------------

    @abc.abstractmethod
    def remember_dropped(self, url: str, reason: str, first_seen: datetime | None = None) -> bool:
        """Remember that the article at ``url`` was dropped for a reason that will not change
        (no text, not HTML, moved for good to a listing); False when already remembered."""

    @abc.abstractmethod
    def dropped_reason(self, url: str) -> str | None:
        """Why the article at ``url`` was dropped for good, if it was."""

    @abc.abstractmethod
    def dropped_counts(self) -> dict[str, int]:
        """Reason -> number of URLs remembered as dropped for it."""

    # -- housekeeping (scripts/state) ---------------------------------------------------

    @abc.abstractmethod
    def forget(self, urls: Iterable[str]) -> int:
        """Forget these URLs (exported or dropped): the next crawl downloads them again.
        Returns how many records went."""

    @abc.abstractmethod
    def prune(self, before: datetime) -> int:
        """Forget everything first seen before ``before``; returns how many records went."""

    @abc.abstractmethod
    def recent(self, limit: int) -> list[tuple[str, str, str]]:
        """The ``limit`` newest records as (first_seen, url, "exported" or the drop reason)."""

    # -- the feed files the crawler wrote (newscrawler.feeds.FeedLedger) -----------------

    @abc.abstractmethod
    def feed_files(self) -> dict[str, FeedFile]:
        """Every registered feed file by path."""

    @abc.abstractmethod
    def put_feed_files(self, files: Iterable[FeedFile]) -> None:
        """Register or update feed files, in one durable step."""

    @abc.abstractmethod
    def delete_feed_files(self, paths: Iterable[str]) -> None:
        """Stop tracking these feed files (gone or replaced); their articles stay recorded."""

    @abc.abstractmethod
    def record_scan(self, feed: FeedFile, records: Iterable[ExportRecord]) -> int:
        """Record the articles read from a feed file and how far it was read, in one
        transaction: the two can never disagree, whatever is lost later (a WAL deleted after
        a kill loses both). Returns how many articles were new."""

    @abc.abstractmethod
    def close(self) -> None:
        """Release the state; calling it again does nothing."""

    def __enter__(self) -> CrawlState:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()
