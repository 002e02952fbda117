"""Kumparan: the bare host ``kumparan.com`` (a single-document app), its RSS feed on
``lapi.kumparan.com``.

Facts come from ``shared/sites/portals.md`` §14 (kumparan); the source keys (EGI, NW, BIA)
are that file's, [seen] / [inferred] as tagged there.

The channel and topic pages render empty cards and fill them from a persisted-query GraphQL
API (§14b), so no HTML listing besides the home page is read: discovery is the sitemap index,
the per-channel news sitemaps robots.txt names, and the RSS feed. The feed lives on another
host of the same domain, which ``domains`` already covers; articles are recognised on the bare
host only (``tests/portals/test_kumparan.py``). Not blocked: what we read is allowed.
"""
from __future__ import annotations

from newscrawler.portals.base import Layout, Portal, SiteSelectors

HOME = "https://kumparan.com"

# §14a [seen] (EGI): the newsroom accounts that open an article's path; the "…" of the source
# is not guessed at. A contributor's handle is no channel (the item's channel is then null).
# Discovery is not per channel (the sitemaps robots.txt names are all read), so -a channels=
# limits nothing here.
CHANNELS: dict[str, tuple[str, ...]] = {a: () for a in ("kumparannews", "kumparanbisnis", "kumparanhits")}

ARTICLES = (
    # §14a [seen] (EGI, NW): /<account>/<slug>-<shortId> on the bare host, the shortId 11
    # letters and digits of which the first two are digits (27oRU1T1EYV). The handle's
    # alphabet beyond lowercase letters and digits is not documented: dots, underscores and
    # hyphens are accepted (inferred).
    r"kumparan\.com/[A-Za-z0-9_.-]+/[a-z0-9][a-z0-9-]*-\d{2}[A-Za-z0-9]{9}/?",
)
NOT_ARTICLES = (
    # §14a/b [seen] (EGI): channel and topic pages are listings; /terbaru is user-profile
    # territory. Kept out whatever a path under them looks like.
    r"^kumparan\.com/(?:channel|topic|terbaru)(?:/|$)",
)

# §14c DOM (EGI) [seen]: the stable test hooks. JSON-LD NewsArticle gives headline, author,
# description, image and the dates, in UTC (`…T03:15:00.000Z`); the publish-date line
# (`24 Juli 2026 10:15 WIB`, §14d) is named so that the shared date layer gives those instants
# in the page's own WIB offset ("waktu baca 2 menit" beside it is reading time, never read).
# No article:tag meta and no JSON-LD keywords: the tag links give the tags (the keywords meta,
# SEO-stuffed, is not a tag source). The body is the story paragraphs themselves.
KUMPARAN_2026 = Layout("kumparan_2026", detect="h1[data-qa-id=story-title]", selectors=SiteSelectors(
    title=("h1[data-qa-id=story-title]",),
    date=("time[data-qa-id=publish-date]",),
    authors=("[data-qa-id=author-name]",),
    body=("p[data-qa-id=story-paragraph]",),
    tags=("a[data-qa-id=tag-topic] span[data-qa-id=label-tag-topic]",),
))


class Kumparan(Portal):
    name = "kumparan"
    domains = ("kumparan.com",)
    home = HOME
    # Inferred: the <title> of the pages we modelled ends in " | kumparan.com".
    title_suffixes = (" | kumparan.com",)
    channels = CHANNELS
    article_urls = ARTICLES
    not_articles = NOT_ARTICLES
    # §14e [seen] (EGI): stories are never split.
    whole_article = None
    # §14b [seen] (EGI): /channel/<slug> needs GraphQL; no dated index. Only the home page
    # (always read) is an HTML listing.
    listings = ()
    # §14b [seen]: the sitemap index (NW reads every child; a child last changed before the
    # window is not read) and robots.txt, whose Sitemap: lines name the per-channel news
    # sitemaps such as sitemap_channel_news.xml (EGI).
    sitemaps = (f"{HOME}/sitemap.xml", f"{HOME}/robots.txt")
    # §14b [seen] (NW, BIA): one RSS feed for the whole site, on the API host.
    feeds = ("https://lapi.kumparan.com/v2.0/rss/",)
    layouts = (KUMPARAN_2026,)
    # §14f: no crawl-delay documented; NW finds the site sensitive to the environment (Linux
    # CI), so the shared modest floor.
    download_delay = 0.5
    concurrency = 4
    facts = ("bare-host /<account>/<slug>-<shortId> URLs, /channel and /topic as GraphQL-filled listings, the "
             "sitemap index, robots.txt's per-channel news sitemaps, RSS on lapi.kumparan.com, JSON-LD (UTC `Z` "
             "dates, real author), the data-qa-id hooks (title, author, publish-date line in WIB, story "
             "paragraphs, tags) seen (§14: EGI, NW, BIA); handle alphabet and title suffix inferred; no HTML "
             "listing but the home page (GraphQL not used); not blocked")


PORTAL = Kumparan()
