"""Canonical URL form, so one article has one URL in a run, across runs and in the feed.

The generic rules live here (scheme, host case, fragment, tracking parameters, query order);
the portal registry adds its own (``/all`` and page suffixes, AMP prefixes) via
``newscrawler.portals.canonical_url``.
"""
from __future__ import annotations

import re
from urllib.parse import urlsplit, urlunsplit

from w3lib.url import canonicalize_url

# Parameters that only track where a click came from; they never select content.
TRACKING_PARAMS = re.compile(
    r"^(utm_\w+|fbclid|gclid|dclid|gbraid|wbraid|msclkid|yclid|igshid|mc_cid|mc_eid|"
    r"_ga|_gl|ref|ref_src|src|source|from|share|amp|s_cid|cmpid)$",
    re.IGNORECASE,
)


def tracking_free(url: str) -> str:
    """Drop the fragment and every tracking parameter, keep the rest of the query."""
    parts = urlsplit(url)
    if not parts.query:
        return urlunsplit((parts.scheme, parts.netloc, parts.path, "", ""))
    keep = [
        pair
        for pair in parts.query.split("&")
        if pair and not TRACKING_PARAMS.match(pair.split("=", 1)[0])
    ]
    return urlunsplit((parts.scheme, parts.netloc, parts.path, "&".join(keep), ""))


def normalized_url(url: str) -> str:
    """Generic canonical form: https, lower-case host without default port or trailing dot,
    percent-encoding and query order normalised by w3lib, no fragment, no tracking parameters,
    no trailing slash (except the root)."""
    url = url.strip()
    try:
        parts = urlsplit(url)
        if not parts.netloc:
            return url  # no host: not a web address, nothing to normalise
        # One reading of the host for every part of the crawler: a "\" in the authority
        # stays in the user-info (w3lib would read it as "/" and move the URL to another
        # host), and an impossible port (":99999") names no server and is dropped.
        netloc = parts.netloc.replace("\\", "%5C")
        try:
            parts.port
        except ValueError:
            netloc = _ANY_PORT.sub("", netloc)
        url = canonicalize_url(tracking_free(urlunsplit(parts._replace(netloc=netloc))))
        parts = urlsplit(url)
        host, port = (parts.hostname or "").rstrip("."), parts.port
    except ValueError:  # a broken IPv6 literal: keep it as it came
        return url
    netloc = host if port in (None, 80, 443) else f"{host}:{port}"
    path = parts.path if parts.path in ("", "/") else parts.path.rstrip("/")
    scheme = "https" if parts.scheme in ("http", "https") else parts.scheme
    return urlunsplit((scheme, netloc, path or "/", parts.query, ""))


_ANY_PORT = re.compile(r":[^:@\]]*$")


def host_of(url: str) -> str:
    try:
        return (urlsplit(url).hostname or "").rstrip(".").lower()
    except ValueError:
        return ""


def host_matches(host: str, domains: tuple[str, ...]) -> bool:
    """True when ``host`` is one of ``domains`` or a subdomain of one (never a look-alike
    such as ``evilinews.id``)."""
    host = host.lower().rstrip(".")
    return any(host == d or host.endswith("." + d) for d in domains)
