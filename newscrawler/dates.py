"""Dates as Indonesian news portals print them → timezone-aware ``datetime``.

Why not plain ``dateparser``: set to Jakarta time it converts WITA/WIT times to +07:00,
fails on "… WIB | Bali", "Jum'at", "Diperbarui: …" and "sejam yang lalu", reads a bare
"Jumat" as a date and costs 1.5–3 ms per string.  So a fast path of precompiled regexes
and lookup tables reads every form the portals use (a few µs), and ``dateparser``
(languages id, en) is only the guarded fallback for the long tail.

Zones are kept as printed: WIB → +07:00, WITA → +08:00, WIT → +09:00, numeric offsets and
``Z`` as given; text without a zone is Asia/Jakarta wall time, taken as the fixed +07:00
that WIB has been since 1964 (pytz would give Jakarta's historic +07:30 for older dates).

This module is a pure library: no Scrapy imports.  ``dateparser`` is imported lazily, on
the first string the fast path cannot read, so importing this module stays cheap
(``dateparser`` adds ~50–90 ms of import and ~100 ms of first-use warm-up).
"""
from __future__ import annotations

import re
from calendar import monthrange
from collections.abc import Iterable
from datetime import date, datetime, time, timedelta, timezone, tzinfo
from enum import Enum
from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from dateparser.date import DateDataParser

__all__ = ["WIB", "WITA", "WIT", "parse_indonesian_date", "split_region", "to_iso"]

WIB = timezone(timedelta(hours=7), "WIB")
"""Waktu Indonesia Barat (Java, Sumatra, West/Central Kalimantan); also Asia/Jakarta."""
WITA = timezone(timedelta(hours=8), "WITA")
"""Waktu Indonesia Tengah (Bali, Nusa Tenggara, Sulawesi, East/South/North Kalimantan)."""
WIT = timezone(timedelta(hours=9), "WIT")
"""Waktu Indonesia Timur (Maluku, Papua)."""

_ZONE_NAMES: dict[str, tzinfo] = {
    "wib": WIB,
    "wita": WITA,
    "wit": WIT,
    "utc": timezone.utc,
    "gmt": timezone.utc,
    "z": timezone.utc,
}

# Indonesian and English, full and abbreviated; "Pebruari"/"Nopember" are the older
# spellings some portals still print, "Agt"/"Ags"/"Agu" are all in use for Agustus.
_MONTHS: dict[str, int] = {
    "januari": 1, "january": 1, "jan": 1,
    "februari": 2, "pebruari": 2, "february": 2, "feb": 2,
    "maret": 3, "march": 3, "mar": 3,
    "april": 4, "apr": 4,
    "mei": 5, "may": 5,
    "juni": 6, "june": 6, "jun": 6,
    "juli": 7, "july": 7, "jul": 7,
    "agustus": 8, "august": 8, "agu": 8, "agt": 8, "ags": 8, "aug": 8,
    "september": 9, "sept": 9, "sep": 9,
    "oktober": 10, "october": 10, "okt": 10, "oct": 10,
    "november": 11, "nopember": 11, "nov": 11, "nop": 11,
    "desember": 12, "december": 12, "des": 12, "dec": 12,
}

_DAY_NAMES = (
    "senin", "selasa", "rabu", "kamis", "jumat", "jum'at", "jum’at", "jum`at", "sabtu",
    "minggu", "ahad", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
    "sunday", "mon", "tue", "wed", "thu", "fri", "sat", "sun",
)

# (months, seconds) per unit of "N … lalu" / "N … ago".  Months and years are calendar
# steps (31 Maret - 1 bulan = 28/29 Februari); the rest are exact elapsed time.
_UNITS: dict[str, tuple[int, int]] = {
    "detik": (0, 1), "second": (0, 1), "sec": (0, 1),
    "menit": (0, 60), "minute": (0, 60), "min": (0, 60),
    "jam": (0, 3600), "hour": (0, 3600), "hr": (0, 3600),
    "hari": (0, 86400), "day": (0, 86400),
    "minggu": (0, 604800), "pekan": (0, 604800), "week": (0, 604800),
    "bulan": (1, 0), "month": (1, 0),
    "tahun": (12, 0), "year": (12, 0),
}


def _alternation(words: Iterable[str]) -> str:
    # Longest first so "maret" is tried before "mar" and "minggu" before "min".
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


_MONTH = _alternation(_MONTHS)
_UNIT = _alternation(_UNITS)

# Every pattern runs on ``_normalise``d text: lower case, single spaces.
_DATE_RE = re.compile(
    # ISO 8601 / year-first: 2026-07-24, 2026-07-24T10:00 (the "t" belongs to the date)
    r"(?<![0-9])(?P<iy>[0-9]{4})(?P<isep>[-/])(?P<im>[0-9]{1,2})(?P=isep)(?P<id>[0-9]{1,2})"
    r"(?![0-9])(?:t(?=[0-9]))?"
    # numeric, day first as Indonesia writes it: 18/02/2022, 18-02-2022, 18.02.2022
    r"|(?<![0-9])(?P<nd>[0-9]{1,2})(?P<nsep>[-/.])(?P<nm>[0-9]{1,2})(?P=nsep)(?P<ny>[0-9]{4})"
    r"(?![0-9])"
    # day month year: 18 Februari 2022, 08 Oct 2016, 18-Feb-2022, 12 Okt. 2016
    rf"|(?<![0-9])(?P<td>[0-9]{{1,2}})(?:st|nd|rd|th)?[ ./-]?(?P<tm>{_MONTH})(?![a-z])\.?"
    r"[ ,./-]*(?P<ty>[0-9]{4})(?![0-9])"
    # English month first: Oct 12, 2016
    rf"|(?<![a-z])(?P<um>{_MONTH})(?![a-z])\.? (?P<ud>[0-9]{{1,2}})(?:st|nd|rd|th)?,? "
    r"(?P<uy>[0-9]{4})(?![0-9])"
)

_TIME = (
    r"(?<![0-9])(?P<h>[0-9]{1,2})[:.](?P<mi>[0-9]{2})"
    r"(?:[:.](?P<s>[0-9]{2})(?:[.,](?P<f>[0-9]{1,6})[0-9]*)?)?(?![0-9])"
    r"(?: ?(?P<ampm>[ap])\.?m\.?(?![a-z]))?"
)
_ZONE = (
    r"(?:(?:utc|gmt) ?(?P<gsign>[+-])(?P<gh>[0-9]{1,2})(?::?(?P<gm>[0-9]{2}))?(?![0-9])"
    r"|(?P<zname>wita|wib|wit|utc|gmt|z)(?![a-z])"
    r"|(?P<osign>[+-])(?P<oh>[0-9]{2}):?(?P<om>[0-9]{2})(?![0-9]))"
)
# What portals put between date and time: "-", "|" (iNews regional, okezone "|15:18"),
# "," (detik, Kompas), "pukul"/"pkl"/"jam", "at", or a bare space.
_SEP = r"(?:[ ,|()·•@–—-]|pukul|pkl\.?|jam(?![a-z])|at(?![a-z]))*"
_TAIL_RE = re.compile(rf"(?:{_SEP}{_TIME})?(?: ?{_ZONE})?")
# Some layouts print the time first: "14:35 WIB, Kamis 23 Juli 2026".
_PRE_TIME_RE = re.compile(
    rf"{_TIME}(?: ?{_ZONE})?(?:[ ,|()·•@–—-]|{_alternation(_DAY_NAMES)})*$"
)

_AMOUNT = rf"(?:[0-9]{{1,6}} ?|se|an? |one )(?:{_UNIT})s? "
# At most three amounts ("1 jam 20 menit lalu"); unbounded repetition goes quadratic on
# long non-matching text.
_AGO_RE = re.compile(
    rf"(?<![0-9a-z])(?P<amounts>(?:{_AMOUNT}){{1,3}})(?:yang )?(?:lalu|ago)(?![a-z])"
)
_AMOUNT_RE = re.compile(rf"(?:(?P<n>[0-9]{{1,6}}) ?|se|an? |one )(?P<unit>{_UNIT})s? ")
# "kemarin 10:00" must be the whole date line (after an optional "Diperbarui:"-style
# label): the words also occur in prose, where they are not a publication date.
_LABEL = (
    r"(?:(?:diperbarui|dipublikasikan|diterbitkan|diunggah|terbit|updated?|published|posted)"
    r" ?:? ?|[^0-9:|]{0,30}[:|] ?)?"
)
_DAY_WORD_RE = re.compile(
    rf"{_LABEL}(?P<word>baru saja|barusan|just now|kemarin|hari ini|yesterday|today)(?![a-z])"
)
_LINE_END_RE = re.compile(r"(?: ?\|[^0-9|]*)?$")
_DAYS_BACK = {"kemarin": 1, "yesterday": 1, "hari ini": 0, "today": 0}

# The fallback only sees text with a month name, a 4-digit year or a numeric d/m/y group,
# so dateparser cannot turn "Jumat", "5" or "Editor: …" into a date.
_FALLBACK_GUARD_RE = re.compile(
    rf"(?<![a-z])(?:{_MONTH})(?![a-z])|(?<![0-9])[0-9]{{4}}(?![0-9])"
    r"|[0-9]{1,2}[-/.][0-9]{1,2}[-/.][0-9]{2}"
)
# Date lines are short; longer text is prose, where dateparser is slow and finds nothing.
_FALLBACK_MAX_CHARS = 120
# dateparser reads neither the apostrophe of "Jum'at" nor a leading "Diperbarui:" label.
_JUMAT_RE = re.compile(r"jum['’`]at", re.IGNORECASE)
_LEADING_LABEL_RE = re.compile(r"^[^\W\d_]+(?: [^\W\d_]+)? ?: ?")

_REGION_RE = re.compile(r"[^\W\d_]+(?:[ .'’-]+[^\W\d_]+){0,3}\.?")
_NOT_REGIONS = frozenset(_ZONE_NAMES) | frozenset(_MONTHS) | frozenset(_DAY_NAMES)


class _Verdict(Enum):
    """Why the fast path returned no datetime; the two cases need different handling."""

    UNKNOWN = "unknown"
    """No supported form in the text: dateparser may still know it."""
    IMPOSSIBLE = "impossible"
    """A supported form with impossible values ("31 Februari 2022"): no date at all."""


_SPACED_ISO_T = re.compile(r"(\d{4}-\d{2}-\d{2})\s+T(?=\d)")


def parse_indonesian_date(text: str, *, now: datetime | None = None) -> datetime | None:
    """Read a news date line into an aware datetime, or ``None`` when it holds no real date.

    Relative forms ("3 jam lalu", "kemarin 10:00") count back from ``now`` (default: the
    current time) and are expressed in ``now``'s zone; a naive or absent ``now`` means
    Jakarta time, so results are +07:00.  An explicit zone after "kemarin"/"hari ini"
    wins.  Never raises for a ``str``.
    """
    if not text:
        return None
    if "T" in text:
        # "2016-02-23 T16:00:20Z": a CMS that puts a space before the ISO "T".
        text = _SPACED_ISO_T.sub(r"\1T", text)
    fast = _parse_fast(text, now)
    if isinstance(fast, datetime):
        return fast
    if fast is _Verdict.IMPOSSIBLE:
        return None
    return _parse_fallback(text)


def split_region(text: str) -> tuple[str, str | None]:
    """Split "Senin, 15 Februari 2021 - 08:33:00 WIB | Bali" into the date and "Bali".

    iNews regional pages append the region after "|"; but they also use "|" between date
    and time ("Jum'at, 06 Januari 2023 | 16:40 WIB"), so a region is only taken when it
    is a short name without digits, not a zone/day/month word, and a date precedes it.
    """
    head, bar, tail = text.rpartition("|")
    region = " ".join(tail.split())
    if (
        not bar
        or not _REGION_RE.fullmatch(region)
        or region.lower() in _NOT_REGIONS
        or not isinstance(_parse_fast(head), datetime)
    ):
        return text, None
    return head.rstrip(), region


def to_iso(dt: datetime) -> str:
    """ISO 8601 with offset, seconds precision: "2022-02-18T11:10:00+07:00".

    A naive datetime is refused rather than guessed: the item must carry the page's offset.
    """
    if dt.utcoffset() is None:
        raise ValueError(f"naive datetime has no offset: {dt!r}")
    return dt.isoformat(timespec="seconds")


def _normalise(text: str) -> str:
    # Portals pad with NBSP and double spaces ("Selasa,  6 Oktober 2015"); case varies.
    return " ".join(text.split()).lower()


def _parse_fast(text: str, now: datetime | None = None) -> datetime | _Verdict:
    """The regex path: every form the portals print, without dateparser."""
    s = _normalise(text)
    m = _DATE_RE.search(s)
    if m is not None:
        return _absolute(s, m)
    return _relative(s, now)


def _absolute(s: str, m: re.Match[str]) -> datetime | _Verdict:
    """Date from ``_DATE_RE``, time and zone after it (or, failing that, before it)."""
    iso = m["iy"] is not None
    if iso:
        year, month, day = int(m["iy"]), int(m["im"]), int(m["id"])
    elif m["ny"] is not None:
        year, month, day = int(m["ny"]), int(m["nm"]), int(m["nd"])
    elif m["ty"] is not None:
        year, month, day = int(m["ty"]), _MONTHS[m["tm"]], int(m["td"])
    else:
        year, month, day = int(m["uy"]), _MONTHS[m["um"]], int(m["ud"])
    tail = _TAIL_RE.match(s, m.end())
    assert tail is not None  # every part of _TAIL_RE is optional
    timed = tail
    if tail["h"] is None:
        timed = _PRE_TIME_RE.search(s, 0, m.start()) or tail
    try:
        zone = _zone(timed, iso) or _zone(tail, iso) or WIB
        return datetime.combine(date(year, month, day), _clock(timed), tzinfo=zone)
    except ValueError:
        return _Verdict.IMPOSSIBLE


def _clock(t: re.Match[str]) -> time:
    """Wall-clock time of a ``_TIME`` match; midnight when the text has no time."""
    if t["h"] is None:
        return time()
    hour = int(t["h"])
    if t["ampm"] is not None:
        if not 1 <= hour <= 12:
            raise ValueError("12-hour clock out of range")
        hour = hour % 12 + (12 if t["ampm"] == "p" else 0)
    micro = int(t["f"].ljust(6, "0")) if t["f"] else 0
    return time(hour, int(t["mi"]), int(t["s"] or 0), micro)


def _zone(t: re.Match[str], iso: bool) -> tzinfo | None:
    """The zone printed after the time, or ``None``; raises ValueError if impossible."""
    if t["zname"] is not None:
        return _ZONE_NAMES[t["zname"]]
    if t["gsign"] is not None:
        sign, hours, minutes = t["gsign"], t["gh"], t["gm"] or "0"
    elif t["osign"] is not None:
        # A bare "-HH:MM" after a day-first date is far likelier a time range
        # ("10:00-12:00") than an offset west of Greenwich; only ISO text means it.
        if t["osign"] == "-" and not iso:
            return None
        sign, hours, minutes = t["osign"], t["oh"], t["om"]
    else:
        return None
    if int(minutes) >= 60:
        raise ValueError("offset minutes out of range")
    offset = timedelta(hours=int(hours), minutes=int(minutes))
    return timezone(-offset if sign == "-" else offset)


def _relative(s: str, now: datetime | None) -> datetime | _Verdict:
    """"3 jam lalu", "sejam yang lalu", "kemarin 10:00", "baru saja" against ``now``."""
    m = _AGO_RE.search(s)
    if m is not None:
        months = seconds = 0
        for amount in _AMOUNT_RE.finditer(m["amounts"]):
            n = int(amount["n"]) if amount["n"] else 1
            unit_months, unit_seconds = _UNITS[amount["unit"]]
            months += n * unit_months
            seconds += n * unit_seconds
        try:
            return _count_back(_resolve_now(now), months, seconds)
        except (ValueError, OverflowError):
            return _Verdict.IMPOSSIBLE
    m = _DAY_WORD_RE.match(s)
    if m is None:
        return _Verdict.UNKNOWN
    t = _TAIL_RE.match(s, m.end())
    assert t is not None  # every part of _TAIL_RE is optional
    if not _LINE_END_RE.match(s, t.end()):
        return _Verdict.UNKNOWN
    base = _resolve_now(now)
    if m["word"] not in _DAYS_BACK:  # "baru saja": just now
        return base
    try:
        zone = _zone(t, iso=False) or base.tzinfo
        day = base.astimezone(zone).date() - timedelta(days=_DAYS_BACK[m["word"]])
        return datetime.combine(day, _clock(t), tzinfo=zone)
    except (ValueError, OverflowError):
        return _Verdict.IMPOSSIBLE


def _resolve_now(now: datetime | None) -> datetime:
    if now is None:
        return datetime.now(WIB)
    if now.utcoffset() is None:
        return now.replace(tzinfo=WIB)
    return now


def _count_back(now: datetime, months: int, seconds: int) -> datetime:
    if months:
        year, month0 = divmod(now.year * 12 + now.month - 1 - months, 12)
        day = min(now.day, monthrange(year, month0 + 1)[1])
        now = now.replace(year=year, month=month0 + 1, day=day)
    # Through UTC so a DST zone in ``now`` still gives the exact elapsed time.
    return (now.astimezone(timezone.utc) - timedelta(seconds=seconds)).astimezone(now.tzinfo)


def _parse_fallback(text: str) -> datetime | None:
    """dateparser for the long tail, guarded so that it cannot invent a date.

    Its settings require day, month and year (no part is filled in from today) and use
    only the absolute-time parser (no timestamps; relative forms belong to the fast path,
    which honours ``now``).  dateparser converts a printed zone to its TIMEZONE setting,
    so the printed offset is recovered with its own zone finder.
    """
    text = _LEADING_LABEL_RE.sub("", " ".join(split_region(text)[0].split()))
    text = _JUMAT_RE.sub("jumat", text)
    if len(text) > _FALLBACK_MAX_CHARS or not _FALLBACK_GUARD_RE.search(text.lower()):
        return None
    from dateparser.timezone_parser import pop_tz_offset_from_string

    try:
        parsed = _dateparser().get_date_data(text).date_obj
        if parsed is None:
            return None
        printed = pop_tz_offset_from_string(text)[1]
        if printed is None:
            # Localised as Asia/Jakarta: the wall time is the text's; pin it to +07:00.
            return parsed.replace(tzinfo=WIB)
        return parsed.astimezone(timezone(printed.utcoffset(None)))
    except Exception:  # noqa: BLE001 - dateparser raises assorted errors on odd input
        return None


@cache
def _dateparser() -> DateDataParser:
    """One parser for the process: building one loads locale data (~1 ms per call)."""
    from dateparser.date import DateDataParser

    return DateDataParser(
        languages=["id", "en"],
        settings={
            "TIMEZONE": "Asia/Jakarta",
            "RETURN_AS_TIMEZONE_AWARE": True,
            "DATE_ORDER": "DMY",
            "REQUIRE_PARTS": ["day", "month", "year"],
            "PARSERS": ["absolute-time"],
        },
    )
