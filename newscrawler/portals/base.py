"""What a portal entry provides; shared behaviour lives here once."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import ClassVar, Iterable

from newscrawler.urls import host_matches, normalized_url


@dataclass(frozen=True)
class SiteSelectors:
    """CSS selectors per field; in each tuple the first selector that matches wins."""

    title: tuple[str, ...] = ()
    date: tuple[str, ...] = ()
    updated: tuple[str, ...] = ()
    authors: tuple[str, ...] = ()
    breadcrumb: tuple[str, ...] = ()
    """Breadcrumb links, channel first; "Home" entries are skipped."""
    tags: tuple[str, ...] = ()
    image: tuple[str, ...] = ()
    """Elements whose ``src`` (or ``data-original``/``data-src``) is the header image."""
    caption: tuple[str, ...] = ()
    body: tuple[str, ...] = ()
    read_next: tuple[str, ...] = ()
    """Anchors of the "Read Next" link."""
    pages: tuple[str, ...] = ()
    """Anchors to the other pages of a multi-page article."""
    remove: tuple[str, ...] = ()
    """Portal-specific boilerplate inside the body, on top of the shared list."""


class Portal:
    name: ClassVar[str]
    domains: ClassVar[tuple[str, ...]]
    """Registrable domains the crawl may visit (subdomains included)."""
    title_suffixes: ClassVar[tuple[str, ...]] = ()
    """Brand suffixes the portal appends to ``og:title`` / ``<title>``."""
    language: ClassVar[str] = "id"
    home: ClassVar[str]
    """Origin of the main host, e.g. ``https://www.inews.id``."""
    channels: ClassVar[dict[str, tuple[str, ...]]] = {}
    """Channel slug → sub-channel slugs; the values ``-a channels=`` accepts."""
    selectors: ClassVar[SiteSelectors | None] = None
    """The portal's own layout, used after structured data (see ``newscrawler.extraction``)."""

    def owns_host(self, host: str) -> bool:
        return host_matches(host, self.domains)

    def is_article_url(self, url: str) -> bool:
        raise NotImplementedError

    def canonical_url(self, url: str) -> str:
        return normalized_url(url)

    def whole_article_url(self, canonical: str) -> str:
        """URL of the single-page view of an article (the canonical URL when there is none)."""
        return canonical

    def entry_points(self, days: Iterable[date], channels: Iterable[str]) -> list[str]:
        raise NotImplementedError

    def next_listing_page(self, url: str) -> str | None:
        """URL of the page after ``url`` for paginated listings, ``None`` when not paginated."""
        return None

    def region_for(self, canonical: str, subcategory: str | None) -> str | None:
        """Region of an article when its date line does not name one."""
        return None
