"""``extract_article(html, url)``: from one article page to the item's fields.

Each field is taken from the first layer that has it, in this documented order:

| field             | 1st                  | 2nd                         | 3rd                   | last (generic)            |
|-------------------|----------------------|-----------------------------|-----------------------|---------------------------|
| title             | JSON-LD headline     | portal title selector       | og:title              | first h1, <title>         |
| description       | JSON-LD description  | og:description / description|                       |                           |
| published_at_raw  | JSON-LD datePublished| article:published_time, <time itemprop>, <time class=published> | portal date selector | first visible date text |
| updated_at_raw    | JSON-LD dateModified | article:modified_time       | portal selector       |                           |
| author            | JSON-LD author       | portal author selector      | meta author, then Sailthru / Parse.ly / Yoast bylines | rel=author, itemprop=author, byline class, first profile link, bold name paragraph |
| category          | JSON-LD articleSection| portal breadcrumb[0]       | JSON-LD BreadcrumbList[0] | article:section       |
| subcategory       | portal breadcrumb[1] | JSON-LD BreadcrumbList[1]   |                       |                           |
| tags              | JSON-LD keywords     | article:tag                 | portal tag selector   | rel=tag                   |
| image_url         | JSON-LD image        | og:image                    | portal image selector |                           |
| image_caption     | portal caption       |                             |                       | figcaption of that image  |
| content           | portal body selector |                             |                       | densest <p> container     |
| editor            | "Editor:" line in the body | JSON-LD author (a layout's structured_author_is_editor) | portal editor selector |        |
| read_next_url     | portal selector      |                             |                       | link text "Read Next …"   |
| region            | "… | Region" after the visible date | the portal's regional host | portal rule      |

The title prefers the visible headline over og:title because portals decorate og:title for
social sharing; every other field follows structured data → meta → layout → generic.
An author layer that names only the publisher (``STERN.de``, "Krautreporter") yields to the
next layer that names a writer and is kept only when none does (``_author``). A date without
a zone on a page outside Indonesia takes the offset another date field states for the same
clock (``_stated_offset``); otherwise it is Jakarta wall time.
Dates are parsed here (``newscrawler.dates``) so that what this function returns is exactly
what the crawl exports; the pipelines only count, validate and deduplicate.
"""
from __future__ import annotations

import gc
import re
from contextlib import contextmanager
from datetime import datetime
from functools import lru_cache, partial
from dataclasses import dataclass, field
from urllib.parse import urljoin

from lxml import etree
from lxml.html import HtmlComment, HtmlElement, HtmlEntity, HtmlProcessingInstruction
from parsel.selector import create_root_node

from newscrawler.dates import parse_indonesian_date, split_region, to_iso
from newscrawler.extraction import generic
from newscrawler.extraction.elements import elements_of
from newscrawler.extraction.charset import decode_html, without_control_bytes, without_controls
from newscrawler.extraction.body import (Block, best_container, body_blocks, cut_blocks, paragraphs, split_parts,
                                         standfirst)
from newscrawler.extraction.site import all_texts, attr_of, breadcrumb, compiled, first_attr, first_text, matches
from newscrawler.extraction.structured import jsonld_article, jsonld_blocks, jsonld_breadcrumb, jsonld_fields, meta_fields
from newscrawler.extraction.walls import blocked_page_reason
from newscrawler.portals import canonical_url, portal_for_url
from newscrawler.portals.base import Portal, SiteSelectors
from newscrawler.text import (clean_line, join_paragraphs, names_site, person_names, without_brand, without_kicker,
                              without_suffix)
from newscrawler.urls import host_of

__all__ = ["extract_article", "extract_with_report", "merge_pages", "Report"]

_NO_SELECTORS = SiteSelectors()
_IMAGE_ATTRS = ("src", "data-original", "data-src")
# The generic byline finders, strongest first; each is its own layer candidate, so one that
# names only the publisher (lestimes.com's rel=author "Lesotho Times") lets the next one try.
_GENERIC_AUTHORS = (generic.linked_authors, generic.byline_class_author, generic.profile_link_author,
                    generic.bold_paragraph_byline)
_WORDS = re.compile(r"\w+")
_INDONESIAN_OFFSETS = frozenset({"+07:00", "+08:00", "+09:00"})
_ZONE_WORD = re.compile(r"\b(?:WIB|WITA|WIT)\b", re.IGNORECASE)
# Month and day names only Indonesian uses: a date line written in Indonesian.
_INDONESIAN_WORD = re.compile(
    r"\b(?:Januari|Februari|Pebruari|Maret|Mei|Juni|Juli|Agustus|Oktober|Nopember|Desember|Agt|Okt|Des|"
    r"Senin|Selasa|Rabu|Kamis|Jumat|Jum'at|Sabtu|Minggu)\b", re.IGNORECASE)
_FUNCTION_WORDS = frozenset(
    "yang dan dengan untuk dari ini itu tidak akan pada dalam adalah juga karena bisa sudah kata di ke".split()
)
# A raw date that states its zone: ISO "Z" / "+02:00" / "+0200" after the clock, or a zone name.
_ZONED = re.compile(r"(?<=\d)(?:Z|[+-]\d{2}:?\d{2})\s*$|\b(?:UTC|GMT|WIB|WITA|WIT|CET|CEST|BST)\b", re.IGNORECASE)
_HAS_ZONE = re.compile(r"\b(?:UTC|GMT|Z)\b|[+-]\d{2}:?\d{2}\s*$")
# Structured articleBody shorter than this is a teaser, not a body to check the page against.
_MIN_STRUCTURED_BODY = 200


@dataclass
class Report:
    """What extraction noticed, for the crawl stats (extraction itself never touches Scrapy)."""

    problems: list[str] = field(default_factory=list)
    """Degradations such as ``invalid_jsonld`` or ``no_body``."""
    body_layer: str | None = None
    page_urls: list[str] = field(default_factory=list)
    """Other pages of a multi-page article, as linked by the page (absolute, in page order)."""
    layout: str | None = None
    """The portal layout the page was recognised as (``inews_2024``), for the stats."""
    blocked: str | None = None
    """Why the page is not an article although it came as one (login wall, block page, ...)."""
    layers: dict[str, str] = field(default_factory=dict)
    """Field → the layer that supplied it (``jsonld``, ``microdata``, ``meta``, ``site``,
    ``generic``; ``+visible_offset`` when the visible date line corrected a structured date's
    offset), for the provenance stats; absent fields are left out."""


def _from_layers(report: Report, name: str, *candidates: tuple[str, object]):
    """The first non-empty value of (layer, value) candidates, noting its layer in the report;
    callables are only called when reached (costly layers)."""
    for layer, value in candidates:
        if callable(value):
            value = value()
        if value:
            report.layers[name] = layer
            return value
    return None


def _first(*values):
    """The first non-empty value; callables are only called when reached (costly layers)."""
    for value in values:
        if callable(value):
            value = value()
        if value:
            return value
    return None


@contextmanager
def _without_cycle_collection():
    """The cyclic garbage collector paused while a page is read.

    Extraction allocates an object or two per element and text block (element proxies, the
    blocks of the cut) and makes no reference cycles worth collecting mid-page; each
    collector pass, though, walks the whole growing heap: on a 10 MB page of 100,000
    paragraphs those passes cost a third of the extraction. Whatever cycles a page leaves are
    collected at the next pass after it. A collector already paused by the caller stays so."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


class _HtmlParser(etree.HTMLParser):
    """lxml.html's parser without its per-element Python callback: ``lxml.html.HTMLParser``
    picks each element's class (form, input, label ...) in Python, 5 % of an extraction;
    here every element is an ``HtmlElement``, chosen in C. Comments and processing
    instructions are dropped while parsing (no layer reads them; the body cut would otherwise
    strip them in a walk of its own, 3 % of an extraction). Given to parsel's
    ``create_root_node``, which keeps its handling of NUL bytes and encoding errors."""

    def __init__(self, **options):
        super().__init__(remove_comments=True, remove_pis=True, collect_ids=False, **options)
        self.set_element_class_lookup(etree.ElementDefaultClassLookup(
            element=HtmlElement, comment=HtmlComment, pi=HtmlProcessingInstruction, entity=HtmlEntity))


def extract_with_report(html: str | bytes, url: str, content_type: str | None = None) -> tuple[dict, Report]:
    """``extract_article`` plus what extraction noticed; ``content_type`` is the HTTP header,
    whose charset counts when ``html`` is bytes."""
    with _without_cycle_collection():
        return _extract(html, url, content_type)


def _extract(html: str | bytes, url: str, content_type: str | None) -> tuple[dict, Report]:
    report = Report()
    canonical = canonical_url(url)
    portal = portal_for_url(canonical)
    text, exact_utf8 = (html, False) if isinstance(html, str) else decode_html(html, content_type)
    if exact_utf8:
        root = create_root_node("", _HtmlParser, base_url=url, body=without_control_bytes(html) or b"<html></html>")
    else:
        root = create_root_node(without_controls(text) or "<html></html>", _HtmlParser, base_url=url)
    layout = portal.layout_for(lambda detect: bool(compiled(detect)(root))) if portal else None
    css = layout.selectors if layout else _NO_SELECTORS
    report.layout = layout.name if layout else None

    page = elements_of(root)
    jsonld, invalid = jsonld_blocks(page.scripts)
    node = jsonld_article(jsonld)
    if invalid:
        report.problems.append("invalid_jsonld")
    ld, meta = jsonld_fields(node), meta_fields(page.metas)
    # The portal's breadcrumb selector, else the JSON-LD BreadcrumbList (structured.py says when).
    crumbs = breadcrumb(root, css.breadcrumb)
    crumbs_layer = "site" if crumbs else "jsonld"
    crumbs = crumbs or jsonld_breadcrumb(jsonld, canonical)
    brand = portal.title_suffixes if portal else ()

    host = host_of(canonical)
    og_title = without_brand(without_suffix(meta.get("title"), brand), host)

    structured_date = ld.get("published_at_raw") or meta["published_at_raw"]
    if structured_date and not parse_indonesian_date(structured_date):
        structured_date = None
    # The generic date scan only runs when neither structured data nor the layout has a date.
    visible_date = _first(lambda: first_text(root, css.date), None if structured_date else lambda: generic.date_text(root))
    region = split_region(visible_date)[1] if visible_date and portal and portal.region_in_date_line else None
    published_raw, published_at = _dated(ld.get("published_at_raw"), meta["published_at_raw"], visible_date)
    updated_raw, updated_at = _dated(ld.get("updated_at_raw"), meta["updated_at_raw"], lambda: first_text(root, css.updated))
    if published_at:
        report.layers["published_at"] = (
            "jsonld" if published_raw == ld.get("published_at_raw") else
            "meta" if published_raw == meta["published_at_raw"] else "site" if css.date and published_raw == visible_date
            else "generic"
        )
    indonesian_page = (portal.language if portal else _language(root.get("lang"))) == "id" or _looks_indonesian(
        f"{ld.get('title') or ''} {meta['description'] or ''} {meta['title'] or ''}"
    )
    # Only pages in Indonesian pay for the visible-date scan that checks a foreign offset.
    if published_at and published_raw != visible_date and published_at[-6:] not in _INDONESIAN_OFFSETS and indonesian_page:
        corrected = _page_clock(published_at, visible_date or generic.date_text(root), indonesian_page)
        if corrected != published_at:
            if updated_at and updated_at[-6:] == published_at[-6:]:
                updated_at = _same_correction(published_at, corrected, updated_at)
            published_at = corrected
            report.layers["published_at"] += "+visible_offset"
    if not indonesian_page and (published_at or updated_at):
        stated = [raw for raw in (ld.get("published_at_raw"), ld.get("updated_at_raw"), *meta["other_dates"])
                  if raw and _ZONED.search(raw)]
        if published_at and not _ZONED.search(published_raw) and stated:
            if (offset := _stated_offset(published_at, stated)) != published_at:
                published_at = offset
                report.layers["published_at"] += "+page_offset"
        if updated_at and not _ZONED.search(updated_raw) and stated:
            updated_at = _stated_offset(updated_at, stated)
    image_url = _from_layers(report, "image_url", ("jsonld", ld.get("image_url")), ("meta", meta["image_url"]),
                             ("site", lambda: first_attr(root, css.image, *_IMAGE_ATTRS)))
    if image_url:
        image_url = _absolute(root, image_url)

    # A "Read Next" element whose href is "#" means "none": only a page without one is guessed at.
    read_next_links = matches(root, css.read_next)
    read_next = attr_of(read_next_links, "href") if read_next_links else generic.read_next_href(page.anchors)
    subcategory = crumbs[1] if len(crumbs) > 1 else None
    report.page_urls = _page_links(root, css, canonical, portal)

    title = _from_layers(report, "title", ("jsonld", ld.get("title")), ("site", lambda: first_text(root, css.title)),
                         ("meta", og_title), ("generic", lambda: without_brand(generic.title(root, brand), host)))
    if (headline := without_kicker(title, (og_title, ld.get("title")))) != title:
        title, report.layers["title"] = headline, "meta" if headline == og_title else "jsonld"
    # JSON or plain text at an article URL is parsed by lxml as one paragraph: not a body.
    is_markup = text.lstrip(" \t\r\n\ufeff")[:1] == "<"
    description = _from_layers(report, "description", ("jsonld", ld.get("description")), ("meta", meta["description"]))
    summaries = [d for d in (ld.get("description"), *meta["descriptions"]) if d]
    content, editor = _body(root, css, title, ld.get("body"), summaries, report) if is_markup else (None, None)
    if not is_markup:
        report.problems.append("no_body")
    fields = {
        "url": canonical,
        "source": host,
        "title": title,
        "description": description,
        "content": content,
        "author": _author(
            report, (ld.get("publisher"), meta["site_name"]), host,
            ("jsonld", None if css.structured_author_is_editor else ld.get("authors")),
            ("site", lambda: all_texts(root, css.authors)),
            ("meta", meta["authors"]), ("meta", meta["analytics_authors"]),
            *(("generic", partial(find, root)) for find in _GENERIC_AUTHORS),
            widen=lambda names: generic.byline_group(page.anchors, names),
        ),
        "editor": editor or (_joined(ld.get("authors")) if css.structured_author_is_editor else None)
        or _joined(all_texts(root, css.editor)),
        "published_at": published_at,
        "published_at_raw": published_raw,
        "updated_at": updated_at,
        "updated_at_raw": updated_raw,
        "category": _from_layers(report, "category", ("jsonld", ld.get("category")), (crumbs_layer, crumbs[0] if crumbs else None),
                                 ("meta", meta["category"])),
        "subcategory": subcategory,
        "tags": _hashless(_from_layers(report, "tags", ("jsonld", ld.get("tags")), ("meta", meta["tags"]),
                                       ("site", lambda: all_texts(root, css.tags)), ("generic", lambda: generic.tags(page.anchors)))),
        "image_url": image_url,
        "image_caption": _first(lambda: first_text(root, css.caption), lambda: generic.caption_for(root, image_url)),
        "read_next_url": _absolute_canonical(root, read_next),
        "region": _first(region, portal.region_for(canonical, subcategory) if portal else None),
        # A known portal's language is a fact of the registry (iNews pages say lang="en");
        # elsewhere the page's own declaration is all there is.
        "language": portal.language if portal else _language(ld.get("language"), root.get("lang")),
    }
    report.blocked = blocked_page_reason(text, fields)
    return fields, report


def extract_article(html: str | bytes, url: str) -> dict:
    """The item fields of an article page (no crawl metadata). Never raises on bad HTML:
    what cannot be found is None (or an empty list)."""
    return extract_with_report(html, url)[0]


def merge_pages(first: dict, later: list[dict]) -> dict:
    """One item from the pages of a multi-page article: page 1's fields, every page's body."""
    merged = dict(first)
    bodies = [first.get("content")] + [page.get("content") for page in later]
    merged["content"] = join_paragraphs([b for b in bodies if b])
    merged["editor"] = _first(*[page.get("editor") for page in reversed(later)], first.get("editor"))
    return merged


def _joined(names: list[str] | None) -> str | None:
    return ", ".join(person_names(names or [])) or None


def _hashless(tags: list[str] | None) -> list[str]:
    """Tags printed as hashtags ("#banjir", Suara's tag links) are the words after the "#"."""
    return [t for t in (tag.lstrip("#").strip() if tag.startswith("#") else tag for tag in tags or []) if t]


def _author(report: Report, publishers: tuple[str | None, ...], host: str, *candidates, widen=None) -> str | None:
    """The writers from the first layer that names someone other than the publisher.

    Class: CMSs that fill the author field with the site's own name when the writer is not
    set ("Krautreporter", "mdr.de", "Lesotho Times", ``author: {Organization: STERN.de}``)
    while another layer (meta author, the visible byline) names the writer. A layer that
    names only the publisher is kept as the last resort: a newsroom credit ("ORF.at",
    "kicker") is still the page's own answer when nothing names a person. ``widen`` gives
    the visible byline block's full list of writers for structured names that miss some."""
    fallback = None
    for layer, value in candidates:
        if callable(value):
            value = value()
        names = person_names(value or [])
        if not names:
            continue
        if all(_names_publisher(name, publishers, host) for name in names):
            fallback = fallback or (layer, names)
            continue
        report.layers["author"] = layer
        if widen and layer in ("jsonld", "meta") and len(wider := widen(names)) > len(names):
            names = person_names(wider)
            report.layers["author"] += "+byline"
        return ", ".join(names)
    if fallback:
        report.layers["author"] = fallback[0]
        return ", ".join(fallback[1])
    return None


def _names_publisher(name: str, publishers: tuple[str | None, ...], host: str) -> bool:
    squeezed = re.sub(r"\W+", "", name.casefold())
    return names_site(name, host) or any(
        squeezed == re.sub(r"\W+", "", publisher.casefold()) for publisher in publishers if publisher
    )


def _language(*declared: str | None) -> str | None:
    for value in declared:
        primary = (value or "").strip().split("-")[0].split("_")[0].lower()
        if len(primary) == 2 and primary.isascii() and primary.isalpha():
            return primary
    return None


def _dated(*candidates) -> tuple[str | None, str | None]:
    """(raw, ISO) from the first layer whose date parses; when none parses, the first raw
    text with a null date, so the pipeline can count and log it."""
    first_raw = None
    for candidate in candidates:
        raw = candidate() if callable(candidate) else candidate
        if not raw:
            continue
        first_raw = first_raw or raw
        if parsed := parse_indonesian_date(raw):
            return raw, to_iso(parsed)
    return first_raw, None


def _looks_indonesian(text: str) -> bool:
    """At least three distinct Indonesian function words: enough to tell the language of a
    headline plus description (pages such as merdeka's declare lang="en")."""
    return len(_FUNCTION_WORDS.intersection(text.lower().split())) >= 3


def _page_clock(iso: str, visible: str | None, indonesian_page: bool) -> str:
    """A structured date in UTC or a foreign offset checked against the page's visible date
    line: the same instant is given in the page's own offset; the same wall-clock time under
    another offset is a false offset (merdeka's ``-07:00``, a ``Z`` put on WIB time), and
    the visible line's offset wins (``published_at_raw`` stays the structured string). The
    line counts as Indonesian time when it names WIB / WITA / WIT, or carries no zone on an
    Indonesian page."""
    seen = parse_indonesian_date(visible) if visible else None
    indonesian_line = _ZONE_WORD.search(visible or "") or (
        (indonesian_page or _INDONESIAN_WORD.search(visible or "")) and not _HAS_ZONE.search(visible or "")
    )
    if seen is None or not indonesian_line:
        return iso
    structured = datetime.fromisoformat(iso)
    # A line without seconds matches to the minute (kompas: "…T16:37:58+00:00" in the meta,
    # "23:37 WIB" on the page); the structured value keeps its seconds.
    if (structured.replace(second=0, microsecond=0) if seen.second == 0 else structured) == seen:
        return to_iso(structured.astimezone(seen.tzinfo))
    wall = structured.replace(tzinfo=None)
    if seen.second == 0:  # a line without seconds matches to the minute
        wall = wall.replace(second=0)
    if wall == seen.replace(tzinfo=None, microsecond=0):
        return to_iso(structured.replace(tzinfo=seen.tzinfo))
    return iso


def _same_correction(published: str, corrected: str, updated: str) -> str:
    """The modification date, in the same offset as the publication date, corrected the way
    ``_page_clock`` corrected that one: a UTC instant is given in the page's offset
    (kumparan's JSON-LD ``…T05:40:00.000Z`` is 12:40 WIB), a false offset is replaced with the
    page's (merdeka's ``-07:00`` on WIB time keeps its wall clock)."""
    corrected_at, updated_at = datetime.fromisoformat(corrected), datetime.fromisoformat(updated)
    if corrected_at == datetime.fromisoformat(published):
        return to_iso(updated_at.astimezone(corrected_at.tzinfo))
    return to_iso(updated_at.replace(tzinfo=corrected_at.tzinfo))


def _stated_offset(iso: str, stated: list[str]) -> str:
    """A date read without a zone (so taken as Jakarta wall time) given the offset of another
    date field of the page that shows the same wall clock.

    Class: pages outside Indonesia whose main date field is naive while another states the
    offset: ntv.de's JSON-LD ``"2023-04-28 18:11:01.0"`` beside ``<meta name="date"
    content="2023-04-28T18:11:01+02:00">``, a visible "20:44 Uhr" beside an ISO meta. Without
    such a field the naive clock stays +07:00: guessing a country's zone from the language
    would be wrong across borders (German is written in three zones' worth of countries, and
    an agency page may be datelined anywhere)."""
    wall = datetime.fromisoformat(iso).replace(tzinfo=None)
    for raw in stated:
        other = parse_indonesian_date(raw)
        if other is None:
            continue
        clock = other.replace(tzinfo=None, microsecond=0)
        if wall.second == 0 or clock.second == 0:  # a clock without seconds matches to the minute
            clock, mine = clock.replace(second=0), wall.replace(second=0, microsecond=0)
        else:
            mine = wall.replace(microsecond=0)
        if clock == mine:
            return to_iso(datetime.fromisoformat(iso).replace(tzinfo=other.tzinfo))
    return iso


def _absolute(root: HtmlElement, href: str) -> str | None:
    """``href`` resolved against the page; None for one no URL parser can read."""
    try:
        return urljoin(root.base_url or "", href)
    except ValueError:
        return None


def _absolute_canonical(root: HtmlElement, href: str | None) -> str | None:
    if not href or href.startswith("#"):
        return None
    absolute = _absolute(root, href)
    return canonical_url(absolute) if absolute else None


def _body(root: HtmlElement, css: SiteSelectors, title: str | None, structured: str | None, summaries: list[str],
          report: Report) -> tuple[str | None, str | None]:
    """Paragraphs from the portal's container, else the microdata articleBody, else the
    generic best container; a structured articleBody replaces a page body that misses most
    of it (a layout the block cut cannot read), and stands in when the page has none."""
    kept, editor, layer = [], None, None
    containers = _outermost(matches(root, css.body))
    if containers:
        # The portal names its container(s): only those parts of the page are cut into blocks.
        blocks = _each_text_once(body_blocks(cut_blocks(c, css.remove), c) for c in containers)
        kept, editor = paragraphs(blocks, title)
        if kept:
            layer = "site"
    if not kept:
        cut = cut_blocks(root, css.remove)
        generic_container = best_container(cut)
        generic, generic_editor = paragraphs(
            [b for part in split_parts(cut, generic_container) for b in body_blocks(cut, part)], title
        ) if generic_container is not None else ([], None)
        article_bodies = _outermost(cut.article_bodies)
        microdata = _each_text_once(body_blocks(cut, container) for container in article_bodies)
        kept, editor = paragraphs(microdata, title) if microdata else ([], None)
        start = None
        if kept and _chars(kept) >= 0.5 * _chars(generic):
            layer, start = "microdata", article_bodies[0]
        elif generic:
            kept, editor, layer, start = generic, generic_editor, "generic", generic_container
        lead = standfirst(cut, start, summaries) if start is not None else None
        # A teaser in the header that only repeats the start of the first paragraph is no lead.
        if lead is not None and lead.text not in kept and not any(
                p.startswith(lead.text.rstrip(".… ")) for p in kept[:2]):
            kept.insert(0, lead.text)
    if structured and len(structured) >= _MIN_STRUCTURED_BODY and _coverage(structured, kept) < 0.6:
        kept = [line for line in map(clean_line, structured.splitlines()) if line]
        layer = "jsonld"
    if css.drop:
        dropped = _portal_drop(css.drop).match
        kept = [p for p in kept if not dropped(p)]
    if not kept:
        report.problems.append("no_body")
        return None, None
    report.body_layer = report.layers["content"] = layer
    return join_paragraphs(kept), editor


def _each_text_once(parts) -> list[Block]:
    """The blocks of each container, a container whose blocks repeat an earlier one's left out:
    Business Insider marks two copies of its body ``itemprop="articleBody"`` (the paragraphs
    came out twice), and a portal's selector can match a copy as well."""
    blocks, seen = [], set()
    for part in parts:
        texts = tuple(block.text for block in part)
        if texts not in seen:
            seen.add(texts)
            blocks += part
    return blocks


def _outermost(elements: list[HtmlElement]) -> list[HtmlElement]:
    """Matched containers without those nested in another match (each text read once)."""
    chosen = set(elements)
    return [e for e in elements if not any(a in chosen for a in e.iterancestors())]


@lru_cache(maxsize=None)
def _portal_drop(patterns: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE)


def _chars(texts: list[str]) -> int:
    return sum(map(len, texts))


def _coverage(reference: str, texts: list[str]) -> float:
    """Share of the reference's words that the paragraphs hold."""
    wanted = set(_WORDS.findall(reference.lower()))
    if not wanted:
        return 1.0
    found = set(_WORDS.findall(" ".join(texts).lower()))
    return len(wanted & found) / len(wanted)


def _page_links(root: HtmlElement, css: SiteSelectors, canonical: str, portal: Portal | None) -> list[str]:
    """Pages 2..N of this article, in page order; links to other articles, to page 1 and to
    the whole-article view are left out."""
    pages: dict[int, str] = {}
    for anchor in matches(root, css.pages):
        href = anchor.get("href")
        if href and not href.startswith("#"):
            absolute = _absolute(root, href)
            number = absolute and portal and portal.page_number(absolute)
            if number and number > 1 and canonical_url(absolute) == canonical:
                pages.setdefault(number, absolute)
    return [pages[n] for n in sorted(pages)]
