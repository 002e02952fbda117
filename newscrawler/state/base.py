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


class StateInUseError(StateError):
    """Another crawl has this state open for crawling: two crawls on one state would each
    export what the other is exporting."""


class ExportRecord(NamedTuple):
    """One exported article, as ``CrawlState.record_many`` takes it."""

    url: str
    fingerprint: str
    simhash: int
    first_seen: datetime | None = None
    read_next: str | None = None


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

    @abc.abstractmethod
    def close(self) -> None:
        """Release the state; calling it again does nothing."""

    def __enter__(self) -> CrawlState:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()
