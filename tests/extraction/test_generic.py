"""The generic layer's link guesses, read from small trees."""
from __future__ import annotations

import pytest
from lxml import html as lxml_html

from newscrawler.extraction.generic import read_next_href


def tree(body: str):
    return lxml_html.fromstring(f"<html><body>{body}</body></html>")


@pytest.mark.parametrize("anchor", [
    '<a href="/next">Read Next: Banjir di Bekasi</a>',
    '<a href="/next">\n   READ   NEXT »</a>',
    '<a href="/next"><span class="label">Read next</span> Banjir di Bekasi</a>',
    '<a href="/next">\n <strong>read</strong> next</a>',
])
def test_read_next_link_is_found_in_its_spellings(anchor):
    others = '<a href="/ruang">Ruang publik</a><a href="/readme">Readme</a><a>Read next (no address)</a>'
    assert read_next_href(tree(others + anchor).iter("a")) == "/next"


def test_page_without_a_read_next_link_has_none():
    assert read_next_href(tree('<a href="/r">Read the next one later</a><a href="/x"><img src="x.jpg"></a>').iter("a")) is None
