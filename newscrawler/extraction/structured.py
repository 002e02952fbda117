"""Structured-data layers: JSON-LD and meta tags. Both describe the page in the publisher's
own machine-readable words, so they outrank anything read from the layout."""
from __future__ import annotations

import html
import json
import re
from typing import Any, Iterable, Iterator

from lxml.html import HtmlElement

from newscrawler.text import admin_account, clean_line

ARTICLE_TYPES = frozenset({
    "NewsArticle", "Article", "ReportageNewsArticle", "AnalysisNewsArticle", "OpinionNewsArticle",
    "BackgroundNewsArticle", "ReviewNewsArticle", "BlogPosting", "LiveBlogPosting", "Report",
    # Fact-check pages (AFP Faktencheck, Correctiv, Full Fact) describe the article as the review
    # of a claim: its headline, date and author are the page's.
    "ClaimReview",
})
# Lenient clean-up for blocks some CMSs wrap in comments or CDATA, or end with a stray ";".
_WRAPPING = re.compile(r"^\s*(?:<!--|//\s*<!\[CDATA\[|<!\[CDATA\[)|(?:-->|//\s*\]\]>|\]\]>|;)\s*$")


class InvalidJsonLd(ValueError):
    """A ld+json block that is not JSON even after lenient clean-up."""


def _load(block: str) -> Any:
    try:
        return json.loads(block, strict=False)
    except (ValueError, RecursionError):  # RecursionError: hostile nesting depth
        pass
    try:
        return json.loads(_WRAPPING.sub("", block.strip().lstrip("\ufeff")), strict=False)
    except (ValueError, RecursionError) as exc:
        raise InvalidJsonLd(str(exc)) from None


def _nodes(data: Any) -> Iterator[dict]:
    if isinstance(data, list):
        for entry in data:
            yield from _nodes(entry)
    elif isinstance(data, dict):
        yield data
        if "@graph" in data:
            yield from _nodes(data["@graph"])
        # Class: the article as the ``mainEntity`` of a WebPage node (Ippen's fr.de / merkur.de,
        # Nature): schema.org's way of saying what the page is about.
        if isinstance(data.get("mainEntity"), (dict, list)):
            yield from _nodes(data["mainEntity"])
        # Class: the BreadcrumbList as the ``breadcrumb`` of a WebPage node (schema.org's
        # property; IDN Times) rather than a block of its own.
        if isinstance(data.get("breadcrumb"), dict):
            yield from _nodes(data["breadcrumb"])


def _types(node: dict) -> set[str]:
    kind = node.get("@type")
    kinds = kind if isinstance(kind, list) else [kind]
    return {k.rsplit("/", 1)[-1] for k in kinds if isinstance(k, str)}


def jsonld_blocks(scripts: Iterable[HtmlElement]) -> tuple[list[Any], int]:
    """The JSON-LD blocks among the page's ``scripts``, each parsed once, and the number that
    were not valid JSON. Extruct's extractor would fail the whole page on one bad block, so
    the blocks are read here one by one."""
    blocks, invalid = [], 0
    for script in scripts:
        if script.get("type") != "application/ld+json":
            continue
        try:
            blocks.append(_load(script.text or ""))
        except InvalidJsonLd:
            invalid += 1
    return blocks, invalid


def jsonld_article(blocks: list[Any]) -> dict | None:
    """The first Article-like JSON-LD node (also inside ``@graph`` and lists)."""
    return next((node for data in blocks for node in _nodes(data) if _types(node) & ARTICLE_TYPES), None)


_HOME_CRUMBS = frozenset({"home", "beranda", "index", "indeks"})


def jsonld_breadcrumb(blocks: list[Any], page_url: str | None = None) -> list[str]:
    """Names of the first JSON-LD ``BreadcrumbList``, in ``position`` order, without the home
    entry and without a last entry that is the page itself (no ``item``, or the page's URL).

    Class: portals whose visible breadcrumb is styled text ("NEWS" in capitals on okezone) or
    missing from some views (SINDOnews' ``?showpage=all``) while the structured list keeps the
    channel labels as the site writes them."""
    for data in blocks:
        for node in _nodes(data):
            if "BreadcrumbList" not in _types(node) or not isinstance(node.get("itemListElement"), list):
                continue
            entries = [e for e in node["itemListElement"] if isinstance(e, dict)]
            entries.sort(key=lambda e: e.get("position") if isinstance(e.get("position"), int) else 0)
            names = [(_text(e.get("name") or (e["item"] if isinstance(e.get("item"), dict) else None)), _url(e.get("item")))
                     for e in entries]
            names = [(name, url) for name, url in names if name and name.lower() not in _HOME_CRUMBS]
            if names and (names[-1][1] is None or (page_url and names[-1][1].rstrip("/") == page_url.rstrip("/"))):
                names.pop()
            return [name for name, _ in names]
    return []


def _text(value: Any) -> str | None:
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, dict):
        value = value.get("name") or value.get("@value")
    # Some CMSs HTML-escape inside JSON ("zerst&ouml;ren", "&quot;"): JSON needs no escaping.
    return clean_line(html.unescape(value) if "&" in value else value) if isinstance(value, str) else None


def _url(value: Any) -> str | None:
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, dict):
        value = value.get("url") or value.get("contentUrl") or value.get("@id")
    return clean_line(value) if isinstance(value, str) else None


def _people(value: Any, publisher: str | None = None) -> list[str]:
    """Writers named by ``author``: Persons, and Organizations other than the publisher (a news
    agency such as dpa, SDA or AFP is a credit). The publisher itself is left out of a list that
    names anyone else (the newsroom, not a co-writer); alone, it is kept, and
    ``extraction._author`` treats it as the weakest credit."""
    entries: list[Any] = []
    _flatten(value, entries)
    named = []
    for entry in entries:
        if isinstance(entry, dict):
            if admin_account(_text(entry.get("url")) or _text(entry.get("@id"))):
                continue
            is_org = bool(_types(entry) & _ORGANIZATIONS)
            name = entry.get("name")
            if not isinstance(name, str) and isinstance(entry.get("familyName"), str):
                # Class: Person given only as givenName / familyName (derStandard's CMS).
                given = entry.get("givenName")
                name = f"{given if isinstance(given, str) else ''} {entry['familyName']}"
        else:
            is_org, name = False, entry
        # The same HTML escaping inside JSON as in _text ("J&ouml;rg").
        name = clean_line(html.unescape(name) if "&" in name else name) if isinstance(name, str) else None
        if name:
            named.append((name, is_org))
    if len(named) > 1 and publisher:
        others = [(n, o) for n, o in named if not (o and _same_name(n, publisher))]
        named = others or named
    return [name for name, _ in named]


_ORGANIZATIONS = frozenset({"Organization", "NewsMediaOrganization", "Corporation", "NGO"})


def _flatten(value: Any, into: list[Any], depth: int = 0) -> None:
    """Nested author lists (``[{Person}, [{Person}]]``, seen on mdr.de) read as one list."""
    if isinstance(value, list) and depth < 4:
        for entry in value:
            _flatten(entry, into, depth + 1)
    elif value is not None:
        into.append(value)


def _same_name(a: str, b: str) -> bool:
    return re.sub(r"\W+", "", a.casefold()) == re.sub(r"\W+", "", b.casefold())


# Class: a CMS template's default keyword left in the published list ("Update me" among
# IDN Times' JSON-LD keywords): a prompt to the editor, never a tag of the story.
_PLACEHOLDER_KEYWORDS = frozenset({"update me"})


def split_keywords(value: Any) -> list[str]:
    """Keywords as a list or a comma-separated string, without template placeholders; anything
    else is not keywords."""
    if isinstance(value, str):
        items = value.split(",")
    elif isinstance(value, list):
        items = [item for item in value if isinstance(item, str)]
    else:
        return []
    return [k for k in map(clean_line, items) if k and k.casefold() not in _PLACEHOLDER_KEYWORDS]


def jsonld_fields(node: dict | None) -> dict:
    if not node:
        return {}
    return {
        "title": _text(node.get("headline") or node.get("name")),
        "description": _text(node.get("description")),
        "published_at_raw": _text(node.get("datePublished")),
        "updated_at_raw": _text(node.get("dateModified")),
        "authors": _people(node.get("author"), _text(node.get("publisher"))),
        "publisher": _text(node.get("publisher")),
        "image_url": _url(node.get("image") or node.get("thumbnailUrl")),
        "category": _text(node.get("articleSection")),
        "tags": split_keywords(node.get("keywords")),
        "language": _text(node.get("inLanguage")),
        "body": node.get("articleBody") if isinstance(node.get("articleBody"), str) else None,
    }


def _meta_index(nodes: Iterable[HtmlElement]) -> dict[str, list[str]]:
    """Every <meta> content by its property / name / itemprop, read in one pass."""
    index: dict[str, list[str]] = {}
    for node in nodes:
        if node.tag == "time":
            # Class: microdata dates on the visible element (``<time itemprop="datePublished"
            # datetime="…+0100">``, the Telegraph): the machine-readable value, with its offset,
            # that the visible text beside it ("4:45pm") lacks. (One pass over both tags: an
            # XPath over every element's attributes costs several ms on a large page.)
            # Class: WordPress themes and hAtom mark the post's own dates by class instead
            # (``<time class="entry-date published" datetime="…+01:00">``, landesspiegel.li).
            prop = (node.get("itemprop") or "").strip()
            if not (value := clean_line(node.get("datetime"))):
                continue
            if prop in ("datePublished", "dateModified"):
                index.setdefault(prop.lower(), []).append(value)
            classes = (node.get("class") or "").split()
            for hatom in ("published", "updated"):
                if hatom in classes:
                    index.setdefault(f"time.{hatom}", []).append(value)
            continue
        content = clean_line(node.get("content"))
        if not content:
            continue
        for attr in ("property", "name", "itemprop"):
            if key := node.get(attr):
                index.setdefault(key.strip().lower(), []).append(content)
    return index


# Class: WordPress' Yoast SEO writes the byline as a Twitter label/value pair
# ("twitter:label1" = "Written by" / "Verfasst von", "twitter:data1" = the name), or as
# "twitter:misc:Written by" = the name.
_WRITTEN_BY = frozenset({"written by", "verfasst von", "geschreven door", "écrit par", "escrito por", "scritto da"})


def _written_by(index: dict[str, list[str]]) -> list[str]:
    for label in _WRITTEN_BY:
        if values := index.get(f"twitter:misc:{label}"):
            return values[:1]
    for n in "1234":
        if (index.get(f"twitter:label{n}") or [""])[0].lower() in _WRITTEN_BY:
            return (index.get(f"twitter:data{n}") or [])[:1]
    return []


# Every meta name that carries a machine date: where a page may state the offset that its
# main date field leaves out.
_DATE_NAMES = (
    "article:published_time", "article:modified_time", "article:published:time", "article:modified:time",
    "time.published", "time.updated", "datepublished", "datemodified", "date", "dc.date",
    "dc.date.issued", "dcterms.created", "dcterms.modified", "last-modified", "og:updated_time", "publishdate",
    "pubdate", "sailthru.date", "parsely-pub-date",
)


def meta_fields(nodes: Iterable[HtmlElement]) -> dict:
    """The meta-tag layer from the page's <meta> and <time> ``nodes``."""
    index = _meta_index(nodes)

    def _meta(*names: str) -> str | None:
        for name in names:
            if values := index.get(name.lower()):
                return values[0]
        return None

    tags = index.get("article:tag", [])

    def _authors(*names: str) -> list[str]:
        # The first name present; article:author is repeated once per writer (OpenGraph),
        # a repeated "author" is more often an image credit further down. A profile URL in
        # article:author is not a name.
        for name in names:
            if values := [v for v in index.get(name, []) if not v.startswith("http")]:
                return values if name == "article:author" else values[:1]
        return []
    return {
        "title": _meta("og:title", "twitter:title"),
        "description": _meta("og:description", "description", "twitter:description"),
        # Each summary the page states (they differ on some sites): what a standfirst may repeat.
        "descriptions": [v for name in ("og:description", "description", "twitter:description") for v in index.get(name, [])[:1]],
        # ``article:published:time``: the OpenGraph name misspelt with a colon (boersen-zeitung.de).
        "published_at_raw": _meta(
            "article:published_time", "article:published:time", "datePublished", "content_PublishedDate",
            "publishdate", "pubdate", "time.published",
        ),
        "updated_at_raw": _meta("article:modified_time", "article:modified:time", "dateModified", "og:updated_time",
                                "time.updated"),
        "authors": _authors("content_author", "author", "article:author", "dc.creator"),
        # Class: the byline handed to an analytics or recommendation service (Sailthru,
        # Parse.ly, Webtrends, ntv.com.tr's "articleauthor"): often the only place a CMS that
        # puts its brand in the author meta still names the writer.
        "analytics_authors": _authors("sailthru.author", "parsely-author", "dcsext.author", "articleauthor")
        or _written_by(index),
        "site_name": _meta("og:site_name", "application-name"),
        "other_dates": [value for name in _DATE_NAMES for value in index.get(name, [])],
        "image_url": _meta("og:image", "og:image:url", "twitter:image", "twitter:image:src"),
        "category": _meta("article:section", "content_category"),
        "tags": tags or split_keywords(_meta("content_tags")),
    }
