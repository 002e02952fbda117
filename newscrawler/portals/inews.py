"""iNews: www.inews.id and the iNews Network regional hosts (``<region>.inews.id``).

URL facts and their confidence come from ``shared/sites/inews.md`` (section numbers below).
"""
from __future__ import annotations

import re
from urllib.parse import urlsplit, urlunsplit

from newscrawler.portals.base import Layout, Listing, Portal, SiteSelectors
from newscrawler.urls import host_of, normalized_url

WWW = "www.inews.id"

# §1.3, seen in the 2024 redesign sitemap; `regional` is inferred from article URLs.
# `multimedia` (video / photo / infographic pages) is deliberately absent: not articles.
CHANNELS: dict[str, tuple[str, ...]] = {
    "news": ("nasional", "internasional", "megapolitan"),
    "regional": (),
    "finance": ("keuangan", "makro", "bisnis"),
    "sport": ("soccer", "all-sport"),
    "lifestyle": ("music", "film", "health", "seleb", "muslim"),
    "travel": (),
    "otomotif": (),
    "techno": (),
}

# §1.8: province hosts listed by the redesign sitemap (seen). City hosts (tasikmalaya,
# karawang, ...) exist too; they are reached through links and get their name title-cased.
PROVINCE_HOSTS: dict[str, str] = {
    "aceh": "Aceh", "sumut": "Sumatera Utara", "sumsel": "Sumatera Selatan",
    "sumbar": "Sumatera Barat", "babel": "Bangka Belitung", "lampung": "Lampung",
    "jabar": "Jawa Barat", "jateng": "Jawa Tengah", "yogya": "Yogyakarta",
    "jatim": "Jawa Timur", "bali": "Bali", "ntb": "Nusa Tenggara Barat",
    "kalbar": "Kalimantan Barat", "kalteng": "Kalimantan Tengah",
    "kalsel": "Kalimantan Selatan", "kaltim": "Kalimantan Timur",
    "sulsel": "Sulawesi Selatan", "sulut": "Sulawesi Utara", "maluku": "Maluku",
    "papua": "Papua",
}
# Subdomains of inews.id that are not regional newsrooms.
NON_REGIONAL_SUBDOMAINS = frozenset({"www", "img", "static", "m", "api", "regional"})

# www article: /<channel>/<sub>/<slug>, optionally with the historic numeric id (§1.1, seen
# 2019) and a page suffix "/all" or "/<n>" (§1.1, seen); AMP copies under /amp/ (seen).
_WWW_ARTICLE = re.compile(
    r"^/(?:amp/)?(?P<channel>%s)/(?P<sub>[a-z0-9-]+)/(?P<slug>[a-z0-9][a-z0-9-]*[a-z0-9])"
    r"(?P<id>/\d{4,})?(?:/all|/\d{1,3})?/?$" % "|".join(CHANNELS)
)
# Regional article: /read/<id>/<slug> (+ /all or /<n>), AMP /amp/<id>/<slug> (§1.2, seen),
# historic /berita/<slug> (§1.2, seen 2021).
_REGIONAL_ARTICLE = re.compile(
    r"^/(?:read|amp)/(?P<id>\d+)/(?P<slug>[a-z0-9][a-z0-9-]*)(?:/all|/\d{1,3})?/?$"
)
_REGIONAL_OLD_ARTICLE = re.compile(r"^/berita/(?P<slug>[a-z0-9][a-z0-9-]*)/?$")

# Index pages: /indeks/<kanal>/<DD-MM-YYYY>[/<page>] (§1.4, seen 2021 + PYIDX template);
# regional /indeks/<kanal>/all[/<offset>] in steps of 12 (§1.4, seen in two scrapers).
_REGIONAL_INDEX = re.compile(r"^/indeks/(?P<kanal>[a-z0-9-]+)/all(?:/(?P<offset>\d+))?$")
REGIONAL_INDEX_STEP = 12

# §2.1: ads, "Baca Juga" boxes, follow and app boxes inside the body; §2.2 listing widgets.
BOILERPLATE = (
    "article.bacaJuga", ".bacaJuga", ".adsPlacement", ".pleaseFollow", ".subscribeINews", ".iconShare",
    ".readNext", ".stickyFeature", "section.widgetListArticle", ".widgetNewsNetwork", "aside",
)
# §2.3 and the 2022 seed: the lines regional pages end with.
PROMOTION = (r"(follow|ikuti) (berita )?inews\b", r"get inews app")


# §2.1 (current www design: PW live tests + REV prototype) and §2.3 (regional: KRW scraper).
INEWS_2024 = Layout("inews_2024", detect="h1.headerTitle, .ishort-title, article.bodyArticleWrapper, div.bodyArticle", selectors=SiteSelectors(
    title=("h1.headerTitle", ".ishort-title"),
    date=("div.timeAndShare div.createdAt", "div.createdAt"),
    authors=("ul.author li.authorList a", "ul.author li.authorList"),
    breadcrumb=("article.headerArticle div.breadcrumb a", "div.breadcrumb a"),
    tags=("div.tags li.tagList a",),
    image=("figure.headerImg img",),
    caption=("figure.headerImg figcaption",),
    body=("article.bodyArticleWrapper", "div.bodyArticle"),
    read_next=("a.readNext",),
    pages=("ul.paginationContent li.pageList a", "div.pagination a"),
    remove=BOILERPLATE,
    drop=PROMOTION,
))
# The older (2019–2022) article layout is undocumented (§2.4 gap): only its boilerplate is
# named; every field is left to the structured-data and generic layers on purpose.
INEWS_2022 = Layout("inews_2022", selectors=SiteSelectors(remove=BOILERPLATE, drop=PROMOTION))


class INews(Portal):
    name = "inews"
    domains = ("inews.id",)
    title_suffixes = (" - iNews.id", " | iNews.id", " - iNews", " | iNews")
    home = f"https://{WWW}"
    channels = CHANNELS
    layouts = (INEWS_2024, INEWS_2022)
    listings = (
        Listing(f"https://{WWW}/index"),  # redesign nav link, inferred listing
        Listing(f"https://{WWW}/{{channel}}"),
        Listing(f"https://{WWW}/{{channel}}", channels={c: tuple(f"{c}/{s}" for s in subs) for c, subs in CHANNELS.items()}),
        Listing(f"https://{WWW}/indeks/{{channel}}/{{day:%d-%m-%Y}}/{{page}}", first_url=f"https://{WWW}/indeks/{{channel}}/{{day:%d-%m-%Y}}"),
        Listing("https://{channel}.inews.id/", channels={"regional": tuple(PROVINCE_HOSTS)}),
    )
    # §1.3: the redesign's sitemap (seen; an index whose children are read by their lastmod).
    sitemaps = (f"https://{WWW}/sitemap.xml",)
    # §1.7: RSS /feed (referenced by several aggregators); /feed/<kanal> for nasional, ekonomi,
    # tekno, sport, hiburan and lifestyle answered 200 to a third-party check (FEED), /feed/news
    # is referenced. Kanal → our channels inferred from the names.
    feeds = (f"https://{WWW}/feed", Listing(f"https://{WWW}/feed/{{channel}}", channels={
        "news": ("news", "nasional"), "finance": "ekonomi", "techno": "tekno", "sport": "sport",
        "lifestyle": ("lifestyle", "hiburan"),
    }))
    region_in_date_line = True
    # §4: robots.txt sets no crawl-delay; AutoThrottle adapts above this floor.
    download_delay = 0.25
    concurrency = 4
    facts = ("URL forms, channels, index-by-date and /all seen (§1); current layout seen on the 2024 "
             "prototype; RSS /feed, /feed/<kanal> and the regional index paging from aggregators; "
             "/sitemap.xml referenced, its structure unknown")

    def _match(self, url: str):
        parts = urlsplit(url)
        host = host_of(url)
        if not self.owns_host(host):
            return None, None
        path = parts.path.lower() if parts.path else "/"
        if host == WWW or host == "inews.id":
            return "www", _WWW_ARTICLE.match(path)
        if host.split(".")[0] in NON_REGIONAL_SUBDOMAINS:
            return None, None
        return "regional", _REGIONAL_ARTICLE.match(path) or _REGIONAL_OLD_ARTICLE.match(path)

    def is_article_url(self, url: str) -> bool:
        return self._match(url)[1] is not None

    def canonical_url(self, url: str) -> str:
        """Articles: https, host lower-case (bare inews.id → www), no query or fragment, no
        /amp, /all or page suffix. Any other URL: the generic normalised form."""
        url = normalized_url(url)
        family, match = self._match(url)
        if match is None:
            return url
        host = host_of(url)
        if family == "www":
            host = WWW
            path = "/{channel}/{sub}/{slug}{id}".format(
                channel=match["channel"], sub=match["sub"], slug=match["slug"], id=match["id"] or ""
            )
        elif "id" in match.groupdict():
            path = f"/read/{match['id']}/{match['slug']}"
        else:
            path = f"/berita/{match['slug']}"
        return urlunsplit(("https", host, path, "", ""))

    def whole_article_url(self, canonical: str) -> str:
        # "/all" is seen on www and on /read/ regional URLs (§1.1, §1.2); not on /berita/.
        if "/berita/" in canonical:
            return canonical
        return canonical + "/all"

    def next_listing_page(self, url: str) -> str | None:
        """www indexes go by page number (``listings``); regional ones by an item offset,
        on whichever regional host links them (§1.4)."""
        if next_page := super().next_listing_page(url):
            return next_page
        parts = urlsplit(url)
        if match := _REGIONAL_INDEX.match(parts.path.rstrip("/")):
            offset = int(match["offset"] or 0) + REGIONAL_INDEX_STEP
            return urlunsplit((parts.scheme, parts.netloc, f"/indeks/{match['kanal']}/all/{offset}", "", ""))
        return None

    def region_for(self, canonical: str, subcategory: str | None) -> str | None:
        """Regional hosts name their region (§1.8); on www, /regional/<province>/ stories carry
        it as their sub-channel."""
        family, match = self._match(canonical)
        if family == "regional":
            label = host_of(canonical).split(".")[0]
            return PROVINCE_HOSTS.get(label, label.replace("-", " ").title())
        if match is not None and match["channel"] == "regional":
            return subcategory
        return None


PORTAL = INews()
