"""base_url mode's request fingerprints and domain guard, unit by unit (the crawls that show the
same end to end: tests/test_operator_output.py, tests/faults/test_bounds.py)."""
from __future__ import annotations

from types import SimpleNamespace

import pytest
from scrapy import Request
from scrapy.exceptions import IgnoreRequest
from scrapy.utils.test import get_crawler

from newscrawler.middlewares import DomainGuardMiddleware, MirrorAwareFingerprinter

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
