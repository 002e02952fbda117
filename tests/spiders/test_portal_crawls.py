"""End to end, every portal: the real `scrapy crawl <portal> -a base_url=…` against its fixture
copy exports exactly the articles of ``tests/fixtures/<portal>/expected_crawl.json``, once each,
each equal to the expected JSON beside its page, with the page's layout counted."""
from __future__ import annotations

import json
from collections import Counter

import jsonschema
import pytest

from fixture_site import serve_in_thread
from newscrawler.portals import PORTALS
from tests.conftest import FIXTURES, portal_site
from tests.support import crawl, read_jsonl

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module", params=sorted(PORTALS))
def portal_crawl(request, tmp_path_factory):
    name = request.param
    expected_path = FIXTURES / name / "expected_crawl.json"
    assert expected_path.is_file(), f"{name}: no {expected_path.relative_to(FIXTURES.parent.parent)}"
    expected = json.loads(expected_path.read_text(encoding="utf-8"))
    server, base_url = serve_in_thread(portal_site(name))
    out = tmp_path_factory.mktemp(name) / "out.jsonl"
    stats = out.with_suffix(".stats.json")
    try:
        result = crawl(name, "-a", f"base_url={base_url}", "-a", f"since={expected['args']['since']}",
                       "-a", f"until={expected['args']['until']}", "-O", str(out), "-s", f"STATS_FILE={stats}")
    finally:
        server.shutdown()
    assert result.returncode == 0, result.stderr[-3000:]
    return name, expected, read_jsonl(out), json.loads(stats.read_text())


def test_exports_exactly_the_expected_articles_once_each(portal_crawl):
    _, expected, items, _ = portal_crawl
    urls = [item["url"] for item in items]
    assert [u for u, n in Counter(urls).items() if n > 1] == []
    assert sorted(urls) == sorted(expected["urls"])
    assert not set(urls) & set(expected.get("not_articles", []))


def test_every_item_is_valid_and_equals_its_expected_json(portal_crawl, article_schema):
    name, _, items, _ = portal_crawl
    for item in items:
        jsonschema.validate(item, article_schema)
        page = json.loads((portal_site(name) / item["url"].split("://", 1)[1] / "expected.json").read_text(encoding="utf-8"))
        assert {f: item[f] for f in page if item[f] != page[f]} == {}, item["url"]


def test_the_layout_of_each_article_page_is_counted(portal_crawl):
    name, _, items, stats = portal_crawl
    layouts = {k.rsplit("/", 1)[1]: v for k, v in stats.items() if k.startswith("newscrawler/extraction/layout/")}
    assert set(layouts) <= {layout.name for layout in PORTALS[name].layouts} | {"none"}
    assert sum(layouts.values()) >= len(items)
