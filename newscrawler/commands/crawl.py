"""``scrapy crawl`` with exit statuses an operator (or cron) can act on."""
from __future__ import annotations

import logging
from enum import IntEnum

from scrapy.commands.crawl import Command as ScrapyCrawlCommand
from scrapy.exceptions import UsageError

from newscrawler.extensions import check_fill_rate_thresholds
from newscrawler.feeds import overwrite_refusal
from newscrawler.revisions import RevisitPolicy
from newscrawler.spiders.base import PortalSpider

logger = logging.getLogger(__name__)

NORMAL_FINISH = ("finished", "closespider_itemcount")


class ExitStatus(IntEnum):
    """Documented in the README's exit-status table; the numbers never change meaning."""

    DONE = 0
    NOT_STARTED = 1  # Scrapy's own
    BAD_ARGUMENTS = 2  # Scrapy's usage error
    QUALITY_ALARM = 3
    ABNORMAL_FINISH = 4
    STATE_IN_USE = 5
    SITE_UNREACHABLE = 6
    NO_ARTICLE_LINKS = 7
    SPIDER_ERRORS = 8
    WRITE_FAILED = 9
    BLOCKED = 10
    STATE_CORRUPT = 11
    NO_SITEMAP_OR_FEED = 12  # the site spider found neither on a site
    REDIS_UNREACHABLE = 13  # distributed mode (REDIS_URL): Redis unreachable at start or lost


def crawl_outcome(stats: dict) -> tuple[ExitStatus, str]:
    """The exit status of a crawl that ran, from its final stats, and the reason in words.
    When several things went wrong, the one listed first here wins: lost writes first, then
    an unreachable site, a crawl cut short, errors, and alarms last."""
    reason = stats.get("finish_reason")
    if (lost := stats.get("newscrawler/redis/unreachable")) and not stats.get("newscrawler/feed/write_failed"):
        # Before the state write that failed because of it: the cause is what to fix.
        return ExitStatus.REDIS_UNREACHABLE, f"Redis unreachable: {lost}"
    for target in ("feed", "state"):
        if stats.get(f"newscrawler/{target}/write_failed"):
            return ExitStatus.WRITE_FAILED, f"could not write the {target}: {stats.get(f'newscrawler/{target}/write_error')}"
    if failed_stores := sum(v for k, v in stats.items() if k.startswith("feedexport/failed_count/")):
        return ExitStatus.WRITE_FAILED, f"could not store {failed_stores} feed(s) (see the 'Error storing' lines above)"
    if reason == "state_corrupt":
        return ExitStatus.STATE_CORRUPT, str(stats.get("newscrawler/state/refused"))
    if reason == "state_in_use":
        return ExitStatus.STATE_IN_USE, "another crawl has the crawl state open"
    if blocked := {k.rsplit("/", 1)[-1]: v for k, v in stats.items() if k.startswith("newscrawler/blocked/")
                   and k != "newscrawler/blocked/offsite"}:
        return ExitStatus.BLOCKED, "; ".join(f"{portal} blocked us: {why}" for portal, why in blocked.items())
    if reason == "site_unreachable":
        return ExitStatus.SITE_UNREACHABLE, f"site unreachable: {stats.get('newscrawler/site_unreachable')}"
    if reason not in NORMAL_FINISH:
        return ExitStatus.ABNORMAL_FINISH, f"the crawl did not finish normally ({reason})"
    if errors := stats.get("spider_exceptions/count"):
        names = {k.rsplit("/", 1)[-1]: v for k, v in stats.items() if k.startswith("spider_exceptions/") and k != "spider_exceptions/count"}
        return ExitStatus.SPIDER_ERRORS, f"{errors} spider exception(s): {names}"
    if nothing := stats.get("newscrawler/discovery/nothing_found"):
        return ExitStatus.NO_SITEMAP_OR_FEED, f"no sitemap and no feed {nothing}"
    # A sitemap or feed read counts as a listing answered, even when every entry of it was
    # dated outside the window (an index none of whose children were read).
    # A distributed worker that joined late may read no listing itself; the crawl did.
    if not (stats.get("newscrawler/listings/pages") or stats.get("newscrawler/distributed/listing_pages_all_workers")) \
            and not stats.get("newscrawler/discovery/sitemaps") \
            and not stats.get("newscrawler/discovery/feeds"):
        failures = {k.rsplit("/", 1)[-1]: v for k, v in stats.items() if k.startswith("newscrawler/failed/listing/")}
        return ExitStatus.SITE_UNREACHABLE, f"no listing page could be fetched (failed: {failures or 'none'})"
    if stats.get("newscrawler/quality/alarm/no_article_links"):
        return ExitStatus.NO_ARTICLE_LINKS, (
            f"{stats['newscrawler/listings/pages']} listing pages answered but none linked an article "
            "(has the listing layout changed?)"
        )
    if stats.get("newscrawler/quality/failed"):
        fields = sorted(k.rsplit("/", 1)[-1] for k in stats if k.startswith("newscrawler/quality/alarm/"))
        return ExitStatus.QUALITY_ALARM, f"data-quality alarm on {', '.join(fields)}"
    return ExitStatus.DONE, "done"


class Command(ScrapyCrawlCommand):
    """``scrapy crawl`` that refuses bad spider arguments and settings before anything starts,
    with one line (Scrapy would print a traceback from inside the reactor), and ends a crawl
    that went wrong with a non-zero ``ExitStatus`` and one ERROR line saying why
    (``crawl failed, exit status N: ...``, the line ``scripts/cron-crawl`` reports)."""

    def process_options(self, args, opts):
        if opts.output or opts.overwrite_output:
            # `-o/-O file` replaces the project's per-run feed instead of adding to it (Scrapy
            # merges dict settings): one output, and the crawl state recovers from that file.
            self.settings.delete("FEEDS", priority="cmdline")
        super().process_options(args, opts)

    def checked_spider(self, name: str, opts):
        """The spider class, once its arguments and the settings it runs with are valid."""
        spidercls = self.crawler_process.spider_loader.load(name)
        try:
            check_fill_rate_thresholds(self.settings.getdict("FILL_RATE_THRESHOLDS"))
            RevisitPolicy.from_settings(self.settings)
            if issubclass(spidercls, PortalSpider):
                spidercls.check_arguments(opts.spargs)
            if refusal := overwrite_refusal(self.settings.getdict("FEEDS"), self.settings.get("STATE_DIR"), spidercls.name):
                raise ValueError(refusal)
        except ValueError as error:  # BadArgument included
            raise UsageError(str(error), print_help=False) from None
        return spidercls

    def run(self, args, opts):
        if len(args) != 1:
            return super().run(args, opts)
        spidercls = self.checked_spider(args[0], opts)
        crawler = self.crawler_process.create_crawler(spidercls)
        self.crawler_process.crawl(crawler, **opts.spargs)
        self.crawler_process.start()
        if self.crawler_process.bootstrap_failed:
            status, why = ExitStatus.NOT_STARTED, "the crawl could not start (see the error above)"
        else:
            status, why = crawl_outcome(crawler.stats.get_stats())
        if status:
            logger.error("crawl failed, exit status %d: %s", status, why)
        self.exitcode = int(status)
