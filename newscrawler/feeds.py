"""Feed file naming."""
from __future__ import annotations

from datetime import datetime, timezone


def uri_params(params: dict, spider) -> dict:
    """Adds ``%(run_time)s``: the run's UTC start as 20261129T190203Z (sorts, no colons)."""
    started = spider.crawler.stats.get_value("start_time") or datetime.now(timezone.utc)
    return {**params, "run_time": started.astimezone(timezone.utc).strftime("%Y%m%dT%H%M%SZ")}
