"""Downloader middlewares."""
from __future__ import annotations

from urllib.parse import urlsplit, urlunsplit

from scrapy import Request
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response

from newscrawler.portals import portal_for_url
from newscrawler.urls import host_matches


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
        return cls(crawler)

    @property
    def base(self):
        base_url = getattr(self.crawler.spider, "base_url", None)
        return urlsplit(base_url) if base_url else None

    def process_request(self, request: Request, spider=None):
        base = self.base
        # The local twin is not on a portal host, so it passes straight through.
        if base is None or portal_for_url(request.url) is None:
            return None
        real = urlsplit(request.url)
        local = urlunsplit((base.scheme, base.netloc, real.path or "/", real.query, ""))
        headers = request.headers.copy()
        headers["Host"] = real.netloc
        # The real request already went through the dupefilter; its local twin must not be
        # filtered again (two hosts' home pages share the local path "/").
        return request.replace(url=local, headers=headers, dont_filter=True, meta={**request.meta, "mirror_of": request.url})

    def process_response(self, request: Request, response: Response, spider=None):
        real = request.meta.get("mirror_of")
        if real is None:
            return response
        location = response.headers.get("Location")
        if location:
            # A redirect to the local server means the same path on the real host.
            target = urlsplit(location.decode("latin-1"))
            base = self.base
            if base and target.netloc == base.netloc:
                real_parts = urlsplit(real)
                response.headers["Location"] = urlunsplit(
                    (real_parts.scheme, real_parts.netloc, target.path, target.query, target.fragment)
                )
        return response.replace(url=real)


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
        allowed = tuple(getattr(self.crawler.spider, "allowed_domains", None) or ())
        host = urlsplit(request.url).hostname or ""
        if allowed and not host_matches(host, allowed):
            self.crawler.stats.inc_value("newscrawler/blocked/offsite")
            raise IgnoreRequest(f"Filtered offsite request to {host!r}: {request}")
        return None
