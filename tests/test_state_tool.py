"""scripts/state: count, recent, forget, prune, rebuild, check and clean, run as an operator
would (a subprocess in NEWSCRAWLER_HOME), on a state and feed files made through the same
code the crawl uses."""
from __future__ import annotations

import json
import os
import subprocess
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from newscrawler.feeds import FeedLedger
from newscrawler.state import open_state
from tests.support import ROOT

STATE = ROOT / "scripts" / "state"
URLS = [f"https://www.inews.id/news/nasional/berita-nomor-{n}" for n in range(3)]


def run(home: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(STATE), *args], capture_output=True, text=True, timeout=120,
                          env={**os.environ, "NEWSCRAWLER_HOME": str(home)})


def line(url: str, text: str) -> str:
    return json.dumps({"url": url, "content": text}) + "\n"


@pytest.fixture
def home(tmp_path: Path) -> Path:
    """Two per-run feed files, read back into a state the way a crawl start does."""
    run_dir = tmp_path / "output" / "inews"
    run_dir.mkdir(parents=True)
    (run_dir / "20261101T000000Z.jsonl").write_text(line(URLS[0], "Banjir di Jakarta Timur merendam rumah warga.")
                                                    + line(URLS[1], "Bank Indonesia menahan suku bunga acuan."))
    (run_dir / "20261102T000000Z.jsonl").write_text(line(URLS[2], "Persebaya menahan imbang Arema di Surabaya."))
    state_dir = tmp_path / "output" / ".state"
    feeds = {str(run_dir.parent / "%(name)s" / "%(run_time)s.jsonl"): {"format": "jsonlines"}}
    with open_state(state_dir, "inews") as state:
        assert FeedLedger(state, state_dir, "inews", feeds).recover() == 3
        # A later run's drop (records are ordered by the second they were first seen in).
        state.remember_dropped("https://www.inews.id/news/nasional/foto-saja", "missing_content",
                               first_seen=datetime.now(UTC) + timedelta(seconds=2))
    return tmp_path


def test_count_and_recent(home: Path) -> None:
    count = run(home, "count", "inews")
    assert count.returncode == 0, count.stderr
    assert count.stdout.splitlines() == [
        "exported\t3", "dropped for good\t1\t(missing_content: 1)", "feed files\t2\t(0 to read back at the next start)",
    ]
    recent = run(home, "recent", "inews", "-n", "2")
    assert recent.returncode == 0, recent.stderr
    rows = [row.split("\t") for row in recent.stdout.splitlines()]
    assert [kind for _, kind, _ in rows] == ["missing_content", "exported"]
    assert rows[1][2] == URLS[2]


def test_forget_makes_the_next_crawl_download_the_url_again(home: Path) -> None:
    # A non-canonical spelling of the URL is forgotten under its canonical form.
    forget = run(home, "forget", "inews", URLS[1] + "/all?utm_source=x", "https://www.inews.id/news/nasional/foto-saja")
    assert forget.returncode == 0, forget.stderr
    assert forget.stdout.startswith("forgot 2 record(s) for 2 URL(s)")
    with open_state(home / "output" / ".state", "inews") as state:
        assert not state.seen_url(URLS[1]) and state.seen_url(URLS[0])
        assert state.dropped_counts() == {}


def test_prune_forgets_what_was_first_seen_more_than_n_days_ago(home: Path) -> None:
    with open_state(home / "output" / ".state", "inews") as state:
        state.record("https://www.inews.id/news/lama", "old", 12345, first_seen=datetime.now(UTC) - timedelta(days=100))
    prune = run(home, "prune", "inews", "--older-than", "90")
    assert prune.returncode == 0, prune.stderr
    assert "forgot 1 record(s)" in prune.stdout and "3 exported articles remain" in prune.stdout
    assert run(home, "prune", "inews", "--older-than", "soon").returncode == 2


def test_check_says_consistent_and_rebuild_replaces_a_corrupt_state(home: Path) -> None:
    check = run(home, "check", "inews")
    assert check.returncode == 0, check.stdout + check.stderr
    assert check.stdout.splitlines()[-1].endswith("3 exported articles, 2 feed files, consistent")
    database = home / "output" / ".state" / "inews.sqlite3"
    database.write_bytes(b"\0broken" * 2000)
    broken = run(home, "check", "inews")
    assert broken.returncode == 1
    assert f"state: crawl state {database}: file is not a database; rebuild it with: scripts/state rebuild inews" \
        in broken.stderr
    rebuild = run(home, "rebuild", "inews")
    assert rebuild.returncode == 0, rebuild.stderr
    assert f"rebuilt {database} from 2 feed file(s): 3 exported articles" in rebuild.stdout
    [aside] = [path for path in (home / "output" / ".state").glob("inews.sqlite3.old-*")
               if not path.name.endswith(("-wal", "-shm"))]
    assert aside.read_bytes() == b"\0broken" * 2000
    assert run(home, "check", "inews").returncode == 0


def test_rebuild_reads_an_explicit_feed_file_given_to_it(home: Path) -> None:
    extra = home / "articles.jsonl"
    extra.write_text(line("https://www.inews.id/news/nasional/dari-o", "Sebuah berita dari -O."))
    rebuild = run(home, "rebuild", "inews", str(extra))
    assert rebuild.returncode == 0, rebuild.stderr
    assert "from 3 feed file(s): 4 exported articles" in rebuild.stdout
    assert run(home, "rebuild", "inews", str(home / "missing.jsonl")).returncode == 2


def test_check_reports_a_feed_file_replaced_behind_the_crawlers_back(home: Path) -> None:
    replaced = home / "output" / "inews" / "20261102T000000Z.jsonl"
    replaced.unlink()
    replaced.write_text(line("https://www.inews.id/x", "lain"))
    check = run(home, "check", "inews")
    assert check.returncode == 1
    assert f"problem: {replaced}: replaced or rewritten since the crawler wrote it" in check.stdout


def test_commands_that_change_the_state_refuse_while_a_crawl_holds_it(home: Path) -> None:
    with open_state(home / "output" / ".state", "inews", exclusive=True):
        for args in (("forget", "inews", URLS[0]), ("prune", "inews", "--older-than", "1"), ("rebuild", "inews"),
                     ("clean", "inews")):
            result = run(home, *args)
            assert result.returncode == 5, args
            assert "is in use by another crawl" in result.stderr
        assert run(home, "count", "inews").returncode == 0  # reading never waits


def test_clean_removes_old_logs_and_old_empty_feed_files_only(home: Path) -> None:
    logs = home / "output" / "logs"
    logs.mkdir()
    old = time.time() - 40 * 86400
    files = {
        "old log": logs / "inews-20261001T000000Z.log",
        "new log": logs / "inews-20261201T000000Z.log",
        "other spider's log": logs / "kompas-20261001T000000Z.log",
        "old empty feed": home / "output" / "inews" / "20261001T000000Z.jsonl",
        "new empty feed": home / "output" / "inews" / "20261201T000000Z.jsonl",
        "old empty file not named by a run": home / "output" / "inews" / "notes.jsonl",
    }
    for name, path in files.items():
        path.write_text("log line\n" if path.suffix == ".log" else "")
        if "old" in name:
            os.utime(path, (old, old))
    kept_feed = home / "output" / "inews" / "20261101T000000Z.jsonl"
    os.utime(kept_feed, (old, old))  # old, but it holds articles
    clean = run(home, "clean", "inews")
    assert clean.returncode == 0, clean.stderr
    assert "removed 1 log(s)" in clean.stdout and "1 empty feed file(s) older than 30 days" in clean.stdout
    assert {name for name, path in files.items() if not path.exists()} == {"old log", "old empty feed"}
    assert kept_feed.exists()
