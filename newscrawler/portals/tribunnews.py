"""Tribunnews (flagship of the Tribun Network): ``www.tribunnews.com`` only; ``m.`` is its
mobile mirror and the regional Tribun sites are other newsrooms.

Facts come from ``shared/sites/portals.md`` §11 (tribunnews); the source keys (EGI, NW,
NW-old, AND, BIA, ASP) are that file's, [seen] / [inferred] / [weak] as tagged there.

The live site refuses this crawler: CloudFront answers 403 to any User-Agent that does not
look like a desktop browser (EGI, 2026-07-24). The crawler keeps its own honest
User-Agent, so a live crawl ends with exit status 10 (``newscrawler/blocked/tribunnews``,
"HTTP 403"); the rules below are what it would read if the site let it in, tested against
the fixture copy.
"""
from __future__ import annotations

from newscrawler.portals.base import Layout, Listing, Portal, SiteSelectors

WWW = "https://www.tribunnews.com"

# §11b (NW scans these section sitemaps; EGI's example story is internasional) [seen]. No
# sub-channels appear in article URLs (one section segment), hence the empty tuples.
CHANNELS: dict[str, tuple[str, ...]] = {s: () for s in ("nasional", "internasional", "ekonomi", "bisnis", "regional")}

# §11a [seen]: /<section>/<numeric id>/<slug> (current) and /<section>/YYYY/MM/DD/<slug>
# (older stories and wire pieces), both on www only.
ARTICLES = (
    r"www\.tribunnews\.com/[a-z0-9-]+/\d{5,}/[a-z0-9][a-z0-9-]*/?",
    r"www\.tribunnews\.com/[a-z0-9-]+/\d{4}/\d{2}/\d{2}/[a-z0-9][a-z0-9-]*/?",
)
# §11a (EGI) [seen]: first path segments that are never stories, whatever follows them
# (/video/<id>/<slug> has the article shape).
NOT_ARTICLES = (
    r"^www\.tribunnews\.com/(?:api|posts|ajax|json|auth|member|komentar|search|tag|topic|penulis|editor|epaper"
    r"|images|webstories|foto|video|index-news)(?:/|$)",
)

# §11c (EGI, NW) [seen]: the "Ringkasan Berita" summary box, "Baca juga" paragraphs, ad
# placeholders and in-body figures.
BOILERPLATE = ("blockquote.summary-article", "p.baca", "div.ads-placeholder", "figure")

# §11c DOM (EGI, NW-old) [seen]. JSON-LD @graph gives headline, dates, authors, image,
# keywords and the breadcrumb; the layout names what the shared layers cannot know:
# - the body container (not the sibling `div.side-article.mb5`, which holds the sidebar);
# - the editor line `#editor a` (JSON-LD names only writers);
# - the "Tayang:" date, for a page without JSON-LD: its sidebar lists other days first;
# - the `.paging` links of a split story, walked when `?page=all` is missing (§11e).
TRIBUNNEWS_2026 = Layout("tribunnews_2026", detect="div.side-article.txt-article, h1#arttitle", selectors=SiteSelectors(
    title=("h1#arttitle", "h1.f50"),
    date=("time[datetime]",),
    authors=("#penulis a",),
    editor=("#editor a",),
    body=("div.side-article.txt-article",),
    tags=("h5.tagcloud3 a.rd2",),
    pages=(".paging a",),
    remove=BOILERPLATE,
))


class Tribunnews(Portal):
    name = "tribunnews"
    domains = ("tribunnews.com",)
    home = WWW
    # Inferred: the pages we modelled end their <title> in " - Tribunnews.com".
    title_suffixes = (" - Tribunnews.com", " | Tribunnews.com")
    channels = CHANNELS
    article_urls = ARTICLES
    not_articles = NOT_ARTICLES
    # §11e [seen]: `?page=2` pages under a "Halaman 1/2" strip (EGI), the whole story at
    # `?page=all` (ASP); the canonical URL stays page 1's (the query is dropped).
    whole_article = "?page=all"
    listings = (
        # §11b [seen] (EGI): the latest index, paged ?page=N; page 11 and later repeat page 10,
        # so the walk stops there by itself (nothing new).
        Listing(f"{WWW}/index-news?page={{page}}"),
        # §11b [weak] (AND, 2017-18): the index by date. Paging it by ?page=N like the
        # undated index is inferred.
        Listing(f"{WWW}/index-news?date={{day:%Y-%m-%d}}&page={{page}}"),
        # §11b [seen] (EGI): a section's index, page 1 only (?page=N on section hubs does not
        # paginate).
        Listing(f"{WWW}/index-news/{{channel}}"),
    )
    # §11b [seen]: /sitemap.xml is an index of per-section sitemap-news.xml (news:publication_date
    # +07:00) and -web/-images sitemaps (EGI); NW reads the root /sitemap-news.xml too. The
    # RSS feed is not read: every <link> in it is the home page (EGI, 2026-07-24).
    sitemaps = (f"{WWW}/sitemap.xml", f"{WWW}/sitemap-news.xml")
    layouts = (TRIBUNNEWS_2026,)
    # §11f: no crawl-delay documented; the shared floor, AutoThrottle above it.
    download_delay = 0.5
    concurrency = 4
    facts = ("**blocked**: CloudFront answers 403 to any non-browser User-Agent (§11f EGI), so a live crawl "
             "with our own UA exits 10 (HTTP 403), never worked around; robots.txt forbids /search, /tag/, "
             "/topic/. Both URL forms, /index-news?page=N (≤10), section indexes, the sitemap index → "
             "sitemap-news.xml, JSON-LD @graph, the DOM selectors and ?page=2 / ?page=all seen (§11: EGI, NW, "
             "ASP); the dated /index-news?date= is weak (AND) and its paging inferred; RSS broken (EGI)")


PORTAL = Tribunnews()
