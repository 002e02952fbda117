"""Every portal against its saved pages: each page under ``tests/fixtures/<portal>/site/``
with an ``expected.json`` beside it is extracted as the spider would fetch it (the portal's
whole-article view when the copy has one, else page 1 and the pages it links) and compared
field by field. A portal without compared pages fails."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from fixture_site import resolve
from newscrawler.extraction import extract_with_report, merge_pages
from newscrawler.items import ARTICLE_FIELDS
from newscrawler.portals import PORTALS, portal_for_url
from newscrawler.urls import host_of
from tests.conftest import portal_site

MIN_PAGES = 3
CASES = [(name, path) for name in sorted(PORTALS) for path in sorted(portal_site(name).rglob("expected.json"))]


def fetch(site: Path, url: str) -> bytes | None:
    """What the fixture server answers for ``url`` (None: 404)."""
    found = resolve(site, host_of(url), url.split(host_of(url), 1)[1] or "/")
    return found.read_bytes() if found else None


def extract_as_the_spider_does(site: Path, canonical: str) -> dict:
    portal = portal_for_url(canonical)
    whole = portal.whole_article_url(canonical)
    if whole != canonical and (page := fetch(site, whole)) is not None:
        return extract_with_report(page, whole)[0]
    first, report = extract_with_report(fetch(site, canonical), canonical)
    pages = [(url, fetch(site, url)) for url in report.page_urls]
    later = [extract_with_report(page, url)[0] for url, page in pages if page is not None]
    return merge_pages(first, later)


@pytest.mark.parametrize("name", sorted(PORTALS))
def test_every_portal_has_compared_pages(name):
    assert len([c for c in CASES if c[0] == name]) >= MIN_PAGES, f"tests/fixtures/{name}/site needs {MIN_PAGES} pages with expected.json"


@pytest.mark.parametrize("name,expected_path", CASES, ids=[f"{n}:{p.parent.name[:40]}" for n, p in CASES])
def test_extraction_matches_expected_json(name, expected_path):
    expected = json.loads(expected_path.read_text(encoding="utf-8"))
    assert portal_for_url(expected["url"]) is PORTALS[name]
    got = extract_as_the_spider_does(portal_site(name), expected["url"])
    assert set(got) == set(ARTICLE_FIELDS) - {"crawled_at"}
    mismatches = {field: (got[field], value) for field, value in expected.items() if got[field] != value}
    assert mismatches == {}
