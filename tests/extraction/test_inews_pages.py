"""Every fixture article page, extracted without Scrapy, equals its expected JSON field by field."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from newscrawler.extraction import extract_article, merge_pages
from newscrawler.items import ARTICLE_FIELDS
from tests.conftest import INEWS_SITE, fixture_url

EXPECTED = sorted(INEWS_SITE.rglob("expected.json"))


def extract_folder(folder: Path) -> dict:
    """What the spider does: the "/all" view when there is one, else pages 1..N joined."""
    whole = folder / "all" / "index.html"
    if whole.exists():
        return extract_article(whole.read_bytes(), fixture_url(folder) + "/all")
    first = extract_article((folder / "index.html").read_bytes(), fixture_url(folder))
    later = sorted((p for p in folder.iterdir() if p.is_dir() and p.name.isdigit()), key=lambda p: int(p.name))
    return merge_pages(first, [extract_article((p / "index.html").read_bytes(), fixture_url(p)) for p in later])


def test_there_are_at_least_25_fixture_articles():
    assert len(EXPECTED) >= 25


@pytest.mark.parametrize("expected_path", EXPECTED, ids=lambda p: p.parent.relative_to(INEWS_SITE).as_posix())
def test_extraction_matches_expected_json(expected_path):
    expected = json.loads(expected_path.read_text(encoding="utf-8"))
    got = extract_folder(expected_path.parent)
    assert set(got) == set(ARTICLE_FIELDS) - {"crawled_at"}
    mismatches = {field: (got[field], value) for field, value in expected.items() if got[field] != value}
    assert mismatches == {}
