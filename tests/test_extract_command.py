"""`python -m newscrawler.extract FILE URL`: the item on stdout, layout and layers on stderr."""
from __future__ import annotations

import json
import subprocess
import sys

from tests.conftest import INEWS_SITE, ROOT

PAGE = INEWS_SITE / "www.inews.id/news/nasional/arus-penumpang-kereta-api-jarak-jauh-naik-15-persen-pada-akhir-pekan"


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "newscrawler.extract", *args], cwd=ROOT, capture_output=True, text=True)


def test_prints_the_item_its_layout_and_the_layer_of_each_field():
    result = run(str(PAGE / "all" / "index.html"), "https://www.inews.id/news/nasional/"
                 "arus-penumpang-kereta-api-jarak-jauh-naik-15-persen-pada-akhir-pekan/all")
    assert result.returncode == 0, result.stderr
    expected = json.loads((PAGE / "expected.json").read_text(encoding="utf-8"))
    item = json.loads(result.stdout)
    assert {k: item[k] for k in expected} == expected
    lines = result.stderr.splitlines()
    assert "layout: inews_2024" in lines
    assert "layer content: site" in lines and "layer title: site" in lines


def test_a_page_of_no_portal_says_so_and_an_unreadable_file_exits_2(tmp_path):
    page = tmp_path / "page.html"
    page.write_text("<html><head><title>Hello</title></head><body><p>Short.</p></body></html>")
    result = run(str(page), "https://example.org/a")
    assert "layout: none (shared layers only)" in result.stderr.splitlines()
    missing = run(str(tmp_path / "missing.html"), "https://example.org/a")
    assert missing.returncode == 2 and "cannot read" in missing.stderr
