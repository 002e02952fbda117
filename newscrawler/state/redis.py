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
- ``claims``: hash url -> JSON [worker, fingerprint, simhash, host, [[file, size], ...]]:
  an article a worker passed on to its feed and has not yet recorded, with the worker's
  host and its local JSON Lines feed files (absolute paths) and their sizes at claim time.
  ``claim`` checks index and claims and adds the claim under one Redis lock, so two workers
  never both export the same story (or two near copies of it); recording (after the line is
  written and flushed) replaces the claim by the record in one Lua call.

A claim whose worker's heartbeat key is gone (killed, its machine lost, or closed after a
failed record) is settled, under the same lock, by the first worker to see it (when it
claims, or when it looks for lost workers, before their requests go back to the queue):
its files are read from the recorded sizes on. A whole line with that URL: the dead worker
did export it, and the claim becomes its record (``newscrawler/distributed/
claims_recovered``), so the request that goes back to the queue finds it exported. No such
line (or only a cut last one): the claim is dropped and the article is free again
(``…/claims_released``). A file that cannot be read from here (another machine, no shared
output folder): dropped as well (``…/claims_released_unchecked``); if the line was written,
the union of the files holds it twice, and ``scripts/merge-run --redis`` keeps the copy the
state names.
"""
from __future__ import annotations

import json
import logging
import os
import socket
from collections.abc import Callable, Iterable
from datetime import datetime, timezone
from itertools import combinations
from typing import NamedTuple

import redis

from newscrawler.fingerprints import NEAR_DUPLICATE_DISTANCE
from newscrawler.state.base import CrawlState, ExportRecord, FeedFile, StateError

logger = logging.getLogger(__name__)

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
    """What a distributed crawl hands the state: its connection, who this worker is, the key
    prefix of the current run (crawl id and generation), the local JSON Lines files its
    feeds write (named in its claims) and the crawl stats (claims settled are counted)."""

    client: redis.Redis
    worker: str
    run_prefix: str
    output_files: Callable[[], Iterable[str]] = tuple
    stats: object | None = None


RECOVERED, RELEASED, RELEASED_UNCHECKED = "claims_recovered", "claims_released", "claims_released_unchecked"
"""How a dead worker's claim was settled (``newscrawler/distributed/<outcome>`` in the stats)."""


def _size(path: str) -> int:
    """Bytes in a feed file now (0 before its first line: Scrapy creates it then)."""
    try:
        return os.stat(path).st_size
    except FileNotFoundError:
        return 0


def _find_line(url: str, host: str, files: list[list]) -> tuple[str, dict | str | None]:
    """Whether a claimant wrote ``url``'s line to one of ``files`` after the sizes recorded
    at claim time: (RECOVERED, the article), (RELEASED, None) when none of them has a whole
    line for it, (RELEASED_UNCHECKED, why) when one cannot be read from here."""
    unreadable = [] if files else ["no local JSON Lines feed"]
    for path, size in files:
        try:
            with open(path, "rb") as handle:
                if os.fstat(handle.fileno()).st_size < size:
                    unreadable.append(f"{path} is shorter than at claim time")
                    continue
                handle.seek(size)
                for line in handle:
                    if not line.endswith(b"\n"):
                        break  # cut by the kill: not an export
                    try:
                        article = json.loads(line)
                    except ValueError:
                        continue
                    if isinstance(article, dict) and article.get("url") == url:
                        return RECOVERED, article
        except FileNotFoundError:
            if host == socket.gethostname() and size == 0:
                continue  # on this machine and never created: nothing was written to it
            unreadable.append(f"{path} on {host} is not here")
        except OSError as error:
            unreadable.append(str(error))
    return (RELEASED_UNCHECKED, "; ".join(unreadable)) if unreadable else (RELEASED, None)


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
        self.host = socket.gethostname()
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

        indexes = [self.run, self.index] if earlier_runs else [self.run]

        def look() -> tuple[list, dict[str, list]]:
            # One MULTI: a record replaces its claim atomically, so this snapshot sees
            # every article as claimed or as recorded.
            pipe = self.redis.pipeline(transaction=True)
            for index in indexes:
                index.queue_lookup(pipe, url, fingerprint, simhash)
            pipe.hgetall(self.claims)
            answers = pipe.execute()
            return answers, {u: json.loads(v) for u, v in answers[-1].items()}

        def attempt():
            with self._claims_lock():
                answers, claims = look()
                while claims and (dead := self._dead_claims(claims)):
                    # Settled first: one may be this very article, written by its claimant.
                    self._settle({u: claims[u] for u in dead})
                    answers, claims = look()
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
                for other, (_, other_fingerprint, other_hash, *_) in claims.items():
                    if other_fingerprint == fingerprint:
                        return "exact_content", other
                    if (int(other_hash, 16) ^ simhash).bit_count() <= NEAR_DUPLICATE_DISTANCE:
                        return "near_content", other
                files = [[path, _size(path)] for path in map(str, self.link.output_files())]
                self.redis.hset(self.claims, url, json.dumps([self.link.worker, fingerprint, hexed, self.host, files]))
                return None
        return self._call(attempt)  # a lock not had in time is a LockError, a RedisError

    def settle_dead_claims(self) -> None:
        """Settle the claims of workers gone without recording them (module docstring).
        Called while looking for lost workers, before their requests go back to the queue:
        a claim nobody claims again (its request failing when fetched again, or the run
        ending) is settled all the same."""
        def settle():
            if not (claims := self.redis.hgetall(self.claims)) or not self._dead_claims(
                    {u: json.loads(v) for u, v in claims.items()}):
                return
            with self._claims_lock():
                claims = {u: json.loads(v) for u, v in self.redis.hgetall(self.claims).items()}
                if dead := self._dead_claims(claims):
                    self._settle({u: claims[u] for u in dead})
        self._call(settle)

    def _claims_lock(self):
        return self.redis.lock(f"{self.claims}:lock", timeout=CLAIM_LOCK_TIMEOUT, blocking_timeout=3 * CLAIM_LOCK_TIMEOUT)

    def _dead_claims(self, claims: dict[str, list]) -> set[str]:
        workers = sorted({claim[0] for claim in claims.values()})
        alive = dict(zip(workers, (bool(n) for n in self._pipe_exists(worker_key(w) for w in workers))))
        return {url for url, claim in claims.items() if not alive[claim[0]]}

    def _settle(self, dead: dict[str, list]) -> None:
        """With the claims lock held: each dead claim becomes its worker's record when its
        files hold the article's line, and is dropped otherwise."""
        for url, (worker, fingerprint, hexed, *written_to) in dead.items():
            outcome, detail = _find_line(url, *written_to) if written_to else (RELEASED_UNCHECKED, "no file named")
            if outcome == RECOVERED:
                record = ExportRecord(url, fingerprint, int(hexed, 16), read_next=detail.get("read_next_url"))
                self._write_records([record], worker)  # drops the claim with the record
                logger.warning("worker %s stopped after writing %s and before recording it: recorded as its export",
                               worker, url)
            else:
                self.redis.hdel(self.claims, url)
                if outcome == RELEASED:
                    logger.info("worker %s stopped before writing %s: another worker may export it", worker, url)
                else:
                    logger.warning("worker %s stopped before recording %s, and whether it wrote it cannot be "
                                   "checked from here (%s): another worker may export it again; scripts/merge-run "
                                   "--redis keeps one copy", worker, url, detail)
            if self.link.stats is not None:
                self.link.stats.inc_value(f"newscrawler/distributed/{outcome}")

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

        return self._call(lambda: self._write_records(records, self.link.worker))

    def _write_records(self, records: list[ExportRecord], worker: str) -> int:
        # MULTI/EXEC: a connection lost before EXEC records nothing.
        pipe = self.redis.pipeline(transaction=True)
        for record in records:
            for index in (self.index, self.run):
                keys, args = index.record_args(record, worker)
                self._record(keys=[*keys, self.claims], args=args, client=pipe)
        return sum(pipe.execute()[0::2])

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
