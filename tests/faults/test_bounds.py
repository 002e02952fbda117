"""The real ``scrapy crawl inews`` against a site built to exhaust it (``tests/faults/hostile.py``):
an endless header section, thousands of headers, an index that always lists something new, a
redirect to another port of the local server, a feed that needs entity expansion. Each is
stopped by a documented limit, counted by name in the stats, and the crawl ends normally.

One crawl for the module; its peak resident size is measured by a parent process of its own
(``ru_maxrss`` of the processes it waited for: the crawl and its extraction workers), so
other crawls of the test session do not count.
"""
from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from scrapy.settings import Settings

from tests.faults.hostile import (
    FLOOD_BYTES, FLOOD_SLUG, HEALTHY_SLUG, INDEX_PATH, MANY_SLUG, PORT_SLUG, TRAP_TITLE, HostileSite, TrapServer,
    index_slugs,
)
from tests.faults.server import ARTICLE_URL, DAY, SECTION
from tests.support import ROOT, crawl_command, read_jsonl

pytestmark = pytest.mark.e2e

PROJECT = Settings()
PROJECT.setmodule("newscrawler.settings")
MAX_LISTING_PAGES = 5
PEAK_RSS_LIMIT_MB = 300
# Runs the crawl and reports the largest resident size of the processes it waited for (KiB).
MEASURED = (
    "import resource, subprocess, sys\n"
    "status = subprocess.call(sys.argv[2:])\n"
    "open(sys.argv[1], 'w').write(str(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss))\n"
    "sys.exit(status)\n"
)


@dataclass
class Crawl:
    result: subprocess.CompletedProcess
    items: list[dict]
    stats: dict
    peak_rss_mb: float

    def stat(self, key: str) -> int:
        return self.stats.get(key, 0)


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> Iterator[tuple[Crawl, HostileSite, TrapServer]]:
    folder = tmp_path_factory.mktemp("hostile")
    trap = TrapServer()
    trap.start()
    site = HostileSite(trap)
    base_url = site.start()
    out, stats, rss = folder / "out.jsonl", folder / "stats.json", folder / "rss"
    command = crawl_command(
        "inews", "-a", f"base_url={base_url}", "-a", f"since={DAY}", "-a", f"until={DAY}", "-a", "channels=news",
        "-s", "RETRY_TIMES=1", "-s", "DOWNLOAD_TIMEOUT=20", "-s", f"MAX_LISTING_PAGES={MAX_LISTING_PAGES}",
        "-s", f"STATE_DIR={folder / 'state'}", "-O", str(out), "-s", f"STATS_FILE={stats}",
    )
    try:
        result = subprocess.run([sys.executable, "-c", MEASURED, str(rss), *command], cwd=ROOT,
                                capture_output=True, text=True, timeout=300)
        assert stats.exists(), result.stderr[-3000:]
        yield (Crawl(result, read_jsonl(out), json.loads(stats.read_text()), int(rss.read_text()) / 1024),
               site, trap)
    finally:
        site.stop()
        trap.stop()


def test_the_hostile_crawl_finishes_normally_and_exports_the_healthy_articles(hostile):
    run, _, _ = hostile
    assert run.result.returncode == 0, run.result.stderr[-3000:]
    urls = {item["url"] for item in run.items}
    assert ARTICLE_URL + HEALTHY_SLUG in urls
    assert {ARTICLE_URL + FLOOD_SLUG, ARTICLE_URL + MANY_SLUG, ARTICLE_URL + PORT_SLUG}.isdisjoint(urls)


# -- headers --------------------------------------------------------------------------------


def test_an_endless_header_section_is_cut_at_the_limit_in_bounded_memory(hostile):
    run, site, _ = hostile
    assert site.paths(SECTION + FLOOD_SLUG) == [SECTION + FLOOD_SLUG + "/all"]  # a limit is not retried
    # The crawler hung up long before the flood's end (the kernel's socket buffers hold a few MB).
    assert site.flood_sent and max(site.flood_sent) < FLOOD_BYTES // 8
    assert run.peak_rss_mb < PEAK_RSS_LIMIT_MB


def test_too_many_headers_fail_by_name_and_are_not_retried(hostile):
    run, site, _ = hostile
    assert site.paths(SECTION + MANY_SLUG) == [SECTION + MANY_SLUG + "/all"]
    # The flood and the 5,000 headers: both named, neither taken as a page.
    assert run.stat("newscrawler/failed/article/headers_too_large") == 2
    assert f"failed/article/headers_too_large: {ARTICLE_URL}{MANY_SLUG}/all" in run.result.stderr


def test_the_header_limits_are_settings_with_safe_defaults():
    assert PROJECT.getint("DOWNLOAD_MAXHEADERSIZE") == 256 * 1024
    assert PROJECT.getint("DOWNLOAD_MAXHEADERS") == 200


# -- listings -------------------------------------------------------------------------------


def test_an_index_that_always_lists_new_articles_stops_at_max_listing_pages(hostile):
    run, site, _ = hostile
    assert len(site.paths(INDEX_PATH)) == MAX_LISTING_PAGES
    assert run.stat("newscrawler/listings/max_pages_reached") == 1
    assert f"MAX_LISTING_PAGES ({MAX_LISTING_PAGES}) reached" in run.result.stderr
    listed = {ARTICLE_URL + slug for page in range(1, MAX_LISTING_PAGES + 1) for slug in index_slugs(page)}
    assert listed <= {item["url"] for item in run.items}


def test_max_listing_pages_has_a_default():
    assert PROJECT.getint("MAX_LISTING_PAGES") == 50


def test_a_feed_read_without_its_entities_is_counted_and_logged(hostile):
    run, site, _ = hostile
    assert site.paths("/feed").count("/feed") == 1  # (and the per-kanal feeds /feed/<kanal>)
    assert run.stat("newscrawler/listings/feed_entities_refused") == 1
    assert "feed https://www.inews.id/feed declares 10 entities (lol0, lol1, lol2, lol3, lol4), not expanded: " \
           "0 links read" in run.result.stderr


# -- base_url mode ----------------------------------------------------------------------------


def test_a_redirect_to_another_port_of_the_local_server_is_not_followed(hostile):
    run, site, trap = hostile
    assert site.paths(SECTION + PORT_SLUG) == [SECTION + PORT_SLUG + "/all"]
    assert trap.seen == []
    assert TRAP_TITLE not in {item["title"] for item in run.items}
    assert run.stat("newscrawler/failed/article/offsite_redirect") == 1
