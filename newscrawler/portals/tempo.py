"""Tempo: ``www.tempo.co`` (current stories) and the legacy kanal hosts (``nasional.tempo.co``,
``bisnis.tempo.co``, …) whose ``/read/`` URLs fill public datasets; feeds on ``rss.tempo.co``.

Facts come from ``shared/sites/portals.md`` §8 (tempo); the source keys (EGI, NW, NW-old,
ARIF, JEJ, BIA, ROJ) are that file's, [seen] / [inferred] / [weak] as tagged there.

The site is a Nuxt app behind Cloudflare: rubrik and home pages ship no article links (the
listing data is in ``/<rubrik>/_payload.json``, a devalue-encoded JSON the spider does not
read), and the index ``/indeks?…`` answers scripts with 403 (ARIF). So the RSS feeds carry
discovery; the index is still asked for, once per day of the window, and a 403 there is
counted as a refusal, never worked around. The portal is reported as blocked (exit 10) only
if the articles refuse us too (EGI saw them answer 200 to a desktop-browser agent; how they
answer ours is not known).
"""
from __future__ import annotations

from newscrawler.portals.base import Layout, Listing, Portal, SiteSelectors

WWW = "https://www.tempo.co"

# §8b [seen]: the RSS kanal (BIA: nasional … nusantara; JEJ: /nasional). They are also the
# legacy hosts' names (§8a), so the channel of a legacy story is its host.
RSS_KANAL = ("nasional", "bisnis", "metro", "dunia", "bola", "sport", "cantik", "tekno", "otomotif", "nusantara")
# §8a [seen] (EGI): the current site's rubrik aliases, the first segment of its URLs.
RUBRIK = ("politik", "hukum", "ekonomi", "lingkungan", "wawancara", "investigasi", "cekfakta", "tokoh")
CHANNELS: dict[str, tuple[str, ...]] = {name: () for name in (*RUBRIK, *RSS_KANAL)}

ARTICLES = (
    # §8a [seen]: exactly two segments, the second ending in -<numeric id> (~7 digits, EGI).
    r"www\.tempo\.co/[a-z0-9-]+/[a-z0-9-]+-\d{5,}/?",
    # §8a [seen, historic]: <kanal>.tempo.co/read/<id>/<slug> and the older
    # /read/news/YYYY/MM/DD/<id>/<slug>.
    r"[a-z]+\.tempo\.co/read/\d+/[a-z0-9][a-z0-9-]*/?",
    r"[a-z]+\.tempo\.co/read/news/\d{4}/\d{2}/\d{2}/\d+/[a-z0-9][a-z0-9-]*/?",
)
NOT_ARTICLES = (
    # §8a (EGI) [seen]: author and tag pages end in digits too.
    r"^www\.tempo\.co/(?:penulis|tag|indeks|search|cari)(?:/|$)",
    # Not story hosts: the feeds (§8b) and the site's own www/rss/asset hosts under /read/.
    r"^(?:rss|www|statik|cdn)\.tempo\.co/read/",
)

# §8c DOM (EGI, NW) [seen]. JSON-LD NewsArticle gives headline, description, image, date,
# authors and (with its BreadcrumbList) rubrik and sub-rubrik; the layout names only:
# - the body: every paragraph sits in its own `div#content-wrapper` (an id repeated per
#   paragraph), joined in page order; `articleBody` stays the shared fallback;
# - tags: relative `/tag/` links (their text is the kebab alias); JSON-LD has no keywords;
# - the "Pilihan Editor:" line that closes the story (EGI: the end of articleBody).
TEMPO_2026 = Layout("tempo_2026", detect="#content-wrapper", selectors=SiteSelectors(
    tags=("a[href^='/tag/']",),
    body=("div#content-wrapper",),
    drop=(r"pilihan editor\s*:",),
))


class Tempo(Portal):
    name = "tempo"
    domains = ("tempo.co",)
    home = WWW
    # Inferred: the <title> of the pages we modelled ends in " - Tempo.co".
    title_suffixes = (" - Tempo.co", " | Tempo.co")
    channels = CHANNELS
    article_urls = ARTICLES
    not_articles = NOT_ARTICLES
    # §8e [seen] (EGI): current articles are never split.
    whole_article = None
    listings = (
        # §8b [seen] (ARIF): the index by date, which answers scripts with 403 (browser only).
        # Asked once a day and counted as a refusal when it does; followed by page when it
        # answers. The YYYY-MM-DD spelling of start_date/end_date is inferred (from the
        # /indeks/YYYY-MM-DD form, also 403).
        Listing(f"{WWW}/indeks?page={{page}}&start_date={{day:%Y-%m-%d}}&end_date={{day:%Y-%m-%d}}"),
    )
    # §8b [seen]: rss.tempo.co/<kanal> (JEJ, BIA). No sitemap is declared (ARIF).
    feeds = (Listing("https://rss.tempo.co/{channel}", channels={k: k for k in RSS_KANAL}),)
    layouts = (TEMPO_2026,)
    # §8f: Cloudflare in front; a slower floor than the shared one.
    download_delay = 1.0
    concurrency = 2
    facts = ("current /<rubrik>/<slug>-<id> and legacy <kanal>.tempo.co/read/ URLs, RSS per kanal, the Nuxt "
             "listings, JSON-LD (+07:00, articleBody, author array, isAccessibleForFree), #content-wrapper "
             "paragraphs and /tag/ links seen (§8: EGI, NW, ARIF, JEJ, BIA); discovery is RSS: /indeks answers "
             "scripts with 403 (ARIF; asked once a day, counted as a refusal, its date spelling inferred) and "
             "_payload.json is not read; no sitemap; Tempo Plus teasers are dropped as paywalled; blocked (exit 10) "
             "only if Cloudflare refuses our agent on articles too (unknown: EGI used a browser agent)")


PORTAL = Tempo()
