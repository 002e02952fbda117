"""Distributed crawls end to end: real `scrapy crawl` workers sharing a private redis-server,
against the iNews fixture site. What is checked is what an operator relies on: the union of
the workers' files is the single-process result, every article once; no article page is
downloaded twice (the server's own request log); a killed worker's work is done by the
others, and what it wrote is neither lost nor written again; a later run exports nothing
new; Redis gone gives one clear exit status."""
from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path

import jsonschema
import pytest

from fixture_site import serve_in_thread
from newscrawler.portals import PORTALS
from tests.conftest import INEWS_SITE, ROOT
from redis_server import free_port
from tests.support import crawl_command, project_env

pytestmark = [pytest.mark.e2e, pytest.mark.slow]
INEWS = PORTALS["inews"]
TTL = "5"  # seconds a killed worker's heartbeat outlives it (a live one stalled longer by a loaded machine would be taken for dead)


class RequestLog:
    """Every article page the server was asked for; the nth ones in ``hold`` (or added by
    ``hold_at``) wait for their ``release[n]`` (``reached[n]`` is set when they arrive)."""

    def __init__(self, hold: tuple[int, ...] = ()):
        self.articles: list[str] = []
        self.lock = threading.Lock()
        self.reached: dict[int, threading.Event] = {}
        self.release: dict[int, threading.Event] = {}
        for nth in hold:
            self.hold_at(nth)

    def hold_at(self, nth: int) -> None:
        with self.lock:
            self.reached[nth], self.release[nth] = threading.Event(), threading.Event()

    def __call__(self, host, path):
        if not (host and INEWS.is_article_url(f"https://{host}{path}")):
            return
        with self.lock:
            self.articles.append(f"{host}{path}")
            nth = len(self.articles)
            reached, release = self.reached.get(nth), self.release.get(nth)
        if reached is not None:
            reached.set()
            release.wait(60)

    def count(self) -> int:
        with self.lock:
            return len(self.articles)

    def release_all(self) -> None:
        for event in self.release.values():
            event.set()


def wait_for(condition, what: str, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while not condition():  # polled with a deadline: nothing is slept for a guessed time
        if time.monotonic() > deadline:
            pytest.fail(f"timed out waiting for {what}")
        time.sleep(0.05)


def worker_command(expected_crawl, redis_url: str, base_url: str, *args: str) -> list[str]:
    window = expected_crawl["args"]
    return crawl_command("inews", "-s", f"REDIS_URL={redis_url}", "-s", f"REDIS_WORKER_TTL={TTL}",
                         "-a", f"since={window['since']}", "-a", f"until={window['until']}",
                         "-a", f"base_url={base_url}", *args)


def start_worker(home: Path, command: list[str], name: str, settings: str = "newscrawler.settings") -> subprocess.Popen:
    command = [*command, "-s", f"STATS_FILE={home / (name + '.stats.json')}"]
    return subprocess.Popen(command, cwd=home, env={**project_env(), "SCRAPY_SETTINGS_MODULE": settings},
                            stdout=subprocess.DEVNULL, stderr=(home / f"{name}.log").open("w"))


def finish(home: Path, process: subprocess.Popen, name: str, timeout: float = 240) -> tuple[int, str, dict]:
    returncode = process.wait(timeout)
    stats_file = home / f"{name}.stats.json"
    return returncode, (home / f"{name}.log").read_text(), json.loads(stats_file.read_text()) if stats_file.exists() else {}


def feed_files(home: Path) -> list[Path]:
    return sorted((home / "output" / "inews").glob("*.jsonl"))


def exported(home: Path) -> list[dict]:
    return [json.loads(line) for path in feed_files(home) for line in path.read_text(encoding="utf-8").splitlines()]


def recorded_count(redis_server) -> int:
    return redis_server.client().hlen("newscrawler:state:inews:articles")


def assert_each_article_once(items: list[dict], expected_crawl) -> None:
    urls = [item["url"] for item in items]
    assert [u for u, n in Counter(urls).items() if n > 1] == []
    assert sorted(urls) == sorted(expected_crawl["urls"])


def test_two_workers_export_the_single_process_result_and_download_each_article_once(
        tmp_path, redis_server, expected_crawl, article_schema):
    log = RequestLog()
    server, base_url = serve_in_thread(INEWS_SITE, on_request=log)
    command = worker_command(expected_crawl, redis_server.url, base_url)
    try:
        workers = {name: start_worker(tmp_path, command, name) for name in ("one", "two")}
        results = {name: finish(tmp_path, process, name) for name, process in workers.items()}
    finally:
        server.shutdown()
    for name, (returncode, log_text, _) in results.items():
        assert returncode == 0, f"{name}: {log_text[-3000:]}"
    items = exported(tmp_path)
    assert_each_article_once(items, expected_crawl)
    for item in items:
        jsonschema.validate(item, article_schema)
    assert [page for page, n in Counter(log.articles).items() if n > 1] == []
    # one file per worker, named by host and pid
    pids = {str(process.pid) for process in workers.values()}
    names = [path.name for path in feed_files(tmp_path)]
    assert len(names) == 2 and all(f"-{socket.gethostname()}-" in n for n in names)
    assert {n.rsplit("-", 1)[1].removesuffix(".jsonl") for n in names} == pids
    # both joined one crawl, one of them pushed the entry points, and the run was closed
    crawls = {stats["newscrawler/distributed/crawl"] for _, _, stats in results.values()}
    assert len(crawls) == 1 and crawls.pop().startswith("inews:2026-11-27..2026-11-28:")
    logs = "".join(text for _, text, _ in results.values())
    assert logs.count("this worker pushes the entry points") == 1
    assert logs.count("another worker pushes the entry points") == 1
    assert sum(s.get("item_scraped_count", 0) for _, _, s in results.values()) == len(expected_crawl["urls"])
    assert redis_server.client().get(
        f"newscrawler:crawl:{results['one'][2]['newscrawler/distributed/crawl'].split(' run')[0]}:gen") == "1"
    # the merge command agrees
    merged = tmp_path / "merged.jsonl"
    check = subprocess.run([str(ROOT / "scripts" / "merge-run"), "-o", str(merged), str(tmp_path / "output" / "inews")],
                           capture_output=True, text=True, env={**os.environ, "PYTHON": sys.executable})
    assert check.returncode == 0, check.stderr
    assert check.stdout.strip() == f"merge-run: 2 files, {len(expected_crawl['urls'])} articles, ok; written to {merged}"
    assert sorted(json.loads(line)["url"] for line in merged.read_text().splitlines()) == sorted(expected_crawl["urls"])


def test_a_worker_killed_between_writing_and_recording_an_article_leaves_it_once_in_the_files(
        tmp_path, redis_server, expected_crawl):
    log = RequestLog(hold=(10,))
    server, base_url = serve_in_thread(INEWS_SITE, on_request=log)
    command = worker_command(expected_crawl, redis_server.url, base_url)
    trigger = tmp_path / "kill-now"
    try:
        # It kills itself after its feed wrote an article's line and before the state
        # records it (tests/distributed/kill_after_write.py), its 10th article download held.
        doomed = start_worker(tmp_path, [*command, "-s", f"KILL_FILE={trigger}"], "doomed",
                              settings="tests.distributed.kill_after_write")
        assert log.reached[10].wait(120), "the first worker never asked for its 10th article"
        trigger.touch()
        try:
            assert doomed.wait(120) == -signal.SIGKILL
        except subprocess.TimeoutExpired:
            pytest.fail("the first worker scraped no article after its 10th was asked for")
        held, before_kill = log.articles[9], set(log.articles)
        killed_on = trigger.read_text()
        # the instant this is about: the line is in the file, the record is not in Redis
        client = redis_server.client()
        claims = {url: json.loads(claim) for key in client.scan_iter("newscrawler:crawl:*:claims")
                  for url, claim in client.hgetall(key).items()}
        assert killed_on in {item["url"] for item in exported(tmp_path)}
        assert killed_on in claims and not client.hexists("newscrawler:state:inews:articles", killed_on)
        doomed_worker, _, _, host, [[doomed_file, _]] = claims[killed_on]
        assert host == socket.gethostname() and Path(doomed_file) == feed_files(tmp_path)[0]
        log.release[10].set()
        fourth = log.count() + 4
        log.hold_at(fourth)  # the survivor's 4th article waits until a third worker has joined
        survivor = start_worker(tmp_path, command, "survivor")
        assert log.reached[fourth].wait(120), "the survivor never asked for its 4th article"
        late = start_worker(tmp_path, command, "late")
        wait_for(lambda: "joins" in (tmp_path / "late.log").read_text() or late.poll() is not None,
                 "the late worker to join")
        log.release_all()
        results = {name: finish(tmp_path, process, name) for name, process in (("survivor", survivor), ("late", late))}
    finally:
        log.release_all()
        server.shutdown()
    for name, (returncode, log_text, _) in results.items():
        assert returncode == 0, f"{name}: {log_text[-3000:]}"
    # the plain union of the three files: every article exactly once, nothing lost
    assert_each_article_once(exported(tmp_path), expected_crawl)
    assert len(feed_files(tmp_path)) == 3
    check = subprocess.run([str(ROOT / "scripts" / "merge-run"), str(tmp_path / "output" / "inews")],
                           capture_output=True, text=True, env={**os.environ, "PYTHON": sys.executable})
    assert check.returncode == 0, check.stderr
    assert check.stdout.strip() == f"merge-run: 3 files, {len(expected_crawl['urls'])} articles, ok"
    # the killed worker's line was taken for its export, once, by whichever worker saw it gone
    stats = [s for _, _, s in results.values()]
    assert sum(s.get("newscrawler/distributed/claims_recovered", 0) for s in stats) == 1
    assert not any(s.get("newscrawler/distributed/claims_released_unchecked") for s in stats)
    assert json.loads(redis_server.client().hget("newscrawler:state:inews:articles", killed_on))["worker"] \
        == doomed_worker
    assert len({s["newscrawler/distributed/crawl"] for s in stats}) == 1  # the late one joined, not a new run
    assert sum(s.get("newscrawler/distributed/workers_lost", 0) for s in stats) == 1
    assert sum(s.get("newscrawler/distributed/requests_returned", 0) for s in stats) >= 2
    # What the killed worker had asked for (downloaded or queued in its downloader, not yet
    # exported, or exported and not recorded) is fetched again, once; nothing else twice.
    killed_page = killed_on.split("://", 1)[1]
    assert log.articles.count(held) == 2
    assert sum(page in (killed_page, f"{killed_page}/all") for page in log.articles) == 2  # iNews: read as /all
    twice = {page for page, n in Counter(log.articles).items() if n > 1}
    assert twice <= before_kill and max(Counter(log.articles).values()) == 2


def test_a_second_run_exports_nothing_new_and_recrawl_exports_everything_again(tmp_path, redis_server, expected_crawl):
    log = RequestLog()
    server, base_url = serve_in_thread(INEWS_SITE, on_request=log)
    command = worker_command(expected_crawl, redis_server.url, base_url)
    try:
        first = finish(tmp_path, start_worker(tmp_path, command, "first"), "first")
        assert first[0] == 0, first[1][-3000:]
        assert_each_article_once(exported(tmp_path), expected_crawl)
        log.articles.clear()
        # another home: nothing on this disk knows what was exported; only Redis does
        elsewhere = tmp_path / "elsewhere"
        elsewhere.mkdir()
        second = finish(elsewhere, start_worker(elsewhere, command, "second"), "second")
        assert second[0] == 0, second[1][-3000:]
        assert exported(elsewhere) == [] and log.articles == []
        assert f"{len(expected_crawl['urls'])} articles exported by earlier runs" in second[1]
        again = tmp_path / "again"
        again.mkdir()
        recrawls = [start_worker(again, [*command, "-a", "recrawl=true"], name) for name in ("r1", "r2")]
        results = [finish(again, process, name) for process, name in zip(recrawls, ("r1", "r2"))]
    finally:
        server.shutdown()
    for returncode, log_text, _ in results:
        assert returncode == 0, log_text[-3000:]
    assert_each_article_once(exported(again), expected_crawl)
    assert [page for page, n in Counter(log.articles).items() if n > 1] == []


def test_redis_unreachable_at_start_stops_the_crawl_before_any_request(tmp_path, expected_crawl):
    log = RequestLog()
    server, base_url = serve_in_thread(INEWS_SITE, on_request=log)
    port = free_port()  # nothing listens there
    try:
        result = subprocess.run(worker_command(expected_crawl, f"redis://:s3cret@127.0.0.1:{port}/0", base_url),
                                cwd=tmp_path, env=project_env(), capture_output=True, text=True, timeout=120)
    finally:
        server.shutdown()
    assert result.returncode == 13
    last = [line for line in result.stderr.splitlines() if "crawl failed" in line][-1]
    assert f"crawl failed, exit status 13: Redis unreachable: redis://:***@127.0.0.1:{port}/0: " in last
    assert "s3cret" not in result.stderr
    assert log.articles == [] and feed_files(tmp_path) == []


def test_redis_lost_mid_crawl_stops_the_worker_and_records_nothing_it_did_not_write(
        tmp_path, persistent_redis_server, expected_crawl):
    log = RequestLog(hold=(10,))
    server, base_url = serve_in_thread(INEWS_SITE, on_request=log)
    try:
        worker = start_worker(tmp_path, worker_command(expected_crawl, persistent_redis_server.url, base_url), "w")
        assert log.reached[10].wait(120)
        wait_for(lambda: recorded_count(persistent_redis_server), "an article written and recorded")
        persistent_redis_server.kill()
        log.release_all()
        returncode, log_text, _ = finish(tmp_path, worker, "w")
    finally:
        log.release_all()
        server.shutdown()
    assert returncode == 13, log_text[-3000:]
    assert "crawl failed, exit status 13: Redis unreachable: redis://127.0.0.1:" in log_text
    written = {item["url"] for item in exported(tmp_path)}  # every line whole JSON
    persistent_redis_server.start()  # the same port and append-only file: what Redis acknowledged
    recorded = set(persistent_redis_server.client().hkeys("newscrawler:state:inews:articles"))
    assert recorded and recorded <= written
