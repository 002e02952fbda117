"""Distributed crawls end to end: real `scrapy crawl` workers sharing a private redis-server,
against the iNews fixture site. What is checked is what an operator relies on: the union of
the workers' files is the single-process result, every article once; no article page is
downloaded twice (the server's own request log); a killed worker's work is done by the
others; a later run exports nothing new; Redis gone gives one clear exit status."""
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
    """Every article page the server was asked for; the nth ones in ``hold`` wait for their
    ``release[n]`` (``reached[n]`` is set when they arrive)."""

    def __init__(self, hold: tuple[int, ...] = ()):
        self.articles: list[str] = []
        self.lock = threading.Lock()
        self.reached = {n: threading.Event() for n in hold}
        self.release = {n: threading.Event() for n in hold}

    def __call__(self, host, path):
        if not (host and INEWS.is_article_url(f"https://{host}{path}")):
            return
        with self.lock:
            self.articles.append(f"{host}{path}")
            nth = len(self.articles)
        if nth in self.reached:
            self.reached[nth].set()
            self.release[nth].wait(60)

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


def start_worker(home: Path, command: list[str], name: str) -> subprocess.Popen:
    command = [*command, "-s", f"STATS_FILE={home / (name + '.stats.json')}"]
    return subprocess.Popen(command, cwd=home, env=project_env(), stdout=subprocess.DEVNULL,
                            stderr=(home / f"{name}.log").open("w"))


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


def test_a_killed_worker_and_a_late_one_still_export_every_article_once(tmp_path, redis_server, expected_crawl):
    log = RequestLog(hold=(10, 14))
    server, base_url = serve_in_thread(INEWS_SITE, on_request=log)
    command = worker_command(expected_crawl, redis_server.url, base_url)
    try:
        doomed = start_worker(tmp_path, command, "doomed")
        assert log.reached[10].wait(120), "the first worker never asked for its 10th article"
        # Killed as soon as it has written an article: maybe before recording it (one Redis
        # round trip later), when another worker exports it again (see the merge below).
        wait_for(lambda: exported(tmp_path), "the first worker to write an article")
        doomed.send_signal(signal.SIGKILL)  # its 10th article download in flight, others maybe half-done
        doomed.wait(30)
        held, before_kill = log.articles[9], set(log.articles)
        log.release[10].set()
        written_by_doomed = {item["url"] for item in exported(tmp_path)}
        survivor = start_worker(tmp_path, command, "survivor")
        # The survivor's 4th article waits until a third worker has joined the same crawl.
        assert log.reached[14].wait(120), "the survivor never asked for its 4th article"
        late = start_worker(tmp_path, command, "late")
        wait_for(lambda: "joins" in (tmp_path / "late.log").read_text() or late.poll() is not None,
                 "the late worker to join")
        log.release[14].set()
        results = {name: finish(tmp_path, process, name) for name, process in (("survivor", survivor), ("late", late))}
    finally:
        log.release_all()
        server.shutdown()
    for name, (returncode, log_text, _) in results.items():
        assert returncode == 0, f"{name}: {log_text[-3000:]}"
    urls = Counter(item["url"] for item in exported(tmp_path))
    assert sorted(urls) == sorted(expected_crawl["urls"])  # nothing lost
    assert 0 < len(written_by_doomed) < len(expected_crawl["urls"])
    assert {u for u, n in urls.items() if n > 1} <= written_by_doomed and max(urls.values()) <= 2
    # merged with the crawl state: every article exactly once, and the run verifies clean
    merged = tmp_path / "merged.jsonl"
    check = subprocess.run([str(ROOT / "scripts" / "merge-run"), "-o", str(merged), "--redis", redis_server.url,
                            "--spider", "inews", str(tmp_path / "output" / "inews")],
                           capture_output=True, text=True, env={**os.environ, "PYTHON": sys.executable})
    assert check.returncode == 0, check.stderr
    assert_each_article_once([json.loads(x) for x in merged.read_text().splitlines()], expected_crawl)
    stats = [s for _, _, s in results.values()]
    assert len({s["newscrawler/distributed/crawl"] for s in stats}) == 1  # the late one joined, not a new run
    assert sum(s.get("newscrawler/distributed/workers_lost", 0) for s in stats) == 1
    assert sum(s.get("newscrawler/distributed/requests_returned", 0) for s in stats) >= 1
    # What the killed worker had asked for (downloaded or queued in its downloader, not yet
    # exported) is done again, once; nothing else is downloaded twice.
    assert log.articles.count(held) == 2
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
