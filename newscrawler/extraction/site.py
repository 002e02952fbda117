"""The portal layer: reading a portal's own CSS selectors (``SiteSelectors``, given as data by
its registry entry). Selectors are compiled to XPath once and run on the lxml tree directly:
parsel would recompile and wrap every result, which costs more than the parse on a 70 KB page."""
from __future__ import annotations

from functools import lru_cache

from cssselect import HTMLTranslator
from lxml import etree
from lxml.html import HtmlElement

from newscrawler.text import clean_line

_HOME = frozenset({"home", "beranda", "index", "indeks"})


@lru_cache(maxsize=None)
def compiled(css: str) -> etree.XPath:
    return etree.XPath(HTMLTranslator().css_to_xpath(css, prefix="descendant-or-self::"))


def matches(root: HtmlElement, selectors: tuple[str, ...]) -> list[HtmlElement]:
    """Elements of the first selector that matches anything."""
    for css in selectors:
        if found := compiled(css)(root):
            return found
    return []


def text_of(node: HtmlElement) -> str | None:
    """Visible text of an element: inline tags join without a gap ("<em>extra flight</em>,"),
    a <br> counts as a space."""
    for br in node.iter("br"):
        br.tail = " " + (br.tail or "")
    return clean_line("".join(node.itertext()))


def first_text(root: HtmlElement, selectors: tuple[str, ...]) -> str | None:
    for css in selectors:
        for node in compiled(css)(root):
            if text := text_of(node):
                return text
    return None


def all_texts(root: HtmlElement, selectors: tuple[str, ...]) -> list[str]:
    """Texts of the first selector that matches; a ``<meta>`` element stands for its
    comma-separated ``content`` (liputan6 has its tags only in ``meta[name=keywords]``)."""
    for css in selectors:
        texts = []
        for node in compiled(css)(root):
            if node.tag == "meta":
                texts.extend(t for t in map(clean_line, (node.get("content") or "").split(",")) if t)
            elif text := text_of(node):
                texts.append(text)
        if texts:
            return texts
    return []


def first_attr(root: HtmlElement, selectors: tuple[str, ...], *attrs: str) -> str | None:
    for css in selectors:
        if value := attr_of(compiled(css)(root), *attrs):
            return value
    return None


def attr_of(nodes: list[HtmlElement], *attrs: str) -> str | None:
    """The first usable value of ``attrs`` on ``nodes``: not "#", not a data: or javascript: URL."""
    for node in nodes:
        for attr in attrs:
            value = clean_line(node.get(attr))
            if value and value != "#" and not value.startswith(("data:", "javascript:")):
                return value
    return None


def breadcrumb(root: HtmlElement, selectors: tuple[str, ...]) -> list[str]:
    return [t for t in all_texts(root, selectors) if t.lower() not in _HOME]
