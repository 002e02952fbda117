"""A private redis-server per test: a free loopback port, a temporary directory, stopped after.

CI installs redis-server (.ci/run); a machine without it fails these tests with a message
saying so, rather than skipping them.
"""
from __future__ import annotations

import shutil
import socket
import subprocess
import time
from pathlib import Path

import pytest


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class RedisServer:
    def __init__(self, directory: Path, persistent: bool = False):
        executable = shutil.which("redis-server")
        if executable is None:
            pytest.fail("redis-server is not installed: the distributed tests need it "
                        "(Debian: apt-get install redis-server; .ci/run installs it)", pytrace=False)
        self.executable, self.directory, self.persistent = executable, directory, persistent
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        directory.mkdir(parents=True, exist_ok=True)
        self.process: subprocess.Popen | None = None
        self.start()

    def start(self) -> None:
        persistence = (["--appendonly", "yes", "--appendfsync", "always"] if self.persistent
                       else ["--appendonly", "no"])
        self.process = subprocess.Popen(
            [self.executable, "--port", str(self.port), "--bind", "127.0.0.1", "--dir", str(self.directory),
             "--save", "", *persistence],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        import redis

        client = redis.Redis(port=self.port)
        deadline = time.monotonic() + 20
        while True:  # polled until it answers, not slept for a guessed time
            try:
                client.ping()
                break
            except redis.ConnectionError:
                if self.process.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"redis-server on port {self.port} did not start", pytrace=False)
                time.sleep(0.02)
        client.close()

    def client(self, decode: bool = True):
        import redis

        return redis.Redis(port=self.port, decode_responses=decode)

    def kill(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.kill()
            self.process.wait(10)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(10)


@pytest.fixture
def redis_server(tmp_path):
    server = RedisServer(tmp_path / "redis")
    yield server
    server.stop()


@pytest.fixture
def persistent_redis_server(tmp_path):
    """Writes every command to its append-only file: killed and started again, it has
    everything it acknowledged."""
    server = RedisServer(tmp_path / "redis", persistent=True)
    yield server
    server.stop()
