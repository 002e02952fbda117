"""What a portal entry provides; shared behaviour lives here once.

A portal is mostly data: hosts, URL rules as regular expressions, listing templates, politeness
and its dated layouts. Methods exist for the few rules data cannot say (iNews' regional hosts).
"""
from __future__ import annotations

import re
import string
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Callable, ClassVar, Iterable
from urllib.parse import parse_qsl, urlsplit, urlunsplit

from newscrawler.urls import host_matches, normalized_url


@dataclass(frozen=True)
class SiteSelectors:
    """CSS selectors per field; in each tuple the first selector that matches wins."""

    title: tuple[str, ...] = ()
    date: tuple[str, ...] = ()
    updated: tuple[str, ...] = ()
    authors: tuple[str, ...] = ()
    editor: tuple[str, ...] = ()
    """The editor's name where the page prints it outside the body (the body's "Editor: …"
    line comes first)."""
    breadcrumb: tuple[str, ...] = ()
    """Breadcrumb links, channel first; "Home" entries are skipped."""
    tags: tuple[str, ...] = ()
    image: tuple[str, ...] = ()
    """Elements whose ``src`` (or ``data-original``/``data-src``) is the header image."""
    caption: tuple[str, ...] = ()
    body: tuple[str, ...] = ()
    """Body containers; when a selector matches several elements (pages of an article served
    in one response), their paragraphs are joined in document order."""
    read_next: tuple[str, ...] = ()
    """Anchors of the "Read Next" link."""
    pages: tuple[str, ...] = ()
    """Anchors to the other pages of a multi-page article."""
    remove: tuple[str, ...] = ()
    """Portal-specific boilerplate inside the body, on top of the shared list."""
    drop: tuple[str, ...] = ()
    """Regular expressions (case-insensitive, anchored at the start) for whole paragraphs of
    the portal's own promotion, on top of the shared list."""
    structured_author_is_editor: bool = False
    """The JSON-LD author is the page's editor, not its writer (Republika's ``author.name`` is
    the "Red:" name): the byline (``authors``) gives ``author``, the JSON-LD name ``editor``.
    The one field that is not a selector tuple."""


@dataclass(frozen=True)
class Layout:
    """One dated design of a portal's article pages (``detik_2022``): how to recognise it and
    what the shared layers get wrong on it. The first layout whose ``detect`` selector matches
    the page is used; ``detect=None`` matches every page (put it last)."""

    name: str
    selectors: SiteSelectors
    detect: str | None = None


@dataclass(frozen=True)
class Listing:
    """A listing entry point as a ``str.format`` template over ``day`` and ``next_day`` (dates;
    give a format spec: ``{day:%Y-%m-%d}``), ``channel`` and ``page``.

    With ``{page}`` the listing is paginated: ``page`` starts at ``first`` and grows by
    ``step`` (an offset when the site counts items) while a page lists articles its earlier
    pages did not. ``first_url`` is page 1 when it carries no page number (``/indeks/x/01-02-2026``
    then ``/indeks/x/01-02-2026/2``). ``channels`` maps the channel names it serves to the value
    put in ``{channel}`` (a site's numeric channel id, a sub-domain, or several of them); without
it, the name itself.
    """

    url: str
    first: int = 1
    step: int = 1
    first_url: str | None = None
    channels: dict[str, str | tuple[str, ...]] | None = None

    def urls(self, days: Iterable[date], channels: Iterable[str]) -> list[str]:
        fields = _fields(self.url)
        day_values = [{"day": d, "next_day": d + timedelta(days=1)} for d in days] if {"day", "next_day"} & fields else [{}]
        if "channel" in fields:
            selected = [c for c in channels if self.channels is None or c in self.channels]
            channel_values = [{"channel": value} for c in selected for value in _values((self.channels or {}).get(c, c))]
        else:
            channel_values = [{}]
        template = self.first_url or self.url
        return [template.format(**dv, **cv, page=self.first) for dv in day_values for cv in channel_values]

    def next_page(self, url: str) -> str | None:
        """The page after ``url`` when ``url`` is a page of this listing, else ``None``."""
        if "page" not in _fields(self.url):
            return None
        for template, numbered in ((self.url, True), (self.first_url, False)):
            if template and (found := _pattern(template).fullmatch(url)):
                values = found.groupdict()
                page = int(values.pop("page")) if numbered else self.first
                return _fill(self.url, values, page + self.step)
        return None


def as_listing(entry: str | Listing) -> Listing:
    return entry if isinstance(entry, Listing) else Listing(entry)


def _values(value: str | tuple[str, ...]) -> tuple[str, ...]:
    return (value,) if isinstance(value, str) else value


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


_PATTERNS: dict[str, re.Pattern[str]] = {}


def _placeholders(template: str) -> list[tuple[str, str | None, str | None]]:
    """(literal, field, group) in template order. A field printed again with another format
    spec (liputan6's ``/indeks/{day:%Y/%m/%d}?start={day:%Y-%m-%d}``) gets a group of its own,
    so that its second spelling is matched as itself rather than as a repeat of the first."""
    out, groups = [], {}
    for literal, name, spec, _ in string.Formatter().parse(template):
        group = None
        if name:
            key = (name, spec or "")
            if key not in groups:
                other_specs = sum(1 for field, _ in groups if field == name)
                groups[key] = f"{name}_{other_specs}" if other_specs else name
            group = groups[key]
        out.append((literal, name, group))
    return out


def _pattern(template: str) -> re.Pattern[str]:
    """A template as a regular expression: each field a named group, ``page`` digits only."""
    if template not in _PATTERNS:
        parts, seen = [], set()
        for literal, name, group in _placeholders(template):
            parts.append(re.escape(literal))
            if name:
                pattern = r"\d+" if name == "page" else r"[^?&#]+?"
                parts.append(f"(?P={group})" if group in seen else f"(?P<{group}>{pattern})")
                seen.add(group)
        _PATTERNS[template] = re.compile("".join(parts))
    return _PATTERNS[template]


def _fill(template: str, values: dict[str, str], page: int) -> str:
    """The template with each field replaced by the text matched on the current page."""
    out = []
    for literal, name, group in _placeholders(template):
        out.append(literal)
        if name:
            out.append(str(page) if name == "page" else values[group])
    return "".join(out)


class Portal:
    name: ClassVar[str]
    domains: ClassVar[tuple[str, ...]]
    """Registrable domains the crawl may visit (subdomains included)."""
    home: ClassVar[str]
    """Origin of the main host, e.g. ``https://www.inews.id``."""
    language: ClassVar[str] = "id"
    title_suffixes: ClassVar[tuple[str, ...]] = ()
    """Brand suffixes the portal appends to ``og:title`` / ``<title>``."""
    channels: ClassVar[dict[str, tuple[str, ...]]] = {}
    """Channel slug → sub-channel slugs; the values ``-a channels=`` accepts."""

    article_urls: ClassVar[tuple[str, ...]] = ()
    """Regular expressions; a URL of the portal whose ``host + path`` fully matches one is an
    article (unless it matches ``not_articles``)."""
    not_articles: ClassVar[tuple[str, ...]] = ()
    """Regular expressions searched in ``host + path``: tags, videos, galleries, search pages."""
    article_query: ClassVar[tuple[str, ...]] = ()
    """Query parameters that are part of an article's identity (most portals have none: the
    canonical form drops the query)."""
    page_path: ClassVar[str | None] = None
    """Regular expression for a path suffix naming a page or view of an article (``/2``);
    dropped from the canonical form."""
    whole_article: ClassVar[str | None] = None
    """How the single-page view is reached from the canonical URL: a query (``?page=all``) or
    a path suffix (``/all``); ``None`` when the portal does not split articles."""
    listings: ClassVar[tuple[Listing, ...]] = ()
    """Entry points: home, latest-news and channel pages, and dated indexes."""
    sitemaps: ClassVar[tuple[str | Listing, ...]] = ()
    """Sitemap entry points: sitemaps, sitemap indexes (also ``.xml.gz``), Google News
    sitemaps, or the portal's ``robots.txt`` (its ``Sitemap:`` lines are read). ``str.format``
    templates over ``day``, ``next_day`` and ``channel`` (a daily sitemap:
    ``https://x.co.id/sitemap/{day:%Y-%m-%d}.xml``), or a ``Listing`` where channel names need
    mapping, no paging. Their dates decide what is
    downloaded: entries dated outside the window are skipped, an index's children last changed
    before it are not read."""
    feeds: ClassVar[tuple[str | Listing, ...]] = ()
    """RSS / Atom entry points, templates as ``sitemaps`` (``https://x.co.id/feed/{channel}``);
    items whose ``pubDate`` / ``published`` falls outside the window are skipped."""
    layouts: ClassVar[tuple[Layout, ...]] = ()
    """Article-page designs, newest first; the shared layers alone when none matches."""
    region_in_date_line: ClassVar[bool] = False
    """The visible date line may end in ``| <Region>`` (iNews regional pages)."""
    min_article_chars: ClassVar[int | None] = None
    """Shortest real story on the portal: below it, a page with a wall's marker is a wall
    (``None``: the shared threshold of ``newscrawler.extraction.walls``)."""
    download_delay: ClassVar[float] = 0.5
    """Seconds between requests to one host (AutoThrottle's floor)."""
    concurrency: ClassVar[int] = 4
    """Requests in flight per host."""
    facts: ClassVar[str] = ""
    """One line for the README's portal table: what is confirmed, what inferred."""

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        cls._article_res = tuple(re.compile(p) for p in cls.article_urls)
        cls._not_article_res = tuple(re.compile(p) for p in cls.not_articles)
        cls._page_path = re.compile(f"(?:{cls.page_path})$") if cls.page_path else None

    def owns_host(self, host: str) -> bool:
        return host_matches(host, self.domains)

    def is_article_url(self, url: str) -> bool:
        try:
            parts = urlsplit(url)
        except ValueError:
            return False
        host = (parts.hostname or "").lower()
        if not self.owns_host(host):
            return False
        where = host + (parts.path or "/")
        return any(p.fullmatch(where) for p in self._article_res) and not any(p.search(where) for p in self._not_article_res)

    def canonical_url(self, url: str) -> str:
        """Articles: the normalised URL without query (but ``article_query``) or page view;
        any other URL: the generic normalised form."""
        url = normalized_url(url)
        if not self.is_article_url(url):
            return url
        parts = urlsplit(url)
        query = "&".join(f"{k}={v}" for k, v in parse_qsl(parts.query) if k in self.article_query)
        path = self._page_path.sub("", parts.path) if self._page_path else parts.path
        return urlunsplit(("https", parts.netloc, path, query, ""))

    def whole_article_url(self, canonical: str) -> str:
        """URL of the single-page view of an article (the canonical URL when there is none)."""
        if not self.whole_article:
            return canonical
        if self.whole_article.startswith("?"):
            joiner = "&" if "?" in canonical else "?"
            return canonical + joiner + self.whole_article[1:]
        return canonical + self.whole_article

    def entry_points(self, days: Iterable[date], channels: Iterable[str]) -> list[str]:
        days, channels = list(days), list(channels)
        urls = [self.home + "/"]
        for listing in (*self.listings, *map(as_listing, self.sitemaps), *map(as_listing, self.feeds)):
            urls.extend(u for u in listing.urls(days, channels) if u not in urls)
        return urls

    def next_listing_page(self, url: str) -> str | None:
        """URL of the page after ``url`` for paginated listings, ``None`` when not paginated."""
        for listing in self.listings:
            if next_page := listing.next_page(url):
                return next_page
        return None

    def page_number(self, url: str) -> int | None:
        """Page number of a page of a multi-page article: ``?page=N`` or a ``/N`` path suffix."""
        parts = urlsplit(url)
        for key, value in parse_qsl(parts.query):
            if key in ("page", "p") and value.isdigit():
                return int(value)
        if found := _PAGE_SUFFIX.search(parts.path):
            return int(found[1])
        return None

    def layout_for(self, has: Callable[[str], bool]) -> Layout | None:
        """The first layout whose ``detect`` selector ``has`` on the page."""
        for layout in self.layouts:
            if layout.detect is None or has(layout.detect):
                return layout
        return None

    def region_for(self, canonical: str, subcategory: str | None) -> str | None:
        """Region of an article when its date line does not name one."""
        return None


_PAGE_SUFFIX = re.compile(r"/(\d{1,3})/?$")
