"""Distributed crawling on Redis: ``-s REDIS_URL=redis://host:port/db`` runs any spider as
one worker of a crawl that many processes on many machines share (scrapy-redis for the
request queue and the request dupefilter, ``newscrawler.state.redis`` for the crawl state).

This module is the switch and imports nothing about Redis: the ``Distributed`` add-on
(always listed in ``ADDONS``) turns itself off when ``REDIS_URL`` is unset, and otherwise
points Scrapy at ``newscrawler.distributed.worker``, where scrapy-redis and redis-py are
imported. How the workers share a crawl is told there.
"""
from __future__ import annotations

from scrapy.exceptions import NotConfigured

WORKER_FEED_SUFFIX = "-%(host)s-%(pid)s"
"""Added to per-run feed names: every worker writes its own file, host and pid in the name."""


def mask_url(url: str) -> str:
    """A Redis URL fit for a log line: the password (``redis://:secret@host``) as ***."""
    scheme, sep, rest = url.partition("://")
    credentials, at, location = rest.rpartition("@")
    if not (sep and at):
        return url
    user = credentials.partition(":")[0] if ":" in credentials else ""
    return f"{scheme}://{user}:***@{location}"


class Distributed:
    """Scrapy add-on: with ``REDIS_URL`` set, the Redis scheduler and dupefilter, the
    start-claim spider middleware and per-worker feed names; without, nothing at all."""

    def update_settings(self, settings) -> None:
        if not settings.get("REDIS_URL"):
            raise NotConfigured  # no message: the embedded default needs no word in the log
        settings.set("SCHEDULER", "newscrawler.distributed.worker.DistributedScheduler", priority="addon")
        middlewares = settings.getdict("SPIDER_MIDDLEWARES")
        # Outermost (lowest number): it decides whether this worker's start() runs at all.
        middlewares["newscrawler.distributed.worker.StartClaimMiddleware"] = 5
        settings.set("SPIDER_MIDDLEWARES", middlewares, priority=settings.getpriority("SPIDER_MIDDLEWARES") or "addon")
        feeds = {}
        for uri, options in settings.getdict("FEEDS").items():
            uri = str(uri)
            if "%(run_time)s" in uri and "%(pid)" not in uri:
                head, _, tail = uri.rpartition("%(run_time)s")
                uri = f"{head}%(run_time)s{WORKER_FEED_SUFFIX}{tail}"
            feeds[uri] = options
        settings.set("FEEDS", feeds, priority=settings.getpriority("FEEDS") or "addon")
