"""One worker of a distributed crawl: the adapter between Scrapy 2.19 and scrapy-redis 0.9.1.

scrapy-redis gives the request queue (``PriorityQueue``: a sorted set of pickled requests),
the request dupefilter (``RFPDupeFilter``: a set of fingerprints) and the scheduler that
joins them; its ``RedisSpider`` (start URLs read from a Redis list on idle) is not used: our
spiders keep their own ``async def start()``, which scrapy-redis 0.9.1 does not know about.
What this module adds, and why it is written here rather than taken from the library:

- **A crawl id and runs.** Keys live under ``newscrawler:crawl:<crawl id>:<run>:``; the
  crawl id is ``-s CRAWL_ID`` or ``<spider>:<since>..<until>:<digest of the other
  arguments>``, so every worker started with the same command joins the same crawl. The
  run number (``...:gen``) goes up when a crawl finishes: the next command starts afresh
  (the crawl state, not the dupefilter, decides what is new across runs).
- **Entry points pushed once** (``StartClaimMiddleware``): the first worker to ``SET
  started NX`` runs the spider's ``start()``; the others skip it and take requests from the
  queue. A pusher killed half-way is noticed and another worker pushes them again (the
  dupefilter drops the ones already pushed).
- **In-flight requests per worker.** A request is moved from the queue to the worker's
  ``inflight:<worker>`` hash in one Lua call, and removed from it only when Scrapy is done
  with it: downloaded, its callback run, the requests it yielded queued and its items
  written to the feed and recorded. Scrapy 2.19 has no signal for that moment; the engine's
  slot forgets the request then (``_Slot.remove_request``), so that method is wrapped (a
  private API: Scrapy is pinned, and the distributed tests cover it).
- **Heartbeats.** Each worker keeps ``newscrawler:worker:<worker>`` alive (``SET PX``,
  ``REDIS_WORKER_TTL`` seconds), looks at the queue every 0.1 s while it has room for a request
  and, idle, checks every second whether the run is over; a worker whose key expired
  (SIGKILL, a lost machine) has its in-flight requests moved back to the queue by whichever
  worker notices first (one Lua call, so never twice), after its pending dedup claims are
  settled: each names the worker's feed files and their sizes, so an article it wrote and
  had not recorded is recorded as its export (not exported again when its request is
  fetched again), and any other claim is dropped (``newscrawler.state.redis``).
- **The end.** scrapy-redis ends a crawl after an idle timeout; here a worker whose engine is
  idle checks, in one Lua call, that the entry points were pushed, the queue is empty and no
  registered worker holds a request; then the run is over for everyone (``gen`` goes up and
  the run's keys go), and each worker closes as ``finished`` at its next idle check.
- **Redis unreachable** at start or lost mid-crawl: the crawl closes as
  ``redis_unreachable`` (exit status 12) instead of failing on every scheduler call.
"""
from __future__ import annotations

import dataclasses
import hashlib
import json
import logging
import os
import socket
import uuid

import redis
from scrapy import signals
from scrapy.exceptions import CloseSpider, DontCloseSpider
from scrapy.utils.defer import deferred_from_coro
from scrapy_redis import connection
from scrapy_redis.dupefilter import RFPDupeFilter
from scrapy_redis.queue import PriorityQueue
from scrapy_redis.scheduler import Scheduler
from twisted.internet import task

from newscrawler.distributed import mask_url
from newscrawler.feeds import FailFastFeedExporter
from newscrawler.state import StateError
from newscrawler.state.redis import RedisLink, RedisState, run_keys, worker_key

logger = logging.getLogger(__name__)

POLL_INTERVAL = 1.0
"""Seconds between heartbeats; each also looks for lost workers and wakes the engine, so an
idle worker checks every second whether the run is over (Scrapy's own idle loop runs every
5 s: the workers that did not end the run would close up to 5 s after it)."""
WAKE_INTERVAL = 0.1
"""Seconds between two looks at the queue by a worker with room for a request: another
worker's listing page fills the shared queue, and a worker waiting for its next heartbeat
would leave its share of it untaken for up to a second."""
REDIS_FAILURES = (redis.RedisError, StateError)
"""What a lost Redis raises: redis-py's errors, and the crawl state's (which names Redis)."""
LISTING_PAGES_KEPT = 24 * 3600
"""Seconds the per-worker listing-page counts outlive a finished run (read by late closers)."""

# KEYS: queue, in-flight hash. Pops the best request into the worker's in-flight hash.
_POP = """
local found = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
if #found == 0 then return false end
redis.call('ZREM', KEYS[1], found[1])
redis.call('HSET', KEYS[2], found[1], found[2])
return found[1]
"""
# KEYS: a worker's in-flight hash, queue, workers; ARGV: the worker to take off the workers
# set first ('' for none). Puts everything it held back, with its priority; -1 when another
# worker did so already (so it is counted once, and never left half done by a kill).
_RETURN = """
if ARGV[1] ~= '' and redis.call('SREM', KEYS[3], ARGV[1]) == 0 then return -1 end
local held = redis.call('HGETALL', KEYS[1])
for i = 1, #held, 2 do redis.call('ZADD', KEYS[2], held[i + 1], held[i]) end
redis.call('DEL', KEYS[1])
return #held / 2
"""
# KEYS: gen, pushed, queue, workers, listing pages, then keys to delete; ARGV: this run,
# in-flight key prefix. 1: the run is over (ended now); 2: it was already; 0: not yet.
_FINISH = """
if (redis.call('GET', KEYS[1]) or '0') ~= ARGV[1] then return 2 end
if redis.call('EXISTS', KEYS[2]) == 0 then return 0 end
if redis.call('ZCARD', KEYS[3]) > 0 then return 0 end
for _, worker in ipairs(redis.call('SMEMBERS', KEYS[4])) do
  if redis.call('HLEN', ARGV[2] .. worker) > 0 then return 0 end
end
redis.call('INCR', KEYS[1])
redis.call('EXPIRE', KEYS[5], tonumber(ARGV[3]))
for i = 6, #KEYS do redis.call('DEL', KEYS[i]) end
return 1
"""


def crawl_id(spider, settings) -> str:
    """``CRAWL_ID``, else spider + window + a digest of the other arguments."""
    if explicit := settings.get("CRAWL_ID"):
        return str(explicit)
    args = getattr(spider, "args", None)
    if args is None or not dataclasses.is_dataclass(args):
        return spider.name
    rest = {k: v for k, v in dataclasses.asdict(args).items() if k not in ("since", "until")}
    digest = hashlib.sha1(json.dumps(rest, sort_keys=True, default=str).encode()).hexdigest()[:8]
    return f"{spider.name}:{args.since}..{args.until}:{digest}"


class CrawlKeys:
    def __init__(self, crawl: str, run: int):
        base = f"newscrawler:crawl:{crawl}:"
        self.gen = base + "gen"
        self.run = f"{base}{run}:"
        for name in ("requests", "dupefilter", "started", "pushed", "workers", "listing_pages"):
            setattr(self, name, self.run + name)
        self.inflight_prefix = self.run + "inflight:"

    def inflight(self, worker: str) -> str:
        return self.inflight_prefix + worker


class ClaimingQueue(PriorityQueue):
    """scrapy-redis's priority queue (encoding, push, length), popping into an in-flight hash."""

    def __init__(self, server, spider, key, inflight: str):
        super().__init__(server, spider, key)
        self.inflight = inflight
        self._pop = server.register_script(_POP)

    def pop_held(self):
        """(request, its encoded form) or None; the request is in the in-flight hash."""
        data = self._pop(keys=[self.key, self.inflight])
        if data is None:
            return None
        try:
            return self._decode_request(data), data
        except Exception as error:  # pickled by another code version, or damaged
            self.server.hdel(self.inflight, data)
            logger.error("dropped a queued request that cannot be decoded: %r", error)
            self.spider.crawler.stats.inc_value("newscrawler/distributed/undecodable_requests")
            return None


class DupeFilter(RFPDupeFilter):
    """scrapy-redis's dupefilter keyed by Scrapy's request fingerprinter (ours keys a base_url
    twin by its real URL; scrapy-redis's own hash would not)."""

    def __init__(self, server, key, fingerprinter, debug=False):
        super().__init__(server, key, debug)
        self.fingerprinter = fingerprinter

    def request_fingerprint(self, request) -> str:
        return self.fingerprinter.fingerprint(request).hex()


class DistributedScheduler(Scheduler):
    """scrapy-redis's scheduler with crawl ids, in-flight tracking, heartbeats and an end."""

    def __init__(self, server, crawler):
        super().__init__(server, persist=True, queue_cls=f"{__name__}.ClaimingQueue")
        # Not self.stats: scrapy-redis would pass it a spider argument, deprecated in Scrapy 2.19.
        self.crawler, self.settings = crawler, crawler.settings
        self.url = mask_url(str(crawler.settings.get("REDIS_URL")))
        self.worker = f"{socket.gethostname()}-{os.getpid()}-{uuid.uuid4().hex[:6]}"
        self.ttl_ms = int(crawler.settings.getfloat("REDIS_WORKER_TTL") * 1000)
        self.held: dict = {}
        """Requests this worker popped and Scrapy is not done with -> their encoded form."""
        self.lost = False
        self.keys: CrawlKeys | None = None
        self.link: RedisLink | None = None
        self.claims: RedisState | None = None
        """The crawl state's claims, settled here when their worker is found gone."""
        self.run = 0
        self._beat_loop: task.LoopingCall | None = None
        self._wake_loop: task.LoopingCall | None = None
        self._return = server.register_script(_RETURN)
        self._finish = server.register_script(_FINISH)
        crawler.distributed = self  # for StartClaimMiddleware and DeduplicationPipeline

    @classmethod
    def from_crawler(cls, crawler):
        # scrapy-redis pings here; an exception while the engine builds its scheduler is a
        # traceback and exit 1, so the connection is first used in open() (CloseSpider).
        instance = cls(connection.get_redis_from_settings(crawler.settings), crawler)
        crawler.signals.connect(instance.spider_idle, signal=signals.spider_idle)
        return instance

    def state_link(self) -> RedisLink:
        """The crawl state's connection: the same server, with text answers (the queue's
        connection returns bytes: requests are pickled)."""
        if self.link is None:
            params = {**connection.defaults.REDIS_PARAMS, **self.settings.getdict("REDIS_PARAMS"),
                      "decode_responses": True}
            params.pop("redis_cls", None)
            client = redis.Redis.from_url(str(self.settings.get("REDIS_URL")), **params)
            self.link = RedisLink(client, self.worker, self.keys.run, self._output_files, self.crawler.stats)
        return self.link

    def _output_files(self) -> list:
        """This worker's feed files, named in each of its claims (``newscrawler.state.redis``)."""
        exporter = next((e for e in self.crawler.extensions.middlewares if isinstance(e, FailFastFeedExporter)), None)
        return exporter.local_files() if exporter is not None else []

    # -- lifecycle ---------------------------------------------------------------------------

    def open(self, spider):
        self.spider = spider
        crawl = crawl_id(spider, self.settings)
        try:
            self.server.ping()
            self.run = int(self.server.get(CrawlKeys(crawl, 0).gen) or 0)
            self.keys = CrawlKeys(crawl, self.run)
            self.claims = RedisState(spider.name, self.state_link())
            self._alive()
            self.server.sadd(self.keys.workers, self.worker)
            self.queue = ClaimingQueue(self.server, spider, self.keys.requests, self.keys.inflight(self.worker))
            self.df = DupeFilter(self.server, self.keys.dupefilter, self.crawler.request_fingerprinter,
                                 self.settings.getbool("DUPEFILTER_DEBUG"))
            self.reap()
            queued = len(self.queue)
        except REDIS_FAILURES as error:
            self._unreachable(error, at_start=True)
        slot = self.crawler.engine._slot
        forget = slot.remove_request

        def remove_request(request):
            self._done(request)
            forget(request)
        slot.remove_request = remove_request
        self._beat_loop = task.LoopingCall(self._beat)
        self._beat_loop.start(POLL_INTERVAL, now=False)
        self._wake_loop = task.LoopingCall(self._wake)
        self._wake_loop.start(WAKE_INTERVAL, now=False)
        self.crawler.stats.set_value("newscrawler/distributed/crawl", f"{crawl} run {self.run}")
        self.crawler.stats.set_value("newscrawler/distributed/worker", self.worker)
        logger.info("distributed crawl %s (run %d) on %s: worker %s joins, %d requests queued",
                    crawl, self.run, self.url, self.worker, queued)

    def close(self, reason):
        for loop in (self._beat_loop, self._wake_loop):
            if loop is not None and loop.running:
                loop.stop()
        if self.keys is None or self.lost:
            return
        try:
            # A worker leaving early (Ctrl-C) hands back what it held.
            if returned := self._return(keys=[self.keys.inflight(self.worker), self.keys.requests, self.keys.workers],
                                        args=[""]):
                logger.info("%d requests this worker held are back in the queue", returned)
            self.server.hset(self.keys.listing_pages, self.worker, self.crawler.stats.get_value("newscrawler/listings/pages", 0))
            total = sum(int(v) for v in self.server.hvals(self.keys.listing_pages))
            self.crawler.stats.set_value("newscrawler/distributed/listing_pages_all_workers", total)
            self.server.srem(self.keys.workers, self.worker)
            self.server.delete(worker_key(self.worker))
        except redis.RedisError as error:
            self._unreachable(error)

    def _alive(self) -> None:
        self.server.set(worker_key(self.worker), self.keys.run, px=self.ttl_ms)

    def _beat(self) -> None:
        if self.lost:
            return
        try:
            self._alive()
            self.server.hset(self.keys.listing_pages, self.worker, self.crawler.stats.get_value("newscrawler/listings/pages", 0))
            self.reap()
            if (slot := self.crawler.engine._slot) is not None:
                slot.nextcall.schedule()  # takes queued requests; idle, checks for the end
        except REDIS_FAILURES as error:
            self._unreachable(error)

    def _wake(self) -> None:
        engine = self.crawler.engine
        if self.lost or engine._slot is None or engine.needs_backout():
            return
        try:
            if self.server.zcard(self.keys.requests):
                engine._slot.nextcall.schedule()
        except redis.RedisError as error:
            self._unreachable(error)

    def reap(self) -> None:
        """Hand the work of workers whose heartbeat expired back to the queue, their claims
        settled first (so a request fetched again finds what its worker had written)."""
        self.claims.settle_dead_claims()
        for worker in (w.decode() for w in self.server.smembers(self.keys.workers)):
            if worker == self.worker or self.server.exists(worker_key(worker)):
                continue
            returned = self._return(keys=[self.keys.inflight(worker), self.keys.requests, self.keys.workers], args=[worker])
            if returned < 0:
                continue
            logger.warning("worker %s stopped without finishing (killed, or its machine lost): %d requests it held "
                           "are back in the queue", worker, returned)
            self.crawler.stats.inc_value("newscrawler/distributed/workers_lost")
            self.crawler.stats.inc_value("newscrawler/distributed/requests_returned", returned)
            if (self.server.get(self.keys.started) or b"").decode() == worker and not self.server.exists(self.keys.pushed):
                logger.warning("worker %s had not pushed all entry points: the next idle worker pushes them", worker)
                self.server.delete(self.keys.started)

    def spider_idle(self) -> None:
        if self.lost or self.keys is None:
            return
        try:
            self.reap()
            outcome = self._finish(
                keys=[self.keys.gen, self.keys.pushed, self.keys.requests, self.keys.workers, self.keys.listing_pages,
                      self.keys.requests, self.keys.dupefilter, self.keys.started, self.keys.pushed, self.keys.workers,
                      *run_keys(self.keys.run)],
                args=[self.run, self.keys.inflight_prefix, LISTING_PAGES_KEPT])
            if outcome:
                logger.info("crawl run %d is over%s: the queue is empty and no worker holds a request", self.run,
                            " (this worker saw it end)" if outcome == 1 else "")
                return
            if not self.server.exists(self.keys.started) and self.claim_start():
                deferred_from_coro(self._push_start())
        except REDIS_FAILURES as error:
            self._unreachable(error)
            return
        raise DontCloseSpider

    # -- entry points ---------------------------------------------------------------------------

    def claim_start(self) -> bool:
        return bool(self.server.set(self.keys.started, self.worker, nx=True))

    def mark_pushed(self) -> None:
        try:
            self.server.set(self.keys.pushed, self.worker)
        except redis.RedisError as error:
            self._unreachable(error)

    async def _push_start(self) -> None:
        try:
            async for request in self.spider.start():
                self.crawler.engine.crawl(request)
        finally:
            self.mark_pushed()

    # -- requests --------------------------------------------------------------------------------

    def enqueue_request(self, request) -> bool:
        if self.lost:
            return False
        try:
            queued = super().enqueue_request(request)
        except redis.RedisError as error:
            self._unreachable(error)
            return False
        if queued:
            self.crawler.stats.inc_value("scheduler/enqueued/redis")
        return queued

    def next_request(self):
        if self.lost or self.keys is None:
            return None
        try:
            popped = self.queue.pop_held()
        except redis.RedisError as error:
            self._unreachable(error)
            return None
        if popped is None:
            return None
        request, data = popped
        self.held[request] = data
        self.crawler.stats.inc_value("scheduler/dequeued/redis")
        return request

    def has_pending_requests(self) -> bool:
        if self.lost or self.keys is None:
            return False
        try:
            return len(self.queue) > 0
        except redis.RedisError as error:
            self._unreachable(error)
            return False

    def _done(self, request) -> None:
        data = self.held.pop(request, None)
        if data is None or self.lost:
            return
        try:
            self.server.hdel(self.keys.inflight(self.worker), data)
        except redis.RedisError as error:
            self._unreachable(error)

    def _unreachable(self, error: Exception, at_start: bool = False) -> None:
        if self.lost:
            return
        self.lost = True
        message = f"{self.url}: {error}"
        self.crawler.stats.set_value("newscrawler/redis/unreachable", message)
        logger.error("Redis unreachable: %s; closing the crawl", message)
        if at_start:
            self.crawler.stats.set_value("newscrawler/state/refused", message)  # no feed file is opened
            raise CloseSpider("redis_unreachable")
        deferred_from_coro(self.crawler.engine.close_spider_async(reason="redis_unreachable"))


class StartClaimMiddleware:
    """Runs the spider's own ``start()`` in the one worker that claims the crawl's start."""

    def __init__(self, crawler):
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    async def process_start(self, start):
        scheduler: DistributedScheduler = self.crawler.distributed
        if scheduler.lost or scheduler.keys is None:
            return
        try:
            mine = scheduler.claim_start()
        except redis.RedisError as error:
            scheduler._unreachable(error)
            return
        if not mine:
            logger.info("another worker pushes the entry points: this one takes requests from the queue")
            return
        logger.info("this worker pushes the entry points")
        try:
            async for item in start:
                yield item
        finally:
            scheduler.mark_pushed()
