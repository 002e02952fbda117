"""The fixture server's ``delay``: every answer held that long, in its own request's thread
(what ``bench/distributed.py`` relies on to make a crawler wait on the network). The waits
are recorded, not slept."""
from __future__ import annotations

import subprocess
import sys
import threading
import urllib.request

import pytest

import fixture_site
from tests.conftest import INEWS_SITE, ROOT


def fetch_all(delay: float, monkeypatch, paths: list[str]) -> list[float]:
    """The delays the server waited while answering ``paths``, one after the other."""
    waits: list[float] = []
    monkeypatch.setattr(fixture_site.time, "sleep", waits.append)
    server = fixture_site.make_server(INEWS_SITE, delay=delay)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        for path in paths:
            with urllib.request.urlopen(f"http://127.0.0.1:{server.server_address[1]}{path}") as answer:
                assert answer.status == 200 and answer.read()
    finally:
        server.shutdown()
        server.server_close()
    return waits


def test_every_answer_waits_the_delay(monkeypatch):
    assert fetch_all(0.25, monkeypatch, ["/", "/robots.txt", "/feed"]) == [0.25, 0.25, 0.25]


def test_no_delay_by_default(monkeypatch):
    assert fetch_all(0.0, monkeypatch, ["/", "/robots.txt"]) == []


@pytest.mark.parametrize("delay", [-0.1, float("nan"), float("inf")])
def test_a_delay_that_is_not_0_or_more_finite_seconds_is_refused(delay):
    with pytest.raises(ValueError, match="delay must be 0 or more seconds"):
        fixture_site.make_server(INEWS_SITE, delay=delay)
    result = subprocess.run([sys.executable, str(ROOT / "scripts" / "fixture_site.py"), str(INEWS_SITE),
                             "--delay", str(delay)], capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert "delay must be 0 or more seconds" in result.stderr.splitlines()[-1]
