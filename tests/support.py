"""Helpers for end-to-end tests: run the real `scrapy crawl` as a subprocess."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from functools import partial
from pathlib import Path

from fixture_site import serve_in_thread  # scripts/, on the path from tests/conftest.py

ROOT = Path(__file__).resolve().parent.parent
SCRAPY = str(Path(sys.executable).parent / "scrapy")
# A local server needs no politeness delay; everything else is the production configuration.
FAST = ["-s", "AUTOTHROTTLE_ENABLED=False", "-s", "DOWNLOAD_DELAY=0", "-s", "LOGSTATS_INTERVAL=0"]


def crawl_command(spider: str, *args: str) -> list[str]:
    return [SCRAPY, "crawl", spider, *FAST, *args]


def project_env() -> dict[str, str]:
    """Environment that runs the project from any working directory (as cron would)."""
    return {**os.environ, "SCRAPY_SETTINGS_MODULE": "newscrawler.settings", "PYTHONPATH": str(ROOT)}


def crawl(spider: str, *args: str, home: Path | None = None, timeout: float = 300) -> subprocess.CompletedProcess:
    """Run a crawl. With ``home``, it runs there with the default settings, so its feed goes to
    ``home/output/<spider>/`` and its crawl state to ``home/output/.state/``; without, its
    state goes to a fresh temporary folder so runs never see each other."""
    if home is not None:
        return subprocess.run(crawl_command(spider, *args), cwd=home, env=project_env(),
                              capture_output=True, text=True, timeout=timeout)
    with tempfile.TemporaryDirectory() as scratch:
        return subprocess.run(crawl_command(spider, "-s", f"STATE_DIR={scratch}", *args), cwd=ROOT,
                              capture_output=True, text=True, timeout=timeout)


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def serve_with_answers(root: Path, answers: dict[str, tuple[int, dict, bytes]]):
    """The fixture site, except that any path under a key of ``answers`` gets that answer
    (status, headers, body); every request's path is logged, answered here or not."""
    server, base_url = serve_in_thread(root)
    handler, log = server.RequestHandlerClass, []

    class Answering(handler.func):
        def do_GET(self, head=False):
            path = self.path.split("?", 1)[0]
            log.append(path)
            for prefix, (status, headers, body) in answers.items():
                if path == prefix or path.startswith(prefix + "/"):
                    self.send_response(status)
                    for name, value in {**headers, "Content-Length": str(len(body))}.items():
                        self.send_header(name, value)
                    self.end_headers()
                    self.wfile.write(body)
                    return
            super().do_GET(head)

    server.RequestHandlerClass = partial(Answering, *handler.args, **handler.keywords)
    return server, base_url, log
