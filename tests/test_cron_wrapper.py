"""scripts/cron-crawl: one crawl per spider at a time, a log per run, the crawl's exit status,
and output only when the crawl failed (one line: status, reason, log path).

The crawl is a fake `scrapy` (``SCRAPY``) that reports its start on a pipe and then blocks
until the test writes to another pipe, so the tests synchronise on events, never on time.
"""

from __future__ import annotations

import os
import re
import select
import socket
import subprocess
from pathlib import Path

import pytest

from tests.support import FAST

REPO = Path(__file__).resolve().parents[1]
WRAPPER = REPO / "scripts" / "cron-crawl"
SPIDER = "cron_wrapper_test"  # a name nothing else uses, to check the repo stays untouched
FAKE_SCRAPY = """#!/usr/bin/env bash
echo "fake scrapy: $*"
echo "cwd=$PWD home=$NEWSCRAWLER_HOME"
if [ -n "${STARTED_FD:-}" ]; then echo "started $RUN_ID" >&"$STARTED_FD"; fi
if [ -n "${RELEASE_FD:-}" ]; then read -r _ <&"$RELEASE_FD" || true; fi
if [ -n "${FAKE_REASON:-}" ]; then echo "2026-11-29 19:02:03 [newscrawler.commands.crawl] ERROR: $FAKE_REASON"; fi
exit "${FAKE_STATUS:-0}"
"""


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    fake = tmp_path / "fake-scrapy"
    fake.write_text(FAKE_SCRAPY)
    fake.chmod(0o755)
    home = tmp_path / "home"
    return {**os.environ, "SCRAPY": str(fake), "NEWSCRAWLER_HOME": str(home)}


def _logs(env: dict[str, str]) -> list[Path]:
    return sorted((Path(env["NEWSCRAWLER_HOME"]) / "output" / "logs").glob("*.log"))


def _read_line(fd: int) -> str:
    # The timeout only turns a broken wrapper into a failure instead of a hang.
    ready, _, _ = select.select([fd], [], [], 20)
    assert ready, "no crawl started"
    return os.read(fd, 1024).decode()


def test_concurrent_runs_one_crawls_the_other_skips(env: dict[str, str]) -> None:
    started_r, started_w = os.pipe()
    release_r, release_w = os.pipe()
    pipes = {"STARTED_FD": str(started_w), "RELEASE_FD": str(release_r)}
    runs = {
        run_id: subprocess.Popen(
            [WRAPPER, SPIDER, "-a", "days=1"],
            env={**env, **pipes, "RUN_ID": run_id},
            pass_fds=(started_w, release_r),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for run_id in ("a", "b")
    }
    os.close(started_w)
    os.close(release_r)
    try:
        started = _read_line(started_r)
        assert re.fullmatch(r"started [ab]\n", started)
        winner = started.split()[1]
        loser = "b" if winner == "a" else "a"
        # The loser exits on its own, silently, while the winner's crawl is still blocked.
        out, err = runs[loser].communicate(timeout=20)
        assert (runs[loser].returncode, out, err) == (0, "", "")
        os.write(release_w, b"go\n")
        out, err = runs[winner].communicate(timeout=20)
        assert (runs[winner].returncode, out, err) == (0, "", "")
        # Every write end is closed now: end of file means no second crawl ever started.
        assert os.read(started_r, 1024) == b""
    finally:
        for run in runs.values():
            run.kill()
            run.communicate()
        os.close(started_r)
        os.close(release_w)

    [log] = _logs(env)
    assert re.fullmatch(rf"{SPIDER}-\d{{8}}T\d{{6}}Z\.log", log.name)
    text = log.read_text()
    assert f"fake scrapy: crawl {SPIDER} -a days=1\n" in text
    # The crawl runs in NEWSCRAWLER_HOME, so its feeds and state land beside the lock and logs.
    assert f"cwd={env['NEWSCRAWLER_HOME']} home={env['NEWSCRAWLER_HOME']}\n" in text
    # The lock went with the crawl: the next run crawls again.
    assert (
        subprocess.run([WRAPPER, SPIDER], env=env, capture_output=True, text=True).returncode == 0
    )
    assert sum(path.read_text().count("fake scrapy: crawl") for path in _logs(env)) == 2


def test_failed_crawl_prints_one_line_with_status_reason_and_log(env: dict[str, str]) -> None:
    reason = "crawl failed, exit status 6: site unreachable: www.inews.id: CannotResolveHostError"
    result = subprocess.run(
        [WRAPPER, SPIDER], env={**env, "FAKE_STATUS": "6", "FAKE_REASON": reason}, capture_output=True, text=True
    )
    [log] = _logs(env)
    assert (result.returncode, result.stdout) == (6, "")
    assert result.stderr == (
        f"cron-crawl: {SPIDER} crawl failed with exit status 6: site unreachable: www.inews.id: "
        f"CannotResolveHostError (log: {log})\n"
    )
    assert f"fake scrapy: crawl {SPIDER}\n" in log.read_text()
    assert (Path(env["NEWSCRAWLER_HOME"]) / "output" / ".state" / f"{SPIDER}.lock").exists()
    # Everything went to NEWSCRAWLER_HOME, nothing into the repository's own output/.
    assert not list((REPO / "output").glob(f"**/{SPIDER}*"))


def test_a_crawl_without_a_reason_line_is_reported_with_the_last_log_line(env: dict[str, str]) -> None:
    result = subprocess.run([WRAPPER, SPIDER], env={**env, "FAKE_STATUS": "1"}, capture_output=True, text=True)
    [log] = _logs(env)
    assert result.returncode == 1
    assert result.stderr == (
        f"cron-crawl: {SPIDER} crawl failed with exit status 1: cwd={env['NEWSCRAWLER_HOME']} "
        f"home={env['NEWSCRAWLER_HOME']} (log: {log})\n"
    )


def test_a_crawl_refused_because_another_crawl_holds_the_state_is_a_silent_skip(env: dict[str, str]) -> None:
    result = subprocess.run([WRAPPER, SPIDER], env={**env, "FAKE_STATUS": "5"}, capture_output=True, text=True)
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")


def test_help_prints_usage_and_touches_nothing(env: dict[str, str]) -> None:
    for flag in ("--help", "-h"):
        result = subprocess.run([WRAPPER, flag], env=env, capture_output=True, text=True)
        assert (result.returncode, result.stderr) == (0, "")
        assert result.stdout.startswith("usage: cron-crawl SPIDER [scrapy args...]\n")
    assert not Path(env["NEWSCRAWLER_HOME"]).exists()


@pytest.mark.parametrize("args", [[], ["../escape"], ["-x"]])
def test_missing_or_unsafe_spider_name_is_a_usage_error(
    env: dict[str, str], args: list[str]
) -> None:
    result = subprocess.run([WRAPPER, *args], env=env, capture_output=True, text=True)
    assert result.returncode == 2 and result.stderr
    assert not Path(env["NEWSCRAWLER_HOME"]).exists()


@pytest.mark.e2e
def test_a_real_crawl_of_an_unreachable_site_prints_its_reason_line(tmp_path: Path) -> None:
    """The real `scrapy crawl`: its reason line is what the wrapper reports."""
    with socket.socket() as closed:  # bound, never listening: every connection is refused
        closed.bind(("127.0.0.1", 0))
        env = {**os.environ, "NEWSCRAWLER_HOME": str(tmp_path)}
        result = subprocess.run(
            [WRAPPER, "inews", "-a", f"base_url=http://127.0.0.1:{closed.getsockname()[1]}", "-s", "RETRY_TIMES=0", *FAST],
            env=env, capture_output=True, text=True, timeout=120,
        )
    [log] = sorted((tmp_path / "output" / "logs").glob("inews-*.log"))
    assert (result.returncode, result.stdout) == (6, "")
    assert result.stderr == (
        "cron-crawl: inews crawl failed with exit status 6: site unreachable: www.inews.id: "
        f"DownloadConnectionRefusedError (log: {log})\n"
    )
