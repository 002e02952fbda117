"""Revisions: when an exported article is downloaded again, and whether what comes back is a
new revision of it. Pure functions over what the crawl state remembers (``StoredArticle``);
the spider asks ``RevisitPolicy`` through the deduplication pipeline, which decides with
``decide`` and records the outcome.

Noticing. An article already exported is checked again when

- a listing, sitemap or feed dates it (``<lastmod>``, ``<news:publication_date>``, RSS
  ``pubDate``, Atom ``updated``) later than both its last check and the latest date a listing
  gave it before: the page says it changed after we last looked, and a site that stamps every
  entry with the time the sitemap was built is believed once per new stamp, not on every run;
- or it was first seen less than ``REVISIT_WITHIN`` seconds ago and last checked more than
  ``REVISIT_EVERY`` seconds ago: news is corrected in its first hours and days (casualty
  counts, headlines), mostly without any date telling so.

``REVISIT_WITHIN = 0`` turns both off. The request carries ``If-None-Match`` /
``If-Modified-Since`` from the recorded ``ETag`` / ``Last-Modified``, so an unchanged page
costs a 304 and no body where the server supports it.

Deciding. What is compared is what the feed would carry: the extracted, cleaned text
(whitespace, ads, "Baca Juga" boxes and share counters are gone before the fingerprints are
taken, ``newscrawler.fingerprints``) and the title. A revision is

- a changed title (its normalised words: case and punctuation do not count);
- a content change beyond ``NEAR_DUPLICATE_DISTANCE`` SimHash bits, the same threshold that
  makes two URLs one story: an edit the state would call "the same story" under another URL is
  not a new revision under the same one;
- any content change when the page also gives a later update time (JSON-LD ``dateModified``,
  meta, the visible "Diperbarui" line) than the one recorded: the publisher says it edited the
  story, and the text did change.

A record from before revisions existed (schema 3) knows neither title nor update time, so for
it only the SimHash rule applies (an extraction change since would otherwise look like an edit).
The state keeps the latest exported revision's fingerprints: small edits that are not a
revision add up until, compared with what was exported, they are.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from scrapy.spidermiddlewares.base import BaseSpiderMiddleware

from newscrawler.fingerprints import NEAR_DUPLICATE_DISTANCE, content_fingerprint, hamming
from newscrawler.items import Article
from newscrawler.state import StoredArticle

UNCHANGED = "unchanged"
WHY = ("title", "content", "updated")
"""The reasons ``decide`` gives for a revision (stats ``newscrawler/revisions/why/<reason>``)."""


@dataclass(frozen=True)
class RevisitPolicy:
    within: float
    """Seconds after first seen during which an article is checked again (0: never)."""
    every: float
    """Seconds between two checks of one article."""

    @classmethod
    def from_settings(cls, settings) -> RevisitPolicy:
        """The policy the settings ask for; a value that is not 0 or more seconds raises
        ``ValueError`` with the one line ``scrapy crawl`` refuses it with."""
        return cls(*(_seconds(settings, name) for name in ("REVISIT_WITHIN", "REVISIT_EVERY")))

    @property
    def enabled(self) -> bool:
        return self.within > 0

    def reason(self, stored: StoredArticle, listed: datetime | None, now: datetime) -> str | None:
        """Why ``stored`` is to be downloaded again now (``listed_later`` or ``recent``), or None.
        ``listed``: the date the listing that links it gave it, if any."""
        if not self.enabled:
            return None
        if listed is not None and listed > max(stored.checked_at, stored.listed_at or stored.checked_at):
            return "listed_later"
        if now - stored.first_seen < timedelta(seconds=self.within) and \
                now - stored.checked_at >= timedelta(seconds=self.every):
            return "recent"
        return None


def _seconds(settings, name: str) -> float:
    value = settings.get(name)
    if value is None:  # not set at all (settings other than the project's): revisions off
        return 0.0
    try:
        seconds = float(value)
    except (TypeError, ValueError):
        seconds = math.nan
    if not 0 <= seconds < math.inf:  # NaN fails too
        raise ValueError(f"bad setting {name}={value!r}; expected a number of seconds, 0 or more")
    return seconds


def conditional_headers(stored: StoredArticle) -> dict[str, str]:
    """What makes an unchanged page answer 304: the validators it sent last time."""
    headers = {}
    if stored.etag:
        headers["If-None-Match"] = stored.etag
    if stored.last_modified:
        headers["If-Modified-Since"] = stored.last_modified
    return headers


def title_key(title: str | None) -> str | None:
    return content_fingerprint(title) if title else None


def decide(stored: StoredArticle, fingerprint: str, simhash: int, title: str | None,
           updated_at: datetime | None) -> str:
    """``UNCHANGED``, or why the downloaded page is a new revision of ``stored`` (one of ``WHY``)."""
    new_title = title_key(title)
    if stored.title_key is not None and new_title is not None and new_title != stored.title_key:
        return "title"
    if fingerprint == stored.fingerprint:
        return UNCHANGED
    if hamming(simhash, stored.simhash) > NEAR_DUPLICATE_DISTANCE:
        return "content"
    if stored.title_key is not None and updated_at is not None and (
            stored.updated_at is None or updated_at > stored.updated_at):
        return "updated"
    return UNCHANGED


def parse_time(value: str | None) -> datetime | None:
    """An exported ISO 8601 time (``updated_at``), None when missing, naive or unreadable."""
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        return None
    return parsed if parsed.utcoffset() is not None else None


def validators_of(response) -> tuple[str | None, str | None]:
    """A response's ``ETag`` and ``Last-Modified``, as sent back next time."""
    def header(name: str) -> str | None:
        value = response.headers.get(name)
        return value.decode("latin-1").strip() or None if value else None

    return header("ETag"), header("Last-Modified")


class RevisionMiddleware(BaseSpiderMiddleware):
    """Spider middleware: tells the deduplication pipeline which articles are revisits and
    what validators their page came with (the pipeline sees items, not responses). A
    multi-page article's item comes from its last page, whose validators are not those of the
    page requested next time: it gets none (checked again without a condition)."""

    def get_processed_item(self, item, response):
        if isinstance(item, Article) and response is not None:
            item.revisit = bool(response.meta.get("revisit"))
            if "pages" not in response.meta:
                item.http_validators = validators_of(response)
        return item
