#!/usr/bin/env python3
"""Offline demo: serve the bundled fixture copy of iNews on a free local port and run the real
`scrapy crawl inews` against it; the articles land in output/demo/inews/<UTC timestamp>.jsonl.

The demo's feed and crawl state are kept apart from the live crawl's (output/inews/,
output/.state/), so that the fixture's articles never count as exported for `make crawl`."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
from fixture_site import serve_in_thread  # noqa: E402

SITE = ROOT / "tests" / "fixtures" / "inews" / "site"
WINDOW = json.loads((ROOT / "tests" / "fixtures" / "inews" / "expected_crawl.json").read_text())["args"]


def main() -> int:
    server, base_url = serve_in_thread(SITE)
    out_dir = ROOT / "output" / "demo" / "inews"
    before = set(out_dir.glob("*.jsonl")) if out_dir.exists() else set()
    command = [
        str(Path(sys.executable).parent / "scrapy"), "crawl", "inews",
        "-a", f"base_url={base_url}", "-a", f"since={WINDOW['since']}", "-a", f"until={WINDOW['until']}",
        # A local server needs no politeness delay.
        "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "DOWNLOAD_DELAY=0",
        # The whole site every time, in files and a state of its own.
        "-a", "recrawl=true", "-s", "STATE_DIR=output/demo/.state",
        "-o", "output/demo/%(name)s/%(run_time)s.jsonl",
    ]
    print(f"fixture site on {base_url}; running: {' '.join(command)}", flush=True)
    status = subprocess.call(command, cwd=ROOT)
    server.shutdown()
    new_files = sorted(set(out_dir.glob("*.jsonl")) - before) if out_dir.exists() else []
    for path in new_files:
        lines = path.read_text(encoding="utf-8").splitlines()
        print(f"wrote {len(lines)} articles to {path.relative_to(ROOT)}")
    return status


if __name__ == "__main__":
    sys.exit(main())
