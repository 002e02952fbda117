"""detik.com (``news.``, ``finance.``, ``inet.``, … and the regional ``www.detik.com/<region>``).

detik, CNN Indonesia and CNBC Indonesia run one CMS (CT Corp's digital family, portals.md §1
heading); what they share lives here once, before the detik entry, and the two other modules
import it. Facts and their source keys (NW, EGI, ARIF, …) are those of
``shared/sites/portals.md`` §1 (detik), §5 (CNN), §6 (CNBC); "real page" means the saved detik
pages under ``shared/real-pages/indonesia/detik`` (2022 articles, a 2024 index page).
"""
from __future__ import annotations

from urllib.parse import urlsplit

from newscrawler.portals.base import Layout, Listing, Portal, SiteSelectors

# -- shared by the CT Corp family ------------------------------------------------------------

# Noise inside the body on all three portals: "Baca juga" / "Lihat Juga" link tables
# (`.linksisip`: detik §1c EGI, CNN §5c EGI, both real detik pages), the parallax ad block
# (`.parallaxindetail` detik §1c, `.paradetail` CNN §5c and the real detik pages), Google ad
# slots `div-gpt-ad-*` (§1c, §5c). `.noncontent` is detik's other "Baca juga" box (§1c EGI).
FAMILY_REMOVE: tuple[str, ...] = (
    ".linksisip", ".noncontent", ".parallaxindetail", ".paradetail", "[id^='div-gpt-ad']",
)
# Whole paragraphs that are the CMS's own chrome: the desk code that closes every story,
# `(mea/mea)` on the real detik pages, `(lau/pta)` on CNN (§5c EGI); the parallax ad's
# labels "ADVERTISEMENT" / "SCROLL TO CONTINUE WITH CONTENT" (§1c EGI; "SCROLL TO RESUME
# CONTENT" on the 2022 real page).
FAMILY_DROP: tuple[str, ...] = (
    r"\(\s*[a-z]{2,6}(?:\s*/\s*[a-z]{2,6})+\s*\)$",
    r"advertisement$",
    r"scroll to (?:continue with|resume) content$",
)
# The article path the CNN and CNBC sites share: /<kanal…>/<YYYYMMDDhhmmss>-<kanal id>-<id>/<slug>.
# The 14-digit stamp is when the draft was created, not the publication time (ARIF, §5a §6a):
# never read a date from it.
STAMPED_ARTICLE_PATH = r"(?:/[a-z0-9-]+)+/\d{14}-\d+-\d+/[\w-]+/?"
# Index date spelling of CNN and CNBC (ARIF verified, JEJ): `?date=YYYY/MM/DD&page=N`.
YMD_INDEX_QUERY = "date={day:%Y/%m/%d}&page={page}"


class FamilyPortal(Portal):
    """What the three CT Corp portals share besides their data."""

    # No portal of the family documents a crawl-delay or reports blocking (§1f, §5f; §6f
    # weak): one request per second per host, two in flight, is our own cautious choice —
    # detik's index pages are cached at the CDN (ARIF), so hurrying gains nothing.
    download_delay = 1.0
    concurrency = 2


# -- detik ---------------------------------------------------------------------------------------

# Channel → the hosts/paths of its index pages. The dated index (`?date=`) is seen on news,
# finance and health (§1b NW) and on the finance sub-channel bursa-dan-valas (§1b SEC); the
# other channel indexes are listed without a date (§1b RAK).
DATED_INDEXES: dict[str, tuple[str, ...]] = {
    "news": ("news.detik.com",),
    "finance": ("finance.detik.com", "finance.detik.com/bursa-dan-valas"),
    "health": ("health.detik.com",),
}
CHANNEL_INDEXES: dict[str, tuple[str, ...]] = {
    "news": ("news.detik.com/berita",),
    "sport": ("sport.detik.com", "sport.detik.com/sepakbola"),
    **{c: (f"{c}.detik.com",) for c in ("inet", "oto", "travel", "food", "hot", "wolipop")},
    # The regional and thematic verticals live on www (§1a NW, §1b RAK).
    **{c: (f"www.detik.com/{c}",) for c in (
        "jatim", "jateng", "jabar", "sulsel", "sumut", "bali", "sumbagsel", "jogja", "hikmah", "edu", "pop")},
}
# The regional verticals (detikJatim, …) and the province each covers; their stories live under
# www.detik.com/<vertical>/ (§1a NW, §1b RAK). The province names are ours.
REGIONS: dict[str, str] = {
    "jatim": "Jawa Timur", "jateng": "Jawa Tengah", "jabar": "Jawa Barat", "sulsel": "Sulawesi Selatan",
    "sumut": "Sumatera Utara", "bali": "Bali", "sumbagsel": "Sumatera Bagian Selatan", "jogja": "Yogyakarta",
}
CHANNELS: dict[str, tuple[str, ...]] = {
    "news": ("berita",), "finance": ("bursa-dan-valas",), "health": (), "sport": ("sepakbola",),
    **{c: () for c in CHANNEL_INDEXES if c not in ("news", "sport")},
}

# detik_2022: the desktop article design of both real 2022 pages, unchanged in the EGI live
# checks of 2026 (§1c): `h1.detail__title`, `div.detail__date`, `div.detail__author`
# ("Mulia Budi - detikNews"), `div.detail__body-text` (also `itp_bodycontent`),
# `.detail__body-tag a`, `div.page__breadcrumb`. JSON-LD NewsArticle supplies title, dates
# (+07:00), author, image and description; the layout only adds what it lacks: channel
# labels, tags, the caption and a body container without the sidebars.
DETIK_2022 = Layout("detik_2022", detect="div.detail__body-text, h1.detail__title", selectors=SiteSelectors(
    title=("h1.detail__title",),
    date=("div.detail__date",),
    # No byline selector: `div.detail__author` reads "Mulia Budi - detikNews" (the desk label
    # is a child span), while meta author holds the bare name (real pages) and JSON-LD
    # author.name comes first anyway.
    # "detikNews › Berita" (real pages): the vertical, then the channel.
    breadcrumb=("div.page__breadcrumb a",),
    tags=(".detail__body-tag a",),
    image=("figure.detail__media-image img",),
    caption=("figure.detail__media-image figcaption", ".detail__media-caption"),
    body=("div.detail__body-text",),
    # Split stories link their pages from a numbered strip under the body; its markup is
    # not documented (§1e only gives `?single=1`): this selector is our inference.
    pages=(".detail__long-nav a",),
    remove=FAMILY_REMOVE + (".detail__body-tag", ".detail__long-nav", ".lihatjg"),
    # The "watch also" line and the 20detik player placeholder that follow the story (real
    # 2022 page: "Lihat juga Video: …", "[Gambas:Video 20detik]").
    drop=FAMILY_DROP + (r"lihat juga video\b", r"\[gambas:video 20detik\]$"),
))


class Detik(FamilyPortal):
    """detik.com: detikNews, detikFinance, detikInet, … and the regional verticals."""

    name = "detik"
    domains = ("detik.com",)
    home = "https://www.detik.com"
    # Neither og:title nor <title> carries a brand on the real 2022 pages: no suffix to strip.
    title_suffixes = ()
    channels = CHANNELS
    # §1a: `d-<digits>` is the article id on any detik host, after zero or more section
    # segments (EGI `.*/d-\d+`, JEJ); a `/N` suffix is a page of a split story (inferred).
    article_urls = (r"(?:[a-z0-9-]+\.)*detik\.com(?:/[a-z0-9-]+)*/d-\d+/[\w-]+(?:/\d{1,2})?/?",)
    # §1a NW, EGI: tags, indexes, search, photo and video pages (`/foto-news/d-N/…` carries an
    # article id, real 2024 index page), and the whole 20detik video host. Whole segments
    # only: a story's slug may well start with "indeks-" or "foto-".
    not_articles = (r"^20\.detik\.com/", r"/(?:tag|indeks|search|foto|video|fotonews)(?:/|$)",
                    r"/foto-[a-z]+/d-\d+/")
    page_path = r"(?:/\d{1,2})?/?"
    # §1e ASP (and ROJ on m.detik.com in 2016): the whole story in one response. A story
    # that is not split answers `?single=1` with its only page.
    whole_article = "?single=1"
    layouts = (DETIK_2022,)
    listings = (
        # §1b NW, ARIF: `?date=MM/DD/YYYY&page=N`, ~20 cards a page. ARIF found that, from a
        # script, only the encoded date (`%2F`) with `date` before `page` pages at all —
        # otherwise every page is page 1. Past the last page the site re-serves earlier cards
        # (JEJ): the crawl stops on the first page that lists nothing new.
        Listing("https://{channel}/indeks?date={day:%m%%2F%d%%2F%Y}&page={page}", channels=DATED_INDEXES),
        # Latest news (§1b NW) and the channel indexes (RAK): page 1 only. Their paging
        # (`?page=N` NW, `/indeks/N` on the real 2024 page, up to page 500) walks back through
        # the whole archive; the dated index covers the window day by day instead.
        Listing("https://news.detik.com/indeks"),
        Listing("https://{channel}/indeks", channels=CHANNEL_INDEXES),
        Listing("https://news.detik.com/berita/rss"),  # §1b JEJ
    )
    facts = ("article URL `d-<id>`, non-article paths, the dated index `?date=MM%2FDD%2FYYYY&page=N` on "
             "news/finance/health and `?single=1` seen (§1); layout detik_2022 seen on real 2022 pages and "
             "EGI 2026; the split-page URL `/N` and its nav strip inferred; undated channel indexes page 1 only")

    def region_for(self, canonical: str, subcategory: str | None) -> str | None:
        """The province of a regional vertical's story (www.detik.com/jatim/…)."""
        parts = urlsplit(canonical)
        if parts.hostname == "www.detik.com":
            return REGIONS.get(parts.path.split("/")[1])
        return None


PORTAL = Detik()
