"""SQLite crawl state: one file per spider, safe against crashes and a second process.

Durability.  WAL journal, ``synchronous=NORMAL``, one transaction per ``record``.
``record`` runs after the article's line is flushed to the feed. A commit in WAL mode with
NORMAL is in the operating system as soon as it returns, so it survives the crawler being
killed (SIGKILL included), which is the failure cron crawls meet; only a power cut or kernel
crash can lose the last commits. FULL would fsync every commit, but the feed lines it
protects are themselves only flushed, not fsynced, so it would buy nothing the feed keeps;
what a power cut loses is re-read from the feed files at the next start
(``newscrawler.feeds.recover``). NORMAL halves the state's cost per exported article.
``record_many`` writes many articles in one transaction; the crawl records its exported
articles that way, a batch at a time, and the window this leaves (flushed feed lines without
a record yet) is what ``recover`` closes at the next start.

Concurrency.  WAL lets other processes read while one writes; writers queue on SQLite's
lock for up to ``timeout`` seconds (busy timeout) and then get ``StateLockedError`` naming
the file.  A write holds the lock for one short transaction, so waiting is the normal case.

One crawl at a time.  ``exclusive=True`` (how the crawl opens its state) takes an exclusive
``flock`` on ``<state>.lock`` beside the database, without waiting, and holds it until
``close``; the kernel drops it when the process ends however it ends (SIGKILL included), so
a killed crawl never leaves a stale lock behind. The file holds the owner's pid, for the
message a second crawl gets.

Near-duplicate index (multi-index hashing, Norouzi et al. 2012).  The 64-bit SimHash is cut
into three bands of 22, 21 and 21 bits, each stored in an indexed column.  If two hashes
differ in at most 8 bits, some band differs in at most 8 // 3 = 2 bits (three bands with 3
or more differing bits would make 9).  So ``find_near`` looks up, in each band, the band's
value and every value within 2 bits of it (254 + 232 + 232 index probes) and checks each
candidate's full hash exactly: every stored hash within the threshold is found, and with a
million rows only about 300 candidates come back.  Wider bands would mean more probes;
four 16-bit bands would give about 8,000 candidates at a million rows.  The band indexes
include the hash itself, so candidates are checked without reading their rows.
Before probing, each probe value is looked up in an in-memory table of the band values
the table holds (a byte per possible value, 8 MiB for the three bands: bits would be 1 MiB
but need a Python-level loop per probe), and only values present go to SQLite: with
thousands of rows almost no probe does (a look-up takes ~0.04 ms instead of ~0.25 ms of
718 index probes, which the crawl thread pays per article), with a million rows about a
quarter to a third do. The table only ever gains values (rows are never deleted); it is
filled from the database when the state is first searched and again whenever another
connection has committed since (``PRAGMA data_version``), and this connection's own
records mark their values as they are written. (``forget`` and ``prune`` delete rows and
leave their marks behind: a stale mark only costs an index probe that finds nothing.)

Tables (schema version 4, ``PRAGMA user_version``; an older state is brought up to date when
it is opened).  ``article``: one row per exported canonical URL with when it was first seen,
the content fingerprint, the SimHash and its three band columns, and the "Read Next" link
followed from it; since version 4 also what revisions need (``newscrawler.revisions``): the
latest exported ``revision`` (the row's fingerprints are that revision's), revision 1's
``crawled_at``, ``checked_at`` (the last download or 304), ``title_key`` (the title's
fingerprint), the page's ``updated_at``, ``listed_at`` (the latest date a listing, sitemap or
feed gave it) and the ``etag`` / ``last_modified`` validators for conditional requests. Rows
from a version 3 state have these NULL (unknown) but ``revision``, which is 1.
Beside the articles: ``dropped``, the articles dropped for a reason that will not change
(not downloaded again), and ``feed``, the feed files the crawler wrote and how far each was
read back (``newscrawler.feeds.FeedLedger``). Keeping the feed offsets in the same database
as the records, and updating both in one transaction, is what keeps them consistent: a lost
WAL or a restored backup takes both back to the same moment, and a deleted state file takes
both with it.

Corruption.  A file that is not a database, or a damaged one, raises ``StateCorruptError``
naming the file; ``integrity_problems`` runs SQLite's own check (``PRAGMA quick_check``).
"""

from __future__ import annotations

import fcntl
import os
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from itertools import combinations, compress
from operator import itemgetter
from pathlib import Path

from newscrawler.fingerprints import NEAR_DUPLICATE_DISTANCE
from newscrawler.state.base import (
    CrawlState, ExportRecord, FeedFile, StateCorruptError, StateError, StateInUseError, StateLockedError,
    StoredArticle,
)

SCHEMA_VERSION = 4
"""Stored in ``PRAGMA user_version``; bump it with a migration when the schema or the band
layout changes, or when the fingerprint definitions change."""

BAND_WIDTHS = (22, 21, 21)
BAND_RADIUS = NEAR_DUPLICATE_DISTANCE // len(BAND_WIDTHS)
CACHE_KIB = 64 * 1024
"""Page cache cap: bulk inserts into large indexes run about 1.5x faster than with the 2 MiB
default, and the crawler's memory stays bounded."""
WAL_SIZE_LIMIT = 64 * 1024 * 1024
"""Truncate the WAL back to this after a checkpoint, so one big ``record_many`` does not
leave a WAL file of its own size behind."""

_U64 = 1 << 64


def _band_layout() -> list[tuple[int, int]]:
    """(shift, mask) of each band, most significant band first."""
    layout, shift = [], 64
    for width in BAND_WIDTHS:
        shift -= width
        layout.append((shift, (1 << width) - 1))
    return layout


_BANDS = _band_layout()
# XOR masks reaching every band value within BAND_RADIUS bits of the probed one.
_PROBES = [
    [
        sum(1 << bit for bit in bits)
        for radius in range(BAND_RADIUS + 1)
        for bits in combinations(range(width), radius)
    ]
    for width in BAND_WIDTHS
]
_BAND_COLUMNS = [f"band{i}" for i in range(len(BAND_WIDTHS))]
_BAND_VALUES = f"SELECT {', '.join(_BAND_COLUMNS)} FROM article"

_SCHEMA = [
    f"""CREATE TABLE article (
        url TEXT PRIMARY KEY,            -- canonical URL
        first_seen TEXT NOT NULL,        -- UTC, 'YYYY-MM-DDTHH:MM:SSZ'
        fingerprint TEXT NOT NULL,       -- newscrawler.fingerprints.content_fingerprint
        simhash INTEGER NOT NULL,        -- 64-bit SimHash stored as a signed 64-bit integer
        read_next TEXT,                  -- canonical URL of the article's "Read Next" link
        {", ".join(f"{column} INTEGER NOT NULL" for column in _BAND_COLUMNS)}
    )""",
    "CREATE INDEX article_fingerprint ON article (fingerprint)",
    *(f"CREATE INDEX article_{column} ON article ({column}, simhash)" for column in _BAND_COLUMNS),
    f"PRAGMA user_version = {SCHEMA_VERSION}",
]
# Version 3 added these two tables; a version 2 state gains them when it is opened.
_SCHEMA_3 = [
    """CREATE TABLE dropped (
        url TEXT PRIMARY KEY,            -- canonical URL of an article dropped for good
        reason TEXT NOT NULL,            -- e.g. missing_content, not_html, moved_to_listing
        first_seen TEXT NOT NULL
    )""",
    """CREATE TABLE feed (
        path TEXT PRIMARY KEY,           -- absolute path of a feed file this crawler wrote
        start INTEGER NOT NULL,          -- first byte this crawler wrote (before: someone else's)
        scanned INTEGER NOT NULL,        -- every article line before this offset is recorded
        device INTEGER NOT NULL,
        inode INTEGER NOT NULL,
        closed INTEGER NOT NULL          -- 1: fully read and not reopened since
    )""",
]
# Version 4 added what revisions need (newscrawler.revisions); a version 3 state gains the
# columns when it is opened, NULL (unknown) in the rows it had: revision 1, checked when first
# seen, title and dates not known, no validators.
_REVISION_COLUMNS = [
    ("revision", "INTEGER NOT NULL DEFAULT 1"),  # latest exported revision; its content is the row's
    ("crawled_at", "TEXT"),                    # crawled_at of revision 1, as exported
    ("checked_at", "TEXT"),                    # last download or 304 (NULL: first_seen)
    ("title_key", "TEXT"),                     # content_fingerprint of the title
    ("updated_at", "TEXT"),                    # the page's update time, UTC
    ("listed_at", "TEXT"),                     # latest date a listing, sitemap or feed gave it, UTC
    ("etag", "TEXT"),
    ("last_modified", "TEXT"),
]
_SCHEMA_4 = [f"ALTER TABLE article ADD COLUMN {name} {kind}" for name, kind in _REVISION_COLUMNS]
_SCHEMA = _SCHEMA[:-1] + _SCHEMA_3 + _SCHEMA_4 + _SCHEMA[-1:]
_ROW_COLUMNS = ["url", "first_seen", "fingerprint", "simhash", "read_next", *_BAND_COLUMNS,
                *(name for name, _ in _REVISION_COLUMNS)]
# A later revision replaces the content of the recorded one; revision 1 of a recorded URL, or a
# revision recorded already (the feed read back after a crash), changes nothing. first_seen
# and crawled_at stay revision 1's.
_REPLACED = ["fingerprint", "simhash", *_BAND_COLUMNS, "revision", "checked_at", "title_key", "updated_at",
             "etag", "last_modified"]
_INSERT = (
    f"INSERT INTO article ({', '.join(_ROW_COLUMNS)}) VALUES ({', '.join('?' * len(_ROW_COLUMNS))}) "
    f"ON CONFLICT (url) DO UPDATE SET {', '.join(f'{c} = excluded.{c}' for c in _REPLACED)}, "
    "read_next = coalesce(excluded.read_next, article.read_next), "
    "listed_at = CASE WHEN excluded.listed_at > coalesce(article.listed_at, '') THEN excluded.listed_at "
    "ELSE article.listed_at END "
    "WHERE excluded.revision > article.revision"
)
_ARTICLE = (
    "SELECT url, first_seen, fingerprint, simhash, revision, crawled_at, coalesce(checked_at, first_seen), "
    "title_key, updated_at, listed_at, etag, last_modified FROM article WHERE url = ?"
)


def _check_simhash(simhash: int) -> None:
    if not 0 <= simhash < _U64:
        raise ValueError(f"simhash must be an unsigned 64-bit integer, got {simhash!r}")


def _utc_or_none(when: datetime | None) -> str | None:
    return None if when is None else _utc(when)


def _parsed(text: str | None) -> datetime | None:
    return None if text is None else datetime.strptime(text, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)


def _utc(first_seen: datetime | None) -> str:
    if first_seen is None:
        first_seen = datetime.now(UTC)
    elif first_seen.utcoffset() is None:
        raise ValueError("first_seen must be timezone-aware")
    return first_seen.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _row(
    url: str, fingerprint: str, simhash: int, first_seen: datetime | None, read_next: str | None = None,
    revision: int = 1, crawled_at: str | None = None, title_key: str | None = None, updated_at: datetime | None = None,
    listed_at: datetime | None = None, etag: str | None = None, last_modified: str | None = None,
) -> tuple:
    """The article row of an ``ExportRecord`` (its fields, in order); the bands are its last
    ``len(_BANDS)`` values but for the revision columns, see ``_bands_of``."""
    _check_simhash(simhash)
    if revision < 1:
        raise ValueError(f"revision must be 1 or more, got {revision!r}")
    signed = simhash - _U64 if simhash >> 63 else simhash  # SQLite integers are signed
    seen = _utc(first_seen)
    return (
        url,
        seen,
        fingerprint,
        signed,
        read_next,
        *((simhash >> shift) & mask for shift, mask in _BANDS),
        revision,
        crawled_at,
        # Recorded now: the page was just downloaded (a later revision's first_seen is ignored).
        seen if revision == 1 else _utc(None),
        title_key,
        _utc_or_none(updated_at),
        _utc_or_none(listed_at),
        etag,
        last_modified,
    )


def _bands_of(row: tuple) -> tuple:
    return row[5:5 + len(_BANDS)]


def _hold_exclusively(lock_path: Path, state_path: Path) -> int:
    """The descriptor of ``lock_path`` under an exclusive flock, taken without waiting."""
    fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        owner = os.pread(fd, 32, 0).decode("ascii", "replace").strip() or "unknown"
        os.close(fd)
        raise StateInUseError(
            f"crawl state {state_path} is in use by another crawl (pid {owner}); "
            "wait for it to end or stop it"
        ) from None
    os.ftruncate(fd, 0)
    os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
    return fd


@contextmanager
def hold_state_lock(state_path: Path) -> Iterator[None]:
    """Hold the lock a crawl holds on ``state_path`` (``StateInUseError`` at once when a crawl
    has it): for tools that move or remove files of the state."""
    state_path.parent.mkdir(parents=True, exist_ok=True)
    fd = _hold_exclusively(state_path.with_name(state_path.name + ".lock"), state_path)
    try:
        yield
    finally:
        os.close(fd)


class SQLiteState(CrawlState):
    """Crawl state in one SQLite file (see the module docstring for the guarantees)."""

    def __init__(self, path: str | Path, *, timeout: float = 30.0, exclusive: bool = False) -> None:
        self.path = Path(path)
        self.timeout = timeout
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._lock_fd = _hold_exclusively(self.path.with_name(self.path.name + ".lock"), self.path) if exclusive else None
        try:
            # Autocommit mode: each statement is its own transaction unless we BEGIN one.
            self._db = sqlite3.connect(self.path, timeout=timeout, isolation_level=None)
        except BaseException:
            self._release()
            raise
        self._present = [bytearray(1 << width) for width in BAND_WIDTHS]
        """Byte v of band i is 1: some row may have band i == v (see the module docstring)."""
        self._present_version: int | None = None
        self.created = False
        """True when this open created the state (there was none, or an empty file)."""
        try:
            with self._lock_errors():
                self._configure()
                self._create_or_check_schema()
        except BaseException:
            self.close()
            raise

    def _configure(self) -> None:
        mode = self._db.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        if mode != "wal":
            # WAL needs shared memory between processes, which network filesystems lack.
            raise StateError(
                f"{self.path}: cannot use WAL journal (got {mode!r}); use a local disk"
            )
        self._db.execute("PRAGMA synchronous = NORMAL")
        self._db.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
        self._db.execute(f"PRAGMA journal_size_limit = {WAL_SIZE_LIMIT}")

    def _create_or_check_schema(self) -> None:
        version = self._schema_version()
        if version == 0:
            # Create under the write lock, and look again once we hold it: another process
            # opening the new file at the same time may have created the schema meanwhile.
            # Opening an existing state takes no lock, so it never waits for a writer.
            with self._transaction():
                version = self._schema_version()
                if version == 0:
                    for statement in _SCHEMA:
                        self._db.execute(statement)
                    version = SCHEMA_VERSION
                    self.created = True
        if version in (2, 3):
            # One transaction per open: a crash mid-way leaves the old version whole. Looked at
            # again under the write lock, as another process may have migrated it meanwhile.
            with self._transaction():
                found = self._schema_version()
                for statement in ([*_SCHEMA_3, *_SCHEMA_4] if found == 2 else _SCHEMA_4 if found == 3 else []):
                    self._db.execute(statement)
                self._db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
                version = SCHEMA_VERSION
        if version != SCHEMA_VERSION:
            raise StateError(
                f"{self.path}: schema version {version}, this code knows {SCHEMA_VERSION}"
            )

    def _schema_version(self) -> int:
        return self._db.execute("PRAGMA user_version").fetchone()[0]

    @contextmanager
    def _transaction(self, begin: str = "BEGIN IMMEDIATE") -> Iterator[None]:
        self._db.execute(begin)
        try:
            yield
        except BaseException:
            if self._db.in_transaction:  # SQLite may already have rolled back (e.g. disk full)
                self._db.execute("ROLLBACK")
            raise
        self._db.execute("COMMIT")

    @contextmanager
    def _lock_errors(self) -> Iterator[None]:
        """SQLite's errors as ``StateError``: ``StateLockedError`` when the write lock was busy."""
        try:
            yield
        except sqlite3.DatabaseError as exc:
            if (exc.sqlite_errorcode or 0) & 0xFF in (sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB):
                raise StateCorruptError(f"{self.path}: {exc}") from exc
            if not isinstance(exc, sqlite3.OperationalError):
                raise StateError(f"{self.path}: {exc}") from exc
            if exc.sqlite_errorcode in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED):
                raise StateLockedError(
                    f"{self.path}: another process held the crawl state's write lock for more "
                    f"than {self.timeout:g} s"
                ) from exc
            raise StateError(f"{self.path}: {exc}") from exc
        except sqlite3.Error as exc:  # disk full, read-only file system, I/O error, ...
            raise StateError(f"{self.path}: {exc}") from exc

    def seen_url(self, url: str) -> bool:
        row = self._db.execute("SELECT 1 FROM article WHERE url = ?", (url,)).fetchone()
        return row is not None

    def find_content(self, fingerprint: str) -> str | None:
        row = self._db.execute(
            "SELECT url FROM article WHERE fingerprint = ? LIMIT 1", (fingerprint,)
        ).fetchone()
        return row[0] if row else None

    def find_near(self, simhash: int) -> str | None:
        _check_simhash(simhash)
        self._refresh_present()
        probes = []  # (column, band values within reach that some row may have)
        for column, (shift, mask), masks, present in zip(_BAND_COLUMNS, _BANDS, _PROBES, self._present):
            candidates = list(map(((simhash >> shift) & mask).__xor__, masks))
            if values := list(compress(candidates, itemgetter(*candidates)(present))):
                probes.append((column, values))
        if not probes:
            return None
        best: tuple[int, int] | None = None  # (distance, rowid): nearest, then first recorded
        # One read snapshot: rowids are only stable within it (VACUUM may renumber them).
        with self._transaction("BEGIN"):
            for column, values in probes:
                sql = f"SELECT rowid, simhash FROM article WHERE {column} IN ({', '.join('?' * len(values))})"
                for rowid, stored in self._db.execute(sql, values):
                    distance = ((stored % _U64) ^ simhash).bit_count()
                    if distance <= NEAR_DUPLICATE_DISTANCE and (best is None or (distance, rowid) < best):
                        best = (distance, rowid)
            if best is None:
                return None
            return self._db.execute("SELECT url FROM article WHERE rowid = ?", (best[1],)).fetchone()[0]

    def _refresh_present(self) -> None:
        """Refills the band values from the table when another connection has committed
        since it was filled (or it never was); this connection's writes mark it directly."""
        version = self._db.execute("PRAGMA data_version").fetchone()[0]
        if version == self._present_version:
            return
        self._present = [bytearray(len(present)) for present in self._present]
        for row in self._db.execute(_BAND_VALUES):
            self._mark(row)
        self._present_version = version

    def _mark(self, bands: Iterable[int]) -> None:
        for present, value in zip(self._present, bands):
            present[value] = 1

    def read_next_of(self, url: str) -> str | None:
        row = self._db.execute("SELECT read_next FROM article WHERE url = ?", (url,)).fetchone()
        return row[0] if row else None

    def record(
        self, url: str, fingerprint: str, simhash: int, first_seen: datetime | None = None,
        read_next: str | None = None,
    ) -> bool:
        row = _row(url, fingerprint, simhash, first_seen, read_next)
        with self._lock_errors():
            inserted = self._db.execute(_INSERT, row).rowcount == 1
        self._mark(_bands_of(row))
        return inserted

    def record_many(self, records: Iterable[ExportRecord]) -> int:
        def rows() -> Iterator[tuple]:
            for record in records:
                row = _row(*record)
                self._mark(_bands_of(row))  # before the commit: a failed one leaves extra marks, which are harmless
                yield row

        with self._lock_errors(), self._transaction():
            before = self._db.total_changes
            self._db.executemany(_INSERT, rows())
            return self._db.total_changes - before

    def count(self) -> int:
        return self._db.execute("SELECT count(*) FROM article").fetchone()[0]

    supports_revisions = True

    def article(self, url: str) -> StoredArticle | None:
        row = self._db.execute(_ARTICLE, (url,)).fetchone()
        if row is None:
            return None
        (url, first_seen, fingerprint, simhash, revision, crawled_at, checked_at, title_key, updated_at, listed_at,
         etag, last_modified) = row
        return StoredArticle(url, _parsed(first_seen), fingerprint, simhash % _U64, revision, crawled_at,
                             _parsed(checked_at), title_key, _parsed(updated_at), _parsed(listed_at), etag,
                             last_modified)

    def record_check(self, url: str, etag: str | None, last_modified: str | None,
                     checked_at: datetime | None = None) -> bool:
        with self._lock_errors():
            return self._db.execute(
                "UPDATE article SET checked_at = ?, etag = coalesce(?, etag), "
                "last_modified = coalesce(?, last_modified) WHERE url = ?",
                (_utc(checked_at), etag, last_modified, url),
            ).rowcount == 1

    def note_listed(self, dates: dict[str, datetime]) -> int:
        rows = [(_utc(when), url) for url, when in dates.items()]
        with self._lock_errors(), self._transaction():
            before = self._db.total_changes
            # Fixed-width UTC text: text order is time order.
            self._db.executemany(
                "UPDATE article SET listed_at = ?1 WHERE url = ?2 AND coalesce(listed_at, '') < ?1", rows)
            return self._db.total_changes - before

    def remember_dropped(self, url: str, reason: str, first_seen: datetime | None = None) -> bool:
        with self._lock_errors():
            return self._db.execute(
                "INSERT INTO dropped (url, reason, first_seen) VALUES (?, ?, ?) ON CONFLICT (url) DO NOTHING",
                (url, reason, _utc(first_seen)),
            ).rowcount == 1

    def dropped_reason(self, url: str) -> str | None:
        row = self._db.execute("SELECT reason FROM dropped WHERE url = ?", (url,)).fetchone()
        return row[0] if row else None

    def dropped_counts(self) -> dict[str, int]:
        return dict(self._db.execute("SELECT reason, count(*) FROM dropped GROUP BY reason ORDER BY reason"))

    def forget(self, urls: Iterable[str]) -> int:
        with self._lock_errors(), self._transaction():
            before = self._db.total_changes
            for url in urls:
                self._db.execute("DELETE FROM article WHERE url = ?", (url,))
                self._db.execute("DELETE FROM dropped WHERE url = ?", (url,))
            return self._db.total_changes - before

    def prune(self, before: datetime) -> int:
        cutoff = _utc(before)
        with self._lock_errors(), self._transaction():
            changes = self._db.total_changes
            # first_seen is fixed-width UTC text, so text order is time order.
            self._db.execute("DELETE FROM article WHERE first_seen < ?", (cutoff,))
            self._db.execute("DELETE FROM dropped WHERE first_seen < ?", (cutoff,))
            return self._db.total_changes - changes

    def recent(self, limit: int) -> list[tuple[str, str, str]]:
        return self._db.execute(
            "SELECT first_seen, url, kind FROM ("
            " SELECT first_seen, url, 'exported' AS kind, rowid AS n, 1 AS t FROM article"
            " UNION ALL SELECT first_seen, url, reason, rowid, 0 FROM dropped)"
            " ORDER BY first_seen DESC, t DESC, n DESC LIMIT ?", (limit,),
        ).fetchall()

    def feed_files(self) -> dict[str, FeedFile]:
        rows = self._db.execute("SELECT path, start, scanned, device, inode, closed FROM feed")
        return {row[0]: FeedFile(*row[:5], bool(row[5])) for row in rows}

    def put_feed_files(self, files: Iterable[FeedFile]) -> None:
        with self._lock_errors(), self._transaction():
            self._put_feeds(files)

    def _put_feeds(self, files: Iterable[FeedFile]) -> None:
        self._db.executemany(
            "INSERT OR REPLACE INTO feed (path, start, scanned, device, inode, closed) VALUES (?, ?, ?, ?, ?, ?)",
            [(f.path, f.start, f.scanned, f.device, f.inode, int(f.closed)) for f in files],
        )

    def delete_feed_files(self, paths: Iterable[str]) -> None:
        with self._lock_errors(), self._transaction():
            self._db.executemany("DELETE FROM feed WHERE path = ?", [(path,) for path in paths])

    def record_scan(self, feed: FeedFile, records: Iterable[ExportRecord]) -> int:
        def rows() -> Iterator[tuple]:
            for record in records:
                row = _row(*record)
                self._mark(_bands_of(row))
                yield row

        with self._lock_errors(), self._transaction():
            before = self._db.total_changes
            self._db.executemany(_INSERT, rows())
            new = self._db.total_changes - before
            self._put_feeds([feed])
            return new

    def integrity_problems(self) -> list[str]:
        """What SQLite's own check finds wrong with the file (empty when it is sound)."""
        with self._lock_errors():
            rows = [row[0] for row in self._db.execute("PRAGMA quick_check")]
        return [] if rows == ["ok"] else rows

    def close(self) -> None:
        self._db.close()
        self._release()

    def _release(self) -> None:
        if self._lock_fd is not None:
            os.close(self._lock_fd)  # closing the descriptor drops the flock
            self._lock_fd = None
