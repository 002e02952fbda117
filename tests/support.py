"""Helpers for end-to-end tests: run the real `scrapy crawl` as a subprocess."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

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
