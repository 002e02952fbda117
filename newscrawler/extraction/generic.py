"""The last layer: layout-free guesses that hold on most article pages of any site."""
from __future__ import annotations

import re

from lxml import etree
from parsel import Selector

from newscrawler.dates import parse_indonesian_date
from newscrawler.text import clean_line

# A visible date needs a year; a short text node with one is worth a full parse.
_YEAR = re.compile(r"\b(?:19|20)\d{2}\b")
_VISIBLE_TEXT = "//body//text()[not(ancestor::script or ancestor::style or ancestor::a or ancestor::noscript)]"


def title(sel: Selector, brand_suffixes: tuple[str, ...]) -> str | None:
    if heading := clean_line(" ".join(sel.css("h1 ::text").getall()[:50])):
        return heading
    text = clean_line(sel.xpath("//title/text()").get())
    for suffix in brand_suffixes:
        if text and text.endswith(suffix):
            text = text[: -len(suffix)].rstrip()
    return text


def date_text(sel: Selector) -> str | None:
    """The first short visible text that parses as a date (links skipped: they are cards)."""
    for node in sel.xpath(_VISIBLE_TEXT):
        text = clean_line(node.get())
        if text and len(text) <= 100 and _YEAR.search(text) and parse_indonesian_date(text):
            return text
    return None


_READ_NEXT_LINKS = etree.XPath("//a[@href][starts-with(normalize-space(translate(., 'READNXT', 'readnxt')), 'read next')]")


def read_next_href(root) -> str | None:
    for anchor in _READ_NEXT_LINKS(root):
        return anchor.get("href")
    return None


def authors(sel: Selector) -> list[str]:
    names = sel.css("[rel=author] ::text, [itemprop=author] [itemprop=name] ::text").getall()
    return [n for n in (clean_line(x) for x in names) if n]


def tags(sel: Selector) -> list[str]:
    return [t for t in (clean_line(x) for x in sel.css("a[rel=tag] ::text").getall()) if t]


def caption_for(sel: Selector, image_url: str | None) -> str | None:
    """The caption of the figure that shows the header image, if the page has one."""
    if not image_url:
        return None
    for figure in sel.css("figure"):
        sources = figure.css("img::attr(src), img::attr(data-src), img::attr(data-original)").getall()
        if image_url in sources:
            return clean_line(" ".join(figure.css("figcaption ::text").getall()))
    return None
