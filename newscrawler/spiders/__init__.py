"""Spiders: navigation only (which URLs, in what order). Fields come from newscrawler.extraction.

There is one spider per registry entry, made here from ``PortalSpider``: a portal module is all
it takes to add one, and ``scrapy list`` shows every portal.
"""
from __future__ import annotations

from newscrawler.portals import PORTALS
from newscrawler.spiders.base import PortalSpider


def _spider_class(name: str) -> type[PortalSpider]:
    portal = PORTALS[name]
    return type(f"{type(portal).__name__}Spider", (PortalSpider,), {
        "name": name,
        "portal_name": name,
        # Scrapy's spider loader only takes classes defined in the module it scans.
        "__module__": __name__,
        "__doc__": (type(portal).__doc__ or f"The {name} portal.").strip(),
        "custom_settings": {
            "DOWNLOAD_DELAY": portal.download_delay,
            "CONCURRENT_REQUESTS_PER_DOMAIN": portal.concurrency,
        },
    })


SPIDERS: dict[str, type[PortalSpider]] = {name: _spider_class(name) for name in PORTALS}
globals().update({cls.__name__: cls for cls in SPIDERS.values()})
