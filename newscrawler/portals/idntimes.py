"""IDN Times: ``www.idntimes.com`` (a Next.js site). The regional editions on
``<region>.idntimes.com`` use another URL template that no source describes, so their stories
are not recognised as articles here.

Facts come from ``shared/sites/portals.md`` §15 (idntimes); the source keys (EGI, NW, NW-old)
are that file's, [seen] / [inferred] / [weak] as tagged there.

There is no dated index (``/indeks`` answers 404) and robots.txt forbids query strings at the
root, ``utm`` queries and ``/search?…`` (§15b EGI), so discovery is the sitemap and the
category hubs as plain paths; nothing is asked with a query, and article links lose theirs in
the canonical form (``tests/portals/test_idntimes.py`` checks both with protego). The hubs are
undated listings: what they link is downloaded and dated from the page. Not blocked: what we
read is allowed.
"""
from __future__ import annotations

from newscrawler.portals.base import Layout, Listing, Portal, SiteSelectors

WWW = "https://www.idntimes.com"

# §15b [seen] (EGI): the hubs /news, /tech, /sport, "…" (the rest is not guessed at). The one
# sub-category seen in an article URL is news/indonesia (§15a).
CHANNELS: dict[str, tuple[str, ...]] = {"news": ("indonesia",), "tech": (), "sport": ()}

ARTICLES = (
    # §15a [seen] (EGI, NW): exactly three segments on www, the last ending in a 5-character
    # then a 6-character lowercase code (author, article). Both codes are required: the
    # 6-character one alone can collide.
    r"www\.idntimes\.com/[a-z0-9-]+/[a-z0-9-]+/[a-z0-9-]+-[a-z0-9]{5}-[a-z0-9]{6}/?",
)
NOT_ARTICLES = (
    # §15b [seen]: tag and search pages are listings; /v1, /ajax/ and /tag-manager* are
    # robots-forbidden (EGI). Kept out whatever shape a path under them takes.
    r"^www\.idntimes\.com/(?:tag|search|v1|ajax|tag-manager[^/]*)(?:/|$)",
)

# §15c DOM (EGI, NW) [seen]. JSON-LD NewsArticle gives headline, author (an array), the dates
# (+07:00), image, keywords and the description (sometimes empty: then og:description); its
# WebPage node carries the breadcrumb (category, sub-category). The layout names:
# - the body `#article-description p.article-text`: JSON-LD articleBody has its paragraph
#   breaks removed, so the DOM paragraphs are the content;
# - the visible date `[data-testid=publish-date-article] time` (`24 Jul 2026, 11:00 WIB`, §15d),
#   for a page without structured dates: listing cards elsewhere print other stories' dates
#   in the same format.
IDNTIMES_2026 = Layout("idntimes_2026", detect="#article-description", selectors=SiteSelectors(
    date=("[data-testid=publish-date-article] time",),
    body=("#article-description p.article-text",),
))


class IdnTimes(Portal):
    name = "idntimes"
    domains = ("idntimes.com",)
    home = WWW
    # Inferred: the <title> of the pages we modelled ends in " | IDN Times".
    title_suffixes = (" | IDN Times",)
    channels = CHANNELS
    article_urls = ARTICLES
    not_articles = NOT_ARTICLES
    # §15e [seen] (EGI): stories are never split.
    whole_article = None
    # §15b [seen] (EGI): the category hubs, plain paths (no paging: it would need a query).
    listings = (Listing(f"{WWW}/{{channel}}"),)
    # §15b [seen] (EGI): one sitemap; its form (index or URL set) is not documented, the
    # shared reader takes either.
    sitemaps = (f"{WWW}/sitemap.xml",)
    layouts = (IDNTIMES_2026,)
    # §15b/f: no crawl-delay documented; tag pages need a browser (NW), and are not read.
    download_delay = 0.5
    concurrency = 4
    facts = ("www /<category>/<sub>/<slug>-<5>-<6> URLs, the category hubs, /sitemap.xml, JSON-LD (+07:00, author "
             "array, \"Update me\" keyword placeholder, paragraph-less articleBody), the body "
             "#article-description p.article-text and the publish-date line seen (§15: EGI, NW); the month language "
             "of `24 Jul 2026, 11:00 WIB` unverified (both accepted); regional hosts' template unknown: not "
             "articles; /indeks is 404 and robots.txt forbids root and utm queries and /search?: obeyed, no "
             "query-string entry point; not blocked")


PORTAL = IdnTimes()
