"""One walk of the page for the elements several layers read (meta tags, scripts, links).

A whole-tree search costs lxml about 0.1 ms on a typical article page however few elements it
finds (the XPath attribute tests cost more), and five layers searched the same tree for these
four tags; one walk that sorts them by tag costs about as much as one of those searches.
"""
from __future__ import annotations

from dataclasses import dataclass

from lxml.html import HtmlElement


@dataclass(slots=True)
class Elements:
    """The page's elements of each kind, in document order."""

    metas: list[HtmlElement]
    """<meta> and <time> (the structured-data layer reads both)."""
    scripts: list[HtmlElement]
    anchors: list[HtmlElement]


def elements_of(root: HtmlElement) -> Elements:
    metas: list[HtmlElement] = []
    scripts: list[HtmlElement] = []
    anchors: list[HtmlElement] = []
    by_tag = {"meta": metas, "time": metas, "script": scripts, "a": anchors}
    for node in root.iter("meta", "time", "script", "a"):
        by_tag[node.tag].append(node)
    return Elements(metas, scripts, anchors)
