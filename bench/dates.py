"""How much faster ``parse_indonesian_date`` is than plain dateparser, on the same strings.

Run: ``.venv/bin/python bench/dates.py``.  Prints µs per parse (median of several runs; the
machine is shared, so single runs are noisy) for the iNews form alone and for a mixed
corpus of every supported form plus none-cases and long-tail strings that reach the
dateparser fallback.  Targets (not asserted): ≥100× on the iNews form, ≥20× on the mix.
"""
from __future__ import annotations

import random
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from datetime import datetime, timedelta
from pathlib import Path

# Runnable from a plain checkout, not only after ``pip install -e .``.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

_t0 = time.perf_counter()
from newscrawler.dates import _parse_fast, parse_indonesian_date  # noqa: E402

_t1 = time.perf_counter()
import dateparser  # noqa: E402

_t2 = time.perf_counter()

SEED = 20260724
REAL_STRINGS = [
    "Jumat, 18 Februari 2022 - 11:10:00 WIB",
    "Kamis, 15 September 2022 - 19:20:00 WIB",
    "Selasa, 15 Januari 2023 - 08:00 WIB",
    "Jum'at, 06 Januari 2023 | 16:40 WIB",
    "Senin, 15 Februari 2021 - 08:33:00 WIB | Bali",
    "3 JAM LALU",
    "20 menit lalu",
    "Rabu (2/2/2022)",
    "Kamis, 23 Jul 2026 14:35 WIB",
    "Kompas.com - 31/07/2024, 23:37 WIB",
    "Kompas.com, 03/08/2026, 17:53 WIB",
    "Jurnalis-Jum'at, 24 Juli 2026 |15:18 WIB",
    "24 Juli 2026 15:18:24",
    "Selasa,  6 Oktober 2015 - 05:23 WIB",
    "Jumat, 24 Jul 2026 10:47 WIB",
    "2026-07-24 15:16:40",
    "detikNews | Sabtu 08 Oct 2016, 14:54 WIB",
    "Senin, 10/10/2016 05:12",
    "12 Oct 2016 - 05:25",
    "Rabu, 12 Oktober 2016 | 10:23 WIB",
]
DAYS = ["Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"]
MONTHS = ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus",
          "September", "Oktober", "November", "Desember"]
MONTHS_ABBR = ["Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des"]
MONTHS_EN = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
REGIONS = ["Bali", "Sulsel", "Jatim", "Papua", "Makassar", "Sumut"]


def inews(dt: datetime, rnd: random.Random) -> str:
    return f"{DAYS[dt.weekday()]}, {dt:%d} {MONTHS[dt.month - 1]} {dt:%Y} - {dt:%H:%M:%S} WIB"


def inews_regional(dt: datetime, rnd: random.Random) -> str:
    day = "Jum'at" if dt.weekday() == 4 else DAYS[dt.weekday()]
    zone = rnd.choice(["WIB", "WITA", "WIT"])
    return f"{day}, {dt:%d} {MONTHS[dt.month - 1]} {dt:%Y} | {dt:%H:%M} {zone}"


def inews_with_region(dt: datetime, rnd: random.Random) -> str:
    return f"{inews(dt, rnd)} | {rnd.choice(REGIONS)}"


def detik(dt: datetime, rnd: random.Random) -> str:
    return f"{DAYS[dt.weekday()]}, {dt.day} {MONTHS_ABBR[dt.month - 1]} {dt:%Y} {dt:%H:%M} WIB"


def detik_news(dt: datetime, rnd: random.Random) -> str:
    return f"detikNews | {DAYS[dt.weekday()]} {dt:%d} {MONTHS_EN[dt.month - 1]} {dt:%Y}, {dt:%H:%M} WIB"


def kompas(dt: datetime, rnd: random.Random) -> str:
    return f"Kompas.com {rnd.choice(['-', ','])} {dt:%d/%m/%Y}, {dt:%H:%M} WIB"


def okezone(dt: datetime, rnd: random.Random) -> str:
    day = "Jum'at" if dt.weekday() == 4 else DAYS[dt.weekday()]
    return f"Jurnalis-{day}, {dt.day:02d} {MONTHS[dt.month - 1]} {dt:%Y} |{dt:%H:%M} WIB"


def iso(dt: datetime, rnd: random.Random) -> str:
    return rnd.choice([f"{dt:%Y-%m-%d %H:%M:%S}", f"{dt:%Y-%m-%dT%H:%M:%S}+07:00"])


def numeric(dt: datetime, rnd: random.Random) -> str:
    return rnd.choice([f"{DAYS[dt.weekday()]}, {dt:%d/%m/%Y %H:%M}", f"Rabu ({dt.day}/{dt.month}/{dt:%Y})"])


def plain(dt: datetime, rnd: random.Random) -> str:
    return rnd.choice([
        f"{dt.day} {MONTHS[dt.month - 1]} {dt:%Y} {dt:%H:%M:%S}",
        f"{dt.day} {MONTHS_EN[dt.month - 1]} {dt:%Y} - {dt:%H:%M}",
        f"{DAYS[dt.weekday()]},  {dt.day} {MONTHS[dt.month - 1]} {dt:%Y} - {dt:%H:%M} WIB",
        f"Diperbarui: {DAYS[dt.weekday()]}, {dt.day} {MONTHS[dt.month - 1]} {dt:%Y} pukul {dt:%H.%M} WIB",
    ])


def relative(dt: datetime, rnd: random.Random) -> str:
    n = rnd.randint(1, 59)
    return rnd.choice([
        f"{n} JAM LALU", f"{n} menit lalu", f"{n} detik yang lalu", f"{n} hari lalu",
        "sejam yang lalu", f"kemarin {dt:%H:%M}", f"hari ini {dt:%H:%M}", "baru saja",
    ])


def no_date(dt: datetime, rnd: random.Random) -> str:
    return rnd.choice(["Jumat", "Editor: Budi Santoso", "Advertisement", "", "Baca juga"])


def long_tail(dt: datetime, rnd: random.Random) -> str:
    """Forms outside the fast path: they cost a dateparser call in both parsers."""
    return rnd.choice([f"{dt.day} {MONTHS_ABBR[dt.month - 1]} {dt:%y}", f"{dt:%d/%m/%y %H:%M}"])


FORMS: list[tuple[Callable[[datetime, random.Random], str], int]] = [
    (inews, 20), (inews_regional, 8), (inews_with_region, 8), (detik, 10), (detik_news, 5),
    (kompas, 10), (okezone, 5), (iso, 8), (numeric, 5), (plain, 8), (relative, 8),
    (no_date, 3), (long_tail, 2),
]


def random_datetime(rnd: random.Random) -> datetime:
    return datetime(2010, 1, 1) + timedelta(seconds=rnd.randrange(20 * 365 * 86400))


def build_corpora() -> tuple[list[str], list[str]]:
    rnd = random.Random(SEED)
    inews_only = [inews(random_datetime(rnd), rnd) for _ in range(300)]
    forms, weights = zip(*FORMS)
    mixed = REAL_STRINGS + [
        rnd.choices(forms, weights)[0](random_datetime(rnd), rnd) for _ in range(1200)
    ]
    return inews_only, mixed


def us_per_parse(parse: Callable[[str], object], corpus: Sequence[str], runs: int, passes: int) -> float:
    """Median over ``runs`` of the mean time per string, each run ``passes`` over the corpus."""
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        for _ in range(passes):
            for text in corpus:
                parse(text)
        samples.append((time.perf_counter() - start) / (passes * len(corpus)))
    return statistics.median(samples) * 1e6


def plain_dateparser(text: str) -> datetime | None:
    return dateparser.parse(text, languages=["id"])


def main() -> int:
    inews_only, mixed = build_corpora()
    for parse in (parse_indonesian_date, plain_dateparser):  # warm up: imports, locale data
        for text in mixed[:50] + ["12 Okt 16"]:
            parse(text)

    print(f"import newscrawler.dates: {(_t1 - _t0) * 1e3:.1f} ms; "
          f"import dateparser: {(_t2 - _t1) * 1e3:.1f} ms (loaded lazily by the fallback)")
    fallbacks = sum(not isinstance(_parse_fast(t), datetime) for t in mixed)
    ours_ok = sum(parse_indonesian_date(t) is not None for t in mixed)
    theirs_ok = sum(plain_dateparser(t) is not None for t in mixed)
    print(f"mixed corpus: {len(mixed)} strings, {fallbacks} not read by the fast path; "
          f"dated by parse_indonesian_date: {ours_ok}, by dateparser: {theirs_ok}")
    print()
    header = (
        f"{'corpus':<22}{'strings':>8}{'ours µs':>11}{'dateparser µs':>15}"
        f"{'speed-up':>10}{'target':>8}"
    )
    print(header)
    print("-" * len(header))
    fast_forms = [t for t in mixed if isinstance(_parse_fast(t), datetime)]
    rows = (
        ("iNews form", inews_only, "≥100×"),
        ("whole mixed corpus", mixed, "≥20×"),
        ("mix, fast-path forms", fast_forms, "-"),
    )
    for name, corpus, target in rows:
        ours = us_per_parse(parse_indonesian_date, corpus, runs=7, passes=10)
        theirs = us_per_parse(plain_dateparser, corpus, runs=3, passes=1)
        print(f"{name:<22}{len(corpus):>8}{ours:>11.2f}{theirs:>15.1f}{theirs / ours:>9.0f}×{target:>8}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
