"""Distributed-crawl benchmark: 1, 2 and 4 workers on one Redis against a site whose every
answer takes 100 ms, pages per second and speed-up, in one run; and Redis memory per 100,000
seen articles.

Run: ``.venv/bin/python bench/distributed.py [--articles 1500] [--delay 0.1] [--workers 1,2,4]
[--memory-articles 100000] [--quick] [--targets]`` (about 6 minutes; ``--quick`` under one)

The site is ``scripts/generate_site.py``'s (N distinct 150-250 KB articles, cached as
``bench/crawl.py`` caches it), served by ``scripts/fixture_site.py --delay`` in a process of
its own: each request waits ``--delay`` seconds in its own thread before its answer, so a
crawler waits on the network as on the real web and does not compete for CPU while it waits.
Each worker count gets a fresh ``redis-server`` (``scripts/redis_server.py``) and starts that
many ``scrapy crawl inews -s REDIS_URL=…`` workers at once, with the same settings for every
count: one request at a time per worker (``CONCURRENT_REQUESTS=1``,
``CONCURRENT_REQUESTS_PER_DOMAIN=1``), ``DOWNLOAD_DELAY=0`` and AutoThrottle off. These
politeness limits are per worker, so N workers put up to N times the load on a site, and one
worker is network-bound: at most 1 / delay pages per second. Why not the defaults: the
project's 0.25 s delay and AutoThrottle would time the delay alone; its 4 requests at a time
would ask 4 workers for 160 pages/s of 150-250 KB pages, about 20 ms of CPU each (parse,
extraction, the Redis round trips), 3 cores this 2-core machine does not have: the run would
measure the CPU, not the distribution. ``CONCURRENT_REQUESTS`` equal to the per-site limit:
a worker takes from the shared queue only what it can download now (Scrapy's default of 16
would have it hold requests in its own downloader queue that idle workers could take).

Measured per worker count: the time from the first worker's start to the last one's exit
(start-up and the end of the run included), pages downloaded (``downloader/response_count``
summed) per second of it, the speed-up against one worker, the CPU the workers, the server and
Redis used (share of the machine's cores: near 100 % means CPU-bound, not network-bound), Redis
``used_memory_peak``. Every count's feed files are checked by ``scripts/merge-run`` (every line
a valid article, no URL twice) and must hold exactly the same URLs, all N articles: a run that
is fast and wrong fails the benchmark (exit status 1).

Redis memory: a fresh ``redis-server`` is filled through the real state backend
(``newscrawler.state.redis.RedisState.record_many``) with ``bench/state.py``'s iNews-style URLs,
fingerprints and SimHashes; ``INFO memory`` ``used_memory`` before and after, scaled to 100,000
articles, while the run lasts (the state and the run's copy of its index) and after the run
(the state alone).

Targets: speed-up >= 1.8 with 2 workers, >= 3.2 with 4; printed, and the exit status is 1 when
one is missed only with ``--targets``. ``--quick``: 150 articles and 10,000 state records, a
check that everything runs (start-up dominates such a small site: its speed-ups say little).
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "scripts")]  # runnable from a plain checkout

from bench.crawl import SCRAPY, serve, site_for  # noqa: E402
from bench.state import records  # noqa: E402
from redis_server import RedisServer  # noqa: E402
from scripts.generate_site import WINDOW  # noqa: E402

PER_WORKER = {"CONCURRENT_REQUESTS": "1", "CONCURRENT_REQUESTS_PER_DOMAIN": "1", "DOWNLOAD_DELAY": "0",
              "AUTOTHROTTLE_ENABLED": "False"}
TARGETS = {2: 1.8, 4: 3.2}
MEMORY_SCALE = 100_000
MEMORY_BATCH = 5_000
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


@dataclass
class Config:
    workers: int
    wall_s: float
    statuses: list[int]
    stats: list[dict]
    workers_cpu_s: float
    server_cpu_s: float
    redis_cpu_s: float
    redis_peak_mb: float
    urls: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    @property
    def pages(self) -> int:
        return sum(s.get("downloader/response_count", 0) for s in self.stats)

    @property
    def items(self) -> list[int]:
        return [s.get("item_scraped_count", 0) for s in self.stats]

    @property
    def rate(self) -> float:
        return self.pages / self.wall_s

    def cpu_share(self, cpu_s: float) -> float:
        return cpu_s / (self.wall_s * os.cpu_count())


def process_cpu_s(pid: int) -> float:
    """User + system CPU seconds of a running process so far (``/proc/<pid>/stat``)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS


def redis_cpu_s(client) -> float:
    info = client.info("cpu")
    return info["used_cpu_user"] + info["used_cpu_sys"]


def worker_command(redis_url: str, base_url: str, stats_file: Path) -> list[str]:
    settings = [arg for name, value in PER_WORKER.items() for arg in ("-s", f"{name}={value}")]
    return [SCRAPY, "crawl", "inews", *settings, "-s", "LOGSTATS_INTERVAL=0", "-s", f"REDIS_URL={redis_url}",
            "-s", f"STATS_FILE={stats_file}", "-a", f"base_url={base_url}", "-a", f"since={WINDOW[0]}",
            "-a", f"until={WINDOW[-1]}", "-a", "channels=news"]


def crawl(workers: int, base_url: str, server_pid: int, scratch: Path) -> Config:
    """``workers`` workers on a fresh Redis, started together; timed until the last exits."""
    home = scratch / f"{workers}-workers"
    env = {**os.environ, "SCRAPY_SETTINGS_MODULE": "newscrawler.settings", "PYTHONPATH": str(ROOT),
           "NEWSCRAWLER_HOME": str(home)}
    with RedisServer(home / "redis") as redis_server:
        client = redis_server.client()
        redis_before, server_before = redis_cpu_s(client), process_cpu_s(server_pid)
        names = [f"worker{n}" for n in range(1, workers + 1)]
        start = time.perf_counter()
        children = [subprocess.Popen(worker_command(redis_server.url, base_url, home / f"{name}.stats.json"),
                                     cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                                     stderr=(home / f"{name}.log").open("w"))
                    for name in names]
        statuses, cpu_s = [], 0.0
        for child in children:  # every one reaped: the clock stops at the last exit
            _, status, usage = os.wait4(child.pid, 0)
            child.returncode = os.waitstatus_to_exitcode(status)
            statuses.append(child.returncode)
            cpu_s += usage.ru_utime + usage.ru_stime  # with the extraction workers it reaped
        wall = time.perf_counter() - start
        config = Config(workers, wall, statuses,
                        [json.loads(p.read_text()) if (p := home / f"{name}.stats.json").exists() else {}
                         for name in names],
                        cpu_s, process_cpu_s(server_pid) - server_before, redis_cpu_s(client) - redis_before,
                        client.info("memory")["used_memory_peak"] / 2**20)
        client.close()
    config.problems = [f"{name} exited with status {status} (see {home / name}.log)"
                       for name, status in zip(names, statuses) if status != 0]
    verify(config, home)
    return config


def verify(config: Config, home: Path) -> None:
    """The run's feed files through ``scripts/merge-run`` (no --redis: nothing may repeat)."""
    merged = home / "merged.jsonl"
    check = subprocess.run([str(ROOT / "scripts" / "merge-run"), "-o", str(merged), str(home / "output" / "inews")],
                           capture_output=True, text=True, env={**os.environ, "PYTHON": sys.executable})
    if check.returncode != 0:
        config.problems.append(f"merge-run exit status {check.returncode}: "
                               f"{(check.stdout + check.stderr).strip().splitlines()[-5:]}")
    if merged.exists():
        config.urls = sorted(json.loads(line)["url"] for line in merged.read_text(encoding="utf-8").splitlines())


def state_memory(articles: int, scratch: Path) -> tuple[float, float]:
    """MB per 100,000 articles recorded through the Redis state: (while the run lasts, after)."""
    from newscrawler.state.redis import RedisLink, RedisState, run_keys

    run_prefix = "newscrawler:crawl:bench:1:"
    with RedisServer(scratch / "redis-memory") as redis_server:
        client = redis_server.client()
        before = client.info("memory")["used_memory"]
        state = RedisState("inews", RedisLink(client, "bench-1-0", run_prefix))
        recorded = sum(state.record_many(records(i, min(i + MEMORY_BATCH, articles)))
                       for i in range(0, articles, MEMORY_BATCH))
        if recorded != articles:
            raise RuntimeError(f"the Redis state recorded {recorded} of {articles} articles")
        during = client.info("memory")["used_memory"]
        client.delete(*run_keys(run_prefix))
        after = client.info("memory")["used_memory"]
        client.close()
    scale = MEMORY_SCALE / articles / 2**20
    return (during - before) * scale, (after - before) * scale


def report(configs: list[Config], articles: int, delay: float) -> list[str]:
    """Prints the table and the ratios; returns the targets missed."""
    concurrency = int(PER_WORKER["CONCURRENT_REQUESTS_PER_DOMAIN"])
    print(f"\nper worker, the same for every count: {', '.join(f'{k}={v}' for k, v in PER_WORKER.items())}\n"
          f"(politeness limits are per worker: N workers send up to N x {concurrency} requests to a site at once); "
          f"server delay {delay * 1000:.0f} ms: one worker fetches at most {concurrency / delay:.0f} pages/s")
    print(f"\n{'workers':>7} {'exit':>8} {'wall s':>7} {'pages':>6} {'pages/s':>8} {'speed-up':>8} "
          f"{'items per worker':>22} {'CPU workers':>11} {'server':>7} {'redis':>6} {'Redis peak MB':>13}")
    base = configs[0]
    for c in configs:
        print(f"{c.workers:>7} {','.join(map(str, c.statuses)):>8} {c.wall_s:>7.1f} {c.pages:>6} {c.rate:>8.1f} "
              f"{c.rate / base.rate:>7.2f}x {'+'.join(map(str, c.items)):>22} {c.cpu_share(c.workers_cpu_s):>10.0%} "
              f"{c.cpu_share(c.server_cpu_s):>7.0%} {c.cpu_share(c.redis_cpu_s):>6.0%} {c.redis_peak_mb:>13.1f}")
    print(f"(CPU: share of the machine's {os.cpu_count()} cores over the wall time)")
    missed = []
    for c in configs:
        target = TARGETS.get(c.workers)
        if target is None or c is base:
            continue
        speedup = c.rate / base.rate
        verdict = "met" if speedup >= target else "NOT met"
        print(f"speed-up with {c.workers} workers: {speedup:.2f}x (target >= {target}: {verdict})")
        if speedup < target:
            missed.append(f"{c.workers} workers: {speedup:.2f}x < {target}")
    return missed


def check_outputs(configs: list[Config], articles: int) -> list[str]:
    """Problems that make the run wrong: a worker failed, a file did not verify, the URL sets
    differ between worker counts or do not hold every article."""
    problems = [f"{c.workers} workers: {p}" for c in configs for p in c.problems]
    reference = configs[0].urls
    if len(reference) != articles:
        problems.append(f"{configs[0].workers} worker(s) exported {len(reference)} of {articles} articles")
    for c in configs[1:]:
        if c.urls != reference:
            only_here, only_there = set(c.urls) - set(reference), set(reference) - set(c.urls)
            problems.append(f"{c.workers} workers exported another set of URLs than {configs[0].workers}: "
                            f"{len(only_here)} more, {len(only_there)} fewer")
    return problems


def worker_counts(text: str) -> list[int]:
    counts = [int(part) for part in text.split(",")]
    if not counts or min(counts) < 1 or counts != sorted(set(counts)):
        raise argparse.ArgumentTypeError(f"increasing worker counts of 1 or more, comma-separated, not {text!r}")
    return counts


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1500)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--delay", type=float, default=0.1, help="seconds the server waits before each answer")
    parser.add_argument("--workers", type=worker_counts, default=[1, 2, 4], help="worker counts, the first the base")
    parser.add_argument("--memory-articles", type=int, default=MEMORY_SCALE, help="articles recorded to measure memory")
    parser.add_argument("--quick", action="store_true", help="150 articles, 10,000 state records")
    parser.add_argument("--targets", action="store_true", help="exit status 1 when a speed-up target is missed")
    args = parser.parse_args()
    if args.quick:
        args.articles, args.memory_articles = 150, 10_000
    print(f"load average before the run: {' '.join(f'{x:.2f}' for x in os.getloadavg())} "
          f"on {os.cpu_count()} cores")
    root = site_for(args.articles, args.seed)
    server, base_url = serve(root, "--delay", str(args.delay))
    try:
        with tempfile.TemporaryDirectory(prefix="newscrawler-bench-distributed-") as scratch_dir:
            scratch = Path(scratch_dir)
            configs = []
            for workers in args.workers:
                configs.append(crawl(workers, base_url, server.pid, scratch))
                print(f"{workers} worker(s): {configs[-1].wall_s:.1f} s")
            during, after = state_memory(args.memory_articles, scratch)
    finally:
        server.terminate()
        server.wait()
    missed = report(configs, args.articles, args.delay)
    print(f"\nRedis memory per {MEMORY_SCALE:,} seen articles (measured on {args.memory_articles:,} recorded through "
          f"the Redis state): {during:.1f} MB while the run lasts (state + the run's index), {after:.1f} MB after it")
    wrong = check_outputs(configs, args.articles)
    if wrong:
        print("\nWRONG: " + "\n       ".join(wrong))
        return 1
    print(f"every worker count exported the same {args.articles} URLs, each once (scripts/merge-run: ok)")
    print(f"load average after the run: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    return 1 if missed and args.targets else 0


if __name__ == "__main__":
    sys.exit(main())
