"""Scrapy's job directory (``-s JOBDIR=…``) used the way an operator uses it: a crawl paused
and resumed, a finished job run again by mistake, and a job whose crawl was SIGKILLed."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import threading
from collections import Counter
from pathlib import Path

import pytest

from fixture_site import serve_in_thread
from newscrawler.portals import PORTALS
from tests.conftest import INEWS_SITE
from scripts.generate_site import WINDOW, generate
from tests.support import crawl, crawl_command, project_env

pytestmark = pytest.mark.e2e
INEWS = PORTALS["inews"]
ARTICLES = 300
KILL_AT = 250


def window(expected_crawl) -> list[str]:
    args = expected_crawl["args"]
    return ["-a", f"since={args['since']}", "-a", f"until={args['until']}"]


def exported_urls(home: Path) -> list[str]:
    return [json.loads(line)["url"] for path in sorted((home / "output" / "inews").glob("*.jsonl"))
            for line in path.read_text(encoding="utf-8").splitlines() if line]


def test_a_finished_jobdir_run_again_says_so_and_exits_4(tmp_path, inews_server, expected_crawl):
    job = tmp_path / "job"
    args = ["-a", f"base_url={inews_server}", *window(expected_crawl), "-s", f"JOBDIR={job}"]
    first = crawl("inews", *args, home=tmp_path)
    assert first.returncode == 0, first.stderr[-3000:]
    second = crawl("inews", *args, home=tmp_path)
    assert second.returncode == 4, second.stderr[-3000:]
    assert f"ERROR: JOBDIR {job} holds a crawl that already finished (at " in second.stderr
    [reason] = [line for line in second.stderr.splitlines() if "crawl failed, exit status" in line]
    assert reason.endswith("crawl failed, exit status 4: the crawl did not finish normally (jobdir_finished)")
    assert "0 responses" in second.stderr
    # Asked again, it still says so (the marker is not overwritten by the refusing run).
    assert crawl("inews", *args, home=tmp_path).returncode == 4


class HoldNth:
    """Holds the n-th article request until the test has killed the crawl."""

    def __init__(self, nth: int):
        self.nth, self.seen = nth, 0
        self.reached, self.release = threading.Event(), threading.Event()
        self.lock = threading.Lock()

    def __call__(self, host, path):
        if not (host and INEWS.is_article_url(f"https://{host}{path}")):
            return
        with self.lock:
            self.seen += 1
            hold = self.seen == self.nth
        if hold:
            self.reached.set()
            self.release.wait(60)


def test_a_jobdir_whose_crawl_was_sigkilled_resumes_what_it_had_not_done(tmp_path):
    """Scrapy writes the job's request queue index only when a crawl closes, while the
    fingerprints of the requests it scheduled reach ``requests.seen`` as they go: after a
    SIGKILL the queue reads empty and every request that waited in it is filtered as seen.
    A generated site big enough for the fingerprints to reach the disk before the kill."""
    stories = generate(tmp_path / "site", ARTICLES, seed=3)
    job, home = tmp_path / "job", tmp_path / "home"
    home.mkdir()
    command = [*crawl_command("inews", "-a", f"since={WINDOW[0]}", "-a", f"until={WINDOW[-1]}", "-a", "channels=news"),
               "-s", f"JOBDIR={job}"]
    hold = HoldNth(KILL_AT)
    server, base_url = serve_in_thread(tmp_path / "site", on_request=hold)
    killed = subprocess.Popen([*command, "-a", f"base_url={base_url}"], cwd=home, env=project_env(),
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        assert hold.reached.wait(120), f"the crawl never reached its {KILL_AT}th article"
        os.kill(killed.pid, signal.SIGKILL)
        killed.wait(30)
    finally:
        hold.release.set()
        server.shutdown()
    assert (job / "requests.seen").stat().st_size > 0  # the killed crawl did use the job directory
    server, base_url = serve_in_thread(tmp_path / "site")
    try:
        resumed = subprocess.run([*command, "-a", f"base_url={base_url}"], cwd=home, env=project_env(),
                                 capture_output=True, text=True, timeout=300)
    finally:
        server.shutdown()
    assert resumed.returncode == 0, resumed.stderr[-3000:]
    assert f"JOBDIR {job} is from a crawl that was killed" in resumed.stderr
    urls = exported_urls(home)
    assert [url for url, n in Counter(urls).items() if n > 1] == []
    assert sorted(urls) == sorted(story.url for story in stories)


def test_a_job_paused_with_sigterm_resumes_from_its_queue(tmp_path, expected_crawl):
    """The README's pause and resume: one SIGTERM, then the same command again. One server for
    both runs: in base_url mode the job's queue holds the local twins of its requests, which
    name the server's port."""
    job = tmp_path / "job"
    hold = HoldNth(5)
    server, base_url = serve_in_thread(INEWS_SITE, on_request=hold)
    command = [*crawl_command("inews", *window(expected_crawl)), "-s", f"JOBDIR={job}", "-a", f"base_url={base_url}"]
    try:
        paused = subprocess.Popen(command, cwd=tmp_path, env=project_env(),
                                  stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        assert hold.reached.wait(120), "the crawl never reached its 5th article"
        os.kill(paused.pid, signal.SIGTERM)
        hold.release.set()  # a graceful shutdown finishes the downloads in flight
        _, stderr = paused.communicate(timeout=120)
        assert paused.returncode == 4, stderr[-3000:]
        assert json.loads((job / "newscrawler-job.json").read_text())["status"] == "paused"
        first = exported_urls(tmp_path)
        assert 0 < len(first) < len(expected_crawl["urls"])
        resumed = subprocess.run(command, cwd=tmp_path, env=project_env(), capture_output=True, text=True, timeout=300)
    finally:
        hold.release.set()
        server.shutdown()
    assert resumed.returncode == 0, resumed.stderr[-3000:]
    assert "is from a crawl that was killed" not in resumed.stderr
    assert "Resuming crawl" in resumed.stderr  # Scrapy read the queue the paused crawl left
    urls = exported_urls(tmp_path)
    assert [url for url, n in Counter(urls).items() if n > 1] == []
    assert sorted(urls) == sorted(expected_crawl["urls"])
    assert json.loads((job / "newscrawler-job.json").read_text())["status"] == "finished"
