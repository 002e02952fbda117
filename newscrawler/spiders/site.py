"""``scrapy crawl site -a url=https://example.co.id``: any news site by its address, for the
sites no portal module describes.

Navigation is ``PortalSpider``'s (sitemaps, feeds, the window, articles, the crawl state), with
a generic "portal" made from the addresses: the site's hosts (and their ``www.`` twins), the
generic article-URL rule of ``newscrawler.discovery`` and, as entry points, the places sites
publish sitemaps and feeds. It reads sitemaps and feeds only (no HTML listing: without a
portal module nothing says which links of a page are articles), and extraction is the shared
layers'. A site with neither is reported (exit status 12) rather than crawled by guesswork.
"""
from __future__ import annotations

from typing import Any, Iterable
from urllib.parse import urlsplit

from scrapy.exceptions import CannotResolveHostError, DownloadConnectionRefusedError
from scrapy.http import Request, Response, TextResponse

from newscrawler.discovery import looks_like_article, twin_hosts
from newscrawler.extraction.walls import blocked_page_reason
from newscrawler.portals import canonical_url
from newscrawler.portals.base import Portal
from newscrawler.spiders.arguments import SITE_ARGUMENT_NAMES, CrawlArguments, parse_arguments
from newscrawler.spiders.base import HOME_PRIORITY, REFUSALS, PortalSpider

# Where sites publish sitemaps: robots.txt's Sitemap lines (the standard way), the sitemaps.org
# default name, Yoast / Rank Math (sitemap_index.xml), WordPress core since 5.5
# (wp-sitemap.xml), and the usual Google News sitemap name. Feeds: WordPress /feed, and /rss
# (the usual name on Indonesian CMSs); the home page's <link rel="alternate"> names the rest.
SITEMAP_PATHS = ("/robots.txt", "/sitemap.xml", "/sitemap_index.xml", "/wp-sitemap.xml", "/news-sitemap.xml")
FEED_PATHS = ("/feed", "/rss")
FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/rdf+xml")
TRIED = "robots.txt, " + ", ".join((*SITEMAP_PATHS[1:], *FEED_PATHS)) + " and the home page's feed links"


class GenericSites(Portal):
    """The sites of one ``site`` crawl as a portal: what ``PortalSpider`` asks a portal."""

    name = "site"

    def __init__(self, origins: Iterable[str]):
        self.sites: dict[str, str] = {}
        """host (both twins) → the origin it was given as"""
        self.origins: list[str] = []
        for origin in origins:
            bare, www = twin_hosts(urlsplit(origin).hostname or "")
            if bare in self.sites:  # a.co.id and www.a.co.id: one site
                continue
            self.origins.append(origin)
            self.sites.update({bare: origin, www: origin})
        self.hosts = frozenset(self.sites)
        self.domains = tuple(self.sites)
        self.home = self.origins[0]

    def owns_host(self, host: str) -> bool:
        """The given hosts and their twins only (``allowed_domains`` would admit every
        subdomain: another site, often)."""
        return (host or "").lower().rstrip(".") in self.hosts

    def is_article_url(self, url: str) -> bool:
        return looks_like_article(url, self.hosts)

    def entry_points(self, days: Any = (), channels: Any = ()) -> list[str]:
        return [origin + path for origin in self.origins for path in (*SITEMAP_PATHS, *FEED_PATHS)]

    def site_of(self, url: str) -> str | None:
        try:
            return self.sites.get((urlsplit(url).hostname or "").lower())
        except ValueError:
            return None


class SiteSpider(PortalSpider):
    """Any news site by its address (-a url=a.co.id,https://b.com): sitemaps and feeds."""

    name = "site"
    portal_name = "site"
    argument_names = SITE_ARGUMENT_NAMES
    html_listings = False

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self._unreachable: dict[str, str] = {}
        """origin → why it could not be connected to"""

    @classmethod
    def check_arguments(cls, raw: dict) -> CrawlArguments:
        return parse_arguments(raw, (), names=SITE_ARGUMENT_NAMES)

    def make_portal(self) -> GenericSites:
        return GenericSites(self.args.urls)

    def mirrored(self, url: str) -> bool:
        return self.portal.site_of(url) is not None

    async def start(self):
        for origin in self.portal.origins:
            yield Request(origin + "/", callback=self.parse_home, errback=self.request_failed, priority=HOME_PRIORITY)
            for url in (origin + path for path in (*SITEMAP_PATHS, *FEED_PATHS)):
                self._discovery_followed.add(canonical_url(url))  # the home page may name them again
                yield Request(url, callback=self.parse_listing, errback=self.request_failed)

    def parse_home(self, response: Response) -> list[Request]:
        """The home page is read for feed autodiscovery only (``<link rel="alternate"
        type="application/rss+xml">``, the HTML standard's way to name a page's feeds)."""
        if not isinstance(response, TextResponse):
            self._count("discovery/skipped/home_not_text", response.url)
            return []
        hrefs = [link.attrib.get("href", "") for link in response.css("link[href]")
                 if "alternate" in link.attrib.get("rel", "").lower().split()
                 and link.attrib.get("type", "").lower().split(";")[0].strip() in FEED_TYPES]
        self.crawler.stats.inc_value("newscrawler/discovery/feed_links", len(hrefs))
        if not hrefs and (wall := blocked_page_reason(response.text, {})) in REFUSALS:
            self._refusals[wall] = self._refusals.get(wall, 0) + 1
            self._count(f"failed/listing/{wall}", response.url)
        return [request for href in hrefs if (request := self._discovery_request(response, href, "feed"))]

    def _home_unreachable(self, request: Request, error: BaseException) -> bool:
        """Give up when every site's host cannot be resolved or refuses connections before
        anything answered; one such site among several is reported at the end instead."""
        if not isinstance(error, (CannotResolveHostError, DownloadConnectionRefusedError)):
            return False
        origin = self.portal.site_of(request.meta.get("mirror_of", request.url))
        if origin is None:
            return False
        self._unreachable.setdefault(origin, type(error).__name__)
        return (len(self._unreachable) == len(self.portal.origins)
                and not self.crawler.stats.get_value("newscrawler/listings/pages")
                and not self.documents_by_host)

    def unreachable_hosts(self) -> str:
        return ", ".join(urlsplit(origin).hostname or origin for origin in self._unreachable) or super().unreachable_hosts()

    def closed(self, reason: str) -> None:
        super().closed(reason)
        if reason == "site_unreachable":
            return
        found = {self.portal.site_of(f"https://{host}/") for host in self.documents_by_host}
        missing = [origin for origin in self.portal.origins if origin not in found]
        if not missing:
            return
        why = "on " + ", ".join(urlsplit(o).hostname + (f" (unreachable: {self._unreachable[o]})" if o in self._unreachable
                                                         else "") for o in missing) + f" (looked in {TRIED})"
        # The crawl's last line says it (crawl_outcome, exit status 12); a site that has
        # neither needs a portal module (or is no news site).
        self.crawler.stats.set_value("newscrawler/discovery/nothing_found", why)
        self.crawler.stats.set_value("newscrawler/discovery/sites_without_sitemap_or_feed", len(missing))
