"""CNN Indonesia: www.cnnindonesia.com, of the detik CMS family (what the family shares is in
``detik.py``). Facts and source keys (ARIF, JEJ, EGI, SEC, NW, BIA) from ``shared/sites/portals.md`` §5.
"""
from __future__ import annotations

from newscrawler.portals.base import Layout, Listing, SiteSelectors
from newscrawler.portals.detik import FAMILY_DROP, FAMILY_REMOVE, STAMPED_ARTICLE_PATH, YMD_INDEX_QUERY, FamilyPortal

WWW = "https://www.cnnindonesia.com"

# The kanal slugs with an RSS feed (NW, BIA, JEJ; seen), also the first path segment of their
# articles (so the crawl's channel field comes from the URL). Sub-channels are not documented.
CHANNELS: dict[str, tuple[str, ...]] = {
    c: () for c in ("nasional", "internasional", "ekonomi", "olahraga", "teknologi", "hiburan", "gaya-hidup")
}
# Channel index ids: only ekonomi's 5 is documented (ARIF, SEC); 2 is the all-channel index.
CHANNEL_INDEXES = {"ekonomi": "ekonomi/indeks/5"}

# The article page as EGI recorded it live on 2026-07-24 (§5c, seen).
CNNINDONESIA_2026 = Layout("cnnindonesia_2026", detect="div.detail-text", selectors=SiteSelectors(
    # NewsArticle.author.name is often "" (EGI): the byline, usually just "CNN Indonesia".
    authors=("div.text-cnn_black_light3 > span",),
    date=("div.text-cnn_grey",),  # for pages without JSON-LD (ARIF: 1 of 10 sampled)
    breadcrumb=("a.gtm_breadcrumb_kanal, a.gtm_breadcrumb_subkanal",),
    # Inline /tag/ links in the body are keyword highlights; the tags are the aside's (EGI).
    tags=("aside:has(.title-box:contains('TOPIK TERKAIT')) a",),
    body=("div.detail-text",),
    # The family's noise (.linksisip, .paradetail, ad slots, the desk code) plus CNN's own.
    remove=FAMILY_REMOVE + (".newstag", ".end-of-article"),
    drop=FAMILY_DROP,
))


class CnnIndonesia(FamilyPortal):
    """CNN Indonesia (www.cnnindonesia.com)."""

    name = "cnnindonesia"
    domains = ("cnnindonesia.com",)
    home = WWW
    title_suffixes = (" - CNN Indonesia",)  # <title> in EGI's fixture; og:title is bare
    channels = CHANNELS
    # /<kanal>/<YYYYMMDDhhmmss>-<kanal id>-<id>/<slug>, on www only (EGI, ARIF; seen).
    article_urls = (r"www\.cnnindonesia\.com" + STAMPED_ARTICLE_PATH,)
    # Indexes, tags, search, TV and video (§5a); photo galleries (/foto) are our inference.
    not_articles = (r"/(?:indeks|tag|search|tv|televisi|video|foto)(?:/|$)",)
    layouts = (CNNINDONESIA_2026,)
    listings = (
        # ARIF verified YYYY/MM/DD (JEJ the same); EGI uses the datepicker's DD/MM/YYYY, which it
        # did not see change the list. Both are read; the article dedup absorbs the overlap.
        Listing(f"{WWW}/indeks/2?{YMD_INDEX_QUERY}"),
        Listing(WWW + "/indeks/2?date={day:%d/%m/%Y}&page={page}"),
        Listing(f"{WWW}/{{channel}}?{YMD_INDEX_QUERY}", channels=CHANNEL_INDEXES),
        Listing(WWW + "/indeks?page={page}"),  # latest news (EGI, verified live)
        Listing(WWW + "/{channel}/rss"),  # NW, BIA, JEJ
    )
    facts = ("article URL, /indeks/2?date=YYYY/MM/DD&page=N (10 a page), ekonomi index id 5, latest /indeks?page=N, "
             "RSS and the 2026 layout seen (§5: ARIF, JEJ, EGI); the DD/MM/YYYY date form unverified (EGI); "
             "other channels' index ids unknown; no split articles found")


PORTAL = CnnIndonesia()
