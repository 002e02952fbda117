"""The last layer: layout-free guesses that hold on most article pages of any site."""
from __future__ import annotations

import re
from typing import Iterable

from lxml import etree
from lxml.html import HtmlElement

from newscrawler.dates import parse_indonesian_date
from newscrawler.extraction.site import text_of
from newscrawler.text import admin_account, clean_line, name_like, person_names, without_suffix

# A visible date needs a year; a short text node with one is worth a full parse.
_YEAR = re.compile(r"\b(?:19|20)\d{2}\b")
# The year test comes first (a substring test in C on every text node), the ancestor walk
# only for the few texts that pass it: 1.8 ms instead of 6 ms on a 150 KB page.
_VISIBLE_TEXT = etree.XPath(
    "//body//text()[contains(., '19') or contains(., '20')]"
    "[not(ancestor::*[self::script or self::style or self::a or self::noscript])]",
    smart_strings=False,
)
_DIGIT_RUN = re.compile(r"\d+")
# Attributes first, their elements after: a test on every element's attribute costs 3-5x
# more in libxml2 than a walk of the attributes themselves (the same nodes, in document order).
_AUTHORS = etree.XPath("//@rel[. = 'author']/.. | //@itemprop[. = 'author']/..")
_ITEMPROP_NAMES = etree.XPath(".//*[@itemprop='name']")
# Class: a byline element known only by its class ("byline", "author", "authorname",
# "article__author", "metaInfoAuthorList"); comment, quote and teaser authors are other people.
_NOT_BYLINE = re.compile(r"comment|quote|teaser|related|avatar|image|img|bio|desc|social|share|card|list-item-", re.I)
_BYLINE_MAX_CHARS = 80
# Class: the writer's profile linked from the byline ("von <a href="/autoren/name/max-kolter">",
# lto.de) with no rel or class to say so; the path names the role in the site's language.
_PROFILE_PATHS = ("/author/", "/autor/", "/autoren/", "/penulis/", "/reporter/")
# Class: the writer's name as a bold paragraph of its own just before the story
# (``<p><strong>Mohloai Mpesi</strong></p>``: lestimes.com, ilanganews.co.za) when the CMS's
# author field holds the site's name or its admin account.
_BOLD_ONLY_PARAGRAPHS = etree.XPath(
    "//body//p[count(*) = 1][strong or b][not(normalize-space(text()))]", smart_strings=False
)
_STORY_PARAGRAPH_CHARS = 80
_KICKER_LINES = 3
# A name's letters and what joins them ("Adv. O'Neil-Smith"): a "?" or ":" makes a subheading.
_NAME_CHARS = re.compile(r"[^\W\d_][\w.'’\- ]*")
# Share buttons under a byline class ("author-socmed-wrapper": "Twitter Facebook").
_SOCIAL_NETWORKS = re.compile(r"\b(?:twitter|facebook|instagram|whatsapp|linkedin|telegram|youtube|tiktok)\b", re.I)


def title(root: HtmlElement, brand_suffixes: tuple[str, ...]) -> str | None:
    for heading in root.iter("h1"):
        if text := text_of(heading):
            return text
    return without_suffix(clean_line(root.findtext(".//title")), brand_suffixes)


def date_text(root: HtmlElement) -> str | None:
    """The first short visible text that parses as a date (links skipped: they are cards)."""
    for node in _VISIBLE_TEXT(root):
        text = clean_line(node)
        # A date has a day besides its year: "Grid 2019" or "© 2019 Digg" is not worth the
        # parse (dateparser's fallback costs ~0.4 ms a text and needs a day anyway).
        if (text and len(text) <= 100 and _YEAR.search(text) and len(_DIGIT_RUN.findall(text)) >= 2
                and parse_indonesian_date(text)):
            return text
    return None


def read_next_href(anchors: Iterable[HtmlElement]) -> str | None:
    """The first of the page's ``anchors`` whose text starts with "Read next". The link's own
    first text is tested before its whole text is built (most links fail on their first
    letter): libxml2's XPath, building every link's text, cost about twice as much."""
    for anchor in anchors:
        head = anchor.text
        if head is not None and not head.isspace():
            if head.lstrip()[0] not in "Rr":
                continue
            head = anchor.text_content()
        elif len(anchor):
            head = anchor.text_content()
        else:
            continue
        if " ".join(head.split()).lower().startswith("read next") and anchor.get("href") is not None:
            return anchor.get("href")
    return None


def linked_authors(root: HtmlElement) -> list[str]:
    """rel=author links and microdata authors (their itemprop=name, else their own short
    text: "srf/hosb;kesm"), the site's admin account left out."""
    names = []
    for node in _AUTHORS(root):
        if admin_account(node.get("href")):
            continue
        inner = _ITEMPROP_NAMES(node) if node.get("itemprop") else []
        for text in (map(text_of, inner) if inner else [text_of(node)]):
            if text and len(text) <= _BYLINE_MAX_CHARS:
                names.append(text)
    return names


def byline_class_author(root: HtmlElement) -> list[str]:
    """The first short element whose class says byline or author and whose text names someone."""
    for node in _byline_class_nodes(root):
        if _NOT_BYLINE.search(node.get("class") or ""):
            continue
        if any(admin_account(link.get("href")) for link in node.iter("a")):
            continue
        text = text_of(node)
        if text and len(text) <= _BYLINE_MAX_CHARS and _names_someone(text):
            return [text]
    return []


def profile_link_author(root: HtmlElement) -> list[str]:
    """The first profile link only: the article's byline comes before the cards and sidebars
    that link their own writers (dizindaba.co.za: the site's account first, a card's writer after)."""
    link = next((a for a in _body_of(root).iter("a") if (href := a.get("href")) and any(p in href for p in _PROFILE_PATHS)),
                None)
    if link is None or admin_account(link.get("href")):
        return []
    text = text_of(link)
    return [text] if text and len(text) <= _BYLINE_MAX_CHARS and _names_someone(text) else []


def bold_paragraph_byline(root: HtmlElement) -> list[str]:
    """The first bold-only paragraph among the first of its container (a kicker line or two may
    come before it) that a paragraph of the story follows, when every name in it is two to
    five words (capitals allowed: "MTHOBISI SITHOLE"); "/" separates writers. Further down,
    a bold line is a subheading."""
    for paragraph in _BOLD_ONLY_PARAGRAPHS(root):
        following = paragraph.getnext()
        if following is None or following.tag != "p" or len(text_of(following) or "") < _STORY_PARAGRAPH_CHARS:
            continue
        if sum(1 for _ in paragraph.itersiblings("p", preceding=True)) > _KICKER_LINES:
            return []
        text = text_of(paragraph) or ""
        names = [name.strip() for name in text.split("/") if name.strip()]
        if names and len(text) <= _BYLINE_MAX_CHARS and all(_NAME_CHARS.fullmatch(n) and name_like(n.title()) for n in names):
            return names
        return []
    return []


# ``descendant::a`` (a name test first) costs a third of ``//a[@rel]`` on large pages.
_REL_AUTHORS = etree.XPath("descendant::a[@rel='author']")


def byline_group(anchors: Iterable[HtmlElement], names: list[str]) -> list[str]:
    """All writers of the byline block that holds ``names``' author links, when it names more.

    Class: structured data that names only the first or the primary writer while the visible
    byline lists each writer in an element of its own (dagbladet.no: two ``a[rel=author]`` in
    ``div.bylines``, one Person in the JSON-LD). The block must be short (a byline, not a
    list of article cards), every entry must look like a name and include ``names``.
    ``anchors``: the page's links."""
    wanted = {name.casefold() for name in names}
    for anchor in anchors:
        if anchor.get("rel") != "author" or (text_of(anchor) or "").casefold() not in wanted:
            continue
        node = anchor
        for _ in range(5):
            node = node.getparent()
            if node is None:
                return []
            group = list(dict.fromkeys(t for t in map(text_of, _REL_AUTHORS(node)) if t))
            if len(group) > 1:
                short = len(text_of(node) or "") <= 40 * len(group)
                if short and all(map(name_like, group)) and wanted <= {g.casefold() for g in group}:
                    return group
                return []
        return []
    return []


def _byline_class_nodes(root: HtmlElement) -> list[HtmlElement]:
    """Elements under <body> whose class holds "byline" or "author" in any case, in document
    order. Each class read into Python and lowered: half the cost of libxml2's XPath test of
    every class attribute (0.36 against 0.73 ms a page, median of the 599 real pages, the same
    elements on all of them)."""
    return [node for node in _body_of(root).iterdescendants()
            if (names := node.get("class")) and ("byline" in (low := names.lower()) or "author" in low)]


def _body_of(root: HtmlElement) -> HtmlElement:
    """The page's <body> (what libxml2 always makes), else the root itself."""
    return next(root.iter("body"), root)


def _names_someone(byline: str) -> bool:
    if _SOCIAL_NETWORKS.search(byline):
        return False
    people = person_names([byline])
    return bool(people) and name_like(people[0])


def tags(anchors: Iterable[HtmlElement]) -> list[str]:
    """The texts of the page's rel=tag links."""
    return [tag for tag in (text_of(a) for a in anchors if a.get("rel") == "tag") if tag]


def caption_for(root: HtmlElement, image_url: str | None) -> str | None:
    """The caption of the figure that shows the header image, if the page has one."""
    if not image_url:
        return None
    for figure in root.iter("figure"):
        sources = {img.get(attr) for img in figure.iter("img") for attr in ("src", "data-src", "data-original")}
        if image_url in sources:
            captions = [text_of(c) for c in figure.iter("figcaption")]
            return next((c for c in captions if c), None)
    return None
