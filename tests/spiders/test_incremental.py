"""Cron-style incremental crawling against the fixture site: each run exports only what is new,
exactly once, even when runs are killed with SIGKILL at arbitrary moments."""
from __future__ import annotations

import json
import os
import re
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
from tests.support import ROOT, crawl, crawl_command, project_env, serve_with_answers

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
    assert f"{len(expected_crawl['urls'])} articles exported by earlier runs" in second.stderr


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
    """SIGKILLs the crawl as soon as its feed holds count - 1 whole lines, so the next run
    has a killed run's feed to recover. Checked at every line the crawl logs: Scrapy 2.19
    logs "Scraped from" before the item_scraped handlers (the feed's write among them) run
    on a later turn of the event loop, so the log's count runs ahead of the file. False when
    the crawl ended first."""
    feeds = cwd / "output" / "inews"
    earlier = set(feeds.glob("*.jsonl"))
    server, base_url = serve_in_thread(INEWS_SITE)
    process = subprocess.Popen([*command, "-s", "LOG_LEVEL=DEBUG", "-a", f"base_url={base_url}"], cwd=cwd,
                               env=project_env(), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    written = 0
    try:
        for _ in process.stderr:
            written = sum(path.read_bytes().count(b"\n") for path in set(feeds.glob("*.jsonl")) - earlier)
            if written >= count - 1:
                os.kill(process.pid, signal.SIGKILL)
                break
        process.wait(30)
    finally:
        process.stderr.close()
        server.shutdown()
    return written >= count - 1


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


# -- the state and the feeds stay consistent whatever is lost -----------------------------


def state_dir(home: Path) -> Path:
    return home / "output" / ".state"


def crawl_site(home: Path, base_url: str, expected_crawl, *args: str) -> subprocess.CompletedProcess:
    return crawl("inews", "-a", f"base_url={base_url}", *window(expected_crawl), *args, home=home)


def stats_crawl(home: Path, base_url: str, expected_crawl, name: str, *args: str) -> tuple[subprocess.CompletedProcess, dict]:
    stats_path = home / f"{name}.stats.json"
    result = crawl_site(home, base_url, expected_crawl, "-s", f"STATS_FILE={stats_path}", *args)
    return result, json.loads(stats_path.read_text()) if stats_path.exists() else {}


def assert_each_article_once(home: Path, expected_crawl) -> None:
    urls = exported_urls(home)
    assert [u for u, n in Counter(urls).items() if n > 1] == []
    assert sorted(urls) == sorted(expected_crawl["urls"])


def test_a_deleted_state_is_rebuilt_from_the_feeds_and_nothing_is_exported_twice(tmp_path, expected_crawl):
    log = RequestLog()
    server, base_url = serve_in_thread(INEWS_SITE, on_request=log)
    try:
        for _ in range(2):  # the second run has read the first one's file back
            earlier = crawl_site(tmp_path, base_url, expected_crawl)
            assert earlier.returncode == 0, earlier.stderr[-2000:]
        assert (state_dir(tmp_path) / "inews.feeds.json").is_file()
        (state_dir(tmp_path) / "inews.sqlite3").unlink()
        log.paths.clear()
        second = crawl_site(tmp_path, base_url, expected_crawl)
    finally:
        server.shutdown()
    assert second.returncode == 0, second.stderr[-2000:]
    assert_each_article_once(tmp_path, expected_crawl)
    assert log.paths == []  # rebuilt before the first request: nothing downloaded again
    assert re.search(r"the crawl state did not know \d feed file\(s\) .*: reading them back", second.stderr)


def test_a_wal_lost_after_a_killed_run_exports_nothing_twice(tmp_path, expected_crawl):
    command = crawl_command("inews", *window(expected_crawl))
    assert kill_after_items(command, tmp_path, count=6)
    # The next run records the killed run's lines (in the WAL, not yet in the database file)
    # and is killed in turn; then the WAL is lost.
    assert kill_after_items(command, tmp_path, count=2)
    wal = state_dir(tmp_path) / "inews.sqlite3-wal"
    assert wal.stat().st_size > 0
    wal.unlink()
    (state_dir(tmp_path) / "inews.sqlite3-shm").unlink(missing_ok=True)
    server, base_url = serve_in_thread(INEWS_SITE)
    try:
        final = crawl_site(tmp_path, base_url, expected_crawl)
    finally:
        server.shutdown()
    assert final.returncode == 0, final.stderr[-2000:]
    assert_each_article_once(tmp_path, expected_crawl)


def test_a_truncated_feed_file_list_is_rewritten_from_the_state(tmp_path, expected_crawl, inews_server):
    for _ in range(2):  # the second run lists the first one's file, whatever the version
        earlier = crawl_site(tmp_path, inews_server, expected_crawl)
        assert earlier.returncode == 0, earlier.stderr[-2000:]
    listing = state_dir(tmp_path) / "inews.feeds.json"
    assert len(listing.read_bytes()) > 25
    listing.write_bytes(listing.read_bytes()[:25])  # what a full disk leaves of a plain write
    after = crawl_site(tmp_path, inews_server, expected_crawl)
    assert after.returncode == 0, after.stderr[-2000:]
    assert_each_article_once(tmp_path, expected_crawl)
    assert f"{listing.relative_to(tmp_path)} is unreadable" in after.stderr
    assert "rewriting it from the crawl state" in after.stderr
    listed = json.loads(listing.read_text())["files"]
    assert {str(path) for path in (tmp_path / "output" / "inews").glob("*.jsonl") if path.stat().st_size} <= set(listed)


def test_a_corrupt_state_stops_the_crawl_with_the_recovery_command_which_works(tmp_path, expected_crawl):
    log = RequestLog()
    server, base_url = serve_in_thread(INEWS_SITE, on_request=log)
    try:
        first = crawl_site(tmp_path, base_url, expected_crawl)
        assert first.returncode == 0, first.stderr[-2000:]
        database = state_dir(tmp_path) / "inews.sqlite3"
        database.write_bytes(b"\0garbage" * 4096)
        feeds_before = sorted((tmp_path / "output" / "inews").iterdir())
        log.paths.clear()
        refused = crawl_site(tmp_path, base_url, expected_crawl)
        assert refused.returncode == 11, refused.stderr[-3000:]
        [reason] = [line for line in refused.stderr.splitlines() if "crawl failed, exit status" in line]
        assert f"exit status 11: crawl state {database.relative_to(tmp_path)}: file is not a database; " in reason
        assert reason.endswith("rebuild it from the feed files with: scripts/state rebuild inews")
        assert log.paths == []
        assert sorted((tmp_path / "output" / "inews").iterdir()) == feeds_before  # not even an empty feed file
        tool = subprocess.run([str(ROOT / "scripts" / "state"), "rebuild", "inews"], capture_output=True, text=True,
                              env={**os.environ, "NEWSCRAWLER_HOME": str(tmp_path)}, timeout=120)
        assert tool.returncode == 0, tool.stderr
        assert f"rebuilt {database} from 1 feed file(s): {len(expected_crawl['urls'])} exported articles" in tool.stdout
        assert list(state_dir(tmp_path).glob("inews.sqlite3.old-*"))  # the broken file is kept aside
        after = crawl_site(tmp_path, base_url, expected_crawl)
    finally:
        server.shutdown()
    assert after.returncode == 0, after.stderr[-2000:]
    assert_each_article_once(tmp_path, expected_crawl)
    assert log.paths == []


def test_dash_capital_o_twice_refuses_to_overwrite_exported_articles(tmp_path, expected_crawl, inews_server):
    out = tmp_path / "articles.jsonl"
    first = crawl_site(tmp_path, inews_server, expected_crawl, "-O", "articles.jsonl")
    assert first.returncode == 0, first.stderr[-2000:]
    written = out.read_bytes()
    assert len(written.splitlines()) == len(expected_crawl["urls"])
    second = crawl_site(tmp_path, inews_server, expected_crawl, "-O", "articles.jsonl")
    assert second.returncode == 2, second.stderr[-2000:]
    assert f"scrapy: error: -O {out}: the file holds articles that earlier runs exported" in second.stderr
    assert f"use -o {out} to add to it, or -O with a new file name" in second.stderr
    assert out.read_bytes() == written
    appended = crawl_site(tmp_path, inews_server, expected_crawl, "-o", "articles.jsonl")
    assert appended.returncode == 0, appended.stderr[-2000:]
    assert out.read_bytes() == written  # nothing new on the site
    fresh = crawl_site(tmp_path, inews_server, expected_crawl, "-O", "other.jsonl", "-a", "recrawl=true")
    assert fresh.returncode == 0, fresh.stderr[-2000:]
    assert len((tmp_path / "other.jsonl").read_bytes().splitlines()) == len(expected_crawl["urls"])


def test_a_foreign_file_given_with_o_is_appended_to_but_never_read_or_changed(tmp_path, expected_crawl, inews_server):
    theirs = next(u for u in expected_crawl["urls"] if "kapurung" in u)
    foreign = (json.dumps({"url": theirs, "title": "kept by another tool", "content": "x"}) + "\n"
               + "a line of their own, not JSON\n").encode()
    out = tmp_path / "shared.jsonl"
    out.write_bytes(foreign)
    for run in range(2):
        result = crawl_site(tmp_path, inews_server, expected_crawl, "-o", str(out))
        assert result.returncode == 0, result.stderr[-2000:]
        data = out.read_bytes()
        assert data.startswith(foreign)
        ours = [json.loads(line)["url"] for line in data[len(foreign):].splitlines()]
        # The foreign line does not make the crawl think the article was exported.
        assert sorted(ours) == sorted(expected_crawl["urls"]), run
    assert "not an article" not in result.stderr


def test_feed_files_are_opened_at_start_only_when_something_was_appended(tmp_path, expected_crawl, inews_server):
    first, _ = stats_crawl(tmp_path, inews_server, expected_crawl, "first", "-a", "max_articles=10")
    assert first.returncode == 0, first.stderr[-2000:]
    second, stats = stats_crawl(tmp_path, inews_server, expected_crawl, "second", "-a", "max_articles=10")
    assert second.returncode == 0, second.stderr[-2000:]
    assert stats["newscrawler/feed/files_read"] == 0  # the first run recorded all it wrote
    assert kill_after_items(crawl_command("inews", *window(expected_crawl)), tmp_path, count=4)
    third, stats = stats_crawl(tmp_path, inews_server, expected_crawl, "third")
    assert third.returncode == 0, third.stderr[-2000:]
    assert len(list((tmp_path / "output" / "inews").glob("*.jsonl"))) == 4
    assert stats["newscrawler/feed/files_read"] == 1  # only the killed run's file
    assert "feed files: 3 known, 1 read at start" in third.stderr
    assert_each_article_once(tmp_path, expected_crawl)


# -- articles dropped for a reason that will not change -----------------------------------

PHOTO_ONLY_BRIEF = """<html lang="id"><head><title>Foto: Banjir rob genangi Muara Angke</title>
<meta property="article:published_time" content="2026-11-28T10:00:00+07:00"></head>
<body><article><h1>Foto: Banjir rob genangi Muara Angke</h1><figure><img src="/foto.jpg" alt=""></figure></article>
</body></html>"""


def test_articles_dropped_for_good_are_remembered_and_not_downloaded_again(tmp_path, expected_crawl):
    home_page = (INEWS_SITE / "www.inews.id" / "index.html").read_text(encoding="utf-8")
    # Articles the home page links (their own "Read Next" links are lost with their pages).
    www = [u.split("www.inews.id", 1)[1] for u in expected_crawl["urls"]
           if "://www.inews.id/news/nasional/" in u and f'"{u}"' in home_page]
    photo, moved, json_page, moved_for_now = www[:4]
    answers = {
        photo: (200, {"Content-Type": "text/html; charset=utf-8"}, PHOTO_ONLY_BRIEF.encode()),
        moved: (301, {"Location": "https://www.inews.id/news/nasional"}, b""),
        json_page: (200, {"Content-Type": "application/json"}, b'{"status": "ok", "data": []}'),
        moved_for_now: (302, {"Location": "https://www.inews.id/news"}, b""),
    }
    server, base_url, log = serve_with_answers(INEWS_SITE, answers)
    # Four articles fewer than the site has are too few for the content fill-rate to judge.
    no_alarm = ("-s", "FILL_RATE_MIN_ITEMS=1000")
    try:
        first, stats = stats_crawl(tmp_path, base_url, expected_crawl, "first", *no_alarm)
        assert first.returncode == 0, first.stderr[-3000:]
        assert {k: v for k, v in stats.items() if k.startswith("newscrawler/dropped/")} == {
            "newscrawler/dropped/missing_content": 1, "newscrawler/dropped/moved_to_listing": 1,
            "newscrawler/dropped/not_html": 1, "newscrawler/dropped/redirected_to_listing": 1,
        }
        exported = exported_urls(tmp_path)
        assert not set(exported) & {"https://www.inews.id" + path for path in answers}
        log.clear()
        second, stats = stats_crawl(tmp_path, base_url, expected_crawl, "second", *no_alarm)
    finally:
        server.shutdown()
    assert second.returncode == 0, second.stderr[-3000:]
    requested = {path for path in log if any(path == p or path.startswith(p + "/") for p in answers)}
    assert requested == {moved_for_now + "/all"}  # a temporary redirect is tried again
    assert stats["newscrawler/articles/known_dropped_from_earlier_runs"] == 3
    assert {reason: stats[f"newscrawler/articles/known_dropped_from_earlier_runs/{reason}"]
            for reason in ("missing_content", "moved_to_listing", "not_html")} == dict.fromkeys(
        ("missing_content", "moved_to_listing", "not_html"), 1)
    assert stats["newscrawler/dropped/redirected_to_listing"] == 1
    assert exported_urls(tmp_path) == exported
