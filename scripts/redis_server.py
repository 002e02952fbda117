"""A private redis-server on a free loopback port, with its own directory: for the
distributed tests (``tests/distributed/conftest.py``) and ``bench/distributed.py``, which
never assume a Redis already running.

Needs the ``redis-server`` executable (Debian package ``redis-server``; ``.ci/run`` installs
it) and redis-py (the project's ``redis`` extra).
"""
from __future__ import annotations

import shutil
import socket
import subprocess
import time
from pathlib import Path

START_TIMEOUT = 20.0
"""Seconds a started redis-server has to answer PING (a loaded machine is slow to fork)."""


class RedisServerError(RuntimeError):
    """redis-server is missing or did not start."""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class RedisServer:
    """Started on construction; ``persistent``: every command in an append-only file, so a
    server killed and started again has everything it acknowledged."""

    def __init__(self, directory: Path, persistent: bool = False):
        executable = shutil.which("redis-server")
        if executable is None:
            raise RedisServerError("redis-server is not installed "
                                   "(Debian: apt-get install redis-server; .ci/run installs it)")
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
        deadline = time.monotonic() + START_TIMEOUT
        while True:  # polled until it answers, not slept for a guessed time
            try:
                client.ping()
                break
            except redis.ConnectionError:
                if self.process.poll() is not None or time.monotonic() > deadline:
                    self.kill()
                    raise RedisServerError(f"redis-server on port {self.port} did not start") from None
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

    def __enter__(self) -> RedisServer:
        return self

    def __exit__(self, *exc) -> None:
        self.stop()
