"""base_url mode's request fingerprints and domain guard, unit by unit (the crawls that show the
same end to end: tests/test_operator_output.py, tests/faults/test_bounds.py), and redirects
mapped back to the real URLs, end to end."""
from __future__ import annotations

import subprocess
from types import SimpleNamespace
from urllib.parse import urljoin

import pytest
from scrapy import Request
from scrapy.exceptions import IgnoreRequest
from scrapy.utils.test import get_crawler

from newscrawler.middlewares import DomainGuardMiddleware, MirrorAwareFingerprinter
from tests.conftest import INEWS_SITE
from tests.support import crawl, read_jsonl, serve_with_answers

BASE = "http://127.0.0.1:8123"
REAL = "https://bali.inews.id/"


def crawler_with(base_url: str | None, allowed=("inews.id", "127.0.0.1")):
    crawler = get_crawler()
    crawler.spider = SimpleNamespace(base_url=base_url, allowed_domains=list(allowed))
    return crawler


def test_a_twin_is_fingerprinted_as_the_real_url_it_stands_for():
    fingerprinter = MirrorAwareFingerprinter(crawler_with(BASE))
    twin = Request(BASE + "/", meta={"mirror_of": REAL})
    www_twin = Request(BASE + "/", meta={"mirror_of": "https://www.inews.id/"})
    assert fingerprinter.fingerprint(twin) == fingerprinter.fingerprint(Request(REAL))
    assert fingerprinter.fingerprint(twin) != fingerprinter.fingerprint(www_twin)


def test_a_redirect_made_from_a_twin_keeps_its_own_fingerprint():
    fingerprinter = MirrorAwareFingerprinter(crawler_with(BASE))
    redirected = Request("https://www.inews.id/news/nasional/baru/all", meta={"mirror_of": REAL})
    assert fingerprinter.fingerprint(redirected) == fingerprinter.fingerprint(Request(redirected.url))


@pytest.mark.parametrize(("url", "allowed"), [
    (BASE + "/news", True),
    ("https://www.inews.id/news", True),
    ("http://127.0.0.1:8124/news", False),  # another port of the same address
    ("https://127.0.0.1:8123/news", False),  # another scheme
    ("http://127.0.0.1/news", False),  # port 80
    ("http://localhost:8123/news", False),
])
def test_the_domain_guard_allows_the_local_server_only_on_its_own_port(url, allowed):
    guard = DomainGuardMiddleware(crawler_with(BASE))
    if allowed:
        assert guard.process_request(Request(url)) is None
    else:
        with pytest.raises(IgnoreRequest, match="Filtered offsite request"):
            guard.process_request(Request(url))


def test_without_base_url_any_port_of_an_allowed_host_passes():
    guard = DomainGuardMiddleware(crawler_with(None, allowed=("inews.id",)))
    assert guard.process_request(Request("https://www.inews.id:8443/news")) is None


def moved_article(expected_crawl) -> tuple[str, str]:
    """An article the fixture home page links: its URL and path."""
    home_page = (INEWS_SITE / "www.inews.id" / "index.html").read_text(encoding="utf-8")
    url = next(u for u in expected_crawl["urls"] if "://www.inews.id/news/nasional/" in u and f'"{u}"' in home_page)
    return url, url.split("www.inews.id", 1)[1]


def crawl_answered(tmp_path, expected_crawl, answers: dict) -> tuple[subprocess.CompletedProcess, list[str]]:
    server, base_url, log = serve_with_answers(INEWS_SITE, answers)
    args = expected_crawl["args"]
    try:
        result = crawl("inews", "-a", f"base_url={base_url}", "-a", f"since={args['since']}",
                       "-a", f"until={args['until']}", "-O", str(tmp_path / "out.jsonl"))
    finally:
        server.shutdown()
    assert result.returncode == 0, result.stderr[-3000:]
    return result, log


@pytest.mark.e2e
@pytest.mark.parametrize("location", [
    "/news/nasional",  # from the host's root
    "../",  # from the redirected page's own folder: /news/nasional/
    "//www.inews.id/news/nasional",  # the scheme of the page, not the local server's
])
def test_a_relative_redirect_is_read_under_the_real_url_it_leads_to(tmp_path, expected_crawl, location):
    """A story taken down, its whole view answered with a relative Location to its channel:
    resolved against the real URL, the redirect lands on the real listing and the article is
    dropped as moved (resolved against the local twin's URL, the listing came back under the
    article's URL and was read as the article)."""
    url, path = moved_article(expected_crawl)
    result, log = crawl_answered(tmp_path, expected_crawl, {path + "/all": (301, {"Location": location}, b"")})
    listing = urljoin(url + "/all", location)
    assert listing.startswith("https://www.inews.id/news/nasional")
    assert f"dropped/moved_to_listing: {url} -> {listing}" in result.stderr
    assert "'newscrawler/dropped/moved_to_listing': 1," in result.stderr
    assert sorted(item["url"] for item in read_jsonl(tmp_path / "out.jsonl")) == sorted(set(expected_crawl["urls"]) - {url})


@pytest.mark.e2e
def test_a_relative_redirect_to_a_new_slug_exports_the_article(tmp_path, expected_crawl):
    """The same resolution followed to an article page: fetched on the real host's path."""
    url, path = moved_article(expected_crawl)
    new_path = path + "-diperbarui/all"
    page = (INEWS_SITE / "www.inews.id" / path.strip("/") / "all" / "index.html").read_bytes()
    result, log = crawl_answered(tmp_path, expected_crawl, {
        path + "/all": (301, {"Location": "../" + new_path.rsplit("/", 2)[1] + "/all"}, b""),
        new_path: (200, {"Content-Type": "text/html; charset=utf-8"}, page),
    })
    assert new_path in log
    assert sorted(item["url"] for item in read_jsonl(tmp_path / "out.jsonl")) == sorted(expected_crawl["urls"])
    assert "newscrawler/dropped/" not in result.stderr
