"""Navigation shared by every portal spider: arguments, listing pages, sitemaps and feeds,
article pages, multi-page articles and "Read Next" links. A portal spider only names its
portal; the ``site`` spider (``newscrawler.spiders.site``) gives a generic one instead."""
from __future__ import annotations

import logging
from datetime import datetime, timezone
from typing import Any, ClassVar
from urllib.parse import urlsplit

import scrapy
from scrapy import signals
from scrapy.exceptions import CannotResolveHostError, CloseSpider, DownloadConnectionRefusedError
from scrapy.http import JsonResponse, Request, Response, TextResponse, XmlResponse

from newscrawler import discovery, revisions
from newscrawler.extraction import merge_pages
from newscrawler.extraction.walls import blocked_page_reason
from newscrawler.extraction.workers import ExtractionPool, default_processes
from newscrawler.items import Article
from newscrawler.portals import PORTALS, canonical_url, portal_for_url
from newscrawler.portals.base import Portal
from newscrawler.retry import failure_reason
from newscrawler.spiders.arguments import ARGUMENT_NAMES, CrawlArguments, parse_arguments

logger = logging.getLogger(__name__)

ARTICLE_PRIORITY = 10  # finish what is found before opening more listings
# ...except the next page of a listing being read: one request at a time, ahead of the
# articles its earlier pages listed, so the articles it lists are known early and queued
# work never runs dry while the chain of pages is walked (distributed workers sat idle after
# each index page: bench/distributed.py).
NEXT_LISTING_PAGE_PRIORITY = ARTICLE_PRIORITY + 1
# The home page and its retries go before everything else: when the site cannot be reached,
# that is known after the home page's own attempts (see request_failed), not after every
# entry point's.
HOME_PRIORITY = ARTICLE_PRIORITY + 10
# Answers that mean "not you": robots.txt is obeyed, challenges are never worked around.
REFUSALS = {
    "robots_txt": "robots.txt forbids it",
    "http_401": "HTTP 401",
    "http_403": "HTTP 403",
    "http_451": "HTTP 451",
    "bot_challenge": "a bot challenge page",
    "access_denied": "an access-denied page",
}


class PortalSpider(scrapy.Spider):
    portal_name: ClassVar[str]
    argument_names: ClassVar[tuple[str, ...]] = ARGUMENT_NAMES
    html_listings: ClassVar[bool] = True
    """Whether an HTML answer to a listing request is read for article links (the ``site``
    spider reads sitemaps and feeds only: an HTML page where it guessed ``/feed`` is no feed)."""

    def __init__(self, *args: Any, **kwargs: Any):
        raw = {name: kwargs.pop(name) for name in self.argument_names if name in kwargs}
        super().__init__(*args, **kwargs)
        self.args = self.check_arguments(raw)
        self.portal: Portal = self.make_portal()
        self.base_url = self.args.base_url
        self.allowed_domains = list(self.portal.domains)
        if self.base_url:
            self.allowed_domains.append(urlsplit(self.base_url).hostname)
        self._scheduled: set[str] = set()
        self.is_known = lambda canonical: False
        """Set by DeduplicationPipeline (unless recrawl): True for articles exported by an
        earlier run, which are then not downloaded again."""
        self.known_read_next = lambda canonical: None
        """Set with ``is_known``: the "Read Next" URL a known article named, followed anyway."""
        self.article_dropped = lambda canonical, reason: None
        self.revisit = lambda canonical, listed: None
        """Set by DeduplicationPipeline when revisiting is on (``newscrawler.revisions``): for a
        known article, the conditional headers to download it again with, or None."""
        self.article_not_modified = lambda canonical, validators: None
        """Set with ``revisit``: a revisited article answered 304."""
        self.listed_dates: dict[str, datetime] = {}
        """Canonical URL → the latest date a sitemap or feed entry gave it in this run (the
        state remembers them, so that only a later date makes a revisit)."""
        self._known_skipped: set[str] = set()
        """Known articles passed over in this run: a dated entry met later may still revisit one."""
        """Set by DeduplicationPipeline: told of every article dropped here (it remembers those
        dropped for good, which ``is_known`` then reports)."""
        self._refusals: dict[str, int] = {}
        """Why the portal refused us (robots.txt, HTTP 403, a challenge page) → how often."""
        self._discovery_followed: set[str] = set()
        """Sitemaps and feeds requested or read (canonical URLs): each is read once."""
        self._discovery_requests = 0
        """Sitemaps (from robots.txt and sitemap indexes) and found feeds requested: at most
        MAX_SITEMAPS."""
        self.documents_by_host: dict[str, int] = {}
        """Host → sitemaps and feeds read from it (the ``site`` spider reports hosts with none)."""

    def make_portal(self) -> Portal:
        return PORTALS[self.portal_name]

    def mirrored(self, url: str) -> bool:
        """base_url mode: whether ``url`` is on a host the local copy stands for (asked by
        MirrorMiddleware)."""
        return portal_for_url(url) is not None

    @classmethod
    def from_crawler(cls, crawler, *args: Any, **kwargs: Any):
        spider = super().from_crawler(crawler, *args, **kwargs)
        processes = crawler.settings.get("EXTRACTION_PROCESSES")
        count = lambda name: crawler.stats.inc_value(f"newscrawler/extraction/{name}")  # noqa: E731
        spider.extraction = ExtractionPool(default_processes() if processes is None else int(processes), count)
        crawler.signals.connect(spider._start_extraction, signal=signals.spider_opened)
        crawler.signals.connect(spider._stop_extraction, signal=signals.spider_closed)
        return spider

    async def _start_extraction(self) -> None:
        await self.extraction.start()

    async def _stop_extraction(self) -> None:
        self.crawler.stats.set_value("newscrawler/extraction/processes", len(self.extraction.workers))
        for name, value in (await self.extraction.close()).items():
            if value:
                self.crawler.stats.set_value(f"newscrawler/extraction/workers_{name}", round(value, 2))

    @classmethod
    def check_arguments(cls, raw: dict) -> CrawlArguments:
        return parse_arguments(raw, tuple(PORTALS[cls.portal_name].channels))

    async def start(self):
        for url in self.portal.entry_points(self.args.days, self.args.channels):
            priority = HOME_PRIORITY if url.rstrip("/") == self.portal.home else 0
            yield Request(url, callback=self.parse_listing, errback=self.request_failed, priority=priority)

    # -- listings ---------------------------------------------------------------------------

    # Callbacks return lists, not generators: Scrapy re-reads a generator callback's source
    # on every response to warn about "return" values, which cost more than the callback.

    def parse_listing(self, response: Response) -> list[Request]:
        """The one way from a listing page, a feed, a sitemap, a sitemap index or robots.txt
        to requests: article requests (those the sitemap or feed dates outside the window are
        not made), child sitemaps, and a paginated listing's next page."""
        if urlsplit(response.url).path == "/robots.txt":
            return self._robots_sitemaps(response)
        try:
            body = discovery.body_of(response.body, self.crawler.settings.getint("DOWNLOAD_MAXSIZE"))
            if body is not response.body or _is_feed(response) or discovery.looks_like_xml(body):
                return self._read_document(response, discovery.read_document(body))
        except discovery.NotADocument as error:
            if not isinstance(response, TextResponse) or _is_feed(response):
                self._count(f"discovery/skipped/{error.reason}", response.url)
                return []
            # Sniffed as XML but no sitemap or feed (XHTML): read as the page it is.
        if not isinstance(response, TextResponse):
            self._count("skipped/listing_not_text", response.url)
            return []
        if not self.html_listings:
            self._count("discovery/skipped/not_a_sitemap_or_feed", response.url, quiet=True)
            return []
        entries = [discovery.Entry(href) for href in response.xpath("//a/@href").getall()]
        return self._listed(response, entries, "listing")

    def _read_document(self, response: Response, document: discovery.Document) -> list[Request]:
        stats = self.crawler.stats
        kind = "sitemaps" if document.is_sitemap else "feeds"
        stats.inc_value(f"newscrawler/discovery/{kind}")
        stats.inc_value("newscrawler/discovery/entries", len(document.entries))
        host = urlsplit(response.url).hostname or ""
        self.documents_by_host[host] = self.documents_by_host.get(host, 0) + 1
        self._discovery_followed.add(canonical_url(response.url))  # an index that names itself
        for problem in document.problems:
            stats.inc_value(f"newscrawler/discovery/{problem}")
            if problem == "malformed":
                logger.warning("%s %s is malformed: read up to the damage, %d entries", kind[:-1], response.url,
                               len(document.entries))
        if document.entities:
            # Entities are never expanded (XXE, billion laughs); a feed that declares them is
            # read only as far as the parser could go without them: say so, or it looks empty.
            stats.inc_value("newscrawler/listings/feed_entities_refused")
            logger.warning("%s %s declares %d entities (%s), not expanded: %d links read", kind[:-1], response.url,
                           len(document.entities), ", ".join(document.entities[:5]), len(document.entries))
        if document.kind != "sitemapindex":
            return self._listed(response, document.entries, kind[:-1])
        # An index names sitemaps: a child last changed before the window holds only pages
        # last changed before it, so it is not read.
        requests, outside = [], 0
        for entry in document.entries:
            if not discovery.in_window(entry, self.args.since, self.args.until):
                outside += 1
            elif request := self._discovery_request(response, entry.url, "sitemap"):
                requests.append(request)
        if requests:  # an index is a listing of listings: the alarm judges its children
            stats.inc_value("newscrawler/listings/pages")
        stats.inc_value("newscrawler/discovery/sitemaps_outside_window", outside)
        logger.info("sitemap index %s: %d sitemaps, %d outside the window, %d followed", response.url,
                    len(document.entries), outside, len(requests))
        return requests

    def _robots_sitemaps(self, response: Response) -> list[Request]:
        urls = list(discovery.sitemap_urls_from_robots(response.body, base_url=response.url))
        self.crawler.stats.inc_value("newscrawler/discovery/robots_sitemaps", len(urls))
        logger.info("robots.txt %s names %d sitemaps", response.url, len(urls))
        return [request for url in urls if (request := self._discovery_request(response, url, "sitemap"))]

    def _discovery_request(self, response: Response, href: str, kind: str) -> Request | None:
        """A sitemap (from robots.txt or an index) or a feed (found on a page) to read: on the
        portal's hosts, once, and at most MAX_SITEMAPS of them (an index of indexes, or one
        that names itself, would be followed for ever)."""
        try:
            url = self._site_url(response.urljoin(href.strip()))
            host = urlsplit(url).hostname or ""
        except ValueError:
            self.crawler.stats.inc_value("newscrawler/skipped/unreadable_link")
            return None
        if not self.portal.owns_host(host):
            self._count(f"discovery/skipped/offsite_{kind}", url, quiet=True)
            return None
        if (key := canonical_url(url)) in self._discovery_followed:  # /feed and /feed/: one feed
            return None
        limit = self.crawler.settings.getint("MAX_SITEMAPS")
        if self._discovery_requests >= limit:
            if not self.crawler.stats.get_value("newscrawler/discovery/max_sitemaps_reached"):
                logger.warning("MAX_SITEMAPS (%d) reached: %s and later sitemaps and feeds not read", limit, url)
            self.crawler.stats.inc_value("newscrawler/discovery/max_sitemaps_reached")
            return None
        self._discovery_followed.add(key)
        self._discovery_requests += 1
        return Request(url, callback=self.parse_listing, errback=self.request_failed)

    def _listed(self, response: Response, entries: list[discovery.Entry], kind: str) -> list[Request]:
        """``kind``: listing (an HTML page), sitemap or feed."""
        requests, listed, outside = [], set(), 0
        since, until = self.args.since, self.args.until
        for entry in entries:
            try:
                url = self._site_url(response.urljoin(entry.url.strip()))
            except ValueError:  # an href no URL parser can read ("http://[")
                self.crawler.stats.inc_value("newscrawler/skipped/unreadable_link")
                continue
            if not self.portal.is_article_url(url):
                continue
            listed.add(canonical_url(url))
            if not discovery.in_window(entry, since, until):
                # Dated by the sitemap or feed: never downloaded (DEBUG: a sitemap lists
                # thousands; the count and the document's line say how many).
                outside += 1
                logger.debug("discovery/outside_window: %s", url)
                continue
            if request := self._article_request(url, depth=0, listed=entry.modified or entry.published):
                requests.append(request)
        if outside:
            self.crawler.stats.inc_value("newscrawler/discovery/outside_window", outside)
        if not listed and kind == "listing" and (wall := blocked_page_reason(response.text, {})) in REFUSALS:
            # A challenge served with 200 in place of the listing: a refusal, not a listing.
            self._refusals[wall] = self._refusals.get(wall, 0) + 1
            self._count(f"failed/listing/{wall}", response.url)
            return requests
        self.crawler.stats.inc_value("newscrawler/listings/pages")
        self.crawler.stats.inc_value("newscrawler/listings/article_links", len(listed))
        logger.info("%s %s: %d article links, %d outside the window, %d new", kind, response.url, len(listed), outside,
                    len(requests))
        # A paginated listing goes on while a page lists articles its earlier pages did not
        # (past the end, sites re-serve old pages). Whether this run already met them on
        # another listing does not matter: the home page repeats the top of today's index.
        meta = response.request.meta if response.request else {}
        earlier, page = meta.get("listed_before", frozenset()), meta.get("listing_page", 1)
        next_page = self.portal.next_listing_page(response.url)
        if next_page and listed - earlier:
            # An index that always lists something new (a trap, or a bug on the site) would be
            # paginated forever.
            if page >= self.crawler.settings.getint("MAX_LISTING_PAGES"):
                self.crawler.stats.inc_value("newscrawler/listings/max_pages_reached")
                logger.warning("listing %s: MAX_LISTING_PAGES (%d) reached, its next page %s not followed",
                               response.url, page, next_page)
            else:
                requests.append(Request(
                    next_page, callback=self.parse_listing, errback=self.request_failed,
                    meta={"listed_before": earlier | listed, "listing_page": page + 1},
                    priority=NEXT_LISTING_PAGE_PRIORITY,
                ))
        return requests

    # -- articles ---------------------------------------------------------------------------

    def _article_request(self, url: str, depth: int, listed: datetime | None = None) -> Request | None:
        """The request for an article not yet scheduled in this run, or None. An article an
        earlier run exported is not downloaded again (unless ``revisit`` says it is due, see
        ``newscrawler.revisions``), but the "Read Next" chain it starts is still walked (from
        the state) to the first article not yet exported. ``listed``: the date the sitemap or
        feed entry linking it gave."""
        if not self.portal.is_article_url(url):
            return None
        canonical = canonical_url(url)
        if listed is not None and (canonical not in self.listed_dates or listed > self.listed_dates[canonical]):
            self.listed_dates[canonical] = listed
        revisit = None
        if listed is not None and canonical in self._known_skipped:
            # Passed over as known on an undated listing earlier in this run; this entry dates it.
            if (revisit := self.revisit(canonical, listed)) is None:
                return None
            self._known_skipped.discard(canonical)
        else:
            while canonical not in self._scheduled and self.is_known(canonical):
                if (revisit := self.revisit(canonical, listed)) is not None:
                    break
                listed = None  # the listing dated the first article of the chain only
                self._scheduled.add(canonical)
                self._known_skipped.add(canonical)
                self.crawler.stats.inc_value("newscrawler/articles/known_from_earlier_runs")
                target = self.known_read_next(canonical)
                if not target or not self._may_follow_read_next(depth) or not self.portal.is_article_url(target):
                    return None
                canonical, depth = canonical_url(target), depth + 1
            if canonical in self._scheduled:
                return None
        self._scheduled.add(canonical)
        if self.args.max_articles is not None and self._article_budget_spent():
            self.crawler.stats.inc_value("newscrawler/articles/over_max_articles")
            return None
        self.crawler.stats.inc_value("newscrawler/articles/scheduled")
        whole = self.portal.whole_article_url(canonical)
        meta = {"canonical": canonical, "read_next_depth": depth, "whole_view": whole != canonical}
        if meta["whole_view"]:
            meta["handle_httpstatus_list"] = [404, 410]  # no "/all" view: walk the pages instead
        if revisit is not None:
            # A 304 (the page has not changed since the validators sent) is the answer hoped
            # for: the callback gets it, Scrapy's HttpErrorMiddleware would drop it.
            meta["revisit"] = True
            meta["handle_httpstatus_list"] = [*meta.get("handle_httpstatus_list", ()), 304]
        return Request(whole, callback=self.parse_article, errback=self.request_failed, meta=meta, headers=revisit,
                       priority=ARTICLE_PRIORITY)

    def _article_budget_spent(self) -> bool:
        return self.crawler.stats.get_value("newscrawler/articles/scheduled", 0) >= self.args.max_articles

    async def parse_article(self, response: Response) -> list[Any]:
        meta = response.meta
        if response.status == 304:  # only a revisit asks for it (If-None-Match / If-Modified-Since)
            self.article_not_modified(meta["canonical"], revisions.validators_of(response))
            # No page to read its "Read Next" link from: the one remembered is followed instead.
            return self._follow_read_next({"read_next_url": self.known_read_next(meta["canonical"])},
                                          meta["read_next_depth"])
        if meta.get("whole_view") and response.status in (404, 410):
            self.crawler.stats.inc_value("newscrawler/articles/no_whole_view")
            return [response.request.replace(
                url=meta["canonical"], dont_filter=True,
                meta={**meta, "whole_view": False, "handle_httpstatus_list": [304] if meta.get("revisit") else []},
            )]
        if not isinstance(response, TextResponse) or isinstance(response, JsonResponse):
            self._count("dropped/not_html", response.url)
            self.article_dropped(meta["canonical"], "not_html")
            return []
        if meta.get("redirect_urls") and not self.portal.is_article_url(response.url):
            # The article URL leads to a listing (a story taken down): nothing to extract. Only a
            # permanent redirect (301/308) says it will not come back.
            permanent = set(meta.get("redirect_reasons", ())) <= {301, 308}
            reason = "moved_to_listing" if permanent else "redirected_to_listing"
            self._count(f"dropped/{reason}", f"{meta['canonical']} -> {response.url}")
            self.article_dropped(meta["canonical"], reason)
            return []
        fields, report, fingerprints = await self.extraction.extract(response.body, meta["canonical"], _content_type(response))
        for problem in report.problems:
            self.crawler.stats.inc_value(f"newscrawler/extraction/{problem}")
        for name, layer in report.layers.items():
            self.crawler.stats.inc_value(f"newscrawler/extraction/layer/{name}/{layer}")
        self.crawler.stats.inc_value(f"newscrawler/extraction/layout/{report.layout or 'none'}")
        if report.blocked:
            if report.blocked in REFUSALS:
                self._refusals[report.blocked] = self._refusals.get(report.blocked, 0) + 1
            self._count(f"dropped/{report.blocked}", response.url)
            return []
        output: list[Any] = self._follow_read_next(fields, meta["read_next_depth"])
        if not meta["whole_view"] and report.page_urls:
            output.append(self._next_page(response.request, [fields], report.page_urls))
        else:
            output.append(self._item(fields, fingerprints))
        return output

    async def parse_article_page(self, response: Response) -> list[Any]:
        """Page 2..N of an article without an "/all" view: collect, then merge in order."""
        meta = response.meta
        pages = meta["pages"]
        if isinstance(response, TextResponse):
            pages = pages + [(await self.extraction.extract(response.body, meta["canonical"], _content_type(response))).fields]
        else:
            self._count("skipped/article_page_not_text", response.url)
        if meta["remaining"]:
            return [self._next_page(response.request, pages, meta["remaining"])]
        return [self._item(merge_pages(pages[0], pages[1:]))]

    def _next_page(self, request: Request, pages: list[dict], remaining: list[str]) -> Request:
        meta = {**request.meta, "pages": pages, "remaining": remaining[1:]}
        return Request(
            remaining[0], callback=self.parse_article_page, errback=self.page_failed, meta=meta,
            priority=ARTICLE_PRIORITY + 1, dont_filter=True,
        )

    def _follow_read_next(self, fields: dict, depth: int) -> list[Request]:
        target = fields.get("read_next_url")
        if target and self._may_follow_read_next(depth):
            if request := self._article_request(target, depth + 1):
                self.crawler.stats.inc_value("newscrawler/articles/via_read_next")
                return [request]
        return []

    def _may_follow_read_next(self, depth: int) -> bool:
        """``depth``: Read Next hops that led to the article whose link is considered."""
        return self.args.read_next_depth is None or depth < self.args.read_next_depth

    def _item(self, fields: dict, fingerprints: tuple[str, int] | None = None) -> Article:
        crawled_at = datetime.now(timezone.utc).isoformat(timespec="seconds")
        return Article(**fields, crawled_at=crawled_at, fingerprints=fingerprints)

    # -- failures ---------------------------------------------------------------------------

    def request_failed(self, failure) -> None:
        request = failure.request
        kind = "article" if "canonical" in request.meta else "listing"
        reason = failure_reason(failure)
        # Optional listings (a day's channel index, a regional home the network does not have)
        # are often missing: INFO, and one line at the end of the crawl (CrawlSummary).
        quiet = kind == "listing" and reason in ("http_404", "http_410")
        if reason in REFUSALS:
            self._refusals[reason] = self._refusals.get(reason, 0) + 1
        self._count(f"failed/{kind}/{reason}", request.meta.get("mirror_of", request.url), quiet=quiet)
        if kind == "listing" and self._home_unreachable(request, failure.value):
            # Almost every entry point is on that host: trying each of them in turn would take
            # minutes (and thousands of log lines) to come to the same end.
            if not self.crawler.stats.get_value("newscrawler/site_unreachable"):
                host = self.unreachable_hosts()
                self.crawler.stats.set_value("newscrawler/site_unreachable", f"{host}: {reason}")
                logger.error("site unreachable: %s: %s; giving up", host, reason)
            raise CloseSpider("site_unreachable")

    def closed(self, reason: str) -> None:
        """A portal that refused every way in is reported once as blocked, with the reason,
        rather than as a crawl that found nothing (see ``crawl_outcome``)."""
        if self._refusals and not self.crawler.stats.get_value("item_scraped_count"):
            why = ", ".join(f"{REFUSALS[r]} ({n}×)" for r, n in sorted(self._refusals.items(), key=lambda kv: -kv[1]))
            self.crawler.stats.set_value(f"newscrawler/blocked/{self.portal.name}", why)
            logger.error("blocked: %s refused the crawler: %s", self.portal.name, why)

    def unreachable_hosts(self) -> str:
        """The host(s) named when the crawl gives up as ``site_unreachable``."""
        return urlsplit(self.portal.home).hostname or self.portal.home

    def _home_unreachable(self, request: Request, error: BaseException) -> bool:
        """The portal's home host cannot be resolved or refuses connections, and no listing
        page has answered yet (a regional host that is down does not stop the crawl)."""
        if not isinstance(error, (CannotResolveHostError, DownloadConnectionRefusedError)):
            return False
        real_url = request.meta.get("mirror_of", request.url)
        return (urlsplit(real_url).hostname == urlsplit(self.portal.home).hostname
                and not self.crawler.stats.get_value("newscrawler/listings/pages"))

    def page_failed(self, failure):
        """A later page failed: export what was collected rather than lose the article."""
        self.request_failed(failure)
        meta = failure.request.meta
        self.crawler.stats.inc_value("newscrawler/articles/incomplete_pages")
        return [self._item(merge_pages(meta["pages"][0], meta["pages"][1:]))]

    def _count(self, key: str, url: str, quiet: bool = False) -> None:
        """``url``: the real one (in base_url mode a failed request is the local twin)."""
        self.crawler.stats.inc_value(f"newscrawler/{key}")
        logger.log(logging.INFO if quiet else logging.WARNING, "%s: %s", key, url)

    def _site_url(self, url: str) -> str:
        """In base_url mode a link to the local copy itself stands for the portal's home host."""
        if self.base_url and url.startswith(self.base_url):
            return self.portal.home + url[len(self.base_url):]
        return url


def _content_type(response: Response) -> str:
    return response.headers.get("Content-Type", b"").decode("latin-1")


def _is_feed(response: Response) -> bool:
    content_type = _content_type(response).lower()
    return isinstance(response, XmlResponse) or "xml" in content_type and "html" not in content_type
