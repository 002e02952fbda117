"""What extraction and the pipelines cost a whole crawl: the real spider against a null spider
that downloads the same pages and extracts nothing.

Run: ``.venv/bin/python bench/crawl.py [--articles 5000] [--seed 0] [--rounds 3]``

The site comes from ``scripts/generate_site.py`` (N distinct articles, 150-250 KB pages), cached
under the system temp folder keyed by N, seed and the generator's source, and is served by
``scripts/fixture_site.py`` in a process of its own, so the server never competes for the
crawler's GIL. Both crawls run in base_url mode with the same settings (no politeness delay,
16 requests per domain, a fresh crawl state, ``-O`` to a temp file):

* real: ``scrapy crawl inews`` — navigation, extraction, item pipelines, feed;
* null: a subclass of the inews spider written here, so it walks the same entry points and
  listings and schedules the same article URLs (the portal registry's rules, the same
  priorities and pagination), whose article callback only finds the "Read Next" link by a byte
  search and follows it: no extraction, no items, no item pipelines. The article and listing
  counts of both crawls are printed; they should be equal.

Measured per crawl: wall time of the process, the crawl's own time (Scrapy's
``elapsed_time_seconds``, without start-up), pages (``downloader/response_count``) and items per
second of crawl time, peak RSS (``ru_maxrss`` of the crawler process, from ``wait4``, plus each
extraction worker's own peak, which the crawl reports in its stats) and CPU time per page
(crawler and workers; the workers' share apart). The two crawls run one after the other,
``--rounds`` times, so a shared machine's drift hits both alike; the ratio printed is the
median of the rounds' ratios, each round's shown too.
Targets (printed, not asserted): real/null pages per second >= 0.7, peak RSS < 500 MB, no item
lost (items == N). ``--profile FILE`` runs the real crawl once more under cProfile, writes the
profile to FILE and prints the project's functions by cumulative time (profiled rates are
slower and not comparable).
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import pstats
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # runnable from a plain checkout

from scripts.generate_site import WINDOW, generate  # noqa: E402

SCRAPY = str(Path(sys.executable).parent / "scrapy")
GENERATOR_SOURCES = (ROOT / "scripts" / "generate_site.py", ROOT / "tests" / "fixtures" / "inews" / "build.py")
SETTINGS = ("-s", "AUTOTHROTTLE_ENABLED=False", "-s", "DOWNLOAD_DELAY=0", "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=16")
RATIO_TARGET = 0.7
RSS_TARGET_MB = 500

NULL_SPIDER = r'''
"""Downloads what the inews spider downloads, extracts nothing (bench/crawl.py)."""
import re

from newscrawler.spiders import SPIDERS

INewsSpider = SPIDERS["inews"]

# The "Read Next" anchor found by a byte search, not a parse: following it is navigation.
READ_NEXT = re.compile(rb'<a\b[^>]*\bclass="readNext"[^>]*>')
HREF = re.compile(rb'\bhref="([^"#][^"]*)"')


class NullSpider(INewsSpider):
    """The inews spider (same entry points, listings, pagination, scheduling) whose article
    callback only looks for the Read Next link: no extraction, no item."""

    name = "inews_null"

    def parse_article(self, response):
        anchor = READ_NEXT.search(response.body)
        href = anchor and HREF.search(anchor[0])
        fields = {"read_next_url": response.urljoin(href[1].decode()) if href else None}
        return self._follow_read_next(fields, response.meta["read_next_depth"])
'''


@dataclass
class Run:
    name: str
    wall_s: float
    stats: dict
    own_peak_rss_mb: float
    cpu_s: float
    returncode: int

    @property
    def workers_cpu_s(self) -> float:
        return self.stats.get("newscrawler/extraction/workers_cpu_s", 0.0)

    @property
    def peak_rss_mb(self) -> float:
        """The crawler's peak plus each extraction worker's: an upper bound of their sum."""
        return self.own_peak_rss_mb + self.stats.get("newscrawler/extraction/workers_peak_rss_kib", 0) / 1024

    @property
    def crawl_s(self) -> float:
        return self.stats.get("elapsed_time_seconds") or self.wall_s

    @property
    def pages(self) -> int:
        return self.stats.get("downloader/response_count", 0)

    @property
    def items(self) -> int:
        return self.stats.get("item_scraped_count", 0)

    @property
    def articles(self) -> int:
        return self.stats.get("newscrawler/articles/scheduled", 0)

    @property
    def listings(self) -> int:
        return self.stats.get("newscrawler/listings/pages", 0)


def site_for(articles: int, seed: int) -> Path:
    """The generated site, from the cache when a complete copy for these arguments exists."""
    digest = hashlib.sha256(b"".join(path.read_bytes() for path in GENERATOR_SOURCES)).hexdigest()[:12]
    prefix = f"newscrawler-bench-site-{articles}-{seed}-"
    root = Path(tempfile.gettempdir()) / f"{prefix}{digest}"
    if (root / "site.json").exists():  # written last: the copy is complete
        print(f"site: {articles} articles, cached at {root}")
        return root
    # Copies from older generator versions (a GB each at 5,000 articles) and a half-written one go.
    for stale in root.parent.glob(f"{prefix}*"):
        shutil.rmtree(stale)
    start = time.perf_counter()
    generate(root, articles, seed)
    print(f"site: {articles} articles, generated in {time.perf_counter() - start:.1f} s at {root}")
    return root


def serve(root: Path, *options: str) -> tuple[subprocess.Popen, str]:
    """The fixture server in a process of its own; ``options``: more of its flags (``--delay``)."""
    server = subprocess.Popen([sys.executable, str(ROOT / "scripts" / "fixture_site.py"), str(root), "--port", "0",
                               *options], stdout=subprocess.PIPE, text=True)
    first = server.stdout.readline().strip()  # "serving http://127.0.0.1:<port>"
    if not first.startswith("serving "):
        server.kill()
        raise RuntimeError(f"fixture server did not start: {first!r}")
    return server, first.split()[1]


def run_crawl(name: str, spider: str, base_url: str, scratch: Path, extra_args: tuple[str, ...] = (),
              env: dict[str, str] | None = None, profile: Path | None = None) -> Run:
    """One crawl in its own child; its peak RSS comes from wait4 on that child alone."""
    folder = scratch / name
    folder.mkdir()
    stats_file = folder / "stats.json"
    profiler = [sys.executable, "-m", "cProfile", "-o", str(profile)] if profile else []
    command = [*profiler, SCRAPY, "crawl", spider, *SETTINGS, "-s", f"STATE_DIR={folder / 'state'}",
               "-s", f"STATS_FILE={stats_file}", "-O", str(folder / "items.jsonl"),
               "-a", f"base_url={base_url}", "-a", f"since={WINDOW[0]}", "-a", f"until={WINDOW[-1]}",
               "-a", "channels=news", *extra_args]
    start = time.perf_counter()
    child = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - start
    child.returncode = os.waitstatus_to_exitcode(status)  # reaped here, not by Popen
    stats = json.loads(stats_file.read_text()) if stats_file.exists() else {}
    # ru_maxrss: KiB on Linux, the child's own (its reaped workers' peaks come in the stats);
    # the CPU times include the reaped workers'.
    return Run(name, wall, stats, usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime, child.returncode)


def null_spider_env(scratch: Path) -> dict[str, str]:
    (scratch / "bench_null_spider.py").write_text(NULL_SPIDER, encoding="utf-8")
    path = os.pathsep.join(filter(None, (str(scratch), str(ROOT), os.environ.get("PYTHONPATH"))))
    return {**os.environ, "PYTHONPATH": path}


def report(articles: int, rounds: list[tuple[Run, Run]]) -> None:
    print(f"\n{'crawl':<8} {'exit':>4} {'wall s':>7} {'crawl s':>8} {'pages':>6} {'articles':>8} {'listings':>8} "
          f"{'pages/s':>8} {'items':>6} {'items/s':>8} {'peak RSS MB':>12} {'CPU ms/page':>11} {'of it workers':>13}")
    for pair in rounds:
        for run in pair:
            print(f"{run.name:<8} {run.returncode:>4} {run.wall_s:>7.1f} {run.crawl_s:>8.1f} "
                  f"{run.pages:>6} {run.articles:>8} {run.listings:>8} {run.pages / run.crawl_s:>8.1f} {run.items:>6} "
                  f"{run.items / run.crawl_s:>8.1f} {run.peak_rss_mb:>12.0f} {1000 * run.cpu_s / max(run.pages, 1):>11.2f} "
                  f"{1000 * run.workers_cpu_s / max(run.pages, 1):>13.2f}")
        real, null = pair
        if real.articles != null.articles:
            print(f"warning: the crawls requested different article counts ({real.articles} vs {null.articles})")
    ratios = sorted((real.pages / real.crawl_s) / (null.pages / null.crawl_s) if null.pages else 0.0 for real, null in rounds)
    ratio = statistics.median(ratios)
    reals = [real for real, _ in rounds]
    peak = max(run.peak_rss_mb for run in reals)
    items = min(run.items for run in reals)
    verdict = {True: "met", False: "NOT met"}
    print(f"\nratio real/null pages/s, median of {len(ratios)} rounds: {ratio:.2f}  (each round: "
          f"{', '.join(f'{r:.2f}' for r in ratios)}; target >= {RATIO_TARGET}: {verdict[ratio >= RATIO_TARGET]})")
    print(f"peak RSS of the real crawl, crawler + workers: {peak:.0f} MB  (target < {RSS_TARGET_MB} MB: "
          f"{verdict[peak < RSS_TARGET_MB]})")
    print(f"items, fewest of the real crawls: {items} of {articles}  (target: none lost: {verdict[items == articles]})")
    dropped = {k: v for run in reals for k, v in run.stats.items() if k.startswith(("newscrawler/dropped/", "newscrawler/failed/"))}
    if dropped:
        print(f"dropped or failed: {dropped}")


def print_profile(path: Path) -> None:
    print(f"\nprofile of the real crawl: {path} (python -m pstats {path}); the project's functions:")
    pstats.Stats(str(path)).sort_stats("cumulative").print_stats(r"/newscrawler/", 25)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=5000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--rounds", type=int, default=3, help="real and null crawls, one after the other, this many times")
    parser.add_argument("--profile", type=Path, metavar="FILE", help="profile the real crawl (one more run) into FILE")
    args = parser.parse_args()
    root = site_for(args.articles, args.seed)
    server, base_url = serve(root)
    try:
        with tempfile.TemporaryDirectory(prefix="newscrawler-bench-") as scratch_dir:
            scratch = Path(scratch_dir)
            null_settings = ("-s", "SPIDER_MODULES=bench_null_spider", "-s", "ITEM_PIPELINES={}",
                             "-s", "EXTRACTION_PROCESSES=0")
            rounds = [
                (run_crawl(f"real{n}", "inews", base_url, scratch),
                 run_crawl(f"null{n}", "inews_null", base_url, scratch, null_settings, env=null_spider_env(scratch)))
                for n in range(1, args.rounds + 1)
            ]
            report(args.articles, rounds)
            if args.profile:
                run_crawl("profiled", "inews", base_url, scratch, profile=args.profile.resolve())
                print_profile(args.profile)
    finally:
        server.terminate()
        server.wait()


if __name__ == "__main__":
    main()
