"""Crawl state: what is recorded is found again, by URL, exact content and near content,
across reopen, across processes and after the writer is killed."""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newscrawler.fingerprints import NEAR_DUPLICATE_DISTANCE, content_fingerprint, hamming, simhash
from newscrawler.state import (
    CrawlState,
    ExportRecord,
    FeedFile,
    StateCorruptError,
    StateError,
    StateInUseError,
    StateLockedError,
    open_state,
)
from newscrawler.state.sqlite import BAND_WIDTHS

REPO = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures"
URL = "https://www.inews.id/news/megapolitan/banjir-rendam-ratusan-rumah-di-jakarta-timur"
OTHER_URL = "https://jatim.inews.id/read/412345/persebaya-tahan-imbang-arema"
STORY = (
    "Banjir merendam ratusan rumah warga di sejumlah kelurahan di Jakarta Timur pada Selasa "
    "pagi setelah hujan deras mengguyur ibu kota sejak Senin malam. Ketinggian air di beberapa "
    "titik mencapai 150 sentimeter, terutama di permukiman di bantaran Kali Ciliwung.\n\n"
    "Kepala Pelaksana BPBD DKI Jakarta mengatakan pihaknya telah menerjunkan petugas ke lokasi "
    "sejak dini hari. Menurut dia, luapan Kali Ciliwung dipicu kenaikan status Bendung Katulampa "
    "di Bogor yang sempat berada di level siaga dua pada Senin sore.\n\n"
    "Sebanyak 412 warga terpaksa mengungsi ke posko pengungsian yang didirikan di gedung sekolah "
    "dan masjid terdekat. Pemerintah kota menyiapkan dapur umum serta layanan kesehatan bagi para "
    "pengungsi, yang sebagian besar mengeluhkan gatal-gatal dan demam.\n\n"
    "BMKG memperkirakan hujan dengan intensitas sedang hingga lebat masih akan terjadi di wilayah "
    "Jabodetabek hingga akhir pekan. Masyarakat diimbau mewaspadai potensi banjir, genangan, dan "
    "pohon tumbang."
)
UNRELATED = (
    "Bank Indonesia memutuskan mempertahankan suku bunga acuan BI-Rate di level 6,00 persen dalam "
    "Rapat Dewan Gubernur yang digelar pada 20-21 Mei 2024. Gubernur BI mengatakan keputusan "
    "tersebut konsisten dengan kebijakan moneter yang pro-stability, yaitu untuk memperkuat "
    "stabilisasi nilai tukar rupiah dari dampak memburuknya risiko global.\n\n"
    "Nilai tukar rupiah hingga 21 Mei 2024 tercatat melemah 3,42 persen dibandingkan dengan level "
    "akhir Desember 2023. Meski demikian, pelemahan tersebut dinilai lebih baik dibandingkan "
    "dengan depresiasi mata uang sejumlah negara di kawasan."
)


def _record_story(state: CrawlState, url: str = URL, text: str = STORY) -> None:
    assert state.record(url, content_fingerprint(text), simhash(text))


def test_record_seen_count_round_trip(tmp_path: Path) -> None:
    with open_state(tmp_path / "state", "inews") as state:
        assert state.count() == 0
        assert not state.seen_url(URL)
        _record_story(state)
        assert state.seen_url(URL)
        assert not state.seen_url(OTHER_URL)
        assert not state.seen_url(URL + "/all")  # exact canonical URL, nothing fuzzy
        # A second record of the same URL keeps the first one.
        assert not state.record(URL, "another-fingerprint", 1)
        assert state.count() == 1
        assert state.find_content("another-fingerprint") is None
    assert (tmp_path / "state" / "inews.sqlite3").is_file()


def test_state_persists_across_close_and_reopen(tmp_path: Path) -> None:
    with open_state(tmp_path, "inews") as state:
        _record_story(state)
        _record_story(state, OTHER_URL, UNRELATED)
    with open_state(tmp_path, "inews") as state:
        assert state.count() == 2
        assert state.seen_url(URL) and state.seen_url(OTHER_URL)
        assert state.find_content(content_fingerprint(UNRELATED)) == OTHER_URL
        assert state.find_near(simhash(STORY)) == URL
    with open_state(tmp_path, "other_spider") as state:  # one file per spider
        assert state.count() == 0


def test_find_content_matches_reformatted_copy_only(tmp_path: Path) -> None:
    with open_state(tmp_path, "inews") as state:
        _record_story(state)
        reformatted = "  " + STORY.upper().replace("\n\n", "\n").replace(",", " ,")
        assert state.find_content(content_fingerprint(reformatted)) == URL
        assert state.find_content(content_fingerprint(STORY.replace("412", "450"))) is None
        assert state.find_content(content_fingerprint(UNRELATED)) is None


def test_find_near_finds_edited_copy_not_unrelated_text(tmp_path: Path) -> None:
    corrected = STORY.replace("Sebanyak 412 warga", "Sebanyak 450 warga")
    extended = STORY.replace(
        "pohon tumbang.", "pohon tumbang. Warga dapat menghubungi layanan darurat 112."
    )
    with open_state(tmp_path, "inews") as state:
        _record_story(state)
        assert state.find_near(simhash(corrected)) == URL
        assert state.find_near(simhash(extended)) == URL
        assert state.find_near(simhash(UNRELATED)) is None


def _flip(h: int, bits: list[int]) -> int:
    for bit in bits:
        h ^= 1 << bit
    return h


def test_find_near_returns_nearest_and_respects_threshold(tmp_path: Path) -> None:
    base = 0x0123_4567_89AB_CDEF
    # Worst case for the band index: errors spread evenly over the bands (3 + 3 + 2 bits).
    starts = [64 - sum(BAND_WIDTHS[: i + 1]) for i in range(len(BAND_WIDTHS))]
    spread_8 = [start + k for start in starts[:2] for k in range(3)] + [starts[2], starts[2] + 1]
    with open_state(tmp_path, "inews") as state:
        state.record("https://a", "fa", base)
        assert state.find_near(_flip(base, spread_8)) == "https://a"
        assert state.find_near(_flip(base, [*spread_8, starts[2] + 2])) is None  # 9 bits
        state.record("https://b", "fb", _flip(base, [0, 1, 2, 3, 4]))
        assert state.find_near(_flip(base, [0, 1, 2, 3])) == "https://b"  # 1 bit vs 4 bits
        with pytest.raises(ValueError):
            state.find_near(2**64)


@pytest.fixture(scope="module")
def near_state(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[tuple[CrawlState, dict[str, int]]]:
    """One state shared by all examples, with the hashes recorded so far (url -> hash)."""
    with open_state(tmp_path_factory.mktemp("near"), "inews") as state:
        yield state, {}


@settings(max_examples=300, deadline=None)
@given(base=st.integers(0, 2**64 - 1), flipped=st.sets(st.integers(0, 63), max_size=16))
def test_find_near_returns_the_nearest_hash_within_threshold(
    near_state: tuple[CrawlState, dict[str, int]], base: int, flipped: set[int]
) -> None:
    state, recorded = near_state
    url = f"https://www.inews.id/news/nasional/{base:016x}"
    if state.record(url, "x", base):
        recorded[url] = base
    query = _flip(base, sorted(flipped))
    nearest = min(hamming(h, query) for h in recorded.values())  # brute force: the spec
    found = state.find_near(query)
    if nearest <= NEAR_DUPLICATE_DISTANCE:
        assert found is not None and hamming(recorded[found], query) == nearest
    else:
        assert found is None


def test_find_near_sees_what_another_connection_recorded_after_its_first_search(tmp_path: Path) -> None:
    """find_near skips probe values no row has (an in-memory table, filled at the first
    search); a near copy another writer records later must still be found, and a
    reopened state must find what was recorded before."""
    with open_state(tmp_path, "inews") as reader, open_state(tmp_path, "inews") as writer:
        assert reader.find_near(simhash(STORY)) is None  # table filled: empty
        _record_story(writer)
        assert reader.find_near(simhash(STORY.replace("412 warga", "450 warga"))) == URL
        _record_story(reader, OTHER_URL, UNRELATED)  # its own writes count at once too
        assert reader.find_near(simhash(UNRELATED.replace("6,00 persen", "6,25 persen"))) == OTHER_URL
    with open_state(tmp_path, "inews") as reopened:
        assert reopened.find_near(simhash(UNRELATED)) == OTHER_URL


def test_record_validates_hash_and_time(tmp_path: Path) -> None:
    with open_state(tmp_path, "inews") as state:
        with pytest.raises(ValueError):
            state.record(URL, "f", -1)
        with pytest.raises(ValueError):
            state.record(URL, "f", 2**64)
        with pytest.raises(ValueError):
            state.record(URL, "f", 0, first_seen=datetime(2024, 5, 1, 10))  # naive
        wib = timezone(timedelta(hours=7))
        state.record(URL, "f", 2**64 - 1, first_seen=datetime(2024, 5, 1, 10, tzinfo=wib))
        assert state.count() == 1
    with sqlite3.connect(tmp_path / "inews.sqlite3") as db:
        assert db.execute("SELECT first_seen FROM article").fetchall() == [
            ("2024-05-01T03:00:00Z",)
        ]


def test_record_many_counts_new_rows_and_is_all_or_nothing(tmp_path: Path) -> None:
    with open_state(tmp_path, "inews") as state:
        state.record(URL, "f0", 0)
        batch = [ExportRecord(URL, "f0", 0), ExportRecord(OTHER_URL, "f1", 1, datetime.now(UTC))]
        assert state.record_many(batch) == 1
        with pytest.raises(ValueError):
            state.record_many(
                [ExportRecord("https://c", "f2", 2), ExportRecord("https://d", "f3", -5)]
            )
        assert not state.seen_url("https://c")
        assert state.count() == 2


def test_spider_name_must_be_a_plain_file_name(tmp_path: Path) -> None:
    for name in ("../inews", "a/b", ".hidden", ""):
        with pytest.raises(StateError):
            open_state(tmp_path, name)


def test_unknown_schema_version_fails_clearly(tmp_path: Path) -> None:
    open_state(tmp_path, "inews").close()
    with sqlite3.connect(tmp_path / "inews.sqlite3") as db:
        db.execute("PRAGMA user_version = 99")
    with pytest.raises(StateError, match="schema version 99"):
        open_state(tmp_path, "inews")


def test_writer_blocked_by_another_writer_fails_clearly_and_readers_go_on(tmp_path: Path) -> None:
    with open_state(tmp_path, "inews") as state:
        _record_story(state)
    other = sqlite3.connect(tmp_path / "inews.sqlite3", isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another process's write transaction, left open
    try:
        with open_state(tmp_path, "inews", timeout=0.05) as state:
            assert state.seen_url(URL)  # WAL: reading does not wait for the writer
            with pytest.raises(StateLockedError, match=r"inews\.sqlite3"):
                state.record(OTHER_URL, "f", 1)
            other.execute("COMMIT")
            assert state.record(OTHER_URL, "f", 1)
    finally:
        other.close()


# A second process: records one article, says so on stdout, then waits for stdin to close
# (so it is still alive, connection open, when the parent looks).
CHILD = """
import sys
from newscrawler.state import open_state
state = open_state(sys.argv[1], "inews")
state.record(sys.argv[2], "child-fingerprint", 12345)
print("recorded", flush=True)
sys.stdin.read()
"""


def _start_recorder(state_dir: Path, url: str) -> subprocess.Popen[str]:
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(state_dir), url],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )
    assert child.stdout is not None
    assert child.stdout.readline() == "recorded\n"
    return child


def test_record_by_one_process_is_visible_to_another(tmp_path: Path) -> None:
    with open_state(tmp_path, "inews") as state:
        assert not state.seen_url(URL)
        child = _start_recorder(tmp_path, URL)
        try:
            assert state.seen_url(URL)
            assert state.find_content("child-fingerprint") == URL
        finally:
            child.communicate("")
        assert child.returncode == 0


def test_record_survives_kill_9_right_after_it_returns(tmp_path: Path) -> None:
    child = _start_recorder(tmp_path, URL)
    os.kill(child.pid, signal.SIGKILL)
    child.communicate()
    assert child.returncode == -signal.SIGKILL
    # The record is still only in the write-ahead log: reopening must recover it from there.
    assert (tmp_path / "inews.sqlite3-wal").stat().st_size > 0
    with open_state(tmp_path, "inews") as state:
        assert state.seen_url(URL)
        assert state.find_content("child-fingerprint") == URL
        assert state.count() == 1


# SQLite stores text as UTF-8, which has no lone surrogates; canonical URLs are ASCII anyway.
@settings(max_examples=60, deadline=None)
@given(url=st.text(st.characters(exclude_categories=["Cs"])))
def test_any_url_string_round_trips(url: str) -> None:
    with tempfile.TemporaryDirectory() as state_dir:
        with open_state(state_dir, "inews") as state:
            assert state.record(url, "fp", 7)
            assert not state.seen_url(url + "x")
        with open_state(state_dir, "inews") as state:
            assert state.seen_url(url)
            assert state.find_content("fp") == url
            assert state.find_near(7) == url


def test_the_read_next_link_of_an_exported_article_is_remembered(tmp_path: Path) -> None:
    with open_state(tmp_path, "inews") as state:
        state.record(URL, "f0", 0, read_next=OTHER_URL)
        state.record(OTHER_URL, "f1", 1)
    with open_state(tmp_path, "inews") as state:
        assert state.read_next_of(URL) == OTHER_URL
        assert state.read_next_of(OTHER_URL) is None
        assert state.read_next_of("https://never.example/") is None


def test_only_one_crawl_at_a_time_opens_the_state_exclusively(tmp_path: Path) -> None:
    with open_state(tmp_path, "inews", exclusive=True) as crawling:
        crawling.record(URL, "f0", 0)
        with pytest.raises(StateInUseError, match=rf"inews\.sqlite3 is in use by another crawl \(pid {os.getpid()}\)"):
            open_state(tmp_path, "inews", exclusive=True)
        with open_state(tmp_path, "inews") as reader:  # readers do not ask for the lock
            assert reader.seen_url(URL)
    with open_state(tmp_path, "inews", exclusive=True) as next_crawl:
        assert next_crawl.seen_url(URL)


def test_articles_dropped_for_good_are_remembered_apart_from_exported_ones(tmp_path: Path) -> None:
    with open_state(tmp_path, "inews") as state:
        assert state.remember_dropped(URL, "missing_content")
        assert not state.remember_dropped(URL, "not_html")  # the first reason stays
    with open_state(tmp_path, "inews") as state:
        assert state.dropped_reason(URL) == "missing_content"
        assert state.dropped_reason(OTHER_URL) is None
        assert not state.seen_url(URL) and state.count() == 0  # not an exported article
        assert state.dropped_counts() == {"missing_content": 1}


def test_forget_prune_and_recent(tmp_path: Path) -> None:
    now = datetime.now(UTC)
    with open_state(tmp_path, "inews") as state:
        state.record(URL, "f0", 0, first_seen=now - timedelta(days=40))
        state.record(OTHER_URL, "f1", (1 << 64) - 1, first_seen=now - timedelta(days=1))
        state.remember_dropped("https://www.inews.id/news/foto", "missing_content", first_seen=now - timedelta(days=50))
        assert [url for _, url, _ in state.recent(2)] == [OTHER_URL, URL]
        assert state.prune(now - timedelta(days=30)) == 2
        assert state.count() == 1 and state.dropped_counts() == {}
        assert state.find_content("f0") is None and state.find_near(0) is None
        assert state.forget([OTHER_URL, "https://never.example/"]) == 1
        assert not state.seen_url(OTHER_URL)


# The article table and indexes as schema versions 2 and 3 had them (newscrawler/state/sqlite.py
# at c0c03ad), frozen here: migrations are tested on what old code wrote, not on today's DDL.
OLD_ARTICLE_DDL = [
    """CREATE TABLE article (
        url TEXT PRIMARY KEY, first_seen TEXT NOT NULL, fingerprint TEXT NOT NULL,
        simhash INTEGER NOT NULL, read_next TEXT,
        band0 INTEGER NOT NULL, band1 INTEGER NOT NULL, band2 INTEGER NOT NULL
    )""",
    "CREATE INDEX article_fingerprint ON article (fingerprint)",
    *(f"CREATE INDEX article_band{i} ON article (band{i}, simhash)" for i in range(3)),
]
OLD_INSERT = ("INSERT INTO article (url, first_seen, fingerprint, simhash, read_next, band0, band1, band2) "
              "VALUES (?, '2026-11-30T01:02:03Z', ?, ?, NULL, ?, ?, ?)")


def _old_bands(simhash: int) -> tuple[int, int, int]:
    return simhash >> 42, (simhash >> 21) & ((1 << 21) - 1), simhash & ((1 << 21) - 1)


def test_a_version_2_state_gains_the_new_tables_and_keeps_its_articles(tmp_path: Path) -> None:
    from newscrawler.state import sqlite as backend

    with sqlite3.connect(tmp_path / "inews.sqlite3") as db:
        for statement in OLD_ARTICLE_DDL:
            db.execute(statement)
        db.execute(OLD_INSERT, (URL, "f0", 5, *_old_bands(5)))
        db.execute("PRAGMA user_version = 2")
    with open_state(tmp_path, "inews") as state:
        assert state.seen_url(URL) and state.find_near(5) == URL
        assert state.remember_dropped(OTHER_URL, "not_html")
        assert state.feed_files() == {}
        assert state.article(URL).revision == 1
    with sqlite3.connect(tmp_path / "inews.sqlite3") as db:
        assert db.execute("PRAGMA user_version").fetchone()[0] == backend.SCHEMA_VERSION


def test_a_state_written_before_revisions_is_migrated_and_keeps_working(tmp_path: Path) -> None:
    """tests/fixtures/state/schema3.sqlite3 was written by the schema-3 code (two articles, one
    with a Read Next link, and one dropped for good)."""
    from newscrawler.state import sqlite as backend

    shutil.copy(FIXTURES / "state" / "schema3.sqlite3", tmp_path / "inews.sqlite3")
    first = "https://www.inews.id/news/nasional/contoh-berita-satu"
    second = "https://www.inews.id/news/nasional/contoh-berita-dua"
    with open_state(tmp_path, "inews", exclusive=True) as state:
        assert state.count() == 2 and state.seen_url(first) and state.seen_url(second)
        assert state.read_next_of(first) == second
        assert state.dropped_reason("https://www.inews.id/news/nasional/foto-saja") == "missing_content"
        stored = state.article(first)
        # Old rows: revision 1, checked when first seen, title, dates and validators unknown.
        assert stored.revision == 1 and stored.checked_at == stored.first_seen
        assert stored.first_seen == datetime(2026, 11, 30, 1, 2, 3, tzinfo=timezone.utc)
        assert (stored.title_key, stored.updated_at, stored.listed_at, stored.etag) == (None, None, None, None)
        assert state.find_content(stored.fingerprint) == first and state.find_near(stored.simhash) == first
        # And it takes revisions like a new state.
        assert state.record_many([ExportRecord(first, "f-new", 7, revision=2, etag='"v2"')]) == 1
        assert state.article(first)[2:5] == ("f-new", 7, 2) and state.article(first).etag == '"v2"'
        assert state.find_content("f-new") == first and state.find_content(stored.fingerprint) is None
        assert state.read_next_of(first) == second  # kept: the revision named none
    with sqlite3.connect(tmp_path / "inews.sqlite3") as db:
        assert db.execute("PRAGMA user_version").fetchone()[0] == backend.SCHEMA_VERSION == 4
    with open_state(tmp_path, "inews") as state:  # opened again: nothing more to migrate
        assert state.article(first).revision == 2 and state.count() == 2


def test_revisions_replace_the_recorded_content_once_and_only_upwards(tmp_path: Path) -> None:
    seen = datetime(2026, 12, 1, 3, 0, tzinfo=timezone.utc)
    with open_state(tmp_path, "inews") as state:
        assert state.record_many([ExportRecord(URL, "f1", 1, seen, crawled_at="2026-12-01T02:59:58+00:00",
                                               title_key="t1", etag='"a"', last_modified="Tue, 01 Dec 2026")]) == 1
        stored = state.article(URL)
        assert (stored.revision, stored.checked_at, stored.crawled_at, stored.etag) == (
            1, seen, "2026-12-01T02:59:58+00:00", '"a"')
        assert state.record_many([ExportRecord(URL, "f9", 9)]) == 0  # revision 1 again: the first stays
        revision = ExportRecord(URL, "f2", 2, revision=2, title_key="t2", updated_at=seen)
        assert state.record_many([revision]) == 1
        assert state.record_many([revision]) == 0  # read back from the feed after a crash: once
        assert state.record_many([revision._replace(fingerprint="f-late", revision=1)]) == 0
        stored = state.article(URL)
        assert (stored.fingerprint, stored.revision, stored.title_key, stored.updated_at) == ("f2", 2, "t2", seen)
        assert stored.first_seen == seen and stored.crawled_at == "2026-12-01T02:59:58+00:00"  # revision 1's
        assert stored.checked_at > seen
        assert state.find_near(2) == URL and state.find_near(1) == URL  # 1 bit apart
        assert state.find_content("f1") is None and state.find_content("f2") == URL
        # Checks and listing dates.
        later = datetime(2026, 12, 2, tzinfo=timezone.utc)
        assert state.record_check(URL, None, "Wed, 02 Dec 2026", later)
        assert not state.record_check(OTHER_URL, '"x"', None)
        assert state.article(URL).checked_at == later and state.article(URL).etag is None
        assert state.article(URL).last_modified == "Wed, 02 Dec 2026"
        assert state.note_listed({URL: later, OTHER_URL: later}) == 1
        assert state.note_listed({URL: seen}) == 0  # an earlier date never replaces a later one
        assert state.article(URL).listed_at == later and state.article(OTHER_URL) is None


def test_a_file_that_is_not_a_database_is_reported_as_corrupt_naming_it(tmp_path: Path) -> None:
    (tmp_path / "inews.sqlite3").write_bytes(b"\0not a database" * 1000)
    with pytest.raises(StateCorruptError, match=r"inews\.sqlite3: file is not a database"):
        open_state(tmp_path, "inews", exclusive=True)
    with open_state(tmp_path, "other", exclusive=True) as state:  # the lock was let go
        assert state.integrity_problems() == []


def test_feed_offsets_are_written_with_the_records_read_from_the_feed(tmp_path: Path) -> None:
    feed = FeedFile("/feeds/a.jsonl", 0, 120, 1, 2, True)
    with open_state(tmp_path, "inews") as state:
        with pytest.raises(ValueError):  # a bad record: neither the records nor the offset change
            state.record_scan(feed, [ExportRecord(URL, "f0", 0), ExportRecord(OTHER_URL, "f1", -1)])
        assert state.feed_files() == {} and state.count() == 0
        assert state.record_scan(feed, [ExportRecord(URL, "f0", 0)]) == 1
        assert state.feed_files() == {feed.path: feed}
