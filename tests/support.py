"""Helpers for end-to-end tests: run the real `scrapy crawl` as a subprocess."""
from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCRAPY = str(Path(sys.executable).parent / "scrapy")
# A local server needs no politeness delay; everything else is the production configuration.
FAST = ["-s", "AUTOTHROTTLE_ENABLED=False", "-s", "DOWNLOAD_DELAY=0", "-s", "LOGSTATS_INTERVAL=0"]


def crawl(spider: str, *args: str, state_dir: Path | None = None, timeout: float = 300) -> subprocess.CompletedProcess:
    """Run a crawl; its crawl state goes to ``state_dir`` (a fresh temporary folder by default,
    so runs never see each other's state unless a test wants them to)."""
    with tempfile.TemporaryDirectory() as scratch:
        state = ["-s", f"STATE_DIR={state_dir or scratch}"]
        return subprocess.run(
            [SCRAPY, "crawl", spider, *FAST, *state, *args], cwd=ROOT, capture_output=True, text=True, timeout=timeout
        )


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
