"""What a portal entry provides; shared behaviour lives here once."""
from __future__ import annotations

from datetime import date
from typing import ClassVar, Iterable

from newscrawler.urls import host_matches, host_of, normalized_url


class Portal:
    name: ClassVar[str]
    domains: ClassVar[tuple[str, ...]]
    """Registrable domains the crawl may visit (subdomains included)."""
    title_suffixes: ClassVar[tuple[str, ...]] = ()
    """Brand suffixes the portal appends to ``og:title`` / ``<title>``."""

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

    def region_for_host(self, host: str) -> str | None:
        return None

    def source_of(self, url: str) -> str:
        return host_of(url)
