"""Media Indonesia: ``mediaindonesia.com`` (no ``www.``), kanal paths on the one host.

Facts come from ``shared/sites/portals.md`` §16 (mediaindonesia); the source keys (FUN, EGI,
NW) are that file's, [seen] / [inferred] as tagged there. FUN is a real captured page
(2026-01-20) read by fundus' parser; it is not in our shared corpus, so only portals.md's
account of it was used.

Cloudflare answers generic clients with a "Performing security verification" JavaScript
challenge on the offset index pages ``/indeks/<step>/<offset>``, while articles and kanal
roots load (§16f, EGI). The spider counts each challenged listing as a refusal
(``newscrawler/failed/listing/bot_challenge``) and never works around it; the portal is
reported as blocked (exit 10) only when nothing at all could be exported. Articles are found
through the pages that load: the home page, ``/indeks`` and the kanal roots and their offset
pages, the sitemap and the RSS feed.
"""
from __future__ import annotations

from newscrawler.portals.base import Layout, Listing, Portal, SiteSelectors

HOME = "https://mediaindonesia.com"

# §16a: the kanal seen in the real page's links (FUN) [seen]; none has sub-kanal in URLs.
CHANNELS: dict[str, tuple[str, ...]] = {k: () for k in (
    "ekonomi", "politik-dan-hukum", "humaniora", "megapolitan", "nusantara", "internasional", "olahraga", "opini",
    "kolom-pakar", "jelita", "weekend", "otomotif", "teknologi", "jabar",
)}

# §16a [seen]: /<kanal>/<numeric id>/<slug> (FUN, EGI, NW's regex). The slug must hold a
# letter: `/indeks/20/40` and `/<kanal>/20/40` are offset listings of the same shape (EGI).
ARTICLE = r"mediaindonesia\.com/[a-z0-9-]+/\d+/[a-z0-9-]*[a-z][a-z0-9-]*/?"
# §16a (EGI, FUN) [seen]: videos, galleries, tags, author pages (/author/<id>/<name> has the
# article shape), the index and search.
NOT_ARTICLES = (r"^mediaindonesia\.com/(?:video|galleries|tag|author|indeks|search)(?:/|$)",)

# §16c noise (NW) [seen].
BOILERPLATE = ("p.related-news", ".flying-carpet", ".ext-channel", ".info-author", "._ap_apex_ad", ".dfp-ad")
# §16c (EGI) [seen]: the Google News call to action that closes the body ("Baca juga" lines
# are in the shared list).
PROMOTION = (r"cek berita dan artikel y(?:an)?g lain di google news",)

# §16c DOM (FUN real page, NW) [seen]. JSON-LD gives headline and dates; the layout names
# what the shared layers get wrong there:
# - author: the JSON-LD author was the *editor* on the real page, the visible byline
#   (`div.info > div.author-2`) another person, hence structured_author_is_editor;
# - tags: no JSON-LD keywords; `meta[name=keywords]` holds them;
# - the date line `span.datetime` (D/M/YYYY HH:MM, no zone: WIB) for a page without JSON-LD,
#   whose sidebar lists other stories' dates first;
# - the body `div.article` and its boxes; the breadcrumb `ul.mi-breadcrumb`.
MEDIAINDONESIA_2026 = Layout("mediaindonesia_2026", detect="div.article, ul.mi-breadcrumb", selectors=SiteSelectors(
    date=("div.info span.datetime", "span.datetime"),
    authors=("div.info > div.author-2",),
    breadcrumb=("ul.mi-breadcrumb a",),
    tags=("meta[name=keywords]",),
    body=("div.article",),
    remove=BOILERPLATE,
    drop=PROMOTION,
    structured_author_is_editor=True,
))


class MediaIndonesia(Portal):
    name = "mediaindonesia"
    domains = ("mediaindonesia.com",)
    home = HOME
    # Inferred: the <title> of the pages we modelled ends in " - Media Indonesia".
    title_suffixes = (" - Media Indonesia", " | Media Indonesia")
    channels = CHANNELS
    article_urls = (ARTICLE,)
    not_articles = NOT_ARTICLES
    # §16e: no split articles known.
    whole_article = None
    listings = (
        # §16b [seen]: /indeks (every kanal, FUN) and its offset pages /indeks/20/<offset>
        # (EGI), which Cloudflare challenges (§16f): page 1 loads, the rest are counted.
        Listing(f"{HOME}/indeks/20/{{page}}", first=0, step=20, first_url=f"{HOME}/indeks"),
        # §16b [seen]: kanal roots (they load, §16f) and /<kanal>/20/<offset> (EGI). That the
        # kanal offset pages escape the challenge is inferred (only /indeks/… is reported).
        Listing(f"{HOME}/{{channel}}/20/{{page}}", first=0, step=20, first_url=f"{HOME}/{{channel}}"),
    )
    # §16b [seen]: /sitemap.xml (fundus' publisher entry; its structure is not documented,
    # read as whatever it turns out to be), the RSS feed /feed (linked from the real page).
    # /sitemap-news.xml is unconfirmed (EGI): not read. No dated index exists, so the window
    # is reached through the dates of these two.
    sitemaps = (f"{HOME}/sitemap.xml",)
    feeds = (f"{HOME}/feed",)
    layouts = (MEDIAINDONESIA_2026,)
    # §16f: behind Cloudflare; a slower floor than the shared one.
    download_delay = 1.0
    concurrency = 2
    facts = ("article URL, kanal, /indeks and /<kanal>/20/<offset>, /sitemap.xml, /feed, JSON-LD (+07:00; its "
             "author is the editor), the byline, span.datetime D/M/YYYY HH:MM and the body's boxes seen (§16: FUN "
             "real page, EGI, NW); not blocked as a whole: Cloudflare challenges /indeks/<step>/<offset> "
             "(counted as refusals) while articles and kanal roots load; that kanal offset pages load, and the "
             "sitemap's structure, inferred; no split articles; no dated index")

    def next_listing_page(self, url: str) -> str | None:
        # The kanal template's `{channel}` would match any one-segment path (/feed,
        # /sitemap.xml): only a kanal of the table, or the index, is paged.
        following = super().next_listing_page(url)
        if following is None:
            return None
        segment = following[len(HOME) + 1:].split("/", 1)[0]
        return following if segment == "indeks" or segment in self.channels else None


PORTAL = MediaIndonesia()
