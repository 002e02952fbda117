"""CNBC Indonesia: www.cnbcindonesia.com, of the detik CMS family (what the family shares is in
``detik.py``). Facts and source keys (ARIF, NW, SEC, BIA) from ``shared/sites/portals.md`` §6;
its DOM evidence is thin (one scraper, Tailwind utility classes), so the layout leans on JSON-LD
and names only what the shared layers cannot find.
"""
from __future__ import annotations

from newscrawler.portals.base import Layout, Listing, SiteSelectors
from newscrawler.portals.detik import FAMILY_DROP, FAMILY_REMOVE, STAMPED_ARTICLE_PATH, YMD_INDEX_QUERY, FamilyPortal

WWW = "https://www.cnbcindonesia.com"

# The kanal slugs seen in article URLs (§6a, seen); sub-channels are not documented.
CHANNELS: dict[str, tuple[str, ...]] = {
    c: () for c in ("news", "market", "tech", "lifestyle", "syariah", "entrepreneur", "opini", "research", "mymoney")
}
# Channel index ids: market 5 and mymoney 71 (§6b SEC, ARIF); the others are unknown.
CHANNEL_INDEXES = {"market": "market/indeks/5", "mymoney": "mymoney/indeks/71"}

# The 2026 article page as NW's scraper reads it (§6c, seen in code, Aug 2026). JSON-LD gives
# the dates (+07:00 on 18 of 18 samples, ARIF); the rest is Tailwind utility classes.
CNBCINDONESIA_2026 = Layout("cnbcindonesia_2026", detect="div.detail-text", selectors=SiteSelectors(
    title=("h1.mb-4.text-32.font-extrabold",),
    date=("div.text-cm.text-gray",),
    # NW takes the *second* `div.mb-1.text-base.font-semibold` as the writer: every such div
    # after the first, so a byline of several writers keeps them all.
    authors=("div.mb-1.text-base.font-semibold ~ div.mb-1.text-base.font-semibold",),
    # The channel label is an anchor with href="#" (NW).
    breadcrumb=("a.text-xs.font-semibold[href='#']",),
    body=("div.detail-text",),
    # The family's noise plus CNBC's own "read also" boxes, tables or divs whose class starts
    # with `sisip_` or holds `link_sisip` (NW).
    remove=FAMILY_REMOVE + ("[class^='sisip_']", "[class*=' sisip_']", "[class*='link_sisip']"),
    drop=FAMILY_DROP,
))


class CnbcIndonesia(FamilyPortal):
    """CNBC Indonesia (www.cnbcindonesia.com)."""

    name = "cnbcindonesia"
    domains = ("cnbcindonesia.com",)
    home = WWW
    title_suffixes = (" - CNBC Indonesia",)  # inferred from the family's CNN <title> form (§5)
    channels = CHANNELS
    # /<kanal>/<YYYYMMDDhhmmss>-<n>-<id>/<slug> on www (ARIF example, NW regex; seen).
    article_urls = (r"www\.cnbcindonesia\.com" + STAMPED_ARTICLE_PATH,)
    # Indexes, tags, search and RSS are documented listings (§6b); a video sitemap exists
    # (ARIF), so video and photo pages are kept out too — their paths are our inference.
    not_articles = (r"/(?:indeks|tag|search|rss|video|tv|foto|photo)(?:/|$)",)
    layouts = (CNBCINDONESIA_2026,)
    listings = (
        # §6b ARIF (verified, 10 items a page): the all-channel dated index; `&tipe=` optional.
        Listing(f"{WWW}/indeks?{YMD_INDEX_QUERY}"),
        # Per channel with `tipe=artikel` (SEC, ARIF); where `page` goes there is inferred.
        Listing(WWW + "/{channel}?date={day:%Y/%m/%d}&tipe=artikel&page={page}", channels=CHANNEL_INDEXES),
        # Latest news: the site feed and each kanal's (§6b NW, BIA). The search page renders
        # client-side (NW, 2026-08-06): not a listing.
        Listing(WWW + "/rss"),
        Listing(WWW + "/{channel}/rss"),
    )
    facts = ("article URL (its stamp is not the publish time), /indeks?date=YYYY/MM/DD&page=N (10 a page), "
             "market 5 / mymoney 71 channel indexes, RSS and JSON-LD +07:00 seen (§6: ARIF, NW, SEC, BIA); "
             "layout from one scraper's selectors; visible date format, paging of channel indexes and "
             "video/photo paths inferred; no split articles found")


PORTAL = CnbcIndonesia()
