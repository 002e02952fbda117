"""A portal that refuses the crawler (robots.txt, HTTP 403, a challenge page in place of the
listings) is reported once as blocked, with the reason, and the crawl exits 10 — not 0 with
"0 articles", and not 6/7 as if the site were down or redesigned. robots.txt is obeyed: the
forbidden pages are never requested."""
from __future__ import annotations

import shutil
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from fixture_site import serve_in_thread
from tests.conftest import INEWS_SITE
from tests.support import crawl

pytestmark = pytest.mark.e2e

CHALLENGE = """<!DOCTYPE html><html><head><title>Just a moment...</title></head><body>
<div id="cf-challenge-running">Checking if the site connection is secure</div>
<script>window._cf_chl_opt={cvId: '3'};</script></body></html>"""


def run(base_url: str, expected_crawl) -> tuple[int, list[str]]:
    args = expected_crawl["args"]
    result = crawl("inews", "-a", f"base_url={base_url}", "-a", f"since={args['since']}", "-a", f"until={args['until']}")
    return result.returncode, result.stderr.splitlines()


def one_line(lines: list[str], text: str) -> str:
    [line] = [line for line in lines if text in line]
    return line


def test_a_robots_txt_that_forbids_us_is_obeyed_and_reported_as_blocked(tmp_path, expected_crawl):
    site = tmp_path / "site"
    shutil.copytree(INEWS_SITE, site)
    for host in site.iterdir():
        (host / "robots.txt").write_text("User-agent: *\nDisallow: /\n")
    requested = []
    server, base_url = serve_in_thread(site, on_request=lambda host, path: requested.append((host, path)))
    try:
        status, lines = run(base_url, expected_crawl)
    finally:
        server.shutdown()
    assert status == 10, "\n".join(lines[-30:])
    # Hosts the copy lacks answer 404 to robots.txt too, which allows everything (RFC 9309).
    assert {path for host, path in requested if host is not None} == {"/robots.txt"}
    assert "blocked: inews refused the crawler: robots.txt forbids it (" in one_line(lines, "blocked: inews")
    assert "exit status 10: inews blocked us: robots.txt forbids it" in one_line(lines, "crawl failed")


def test_challenge_pages_in_place_of_the_listings_are_reported_as_blocked(tmp_path, expected_crawl):
    site = tmp_path / "site"
    shutil.copytree(INEWS_SITE, site)
    for page in site.rglob("index.html"):
        page.write_text(CHALLENGE, encoding="utf-8")
    server, base_url = serve_in_thread(site)
    try:
        status, lines = run(base_url, expected_crawl)
    finally:
        server.shutdown()
    assert status == 10, "\n".join(lines[-30:])
    assert "exit status 10: inews blocked us: a bot challenge page (" in one_line(lines, "crawl failed")


class Forbidden(BaseHTTPRequestHandler):
    def do_GET(self):
        body = b"<html><body><h1>403 Forbidden</h1></body></html>"
        self.send_response(403)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def test_a_site_that_answers_403_everywhere_is_reported_as_blocked(expected_crawl):
    server = ThreadingHTTPServer(("127.0.0.1", 0), Forbidden)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        status, lines = run(f"http://127.0.0.1:{server.server_address[1]}", expected_crawl)
    finally:
        server.shutdown()
    assert status == 10, "\n".join(lines[-30:])
    assert "exit status 10: inews blocked us: HTTP 403 (" in one_line(lines, "crawl failed")
