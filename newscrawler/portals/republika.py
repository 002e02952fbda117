"""Republika: ``<kanal>.republika.co.id/berita/<code>/<slug>`` (news., ekonomi., khazanah., the
regional rejabar./rejogja., …, and the bare and www hosts), and the per-day index on
``republika.co.id/index/<offset>/YYYY/MM/DD``.

Facts come from ``shared/sites/portals.md`` §10 (republika); the source keys (EGI, NW, ARIF,
JEJ, BIA, ROJ) are that file's. [seen] / [inferred] as tagged there.

robots.txt (§10f, EGI) disallows ``/`` for some 30 named crawlers, ``Scrapy`` and
``news-please`` among them, and ``/search/?q=``, ``/feed/*``, ``/ajax/*`` and ``?utm_source=``
for everyone. Our User-Agent is ``newscrawler/…`` (settings.USER_AGENT), none of those names,
so only the rules for everyone apply to us: no entry point is under ``/feed/`` or carries
``utm_source`` (listing links are canonicalised, which drops the query, before they are
requested). Run with a ``Scrapy/…`` User-Agent, every request is forbidden and the crawl
reports the portal as blocked (exit 10); tests/portals/test_republika.py shows both.
"""
from __future__ import annotations

import re

from newscrawler.portals.base import Layout, Listing, Portal, SiteSelectors

WWW = "www.republika.co.id"
BARE = "republika.co.id"

# §10a [seen] (EGI): the kanal and region hosts articles live on; none has sub-channels in
# its URLs.
CHANNELS: dict[str, tuple[str, ...]] = {k: () for k in (
    "news", "ekonomi", "khazanah", "rejabar", "rejogja", "ameera", "visual", "esgnow",
)}
# §10b [seen] (BIA): RSS types. Which kanal each belongs to is inferred from the names;
# sepakbola and leisure name no kanal host of §10a and are not read.
RSS_TYPES = {"news": ("news", "nusantara", "internasional"), "ekonomi": "ekonomi",
             "khazanah": ("khazanah", "islam-digest")}

# §10c [seen] (EGI, NW): one JSON-LD NewsArticle (headline, datePublished = dateModified
# +07:00, description, `image.url` sometimes ""), whose `author.name` is the editor (the
# "Red:" of the byline): the layout says so, and names what JSON-LD lacks or gets wrong:
# - the byline "Rep: <reporter> / Red: <editor>" for the writer;
# - the category, the last breadcrumb link after Home (NW/EGI), and the tags, only in
#   meta[name=keywords];
# - the body `.article-content article` (NW: div.article-content) without its ad slots
#   (`div-gpt-ad…`, `bn_…`), the "Baca Juga" box (.picked-article) and figure captions; the
#   next article appended under it (#next-article, §10e) is outside it and never read;
# - the visible date line `.date-item__headline` for a page whose JSON-LD is missing.
REPUBLIKA_2026 = Layout("republika_2026", detect=".article-content article, .max-card__title", selectors=SiteSelectors(
    title=(".max-card__title h1",),
    date=(".date-item__headline",),
    authors=(".max-card__byline",),
    breadcrumb=(".breadcrumb a",),
    tags=("meta[name=keywords]",),
    body=(".article-content article", "div.article-content"),
    remove=("[id^='div-gpt-ad']", "[id^='bn_']", ".picked-article", "figcaption"),
    structured_author_is_editor=True,
))


class Republika(Portal):
    name = "republika"
    domains = ("republika.co.id",)
    home = f"https://{WWW}"
    # Inferred: the brand after the headline in og:title / <title>.
    title_suffixes = (" | Republika Online", " - Republika Online", " | Republika.co.id")
    channels = CHANNELS
    # §10a [seen] (EGI): `/berita/<code>/<slug>`, the code ~9 lowercase letters and digits, on
    # any kanal host; listings also print `/berita//<code>/<slug>` (collapsed in canonical_url).
    article_urls = (r"(?:[a-z0-9-]+\.)?republika\.co\.id/berita/+[a-z0-9]{6,12}/[a-z0-9][a-z0-9-]*/?",)
    not_articles = (
        # §10e [seen] (EGI): /berita/serial/next appends a different article ("Halaman N").
        r"/berita/+serial/",
        # §10b/§10f [seen]: kanal hubs, tags, search, the index pages, feeds and ajax.
        r"^[^/]+/(?:kanal|tag|search|index|indeks|rss|feed|ajax)(?:/|$)",
    )
    # §10e [seen] (EGI): articles are never split.
    whole_article = None
    listings = (
        # §10b [seen] (EGI): one day's index, 50 a page by offset. First, so that its pages are
        # never read as a kanal index's (`/index/<kanal>/<offset>` would match them too).
        Listing(f"https://{BARE}/index/{{page}}/{{day:%Y/%m/%d}}", first=0, step=50),
        # §10b [seen] (EGI): the latest list (its "next" button POSTs: page 1 only) and a kanal's
        # index (page 1 only: undated, its later pages walk back through the archive; only
        # /index/ekonomi/0 is documented, the other kanals' inferred).
        Listing(f"https://{WWW}/indeks"),
        Listing(f"https://{BARE}/index/{{channel}}/0"),
        # §10b [seen] (EGI, JEJ, BIA): RSS, 15 items; never /feed/ (robots.txt forbids it).
        Listing(f"https://{WWW}/rss"),
        Listing(f"https://{WWW}/rss/{{channel}}", channels=RSS_TYPES),
    )
    layouts = (REPUBLIKA_2026,)
    # §10f: robots.txt sets no crawl-delay for us; the shared floor.
    download_delay = 0.5
    concurrency = 4
    facts = ("article URLs on the kanal hosts (also printed with //), the per-day index /index/<offset>/YYYY/MM/DD, "
             "/indeks, /index/ekonomi/0, RSS, JSON-LD whose author is the editor, the byline and body selectors seen "
             "(§10: EGI, NW, JEJ, BIA); the day index's +50 step and other kanals' indexes inferred; the sitemap "
             "(/files/xml/sitemap.xml) not read; robots.txt bans the Scrapy and news-please agents, not ours "
             "(newscrawler/…): not blocked, but blocked (exit 10) when run as Scrapy")

    def canonical_url(self, url: str) -> str:
        # §10a (EGI): "/berita//<code>/<slug>" in listings is the same article as "/berita/<code>/…".
        return super().canonical_url(re.sub(r"(republika\.co\.id/berita)/{2,}", r"\1/", url, count=1, flags=re.I))


PORTAL = Republika()
