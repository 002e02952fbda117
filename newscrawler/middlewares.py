"""Downloader middlewares, and the download handler that bounds response headers."""
from __future__ import annotations

import logging
from urllib.parse import urljoin, urlsplit, urlunsplit

from scrapy import Request
from scrapy.downloadermiddlewares.robotstxt import RobotsTxtMiddleware as ScrapyRobotsTxtMiddleware
from scrapy.utils.httpobj import urlparse_cached
from twisted.internet.defer import Deferred
from w3lib.url import safe_url_string
from scrapy.core.downloader.handlers.http11 import HTTP11DownloadHandler
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response
from scrapy.spidermiddlewares.base import BaseSpiderMiddleware
from scrapy.spidermiddlewares.metacopy import MetaCopyDetectionMiddleware
from scrapy.utils.request import RequestFingerprinter
from twisted.web._newclient import HEADER, ResponseFailed

# Private in Scrapy 2.19, but the only way to change how its HTTP/1.1 handler parses headers
# (it swaps the parser class the same way); the import fails loudly if an upgrade moves them.
from scrapy.core.downloader.handlers.http11 import (
    _LenientHTTP11ClientFactory, _LenientHTTP11ClientProtocol, _LenientHTTPClientParser,
)

from newscrawler.items import Article
from newscrawler.portals import portal_for_url
from newscrawler.urls import host_matches


class RobotsTxtMiddleware(ScrapyRobotsTxtMiddleware):
    """Scrapy's, with every request that waited for a host's robots.txt checked against it.

    Scrapy 2.19 lets all such requests await the same Deferred; under the asyncio reactor only
    the first gets the parser and the others get None, which means "allowed": on a robots.txt
    that forbids everything, the pages asked for while it was downloading were fetched anyway
    (tests/test_blocked.py). The stored parser is the one the Deferred stood for."""

    async def robot_parser(self, request: Request):
        parser = await super().robot_parser(request)
        stored = self._parsers.get(urlparse_cached(request).netloc, parser)
        return parser if isinstance(stored, Deferred) else stored


class MirrorMiddleware:
    """``-a base_url=http://127.0.0.1:PORT``: crawl a local copy of a portal with everything
    else identical.

    The spider, extraction, pipelines and feed keep working on the real URLs
    (``https://www.inews.id/...``, ``https://bali.inews.id/...``). Only on the wire is a request
    sent to ``base_url`` + the same path and query, with the real host in the ``Host`` header
    (so one local server can answer for several hosts), and the response is handed back under
    its real URL. A copy served by any static server works for the www host; regional hosts
    need a server that routes on ``Host`` (``scripts/fixture_site.py`` does).

    Ordered after RedirectMiddleware (600) so that a redirect is read under the real URL.
    """

    def __init__(self, crawler):
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler):
        for name in REQUEST_LOGGERS:
            target = logging.getLogger(name)
            if not any(isinstance(f, RealUrlLogFilter) for f in target.filters):
                target.addFilter(RealUrlLogFilter())
        return cls(crawler)

    @property
    def base(self):
        base_url = getattr(self.crawler.spider, "base_url", None)
        return urlsplit(base_url) if base_url else None

    def process_request(self, request: Request, spider=None):
        base = self.base
        # The local twin is not on a portal host, so it passes straight through. The spider
        # says which hosts the copy stands for (the `site` spider's are in no registry).
        mirrored = getattr(self.crawler.spider, "mirrored", None)
        if base is None or not (mirrored(request.url) if mirrored else portal_for_url(request.url) is not None):
            return None
        real = urlsplit(request.url)
        local = urlunsplit((base.scheme, base.netloc, real.path or "/", real.query, ""))
        headers = request.headers.copy()
        headers["Host"] = real.netloc
        # The real request already went through the dupefilter; its local twin must not be
        # filtered again (two hosts' home pages share the local path "/").
        # Scrapy sends a request returned here through every middleware again: robots.txt was
        # checked under the real URL, and checked again under the local one it would be the
        # default host's robots.txt whatever the real host.
        meta = {**request.meta, "mirror_of": request.url, "dont_obey_robotstxt": True}
        return request.replace(url=local, headers=headers, dont_filter=True, meta=meta)

    def process_response(self, request: Request, response: Response, spider=None):
        real = request.meta.get("mirror_of")
        if real is None:
            return response
        location = response.headers.get("Location")
        if location:
            # Resolved here against the real URL: RedirectMiddleware resolves a relative
            # Location against the request's URL, which is the local twin's. w3lib's
            # safe_url_string reads the header as RedirectMiddleware does.
            target = urlsplit(urljoin(real, safe_url_string(location)))
            base = self.base
            if base and target.netloc == base.netloc:
                # A redirect to the local server means the same path on the real host.
                real_parts = urlsplit(real)
                target = target._replace(scheme=real_parts.scheme, netloc=real_parts.netloc)
            response.headers["Location"] = urlunsplit(target)
        return response.replace(url=real)


REQUEST_LOGGERS = (
    "scrapy.downloadermiddlewares.retry", "newscrawler.retry", "scrapy.downloadermiddlewares.redirect",
    "scrapy.core.scraper", "scrapy.core.engine",
)
"""Loggers that name a request through a log argument (Scrapy's "Gave up retrying %(request)s")."""


class RealUrlLogFilter(logging.Filter):
    """In base_url mode a request Scrapy names in its log is the local twin
    (``<GET http://127.0.0.1:PORT/…>``): shown as the real URL it stands for instead, like every
    line of ours. (Scrapy's download handler writes the URL into the message text itself; those
    few lines, about sizes and data loss, keep the local URL.)"""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, dict):
            record.args = {key: _shown(value) for key, value in record.args.items()}
        elif isinstance(record.args, tuple):
            record.args = tuple(_shown(value) for value in record.args)
        return True


def _shown(value):
    real = value.meta.get("mirror_of") if isinstance(value, Request) else None
    if real and urlsplit(value.url).netloc != urlsplit(real).netloc:
        return f"<{value.method} {real}>"
    return value


class MirrorAwareFingerprinter(RequestFingerprinter):
    """Scrapy's request fingerprint, of the real URL for a base_url-mode twin. Scrapy's HTTP
    cache keys responses by fingerprint and sees the twin too (a request returned by a
    middleware goes through them all again): keyed by the local URL, every host's home page
    is the same ``http://127.0.0.1:PORT/``, and regional homes were answered with the www one."""

    def __init__(self, crawler=None):
        super().__init__(crawler)
        self.crawler = crawler

    def fingerprint(self, request: Request) -> bytes:
        real = request.meta.get("mirror_of")
        if real and self._is_twin(request):
            return super().fingerprint(request.replace(url=real))
        return super().fingerprint(request)

    def _is_twin(self, request: Request) -> bool:
        """On the local server's address: a redirect made from a twin keeps its ``mirror_of``
        while its own URL is already a real one (keyed by the old URL, the cache would answer
        it with the redirect it follows, a loop)."""
        base_url = getattr(getattr(self.crawler, "spider", None), "base_url", None)
        return bool(base_url) and urlsplit(request.url).netloc == urlsplit(base_url).netloc


class DomainGuardMiddleware:
    """Never leave the spider's domains, whatever the request says.

    Scrapy's OffsiteMiddleware lets ``dont_filter`` requests through, and a redirect inherits
    ``dont_filter`` from the request it answers: retries, the local twins of base_url mode
    and some page requests carry it, so a redirect to another site would be followed. This
    check has no exception. The message is the one Scrapy's offsite filter uses, so the
    failure is counted as ``offsite`` / ``offsite_redirect`` like Scrapy's own.
    """

    def __init__(self, crawler):
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def process_request(self, request: Request, spider=None):
        spider = self.crawler.spider
        allowed = tuple(getattr(spider, "allowed_domains", None) or ())
        parts = urlsplit(request.url)
        host = parts.hostname or ""
        if allowed and not host_matches(host, allowed) or not self._on_base(parts, getattr(spider, "base_url", None)):
            self.crawler.stats.inc_value("newscrawler/blocked/offsite")
            raise IgnoreRequest(f"Filtered offsite request to {parts.netloc or host!r}: {request}")
        return None

    @staticmethod
    def _on_base(parts, base_url: str | None) -> bool:
        """In base_url mode the local server's address is allowed only with its own scheme and
        port: another port on the same address is another server (a redirect there was
        followed and its answer read as the article)."""
        if not base_url:
            return True
        base = urlsplit(base_url)
        if (parts.hostname or "") != (base.hostname or ""):
            return True
        default = {"http": 80, "https": 443}
        try:
            port = parts.port or default.get(parts.scheme)
        except ValueError:  # an impossible port ("127.0.0.1:99999")
            return False
        return parts.scheme == base.scheme and port == (base.port or default.get(base.scheme))


# -- response headers, bounded ----------------------------------------------------------------


class HeadersTooLarge(Exception):
    """A response's header section outgrew ``DOWNLOAD_MAXHEADERSIZE`` or ``DOWNLOAD_MAXHEADERS``."""


def is_headers_too_large(error: BaseException | None) -> bool:
    """True for the download error a header limit causes (Scrapy wraps Twisted's
    ``ResponseFailed`` in ``DownloadFailedError``; the limit is one of its reasons)."""
    cause = getattr(error, "__cause__", None)
    return isinstance(cause, ResponseFailed) and any(
        reason.check(HeadersTooLarge) for reason in getattr(cause, "reasons", ()) or ()
    )


class _BoundedHeadersParser(_LenientHTTPClientParser):
    """Scrapy's lenient header parser with a limit on the header section: Twisted keeps every
    header line it is sent (an endless header section took the crawl to 8 GB), and Scrapy
    bounds only the body (``DOWNLOAD_MAXSIZE``). Scrapy's other handlers that have such limits
    (aiohttp, httpx) would add runtime dependencies and change every download, so the one
    Scrapy uses is kept and only its parser is bounded."""

    max_bytes = 256 * 1024
    max_count = 200
    _header_bytes = 0
    _header_count = 0

    @property
    def MAX_LENGTH(self) -> int:  # noqa: N802 (Twisted's name): one endless line is refused too
        return self.max_bytes

    def lineReceived(self, line: bytes) -> None:
        if self.state == HEADER:
            self._header_bytes += len(line) + 1
            self._header_count += bool(line) and line[:1] not in b" \t"
            if self._header_bytes > self.max_bytes or self._header_count > self.max_count:
                # Raised out of dataReceived: Twisted's protocol then drops the connection and
                # fails the response with ResponseFailed([HeadersTooLarge]).
                raise HeadersTooLarge(
                    f"response headers over the limit ({self._header_count} headers, {self._header_bytes} bytes; "
                    f"DOWNLOAD_MAXHEADERS={self.max_count}, DOWNLOAD_MAXHEADERSIZE={self.max_bytes})"
                )
        super().lineReceived(line)

    def lineLengthExceeded(self, line: bytes) -> None:
        raise HeadersTooLarge(f"a response header line over DOWNLOAD_MAXHEADERSIZE={self.max_bytes} bytes")


class _BoundedHeadersProtocol(_LenientHTTP11ClientProtocol):
    parser_class: type[_BoundedHeadersParser] = _BoundedHeadersParser

    def request(self, request):
        result = super().request(request)
        # Same swap as Scrapy's (the parser holds no state of its own yet: no byte has arrived).
        self._parser.__class__ = self.parser_class
        return result


class BoundedHeadersDownloadHandler(HTTP11DownloadHandler):
    """Scrapy's HTTP/1.1 download handler with the response header section bounded by
    ``DOWNLOAD_MAXHEADERSIZE`` (bytes) and ``DOWNLOAD_MAXHEADERS`` (count). A response over
    either fails as ``headers_too_large`` (``newscrawler.retry.failure_reason``), not retried."""

    def __init__(self, crawler):
        super().__init__(crawler)
        parser = type("BoundedHeadersParser", (_BoundedHeadersParser,), {
            "max_bytes": crawler.settings.getint("DOWNLOAD_MAXHEADERSIZE", _BoundedHeadersParser.max_bytes),
            "max_count": crawler.settings.getint("DOWNLOAD_MAXHEADERS", _BoundedHeadersParser.max_count),
        })
        protocol = type("BoundedHeadersProtocol", (_BoundedHeadersProtocol,), {"parser_class": parser})

        class Factory(_LenientHTTP11ClientFactory):
            def buildProtocol(self, addr):
                return protocol(self._quiescentCallback)

        self._pool._factory = Factory


# -- spider output ------------------------------------------------------------------------------


class ForwardedMetaMiddleware(BaseSpiderMiddleware):
    """The spider passes its own keys (canonical URL, pages collected, …) to the next request
    of an article by copying ``response.meta``, which also holds what Scrapy set for that one
    download: ``download_latency``, and the retry and redirect counters, which would spend the
    new request's retries and make its redirects look like the old one's. Those keys (the list
    is Scrapy's own, from ``MetaCopyDetectionMiddleware``, which warned about them) are dropped
    from every request the spider yields, and so is ``mirror_of`` (MirrorMiddleware's note of the
    real URL a twin stands for: copied, it would key the new request's cache entry under the old
    URL)."""

    INTERNAL_KEYS = MetaCopyDetectionMiddleware._INTERNAL_KEYS | {"mirror_of"}

    def get_processed_request(self, request: Request, response: Response | None) -> Request | None:
        if response is not None:
            for key in self.INTERNAL_KEYS & request.meta.keys():
                del request.meta[key]
        return request


class ChannelMiddleware(BaseSpiderMiddleware):
    """Sets each article's ``channel`` from its canonical URL, by the names ``-a channels=``
    accepts (the portal's ``channels``): the first path segment when it names one (
    ``https://www.inews.id/finance/…`` → ``finance``); a regional story whose URL names none
    (``bali.inews.id/read/…``) → ``regional`` where the portal has that channel."""

    def get_processed_item(self, item, response: Response | None):
        if isinstance(item, Article) and item.channel is None and item.url:
            item.channel = article_channel(item.url, item.region)
        return item


def article_channel(url: str, region: str | None = None) -> str | None:
    portal = portal_for_url(url)
    if portal is None:
        return None
    parts = urlsplit(url)
    first = parts.path.strip("/").split("/", 1)[0]
    if first in portal.channels:
        return first
    # Kanal hosts name the channel where the path does not (news.okezone.com/read/…,
    # ekbis.sindonews.com/read/…).
    label = (parts.hostname or "").split(".", 1)[0]
    if label in portal.channels:
        return label
    return "regional" if region and "regional" in portal.channels else None
