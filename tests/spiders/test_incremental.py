"""Cron-style incremental crawling against the fixture site: each run exports only what is new,
exactly once, even when runs are killed with SIGKILL at arbitrary moments."""
from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import threading
from collections import Counter
from functools import partial
from pathlib import Path

import pytest

from fixture_site import serve_in_thread
from newscrawler.portals import PORTALS
from tests.conftest import INEWS_SITE
from tests.support import crawl, crawl_command, project_env

pytestmark = pytest.mark.e2e
INEWS = PORTALS["inews"]


class RequestLog:
    """Server-side record of which article pages were asked for."""

    def __init__(self):
        self.paths: list[str] = []
        self.lock = threading.Lock()

    def __call__(self, host, path):
        if host and INEWS.is_article_url(f"https://{host}{path}"):
            with self.lock:
                self.paths.append(f"{host}{path}")


def window(expected_crawl) -> list[str]:
    args = expected_crawl["args"]
    return ["-a", f"since={args['since']}", "-a", f"until={args['until']}"]


def exported_lines(home: Path) -> list[str]:
    return [line for path in sorted((home / "output" / "inews").glob("*.jsonl"))
            for line in path.read_text(encoding="utf-8").split("\n") if line]


def exported_urls(home: Path) -> list[str]:
    return [json.loads(line)["url"] for line in exported_lines(home)]


def folder_of(url: str, site: Path) -> Path:
    return site / url.split("://", 1)[1]


def test_a_second_run_on_an_unchanged_site_exports_nothing_and_downloads_no_article(tmp_path, expected_crawl):
    log = RequestLog()
    server, base_url = serve_in_thread(INEWS_SITE, on_request=log)
    try:
        first = crawl("inews", "-a", f"base_url={base_url}", *window(expected_crawl), home=tmp_path)
        assert first.returncode == 0, first.stderr[-2000:]
        assert sorted(exported_urls(tmp_path)) == sorted(expected_crawl["urls"])
        assert log.paths
        log.paths.clear()
        second = crawl("inews", "-a", f"base_url={base_url}", *window(expected_crawl), home=tmp_path)
    finally:
        server.shutdown()
    assert second.returncode == 0, second.stderr[-2000:]
    assert len(exported_lines(tmp_path)) == len(expected_crawl["urls"])
    assert log.paths == []
    assert "32 articles exported by earlier runs" in second.stderr


def test_articles_added_between_runs_are_exactly_what_the_next_run_exports(tmp_path, expected_crawl):
    site = tmp_path / "site"
    shutil.copytree(INEWS_SITE, site)
    # Listed on the feed only / on channel pages only: reachable without any known article.
    new = [u for u in expected_crawl["urls"] if "ritel-modern" in u or "biaya-haji" in u]
    assert len(new) == 2
    held_back = tmp_path / "held-back"
    for index, url in enumerate(new):
        shutil.move(folder_of(url, site), held_back / str(index))
    server, base_url = serve_in_thread(site)
    try:
        first = crawl("inews", "-a", f"base_url={base_url}", *window(expected_crawl), home=tmp_path)
        assert first.returncode == 0, first.stderr[-2000:]
        assert set(exported_urls(tmp_path)) == set(expected_crawl["urls"]) - set(new)
        for index, url in enumerate(new):
            shutil.move(held_back / str(index), folder_of(url, site))
        before = len(exported_lines(tmp_path))
        second = crawl("inews", "-a", f"base_url={base_url}", *window(expected_crawl), home=tmp_path)
    finally:
        server.shutdown()
    assert second.returncode == 0, second.stderr[-2000:]
    assert sorted(exported_urls(tmp_path)[before:]) == sorted(new)


def test_the_same_story_under_two_urls_and_lightly_edited_is_exported_once(tmp_path, expected_crawl):
    site = tmp_path / "site"
    shutil.copytree(INEWS_SITE, site)
    original = next(u for u in expected_crawl["urls"] if "kapurung" in u)
    source = folder_of(original, site)
    copy_url = original.replace("mencicipi-kapurung", "salinan-kapurung")
    edited_url = original.replace("mencicipi-kapurung", "revisi-kapurung")
    shutil.copytree(source, folder_of(copy_url, site))
    shutil.copytree(source, folder_of(edited_url, site))
    for page in folder_of(edited_url, site).rglob("index.html"):
        html = page.read_text(encoding="utf-8")
        body = html.index("bodyArticleWrapper")
        edited = html[:body] + html[body:].replace(" dan ", " serta ", 1)
        assert edited != html
        page.write_text(edited, encoding="utf-8")
    home = site / "www.inews.id" / "index.html"
    links = f'<a href="{copy_url}">salinan</a><a href="{edited_url}">revisi</a>'
    home.write_text(home.read_text(encoding="utf-8").replace("</body>", links + "</body>"), encoding="utf-8")
    server, base_url = serve_in_thread(site)
    stats_path = tmp_path / "stats.json"
    try:
        result = crawl("inews", "-a", f"base_url={base_url}", *window(expected_crawl),
                       "-s", f"STATS_FILE={stats_path}", home=tmp_path)
    finally:
        server.shutdown()
    assert result.returncode == 0, result.stderr[-2000:]
    # Whichever of the three reaches the pipeline first is kept: pages arrive in no fixed order.
    urls = exported_urls(tmp_path)
    story = {original, copy_url, edited_url}
    [kept] = [url for url in urls if url in story]
    assert sorted(url for url in urls if url not in story) == sorted(set(expected_crawl["urls"]) - {original})
    stats = json.loads(stats_path.read_text())
    exact, near = (stats.get(f"newscrawler/duplicates/{kind}", 0) for kind in ("exact_content", "near_content"))
    # The two same-text copies are exact duplicates of each other unless the edited one came first.
    assert (exact, near) == ((0, 2) if kept == edited_url else (1, 1))
    drops = [line for line in result.stderr.splitlines() if "duplicate_" in line and "same as" in line]
    assert len(drops) == 2 and all(f"same as {kept}" in line for line in drops)


class KillSwitch:
    """Holds the crawl's n-th article request until the test has killed the crawler."""

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


def kill_at_request(command: list[str], cwd: Path, nth: int) -> bool:
    """SIGKILLs the crawl while its nth article request is held by the server (a download in
    flight, other pages maybe half-processed). False when the crawl wanted fewer pages."""
    switch = KillSwitch(nth)
    server, base_url = serve_in_thread(INEWS_SITE, on_request=switch)
    process = subprocess.Popen([*command, "-a", f"base_url={base_url}"], cwd=cwd, env=project_env(),
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        reached = switch.reached.wait(120)
        os.kill(process.pid, signal.SIGKILL)
        process.wait(30)
    finally:
        switch.release.set()
        server.shutdown()
    return reached


def kill_after_items(command: list[str], cwd: Path, count: int) -> bool:
    """SIGKILLs the crawl as soon as it logs its count-th scraped item. Scrapy logs an item
    just before the feed writes it, so the earlier count - 1 lines are on disk and the next
    run has a killed run's feed to recover. False when the crawl ended first."""
    server, base_url = serve_in_thread(INEWS_SITE)
    process = subprocess.Popen([*command, "-s", "LOG_LEVEL=DEBUG", "-a", f"base_url={base_url}"], cwd=cwd,
                               env=project_env(), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    scraped = 0
    try:
        for line in process.stderr:
            scraped += "Scraped from" in line
            if scraped == count:
                os.kill(process.pid, signal.SIGKILL)
                break
        process.wait(30)
    finally:
        process.stderr.close()
        server.shutdown()
    return scraped == count


@pytest.mark.slow
def test_sigkill_at_any_moment_loses_nothing_and_duplicates_nothing(tmp_path, expected_crawl):
    command = crawl_command("inews", *window(expected_crawl))
    kills = [partial(kill_at_request, nth=1), partial(kill_after_items, count=2), partial(kill_at_request, nth=3),
             partial(kill_after_items, count=5), partial(kill_at_request, nth=6), partial(kill_at_request, nth=10)]
    for kill in kills:
        if not kill(command, tmp_path):
            break  # fewer articles were left to crawl: nothing to interrupt any more
    server, base_url = serve_in_thread(INEWS_SITE)
    try:
        final = subprocess.run([*command, "-a", f"base_url={base_url}"], cwd=tmp_path, env=project_env(),
                               capture_output=True, text=True, timeout=300)
    finally:
        server.shutdown()
    assert final.returncode == 0, final.stderr[-2000:]
    (tmp_path / "final.log").write_text(final.stderr)
    lines = exported_lines(tmp_path)
    urls = [json.loads(line)["url"] for line in lines]  # every line is whole JSON
    assert [u for u, n in Counter(urls).items() if n > 1] == []
    assert sorted(urls) == sorted(expected_crawl["urls"])
    assert len(list((tmp_path / "output" / "inews").glob("*.jsonl"))) >= 2
