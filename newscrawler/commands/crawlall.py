"""``scrapy crawlall [PORTAL,...]``: several portals (all by default) in one process."""
from __future__ import annotations

import logging

from scrapy.exceptions import UsageError

from newscrawler.commands.crawl import Command as CrawlCommand
from newscrawler.commands.crawl import ExitStatus, crawl_outcome
from newscrawler.feeds import shared_overwrite_refusal
from newscrawler.portals import PORTALS

logger = logging.getLogger(__name__)

# Which failure the one exit status reports when portals fail differently: lost data first,
# then what needs a person (a bug, a crash, the site gone or refusing us, a redesign), and
# what the next run may clear by itself last.
WORST_FIRST = (
    ExitStatus.WRITE_FAILED, ExitStatus.STATE_CORRUPT, ExitStatus.SPIDER_ERRORS, ExitStatus.ABNORMAL_FINISH,
    ExitStatus.NOT_STARTED, ExitStatus.BAD_ARGUMENTS, ExitStatus.REDIS_UNREACHABLE,
    ExitStatus.SITE_UNREACHABLE, ExitStatus.BLOCKED, ExitStatus.NO_SITEMAP_OR_FEED, ExitStatus.NO_ARTICLE_LINKS,
    ExitStatus.QUALITY_ALARM,
    ExitStatus.STATE_IN_USE, ExitStatus.DONE,
)


def worst(statuses: list[ExitStatus]) -> ExitStatus:
    return min(statuses, key=WORST_FIRST.index, default=ExitStatus.DONE)


class Command(CrawlCommand):
    """Each portal runs as its own crawl (its own feed file under ``output/<portal>/``, its own
    crawl state and lock) with the same ``-a`` arguments and settings; at the end, one line per
    portal and one exit status, the worst of them (``WORST_FIRST``)."""

    def syntax(self) -> str:
        return "[options] [PORTAL[,PORTAL...]]"

    def short_desc(self) -> str:
        return "Run several portal spiders (default: all) in one process; exit with the worst status"

    def run(self, args, opts):
        names = [n for arg in args for n in arg.split(",") if n] or sorted(PORTALS)
        if unknown := [n for n in names if n not in PORTALS]:
            raise UsageError(f"unknown portal(s) {', '.join(unknown)}: expected some of {', '.join(sorted(PORTALS))}",
                             print_help=False)
        if refusal := shared_overwrite_refusal(self.settings.getdict("FEEDS"), names):
            raise UsageError(refusal, print_help=False)
        crawlers = {}
        for name in dict.fromkeys(names):
            crawlers[name] = self.crawler_process.create_crawler(self.checked_spider(name, opts))
            self.crawler_process.crawl(crawlers[name], **opts.spargs)
        self.crawler_process.start()
        outcomes = {}
        for name, crawler in crawlers.items():
            stats = crawler.stats.get_stats()
            outcomes[name] = ((ExitStatus.NOT_STARTED, "the crawl could not start") if not stats
                              else crawl_outcome(stats))
            status, why = outcomes[name]
            items = stats.get("item_scraped_count", 0)
            # Like each crawl's own summary, shown at the crawl's log level when above INFO.
            level = logging.ERROR if status else max(logging.INFO, logging.getLevelName(self.settings.get("LOG_LEVEL")))
            logger.log(level, "crawlall: %s exit status %d, %d new articles: %s", name, status, items, why)
        status = worst([s for s, _ in outcomes.values()])
        if status:
            failed = sorted(n for n, (s, _) in outcomes.items() if s)
            logger.error("crawl failed, exit status %d: %d of %d portals failed (%s)", status, len(failed),
                         len(outcomes), ", ".join(failed))
        self.exitcode = int(status)
