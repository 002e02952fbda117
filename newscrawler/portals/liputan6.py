"""Liputan6.com (KLY): ``www.liputan6.com/<channel>/read/<id>/<slug>`` and the section
sub-domains that carry ``/read/`` articles (``kesehatan.liputan6.com``).

Facts come from ``shared/sites/portals.md`` §7 (liputan6); the source keys (NW, EGI, ARIF,
BIA, AND, ROJ) are that file's. [seen] / [inferred] as tagged there.
"""
from __future__ import annotations

from datetime import date
from typing import Iterable

from newscrawler.portals.base import Layout, Listing, Portal, SiteSelectors

WWW = "www.liputan6.com"

# Channel paths of www. Only `news` is named by the sources (§7a `/news/read/…`, §7b EGI's
# channel page); the others are the site's navigation as commonly linked [inferred].
CHANNELS: dict[str, tuple[str, ...]] = {
    "news": (), "bisnis": (), "bola": (), "showbiz": (), "tekno": (), "global": (),
    "regional": (), "otomotif": (), "lifestyle": (), "cek-fakta": (),
}

# §7b [seen] (ARIF verified 2026-10-03): 24 items a page; page 1 carries `page=1` as ARIF
# requests it. The path and the query print the same day in two spellings.
DAY_INDEX = Listing(
    f"https://{WWW}/indeks/{{day:%Y/%m/%d}}?start={{day:%Y-%m-%d}}&end={{next_day:%Y-%m-%d}}&page={{page}}"
)
# §7b [seen] (ARIF): one channel's day. Its paging is undocumented, so page 1 only; used
# when only some channels are wanted (the day index above lists every channel).
CHANNEL_DAY_INDEX = Listing(f"https://{WWW}/{{channel}}/indeks/{{day:%Y/%m/%d}}")

# §7e [seen] (EGI): every page of a split article is in the same response, one
# `.article-content-body__item-page[data-page]` block each, in page order; the body selector
# matches each block and the shared layer joins them in document order.
LIPUTAN6_2026 = Layout(
    "liputan6_2026",
    detect=".article-content-body, .read-page-box__author",
    selectors=SiteSelectors(
        # §7c [seen] (EGI): the visible "Diterbitkan …" line and the byline; the structured
        # dates are +07:00 already, the line is there for pages whose meta is missing.
        date=(".read-page-box__author__updated",),
        authors=(".read-page-box__author__name",),
        # §7c [seen] (EGI, NW): tags only in meta[name=keywords] (no article:tag, none in JSON-LD).
        tags=("meta[name=keywords]",),
        body=(".article-content-body__item-page", ".article-content-body__item-content", ".article-content-body"),
        # Inferred: the "Baca Juga" box; `[class*='baca-juga']` in the shared list catches it
        # too, named here so that it can leave the shared list.
        remove=(".baca-juga-collections",),
    ),
)


class Liputan6(Portal):
    name = "liputan6"
    domains = ("liputan6.com",)
    home = f"https://{WWW}"
    title_suffixes = (" - Liputan6.com", " | Liputan6.com")
    channels = CHANNELS
    # §7a [seen] (NW regex `…/.+/read/\d+/?.*`): www channel path, or a section sub-domain
    # (`kesehatan.liputan6.com/read/<id>/<slug>`) whose path starts at /read/.
    article_urls = (r"(?:[a-z0-9-]+\.)?liputan6\.com/(?:[a-z0-9-]+/)?read/\d+/[a-z0-9][a-z0-9-]*/?",)
    # §7a [seen] (EGI, NW): photo, video, index, tag, search and author pages; enamplus is a
    # separate template this portal entry does not model; the feed host lists, never holds.
    not_articles = (
        r"/(?:photo|foto|video|indeks|tag|search|author)(?:/|$)",
        r"^(?:enamplus|feed|video)\.liputan6\.com",
    )
    # §7e: never split over URLs; nothing to fetch beyond the article itself.
    whole_article = None
    listings = (
        DAY_INDEX,
        CHANNEL_DAY_INDEX,
        # §7b [seen] (EGI): the channel page lists its latest stories server-side.
        Listing(f"https://{WWW}/{{channel}}"),
        # §7b [seen] (BIA): RSS.
        Listing("https://feed.liputan6.com/rss"),
    )
    layouts = (LIPUTAN6_2026,)
    # §7f: article pages fetch fine over plain HTTP; listings beyond the index need a browser.
    download_delay = 0.5
    concurrency = 4
    facts = ("URL forms, day index (?start=&end=&page=, 24 a page), channel day index, channel pages, RSS, "
             "JSON-LD and +07:00 article:* meta, meta keywords as tags, all pages in one response seen (§7); "
             "channels other than news and the channel index's paging inferred")

    def entry_points(self, days: Iterable[date], channels: Iterable[str]) -> list[str]:
        """Every channel wanted: the day index lists them all; a subset: each channel's own
        day index (both §7b)."""
        days, channels = list(days), list(channels)
        skip = CHANNEL_DAY_INDEX if set(channels) >= set(self.channels) else DAY_INDEX
        urls = [self.home + "/"]
        for listing in self.listings:
            if listing is not skip:
                urls.extend(u for u in listing.urls(days, channels) if u not in urls)
        return urls


PORTAL = Liputan6()
