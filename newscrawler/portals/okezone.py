"""Okezone (MNC Media, sister of iNews and SINDOnews): ``www.okezone.com`` and its kanal hosts
(``news.okezone.com``, ``economy.okezone.com``, …).

Facts and their confidence come from ``shared/sites/portals.md`` §3 (source keys EGI, NW,
NW-old, AND, BIA, ASP, ARIF, ROJ in its Sources table); the comments name the key of each.
"""
from __future__ import annotations

from newscrawler.portals.base import Layout, Listing, Portal, SiteSelectors

# §3a: the kanal hosts articles live on (EGI live check 2026-07-24) [seen]. None has
# sub-channels in its URLs (the section is a number, §3a), hence the empty tuples.
CHANNELS: dict[str, tuple[str, ...]] = {kanal: () for kanal in (
    "news", "economy", "women", "celebrity", "sports", "bola", "ototekno", "muslim", "edukasi",
)}

# §3b: channel ids of the cross-channel date index (EGI) [seen].
INDEX_CHANNEL_IDS = {"news": "1", "sports": "2", "economy": "11", "women": "12", "celebrity": "13",
                     "bola": "14", "muslim": "613", "edukasi": "623", "ototekno": "630"}
# §3b: RSS ids (BIA) [seen]: 12 is "lifestyle" and 16 "techno" there, the feeds of today's
# women and ototekno kanals (inferred from the names); muslim and edukasi have none. 0 is
# the breaking-news feed, read whatever the channels.
RSS_IDS = {"news": "1", "sports": "2", "economy": "11", "women": "12", "celebrity": "13", "bola": "14",
           "ototekno": "16"}

# §3a: /read/YYYY/MM/DD/<sectionId>/<articleId>/<slug> on a kanal host (EGI; NW's regex
# stops after the ids, so the slug is optional) [seen].
ARTICLE = r"[a-z0-9-]+\.okezone\.com/read/\d{4}/\d{2}/\d{2}/\d+/\d+(?:/[^/]+)?/?"
NOT_ARTICLES = (
    # §3a: mpi. republishes SINDOnews stories (/article/sindonews/<id>); img./cdn. are
    # assets, redaksi. the newsroom pages; index./search./sindikasi. are listings (EGI, NW,
    # BIA) [seen]. video./foto. hosts are not documented: kept out in case (inferred).
    r"^(?:mpi|img|cdn|redaksi|index|search|sindikasi|video|foto)\.okezone\.com/",
    # §3a: tag, author, search, photo, video and infographic pages, the robots-disallowed
    # /more and /mmore, and the date indexes (EGI, NW) [seen].
    r"^[^/]+/(?:tag|author|search|foto|video|infografis|more|mmore|indeks)(?:/|$)",
)

# §3c noise inside the body (NW, EGI) [seen]. .vicon is the video-embed icon box; the
# "inject-" boxes are still in the shared list too (named here so they can leave it).
BOILERPLATE = ("#baca-juga", "#bacajuga", ".vicon", "[class^='inject-']", "[class^='banner']")
# §3c promo lines (NW, EGI) [seen]; the shared list has both wordings as well.
PROMOTION = (r"follow\b.{0,60}\bwhatsapp channel", r"telusuri berita .* lainnya")

# §3c DOM (EGI fixtures modelled on the live page, NW) [seen]. Headline, dates, author,
# image and description come from JSON-LD NewsArticle, the category from its BreadcrumbList
# (proper case; the DOM breadcrumb is all capitals), the caption from the header figure and
# the body from the generic block cut, so the layout names only what those get wrong:
# - tags (JSON-LD has no keywords, and the tag box is not rel=tag);
# - the byline date, for pages without JSON-LD: the generic scan would read the "Terkini"
#   strip above the headline first;
# - the page links, walked when the ``?page=all`` view is missing.
# On ``?page=all`` every page sits in one ``.c-detail.read``, separated by
# ``<div style="page-break-after: always">`` (§3e), which the block cut reads as paragraph
# boundaries; the test pins that the merged view equals the pages joined.
OKEZONE_2026 = Layout("okezone_2026", detect=".c-detail.read, .title-article h1", selectors=SiteSelectors(
    date=(".journalist span",),
    tags=("#tag .box-tag a",),
    pages=("#paging .box-nomor a.nomor",),
    remove=BOILERPLATE,
    drop=PROMOTION,
))


class Okezone(Portal):
    name = "okezone"
    domains = ("okezone.com",)
    home = "https://www.okezone.com"
    # Not in the sources: og:title / <title> end in " : Okezone <Kanal>" on the pages we
    # modelled (inferred); the shared brand rule strips any other "… : Okezone" form too.
    title_suffixes = tuple(f" : Okezone {label}" for label in (
        "News", "Economy", "Women", "Celebrity", "Sports", "Bola", "Techno", "Muslim", "Edukasi")) + (" | Okezone",)
    channels = CHANNELS
    article_urls = (ARTICLE,)
    not_articles = NOT_ARTICLES
    # §3e: ?page=all merges every page (EGI, verified); ?page=N is one page (ASP) and the
    # query is dropped from the canonical form (the base rule) [seen].
    whole_article = "?page=all"
    layouts = (OKEZONE_2026,)
    listings = (
        # §3b per-kanal date index, offset +10 per page (EGI) [seen].
        Listing("https://{channel}.okezone.com/indeks/{day:%Y/%m/%d}/{page}", first=0, step=10),
        # §3b cross-channel date index by channel id, offset +15 (EGI) [seen].
        Listing("https://index.okezone.com/bydate/channel/{day:%Y/%m/%d}/{channel}/{page}/", first=0, step=15,
                channels=INDEX_CHANNEL_IDS),
        # §3b the older all-channel form (AND, c. 2017-18) [weak]; its step is not documented:
        # the +15 of the same host is assumed (inferred). A 404 costs one request per day.
        Listing("https://index.okezone.com/bydate/index/{day:%Y/%m/%d}/{page}/", first=0, step=15),
        # Latest news: each kanal's home page (the kanal hosts are seen, §3a; their front
        # pages as listings inferred) and the RSS 2.0 feeds (BIA) [seen]. The sitemap (ARIF)
        # is not read: the spider takes RSS/Atom links, not <loc> entries.
        Listing("https://{channel}.okezone.com/"),
        Listing("https://sindikasi.okezone.com/index.php/rss/0/RSS2.0"),
        Listing("https://sindikasi.okezone.com/index.php/rss/{channel}/RSS2.0", channels=RSS_IDS),
    )
    # §3f: no blocking seen with a plain user agent (EGI); no crawl-delay documented, so the
    # shared floor, with AutoThrottle above it.
    download_delay = 0.5
    concurrency = 4
    facts = ("article URLs, kanal hosts, both date indexes and their offsets (+10, +15), channel ids, RSS, "
             "JSON-LD (naive dateModified = WIB) and ?page=all seen (EGI, NW, BIA); the old bydate/index form "
             "is weak (AND, 2017-18); kanal home pages as listings and RSS ids for women/ototekno inferred")


PORTAL = Okezone()
