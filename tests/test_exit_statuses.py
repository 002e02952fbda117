"""`scrapy crawl` exits with a status that says what went wrong, and one ERROR line saying why.

Each test runs the real crawl against a local server (the fixture site, altered copies of it,
or a port that refuses connections) and checks the exit status and the reason line.
"""
from __future__ import annotations

import os
import signal
import subprocess
import threading

import pytest

from fixture_site import serve_in_thread
from tests.conftest import INEWS_SITE
from tests.support import crawl, crawl_command, project_env

pytestmark = pytest.mark.e2e


def window(expected_crawl) -> list[str]:
    args = expected_crawl["args"]
    return ["-a", f"since={args['since']}", "-a", f"until={args['until']}"]


class HoldFirstRequest:
    """Holds the first request the server gets until released: the crawl that sent it has
    opened its state (pipelines open before the first request) and is still running."""

    def __init__(self):
        self.reached, self.release = threading.Event(), threading.Event()
        self.first = threading.Lock()

    def __call__(self, host, path):
        if self.first.acquire(blocking=False):
            self.reached.set()
            self.release.wait()


def test_a_second_crawl_on_the_same_state_refuses_at_once_and_a_killed_crawl_frees_it(tmp_path, expected_crawl):
    hold = HoldFirstRequest()
    server, base_url = serve_in_thread(INEWS_SITE, on_request=hold)
    command = [*crawl_command("inews", *window(expected_crawl)), "-a", f"base_url={base_url}"]
    first = subprocess.Popen(command, cwd=tmp_path, env=project_env(),
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        assert hold.reached.wait(120), "the first crawl sent no request"
        second = crawl("inews", "-a", f"base_url={base_url}", *window(expected_crawl), home=tmp_path)
        assert second.returncode == 5, second.stderr[-3000:]
        assert "ERROR: crawl state output/.state/inews.sqlite3 is in use by another crawl (pid " \
               f"{first.pid})" in second.stderr
        assert "Closing spider (state_in_use)" in second.stderr
        assert "summary: inews finished (state_in_use): 0 articles exported, 0 scheduled, 0 listing pages, " \
               "0 responses" in second.stderr
        os.kill(first.pid, signal.SIGKILL)
        first.wait()
    finally:
        first.kill()
        hold.release.set()
    try:
        third = crawl("inews", "-a", f"base_url={base_url}", *window(expected_crawl), home=tmp_path)
    finally:
        server.shutdown()
    assert third.returncode == 0, third.stderr[-3000:]
