"""The one article schema, shared by extraction, pipelines, the feed and the JSON Schema file.

Field order here is the key order of every exported JSON line.  A field the page does not
carry stays ``None`` (or an empty list): nothing is invented.
"""
from __future__ import annotations

from dataclasses import dataclass, field, fields


@dataclass
class Article:
    url: str | None = None
    """Canonical article URL (see ``newscrawler.urls.canonical_url``)."""
    source: str | None = None
    """Host the article was published on, e.g. ``www.inews.id`` or ``bali.inews.id``."""
    title: str | None = None
    description: str | None = None
    """Lead / meta description as the publisher wrote it."""
    content: str | None = None
    """Clean body text; paragraphs separated by one blank line; no ads, promos or "Baca Juga" boxes."""
    author: str | None = None
    """Writer(s) named by the page; several names joined with ", "."""
    editor: str | None = None
    """Name from the "Editor: …" line, removed from ``content``."""
    published_at: str | None = None
    """ISO 8601 with the offset the page gives (WIB +07:00, WITA +08:00, WIT +09:00)."""
    published_at_raw: str | None = None
    """The date string ``published_at`` was read from, as the page has it."""
    updated_at: str | None = None
    updated_at_raw: str | None = None
    channel: str | None = field(default=None, metadata={"set_by": "crawl"})
    """The portal channel, by the names ``-a channels=`` accepts (``news``, ``finance``,
    ``regional``, …), read from the canonical URL by the crawl (``ChannelMiddleware``), not from
    the page; ``None`` when the URL names no channel."""
    category: str | None = None
    """Channel label as the page gives it (breadcrumb level 1, or JSON-LD ``articleSection``)."""
    subcategory: str | None = None
    """Sub-channel label (breadcrumb level 2)."""
    tags: list[str] = field(default_factory=list)
    image_url: str | None = None
    image_caption: str | None = None
    read_next_url: str | None = None
    """Canonical URL of the article named by the page's "Read Next" link."""
    region: str | None = None
    """Region of a regional story, e.g. "Bali"; ``None`` for national stories."""
    language: str | None = "id"
    crawled_at: str | None = None
    """UTC ISO 8601 time the page was downloaded."""
    revision: int = field(default=1, metadata={"set_by": "crawl"})
    """1 for an article's first export; an article edited after it was exported is exported
    again once per edit that counts (``newscrawler.revisions``), with the same ``url`` and
    the previous ``revision`` + 1. The line with the highest revision is the article's
    current text."""
    revision_of_crawled_at: str | None = field(default=None, metadata={"set_by": "crawl"})
    """``crawled_at`` of revision 1 when this line is a later revision (joins it to the first
    line of the same article); ``None`` on revision 1."""
    fingerprints: tuple[str, int] | None = field(default=None, repr=False, compare=False, metadata={"exported": False})
    """``newscrawler.fingerprints.fingerprints(content)`` when extraction computed it (in a
    worker process, off the crawl thread); the deduplication pipeline computes it otherwise.
    Not part of the schema: never exported."""
    http_validators: tuple[str | None, str | None] | None = field(
        default=None, repr=False, compare=False, metadata={"exported": False, "set_by": "crawl"})
    """The response's ``ETag`` and ``Last-Modified`` (``RevisionMiddleware``), remembered in the
    crawl state for conditional requests when the article is checked again. Never exported."""
    revisit: bool = field(default=False, repr=False, compare=False, metadata={"exported": False, "set_by": "crawl"})
    """Downloaded again because it was exported before (``newscrawler.revisions``): the
    deduplication pipeline decides whether it is a revision. Never exported."""


EXPORTED_FIELDS: tuple[str, ...] = tuple(f.name for f in fields(Article) if f.metadata.get("exported", True))
"""Every key of an exported line, in order."""
ARTICLE_FIELDS: tuple[str, ...] = tuple(
    f.name for f in fields(Article) if f.metadata.get("exported", True) and f.metadata.get("set_by") != "crawl"
)
"""The fields extraction reads from the page, plus ``crawled_at``: what fill rates measure.
``channel`` is left out: the crawl sets it from the URL, so it says nothing about the page."""
