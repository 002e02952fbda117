"""Merge and verify the feed files of a distributed run (``scripts/merge-run``).

    scripts/merge-run [-o merged.jsonl] PATH...

PATH: feed files, or folders whose ``*.jsonl`` files are taken (every worker's file of the
run, copied to one place). Every line must be one JSON object valid against
``newscrawler/schema/article.schema.json``, and no URL may come twice. Prints one line per
problem (``file:line: why``) and a summary line; exits 0 when the run is clean, 1 when a
line is invalid or a URL repeated, 2 on a usage error (no file, unreadable file).
With ``-o``, the valid lines are written there (each URL's first line only; files in name
order, lines in file order), replacing the file whole or not at all, clean or not.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import jsonschema

from newscrawler.feeds import write_atomically

SCHEMA = Path(__file__).resolve().parent.parent / "schema" / "article.schema.json"


def feed_files(paths: list[Path]) -> list[Path]:
    files = []
    for path in paths:
        if path.is_dir():
            files.extend(sorted(path.glob("*.jsonl")))
        elif path.is_file():
            files.append(path)
        else:
            raise FileNotFoundError(f"{path}: no such file or folder")
    if not files:
        raise FileNotFoundError(f"no .jsonl file in {', '.join(map(str, paths))}")
    return files


def verify(files: list[Path], problems: list[str]) -> list[str]:
    """The lines to keep; each problem found is appended to ``problems``."""
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    validator = jsonschema.validators.validator_for(schema)(schema)
    first: dict[str, str] = {}
    kept = []
    for path in files:
        with path.open(encoding="utf-8", newline="\n") as handle:
            for number, line in enumerate(handle, 1):
                where = f"{path}:{number}"
                if not line.endswith("\n"):
                    problems.append(f"{where}: last line cut short (no newline): left out")
                    continue
                try:
                    item = json.loads(line)
                except ValueError as error:
                    problems.append(f"{where}: not JSON ({error})")
                    continue
                if errors := sorted(validator.iter_errors(item), key=lambda e: list(e.path)):
                    problems.append(f"{where}: not an article: {errors[0].message}"
                                    f"{f' (at {list(errors[0].path)})' if errors[0].path else ''}")
                    continue
                if (url := item["url"]) in first:
                    problems.append(f"{where}: duplicate URL {url} (first at {first[url]}): left out")
                    continue
                first[url] = where
                kept.append(line)
    return kept


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="merge-run", description=__doc__.split("\n\n")[0])
    parser.add_argument("paths", nargs="+", type=Path, metavar="PATH")
    parser.add_argument("-o", "--output", type=Path, help="write the merged lines here")
    args = parser.parse_args(argv)
    try:
        files = feed_files(args.paths)
        problems: list[str] = []
        kept = verify(files, problems)
        if args.output:
            write_atomically(args.output, "".join(kept).encode("utf-8"))
    except (OSError, UnicodeDecodeError) as error:
        print(f"merge-run: error: {error}", file=sys.stderr)
        return 2
    for problem in problems:
        print(problem, file=sys.stderr)
    verdict = "ok" if not problems else f"{len(problems)} problem(s)"
    print(f"merge-run: {len(files)} files, {len(kept)} articles, {verdict}"
          f"{f'; written to {args.output}' if args.output else ''}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
