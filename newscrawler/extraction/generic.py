"""The last layer: layout-free guesses that hold on most article pages of any site."""
from __future__ import annotations

import re

from lxml import etree
from lxml.html import HtmlElement

from newscrawler.dates import parse_indonesian_date
from newscrawler.extraction.site import text_of
from newscrawler.text import clean_line, without_suffix

# A visible date needs a year; a short text node with one is worth a full parse.
_YEAR = re.compile(r"\b(?:19|20)\d{2}\b")
_VISIBLE_TEXT = etree.XPath(
    "//body//text()[not(ancestor::script or ancestor::style or ancestor::a or ancestor::noscript)]"
)
_READ_NEXT_LINKS = etree.XPath(
    "//a[@href][starts-with(normalize-space(translate(., 'READNXT', 'readnxt')), 'read next')]"
)
_AUTHORS = etree.XPath("//*[@rel='author'] | //*[@itemprop='author']//*[@itemprop='name']")
_TAGS = etree.XPath("//a[@rel='tag']")


def title(root: HtmlElement, brand_suffixes: tuple[str, ...]) -> str | None:
    for heading in root.iter("h1"):
        if text := text_of(heading):
            return text
    return without_suffix(clean_line(root.findtext(".//title")), brand_suffixes)


def date_text(root: HtmlElement) -> str | None:
    """The first short visible text that parses as a date (links skipped: they are cards)."""
    for node in _VISIBLE_TEXT(root):
        text = clean_line(str(node))
        if text and len(text) <= 100 and _YEAR.search(text) and parse_indonesian_date(text):
            return text
    return None


def read_next_href(root: HtmlElement) -> str | None:
    for anchor in _READ_NEXT_LINKS(root):
        return anchor.get("href")
    return None


def authors(root: HtmlElement) -> list[str]:
    return [name for name in map(text_of, _AUTHORS(root)) if name]


def tags(root: HtmlElement) -> list[str]:
    return [tag for tag in map(text_of, _TAGS(root)) if tag]


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
