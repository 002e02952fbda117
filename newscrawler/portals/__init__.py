"""The portal registry: everything the rest of the code knows about a site comes from here.

A portal is added by one module in this package whose ``PORTAL`` is an instance of a
``Portal`` subclass (modules without one hold what a family of portals shares); nothing else
is edited. Its spider, its README row, the demo's choices
and the fixture server's hosts all come from here.
"""
from __future__ import annotations

import importlib
import pkgutil
from functools import lru_cache

from newscrawler.portals.base import Portal, as_listing
from newscrawler.urls import host_of, normalized_url


def _discover() -> dict[str, Portal]:
    found = {}
    for module in sorted(m.name for m in pkgutil.iter_modules(__path__) if m.name != "base"):
        portal = getattr(importlib.import_module(f"{__name__}.{module}"), "PORTAL", None)
        if portal is None:  # a module of parts shared by a family of portals
            continue
        if portal.name in found:
            raise ValueError(f"two portal modules are named {portal.name!r}")
        found[portal.name] = portal
    return found


PORTALS: dict[str, Portal] = _discover()


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
    rows = ["| portal | spider | hosts | entry points | channels (`-a channels=`) | what is confirmed, what inferred |",
            "|---|---|---|---|---|---|"]
    for portal in PORTALS.values():
        hosts = ", ".join(f"`{d}` and `*.{d}`" for d in portal.domains)
        templates = [listing.first_url or listing.url for listing in (*portal.listings, *map(as_listing, portal.sitemaps),
                                                                      *map(as_listing, portal.feeds))]
        entries = ", ".join(dict.fromkeys(f"`{template}`" for template in templates)) or "home page"
        rows.append(f"| {portal.home.split('//')[1]} | `{portal.name}` | {hosts} | {entries} | "
                    f"{', '.join(portal.channels) or '—'} | {portal.facts or '—'} |")
    return "\n".join(rows)
