"""Kompas.com: ``www.kompas.com`` with its section sub-domains (``nasional.``, ``money.``, …)
and the date index on ``indeks.kompas.com``.

Facts come from ``shared/sites/portals.md`` §2 (kompas); the source keys (NW, ARIF, ALD, JEJ,
RAK, ASP, ROJ) are that file's. [seen] / [inferred] as tagged there.
"""
from __future__ import annotations

from datetime import date
from typing import Iterable

from newscrawler.portals.base import Layout, Listing, Portal, SiteSelectors

INDEX = "https://indeks.kompas.com"

# The `site=` values of the date index (§2b, ARIF verified 2019 and 2026; ALD; RAK; JEJ).
# "news" already holds nasional + megapolitan + regional + internasional and "money" holds
# ekonomi, so their parts are not channels of their own: a default run would read them twice.
CHANNELS: dict[str, tuple[str, ...]] = {
    "news": ("nasional", "megapolitan", "regional", "internasional"),
    "money": ("ekonomi",),
    "tekno": (),
    "sains": (),
    "bola": (),
    "tren": (),
    "hype": (),
    "health": (),
    "global": (),
    "umkm": (),
}

# §2c (NW): "Baca juga" boxes injected into the body as `inject-baca-juga…` and Kompas.id
# recommendation boxes as `kompasidRec…`. `[class^='inject-']` is still in the shared list
# (boilerplate.py) and named here so that it can leave it.
BOILERPLATE = ("[class^='inject-']", "[class^='kompasidRec']", ".read__paging")
# §2c (NW): the WhatsApp-channel promotion that closes the body. The shared list only knows
# lines that start with "ikuti"/"simak"; Kompas names its channel mid-sentence.
PROMOTION = (r".{0,160}\bkompas\.com whatsapp channel\b",)

# §2c (NW): the 2020s article template. The date line (`.read__time`) is the visible WIB
# clock the UTC `article:published_time` is checked against when JSON-LD is missing (§2c
# ARIF); `.read__paging` is our name for the page links (inferred: only `?page=all` and
# `?page=N` are documented, §2e).
KOMPAS_2024 = Layout("kompas_2024", detect=".read__content, h1.read__title", selectors=SiteSelectors(
    title=("h1.read__title",),
    date=(".read__time",),
    authors=(".credit-title-name",),
    breadcrumb=(".breadcrumb__wrap .breadcrumb__link",),
    body=(".read__content",),
    pages=(".read__paging a",),
    remove=BOILERPLATE,
    drop=PROMOTION,
))


class Kompas(Portal):
    name = "kompas"
    domains = ("kompas.com",)
    home = "https://www.kompas.com"
    title_suffixes = (" - Kompas.com", " | Kompas.com", " - KOMPAS.com")
    channels = CHANNELS
    # §2a [seen]: `<sub>.kompas.com/read/YYYY/MM/DD/<id>/<slug>` and
    # `www.kompas.com/<section>/read/YYYY/MM/DD/<id>/<slug>` (edu, hype, …). The id is 8–9
    # digits starting with the WIB publish time HHMMSS (JEJ, ARIF, ALD).
    article_urls = (
        r"(?:[a-z0-9-]+\.)?kompas\.com/(?:[a-z0-9-]+/)?read/\d{4}/\d{2}/\d{2}/\d{8,9}/[a-z0-9][a-z0-9-]*/?",
    )
    # §2a (NW): video.kompas.com is not prose; the index and search hosts list, never hold,
    # stories; robots.txt disallows search (ARIF).
    not_articles = (r"^(?:video|indeks|search)\.kompas\.com",)
    # §2e [seen] (NW fetches every article this way; ASP): the whole article in one page.
    whole_article = "?page=all"
    listings = (
        # §2b [seen]: 20 items a page, no total: paged until a page brings nothing new (past the
        # end the index re-serves old items, JEJ). `site=all` when every channel is wanted.
        Listing(f"{INDEX}/?site={{channel}}&date={{day:%Y-%m-%d}}&page={{page}}"),
        # §2b [seen] (NW): the latest-news index without a date; page 1 only, as its later
        # pages walk back through the whole archive.
        Listing(f"{INDEX}/"),
        # §2b [seen, single source] (JEJ): the RSS feed.
        Listing("https://www.kompas.com/feed"),
    )
    layouts = (KOMPAS_2024,)
    # §2f: no blocking reported besides the search cap; a modest floor all the same.
    download_delay = 0.5
    concurrency = 4
    facts = ("URL forms, date index (?site=&date=&page=), ?page=all, the UTC article:published_time and the "
             "2024 article template seen (§2); RSS single-source; page links of split articles and the "
             "re-served pages past the index's end inferred")

    def entry_points(self, days: Iterable[date], channels: Iterable[str]) -> list[str]:
        # Every channel wanted: the index's own `site=all` lists them all in one walk (§2b),
        # instead of ten walks that overlap.
        channels = list(channels)
        if set(channels) >= set(self.channels):
            channels = ["all"]
        return super().entry_points(days, channels)


PORTAL = Kompas()
