"""Spider arguments (``-a name=value``), validated once at start for every portal spider (and
the ``site`` spider, which takes ``url`` and no ``channels``)."""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from urllib.parse import urlsplit

from newscrawler.keywords import parse_keywords

WIB = timezone(timedelta(hours=7))
MAX_WINDOW_DAYS = 366
ARGUMENT_NAMES = ("since", "until", "channels", "max_articles", "read_next_depth", "base_url", "recrawl", "keywords")
SITE_ARGUMENT_NAMES = ("url", "since", "until", "max_articles", "read_next_depth", "base_url", "recrawl", "keywords")
_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class BadArgument(ValueError):
    """One line naming the argument, the value and the expected form."""

    def __init__(self, name: str, value: str, expected: str):
        super().__init__(f"bad argument {name}={value!r}: expected {expected}")
        self.name = name


@dataclass(frozen=True)
class CrawlArguments:
    since: date
    until: date
    channels: tuple[str, ...]
    max_articles: int | None
    read_next_depth: int | None
    base_url: str | None
    recrawl: bool
    urls: tuple[str, ...] = ()
    """``site`` spider: the sites' origins (``https://host``), in the order given."""
    keywords: tuple[str, ...] = ()
    """Only articles whose title or content holds one of them are exported (none: all)."""

    @property
    def days(self) -> list[date]:
        return [self.since + timedelta(days=n) for n in range((self.until - self.since).days + 1)]


def _day(name: str, value: str | None, default: date) -> date:
    if value is None or value == "":
        return default
    try:
        if not _ISO_DAY.match(value):
            raise ValueError
        return date.fromisoformat(value)
    except ValueError:
        raise BadArgument(name, value, "a date YYYY-MM-DD") from None


def _count(name: str, value: str | None, minimum: int) -> int | None:
    if value is None or value == "":
        return None
    if not value.isascii() or not value.isdigit() or int(value) < minimum:
        raise BadArgument(name, value, f"a whole number >= {minimum}")
    return int(value)


def _flag(name: str, value: str | None) -> bool:
    if value is None or value == "":
        return False
    lowered = value.lower()
    if lowered in ("1", "true", "yes", "on"):
        return True
    if lowered in ("0", "false", "no", "off"):
        return False
    raise BadArgument(name, value, "true or false")


def _base_url(value: str | None) -> str | None:
    if value is None or value == "":
        return None
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.path not in ("", "/") or parts.query:
        raise BadArgument("base_url", value, "an origin such as http://127.0.0.1:8000")
    return f"{parts.scheme}://{parts.netloc}"


_HOST = re.compile(r"^(?=.{1,253}$)(?!-)[a-z0-9-]{1,63}(?<!-)(?:\.(?!-)[a-z0-9-]{1,63}(?<!-))+$")
_SITE_EXPECTED = "a comma-separated list of site addresses such as https://example.co.id or example.co.id"


def _site_urls(value: str | None) -> tuple[str, ...]:
    """``a.co.id,https://www.b.com/``: each site's origin; a bare host means https. Only the
    site's address: a path would suggest a section of it is crawled, and none is."""
    if value is None or not value.strip():
        raise BadArgument("url", value or "", _SITE_EXPECTED)
    origins = []
    for part in (p.strip() for p in value.split(",")):
        try:
            parts = urlsplit(part if "://" in part else f"https://{part}")
            host, port = (parts.hostname or ""), parts.port
        except ValueError:
            raise BadArgument("url", value, _SITE_EXPECTED) from None
        if (parts.scheme not in ("http", "https") or not _HOST.match(host) or parts.path not in ("", "/")
                or parts.query or parts.fragment or parts.username or parts.password):
            raise BadArgument("url", value, _SITE_EXPECTED)
        origins.append(f"{parts.scheme}://{host}" + (f":{port}" if port else ""))
    return tuple(dict.fromkeys(origins))


def _keywords(value: str | None) -> tuple[str, ...]:
    if value is None:
        return ()
    try:
        return parse_keywords(value)
    except ValueError as error:
        raise BadArgument("keywords", value, f'a comma-separated list of words or phrases, e.g. banjir,"gempa bumi" '
                          f"({error})") from None


def parse_arguments(raw: dict[str, str | None], known_channels: tuple[str, ...], today: date | None = None,
                    names: tuple[str, ...] = ARGUMENT_NAMES) -> CrawlArguments:
    """Validate every argument; the first bad one raises ``BadArgument``. An unknown name is
    refused too: ``-a Since=...`` would otherwise be ignored and crawl today. ``names``: the
    arguments the spider takes (``SITE_ARGUMENT_NAMES`` for the ``site`` spider, which then
    requires ``url``)."""
    for name in raw:
        if name not in names:
            raise BadArgument(name, str(raw[name]), "one of the arguments " + ", ".join(names))
    today = today or datetime.now(WIB).date()
    until = _day("until", raw.get("until"), today)
    since = _day("since", raw.get("since"), until if raw.get("until") else today)
    if since > until:
        raise BadArgument("since", str(raw.get("since")), f"a date on or before until={until.isoformat()}")
    if (until - since).days >= MAX_WINDOW_DAYS:
        raise BadArgument("since", str(raw.get("since")), f"a window of at most {MAX_WINDOW_DAYS} days")
    channels_raw = raw.get("channels")
    if channels_raw:
        channels = tuple(c.strip().lower() for c in channels_raw.split(",") if c.strip())
        unknown = [c for c in channels if c not in known_channels]
        if unknown or not channels:
            raise BadArgument("channels", channels_raw, "a comma-separated list of " + ",".join(known_channels))
    else:
        channels = known_channels
    return CrawlArguments(
        since=since,
        until=until,
        channels=channels,
        max_articles=_count("max_articles", raw.get("max_articles"), 1),
        read_next_depth=_count("read_next_depth", raw.get("read_next_depth"), 0),
        base_url=_base_url(raw.get("base_url")),
        recrawl=_flag("recrawl", raw.get("recrawl")),
        urls=_site_urls(raw.get("url")) if "url" in names else (),
        keywords=_keywords(raw.get("keywords")),
    )
