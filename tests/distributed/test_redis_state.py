"""The crawl state's Redis backend, against a real redis-server: what two workers see of each
other's exports and claims, and what a killed worker's claims are worth."""
from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

import pytest
from scrapy.statscollectors import StatsCollector
from scrapy.utils.test import get_crawler

from newscrawler.fingerprints import fingerprints
from newscrawler.state import ExportRecord, StateError, open_state
from newscrawler.state.redis import RedisLink, worker_key

STORY = " ".join(f"kata{n} banjir melanda kota pada hari kamis warga mengungsi" for n in range(40))
H = 0x0123_4567_89AB_CDEF


def worker(server, name: str, run: str = "newscrawler:crawl:test:0:", alive: bool = True, files=(), stats=None):
    client = server.client()
    if alive:
        client.set(worker_key(name), "1")
    return open_state("unused", "inews", redis=RedisLink(client, name, run, lambda: files, stats))


def line(url: str, **fields) -> bytes:
    return json.dumps({"url": url, "title": "t", **fields}).encode() + b"\n"


def settled(stats) -> dict:
    return {k.rsplit("/", 1)[1]: v for k, v in stats.get_stats().items() if k.startswith("newscrawler/distributed/claims")}


@pytest.fixture
def stats():
    return StatsCollector(get_crawler())


def flip(value: int, *bits: int) -> int:
    for bit in bits:
        value ^= 1 << bit
    return value


def test_a_claim_keeps_other_workers_from_the_same_url_content_or_near_content(redis_server):
    a, b = worker(redis_server, "a"), worker(redis_server, "b")
    assert a.claim("https://x/1", "fp1", H) is None
    assert b.claim("https://x/1", "fp9", 1) == ("url", "https://x/1")
    assert b.claim("https://x/2", "fp1", 1) == ("exact_content", "https://x/1")
    assert b.claim("https://x/3", "fp3", flip(H, 0, 9, 20, 33, 40, 50, 60, 63)) == ("near_content", "https://x/1")
    assert b.claim("https://x/4", "fp4", flip(H, 0, 9, 20, 33, 40, 50, 60, 62, 61)) is None  # 9 bits: not near


def test_recorded_articles_are_seen_by_every_worker_and_in_later_runs(redis_server):
    a = worker(redis_server, "a")
    fingerprint, simhash = fingerprints(STORY)
    assert a.claim("https://x/1", fingerprint, simhash) is None
    assert a.record_many([ExportRecord("https://x/1", fingerprint, simhash, read_next="https://x/2")]) == 1
    assert a.record_many([ExportRecord("https://x/1", fingerprint, simhash)]) == 0
    later = worker(redis_server, "c", run="newscrawler:crawl:test:1:")
    assert later.seen_url("https://x/1") and later.count() == 1
    assert later.read_next_of("https://x/1") == "https://x/2"
    assert later.find_content(fingerprint) == "https://x/1"
    edited = fingerprints(STORY.replace("kamis", "jumat", 1))
    assert later.find_near(edited[1]) == "https://x/1"
    assert later.claim("https://y/1", *edited) == ("near_content", "https://x/1")
    assert later.find_near(flip(simhash, *range(20))) is None
    # recrawl (earlier_runs=False): what earlier runs exported does not count, this run's does
    assert later.claim("https://x/1", fingerprint, simhash, earlier_runs=False) is None
    later.record_many([ExportRecord("https://x/1", fingerprint, simhash)])
    assert worker(redis_server, "d", run="newscrawler:crawl:test:1:").claim(
        "https://z/1", fingerprint, 5, earlier_runs=False) == ("exact_content", "https://x/1")


def test_a_killed_workers_claims_count_for_nothing(redis_server):
    dead = worker(redis_server, "dead")
    assert dead.claim("https://x/1", "fp1", H) is None
    redis_server.client().delete(worker_key("dead"))  # its heartbeat expired
    survivor = worker(redis_server, "survivor")
    assert survivor.claim("https://x/1", "fp1", H) is None
    assert worker(redis_server, "third").claim("https://x/1", "fp1", H) == ("url", "https://x/1")


def test_a_dead_workers_claim_on_an_article_its_file_holds_becomes_its_record(redis_server, tmp_path, stats):
    feed = tmp_path / "20261202T000000Z-host-1.jsonl"
    feed.write_bytes(line("https://x/0"))
    dead = worker(redis_server, "dead", files=[feed])
    assert dead.claim("https://x/1", "fp1", H) is None
    with feed.open("ab") as handle:  # written and flushed; killed before the record
        handle.write(line("https://x/1", read_next_url="https://x/2"))
    redis_server.client().delete(worker_key("dead"))
    survivor = worker(redis_server, "survivor", stats=stats)
    # its request fetched again: the article is exported already, by the dead worker
    assert survivor.claim("https://x/1", "fp1", H) == ("url", "https://x/1")
    assert survivor.exported_by(["https://x/1"]) == {"https://x/1": "dead"}
    assert survivor.read_next_of("https://x/1") == "https://x/2"
    assert survivor.claim("https://y/1", "fp1", 5) == ("exact_content", "https://x/1")
    assert settled(stats) == {"claims_recovered": 1}
    assert redis_server.client().hlen("newscrawler:crawl:test:0:claims") == 0


def test_a_dead_workers_claim_with_only_a_cut_line_is_released(redis_server, tmp_path, stats):
    feed = tmp_path / "run.jsonl"
    dead = worker(redis_server, "dead", files=[feed])  # the file is created by the first line
    assert dead.claim("https://x/1", "fp1", H) is None
    # another article's line, then this one's, killed half-way through it
    feed.write_bytes(line("https://x/0") + line("https://x/1")[:-9])
    redis_server.client().delete(worker_key("dead"))
    survivor = worker(redis_server, "survivor", stats=stats)
    assert survivor.claim("https://x/1", "fp1", H) is None  # this worker exports it now
    assert not survivor.seen_url("https://x/1")
    assert settled(stats) == {"claims_released": 1}


def test_a_dead_workers_claim_never_written_on_this_machine_is_released(redis_server, tmp_path, stats):
    dead = worker(redis_server, "dead", files=[tmp_path / "never-created.jsonl"])
    assert dead.claim("https://x/1", "fp1", H) is None
    redis_server.client().delete(worker_key("dead"))
    assert worker(redis_server, "survivor", stats=stats).claim("https://x/1", "fp1", H) is None
    assert settled(stats) == {"claims_released": 1}


@pytest.mark.parametrize("where", ["another machine", "shorter file", "no local feed"])
def test_a_dead_workers_claim_that_cannot_be_checked_here_is_released_and_counted_apart(
        redis_server, tmp_path, stats, caplog, where):
    feed = tmp_path / "run.jsonl"
    feed.write_bytes(line("https://x/0"))
    dead = worker(redis_server, "dead", files=[] if where == "no local feed" else [tmp_path / "elsewhere.jsonl", feed])
    if where == "another machine":
        dead.host = "crawler-7"  # its file is on its own disk: not here
        (tmp_path / "elsewhere.jsonl").unlink(missing_ok=True)
    else:
        (tmp_path / "elsewhere.jsonl").write_bytes(b"")
    assert dead.claim("https://x/1", "fp1", H) is None
    if where == "shorter file":
        feed.write_bytes(b"")  # replaced since the claim: what it held is not known
    redis_server.client().delete(worker_key("dead"))
    survivor = worker(redis_server, "survivor", stats=stats)
    assert survivor.claim("https://x/1", "fp1", H) is None
    assert settled(stats) == {"claims_released_unchecked": 1}
    assert "scripts/merge-run --redis keeps one copy" in caplog.text


def test_a_shared_output_folder_lets_another_machines_claim_be_checked(redis_server, tmp_path, stats):
    feed = tmp_path / "20261202T000000Z-crawler-7-42.jsonl"
    dead = worker(redis_server, "dead", files=[feed])
    dead.host = "crawler-7"
    assert dead.claim("https://x/1", "fp1", H) is None
    feed.write_bytes(line("https://x/1"))
    redis_server.client().delete(worker_key("dead"))
    assert worker(redis_server, "survivor", stats=stats).claim("https://x/1", "fp1", H) == ("url", "https://x/1")
    assert settled(stats) == {"claims_recovered": 1}


def test_dead_claims_are_settled_when_workers_are_reaped_even_if_nobody_claims_again(redis_server, tmp_path, stats):
    feed = tmp_path / "run.jsonl"
    dead, live = worker(redis_server, "dead", files=[feed]), worker(redis_server, "live")
    assert dead.claim("https://x/1", "fp1", H) is None
    assert dead.claim("https://x/2", "fp2", 7) is None
    assert live.claim("https://x/3", "fp3", (1 << 64) - 1) is None
    feed.write_bytes(line("https://x/1"))
    reaper = worker(redis_server, "reaper", stats=stats)
    reaper.settle_dead_claims()  # both alive: nothing to settle
    assert settled(stats) == {} and redis_server.client().hlen("newscrawler:crawl:test:0:claims") == 3
    redis_server.client().delete(worker_key("dead"))
    reaper.settle_dead_claims()
    assert settled(stats) == {"claims_recovered": 1, "claims_released": 1}
    assert reaper.seen_url("https://x/1") and not reaper.seen_url("https://x/2")
    assert set(redis_server.client().hkeys("newscrawler:crawl:test:0:claims")) == {"https://x/3"}  # the live one's
    # the next run against the same Redis knows the dead worker's article as exported
    assert worker(redis_server, "next", run="newscrawler:crawl:test:1:").claim("https://x/1", "fp1", H) == (
        "url", "https://x/1")


def test_dropped_forget_prune_and_recent(redis_server):
    state = worker(redis_server, "a")
    old = datetime(2020, 1, 1, tzinfo=timezone.utc)
    state.record_many([ExportRecord("https://x/old", "fpo", H, first_seen=old), ExportRecord("https://x/new", "fpn", 7)])
    assert state.remember_dropped("https://x/photo", "missing_content")
    assert not state.remember_dropped("https://x/photo", "not_html")
    assert state.dropped_reason("https://x/photo") == "missing_content"
    assert state.dropped_counts() == {"missing_content": 1}
    assert [row[1:] for row in state.recent(2)][0] in {("https://x/new", "exported"), ("https://x/photo", "missing_content")}
    assert state.prune(old + timedelta(days=1)) == 1
    assert not state.seen_url("https://x/old") and state.find_content("fpo") is None and state.find_near(H) is None
    assert state.forget(["https://x/new", "https://x/photo"]) == 2
    assert state.count() == 0 and state.dropped_reason("https://x/photo") is None


def test_redis_gone_is_a_state_error_naming_redis(redis_server):
    state = worker(redis_server, "a")
    redis_server.stop()
    with pytest.raises(StateError, match="Redis"):
        state.record_many([ExportRecord("https://x/1", "fp", 1)])
    with pytest.raises(StateError, match="Redis"):
        state.claim("https://x/1", "fp", 1)
