"""Merge and verify the feed files of a distributed run (``scripts/merge-run``).

    scripts/merge-run [-o merged.jsonl] [--redis URL --spider NAME] PATH...

PATH: feed files, or folders whose ``*.jsonl`` files are taken (every worker's file of the
run, copied to one place). Every line must be one JSON object valid against
``newscrawler/schema/article.schema.json``, and no URL may come twice. Prints one line per
problem (``file:line: why``) and a summary line; exits 0 when the run is clean, 1 when a
line is invalid or a URL repeated, 2 on a usage error (no file, unreadable file).
With ``--redis URL --spider NAME``, a URL found twice whose exported copy the crawl state
names (a worker killed between writing an article and recording it, its file on a machine
the other workers could not read, the article exported again by one of them) is not a
problem: that copy is kept, the other noted and left out.
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
from newscrawler.state import StateError

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


def verify(files: list[Path], problems: list[str], owners=None, notes: list[str] | None = None) -> list[str]:
    """The lines to keep; each problem found is appended to ``problems``. ``owners(urls)``:
    URL -> the worker the crawl state says exported it (``--redis``), to tell the exported
    copy of a repeated URL from the one a killed worker wrote just before it was killed."""
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    validator = jsonschema.validators.validator_for(schema)(schema)
    copies: dict[str, list[tuple[str, Path, str]]] = {}
    order: list[str] = []
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
                if item["url"] not in copies:
                    order.append(item["url"])
                copies.setdefault(item["url"], []).append((where, path, line))
    repeated = [url for url in order if len(copies[url]) > 1]
    exporters = owners(repeated) if owners and repeated else {}
    kept = []
    for url in order:
        chosen = copies[url][0]
        if url in exporters:
            # A file is named <run time>-<host>-<pid>.jsonl, a worker <host>-<pid>-<random>.
            suffix = "-" + exporters[url].rsplit("-", 1)[0] + ".jsonl"
            chosen = next((copy for copy in copies[url] if copy[1].name.endswith(suffix)), chosen)
        for copy in copies[url]:
            if copy is chosen:
                continue
            if url in exporters and chosen[1].name.endswith(suffix):
                (notes if notes is not None else problems).append(
                    f"{copy[0]}: {url} written by a worker killed before it was recorded; exported at {chosen[0]}: left out")
            else:
                problems.append(f"{copy[0]}: duplicate URL {url} (first at {chosen[0]}): left out")
        kept.append(chosen[2])
    return kept


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="merge-run", description=__doc__.split("\n\n")[0])
    parser.add_argument("paths", nargs="+", type=Path, metavar="PATH")
    parser.add_argument("-o", "--output", type=Path, help="write the merged lines here")
    parser.add_argument("--redis", metavar="URL", help="the crawl's REDIS_URL: a repeated URL whose exported copy the "
                        "crawl state names is not a problem (a worker killed between writing and recording it)")
    parser.add_argument("--spider", help="the spider whose crawl state --redis reads")
    args = parser.parse_args(argv)
    if args.redis and not args.spider:
        parser.error("--redis needs --spider")
    try:
        files = feed_files(args.paths)
        problems: list[str] = []
        notes: list[str] = []
        kept = verify(files, problems, _owners(args.redis, args.spider) if args.redis else None, notes)
        if args.output:
            write_atomically(args.output, "".join(kept).encode("utf-8"))
    except (OSError, UnicodeDecodeError, StateError) as error:
        print(f"merge-run: error: {error}", file=sys.stderr)
        return 2
    for message in notes + problems:
        print(message, file=sys.stderr)
    verdict = "ok" if not problems else f"{len(problems)} problem(s)"
    print(f"merge-run: {len(files)} files, {len(kept)} articles, {verdict}"
          f"{f'; written to {args.output}' if args.output else ''}")
    return 1 if problems else 0


def _owners(url: str, spider: str):
    import redis  # only with --redis

    from newscrawler.state.redis import RedisLink, RedisState

    state = RedisState(spider, RedisLink(redis.Redis.from_url(url, decode_responses=True), "merge-run", "merge-run:"))
    return state.exported_by


if __name__ == "__main__":
    sys.exit(main())
