"""The JSON Lines feed: file naming, whole-line writes, and recovery after a crash.

The feed files are the source of truth for what was exported; the crawl state is an index
over them. An article is recorded in the state only after its line was written and flushed
(``FlushingJsonLinesExporter`` + ``DeduplicationPipeline``); at the start of every run,
``FeedLedger.recover`` reads what earlier runs appended since they were last read, records
any article a killed run wrote but did not record, and cuts off a last line left half-written.

Which files are ours, and how far each was read, is kept in the crawl state itself (table
``feed``), updated in the same transaction as the records read from the file, so the two
cannot disagree whatever is lost. A copy of the list of files (not of the offsets) is kept
beside it, in ``<spider>.feeds.json``, written atomically (temp file, fsync, rename): when the
state is lost, it says which ``-o``/``-O`` files to read back from where the crawler began
writing them. Per-run files (``output/<spider>/<run time>.jsonl``) are recognised by their
name in their directory. Nothing else is ever read or changed: a file given with ``-o`` that
already existed is read, and trimmed, only after the bytes it had when the crawler opened it.
"""
from __future__ import annotations

import json
import logging
import os
import re
import socket
import stat
import tempfile
from datetime import datetime, timezone
from pathlib import Path
from typing import NamedTuple
from urllib.parse import urlsplit

from scrapy.exporters import JsonLinesItemExporter
from scrapy.extensions.feedexport import FeedExporter, FileFeedStorage
from scrapy.utils.defer import deferred_from_coro
from twisted.python.failure import Failure

from newscrawler.fingerprints import fingerprints
from newscrawler.items import EXPORTED_FIELDS, Article
from newscrawler.revisions import parse_time, title_key
from newscrawler.state import CrawlState, ExportRecord, FeedFile, StateError, open_state, state_path

logger = logging.getLogger(__name__)

JSON_LINES_FORMATS = ("jsonlines", "jsonl", "jl")
EXPORTABLE = frozenset(EXPORTED_FIELDS)
MANIFEST_FORMAT = "newscrawler feed files 1"
RUN_TIME_PATTERN = r"[0-9]{8}T[0-9]{6}Z"

feed_file_opening = object()
"""Signal (``path``, ``overwrite``): a feed file is about to get its first line in this run.
Sent by ``FailFastFeedExporter``; ``DeduplicationPipeline`` registers the file (durably)
before the line is written."""


def uri_params(params: dict, spider) -> dict:
    """Adds ``%(run_time)s``: the run's UTC start as 20261129T190203Z (sorts, no colons), and
    ``%(host)s``, ``%(pid)s`` (distributed workers' feeds are named by them)."""
    started = spider.crawler.stats.get_value("start_time") or datetime.now(timezone.utc)
    return {**params, "run_time": started.astimezone(timezone.utc).strftime("%Y%m%dT%H%M%SZ"),
            "host": socket.gethostname(), "pid": os.getpid()}


class FlushingJsonLinesExporter(JsonLinesItemExporter):
    """Hands every line to the operating system as soon as it is written, so a killed crawl
    loses no exported line (the OS writes it out even after a kill -9)."""

    def __init__(self, file, **kwargs):
        super().__init__(file, **kwargs)
        fields = self.fields_to_export
        # Checked once, against the fields a line may carry (the crawl asks for all of
        # EXPORTED_FIELDS, so a check against the page fields alone sent every article
        # down Scrapy's slower path).
        self._article_fields = fields if isinstance(fields, list) and set(fields) <= EXPORTABLE else None

    def export_item(self, item) -> None:
        if self._article_fields and isinstance(item, Article):
            # Article fields carry no serializer metadata, so the line is the fields as they
            # are; Scrapy's general path looks that metadata up field by field
            # (dataclasses.fields() each time), a tenth of a millisecond per article.
            line = self.encoder.encode({name: getattr(item, name) for name in self._article_fields}) + "\n"
            self.file.write(line.encode(self.encoding or "utf-8"))
        else:
            super().export_item(item)
        self.file.flush()


class FailFastFeedExporter(FeedExporter):
    """Scrapy's feed exporter, except that:

    - a write that fails (disk full, file system gone read-only) closes the crawl as
      ``feed_write_failed``: Scrapy would log the error once per item and carry on crawling
      pages nobody can store. The first error is kept in the stats
      (``newscrawler/feed/write_error``) for the exit status's reason line;
    - each local JSON Lines file is registered with the crawl state (``feed_file_opening``)
      before its first line is written, so recovery knows it is the crawler's;
    - a crawl refused at start (``newscrawler/state/refused``: the state is in use or
      unreadable) opens no feed at all: Scrapy would still create the per-run file, and
      truncate an ``-O`` file another crawl may be writing.
    """

    def open_spider(self, spider) -> None:
        self._registered: set[int] = set()
        if not self.crawler.stats.get_value("newscrawler/state/refused"):
            super().open_spider(spider)

    def item_scraped(self, item, spider) -> None:
        try:
            self._register(self.slots)
            super().item_scraped(item, spider)
        except (OSError, StateError) as error:
            stats = self.crawler.stats
            if not stats.get_value("newscrawler/feed/write_failed"):
                stats.set_value("newscrawler/feed/write_error", str(error))
                logger.error("feed write failed: %s; closing the crawl", error)
                deferred_from_coro(self.crawler.engine.close_spider_async(reason="feed_write_failed"))
            stats.inc_value("newscrawler/feed/write_failed")

    def local_files(self) -> list[Path]:
        """The local JSON Lines files the feeds write to now (absolute; perhaps not yet
        created): a distributed worker's claims name them (``newscrawler.state.redis``)."""
        return [path for slot in self.slots if (path := _local_jsonl_path(slot.storage, slot.format)) is not None]

    def _register(self, slots) -> None:
        for slot in slots:
            if id(slot) in self._registered:
                continue
            path = _local_jsonl_path(slot.storage, slot.format)
            if path is not None:
                overwrite = bool(self.feeds[slot.uri_template].get("overwrite"))
                for _, result in self.crawler.signals.send_catch_log(feed_file_opening, path=path, overwrite=overwrite):
                    if isinstance(result, Failure):
                        raise StateError(f"could not register feed file {path}: {result.getErrorMessage()}")
            self._registered.add(id(slot))


def _local_jsonl_path(storage, format_name: str) -> Path | None:
    if not isinstance(storage, FileFeedStorage) or format_name not in JSON_LINES_FORMATS:
        return None
    return Path(os.path.abspath(storage.path))


class FeedTargets(NamedTuple):
    """Where the configured feeds write JSON Lines on the local disk."""

    run_dirs: list[tuple[Path, re.Pattern]]
    """Per-run directories (a file name with a placeholder) and the pattern of their names."""
    files: list[tuple[Path, bool]]
    """Single files (``-o``/``-O``), with whether they are overwritten."""


def feed_targets(feeds: dict, spider_name: str) -> FeedTargets:
    run_dirs, files = [], []
    for uri, options in feeds.items():
        options = options or {}
        if options.get("format", "jsonlines") not in JSON_LINES_FORMATS:
            continue
        parts = urlsplit(str(uri))
        if parts.scheme not in ("", "file") or len(parts.scheme) == 1:
            continue
        path = Path(parts.path if parts.scheme == "file" else str(uri))
        # ``%(name)s`` is the same in every run of a spider: ``-O 'out/%(name)s.jsonl'`` (how
        # crawlall is given one file per portal) is one file, overwritten each run, like
        # ``-O out/inews.jsonl``; only a name another placeholder varies is a per-run file.
        if "%(" in path.name.replace("%(name)s", ""):
            directory = Path(os.path.abspath(_fill_name(str(path.parent), spider_name)))
            run_dirs.append((directory, _name_pattern(path.name, spider_name)))
        else:
            files.append((Path(os.path.abspath(_fill_name(str(path), spider_name))), bool(options.get("overwrite"))))
    return FeedTargets(run_dirs, files)


def _fill_name(template: str, spider_name: str) -> str:
    return template.replace("%(name)s", spider_name).replace("%%", "%")


def _name_pattern(template: str, spider_name: str) -> re.Pattern:
    """The names a per-run file template gives, e.g. ``%(run_time)s.jsonl``: only files named
    so are taken for the crawler's own (a notes.jsonl beside them is not)."""
    parts = re.split(r"%\((\w+)\)[sd]", template)
    pattern = ""
    for index, part in enumerate(parts):
        if index % 2 == 0:
            pattern += re.escape(part)
        else:
            pattern += {"run_time": RUN_TIME_PATTERN, "name": re.escape(spider_name)}.get(part, ".+")
    return re.compile(pattern)


def write_atomically(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` whole or not at all (a full disk leaves the old file)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    directory = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(directory)  # the rename itself survives a power cut
    finally:
        os.close(directory)


def manifest_path(state_dir: str | Path, spider_name: str) -> Path:
    return Path(state_dir) / f"{spider_name}.feeds.json"


class ManifestError(ValueError):
    """The list of feed files cannot be read."""


def read_manifest(path: Path) -> dict[str, tuple[int, int | None, int | None]]:
    """Path -> (start, device, inode) from ``<spider>.feeds.json``; {} when there is none.
    Reads the earlier format too (path -> offset read so far, no identities)."""
    try:
        data = json.loads(path.read_bytes())
    except FileNotFoundError:
        return {}
    except (OSError, ValueError) as error:
        raise ManifestError(f"{path} is unreadable ({error})") from None
    try:
        if isinstance(data, dict) and data.get("format") == MANIFEST_FORMAT:
            return {str(p): (int(e["start"]), int(e["device"]), int(e["inode"])) for p, e in data["files"].items()}
        if isinstance(data, dict) and all(isinstance(v, int) for v in data.values()):
            # The earlier offsets file: its offsets may be the very ones that disagree with the
            # state, so each file is read again from its start (records are never doubled).
            return {str(p): (0, None, None) for p in data}
    except (KeyError, TypeError, ValueError, AttributeError):
        pass
    raise ManifestError(f"{path} is unreadable (not a list of feed files)")


def _manifest_bytes(files: dict[str, FeedFile]) -> bytes:
    entries = {p: {"start": f.start, "device": f.device, "inode": f.inode} for p, f in sorted(files.items())}
    return json.dumps({"format": MANIFEST_FORMAT, "files": entries}, indent=1).encode()


class FeedLedger:
    """The feed files this crawler wrote, how far each was read back, and recovery from them.

    ``recover`` (at the start of a crawl) and ``register`` (before a file's first line in this
    run) keep the state's ``feed`` table and the manifest file up to date; ``finish`` (at the
    end of a crawl that recorded everything it exported) marks this run's files as read, so
    the next start opens none of them.
    """

    def __init__(self, state: CrawlState, state_dir: str | Path, spider_name: str, feeds: dict, stats=None):
        self.state = state
        self.manifest = manifest_path(state_dir, spider_name)
        self.targets = feed_targets(feeds, spider_name)
        self.stats = stats
        self.opened: set[str] = set()
        """Files registered in this run."""

    def _inc(self, key: str, count: int = 1) -> None:
        if self.stats is not None:
            self.stats.inc_value(f"newscrawler/feed/{key}", count)

    def recover(self) -> int:
        """Record the articles of our feed files that the state lacks; returns how many.
        Opens only files with bytes not yet read (a killed run's, a file the state lost)."""
        known = self.state.feed_files()
        files = dict(known)
        try:
            listed = read_manifest(self.manifest)
        except ManifestError as error:
            logger.warning("%s; rewriting it from the crawl state", error)
            self._inc("manifest_rewritten")
            listed, rewrite = {}, True
        else:
            rewrite = set(listed) != set(known)
        lost = 0
        for path, (start, device, inode) in listed.items():
            if path not in files and (st := _regular_stat(path)) is not None:
                # The state lost it (deleted, a WAL lost after a kill): read it again from
                # where the crawler began writing it.
                if device is not None and (st.st_dev, st.st_ino) != (device, inode):
                    continue
                files[path] = FeedFile(path, start, start, st.st_dev, st.st_ino, False)
                lost += 1
        for directory, pattern in self.targets.run_dirs:
            try:
                names = os.listdir(directory)
            except FileNotFoundError:
                continue
            for name in names:
                path = os.path.join(directory, name)
                if path not in files and pattern.fullmatch(name) and (st := _regular_stat(path)) is not None:
                    files[path] = FeedFile(path, 0, 0, st.st_dev, st.st_ino, False)
                    lost += path not in listed
        if lost:
            logger.warning("the crawl state did not know %d feed file(s) (the state was deleted or lost its last "
                           "writes): reading them back", lost)
            self._inc("files_unknown_to_state", lost)
        recorded, read, gone = 0, 0, []
        for path in sorted(files):
            feed = files[path]
            if feed.closed:
                continue
            outcome = self._scan(feed)
            if outcome is None:
                gone.append(path)
                continue
            recorded += outcome[0]
            read += outcome[1]
        if gone:
            self.state.delete_feed_files(gone)
            for path in gone:
                files.pop(path)
            rewrite = True
        rewrite = rewrite or set(files) != set(known)
        if rewrite:
            write_atomically(self.manifest, _manifest_bytes(files))
        self._inc("files_read", read)
        logger.info("feed files: %d known, %d read at start", len(files), read)
        if recorded:
            logger.warning("recorded %d articles found in the feed files but not in the crawl state "
                           "(written by an interrupted run, or the state lost them)", recorded)
            self._inc("articles_recovered", recorded)
        return recorded

    def _scan(self, feed: FeedFile) -> tuple[int, int] | None:
        """Read ``feed`` from where it was last read: (articles recorded, files opened), or
        None when the file is no longer the one the crawler wrote."""
        st = _regular_stat(feed.path)
        if st is None:
            logger.warning("feed file %s is gone; its articles stay recorded as exported", feed.path)
            self._inc("files_gone")
            return None
        if (st.st_dev, st.st_ino) != (feed.device, feed.inode) or st.st_size < feed.scanned:
            logger.warning("feed file %s was replaced or rewritten since the crawler wrote it; it is no longer "
                           "read or changed (its articles stay recorded as exported)", feed.path)
            self._inc("files_replaced")
            return None
        if st.st_size == feed.scanned:
            self.state.record_scan(feed._replace(closed=True), [])
            return 0, 0
        with open(feed.path, "rb+") as handle:
            handle.seek(feed.scanned)
            data = handle.read()
            complete = data[: data.rfind(b"\n") + 1]
            if len(complete) < len(data):
                # A line cut by a killed run: never let a reader see half a JSON object. Only
                # bytes after ``scanned`` (so after ``start``) are the crawler's to cut.
                handle.truncate(feed.scanned + len(complete))
                logger.warning("%s ended in a truncated line (%d bytes) from an interrupted run; removed it",
                               feed.path, len(data) - len(complete))
                self._inc("truncated_lines_removed")
        records = []
        for line in complete.splitlines():
            try:
                article = json.loads(line)
                url, content = article["url"], article.get("content") or ""
            except (ValueError, KeyError, TypeError):
                logger.warning("%s holds a line that is not an article; skipped it", feed.path)
                self._inc("bad_lines")
                continue
            revision = article.get("revision") if isinstance(article.get("revision"), int) else 1
            if revision > 1 and self.state.supports_revisions:
                # A revision line: recorded unless the state has it (or a later one) already, or
                # the next run would find the page changed again and export it a second time.
                stored = self.state.article(url)
                if stored is not None and stored.revision >= revision:
                    continue
            elif self.state.seen_url(url):
                continue
            records.append(ExportRecord(
                url, *fingerprints(content), read_next=article.get("read_next_url"), revision=max(revision, 1),
                crawled_at=article.get("revision_of_crawled_at" if revision > 1 else "crawled_at"),
                title_key=title_key(article.get("title")), updated_at=parse_time(article.get("updated_at")),
            ))
        recorded = self.state.record_scan(feed._replace(scanned=feed.scanned + len(complete), closed=True), records)
        return recorded, 1

    def register(self, path: str | Path, overwrite: bool) -> None:
        """Before this run writes its first line to ``path``: durably remember that the file is
        the crawler's from its current end on (from 0 when it is overwritten)."""
        path = os.path.abspath(path)
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT, 0o666))  # its identity exists from now on
        st = os.stat(path)
        if not stat.S_ISREG(st.st_mode):
            return  # /dev/stdout, a pipe: nothing to read back
        files = self.state.feed_files()
        known = files.get(path)
        if overwrite:
            feed = FeedFile(path, 0, 0, st.st_dev, st.st_ino, False)
        elif known and (known.device, known.inode) == (st.st_dev, st.st_ino) and known.scanned == st.st_size:
            feed = known._replace(closed=False)
        else:
            # Not ours, or not only ours: what is there now belongs to someone else.
            feed = FeedFile(path, st.st_size, st.st_size, st.st_dev, st.st_ino, False)
        self.state.put_feed_files([feed])
        files[path] = feed
        if known is None or (known.start, known.device, known.inode) != (feed.start, feed.device, feed.inode):
            write_atomically(self.manifest, _manifest_bytes(files))
        self.opened.add(path)

    def finish(self) -> None:
        """Everything this run wrote is recorded: its files need not be read at the next start."""
        files = self.state.feed_files()
        done = []
        for path in self.opened:
            feed, st = files.get(path), _regular_stat(path)
            if feed and st and (st.st_dev, st.st_ino) == (feed.device, feed.inode):
                done.append(feed._replace(scanned=st.st_size, closed=True))
        if done:
            self.state.put_feed_files(done)


def _regular_stat(path: str) -> os.stat_result | None:
    try:
        st = os.stat(path)
    except (FileNotFoundError, NotADirectoryError):
        return None
    return st if stat.S_ISREG(st.st_mode) else None


def shared_overwrite_refusal(feeds: dict, spider_names: list[str]) -> str | None:
    """Why several spiders of one process (``scrapy crawlall``) must not be given one ``-O``
    file, or None: each would truncate it when it opens and then write over the others' lines."""
    owners: dict[Path, str] = {}
    for name in spider_names:
        for path, overwrite in feed_targets(feeds, name).files:
            if overwrite and owners.setdefault(path, name) != name:
                return (f"-O {path}: {owners[path]} and {name} would each overwrite it and write over the other's "
                        "articles; give each its own file with -O 'DIR/%(name)s.jsonl'")
    return None


def overwrite_refusal(feeds: dict, state_dir: str | Path, spider_name: str) -> str | None:
    """Why ``-O`` must not overwrite a file, or None: overwriting a file that holds articles the
    state remembers as exported would lose them for good (a later run would not export them
    again)."""
    files = [path for path, overwrite in feed_targets(feeds, spider_name).files if overwrite]
    if not files:
        return None
    known: dict[str, tuple[int, int | None, int | None]] = {}
    try:
        known.update(read_manifest(manifest_path(state_dir, spider_name)))
    except ManifestError:
        pass
    database = state_path(state_dir, spider_name)
    if database.is_file():
        try:
            with open_state(state_dir, spider_name) as state:
                known.update({p: (f.start, f.device, f.inode) for p, f in state.feed_files().items()})
        except StateError:
            pass  # the crawl itself says what is wrong with the state
    for path in files:
        st = _regular_stat(str(path))
        if st is None or str(path) not in known:
            continue
        start, device, inode = known[str(path)]
        if device is not None and (st.st_dev, st.st_ino) != (device, inode):
            continue
        if st.st_size > start:
            return (f"-O {path}: the file holds articles that earlier runs exported ({database} remembers "
                    f"them), and overwriting it would lose them; use -o {path} to add to it, or -O with a new "
                    "file name")
    return None
