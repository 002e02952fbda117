"""Merdeka.com (KLY platform): ``www.merdeka.com``; ``m.merdeka.com`` served the mobile
template of the legacy ``.html`` stories (the real 2021 pages in shared/real-pages).

Facts come from ``shared/sites/portals.md`` §13 (merdeka); the source keys (EGI, NW, NW-old,
ROJ) are that file's, [seen] / [inferred] / [weak] as tagged there.

robots.txt forbids any URL with a query string, every path containing "index" and
``/search/`` (§13f EGI). That rules out the section hubs' ``?page=N`` paging and any dated
index, so discovery is the sitemap index, the per-section Google News sitemaps and the RSS
feed; no entry point carries a query and article links lose theirs in the canonical form
(``tests/portals/test_merdeka.py`` checks both with protego on those rules). Not blocked: what
we read is allowed.
"""
from __future__ import annotations

from newscrawler.portals.base import Layout, Portal, SiteSelectors

WWW = "https://www.merdeka.com"

# §13b [seen] (EGI): section hubs, each with its own news sitemap /<section>/sitemap.xml. The
# "…" of the source is not guessed at; jabar and gaya are the sections of real 2021 pages. No
# sub-sections appear in article URLs.
CHANNELS: dict[str, tuple[str, ...]] = {s: () for s in ("peristiwa", "politik", "uang", "dunia", "jabar", "gaya")}

ARTICLES = (
    # §13a [seen] (EGI): /<section>/read/<numeric id>/<slug>, exactly four segments.
    r"www\.merdeka\.com/[a-z0-9-]+/read/\d+/[a-z0-9][a-z0-9-]*/?",
    # §13a [seen] (NW-old, ROJ; the real 2021 pages): legacy /<section>/<slug>.html, also on
    # the m. host of the mobile template.
    r"(?:www|m)\.merdeka\.com/[a-z0-9-]+/[a-z0-9][a-z0-9-]*\.html",
)
NOT_ARTICLES = (
    # §13a [seen] (EGI): photo, video and slideshow pages share the article shape; tag and
    # search pages and the feed are listings (§13b, §13f).
    r"^(?:www|m)\.merdeka\.com/(?:foto|video|videos|slideshow|tag|tags|search|rss)(?:/|$)",
    # §13f [seen] (EGI): robots.txt forbids every path containing "index": never an article
    # to us, whatever its shape (a slug holding the word is refused by robots.txt anyway).
    r"index",
)

# §13c DOM (EGI) [seen]. JSON-LD (script#rich-card) gives headline, dates (+07:00),
# description, image; its author name is null and its BreadcrumbList ends in the title, so
# the layout names:
# - the body `.articles-content__body`, whose pages of a long story follow one another in the
#   same response, separated by `div.page-break[data-page]` (§13e): the whole article;
# - the byline `[data-tracking=author_name]` ("Oleh …");
# - the breadcrumb `nav.breadcrumb-navigation` (its last link is the section);
# - the boxes inside the body that are not direct `p` children (EGI: ads, "Baca Juga"); the
#   class names of the two boxes are ours (the source names none);
# - the tag list `.tags-articles__list a` (the same words as meta keywords).
MERDEKA_2026 = Layout("merdeka_2026", detect=".articles-content__body", selectors=SiteSelectors(
    authors=("[data-tracking=author_name]",),
    breadcrumb=("nav.breadcrumb-navigation a",),
    body=(".articles-content__body",),
    tags=(".tags-articles__list a",),
    remove=("div.box-baca-juga", "div.ads-inarticle"),
))


class Merdeka(Portal):
    name = "merdeka"
    domains = ("merdeka.com",)
    home = WWW
    # Seen on the real 2021 pages (og:title and <title> end in " | merdeka.com").
    title_suffixes = (" | merdeka.com", " | Merdeka.com")
    channels = CHANNELS
    article_urls = ARTICLES
    not_articles = NOT_ARTICLES
    # §13e [seen] (EGI): the canonical URL already holds every page; `?page=N` (one page) is
    # forbidden by robots.txt and dropped from the canonical form like any query.
    whole_article = None
    # §13b [seen] (EGI): no global index; section hubs page by ?page=N, which robots.txt
    # forbids (§13f). Only the home page (always read) is an HTML listing.
    listings = ()
    # §13b [seen] (EGI): the sitemap index names the per-section Google News sitemaps
    # (tz-aware publication_date). Only the index is declared: its lastmod keeps a section
    # not updated in the window from being read, which declaring the sections themselves
    # would bypass; so -a channels= limits nothing here (each article's channel is still
    # its first path segment).
    sitemaps = (f"{WWW}/sitemap.xml",)
    # §13b [seen] (NW): one RSS feed for the whole site.
    feeds = (f"{WWW}/rss/",)
    layouts = (MERDEKA_2026,)
    # §13f: no crawl-delay documented; NW's rate limit concerns search, which we never ask.
    download_delay = 0.5
    concurrency = 4
    facts = ("current /<section>/read/<id>/<slug> and legacy .html URLs, the sitemap index → per-section Google "
             "News sitemaps, RSS /rss/, JSON-LD (+07:00, null author), the byline, breadcrumb, body, tags and "
             "page-break sections of the whole article seen (§13: EGI, NW, ROJ); the boxes' class names inferred; "
             "robots.txt forbids query strings and paths containing \"index\" (so no hub paging, no index): "
             "obeyed, discovery by sitemaps and RSS only; not blocked")


PORTAL = Merdeka()
