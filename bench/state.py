"""Crawl-state benchmark: a million-article state, in one run, in a temporary directory.

    .venv/bin/python bench/state.py [--n 1000000] [--near 100000] [--dir /var/tmp]

Inserts N canonical iNews-style URLs with fingerprints and SimHashes through ``record_many``
(batches of 50,000), then times N ``seen_url`` lookups (half present, in scattered order),
``find_near`` lookups (half a stored hash with 1-8 bits flipped, half random), single durable
``record`` calls, the per-article fingerprint cost on 5 KB texts, and what writing one
article's feed line costs (the project's flushing exporter against Scrapy's own JSON Lines
exporter, both with the crawl's field list, interleaved in rounds).  Prints the figures,
the file size and the peak RSS, and whether the targets (>= 50,000 lookups/s, peak RSS
<= 200 MB) are met.  Stored hashes are random rather than computed from texts: that is what
SimHashes of unrelated articles look like, and hashing a million texts would only time the
hashing again.
"""

from __future__ import annotations

import argparse
import random
import resource
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from hashlib import blake2b
from itertools import islice
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from scrapy.exporters import JsonLinesItemExporter

from newscrawler.feeds import FlushingJsonLinesExporter
from newscrawler.fingerprints import NEAR_DUPLICATE_DISTANCE, content_fingerprint, simhash
from newscrawler.items import EXPORTED_FIELDS, Article
from newscrawler.portals.inews import CHANNELS, PROVINCE_HOSTS
from newscrawler.state import ExportRecord, open_state

TARGET_LOOKUPS_PER_S = 50_000
TARGET_PEAK_RSS_MB = 200
BATCH = 50_000
RECORDS_TIMED = 1_000
TEXTS_TIMED = 300
CHUNK = 10_000
LINES_TIMED = 2_000
LINE_ROUNDS = 7

WORDS = (
    "banjir rob rendam ratusan rumah warga jakarta timur utara bpbd kali ciliwung mengungsi "
    "timnas indonesia menang atas vietnam persib persija imbang liga gol menit babak kedua "
    "bank suku bunga acuan inflasi harga beras turun naik pemerintah gubernur presiden menteri "
    "kpu pemilu polisi tangkap pelaku korupsi kpk sidang hakim vonis tahun penjara gempa bmkg "
    "tsunami kebakaran hutan lahan asap mudik lebaran tol macet kereta cepat bandara pesawat "
    "jalan rusak proyek dana desa sekolah guru siswa ujian beasiswa rumah sakit pasien dokter "
    "vaksin demam berdarah kasus meningkat wisata pantai bali lombok labuan bajo hotel turis "
    "festival budaya pasar tradisional pedagang cabai bawang daging sapi kurban idul adha ramadan "
    "zakat masjid umat ulama mui fatwa dprd anggaran rapat paripurna bupati wali kota camat lurah "
    "kecelakaan truk motor tewas luka berat ringan sopir diamankan saksi viral media sosial video"
).split()
CHANNEL_PATHS = [f"{channel}/{sub}" for channel, subs in CHANNELS.items() for sub in subs]
REGIONS = list(PROVINCE_HOSTS)
BASE_TIME = datetime(2024, 1, 1, tzinfo=UTC)


def _digest(i: int) -> bytes:
    return blake2b(i.to_bytes(8, "little"), digest_size=32).digest()


def article_url(i: int) -> str:
    """The i-th URL: 60 % www.inews.id channel articles, 40 % regional ``/read/<id>/`` ones."""
    d = _digest(i)
    slug = "-".join(WORDS[b % len(WORDS)] for b in d[2 : 7 + d[1] % 6])
    if d[0] < 154:
        channel = CHANNEL_PATHS[d[1] % len(CHANNEL_PATHS)]
        return f"https://www.inews.id/{channel}/{slug}-{2020 + d[7] % 6}"
    return f"https://{REGIONS[d[1] % len(REGIONS)]}.inews.id/read/{100_000 + i}/{slug}"


def stored_simhash(i: int) -> int:
    return int.from_bytes(_digest(i)[16:24], "big")


def records(start: int, stop: int) -> Iterator[ExportRecord]:
    for i in range(start, stop):
        d = _digest(i)
        yield ExportRecord(
            article_url(i),
            d[24:].hex() + d[:8].hex(),
            stored_simhash(i),
            BASE_TIME + timedelta(seconds=i),
        )


def scattered(i: int, n: int) -> int:
    """A fixed permutation-like walk over 0..n-1, so lookups do not follow insertion order."""
    return (i * 2_654_435_761) % n


def timed_calls(call: Callable[[Any], object], arguments: Iterator[Any]) -> tuple[int, float]:
    """(truthy results, seconds spent in ``call`` only): the arguments are built in chunks
    outside the clock, and never all at once, which would cost more memory than the state."""
    truthy, seconds = 0, 0.0
    while chunk := list(islice(arguments, CHUNK)):
        started = time.perf_counter()
        truthy += sum(1 for argument in chunk if call(argument))
        seconds += time.perf_counter() - started
    return truthy, seconds


def near_queries(n: int, calls: int, edited: bool) -> Iterator[int]:
    """Stored hashes with 1-8 bits flipped (edited copies), or random hashes."""
    rng = random.Random(1 if edited else 2)
    for i in range(calls):
        if not edited:
            yield rng.getrandbits(64)
            continue
        query = stored_simhash(scattered(i, n))
        for bit in rng.sample(range(64), rng.randint(1, NEAR_DUPLICATE_DISTANCE)):
            query ^= 1 << bit
        yield query


def per_article_ms(function: Callable[[str], object]) -> float:
    texts = [" ".join(random.Random(k).choices(WORDS, k=700))[:5000] for k in range(TEXTS_TIMED)]
    started = time.perf_counter()
    for text in texts:
        function(text)
    return (time.perf_counter() - started) / TEXTS_TIMED * 1e3


def feed_line_us() -> dict[str, float]:
    """Median µs per article line, per exporter: each round writes ``LINES_TIMED`` lines of a
    5 KB article with each exporter in turn, as the crawl configures it (``EXPORTED_FIELDS``)."""
    article = Article(
        url=article_url(0), source="www.inews.id", title="Banjir rob rendam ratusan rumah warga Jakarta Utara",
        content=" ".join(random.Random(0).choices(WORDS, k=700))[:5000], author="Redaksi", channel="news",
        published_at="2026-11-28T10:15:00+07:00", tags=["banjir", "jakarta"], crawled_at="2026-11-29T00:00:00+00:00",
        fingerprints=("ab" * 16, 12345),
    )
    exporters = {"ours": FlushingJsonLinesExporter, "scrapy": JsonLinesItemExporter}
    samples: dict[str, list[float]] = {name: [] for name in exporters}
    for _ in range(LINE_ROUNDS):
        for name, exporter_class in exporters.items():
            with tempfile.TemporaryFile() as file:
                exporter = exporter_class(file, fields_to_export=list(EXPORTED_FIELDS), encoding="utf-8")
                exporter.start_exporting()
                started = time.perf_counter()
                for _ in range(LINES_TIMED):
                    exporter.export_item(article)
                samples[name].append((time.perf_counter() - started) / LINES_TIMED * 1e6)
                exporter.finish_exporting()
    return {name: statistics.median(values) for name, values in samples.items()}


def rate(count: int, seconds: float) -> str:
    return f"{count / seconds:10,.0f} /s  ({count:,} in {seconds:.1f} s)"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1_000_000, help="articles stored and looked up")
    parser.add_argument("--near", type=int, default=100_000, help="find_near calls")
    parser.add_argument("--dir", help="parent of the temporary state directory")
    args = parser.parse_args()
    n, half = args.n, args.near // 2

    with tempfile.TemporaryDirectory(dir=args.dir) as state_dir:
        with open_state(state_dir, "inews") as state:
            started = time.perf_counter()
            new = sum(state.record_many(records(i, min(i + BATCH, n))) for i in range(0, n, BATCH))
            insert_s = time.perf_counter() - started
            # Even i: a stored URL; odd i: one that was never stored.
            urls = (article_url(scattered(i, n) if i % 2 == 0 else n + i) for i in range(n))
            hits, lookup_s = timed_calls(state.seen_url, urls)
            near_found, near_s = timed_calls(state.find_near, near_queries(n, half, edited=True))
            chance, chance_s = timed_calls(state.find_near, near_queries(n, half, edited=False))
            durable = ((article_url(i), "f" * 32, stored_simhash(i)) for i in range(n, n + RECORDS_TIMED))
            _, record_s = timed_calls(lambda record: state.record(*record), durable)
        size = sum(path.stat().st_size for path in Path(state_dir).iterdir())
    fingerprint_ms, simhash_ms = per_article_ms(content_fingerprint), per_article_ms(simhash)
    line_us = feed_line_us()
    lookups_per_s = n / lookup_s
    peak_rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux

    print(f"record_many inserts   {rate(n, insert_s)}  {new:,} new")
    print(f"seen_url lookups      {rate(n, lookup_s)}  {hits:,} found of {(n + 1) // 2:,} stored")
    print(
        f"find_near lookups     {rate(2 * half, near_s + chance_s)}  edited copies found: "
        f"{near_found:,} of {half:,}; random hashes matched by chance: {chance:,} of {half:,}"
    )
    print(f"record, durable, 1/tx {rate(RECORDS_TIMED, record_s)}")
    print(
        f"per 5 KB text         content_fingerprint {fingerprint_ms:.2f} ms, "
        f"simhash {simhash_ms:.2f} ms"
    )
    print(
        f"feed line, 5 KB text  ours (flushed) {line_us['ours']:.0f} µs, Scrapy's JsonLinesItemExporter "
        f"{line_us['scrapy']:.0f} µs (median of {LINE_ROUNDS} rounds of {LINES_TIMED:,})"
    )
    print(f"state files           {size / 1e6:,.0f} MB ({size / n:,.0f} bytes per article)")
    print(f"peak RSS              {peak_rss_mb:,.0f} MB")
    lookups_met = "met" if lookups_per_s >= TARGET_LOOKUPS_PER_S else "NOT MET"
    rss_met = "met" if peak_rss_mb <= TARGET_PEAK_RSS_MB else "NOT MET"
    print(f"target seen_url >= {TARGET_LOOKUPS_PER_S:,}/s: {lookups_met} ({lookups_per_s:,.0f}/s)")
    print(f"target peak RSS <= {TARGET_PEAK_RSS_MB} MB: {rss_met} ({peak_rss_mb:,.0f} MB)")


if __name__ == "__main__":
    main()
