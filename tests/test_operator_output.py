"""What an operator reads: the log of a crawl of the fixture site (404s of optional listings
at INFO with one summary line, real URLs rather than the base_url mirror, no Scrapy warning
about copied meta keys, a summary still shown at ``-L WARNING``), the ``channel`` field, the
HTTP cache in base_url mode, and ``NEWSCRAWLER_HOME``."""
from __future__ import annotations

import json
import re
import subprocess
import threading
from pathlib import Path
from urllib.parse import urlsplit

import jsonschema
import pytest

from fixture_site import serve_in_thread
from newscrawler.portals import PORTALS
from tests.conftest import INEWS_SITE
from tests.support import crawl, crawl_command, project_env, read_jsonl

pytestmark = pytest.mark.e2e
LEVELS = re.compile(r"^\S+ \S+ \[[^\]]+\] (DEBUG|INFO|WARNING|ERROR|CRITICAL): ", re.M)


def window(expected_crawl) -> list[str]:
    args = expected_crawl["args"]
    return ["-a", f"since={args['since']}", "-a", f"until={args['until']}"]


def lines_at(stderr: str, *levels: str) -> list[str]:
    return [line for line in stderr.splitlines() if (m := LEVELS.match(line)) and m[1] in levels]


@pytest.fixture(scope="module")
def info_crawl(inews_server, expected_crawl, tmp_path_factory):
    folder = tmp_path_factory.mktemp("info")
    result = crawl("inews", "-a", f"base_url={inews_server}", *window(expected_crawl), "-O", str(folder / "out.jsonl"),
                   "-s", f"STATS_FILE={folder / 'stats.json'}")
    assert result.returncode == 0, result.stderr[-3000:]
    return result, read_jsonl(folder / "out.jsonl"), json.loads((folder / "stats.json").read_text()), inews_server


# -- the log --------------------------------------------------------------------------------


def test_missing_optional_listings_are_info_lines_with_one_summary_line(info_crawl):
    result, _, stats, _ = info_crawl
    missing = stats["newscrawler/failed/listing/http_404"]
    assert missing > 0  # the copy has no per-day index of several channels, no home for most regions
    assert not [line for line in lines_at(result.stderr, "WARNING", "ERROR") if "http_404" in line]
    info = [line for line in lines_at(result.stderr, "INFO") if "failed/listing/http_404: " in line]
    assert len(info) == missing
    assert all(line.split("failed/listing/http_404: ", 1)[1].startswith("https://") for line in info)
    assert "https://aceh.inews.id/" in {line.split(": ")[-1] for line in info}  # a regional home, by its name
    summary = [line for line in result.stderr.splitlines() if "listing pages do not exist" in line]
    assert len(summary) == 1 and f"summary: {missing} listing pages do not exist (http_404 {missing})" in summary[0]


def test_no_log_line_names_the_local_mirror_instead_of_the_real_url(info_crawl):
    result, _, _, base_url = info_crawl
    local = urlsplit(base_url).netloc
    assert [line for line in lines_at(result.stderr, "INFO", "WARNING", "ERROR") if local in line] == []


def test_requests_the_spider_yields_carry_no_meta_copied_from_a_download(info_crawl):
    """Articles without an "/all" view are fetched again from their own URL with the spider's
    meta: what Scrapy set for the first download must not come along."""
    result, _, stats, _ = info_crawl
    assert stats["newscrawler/articles/no_whole_view"] >= 1
    assert "internal meta keys" not in result.stderr
    assert not [line for line in lines_at(result.stderr, "WARNING") if "[scrapy.spidermiddlewares.metacopy]" in line]


def test_the_end_of_crawl_summary_is_shown_at_log_level_warning(inews_server, expected_crawl, tmp_path):
    result = crawl("inews", "-a", f"base_url={inews_server}", *window(expected_crawl), "-L", "WARNING",
                   "-O", str(tmp_path / "out.jsonl"))
    assert result.returncode == 0, result.stderr[-3000:]
    [summary] = [line for line in result.stderr.splitlines() if "summary: inews finished" in line]
    assert f" WARNING: summary: inews finished (finished): {len(expected_crawl['urls'])} articles exported" in summary
    assert lines_at(result.stderr, "INFO") == []


# -- the channel field ----------------------------------------------------------------------


def expected_channel(url: str) -> str:
    parts = urlsplit(url)
    return parts.path.split("/")[1] if parts.hostname == "www.inews.id" else "regional"


def test_every_article_has_its_channel_by_the_names_the_argument_accepts(info_crawl, article_schema, expected_crawl):
    _, items, _, _ = info_crawl
    assert len(items) == len(expected_crawl["urls"])
    for item in items:
        jsonschema.validate(item, article_schema)
        assert item["channel"] == expected_channel(item["url"]), item["url"]
        assert item["channel"] in PORTALS["inews"].channels
    # The copy's /regional/<province>/ story on www and its regional hosts are both "regional".
    assert {item["source"] for item in items if item["channel"] == "regional"} >= {"www.inews.id", "bali.inews.id"}


def test_channels_limits_the_entry_points_not_the_export(inews_server, expected_crawl, tmp_path):
    """What the README says: ``-a channels=finance`` reads finance's listings (and the home
    page, /index and the feed), so articles of other channels linked there are exported too;
    ``channel`` tells them apart."""
    result = crawl("inews", "-a", f"base_url={inews_server}", *window(expected_crawl), "-a", "channels=finance",
                   "-O", str(tmp_path / "out.jsonl"))
    assert result.returncode == 0, result.stderr[-3000:]
    channels = {item["channel"] for item in read_jsonl(tmp_path / "out.jsonl")}
    assert "finance" in channels and len(channels) > 1


def test_the_schema_takes_every_channel_of_every_portal_and_nothing_else(article_schema):
    channel = article_schema["properties"]["channel"]
    for name in {channel for portal in PORTALS.values() for channel in portal.channels} | {None}:
        jsonschema.validate(name, channel)
    for wrong in ("", "Finance", "news/nasional", 3):
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate(wrong, channel)


# -- the HTTP cache in base_url mode --------------------------------------------------------


def test_the_http_cache_keys_pages_by_their_real_url(expected_crawl, tmp_path):
    """All hosts share the local server's "/", so a cache keyed by the local URL answered every
    regional home page with the www one (28 listing pages became 47)."""
    requests: list[str] = []
    lock = threading.Lock()

    def log(host, path):
        with lock:
            requests.append(f"{host}{path}")

    server, base_url = serve_in_thread(INEWS_SITE, on_request=log)
    runs = []
    try:
        for n in (1, 2):
            folder = tmp_path / f"run{n}"
            result = crawl("inews", "-a", f"base_url={base_url}", *window(expected_crawl), "-s", "HTTPCACHE_ENABLED=True",
                           "-s", f"HTTPCACHE_DIR={tmp_path / 'cache'}", "-O", str(folder / "out.jsonl"),
                           "-s", f"STATS_FILE={folder / 'stats.json'}")
            assert result.returncode == 0, result.stderr[-3000:]
            runs.append((read_jsonl(folder / "out.jsonl"), json.loads((folder / "stats.json").read_text()), len(requests)))
    finally:
        server.shutdown()
    (first, first_stats, after_first), (second, second_stats, after_second) = runs
    assert sorted(item["url"] for item in first) == sorted(expected_crawl["urls"])
    # 28 HTML listings and feeds, and 3 sitemaps (the index and the 2 children in the window).
    assert first_stats["newscrawler/listings/pages"] == 31
    # 36 listings and the 7 per-kanal feeds the copy does not have.
    assert first_stats["newscrawler/failed/listing/http_404"] == 43
    # The second run is answered from the cache alone, with the same pages and articles.
    assert after_second == after_first
    assert second_stats.get("httpcache/miss", 0) == 0
    assert second_stats["httpcache/hit"] == second_stats["response_received_count"]
    strip = lambda items: sorted((i["url"], i["title"], i["content"]) for i in items)  # noqa: E731
    assert strip(second) == strip(first)
    assert second_stats["newscrawler/listings/pages"] == 31


# -- NEWSCRAWLER_HOME -------------------------------------------------------------------------


def test_newscrawler_home_holds_feeds_and_state_whatever_the_current_directory(inews_server, expected_crawl, tmp_path):
    elsewhere, other = tmp_path / "elsewhere", tmp_path / "other"
    elsewhere.mkdir()
    other.mkdir()
    command = [*crawl_command("inews", *window(expected_crawl)), "-a", f"base_url={inews_server}"]
    # A relative home is resolved against the directory the crawl starts in.
    first = subprocess.run(command, cwd=elsewhere, env={**project_env(), "NEWSCRAWLER_HOME": "data/news"},
                           capture_output=True, text=True, timeout=300)
    assert first.returncode == 0, first.stderr[-3000:]
    home = elsewhere / "data" / "news"
    assert [p.name for p in elsewhere.iterdir()] == ["data"]
    [feed] = (home / "output" / "inews").glob("*.jsonl")
    assert len(read_jsonl(feed)) == len(expected_crawl["urls"])
    assert (home / "output" / ".state" / "inews.sqlite3").is_file()
    # From another directory, the same home: the same state (nothing new), nothing written here.
    second = subprocess.run(command, cwd=other, env={**project_env(), "NEWSCRAWLER_HOME": str(home)},
                            capture_output=True, text=True, timeout=300)
    assert second.returncode == 0, second.stderr[-3000:]
    assert list(other.iterdir()) == []
    assert "summary: inews finished (finished): 0 articles exported" in second.stderr
    assert len(list((home / "output" / "inews").glob("*.jsonl"))) == 2
