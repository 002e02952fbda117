"""Tempo's index answers scripts with 403 (shared/sites/portals.md §8b, ARIF) while the RSS feeds
carry discovery. Modelled by a local server in front of the fixture copy: the crawl keeps its
own agent, counts each refused index page, and still exports what the feeds list (not blocked).
If the articles refused us too, nothing could be exported and the portal is reported as
blocked (exit 10)."""
from __future__ import annotations

import json
import threading
from functools import partial
from http.server import ThreadingHTTPServer

import pytest

from fixture_site import SiteHandler
from newscrawler import settings
from tests.conftest import FIXTURES, portal_site
from tests.support import crawl, read_jsonl

pytestmark = pytest.mark.e2e

EXPECTED = json.loads((FIXTURES / "tempo" / "expected_crawl.json").read_text())
FEED_STORIES = sorted([
    "https://www.tempo.co/ekonomi/produsen-tekstil-bandung-tambah-lini-kain-daur-ulang-2301602",
    "https://www.tempo.co/hukum/polisi-bongkar-sindikat-pemalsuan-sertifikat-tanah-di-bekasi-2301733",
    "https://www.tempo.co/politik/badan-legislasi-tunda-pembahasan-rancangan-undang-undang-penyiaran-2301457",
])


class Refusing(SiteHandler):
    """The fixture copy, but 403 to non-browser agents on the www paths that start with one
    of ``refused`` (what Cloudflare does to scripts on /indeks)."""

    refused: tuple[str, ...]
    seen: list[tuple[str, str]]

    def do_GET(self, head: bool = False):
        agent = self.headers.get("User-Agent") or ""
        self.seen.append((self.path, agent))
        if self._host() == "www.tempo.co" and self.path.startswith(self.refused) and "Chrome/" not in agent:
            body = b"<html><head><title>403 Forbidden</title></head><body><h1>403 Forbidden</h1></body></html>"
            self.send_response(403)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if not head:
                self.wfile.write(body)
            return
        super().do_GET(head)


def run(tmp_path, refused: tuple[str, ...]):
    seen: list[tuple[str, str]] = []
    handler = type("Handler", (Refusing,), {"refused": refused, "seen": seen})
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(handler, roots=[portal_site("tempo").resolve()],
                                                           default_host="www.tempo.co"))
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    out, stats = tmp_path / "out.jsonl", tmp_path / "stats.json"
    try:
        result = crawl("tempo", "-a", f"base_url=http://127.0.0.1:{server.server_address[1]}",
                       "-a", f"since={EXPECTED['args']['since']}", "-a", f"until={EXPECTED['args']['until']}",
                       "-O", str(out), "-s", f"STATS_FILE={stats}")
    finally:
        server.shutdown()
    return result, read_jsonl(out), json.loads(stats.read_text()), seen


def test_a_refused_index_is_counted_and_the_feeds_still_bring_the_stories(tmp_path):
    result, items, stats, seen = run(tmp_path, ("/indeks",))
    assert result.returncode == 0, result.stderr[-3000:]
    # The story only the index's page 2 lists is lost, the feeds' stories are not.
    assert sorted(item["url"] for item in items) == FEED_STORIES
    assert stats["newscrawler/failed/listing/http_403"] == 2  # one index page a day, not paged further
    assert "newscrawler/blocked/tempo" not in stats
    assert {agent for _, agent in seen} == {settings.USER_AGENT}
    assert not any(path.startswith("/indeks?page=2") for path, _ in seen)


def test_refused_articles_as_well_report_the_portal_as_blocked(tmp_path):
    result, items, stats, _ = run(tmp_path, ("/",))
    assert result.returncode == 10, result.stderr[-3000:]
    assert items == []
    assert "HTTP 403" in stats["newscrawler/blocked/tempo"]
    [line] = [line for line in result.stderr.splitlines() if "crawl failed" in line]
    assert "exit status 10: tempo blocked us: HTTP 403 (" in line
