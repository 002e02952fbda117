"""``scripts/state``: look after a spider's crawl state (README: "The state tool").

    scripts/state count SPIDER               what the state holds
    scripts/state recent SPIDER [-n N]       the newest records
    scripts/state forget SPIDER URL...       the next crawl downloads these again
    scripts/state prune SPIDER --older-than DAYS
    scripts/state rebuild SPIDER [FEED...]   a new state from the feed files
    scripts/state check SPIDER               the state against SQLite's check and the feeds
    scripts/state clean SPIDER [--older-than DAYS]   old logs, empty per-run feed files

Paths come from the project settings (``STATE_DIR``, ``FEEDS``), as for ``scrapy crawl``;
``-s NAME=VALUE`` overrides one. Commands that change the state take the crawl's own lock:
while a crawl runs they refuse (exit 5) instead of waiting.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from newscrawler.state import StateCorruptError, StateError, StateInUseError, open_state, state_path
from newscrawler.state.sqlite import hold_state_lock

EXIT_PROBLEMS = 1
EXIT_USAGE = 2
EXIT_IN_USE = 5


class ToolError(Exception):
    def __init__(self, message: str, status: int = EXIT_PROBLEMS):
        super().__init__(message)
        self.status = status


def _settings(overrides: list[str]):
    from scrapy.utils.project import get_project_settings

    os.environ.setdefault("SCRAPY_SETTINGS_MODULE", "newscrawler.settings")
    settings = get_project_settings()
    for override in overrides:
        name, sep, value = override.partition("=")
        if not sep:
            raise ToolError(f"-s expects NAME=VALUE, got {override!r}", EXIT_USAGE)
        settings.set(name, value, priority="cmdline")
    return settings


class Context:
    def __init__(self, args: argparse.Namespace):
        self.spider = args.spider
        self.settings = _settings(args.set or [])
        self.state_dir = Path(self.settings.get("STATE_DIR"))
        self.feeds = self.settings.getdict("FEEDS")
        try:
            self.path = state_path(self.state_dir, self.spider)
        except StateError as error:
            raise ToolError(str(error), EXIT_USAGE) from None

    def open(self, exclusive: bool = False):
        if not self.path.is_file():
            raise ToolError(f"{self.path}: no crawl state (has {self.spider} ever run with STATE_DIR={self.state_dir}?)")
        try:
            return open_state(self.state_dir, self.spider, exclusive=exclusive)
        except StateInUseError as error:
            raise ToolError(str(error), EXIT_IN_USE) from None
        except StateCorruptError as error:
            raise ToolError(f"crawl state {error}; rebuild it with: scripts/state rebuild {self.spider}") from None


def cmd_count(ctx: Context, args) -> int:
    with ctx.open() as state:
        dropped = state.dropped_counts()
        files = state.feed_files()
        print(f"exported\t{state.count()}")
        print(f"dropped for good\t{sum(dropped.values())}" + (
            f"\t({', '.join(f'{reason}: {n}' for reason, n in dropped.items())})" if dropped else ""))
        print(f"feed files\t{len(files)}\t({sum(not f.closed for f in files.values())} to read back at the next start)")
    return 0


def cmd_recent(ctx: Context, args) -> int:
    with ctx.open() as state:
        for first_seen, url, kind in state.recent(args.n):
            print(f"{first_seen}\t{kind}\t{url}")
    return 0


def _canonical(url: str) -> str:
    from newscrawler.portals import canonical_url, portal_for_url

    return canonical_url(url) if portal_for_url(url) else url


def cmd_forget(ctx: Context, args) -> int:
    urls = sorted({_canonical(url) for url in args.urls})
    with ctx.open(exclusive=True) as state:
        forgotten = state.forget(urls)
    print(f"forgot {forgotten} record(s) for {len(urls)} URL(s); the next crawl downloads them again if it meets them")
    return 0


def cmd_prune(ctx: Context, args) -> int:
    before = datetime.now(UTC) - timedelta(days=args.older_than)
    with ctx.open(exclusive=True) as state:
        pruned = state.prune(before)
        left = state.count()
    print(f"forgot {pruned} record(s) first seen before {before:%Y-%m-%dT%H:%M:%SZ}; {left} exported articles remain")
    return 0


def cmd_rebuild(ctx: Context, args) -> int:
    from newscrawler.feeds import FeedLedger
    from newscrawler.state import FeedFile

    extra = [Path(os.path.abspath(path)) for path in args.feeds]
    for path in extra:
        if not path.is_file():
            raise ToolError(f"{path}: no such feed file", EXIT_USAGE)
    moved = []
    try:
        with hold_state_lock(ctx.path):
            stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
            for suffix in ("", "-wal", "-shm"):
                old = ctx.path.with_name(ctx.path.name + suffix)
                if old.exists():
                    target = old.with_name(f"{ctx.path.name}.old-{stamp}{suffix}")
                    old.rename(target)
                    moved.append(target)
    except StateInUseError as error:
        raise ToolError(str(error), EXIT_IN_USE) from None
    with open_state(ctx.state_dir, ctx.spider, exclusive=True) as state:
        # Files named on the command line are the crawler's from their first byte.
        state.put_feed_files(
            FeedFile(str(path), 0, 0, st.st_dev, st.st_ino, False) for path in extra for st in [path.stat()]
        )
        FeedLedger(state, ctx.state_dir, ctx.spider, ctx.feeds).recover()
        files, count = len(state.feed_files()), state.count()
    if moved:
        print(f"moved the old state aside: {', '.join(str(path) for path in moved)}")
    print(f"rebuilt {ctx.path} from {files} feed file(s): {count} exported articles")
    return 0


def cmd_check(ctx: Context, args) -> int:
    from newscrawler.feeds import ManifestError, manifest_path, read_manifest

    problems, notes = [], []
    with ctx.open() as state:
        problems += [f"{ctx.path}: {problem}" for problem in state.integrity_problems()]
        files = state.feed_files()
        try:
            listed = read_manifest(manifest_path(ctx.state_dir, ctx.spider))
        except ManifestError as error:
            problems.append(f"{error} (the next crawl rewrites it from the state)")
            listed = {}
        for path in sorted(set(files) - set(listed)):
            notes.append(f"{path}: not in the feed-file list (the next crawl adds it)")
        in_feeds: set[str] = set()
        for path, feed in sorted(files.items()):
            try:
                st = os.stat(path)
            except FileNotFoundError:
                notes.append(f"{path}: gone (its articles stay recorded as exported)")
                continue
            if (st.st_dev, st.st_ino) != (feed.device, feed.inode) or st.st_size < feed.scanned:
                problems.append(f"{path}: replaced or rewritten since the crawler wrote it")
                continue
            with open(path, "rb") as handle:
                handle.seek(feed.start)
                data = handle.read()
            read_back = feed.scanned - feed.start
            unrecorded = 0
            for line in data[:read_back].splitlines():
                try:
                    url = json.loads(line)["url"]
                except (ValueError, KeyError, TypeError):
                    continue
                in_feeds.add(url)
                if not state.seen_url(url):
                    unrecorded += 1
            if unrecorded:
                # forget makes such lines on purpose; a lost state makes them by accident.
                notes.append(f"{path}: {unrecorded} article line(s) not recorded (forgotten, or lost by the state): a "
                             f"crawl that meets them exports them again; scripts/state rebuild {ctx.spider} records them")
            if len(data) > read_back:
                notes.append(f"{path}: {len(data) - read_back} byte(s) not yet read back (the next crawl records them)")
        exported = state.count()
    missing = exported - len(in_feeds & _all_urls(ctx))
    if missing > 0:
        notes.append(f"{missing} recorded article(s) are in no feed file the state knows (files deleted or -O "
                     "overwritten before this version, or pruned by hand)")
    for note in notes:
        print(f"note: {note}")
    for problem in problems:
        print(f"problem: {problem}")
    print(f"{ctx.path}: {exported} exported articles, {len(files)} feed files, "
          + ("consistent" if not problems else f"{len(problems)} problem(s)"))
    return EXIT_PROBLEMS if problems else 0


def _all_urls(ctx: Context) -> set[str]:
    import sqlite3

    with sqlite3.connect(f"file:{ctx.path}?mode=ro", uri=True) as db:
        return {row[0] for row in db.execute("SELECT url FROM article")}


def cmd_clean(ctx: Context, args) -> int:
    """Logs (``<output>/logs/<spider>-*.log``) and empty per-run feed files last changed more
    than DAYS ago go; a feed file with any line in it is never removed."""
    from newscrawler.feeds import feed_targets

    cutoff = time.time() - args.older_than * 86400
    logs = Path(args.logs) if args.logs else ctx.state_dir.parent / "logs"
    removed_logs = removed_feeds = 0
    try:
        with hold_state_lock(ctx.path):
            for log in sorted(logs.glob(f"{ctx.spider}-*.log")) if logs.is_dir() else []:
                if log.stat().st_mtime < cutoff:
                    log.unlink()
                    removed_logs += 1
            for directory, pattern in feed_targets(ctx.feeds, ctx.spider).run_dirs:
                for path in sorted(directory.iterdir()) if directory.is_dir() else []:
                    st = path.lstat()
                    if pattern.fullmatch(path.name) and path.is_file() and st.st_size == 0 and st.st_mtime < cutoff:
                        path.unlink()
                        removed_feeds += 1
    except StateInUseError as error:
        raise ToolError(str(error), EXIT_IN_USE) from None
    print(f"removed {removed_logs} log(s) from {logs} and {removed_feeds} empty feed file(s) older than "
          f"{args.older_than:g} days")
    return 0


def _days(value: str) -> float:
    try:
        days = float(value)
    except ValueError:
        days = -1
    if days < 0:
        raise argparse.ArgumentTypeError(f"expected a number of days >= 0, got {value!r}")
    return days


def parser() -> argparse.ArgumentParser:
    main = argparse.ArgumentParser(prog="scripts/state", description="Look after a spider's crawl state "
                                   "(paths from the project settings, as for scrapy crawl).")
    main.add_argument("-s", "--set", action="append", metavar="NAME=VALUE", help="override a project setting")
    commands = main.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def command(name: str, function, help_text: str) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=help_text, description=help_text)
        sub.add_argument("spider")
        sub.set_defaults(run=function)
        return sub

    command("count", cmd_count, "how many articles are recorded as exported, and dropped for good")
    command("recent", cmd_recent, "the newest records: first seen (UTC), exported or the drop reason, URL").add_argument(
        "-n", type=int, default=20, help="how many (default 20)")
    command("forget", cmd_forget, "forget URLs (exported or dropped): the next crawl downloads them again").add_argument(
        "urls", nargs="+", metavar="URL")
    command("prune", cmd_prune, "forget everything first seen more than DAYS ago (the state stops growing; an "
            "article that old met again is exported again)").add_argument(
        "--older-than", type=_days, required=True, metavar="DAYS")
    command("rebuild", cmd_rebuild, "set the state aside (renamed *.old-<time>) and make a new one from the feed "
            "files: the per-run files, the files the feed-file list names, and any FEED given").add_argument(
        "feeds", nargs="*", metavar="FEED")
    command("check", cmd_check, "SQLite's integrity check, and the state against the feed files (exit 1 on a "
            "problem)")
    clean = command("clean", cmd_clean, "remove logs and empty per-run feed files last changed more than DAYS ago")
    clean.add_argument("--older-than", type=_days, default=30.0, metavar="DAYS", help="default 30")
    clean.add_argument("--logs", help="the log folder (default: logs/ beside STATE_DIR, where scripts/cron-crawl "
                       "writes them)")
    return main


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return args.run(Context(args), args)
    except ToolError as error:
        print(f"state: {error}", file=sys.stderr)
        return error.status
    except (StateError, OSError) as error:
        print(f"state: {error}", file=sys.stderr)
        return EXIT_PROBLEMS


if __name__ == "__main__":
    sys.exit(main())
