#!/usr/bin/env python3
"""Put a page into a portal's fixture copy and write the expected item beside it.

    .venv/bin/python scripts/save_page.py PORTAL URL FILE [--expected]

FILE (HTML, as saved or as written by hand) is copied to where the fixture server answers
URL (``tests/fixtures/<portal>/site/<host>/<path>/index.html``, or ``index?<query>.html``).
With ``--expected``, URL is an article's canonical URL and the current extraction of it (as
the spider fetches it: whole-article view, else the pages it links) is written to
``expected.json`` beside the page and printed. That file is a draft: check every value against
the page by hand, correct it, and say in the fixture README which values were checked.
"""
from __future__ import annotations

import argparse
import json
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "scripts")]
from fixture_site import page_file  # noqa: E402
from newscrawler.portals import PORTALS, canonical_url  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("portal", choices=sorted(PORTALS))
    parser.add_argument("url")
    parser.add_argument("file", type=Path)
    parser.add_argument("--expected", action="store_true", help="write expected.json from the current extraction")
    args = parser.parse_args()
    site = ROOT / "tests" / "fixtures" / args.portal / "site"
    target = page_file(site, args.url)
    target.parent.mkdir(parents=True, exist_ok=True)
    if args.file.resolve() != target.resolve():
        shutil.copyfile(args.file, target)
    print(f"saved {target.relative_to(ROOT)}", file=sys.stderr)
    if args.expected:
        from tests.portals.test_fixture_pages import extract_as_the_spider_does

        canonical = canonical_url(args.url)
        item = extract_as_the_spider_does(site, canonical)
        expected = page_file(site, canonical).parent / "expected.json"
        expected.write_text(json.dumps(item, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        print(expected.read_text(encoding="utf-8"))
        print(f"wrote {expected.relative_to(ROOT)}: a draft, check each value by hand", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
