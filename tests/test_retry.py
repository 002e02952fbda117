"""Retry-After handling and failure names (``newscrawler.retry``), without a crawl.

The wait itself is replaced by a recorder: what matters here is which wait is asked for and
what comes back. That the crawler really waits on the wire is checked against server-side
timestamps in ``tests/faults/test_faults.py``.
"""
from __future__ import annotations

import asyncio
from datetime import datetime, timedelta, timezone

import pytest
from hypothesis import given, strategies as st
from scrapy import Request, Spider
from scrapy.exceptions import (
    DownloadCancelledError, DownloadFailedError, DownloadTimeoutError, IgnoreRequest,
)
from scrapy.http import Response
from scrapy.spidermiddlewares.httperror import HttpError
from scrapy.utils._compression import _DecompressionMaxSizeExceeded
from scrapy.utils.test import get_crawler
from twisted.python.failure import Failure
from twisted.web._newclient import ResponseNeverReceived

import newscrawler.retry
from newscrawler.retry import RetryAfterMiddleware, failure_reason, retry_after_seconds

NOW = datetime(2026, 11, 26, 12, 0, 0, tzinfo=timezone.utc)
URL = "https://www.inews.id/news/nasional/antrean-bansos-dibatasi/all"


# -- parsing the header ---------------------------------------------------------------------


@pytest.mark.parametrize(("value", "seconds"), [
    ("1", 1.0), (b"120", 120.0), (" 30 ", 30.0), ("0", 0.0),
    ("Thu, 26 Nov 2026 12:01:30 GMT", 90.0),   # HTTP-date, 90 s after NOW
    ("Thu, 26 Nov 2026 11:00:00 GMT", 0.0),    # already past: retry now
    ("Thursday, 26-Nov-26 12:00:10 GMT", 10.0),  # obsolete RFC 850 form, still allowed
])
def test_retry_after_reads_delta_seconds_and_http_dates(value, seconds):
    assert retry_after_seconds(value, now=NOW) == pytest.approx(seconds)


@pytest.mark.parametrize("value", [None, "", "soon", "-5", "1.5", "１２", "Thu, 99 Foo 2026"])
def test_an_unreadable_retry_after_counts_as_absent(value):
    assert retry_after_seconds(value, now=NOW) is None


@given(st.one_of(st.text(), st.binary()))
def test_retry_after_never_raises_and_is_never_negative(value):
    seconds = retry_after_seconds(value, now=NOW)
    assert seconds is None or seconds >= 0


# -- the middleware -------------------------------------------------------------------------


@pytest.fixture
def waits(monkeypatch) -> list[float]:
    recorded: list[float] = []

    async def record(seconds: float) -> None:
        recorded.append(seconds)

    monkeypatch.setattr(newscrawler.retry, "sleep", record)
    return recorded


def middleware(**settings) -> RetryAfterMiddleware:
    crawler = get_crawler(Spider, {"RETRY_TIMES": 2, "RETRY_AFTER_MAX": 60, **settings})
    crawler.spider = crawler._create_spider("test")
    return RetryAfterMiddleware.from_crawler(crawler)


def answer(mw: RetryAfterMiddleware, status: int, request: Request | None = None, **headers: str):
    request = request or Request(URL)
    response = Response(URL, status=status, headers={k.replace("_", "-"): v for k, v in headers.items()}, request=request)
    return asyncio.run(mw.process_response(request, response)), mw.crawler.stats.get_stats()


def test_429_with_retry_after_waits_that_long_then_retries(waits):
    result, stats = answer(middleware(), 429, Retry_After="7")
    assert isinstance(result, Request) and result.meta["retry_times"] == 1
    assert waits == [7.0]
    assert stats["retry/retry_after_waits"] == 1
    assert stats["retry/reason_count/429 Unknown Status"] == 1


def test_503_with_an_http_date_waits_until_then(waits):
    when = datetime.now(timezone.utc) + timedelta(seconds=30)
    result, _ = answer(middleware(), 503, Retry_After=when.strftime("%a, %d %b %Y %H:%M:%S GMT"))
    assert isinstance(result, Request)
    assert waits and 25 <= waits[0] <= 30


def test_without_retry_after_the_retry_is_immediate_as_in_scrapy(waits):
    result, stats = answer(middleware(), 503)
    assert isinstance(result, Request)
    assert waits == []
    assert "retry/retry_after_waits" not in stats


def test_a_wait_longer_than_the_cap_is_not_retried_at_all(waits):
    response_or_request, stats = answer(middleware(RETRY_AFTER_MAX=60), 429, Retry_After="3600")
    assert isinstance(response_or_request, Response) and response_or_request.status == 429
    assert waits == []
    assert stats["retry/retry_after_too_long"] == 1
    assert "retry/count" not in stats


def test_no_wait_once_retries_are_spent(waits):
    spent = Request(URL, meta={"retry_times": 2})
    result, stats = answer(middleware(RETRY_TIMES=2), 429, request=spent, Retry_After="5")
    assert isinstance(result, Response)
    assert waits == []
    assert stats["retry/max_reached"] == 1


@pytest.mark.parametrize("status", [200, 404, 410])
def test_other_statuses_pass_through_untouched(waits, status):
    result, stats = answer(middleware(), status, Retry_After="5")
    assert isinstance(result, Response) and result.status == status
    assert waits == [] and stats == {}


def test_dont_retry_is_respected(waits):
    result, _ = answer(middleware(), 429, request=Request(URL, meta={"dont_retry": True}), Retry_After="5")
    assert isinstance(result, Response)
    assert waits == []


def test_download_errors_are_still_retried_like_scrapy_does():
    mw = middleware()
    retried = mw.process_exception(Request(URL), DownloadTimeoutError("took longer than 2.0 seconds"))
    assert isinstance(retried, Request) and retried.meta["retry_times"] == 1


# -- failure names --------------------------------------------------------------------------


def failed(error: Exception, cause: Exception | None = None, **meta) -> Failure:
    """A Failure as an errback receives it: raised (so it has a cause), with its request."""
    try:
        raise error from cause
    except Exception:
        failure = Failure()
    failure.request = Request(URL, meta=meta)
    return failure


@pytest.mark.parametrize(("failure", "reason"), [
    (failed(HttpError(Response(URL, status=503), "Ignoring non-200 response")), "http_503"),
    (failed(IgnoreRequest("max redirections reached")), "redirect_loop"),
    (failed(IgnoreRequest("Filtered offsite request to 'evil.example'"), redirect_urls=[URL]), "offsite_redirect"),
    (failed(IgnoreRequest("Filtered offsite request to 'evil.example'")), "offsite"),
    (failed(IgnoreRequest("Forbidden by robots.txt")), "robots_txt"),
    (failed(IgnoreRequest("Ignored response …"), _DecompressionMaxSizeExceeded(16842752, 16777216)), "decompressed_too_large"),
    (failed(IgnoreRequest("something else")), "IgnoreRequest"),
    (failed(DownloadCancelledError("Received 16777249 bytes which is larger than download max size")), "too_large"),
    (failed(DownloadFailedError("[<Failure ConnectionLost>]"), ResponseNeverReceived([])), "ResponseNeverReceived"),
    (failed(DownloadFailedError("no cause")), "DownloadFailedError"),
    (failed(DownloadTimeoutError("took longer than 2.0 seconds")), "DownloadTimeoutError"),
])
def test_each_failure_kind_has_its_own_name(failure, reason):
    assert failure_reason(failure) == reason
