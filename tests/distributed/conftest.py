"""A private redis-server per test (``scripts/redis_server.py``): a free loopback port, a
temporary directory, stopped after.

CI installs redis-server (.ci/run); a machine without it fails these tests with a message
saying so, rather than skipping them.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from redis_server import RedisServer, RedisServerError


def started(directory: Path, persistent: bool = False) -> RedisServer:
    try:
        return RedisServer(directory, persistent)
    except RedisServerError as error:
        pytest.fail(f"{error}: the distributed tests need it", pytrace=False)


@pytest.fixture
def redis_server(tmp_path):
    server = started(tmp_path / "redis")
    yield server
    server.stop()


@pytest.fixture
def persistent_redis_server(tmp_path):
    """Writes every command to its append-only file: killed and started again, it has
    everything it acknowledged."""
    server = started(tmp_path / "redis", persistent=True)
    yield server
    server.stop()
