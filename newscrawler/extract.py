"""``python -m newscrawler.extract FILE URL``: what extraction reads from one saved page.

Prints the item as the crawl would export it (JSON) and, on stderr, the portal layout the page
was recognised as, the layer that supplied each field and what extraction noticed, so a selector that drifted shows as a field coming
from a lower layer. ``FILE`` may be gzip-compressed; ``-`` reads standard input.
"""
from __future__ import annotations

import argparse
import gzip
import json
import sys
from pathlib import Path

from newscrawler.extraction import extract_with_report


def read_page(path: str) -> bytes:
    data = sys.stdin.buffer.read() if path == "-" else Path(path).read_bytes()
    return gzip.decompress(data) if data[:2] == b"\x1f\x8b" else data


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m newscrawler.extract", description=__doc__.splitlines()[0])
    parser.add_argument("file", help="saved HTML page (.html or .html.gz), or - for stdin")
    parser.add_argument("url", help="the page's own address (canonical URL or og:url)")
    args = parser.parse_args(argv)
    try:
        html = read_page(args.file)
    except (OSError, gzip.BadGzipFile) as exc:
        print(f"newscrawler.extract: cannot read {args.file}: {exc}", file=sys.stderr)
        return 2
    fields, report = extract_with_report(html, args.url)
    print(json.dumps(fields, ensure_ascii=False, indent=2))
    print(f"layout: {report.layout or 'none (shared layers only)'}", file=sys.stderr)
    for name, layer in report.layers.items():
        print(f"layer {name}: {layer}", file=sys.stderr)
    for problem in report.problems:
        print(f"problem: {problem}", file=sys.stderr)
    if report.blocked:
        print(f"blocked: {report.blocked}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
