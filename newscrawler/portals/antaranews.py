"""ANTARA (state news agency): ``www.antaranews.com/berita/<id>/<slug>``.

Facts come from ``shared/sites/portals.md`` §9 (antaranews); the source keys (NW, SEC, PWL,
ARIF, JEJ, BIA) are that file's. [seen] / [inferred] as tagged there. The evidence is thin
("weak evidence" in its cross-portal summary): no dated index, no structured data evidenced.
"""
from __future__ import annotations

from newscrawler.portals.base import Layout, Listing, Portal, SiteSelectors

WWW = "www.antaranews.com"

# §9b [seen] (BIA): the RSS types that are news channels (terkini, top-news, infografik,
# warta-bumi and rilis-pers are not channels). The same words are the site's channel paths
# (SEC's `/ekonomi/bursa/<page>`), so an article's channel is never in its URL (`/berita/`).
CHANNELS: dict[str, tuple[str, ...]] = {c: () for c in (
    "politik", "hukum", "ekonomi", "metro", "sepakbola", "olahraga", "humaniora", "lifestyle", "hiburan",
    "dunia", "tekno", "otomotif",
)}

# §9c [seen] (NW, SEC, PWL): the article template. There is no JSON-LD or article:* meta in
# evidence, so the layout names every field the shared layers would have to guess:
# - the date line, the last `.list-inline-item` of the header (SEC: `span.text-secondary`
#   inside `.wrap__article-detail-info`); the sidebar cards carry other days' times;
# - the writer's line `.text-muted.mt-2.small` under the body, which is also dropped from it,
#   with the `span.baca-juga` boxes (NW);
# - the category, the second breadcrumb item (NW);
# - the header image (PWL).
ANTARANEWS_2026 = Layout("antaranews_2026", detect=".wrap__article-detail-content", selectors=SiteSelectors(
    title=("h1.wrap__article-detail-title", ".wrap__article-detail-title"),
    date=(".wrap__article-detail-info span.text-secondary", ".wrap__article-detail-info .list-inline-item.mr-2:last-child"),
    authors=(".wrap__article-detail-content .text-muted.mt-2.small",),
    breadcrumb=(".breadcrumbs__item a",),
    image=("div.wrap__article-detail-image img",),
    body=(".wrap__article-detail-content.post-content",),
    remove=("span.baca-juga", ".text-muted"),
))


class Antaranews(Portal):
    name = "antaranews"
    domains = ("antaranews.com",)
    home = f"https://{WWW}"
    # Inferred: the brand after the headline in <title> / og:title.
    title_suffixes = (" - ANTARA News", " | ANTARA News")
    channels = CHANNELS
    # §9a [seen] (NW regex `https://www\.antaranews\.com/berita/.*`): www only, a numeric id and
    # a slug. The regional sites (`<prov>.antaranews.com`) and the English site
    # (`en.antaranews.com/news/…`) are separate sites with their own templates: not this entry.
    article_urls = (rf"{WWW.replace('.', r'[.]')}/berita/\d+/[a-z0-9][a-z0-9-]*/?",)
    # §9b/§9f: search, RSS, the robots-disallowed /ajax/ endpoints; photo, video and tag paths
    # are not documented and kept out in case (inferred).
    not_articles = (r"^[^/]+/(?:search|rss|ajax|foto|video|tag|terkini)(?:/|$)",)
    # §9e: no split articles in evidence.
    whole_article = None
    listings = (
        # §9b [seen] (NW): the latest-news list `?page=N`. No dated index exists (ARIF: /indeks/
        # → 404), so the days of the window cannot be chosen: this walks back from now until a
        # page brings nothing new or MAX_LISTING_PAGES is reached.
        Listing(f"https://{WWW}/terkini?page={{page}}"),
        # §9b [seen] (JEJ, BIA): the latest feed, the top-news feed and one feed per channel.
        Listing(f"https://{WWW}/rss/terkini"),
        Listing(f"https://{WWW}/rss/top-news"),
        Listing(f"https://{WWW}/rss/{{channel}}"),
    )
    layouts = (ANTARANEWS_2026,)
    # §9f: robots.txt disallows only /ajax/* (ARIF); no blocking reported. The state agency's
    # servers get the shared floor all the same.
    download_delay = 0.5
    concurrency = 4
    facts = ("www /berita/<id>/<slug> articles, /terkini?page=N, RSS (terkini, top-news, per channel) and the "
             "article selectors seen (§9: NW, SEC, PWL, JEJ, BIA); no dated index exists, so a window is reached "
             "by paging /terkini back; the date line's form inferred (SEC's parser), no JSON-LD in evidence; "
             "robots.txt forbids only /ajax/: not blocked")


PORTAL = Antaranews()
