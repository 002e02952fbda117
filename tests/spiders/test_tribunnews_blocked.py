"""Tribunnews' CloudFront refuses non-browser User-Agents with 403 (shared/sites/portals.md
§11f, EGI 2026-07-24). Modelled by a local server that serves the fixture copy only to a
browser-looking agent: the crawler keeps its own agent, never works around the refusal, and
reports the portal as blocked (exit 10, one line, ``newscrawler/blocked/tribunnews``)."""
from __future__ import annotations

import json
import threading
import urllib.request
from functools import partial
from http.server import ThreadingHTTPServer

import pytest

from fixture_site import SiteHandler
from newscrawler import settings
from tests.conftest import FIXTURES, portal_site
from tests.support import crawl

pytestmark = pytest.mark.e2e

CHROME = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36"


class BrowsersOnly(SiteHandler):
    """The fixture copy for desktop browsers, 403 for everyone else (as CloudFront does)."""

    agents: list[str]

    def do_GET(self, head: bool = False):
        agent = self.headers.get("User-Agent") or ""
        self.agents.append(agent)
        if agent.startswith("Mozilla/5.0") and "Chrome/" in agent:
            return super().do_GET(head)
        body = b"<html><head><title>403 ERROR</title></head><body><h1>403 ERROR</h1><p>The request could not be satisfied.</p></body></html>"
        self.send_response(403)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if not head:
            self.wfile.write(body)


@pytest.fixture
def cloudfront():
    agents: list[str] = []
    handler = type("Handler", (BrowsersOnly,), {"agents": agents})
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(
        handler, roots=[portal_site("tribunnews").resolve()], default_host="www.tribunnews.com"))
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", agents
    finally:
        server.shutdown()


def test_the_model_lets_a_browser_in_and_refuses_anything_else(cloudfront):
    base_url, _ = cloudfront
    request = urllib.request.Request(base_url + "/", headers={"User-Agent": CHROME, "Host": "www.tribunnews.com"})
    with urllib.request.urlopen(request) as answer:
        assert answer.status == 200 and b"index-news" in answer.read()
    request = urllib.request.Request(base_url + "/", headers={"User-Agent": settings.USER_AGENT, "Host": "www.tribunnews.com"})
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request)
    assert refused.value.code == 403


def test_a_crawl_with_our_own_agent_is_refused_and_reported_as_blocked(cloudfront, tmp_path):
    base_url, agents = cloudfront
    args = json.loads((FIXTURES / "tribunnews" / "expected_crawl.json").read_text())["args"]
    out, stats = tmp_path / "out.jsonl", tmp_path / "stats.json"
    result = crawl("tribunnews", "-a", f"base_url={base_url}", "-a", f"since={args['since']}", "-a", f"until={args['until']}",
                   "-O", str(out), "-s", f"STATS_FILE={stats}")
    lines = result.stderr.splitlines()
    assert result.returncode == 10, "\n".join(lines[-30:])
    # Never worked around: every request carried the crawler's own agent.
    assert agents and set(agents) == {settings.USER_AGENT}
    [blocked] = [line for line in lines if "blocked: tribunnews refused the crawler" in line]
    assert "HTTP 403 (" in blocked
    [failed] = [line for line in lines if "crawl failed" in line]
    assert "exit status 10: tribunnews blocked us: HTTP 403" in failed
    counted = json.loads(stats.read_text())
    assert "HTTP 403" in counted["newscrawler/blocked/tribunnews"]
    assert counted.get("item_scraped_count", 0) == 0
    assert out.read_text() == ""
