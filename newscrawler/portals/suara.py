"""Suara.com: ``www.suara.com/<kanal>/YYYY/MM/DD/<HHMMSS>/<slug>`` and its regional sub-domains
(``jogja.suara.com``, …).

Facts come from ``shared/sites/portals.md`` §12 (suara); the source keys (EGI, NW, NW-old, BIA,
ASP) are that file's. [seen] / [inferred] as tagged there.
"""
from __future__ import annotations

from newscrawler.portals.base import Layout, Listing, Portal, SiteSelectors

WWW = "www.suara.com"

# §12b [seen] (BIA): the RSS types that are kanals; `/news/2026/…` (EGI) shows the RSS word is
# the kanal's path segment; that the others are too is inferred. mostpopular, wawancara and
# pressrelease are feeds, not kanals.
CHANNELS: dict[str, tuple[str, ...]] = {c: () for c in (
    "news", "bisnis", "lifestyle", "entertainment", "otomotif", "tekno", "health",
)}

# §12c [seen] (EGI, NW-old): JSON-LD NewsArticle gives headline, dates (with offset), authors
# and image; the layout names what it lacks or gets wrong:
# - the body `.article-content` without its boxes: ads, the "Baca Juga" box (.article-read),
#   the ten-second summary, the conclusion box, the appended next article (#next-article) and
#   the page links;
# - the tags, printed as "#tag" links (the shared layer drops the "#");
# - the links to pages 2..N (`.pagination-custom`), walked when `?page=all` is missing (§12e).
SUARA_2026 = Layout("suara_2026", detect=".article-content", selectors=SiteSelectors(
    title=(".article-image h1",),
    authors=(".author-trigger a",),
    tags=(".article-tags a",),
    body=(".article-content",),
    pages=(".pagination-custom a",),
    remove=("[id*='div-ad']", ".placeholder_belt", ".placeholder_read_body", ".ten-second", ".article-read",
            "#next-article", ".wrap-pagination", ".kesimpulan", ".pagination-custom"),
))


class Suara(Portal):
    name = "suara"
    domains = ("suara.com",)
    home = f"https://{WWW}"
    # Inferred: the brand after the headline in og:title / <title>.
    title_suffixes = (" - Suara.com", " | Suara.com")
    channels = CHANNELS
    # §12a [seen]: EGI's `/<kanal>/YYYY/MM/DD/<HHMMSS>/<slug>`; NW's regex also takes the
    # regional sub-domains and any path before the date, and no time segment.
    article_urls = (r"(?:[a-z0-9-]+\.)?suara\.com/(?:[a-z0-9-]+/)+20\d{2}/\d{2}/\d{2}/(?:\d{6}/)?[a-z0-9][a-z0-9-]*/?",)
    # §12a [seen] (EGI): tag, index, search, author, reporter, photo and video pages, and the
    # robots-disallowed /loadmoredetail.
    not_articles = (r"^[^/]+/(?:tag|indeks|search|author|reporter|foto|video|loadmoredetail)(?:/|$)",)
    # §12e: the body is split over `?page=2`, `?page=3`… (EGI [seen]); `?page=all` gives the
    # whole article (ASP [seen], an undated userscript): read first, the page links when it is
    # missing. The query is dropped from the canonical form (the base rule).
    whole_article = "?page=all"
    layouts = (SUARA_2026,)
    listings = (
        # §12b [seen] (EGI): the latest index, ~20 a page, "stop on empty". It has no date, so the
        # window cannot be chosen: it is walked back until a page brings nothing new.
        Listing(f"https://{WWW}/indeks?page={{page}}"),
        # §12b [seen] (BIA): RSS per kanal, and the most-read feed.
        Listing(f"https://{WWW}/rss/{{channel}}"),
        Listing(f"https://{WWW}/rss/mostpopular"),
    )
    # §12f: WAF/captcha pages possible and the site environment-sensitive on CI (NW): a slower
    # floor than the shared 0.5 s, two requests in flight. A challenge page in place of the
    # listings or articles is reported as blocked (exit 10), never worked around.
    download_delay = 1.0
    concurrency = 2
    facts = ("article URLs (www kanal path and regional sub-domains), /indeks?page=N (no date: paged back until "
             "nothing new), RSS per kanal, JSON-LD, the body's boxes and ?page=N split pages seen (§12: EGI, NW, BIA); "
             "?page=all single-source (ASP); kanal names beyond news inferred; no category (only in the dataLayer); "
             "a WAF challenge is reported as blocked (exit 10)")


PORTAL = Suara()
