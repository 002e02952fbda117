#!/usr/bin/env python3
"""Offline demo: serve the bundled fixture copies of the portals on a free local port and run
the real `scrapy crawlall` against them; each portal's articles land in
output/demo/<portal>/<UTC timestamp>.jsonl.

    .venv/bin/python scripts/demo.py [PORTAL ...]     (default: every portal of the registry)

The demo's feeds and crawl state are kept apart from the live crawl's (output/<portal>/,
output/.state/), so that the fixtures' articles never count as exported for `make crawl`."""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "scripts")]
from fixture_site import serve_in_thread  # noqa: E402
from newscrawler.portals import PORTALS  # noqa: E402

FIXTURES = ROOT / "tests" / "fixtures"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("portals", nargs="*", metavar="PORTAL", help=f"some of {', '.join(sorted(PORTALS))}")
    names = parser.parse_args().portals or sorted(PORTALS)
    if unknown := set(names) - set(PORTALS):
        parser.error(f"unknown portal(s) {', '.join(sorted(unknown))}")
    windows = [json.loads((FIXTURES / n / "expected_crawl.json").read_text())["args"] for n in names]
    server, base_url = serve_in_thread([FIXTURES / n / "site" for n in names])
    before = set((ROOT / "output" / "demo").rglob("*.jsonl"))
    command = [
        str(Path(sys.executable).parent / "scrapy"), "crawlall", ",".join(names),
        # One window that holds every fixture site's index days.
        "-a", f"base_url={base_url}", "-a", f"since={min(w['since'] for w in windows)}",
        "-a", f"until={max(w['until'] for w in windows)}",
        # A local server needs no politeness delay.
        "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "DOWNLOAD_DELAY=0",
        # The whole site every time, in files and a state of its own.
        "-a", "recrawl=true", "-s", "STATE_DIR=output/demo/.state",
        "-o", "output/demo/%(name)s/%(run_time)s.jsonl",
    ]
    print(f"fixture sites of {', '.join(names)} on {base_url}; running: {' '.join(command)}", flush=True)
    status = subprocess.call(command, cwd=ROOT)
    server.shutdown()
    for path in sorted(set((ROOT / "output" / "demo").rglob("*.jsonl")) - before):
        lines = path.read_text(encoding="utf-8").splitlines()
        print(f"wrote {len(lines)} articles to {path.relative_to(ROOT)}")
    return status


if __name__ == "__main__":
    sys.exit(main())
