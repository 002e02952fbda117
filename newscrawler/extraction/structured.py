"""Structured-data layers: JSON-LD and meta tags. Both describe the page in the publisher's
own machine-readable words, so they outrank anything read from the layout."""
from __future__ import annotations

import html
import json
import re
from typing import Any, Iterator

from lxml import etree
from lxml.html import HtmlElement

from newscrawler.text import clean_line

ARTICLE_TYPES = frozenset({
    "NewsArticle", "Article", "ReportageNewsArticle", "AnalysisNewsArticle", "OpinionNewsArticle",
    "BackgroundNewsArticle", "ReviewNewsArticle", "BlogPosting", "LiveBlogPosting", "Report",
})
_JSONLD_SCRIPTS = etree.XPath('//script[@type="application/ld+json"]')
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


def _types(node: dict) -> set[str]:
    kind = node.get("@type")
    kinds = kind if isinstance(kind, list) else [kind]
    return {k.rsplit("/", 1)[-1] for k in kinds if isinstance(k, str)}


def jsonld_article(root: HtmlElement) -> tuple[dict | None, int]:
    """The first Article-like JSON-LD node (also inside ``@graph`` and lists) and the number of
    blocks that were not valid JSON. Extruct's extractor would fail the whole page on one bad
    block, so the blocks are read here one by one."""
    invalid, article = 0, None
    for script in _JSONLD_SCRIPTS(root):
        try:
            data = _load(script.text or "")
        except InvalidJsonLd:
            invalid += 1
            continue
        if article is None:
            article = next((node for node in _nodes(data) if _types(node) & ARTICLE_TYPES), None)
    return article, invalid


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


def _people(value: Any) -> list[str]:
    entries = value if isinstance(value, list) else [value]
    names = []
    for entry in entries:
        if isinstance(entry, dict):
            if "Organization" in _types(entry):
                continue  # the publisher, not a writer
            entry = entry.get("name")
        name = clean_line(entry) if isinstance(entry, str) else None
        if name:
            names.append(name)
    return names


def split_keywords(value: Any) -> list[str]:
    """Keywords as a list or a comma-separated string; anything else is not keywords."""
    if isinstance(value, str):
        items = value.split(",")
    elif isinstance(value, list):
        items = [item for item in value if isinstance(item, str)]
    else:
        return []
    return [k for k in map(clean_line, items) if k]


def jsonld_fields(node: dict | None) -> dict:
    if not node:
        return {}
    return {
        "title": _text(node.get("headline") or node.get("name")),
        "description": _text(node.get("description")),
        "published_at_raw": _text(node.get("datePublished")),
        "updated_at_raw": _text(node.get("dateModified")),
        "authors": _people(node.get("author")),
        "image_url": _url(node.get("image") or node.get("thumbnailUrl")),
        "category": _text(node.get("articleSection")),
        "tags": split_keywords(node.get("keywords")),
        "language": _text(node.get("inLanguage")),
        "body": node.get("articleBody") if isinstance(node.get("articleBody"), str) else None,
    }


def _meta_index(root: HtmlElement) -> dict[str, list[str]]:
    """Every <meta> content by its property / name / itemprop, read in one pass."""
    index: dict[str, list[str]] = {}
    for node in root.iter("meta"):
        content = clean_line(node.get("content"))
        if not content:
            continue
        for attr in ("property", "name", "itemprop"):
            if key := node.get(attr):
                index.setdefault(key.strip().lower(), []).append(content)
    return index


def meta_fields(root: HtmlElement) -> dict:
    index = _meta_index(root)

    def _meta(*names: str) -> str | None:
        for name in names:
            if values := index.get(name.lower()):
                return values[0]
        return None

    tags = index.get("article:tag", [])
    author = _meta("content_author", "author", "article:author")
    return {
        "title": _meta("og:title", "twitter:title"),
        "description": _meta("og:description", "description", "twitter:description"),
        "published_at_raw": _meta(
            "article:published_time", "datePublished", "content_PublishedDate", "publishdate", "pubdate"
        ),
        "updated_at_raw": _meta("article:modified_time", "dateModified", "og:updated_time"),
        # A profile URL in article:author is not a name.
        "authors": [author] if author and not author.startswith("http") else [],
        "image_url": _meta("og:image", "og:image:url", "twitter:image", "twitter:image:src"),
        "category": _meta("article:section", "content_category"),
        "tags": tags or split_keywords(_meta("content_tags")),
    }
