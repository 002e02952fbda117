"""Article extraction in worker processes, off the crawl's one thread.

Scrapy downloads, schedules, runs callbacks and pipelines on a single thread. On a
realistic 150-250 KB article page, parsing it and reading the article out (~3 ms) plus the
content fingerprints (~0.5 ms) cost more than all of Scrapy's own work for that page
(~2.8 ms, ``bench/crawl.py``), so in-process extraction at least halves a crawl's pace. Worker
processes move that work to other cores: the crawl thread writes the body into a pipe and
reads the finished fields back.

The pipes are asyncio subprocess streams on the crawl's own event loop, so nothing in the
crawler process competes with the crawl thread for the GIL; ``concurrent.futures``' process
pool (feeder and result threads in this process) measured slower than no pool at all.

Frames on both pipes: 4-byte big-endian length, then a pickle. A worker answers requests in
the order it got them. If a worker dies (killed, out of memory), the pages it had not
answered are extracted in the crawler process, so no page is lost, and the worker is
replaced; after ``MAX_RESTARTS`` replacements or failed starts in a crawl, or when the worker
program cannot be run at all, the pool extracts in-process (slower, never wrong).

``python -m newscrawler.extraction.workers`` is the worker side (``serve``).
"""
from __future__ import annotations

import asyncio
import fcntl
import logging
import os
import pickle
import resource
import signal
import sys
import traceback
from collections import deque
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO, NamedTuple

from newscrawler.extraction import Report, extract_with_report
from newscrawler.fingerprints import fingerprints

logger = logging.getLogger(__name__)

MAX_RESTARTS = 3
WORKER_NICENESS = 5
"""Workers yield the CPU to the crawler process when both want it: the crawl thread is what
limits a crawl's pace, and workers have time to spare (``bench/crawl.py``)."""
START_TIMEOUT = 30.0
_HEADER = 4
_PACKAGE_ROOT = str(Path(__file__).resolve().parents[2])  # the folder holding "newscrawler"
_F_SETPIPE_SZ = 1031  # Linux fcntl: pipe capacity
_PIPE_BYTES = 1 << 20  # a whole page per write instead of 64 KiB chunks (best effort)


class Extraction(NamedTuple):
    fields: dict
    report: Report
    fingerprints: tuple[str, int] | None
    """``fingerprints(content)``: computed beside the extraction, on the same core."""


def analyse(body: bytes, url: str, content_type: str | None) -> Extraction:
    """What the crawl needs from one article page; the same in a worker and in-process."""
    fields, report = extract_with_report(body, url, content_type)
    content = fields.get("content")
    return Extraction(fields, report, fingerprints(content) if content else None)


def default_processes() -> int:
    """One worker per core beyond the crawl's own, at most two; none on a single core, where
    a worker would only add copying. On iNews-like pages one worker keeps up with the crawl
    thread (each spends about 3 ms per 200 KB page, ``bench/crawl.py``); the second is for
    pages read by the generic layer, which costs more than twice as much (``bench/extract.py``)."""
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1  # macOS lacks it
    return max(0, min(2, usable - 1))


class WorkerLost(Exception):
    """The worker process ended before answering."""


class _Worker:
    def __init__(self, process: asyncio.subprocess.Process):
        self.process = process
        self.pending: deque[asyncio.Future] = deque()
        self.usage: dict[str, float] = {}
        self.closing = False
        self.ready = asyncio.get_running_loop().create_future()
        self.reader = asyncio.ensure_future(self._read_answers())

    @property
    def alive(self) -> bool:
        return not self.reader.done()

    def submit(self, frame: bytes) -> asyncio.Future:
        answer = asyncio.get_running_loop().create_future()
        self.pending.append(answer)
        self.process.stdin.write(frame)
        return answer

    async def _read_answers(self) -> None:
        stdout = self.process.stdout
        lost = WorkerLost(f"extraction worker {self.process.pid} ended")
        try:
            while True:
                size = int.from_bytes(await stdout.readexactly(_HEADER), "big")
                kind, value = pickle.loads(await stdout.readexactly(size))
                if kind == "ready":  # the first frame, once the worker has imported everything
                    self.ready.set_result(value)
                elif kind == "usage":  # the last frame, after stdin was closed
                    self.usage = value
                else:
                    self.pending.popleft().set_result((kind, value))
        except Exception as error:  # noqa: BLE001 - whatever broke the pipe, the pages are redone
            lost = WorkerLost(f"extraction worker {self.process.pid} ended: {error!r}")
        finally:
            if not self.ready.done():
                self.ready.set_exception(lost)
            if self.pending and not self.closing:
                logger.error("%s with %d pages unanswered", lost, len(self.pending))
            while self.pending:
                self.pending.popleft().set_exception(lost)

    def close(self) -> None:
        self.closing = True
        if self.process.stdin and not self.process.stdin.is_closing():
            self.process.stdin.close()


class ExtractionPool:
    """``await pool.extract(body, url, content_type)`` -> ``Extraction``, in worker processes
    when ``processes`` > 0. ``on_event(name)`` hears ``worker_lost`` (pages redone
    in-process) and ``in_process_fallback`` (the pool gave up on workers)."""

    def __init__(self, processes: int, on_event: Callable[[str], None] = lambda name: None):
        self.processes = processes
        self.on_event = on_event
        self.workers: list[_Worker] = []
        self.retired: list[_Worker] = []
        """Dead workers, waited for in ``close``."""
        self.started = 0
        self._starting: asyncio.Future | None = None

    async def start(self) -> None:
        """Starts the workers and waits until they are ready (~0.15 s of imports), so the
        first pages are not held up behind them."""
        if self.processes:
            await self._worker()

    async def extract(self, body: bytes, url: str, content_type: str | None) -> Extraction:
        worker = await self._worker() if self.processes else None
        if worker is None:
            return analyse(body, url, content_type)
        payload = pickle.dumps((body, url, content_type), protocol=pickle.HIGHEST_PROTOCOL)
        try:
            kind, value = await worker.submit(len(payload).to_bytes(_HEADER, "big") + payload)
        except WorkerLost:
            self.on_event("worker_lost")
            return analyse(body, url, content_type)
        if kind == "error":  # a bug: retried here, so it fails where Scrapy reports callback errors
            logger.error("extraction failed in a worker for %s:\n%s", url, value)
            return analyse(body, url, content_type)
        return value

    async def _worker(self) -> _Worker | None:
        """The live worker with the fewest unanswered pages, starting workers as needed."""
        while self._starting is not None:
            await self._starting
        self.retired += [w for w in self.workers if not w.alive]
        self.workers = [w for w in self.workers if w.alive]
        if len(self.workers) < self.processes:
            self._starting = asyncio.ensure_future(self._start(self.processes - len(self.workers)))
            try:
                await self._starting
            finally:
                self._starting = None
        return min(self.workers, key=lambda w: len(w.pending), default=None)

    async def _start(self, count: int) -> None:
        for _ in range(count):
            if self.started >= self.processes + MAX_RESTARTS:
                return self._give_up(f"{self.started - len(self.workers)} workers died")
            self.started += 1
            try:
                process = await asyncio.create_subprocess_exec(
                    sys.executable, "-m", __name__,
                    stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE,
                    env={**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, (_PACKAGE_ROOT, os.environ.get("PYTHONPATH"))))},
                )
            except OSError as error:
                return self._give_up(f"cannot start a worker: {error}")
            _widen_pipe(process.stdin)
            worker = _Worker(process)
            try:
                await asyncio.wait_for(asyncio.shield(worker.ready), START_TIMEOUT)
            except (WorkerLost, asyncio.TimeoutError):
                logger.error("extraction worker %s did not start", process.pid)
                worker.close()
                if process.returncode is None:
                    process.kill()
                self.retired.append(worker)
                continue
            self.workers.append(worker)

    def _give_up(self, why: str) -> None:
        logger.error("extraction workers: %s; extracting in the crawler process from now on", why)
        self.on_event("in_process_fallback")
        self.processes = 0

    async def close(self) -> dict[str, float]:
        """Stops the workers (later pages are extracted in-process); returns their resource
        use, summed: ``peak_rss_kib`` (each worker's peak) and ``cpu_s``."""
        self.processes = 0
        for worker in self.workers:
            worker.close()
        for worker in self.workers + self.retired:
            try:
                await asyncio.wait_for(worker.process.wait(), timeout=10)
            except asyncio.TimeoutError:
                worker.process.kill()
                await worker.process.wait()
            await asyncio.wait([worker.reader])
        total = {key: sum(worker.usage.get(key, 0) for worker in self.workers) for key in ("peak_rss_kib", "cpu_s")}
        self.workers, self.retired = [], []
        return total


def _widen_pipe(stream: asyncio.StreamWriter | None) -> None:
    if stream is None or not sys.platform.startswith("linux"):
        return
    try:
        fcntl.fcntl(stream.get_extra_info("pipe").fileno(), _F_SETPIPE_SZ, _PIPE_BYTES)
    except (OSError, AttributeError, ValueError):
        pass  # above /proc/sys/fs/pipe-max-size, or the worker already exited: nothing to widen


def serve(requests: BinaryIO, answers: BinaryIO) -> None:
    """The worker loop: one answer frame per request frame, in order, until end of input;
    then one frame with the worker's resource use."""
    def send(kind: str, value) -> None:
        frame = pickle.dumps((kind, value), protocol=pickle.HIGHEST_PROTOCOL)
        answers.write(len(frame).to_bytes(_HEADER, "big") + frame)
        answers.flush()

    send("ready", os.getpid())
    while len(header := requests.read(_HEADER)) == _HEADER:
        body, url, content_type = pickle.loads(requests.read(int.from_bytes(header, "big")))
        try:
            answer = ("ok", analyse(body, url, content_type))
        except Exception:  # noqa: BLE001 - reported to the crawler, which redoes the page
            answer = ("error", traceback.format_exc())
        send(*answer)
    usage = resource.getrusage(resource.RUSAGE_SELF)
    send("usage", {"peak_rss_kib": usage.ru_maxrss, "cpu_s": usage.ru_utime + usage.ru_stime})


if __name__ == "__main__":
    # Ctrl-C is the crawler's to handle: it closes our input when it has finished.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    os.nice(WORKER_NICENESS)
    # Answers go to the original stdout; anything else printing there (a library, a C
    # extension) goes to stderr instead of breaking the frames.
    answers = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)
    # Through the package, so answers pickle as newscrawler.extraction.workers.Extraction,
    # not __main__.Extraction.
    from newscrawler.extraction.workers import serve as serve_requests

    try:
        serve_requests(sys.stdin.buffer, answers)
    except BrokenPipeError:  # the crawler is gone (killed): nobody to answer
        os._exit(0)
