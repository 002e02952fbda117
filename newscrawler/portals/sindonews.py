"""SINDOnews (MNC Media, sister of iNews and Okezone): ``www.sindonews.com`` and its kanal hosts
(``nasional.sindonews.com``, ``ekbis.sindonews.com``, …).

Facts and their confidence come from ``shared/sites/portals.md`` §4 (source keys EGI, NW,
NW-old, ROJ in its Sources table); the comments name the key of each.
"""
from __future__ import annotations

from datetime import date
from typing import Iterable

from newscrawler.portals.base import Layout, Listing, Portal, SiteSelectors

WWW = "https://www.sindonews.com"

# §4a kanal hosts and §4b their index ids (EGI) [seen]; no sub-channels in the URLs (the
# rubric is a number, §4a).
INDEX_IDS = {"nasional": "5", "daerah": "7", "ekbis": "8", "international": "9", "sports": "10", "kalam": "67",
             "edukasi": "144", "lifestyle": "154", "otomotif": "611", "tekno": "612"}
CHANNELS: dict[str, tuple[str, ...]] = {kanal: () for kanal in INDEX_IDS}

# §4a: /read/<id>/<rubricId>/<slug>-<10-digit unix time>, page N as a /<n> suffix (EGI, NW)
# [seen]; on a kanal host or www.
ARTICLE = r"[a-z0-9-]+\.sindonews\.com/read/\d+/\d+/[a-z0-9][a-z0-9-]*-\d{10}(?:/\d{1,3})?/?"
NOT_ARTICLES = (
    # §4a: hi-lite. has /read/ URLs of its own, scope. and media. are out of scope, e. and
    # pict. serve assets, index. redirects to the www index (EGI) [seen].
    r"^(?:hi-lite|scope|media|e|pict|index)\.sindonews\.com/",
    # Search (§4b, NW) and index pages (§4b, EGI) [seen]; topic/tag, photo and video pages
    # are not documented for SINDOnews: kept out by their usual names (inferred).
    r"^[^/]+/(?:search|indeks|topic|tag|photo|foto|video)(?:/|$)",
    r"^(?:video|photo|foto)\.sindonews\.com/",
)

# §4c noise (EGI, NW) [seen]: inline "Baca Juga:" segments (the shared paragraph rule drops
# them), the div.editor sign-off (initials, not an "Editor:" line), YouTube embeds, and divs
# whose class starts with baca-juga / lihat-juga / related or contains "ads".
BOILERPLATE = ("[class^='baca-juga']", "[class^='lihat-juga']", "[class^='related']", "[class*='ads']",
               ".v-youtube", "div.editor")

# §4c DOM (EGI, NW) [seen]. Page 1 has JSON-LD NewsArticle, but the ``?showpage=all`` view the
# crawl reads carries only BreadcrumbList / WebSite / ItemList: title (h1), description and
# image come from the meta and generic layers, the category from the BreadcrumbList; the
# layout names what those cannot know:
# - the date line: no structured date on the whole view, and the generic scan would read the
#   sidebar's dates above it first;
# - the author: the sidebar's writers' names carry rel=author too;
# - the tags, kept only in meta keywords;
# - the page links, walked when the whole view is missing;
# - the body container: the generic block cut would find it too (no <p>, paragraphs are runs
#   of <br>, which it splits on; pinned by the tests), but without a container the boilerplate
#   rules run over the whole page, and "class contains ads" would cut any wrapper whose class
#   merely contains the letters (``leads``, ``threads``) together with the article in it.
SINDONEWS_2026 = Layout("sindonews_2026", detect=".detail-desc, #detail-desc, h1.detail-title", selectors=SiteSelectors(
    date=(".detail-date-artikel",),
    authors=(".detail-nama-redaksi a[rel=author]", ".warp-nama-redaksi a"),  # EGI / NW
    tags=("meta[name=keywords]",),
    body=(".detail-desc", "#detail-desc"),
    pages=(".paging-artikel a",),
    remove=BOILERPLATE,
))


class Sindonews(Portal):
    name = "sindonews"
    domains = ("sindonews.com",)
    home = WWW
    # Not in the sources: og:title / <title> end in " - SINDOnews" on the pages we modelled
    # (inferred); the shared brand rule strips other "… | SINDOnews.com" forms too.
    title_suffixes = (" - SINDOnews", " | SINDOnews", " - SINDOnews.com", " | SINDOnews.com")
    channels = CHANNELS
    article_urls = (ARTICLE,)
    not_articles = NOT_ARTICLES
    # §4a: page N appends /<n>; the canonical URL is the bare page-1 URL (§4e, EGI) [seen].
    page_path = r"/\d{1,3}"
    # §4e: "Baca Selengkapnya" → ?showpage=all merges the whole body (EGI) [seen].
    whole_article = "?showpage=all"
    layouts = (SINDONEWS_2026,)
    listings = (
        # §4b: /indeks/<cid>/<offset>?t=YYYY-MM-DD, +20 a page, cid 0 = every channel (EGI) [seen].
        Listing(f"{WWW}/indeks/{{channel}}/{{page}}?t={{day:%Y-%m-%d}}", first=0, step=20,
                channels={**INDEX_IDS, "all": "0"}),
        # §4b: the latest index without a date (NW-old's /indeks/0/<offset>) [seen, older];
        # page 1 only: its later pages walk back through the whole archive.
        Listing(f"{WWW}/indeks/0/0"),
        # §4b: RSS 2.0 (NW latest mode) [seen].
        Listing(f"{WWW}/feed"),
        # Each kanal's front page (the hosts are seen, §4a; as listings inferred).
        Listing("https://{channel}.sindonews.com/"),
    )
    # §4f: no blocking seen (EGI); no crawl-delay documented, so the shared floor.
    download_delay = 0.5
    concurrency = 4
    facts = ("article URLs with page suffix, kanal hosts, the dated index (+20, channel ids, 0 = all), RSS, "
             "?showpage=all and its missing NewsArticle, the <br> body seen (EGI, NW); the undated latest index "
             "is NW-old's; kanal home pages as listings and tag/photo/video paths inferred")

    def entry_points(self, days: Iterable[date], channels: Iterable[str]) -> list[str]:
        """Every channel wanted: the all-channel index (cid 0) is walked once a day instead of
        ten overlapping channel indexes (§4b)."""
        days, channels = list(days), list(channels)
        urls = super().entry_points(days, channels)
        if set(channels) >= set(self.channels):
            index = self.listings[0]
            per_channel = set(index.urls(days, channels))
            urls = [u for u in urls if u not in per_channel] + index.urls(days, ["all"])
        return urls


PORTAL = Sindonews()
