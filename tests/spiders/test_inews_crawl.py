"""End to end: the real `scrapy crawl inews` against the fixture copy of the site."""
from __future__ import annotations

import json
from collections import Counter

import jsonschema
import pytest

from fixture_site import serve_in_thread
from newscrawler.extraction.workers import default_processes
from tests.conftest import INEWS_SITE
from tests.support import crawl, read_jsonl

pytestmark = pytest.mark.e2e


def expected_item(url: str) -> dict:
    path = url.split("://", 1)[1]
    return json.loads((INEWS_SITE / path / "expected.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def requested():
    """Every URL the full crawl asked the fixture server for."""
    return []


@pytest.fixture(scope="module")
def full_crawl(tmp_path_factory, expected_crawl, requested):
    out = tmp_path_factory.mktemp("crawl") / "out.jsonl"
    stats = out.with_suffix(".stats.json")
    args = expected_crawl["args"]
    server, base_url = serve_in_thread(INEWS_SITE, on_request=lambda host, path: requested.append(f"https://{host}{path}"))
    try:
        result = crawl(
            "inews", "-a", f"base_url={base_url}", "-a", f"since={args['since']}", "-a", f"until={args['until']}",
            "-O", str(out), "-s", f"STATS_FILE={stats}",
        )
    finally:
        server.shutdown()
    assert result.returncode == 0, result.stderr[-3000:]
    return read_jsonl(out), json.loads(stats.read_text()), result.stderr


def test_exports_exactly_the_expected_articles_once_each(full_crawl, expected_crawl):
    items, _, _ = full_crawl
    urls = [item["url"] for item in items]
    duplicates = [u for u, n in Counter(urls).items() if n > 1]
    assert duplicates == []
    assert sorted(urls) == sorted(expected_crawl["urls"])
    assert not set(urls) & set(expected_crawl["not_articles"])


def test_an_article_only_the_sitemap_index_leads_to_is_exported(full_crawl, expected_crawl, requested):
    """/sitemap.xml is an index: its children in the window are read, the archive child last
    changed before it is not, and the article no page links is found through a child."""
    items, stats, _ = full_crawl
    assert expected_crawl["sitemap_only"]
    assert set(expected_crawl["sitemap_only"]) <= {item["url"] for item in items}
    sitemaps = sorted(url for url in requested if "/sitemap" in url)
    assert sitemaps == ["https://www.inews.id/sitemap.xml", "https://www.inews.id/sitemap/finance.xml",
                        "https://www.inews.id/sitemap/news.xml"]
    assert stats["newscrawler/discovery/sitemaps"] == 3
    assert stats["newscrawler/discovery/sitemaps_outside_window"] == 1


def test_a_sitemap_entry_dated_outside_the_window_is_not_downloaded(full_crawl, expected_crawl, requested):
    items, stats, _ = full_crawl
    outside = expected_crawl["outside_window"]
    assert outside and not set(outside) & {item["url"] for item in items}
    assert [url for url in requested if any(url.startswith(u) for u in outside)] == []
    assert all((INEWS_SITE / u.split("://", 1)[1] / "index.html").is_file() for u in outside)  # it could have been
    # That one and the feed's item of 26 November (an article the home page links).
    assert stats["newscrawler/discovery/outside_window"] == 2


def test_every_line_is_valid_against_the_schema(full_crawl, article_schema):
    for item in full_crawl[0]:
        jsonschema.validate(item, article_schema)


def test_every_exported_item_equals_its_expected_json(full_crawl):
    for item in full_crawl[0]:
        expected = expected_item(item["url"])
        for field, value in expected.items():
            assert item[field] == value, f"{item['url']} {field}"


def test_stays_on_the_portal_and_reports_what_it_did(full_crawl):
    items, stats, stderr = full_crawl
    assert all(item["source"].endswith(".inews.id") for item in items)
    assert "okezone" not in stderr
    assert stats["item_scraped_count"] == len(items)
    assert stats.get("log_count/ERROR", 0) == 0
    assert "summary: inews finished" in stderr


def test_fill_rates_are_reported_and_no_alarm_fires_on_the_normal_site(full_crawl):
    items, stats, stderr = full_crawl
    assert stats["newscrawler/fill_rate/title"] == 1.0
    assert stats["newscrawler/fill_rate/published_at"] == 1.0
    assert 0 < stats["newscrawler/fill_rate/region"] < 1
    assert not any(key.startswith("newscrawler/quality/") for key in stats)
    assert f"fill rates over {len(items)} articles" in stderr


def test_the_layer_of_each_field_is_counted(full_crawl):
    items, stats, _ = full_crawl
    content_layers = {key.rsplit("/", 1)[1]: value for key, value in stats.items()
                      if key.startswith("newscrawler/extraction/layer/content/")}
    # Every extracted page (article pages, and the pages of split articles) has a body layer;
    # the fixture pages match the iNews selectors, bar the two in an unknown layout.
    assert sum(content_layers.values()) >= len(items)
    assert content_layers["site"] > content_layers.get("generic", 0) > 0
    assert stats["newscrawler/extraction/layer/title/jsonld"] > 0
    assert stats["newscrawler/extraction/layer/published_at/jsonld"] > 0


def crawl_fixture(folder, base_url, expected_crawl, *extra: str) -> list[dict]:
    """The e2e crawl of the fixture window with extra arguments; its exported items."""
    out = folder / "out.jsonl"
    args = expected_crawl["args"]
    result = crawl(
        "inews", "-a", f"base_url={base_url}", "-a", f"since={args['since']}", "-a", f"until={args['until']}",
        *extra, "-O", str(out),
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return read_jsonl(out)


def test_read_next_depth_zero_stops_at_listing_articles(tmp_path, inews_server, expected_crawl):
    urls = {item["url"] for item in crawl_fixture(tmp_path, inews_server, expected_crawl, "-a", "read_next_depth=0")}
    assert urls < set(expected_crawl["urls"])
    assert not urls & set(expected_crawl["read_next_only"])


def test_max_articles_caps_the_export(tmp_path, inews_server, expected_crawl):
    assert len(crawl_fixture(tmp_path, inews_server, expected_crawl, "-a", "max_articles=3")) == 3


@pytest.mark.parametrize("argument", ["since=2026-13-40", "channels=gossip", "max_articles=-1", "base_url=localhost"])
def test_a_bad_argument_stops_the_crawl_at_start_with_one_clear_line(argument):
    result = crawl("inews", "-a", argument, timeout=60)
    assert result.returncode != 0
    name = argument.split("=")[0]
    assert f"bad argument {name}=" in result.stderr
    assert "Spider opened" not in result.stderr


@pytest.mark.parametrize("option, value, message", [
    ("-a", "Since=2026-11-01", "bad argument Since='2026-11-01': expected one of the arguments since, until,"),
    ("-s", 'FILL_RATE_THRESHOLDS={"titel": 1.0}', "unknown field 'titel'; known fields: url, source, title,"),
    ("-s", 'FILL_RATE_THRESHOLDS={"title": 95}', "title=95; expected a share from 0 to 1"),
])
def test_an_unknown_argument_or_threshold_field_stops_the_crawl_at_start(option, value, message):
    result = crawl("inews", option, value, timeout=60)
    assert result.returncode == 2, result.stderr[-3000:]
    assert message in result.stderr
    assert "Spider opened" not in result.stderr


def test_extraction_in_the_crawl_process_exports_the_same_items(full_crawl, tmp_path, inews_server, expected_crawl):
    """EXTRACTION_PROCESSES=0 (one core, or workers given up): the same lines, no worker."""
    out, stats_path = tmp_path / "out.jsonl", tmp_path / "stats.json"
    args = expected_crawl["args"]
    result = crawl(
        "inews", "-a", f"base_url={inews_server}", "-a", f"since={args['since']}", "-a", f"until={args['until']}",
        "-O", str(out), "-s", f"STATS_FILE={stats_path}", "-s", "EXTRACTION_PROCESSES=0",
    )
    assert result.returncode == 0, result.stderr[-3000:]
    in_process = {item["url"]: {**item, "crawled_at": None} for item in read_jsonl(out)}
    in_workers = {item["url"]: {**item, "crawled_at": None} for item in full_crawl[0]}
    assert in_process == in_workers
    stats = json.loads(stats_path.read_text())
    assert stats["newscrawler/extraction/processes"] == 0 and "newscrawler/extraction/workers_cpu_s" not in stats
    assert full_crawl[1]["newscrawler/extraction/processes"] >= (1 if default_processes() else 0)
