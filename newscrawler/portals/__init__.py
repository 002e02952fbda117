"""The portal registry: everything the rest of the code knows about a site comes from here.

A portal is added by one module in this package that defines a ``Portal`` subclass and
lists it in ``PORTALS``.
"""
from __future__ import annotations

from functools import lru_cache

from newscrawler.portals.base import Portal
from newscrawler.portals.inews import INews
from newscrawler.urls import host_of, normalized_url

PORTALS: dict[str, Portal] = {p.name: p for p in (INews(),)}


def portal_for_url(url: str) -> Portal | None:
    host = host_of(url)
    for portal in PORTALS.values():
        if portal.owns_host(host):
            return portal
    return None


def canonical_url(url: str) -> str:
    """The one form of ``url`` used for deduplication and in the feed. Cached: the same links
    come back on every listing page and as "Read Next" links, and the rules (w3lib's
    canonicalisation among them) cost tens of microseconds per URL. URLs longer than any
    browser sends are worked out each time, so hostile pages cannot fill the cache's memory."""
    return _cached_canonical(url) if len(url) <= MAX_CACHED_URL else _canonical(url)


MAX_CACHED_URL = 2083  # Scrapy's URLLENGTH_LIMIT default, after old IE's limit


def _canonical(url: str) -> str:
    portal = portal_for_url(url)
    return portal.canonical_url(url) if portal else normalized_url(url)


_cached_canonical = lru_cache(maxsize=16384)(_canonical)


def registry_table() -> str:
    """The README's table of supported portals, generated so that it cannot drift."""
    rows = ["| portal | spider | hosts | channels (`-a channels=`) |", "|---|---|---|---|"]
    for portal in PORTALS.values():
        hosts = ", ".join(f"`{d}` and `*.{d}`" for d in portal.domains)
        rows.append(f"| {portal.home.split('//')[1]} | `{portal.name}` | {hosts} | {', '.join(portal.channels)} |")
    return "\n".join(rows)
