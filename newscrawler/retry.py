"""Retrying the way a polite crawler should, and naming what failed when retrying is over.

Scrapy's RetryMiddleware retries 429 and 5xx immediately, ignoring ``Retry-After``: against
a rate-limited server that burns every retry inside the window the server asked us to stay
away, and looks abusive. ``RetryAfterMiddleware`` waits as long as the server asks (capped by
``RETRY_AFTER_MAX``) before retrying, and gives up at once when the server asks for longer,
because retrying earlier than asked is pointless and rude.

``failure_reason`` turns a failed request into the short name the crawl stats count it under
(``newscrawler/failed/<kind>/<reason>``). Scrapy reports several different faults as one
``IgnoreRequest`` (a gzip bomb, a redirect loop, an off-site redirect, robots.txt) and every
broken connection as ``DownloadFailedError``; an operator needs to tell them apart.
"""
from __future__ import annotations

import logging
import re
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime

from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.exceptions import DownloadCancelledError, DownloadFailedError, IgnoreRequest
from scrapy.http import Request, Response
from scrapy.settings import BaseSettings
from scrapy.utils.asyncio import sleep
from scrapy.utils.response import response_status_message
from twisted.python.failure import Failure

from newscrawler.middlewares import is_headers_too_large

# Private in Scrapy 2.19 but the only way to recognise a decompression bomb other than by
# its log message; the import fails loudly if a Scrapy upgrade moves it.
from scrapy.utils._compression import _DecompressionMaxSizeExceeded

__all__ = ["RetryAfterMiddleware", "retry_after_seconds", "failure_reason", "DEFAULT_RETRY_AFTER_MAX"]

logger = logging.getLogger(__name__)

DEFAULT_RETRY_AFTER_MAX = 120.0
"""Seconds; a server asking for more is not retried in this run (setting ``RETRY_AFTER_MAX``)."""
_DELTA_SECONDS = re.compile(r"^\s*(\d+)\s*$", re.ASCII)


def retry_after_seconds(value: bytes | str | None, now: datetime | None = None) -> float | None:
    """How long a ``Retry-After`` header asks to wait: delta-seconds or an HTTP-date
    (RFC 9110 §10.2.3), never negative. ``None`` when absent or unreadable, so that a
    malformed header falls back to Scrapy's plain retry instead of failing the request."""
    if value is None:
        return None
    text = value.decode("latin-1") if isinstance(value, bytes) else value
    if match := _DELTA_SECONDS.match(text):
        return float(match[1])
    try:
        when = parsedate_to_datetime(text.strip())
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:  # RFC 9110 dates are GMT; parsedate gives naive for "-0000"
        when = when.replace(tzinfo=timezone.utc)
    return max(0.0, (when - (now or datetime.now(timezone.utc))).total_seconds())


class RetryAfterMiddleware(RetryMiddleware):
    """Scrapy's RetryMiddleware (same settings, same ``retry/*`` stats) that honours
    ``Retry-After`` on every status it retries (429 and 503 are the ones that send it).

    The wait happens inside ``process_response``: Scrapy has no way to schedule a request for
    later, and the wait only holds one of ``CONCURRENT_REQUESTS`` while the other downloads
    go on. Stats: ``retry/retry_after_waits`` (retries that waited) and
    ``retry/retry_after_too_long`` (requests given up because the server asked for more than
    ``RETRY_AFTER_MAX`` seconds; they then fail as ``http_<status>``).
    """

    def __init__(self, settings: BaseSettings):
        super().__init__(settings)
        self.max_wait = settings.getfloat("RETRY_AFTER_MAX", DEFAULT_RETRY_AFTER_MAX)

    async def process_response(self, request: Request, response: Response) -> Request | Response:
        if request.meta.get("dont_retry", False) or response.status not in self.retry_http_codes:
            return response
        wait = retry_after_seconds(response.headers.get("Retry-After"))
        stats = self.crawler.stats
        if wait is not None and wait > self.max_wait:
            stats.inc_value("retry/retry_after_too_long")
            logger.warning(
                "Not retrying %s: Retry-After asks for %.0f s, more than RETRY_AFTER_MAX (%.0f s)",
                request, wait, self.max_wait,
            )
            return response
        retry = self._retry(request, response_status_message(response.status))
        if retry is None or not wait:
            return retry or response
        stats.inc_value("retry/retry_after_waits")
        logger.info("Waiting %.1f s (Retry-After) before retrying %s", wait, request)
        await sleep(wait)
        return retry

    def process_exception(self, request: Request, exception: Exception, spider=None):
        if is_headers_too_large(exception):
            return None  # a limit, like DOWNLOAD_MAXSIZE: the same answer would come again
        return super().process_exception(request, exception)


def failure_reason(failure: Failure) -> str:
    """The stats name of a failed request: ``http_<status>`` for an HTTP error, a name for
    each kind of ignored request, the underlying cause of a broken connection, else the
    exception's class name (``DownloadTimeoutError``, ``ResponseDataLossError``, …)."""
    error = failure.value
    response = getattr(error, "response", None)
    if response is not None:
        return f"http_{response.status}"
    if isinstance(error, IgnoreRequest):
        return _ignored_reason(error, failure.request)  # type: ignore[attr-defined]
    if isinstance(error, DownloadCancelledError):
        # Scrapy's HTTP/1.1 handler cancels a download only when it outgrows DOWNLOAD_MAXSIZE
        # (declared by Content-Length or found while reading); the message differs per case.
        return "too_large"
    if is_headers_too_large(error):
        return "headers_too_large"
    if isinstance(error, DownloadFailedError) and error.__cause__ is not None:
        # ResponseNeverReceived (reset before an answer), ResponseFailed (reset during it)
        return type(error.__cause__).__name__
    return type(error).__name__


def _ignored_reason(error: IgnoreRequest, request: Request | None) -> str:
    """IgnoreRequest's own messages are the only thing that tells its causes apart."""
    message = str(error)
    if isinstance(error.__cause__, _DecompressionMaxSizeExceeded):
        return "decompressed_too_large"
    if message == "max redirections reached":
        return "redirect_loop"
    if message.startswith("Filtered offsite request"):
        redirected = request is not None and request.meta.get("redirect_urls")
        return "offsite_redirect" if redirected else "offsite"
    if message == "Forbidden by robots.txt":
        return "robots_txt"
    return "IgnoreRequest"
