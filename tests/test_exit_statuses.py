"""`scrapy crawl` exits with a status that says what went wrong, and one ERROR line saying why.

Each test runs the real crawl against a local server (the fixture site, altered copies of it,
or a port that refuses connections) and checks the exit status and the reason line.
"""
from __future__ import annotations

import os
import re
import shutil
import signal
import sqlite3
import subprocess
import threading

import pytest

from fixture_site import serve_in_thread
from tests.conftest import INEWS_SITE
from newscrawler.state import open_state
from tests.support import crawl, crawl_command, project_env, read_jsonl

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


@pytest.mark.parametrize("setting, value", [("REVISIT_WITHIN", "-1"), ("REVISIT_EVERY", "6 jam")])
def test_a_bad_revisit_setting_is_refused_at_start_with_one_line_and_exit_2(setting, value):
    result = crawl("inews", "-s", f"{setting}={value}", timeout=60)
    assert result.returncode == 2, result.stderr[-3000:]
    assert f"scrapy: error: bad setting {setting}='{value}'; expected a number of seconds, 0 or more" in result.stderr
    assert "Traceback" not in result.stderr and "Spider opened" not in result.stderr


def fixture_crawl(base_url: str, expected_crawl, *args: str, timeout: float = 300) -> subprocess.CompletedProcess:
    return crawl("inews", "-a", f"base_url={base_url}", *window(expected_crawl), *args, timeout=timeout)


def reason_line(result: subprocess.CompletedProcess) -> str:
    """The one line that says why the crawl failed."""
    [line] = [line for line in result.stderr.splitlines() if "crawl failed, exit status" in line]
    assert "ERROR: crawl failed, exit status" in line
    return line


def test_a_site_whose_listings_all_fail_exits_6(tmp_path, expected_crawl):
    (tmp_path / "www.inews.id").mkdir()  # every page answers 404
    server, base_url = serve_in_thread(tmp_path)
    try:
        result = fixture_crawl(base_url, expected_crawl)
    finally:
        server.shutdown()
    assert result.returncode == 6, result.stderr[-3000:]
    assert "exit status 6: no listing page could be fetched (failed: {'http_404': " in reason_line(result)


def test_listings_that_link_no_article_raise_their_own_alarm_and_exit_7(tmp_path, expected_crawl):
    """A listing redesign: every listing answers, no link on any of them is an article link."""
    site = tmp_path / "site"
    shutil.copytree(INEWS_SITE, site)
    for page in [*site.rglob("index.html"), *site.rglob("*.xml")]:  # pages, feeds, sitemaps
        if not (page.parent / "expected.json").exists() and "/read/" not in str(page):
            text = page.read_text(encoding="utf-8")
            for link, unlinked in (("href=", "data-href="), ("<link>", "<guid>"), ("</link>", "</guid>"),
                                   ("<loc>", "<guid>"), ("</loc>", "</guid>")):
                text = text.replace(link, unlinked)
            page.write_text(text, encoding="utf-8")
    server, base_url = serve_in_thread(site)
    try:
        result = fixture_crawl(base_url, expected_crawl)
    finally:
        server.shutdown()
    assert result.returncode == 7, result.stderr[-3000:]
    assert re.search(r"ERROR: listing alarm: \d+ listing pages answered and none linked an article", result.stderr)
    assert re.search(r"exit status 7: \d+ listing pages answered but none linked an article", reason_line(result))


def test_spider_exceptions_exit_8(expected_crawl, inews_server):
    args = expected_crawl["args"]
    result = crawl("inews_failing_articles", "-a", f"base_url={inews_server}", "-a", f"since={args['since']}",
                   "-a", f"until={args['until']}", "-a", "max_articles=3", "-s", "SPIDER_MODULES=tests.failing_spider")
    assert result.returncode == 8, result.stderr[-3000:]
    assert "exit status 8: 3 spider exception(s): {'ValueError': 3}" in reason_line(result)


def test_a_feed_that_cannot_be_written_stops_the_crawl_exits_9_and_records_nothing(tmp_path, expected_crawl, inews_server):
    result = fixture_crawl(inews_server, expected_crawl, "-O", "/dev/full:jsonl", "-s", f"STATE_DIR={tmp_path}")
    assert result.returncode == 9, result.stderr[-3000:]
    assert "Closing spider (feed_write_failed)" in result.stderr
    assert "exit status 9: could not write the feed: [Errno 28] No space left on device" in reason_line(result)
    with open_state(tmp_path, "inews") as state:
        assert state.count() == 0  # the state never claims what the feed does not hold


def test_a_state_that_cannot_be_written_exits_9_and_the_feed_keeps_the_articles(tmp_path, expected_crawl, inews_server):
    with open_state(tmp_path, "inews"):
        pass
    with sqlite3.connect(tmp_path / "inews.sqlite3") as db:  # as a full disk would answer
        db.execute("CREATE TRIGGER full BEFORE INSERT ON article BEGIN SELECT RAISE(ABORT, 'disk full'); END")
    out = tmp_path / "out.jsonl"
    result = fixture_crawl(inews_server, expected_crawl, "-O", str(out), "-s", f"STATE_DIR={tmp_path}")
    assert result.returncode == 9, result.stderr[-3000:]
    assert "exit status 9: could not write the state: " in reason_line(result)
    assert "disk full" in reason_line(result)
    assert len(read_jsonl(out)) == len(expected_crawl["urls"])
