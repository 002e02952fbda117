"""Discovery documents, read without Scrapy's engine: robots.txt ``Sitemap:`` lines, sitemaps
and sitemap indexes (also gzip-compressed), Google News sitemaps, RSS and Atom feeds; which of
their dates fall in the crawl window; and the generic article-URL rule of the ``site`` spider.

Parsing is Scrapy's own (``scrapy.utils.sitemap``): a streaming ``iterparse`` that never
expands entities (XXE, billion laughs), never touches the network, recovers from broken markup
and clears every element once read, so a sitemap of 50,000 URLs is read in bounded memory.
The spider (``newscrawler.spiders.base.PortalSpider.parse_listing``) decides what to request.
"""
from __future__ import annotations

import re
import zlib
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from typing import Any, Iterator
from urllib.parse import urlsplit

import lxml.etree
from scrapy.utils._compression import _DecompressionMaxSizeExceeded
from scrapy.utils.gz import gunzip
from scrapy.utils.sitemap import Sitemap, sitemap_urls_from_robots

from newscrawler.dates import parse_indonesian_date
from newscrawler.urls import normalized_url

WIB = timezone(timedelta(hours=7))
SITEMAP_TYPES = frozenset({"urlset", "sitemapindex"})
FEED_TYPES = frozenset({"rss", "feed", "RDF"})  # RSS 2.0, Atom, RSS 1.0
GZIP_MAGIC = b"\x1f\x8b\x08"  # scrapy.utils.gz.gzip_magic_number's test, on bytes

__all__ = ["Document", "Entry", "NotADocument", "body_of", "in_window", "looks_like_article", "read_document",
           "sitemap_urls_from_robots"]


class NotADocument(ValueError):
    """The body is no sitemap or feed; ``reason`` names why, for the stats."""

    def __init__(self, reason: str, detail: str = ""):
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason


@dataclass(frozen=True)
class Entry:
    """One ``<url>``/``<sitemap>``/``<item>``/``<entry>``: where it points and what dates it.

    ``published`` is a publication date (``news:publication_date``, RSS ``pubDate``, Atom
    ``published``, ``dc:date``): outside the window on either side means outside. ``modified``
    (``lastmod``, Atom ``updated``) only bounds the publication from above: a page last changed
    before the window was published before it, one changed after may still be from inside."""

    url: str
    published: datetime | None = None
    modified: datetime | None = None


@dataclass
class Document:
    kind: str
    """``urlset`` / ``sitemapindex`` (sitemaps) or ``rss`` / ``feed`` / ``RDF`` (feeds)."""
    entries: list[Entry] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    """``malformed`` (read up to the damage), ``entities_refused`` (declared, not expanded),
    ``unparsed_date`` (once per document)."""
    entities: list[str] = field(default_factory=list)

    @property
    def is_sitemap(self) -> bool:
        return self.kind in SITEMAP_TYPES


def body_of(body: bytes, max_size: int) -> bytes:
    """The XML inside a response body: gunzipped when it is gzip data (``.xml.gz`` served as
    ``application/x-gzip``, which Scrapy's HttpCompressionMiddleware leaves alone as it is no
    Content-Encoding). This is ``SitemapSpider._get_sitemap_body``'s rule with Scrapy's own
    ``gunzip``; written out because that method returns None both for "too large" and "not a
    sitemap", and a skip must be counted under its reason.

    Raises ``NotADocument("decompressed_too_large")`` past ``max_size`` (a gzip bomb) and
    ``NotADocument("bad_gzip")`` for gzip data that yields nothing."""
    if body[:3] != GZIP_MAGIC:
        return body
    try:
        return gunzip(body, max_size=max_size)
    except _DecompressionMaxSizeExceeded:
        raise NotADocument("decompressed_too_large", f"over {max_size} bytes") from None
    except (OSError, EOFError, ValueError, zlib.error) as error:  # gunzip re-raises when nothing came out
        raise NotADocument("bad_gzip", type(error).__name__) from None


def looks_like_xml(body: bytes) -> bool:
    """An XML prolog or a discovery root first (after a BOM and blanks): sitemaps and feeds
    served as text/html or text/plain are common enough to sniff for."""
    head = body[:512].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return head.startswith((b"<?xml", b"<urlset", b"<sitemapindex", b"<rss", b"<feed", b"<rdf:rdf"))


class _Document(Sitemap):
    """Scrapy's Sitemap parser, reading also what it drops: the nested
    ``<news:news><news:publication_date>`` of Google News sitemaps (Scrapy keeps the direct
    children of ``<url>`` only), and RSS/Atom items, whose root it already parses."""

    __slots__ = ()

    def _process_sitemap_element(self, elem: lxml.etree._Element) -> dict[str, Any] | None:
        published = next((el.text.strip() for el in elem.iterdescendants()
                          if self._get_tag_name(el) == "publication_date" and el.text), None)
        found = super()._process_sitemap_element(elem)
        if found is not None and published:
            found["publication_date"] = published
        return found

    def feed_items(self) -> Iterator[dict[str, Any]]:
        for event, elem in self.xmliter:
            if event != "end" or self._get_tag_name(elem) not in ("item", "entry"):
                continue
            item: dict[str, Any] = {"links": []}
            for el in elem:
                name = self._get_tag_name(el)
                text = (el.text or "").strip()
                if name == "link":
                    # RSS: the text; Atom: href (every one: alternate, related; non-articles
                    # are dropped by the URL rule anyway).
                    if href := el.get("href") or text:
                        item["links"].append(href.strip())
                elif name in ("pubDate", "published", "date", "issued") and text:
                    item.setdefault("published", text)
                elif name in ("updated", "modified") and text:
                    item.setdefault("modified", text)
            if rdf_about := elem.get("{http://www.w3.org/1999/02/22-rdf-syntax-ns#}about"):
                item["links"].append(rdf_about)
            elem.clear()
            yield item


def read_document(xml: bytes) -> Document:
    """A sitemap, sitemap index or feed, as entries with their dates. Never raises for bytes
    but ``NotADocument`` (``not_xml``, or ``unknown_root`` naming the root element); damage
    after the root is recovered from or read up to, and recorded in ``problems``."""
    try:
        parsed = _Document(xml)
    except (lxml.etree.LxmlError, StopIteration, ValueError) as error:
        raise NotADocument("not_xml", type(error).__name__) from None
    if parsed.type not in SITEMAP_TYPES | FEED_TYPES:
        raise NotADocument("unknown_root", parsed.type or "none")
    document = Document(parsed.type)
    try:
        if parsed.type in SITEMAP_TYPES:
            for found in parsed:
                published = _date(found.get("publication_date"), document)
                modified = _date(found.get("lastmod"), document)
                document.entries.append(Entry(found["loc"], published, modified))
        else:
            for item in parsed.feed_items():
                published = _date(item.get("published"), document)
                modified = _date(item.get("modified"), document)
                document.entries.extend(Entry(link, published, modified) for link in dict.fromkeys(item["links"]))
    except lxml.etree.LxmlError:
        # Recovery gave up (a truncated file, a text node over lxml's 10 MB limit): what was
        # read so far stands.
        document.problems.append("malformed")
    dtd = _internal_dtd(parsed)
    if dtd is not None and (names := sorted(entity.name for entity in dtd.iterentities())):
        document.entities = names
        document.problems.append("entities_refused")
    if getattr(parsed.xmliter, "error_log", None) and any(e.level >= 2 for e in parsed.xmliter.error_log):
        if "malformed" not in document.problems:
            document.problems.append("malformed")
    return document


def _internal_dtd(parsed: _Document) -> Any:
    """The document's own DTD: its entity declarations are refused, and the stats say so, or
    a feed that needed them would look empty for no visible reason."""
    try:
        return parsed.xmliter.root.getroottree().docinfo.internalDTD
    except (AttributeError, lxml.etree.LxmlError):
        return None


def _date(text: str | None, document: Document) -> datetime | None:
    """W3C datetime (sitemaps, Atom) first, as it is nearly always that; RFC 822 and the rest
    through the project's date parser. Naive dates are read as WIB (Indonesian sites)."""
    if not text:
        return None
    try:
        found = datetime.fromisoformat(text.replace("Z", "+00:00")) if text[:1].isdigit() else None
    except ValueError:
        found = None
    if found is None:
        found = parse_indonesian_date(text[:100])
    if found is None:
        if "unparsed_date" not in document.problems:
            document.problems.append("unparsed_date")
        return None
    return found if found.tzinfo else found.replace(tzinfo=WIB)


def in_window(entry: Entry, since: date, until: date) -> bool:
    """Whether ``entry`` may be from the window [since, until] (days in WIB); undated: yes."""
    if entry.published is not None:
        return since <= entry.published.astimezone(WIB).date() <= until
    if entry.modified is not None:
        return entry.modified.astimezone(WIB).date() >= since
    return True


# -- the site spider's article rule ------------------------------------------------------------

# Listing, archive and non-article sections in the English and Indonesian spellings WordPress,
# Blogspot and the common Indonesian CMSs use (tag, kategori, penulis, cari, foto, video, …).
NOT_ARTICLE_SEGMENTS = frozenset({
    "tag", "tags", "topic", "topics", "topik", "category", "categories", "kategori", "label",
    "author", "authors", "penulis", "reporter", "editor", "search", "cari", "pencarian",
    "page", "halaman", "video", "videos", "foto", "photo", "photos", "galeri", "gallery",
    "feed", "rss", "sitemap", "indeks", "index", "arsip", "archive", "archives",
    "wp-content", "wp-admin", "wp-includes", "wp-json", "login", "register", "cdn-cgi",
})
ASSET_SUFFIXES = (
    ".jpg", ".jpeg", ".png", ".gif", ".webp", ".svg", ".ico", ".bmp", ".avif", ".css", ".js",
    ".json", ".xml", ".gz", ".txt", ".pdf", ".zip", ".rar", ".doc", ".docx", ".xls", ".xlsx",
    ".mp3", ".mp4", ".m4a", ".webm", ".avi", ".mov", ".woff", ".woff2", ".ttf", ".eot",
)
_NUMERIC_ID = re.compile(r"\d{5,}")
_LONG_SLUG = re.compile(r"^[^-]+(?:-[^-]+){3,}")  # four words or more


def twin_hosts(host: str) -> tuple[str, str]:
    """A host and its ``www.`` twin (the same site under both names)."""
    host = host.lower()
    bare = host[4:] if host.startswith("www.") else host
    return bare, f"www.{bare}"


def looks_like_article(url: str, hosts: frozenset[str] | set[str] | tuple[str, ...]) -> bool:
    """The generic rule for sites the registry lacks: on one of ``hosts``, not an asset, no
    listing section (tag, category, author, search, page, video, photo) in the path, and a
    path deeper than one segment or a long slug or a numeric id (``/2026/11/30/slug/``,
    ``/berita/12345/judul``, ``/judul-berita-yang-panjang``). Date archives (``/2026/11/``)
    are listings."""
    try:
        parts = urlsplit(url)
        host = (parts.hostname or "").lower()
    except ValueError:
        return False
    if parts.scheme not in ("http", "https") or host not in hosts:
        return False
    path = parts.path.lower()
    # A query that selects content (``?p=123``, ``?id=``, ``?s=``) is no URL of the feed's
    # schema (https, no query): such sites need a portal module naming their article query.
    if path.endswith(ASSET_SUFFIXES) or urlsplit(normalized_url(url)).query:
        return False
    segments = [s for s in path.split("/") if s]
    if not segments or any(s in NOT_ARTICLE_SEGMENTS for s in segments):
        return False
    if all(s.isdigit() for s in segments):
        return False
    last = re.sub(r"\.(?:html?|php|aspx?)$", "", segments[-1])
    return len(segments) > 1 or bool(_LONG_SLUG.match(last)) or bool(_NUMERIC_ID.search(last))
