"""Crawl state: the one place that remembers which articles were exported, across runs.

Use ``open_state(state_dir, spider_name)``; the spider pipelines only see ``CrawlState``, so
another backend (e.g. Redis) can be added behind ``open_state`` without touching them.
"""

from __future__ import annotations

import re
from pathlib import Path

from newscrawler.state.base import (
    CrawlState, ExportRecord, FeedFile, RevisionsNotSupported, StateCorruptError, StateError, StateInUseError,
    StateLockedError, StoredArticle,
)
from newscrawler.state.sqlite import SQLiteState

__all__ = [
    "CrawlState", "ExportRecord", "FeedFile", "RevisionsNotSupported", "StateCorruptError", "StateError",
    "StateInUseError", "StateLockedError", "StoredArticle", "open_state", "state_path",
]

# The spider name becomes a file name: no path separators, no hidden or relative names.
_SPIDER_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*")


def state_path(state_dir: str | Path, spider_name: str) -> Path:
    """Where ``open_state`` keeps the state of ``spider_name``."""
    if not _SPIDER_NAME.fullmatch(spider_name):
        raise StateError(f"spider name {spider_name!r} cannot name a state file")
    return Path(state_dir) / f"{spider_name}.sqlite3"


def open_state(
    state_dir: str | Path, spider_name: str, *, timeout: float = 30.0, exclusive: bool = False, redis=None,
) -> CrawlState:
    """Open (creating it and its directory if needed) ``<state_dir>/<spider_name>.sqlite3``.

    ``timeout``: seconds a write waits for another process's write lock before raising
    ``StateLockedError``. ``exclusive``: the state is opened for a crawl, and only one crawl
    may have it open (``StateInUseError`` at once otherwise); readers need not ask.
    ``redis``: a ``newscrawler.state.redis.RedisLink`` (distributed crawls): the state in
    Redis, shared by the workers, instead."""
    if redis is not None:
        # Imported only here: without REDIS_URL nothing about Redis is imported.
        from newscrawler.state.redis import RedisState

        state_path(state_dir, spider_name)  # the same names are accepted
        return RedisState(spider_name, redis)
    return SQLiteState(state_path(state_dir, spider_name), timeout=timeout, exclusive=exclusive)
