"""The crawl state in Redis, shared by every worker of a distributed crawl.

Chosen by ``open_state(..., redis=RedisLink(...))``, which ``newscrawler.distributed`` passes
when the crawl runs with ``REDIS_URL``; this module (and redis-py) is imported only then.

What is kept, under ``newscrawler:state:<spider>:`` (one state per spider, like the SQLite
file, whatever crawl id the workers use):

- ``articles``  hash url -> JSON {fingerprint, simhash, first_seen, read_next, worker}
- ``contents``  hash fingerprint -> url (the first exported)
- ``simhashes`` hash simhash (16 hex digits) -> url
- ``band0..2``  hash band value -> comma-separated simhashes with that band value
- ``dropped``   hash url -> JSON {reason, first_seen}
- ``feeds``     hash path -> JSON FeedFile (only for the interface: workers do not read
  their feed files back, see ``newscrawler.distributed``)

Near duplicates use the SQLite backend's banding (three bands of 22/21/21 bits; two hashes
within 8 bits share a band value within 2 bits), so one probe is three HMGETs of ~250 fields.

A distributed run adds, under the run's prefix (crawl id and generation):

- a second copy of the index above for the articles exported in this run (``-a
  recrawl=true`` checks only that one), and
- ``claims``: hash url -> JSON [worker, fingerprint, simhash]: an article a worker passed
  on to its feed and has not yet recorded. ``claim`` checks index and claims and adds the
  claim under one Redis lock, so two workers never both export the same story (or two near
  copies of it); recording (after the line is written and flushed) replaces the claim by
  the record in one Lua call. A claim of a worker whose heartbeat key has expired (killed)
  counts for nothing: the article was perhaps never written, and the request that found it
  goes back to the queue (``newscrawler.distributed``).
"""
from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from datetime import datetime, timezone
from itertools import combinations
from typing import NamedTuple

import redis

from newscrawler.fingerprints import NEAR_DUPLICATE_DISTANCE
from newscrawler.state.base import CrawlState, ExportRecord, FeedFile, StateError

BAND_WIDTHS = (22, 21, 21)  # as newscrawler.state.sqlite: see its docstring for the reasoning
BAND_RADIUS = NEAR_DUPLICATE_DISTANCE // len(BAND_WIDTHS)
CLAIM_LOCK_TIMEOUT = 1.0
"""Seconds after which a claim lock held by a killed worker expires (a claim takes ms). Kept
well under REDIS_WORKER_TTL: the others wait for it in their reactor thread, heartbeat
included, and a 10 s lock had a live worker taken for dead."""


def _layout() -> list[tuple[int, int]]:
    layout, shift = [], 64
    for width in BAND_WIDTHS:
        shift -= width
        layout.append((shift, (1 << width) - 1))
    return layout


_BANDS = _layout()
_PROBES = [[sum(1 << b for b in bits) for r in range(BAND_RADIUS + 1) for bits in combinations(range(w), r)]
           for w in BAND_WIDTHS]

# Record one article in an index and drop its claim, atomically (a claim checker reading
# both in one MULTI sees the claim or the record, never neither). KEYS: articles, contents,
# simhashes, band0, band1, band2, claims (or a dummy); ARGV: url, record JSON, fingerprint,
# simhash hex, the three band values.
_RECORD = """
local added = redis.call('HSETNX', KEYS[1], ARGV[1], ARGV[2])
redis.call('HDEL', KEYS[7], ARGV[1])
if added == 0 then return 0 end
redis.call('HSETNX', KEYS[2], ARGV[3], ARGV[1])
redis.call('HSETNX', KEYS[3], ARGV[4], ARGV[1])
for i = 0, 2 do
  local key, field = KEYS[4 + i], ARGV[5 + i]
  local value = redis.call('HGET', key, field)
  if not value then
    redis.call('HSET', key, field, ARGV[4])
  elseif not string.find(',' .. value .. ',', ',' .. ARGV[4] .. ',', 1, true) then
    redis.call('HSET', key, field, value .. ',' .. ARGV[4])
  end
end
return 1
"""


def worker_key(worker: str) -> str:
    """Exists (with a TTL the worker keeps refreshing) while ``worker`` is alive."""
    return f"newscrawler:worker:{worker}"


def run_keys(run_prefix: str) -> list[str]:
    """The keys a run adds to the state (deleted when the run is over)."""
    return [*_Index(run_prefix).keys(), f"{run_prefix}claims", f"{run_prefix}claims:lock"]


class RedisLink(NamedTuple):
    """What a distributed crawl hands the state: its connection, who this worker is, and
    the key prefix of the current run (crawl id and generation)."""

    client: redis.Redis
    worker: str
    run_prefix: str


def _hex(simhash: int) -> str:
    if not 0 <= simhash < 1 << 64:
        raise ValueError(f"simhash {simhash} is not a 64-bit unsigned integer")
    return format(simhash, "016x")


def _utc(when: datetime | None) -> str:
    when = when or datetime.now(timezone.utc)
    if when.tzinfo is None:
        raise ValueError("first_seen must be timezone-aware")
    return when.astimezone(timezone.utc).isoformat(timespec="microseconds")


class _Index:
    """Exported articles, their contents and SimHash bands, under one key prefix."""

    def __init__(self, prefix: str):
        self.articles, self.contents, self.simhashes = (f"{prefix}{n}" for n in ("articles", "contents", "simhashes"))
        self.bands = [f"{prefix}band{i}" for i in range(len(BAND_WIDTHS))]

    def keys(self) -> list[str]:
        return [self.articles, self.contents, self.simhashes, *self.bands]

    def queue_lookup(self, pipe, url: str, fingerprint: str, simhash: int) -> None:
        """Three reads, in ``pipe``: the URL, the content, the band probes (see ``resolve``)."""
        pipe.hexists(self.articles, url)
        pipe.hget(self.contents, fingerprint)
        for key, (shift, mask), masks in zip(self.bands, _BANDS, _PROBES):
            value = (simhash >> shift) & mask
            pipe.hmget(key, [value ^ m for m in masks])

    @staticmethod
    def nearest(band_answers: list[list], simhash: int) -> int | None:
        best = None
        for answer in band_answers:
            for value in answer:
                for stored in (int(h, 16) for h in value.split(",")) if value else ():
                    distance = (stored ^ simhash).bit_count()
                    if distance <= NEAR_DUPLICATE_DISTANCE and (best is None or (distance, stored) < best):
                        best = (distance, stored)
        return None if best is None else best[1]

    def record_args(self, record: ExportRecord, worker: str) -> tuple[list[str], list]:
        hexed = _hex(record.simhash)
        # The worker that exported it: scripts/merge-run keeps its line when a killed worker's
        # file has the same article (written, killed before the record, exported again).
        data = json.dumps({"fingerprint": record.fingerprint, "simhash": hexed, "first_seen": _utc(record.first_seen),
                           "read_next": record.read_next, "worker": worker})
        bands = [(record.simhash >> shift) & mask for shift, mask in _BANDS]
        return self.keys(), [record.url, data, record.fingerprint, hexed, *bands]


class RedisState(CrawlState):
    """``CrawlState`` in Redis (see the module docstring). Every Redis error is raised as
    ``StateError`` naming Redis, so the pipeline stops the crawl as it does for SQLite."""

    def __init__(self, spider_name: str, link: RedisLink):
        self.link = link
        self.redis = link.client
        prefix = f"newscrawler:state:{spider_name}:"
        self.index = _Index(prefix)
        self.run = _Index(link.run_prefix)
        self.dropped_key, self.feeds_key = f"{prefix}dropped", f"{prefix}feeds"
        self.claims = f"{link.run_prefix}claims"
        self._record = self.redis.register_script(_RECORD)
        self._closed = False

    def _call(self, what: Callable):
        try:
            return what()
        except redis.RedisError as error:
            raise StateError(f"Redis: {error}") from error

    # -- lookups ---------------------------------------------------------------------------

    def seen_url(self, url: str) -> bool:
        return bool(self._call(lambda: self.redis.hexists(self.index.articles, url)))

    def find_content(self, fingerprint: str) -> str | None:
        return self._call(lambda: self.redis.hget(self.index.contents, fingerprint))

    def find_near(self, simhash: int) -> str | None:
        _hex(simhash)

        def look():
            pipe = self.redis.pipeline(transaction=False)
            self.index.queue_lookup(pipe, "", "", simhash)
            best = _Index.nearest(pipe.execute()[2:], simhash)
            return None if best is None else self.redis.hget(self.index.simhashes, _hex(best))
        return self._call(look)

    def read_next_of(self, url: str) -> str | None:
        data = self._call(lambda: self.redis.hget(self.index.articles, url))
        return json.loads(data)["read_next"] if data else None

    def exported_by(self, urls: Iterable[str]) -> dict[str, str]:
        """URL -> the worker that recorded it (``<host>-<pid>-<random>``), for those recorded."""
        urls = list(urls)
        values = self._call(lambda: self.redis.hmget(self.index.articles, urls)) if urls else []
        return {u: json.loads(v).get("worker") for u, v in zip(urls, values) if v and json.loads(v).get("worker")}

    def count(self) -> int:
        return self._call(lambda: self.redis.hlen(self.index.articles))

    # -- claims: the cross-worker half of deduplication ------------------------------------

    def claim(self, url: str, fingerprint: str, simhash: int, *, earlier_runs: bool = True) -> tuple[str, str] | None:
        """Claim the right to export this article: None when claimed, else (kind, original)
        for a duplicate (kind ``url``, ``exact_content`` or ``near_content``) of an article
        exported (by an earlier run when ``earlier_runs``; by this run in any case) or being
        exported by a live worker. Held until ``record_many`` records it."""
        hexed = _hex(simhash)

        def attempt():
            with self.redis.lock(f"{self.claims}:lock", timeout=CLAIM_LOCK_TIMEOUT, blocking_timeout=3 * CLAIM_LOCK_TIMEOUT):
                # One MULTI: a record replaces its claim atomically, so this snapshot sees
                # every article as claimed or as recorded.
                pipe = self.redis.pipeline(transaction=True)
                indexes = [self.run, self.index] if earlier_runs else [self.run]
                for index in indexes:
                    index.queue_lookup(pipe, url, fingerprint, simhash)
                pipe.hgetall(self.claims)
                answers = pipe.execute()
                claims = {u: json.loads(v) for u, v in answers[-1].items()}
                if claims and (dead := self._dead_claims(claims)):
                    self.redis.hdel(self.claims, *dead)
                    claims = {u: c for u, c in claims.items() if u not in dead}
                for position, index in enumerate(indexes):
                    seen, content, *bands = answers[position * 5:(position + 1) * 5]
                    if seen:
                        return "url", url
                    if content:
                        return "exact_content", content
                    if (near := _Index.nearest(bands, simhash)) is not None:
                        return "near_content", self.redis.hget(index.simhashes, _hex(near)) or "?"
                if url in claims:
                    return "url", url
                for other, (_, other_fingerprint, other_hash) in claims.items():
                    if other_fingerprint == fingerprint:
                        return "exact_content", other
                    if (int(other_hash, 16) ^ simhash).bit_count() <= NEAR_DUPLICATE_DISTANCE:
                        return "near_content", other
                self.redis.hset(self.claims, url, json.dumps([self.link.worker, fingerprint, hexed]))
                return None
        return self._call(attempt)  # a lock not had in time is a LockError, a RedisError

    def _dead_claims(self, claims: dict[str, list]) -> set[str]:
        workers = sorted({w for w, _, _ in claims.values()})
        alive = dict(zip(workers, (bool(n) for n in self._pipe_exists(worker_key(w) for w in workers))))
        return {url for url, (worker, _, _) in claims.items() if not alive[worker]}

    def _pipe_exists(self, keys: Iterable[str]) -> list[int]:
        pipe = self.redis.pipeline(transaction=False)
        for key in keys:
            pipe.exists(key)
        return pipe.execute()

    # -- records -----------------------------------------------------------------------------

    def record(self, url: str, fingerprint: str, simhash: int, first_seen: datetime | None = None,
               read_next: str | None = None) -> bool:
        return self.record_many([ExportRecord(url, fingerprint, simhash, first_seen, read_next)]) == 1

    def record_many(self, records: Iterable[ExportRecord]) -> int:
        records = list(records)
        if not records:
            return 0

        def write():
            # MULTI/EXEC: a connection lost before EXEC records nothing.
            pipe = self.redis.pipeline(transaction=True)
            for record in records:
                keys, args = self.index.record_args(record, self.link.worker)
                self._record(keys=[*keys, self.claims], args=args, client=pipe)
                keys, args = self.run.record_args(record, self.link.worker)
                self._record(keys=[*keys, self.claims], args=args, client=pipe)
            return sum(pipe.execute()[0::2])
        return self._call(write)

    def remember_dropped(self, url: str, reason: str, first_seen: datetime | None = None) -> bool:
        data = json.dumps({"reason": reason, "first_seen": _utc(first_seen)})
        return bool(self._call(lambda: self.redis.hsetnx(self.dropped_key, url, data)))

    def dropped_reason(self, url: str) -> str | None:
        data = self._call(lambda: self.redis.hget(self.dropped_key, url))
        return json.loads(data)["reason"] if data else None

    def dropped_counts(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for data in self._call(lambda: self.redis.hvals(self.dropped_key)):
            reason = json.loads(data)["reason"]
            counts[reason] = counts.get(reason, 0) + 1
        return dict(sorted(counts.items()))

    # -- housekeeping --------------------------------------------------------------------------

    def forget(self, urls: Iterable[str]) -> int:
        urls = list(urls)

        def remove():
            gone = 0
            for url in urls:
                if data := self.redis.hget(self.index.articles, url):
                    self._unindex(url, json.loads(data))
                    gone += 1
                gone += self.redis.hdel(self.dropped_key, url)
            return gone
        return self._call(remove)

    def _unindex(self, url: str, data: dict) -> None:
        pipe = self.redis.pipeline(transaction=True)
        pipe.hdel(self.index.articles, url)
        if self.redis.hget(self.index.contents, data["fingerprint"]) == url:
            pipe.hdel(self.index.contents, data["fingerprint"])
        pipe.hdel(self.index.simhashes, data["simhash"])
        simhash = int(data["simhash"], 16)
        for key, (shift, mask) in zip(self.index.bands, _BANDS):
            field = (simhash >> shift) & mask
            rest = [h for h in (self.redis.hget(key, field) or "").split(",") if h and h != data["simhash"]]
            pipe.hset(key, field, ",".join(rest)) if rest else pipe.hdel(key, field)
        pipe.execute()

    def prune(self, before: datetime) -> int:
        cutoff = _utc(before)
        old = [url for url, data in self._call(lambda: self.redis.hgetall(self.index.articles)).items()
               if json.loads(data)["first_seen"] < cutoff]
        old += [url for url, data in self._call(lambda: self.redis.hgetall(self.dropped_key)).items()
                if json.loads(data)["first_seen"] < cutoff]
        return self.forget(old)

    def recent(self, limit: int) -> list[tuple[str, str, str]]:
        rows = [(json.loads(d)["first_seen"], u, "exported")
                for u, d in self._call(lambda: self.redis.hgetall(self.index.articles)).items()]
        rows += [(json.loads(d)["first_seen"], u, json.loads(d)["reason"])
                 for u, d in self._call(lambda: self.redis.hgetall(self.dropped_key)).items()]
        return sorted(rows, reverse=True)[:limit]

    # -- feed files (kept for the interface; distributed workers do not read feeds back) ------

    def feed_files(self) -> dict[str, FeedFile]:
        return {p: FeedFile(*json.loads(d)) for p, d in self._call(lambda: self.redis.hgetall(self.feeds_key)).items()}

    def put_feed_files(self, files: Iterable[FeedFile]) -> None:
        mapping = {f.path: json.dumps(list(f)) for f in files}
        if mapping:
            self._call(lambda: self.redis.hset(self.feeds_key, mapping=mapping))

    def delete_feed_files(self, paths: Iterable[str]) -> None:
        paths = list(paths)
        if paths:
            self._call(lambda: self.redis.hdel(self.feeds_key, *paths))

    def record_scan(self, feed: FeedFile, records: Iterable[ExportRecord]) -> int:
        # Records first, offset after: a failure in between reads the file again, and
        # recording is idempotent (never the other way round, which would lose articles).
        recorded = self.record_many(records)
        self.put_feed_files([feed])
        return recorded

    def close(self) -> None:
        self._closed = True  # the connection belongs to the distributed scheduler
