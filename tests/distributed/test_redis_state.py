"""The crawl state's Redis backend, against a real redis-server: what two workers see of each
other's exports and claims, and what a killed worker's claims are worth."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from newscrawler.fingerprints import fingerprints
from newscrawler.state import ExportRecord, StateError, open_state
from newscrawler.state.redis import RedisLink, worker_key

STORY = " ".join(f"kata{n} banjir melanda kota pada hari kamis warga mengungsi" for n in range(40))
H = 0x0123_4567_89AB_CDEF


def worker(server, name: str, run: str = "newscrawler:crawl:test:0:", alive: bool = True):
    client = server.client()
    if alive:
        client.set(worker_key(name), "1")
    return open_state("unused", "inews", redis=RedisLink(client, name, run))


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
