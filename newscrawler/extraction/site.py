"""The portal layer: reading a portal's own CSS selectors (``SiteSelectors``, given as data by
its registry entry)."""
from __future__ import annotations

from parsel import Selector

from newscrawler.text import clean_line


_HOME = frozenset({"home", "beranda", "index", "indeks"})


def first_text(sel: Selector, selectors: tuple[str, ...]) -> str | None:
    for css in selectors:
        for node in sel.css(css):
            if text := clean_line(" ".join(node.css("::text").getall())):
                return text
    return None


def all_texts(sel: Selector, selectors: tuple[str, ...]) -> list[str]:
    for css in selectors:
        texts = [t for t in (clean_line(" ".join(n.css("::text").getall())) for n in sel.css(css)) if t]
        if texts:
            return texts
    return []


def first_attr(sel: Selector, selectors: tuple[str, ...], *attrs: str) -> str | None:
    for css in selectors:
        for node in sel.css(css):
            for attr in attrs:
                value = clean_line(node.attrib.get(attr))
                if value and value != "#" and not value.startswith(("data:", "javascript:")):
                    return value
    return None


def breadcrumb(sel: Selector, selectors: tuple[str, ...]) -> list[str]:
    return [t for t in all_texts(sel, selectors) if t.lower() not in _HOME]
