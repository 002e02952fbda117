"""Media Indonesia's Cloudflare challenge (shared/sites/portals.md §16f, EGI): the offset index
pages ``/indeks/<step>/<offset>`` answer with a "Performing security verification" page while
articles and kanal roots load. The crawl counts the challenged page as a refusal, does not look
for another way past it, and still exports what the pages that load link to: not blocked as
a whole. Only when every way in answers with the challenge is the portal reported as blocked."""
from __future__ import annotations

import json
import shutil
import threading

import pytest

from fixture_site import serve_in_thread
from tests.conftest import FIXTURES, portal_site
from tests.support import crawl, read_jsonl

pytestmark = pytest.mark.e2e

EXPECTED = json.loads((FIXTURES / "mediaindonesia" / "expected_crawl.json").read_text())
CHALLENGE_PAGE = portal_site("mediaindonesia") / "mediaindonesia.com" / "indeks" / "20" / "20" / "index.html"


def run(site, tmp_path, on_request=None):
    server, base_url = serve_in_thread(site, on_request=on_request)
    out, stats = tmp_path / "out.jsonl", tmp_path / "stats.json"
    try:
        result = crawl("mediaindonesia", "-a", f"base_url={base_url}", "-a", f"since={EXPECTED['args']['since']}",
                       "-a", f"until={EXPECTED['args']['until']}", "-O", str(out), "-s", f"STATS_FILE={stats}")
    finally:
        server.shutdown()
    return result, read_jsonl(out), json.loads(stats.read_text())


def test_a_challenged_index_page_is_counted_and_the_rest_of_the_portal_is_still_crawled(tmp_path):
    assert b"Performing security verification" in CHALLENGE_PAGE.read_bytes()
    requested, lock = [], threading.Lock()

    def log(host, path):
        with lock:
            requested.append(path)

    result, items, stats = run(portal_site("mediaindonesia"), tmp_path, log)
    assert result.returncode == 0, result.stderr[-3000:]
    assert sorted(item["url"] for item in items) == EXPECTED["urls"]
    assert stats["newscrawler/failed/listing/bot_challenge"] == 1
    assert "newscrawler/blocked/mediaindonesia" not in stats
    assert "failed/listing/bot_challenge: https://mediaindonesia.com/indeks/20/20" in result.stderr
    # The challenge is the end of that walk: its next page (which lists another story) is
    # never asked for, and that story is not exported.
    assert "/indeks/20/20" in requested and "/indeks/20/40" not in requested
    assert "https://mediaindonesia.com/nusantara/862455/festival-perahu-naga-digelar-di-sungai-kapuas" not in {
        item["url"] for item in items}


def test_challenges_on_every_page_report_the_portal_as_blocked(tmp_path):
    site = tmp_path / "site"
    shutil.copytree(portal_site("mediaindonesia"), site)
    for page in site.rglob("index.html"):  # listings and articles; the sitemap and feed still answer
        page.write_text(CHALLENGE_PAGE.read_text(encoding="utf-8"), encoding="utf-8")
    result, items, stats = run(site, tmp_path)
    assert result.returncode == 10, result.stderr[-3000:]
    assert items == []
    assert "bot challenge" in stats["newscrawler/blocked/mediaindonesia"]
    [line] = [line for line in result.stderr.splitlines() if "crawl failed" in line]
    assert "exit status 10: mediaindonesia blocked us: a bot challenge page (" in line
