"""The block cut read directly, for what the page-level tests cannot reach."""
from __future__ import annotations

import pytest
from lxml import html as lxml_html

from newscrawler.extraction.body import body_blocks, cut_blocks

LINES = ["Hujan deras sejak sore membuat sungai meluap ke permukiman warga.",
         "Petugas mengevakuasi dua ratus keluarga ke balai desa.",
         "Air mulai surut menjelang pagi."]


@pytest.mark.parametrize("tag", ["div", "span", "story-body"])
def test_a_container_cut_on_its_own_gives_every_block_whatever_its_tag(tag):
    # A portal's body selector may name a <span> or a custom element, which gets no span in the walk.
    page = lxml_html.fromstring(f"<html><body><{tag} class='isi'>{''.join(f'<p>{t}</p>' for t in LINES)}</{tag}></body></html>")
    container = page.find(f".//{tag}")
    assert [block.text for block in body_blocks(cut_blocks(container), container)] == LINES
