from scrapy.commands.crawl import Command as ScrapyCrawlCommand
from scrapy.exceptions import UsageError

from newscrawler.extensions import check_fill_rate_thresholds
from newscrawler.spiders.base import PortalSpider

# Exit statuses beyond Scrapy's own (0 done, 1 failed to start, 2 usage error).
EXIT_QUALITY_ALARM = 3
EXIT_ABNORMAL_FINISH = 4
EXIT_STATE_IN_USE = 5
NORMAL_FINISH = ("finished", "closespider_itemcount")


class Command(ScrapyCrawlCommand):
    """``scrapy crawl`` with exit statuses an operator (or cron) can act on: a bad spider
    argument is rejected before anything starts with one line (Scrapy would print a traceback
    from inside the reactor), a data-quality alarm exits 3, a crawl that did not finish
    normally (killed, shut down, errors) exits 4."""

    def process_options(self, args, opts):
        if opts.output or opts.overwrite_output:
            # `-o/-O file` replaces the project's per-run feed instead of adding to it (Scrapy
            # merges dict settings): one output, and the crawl state recovers from that file.
            self.settings.delete("FEEDS", priority="cmdline")
        super().process_options(args, opts)

    def run(self, args, opts):
        if len(args) != 1:
            return super().run(args, opts)
        spidercls = self.crawler_process.spider_loader.load(args[0])
        try:
            check_fill_rate_thresholds(self.settings.getdict("FILL_RATE_THRESHOLDS"))
            if issubclass(spidercls, PortalSpider):
                spidercls.check_arguments(opts.spargs)
        except ValueError as error:  # BadArgument included
            raise UsageError(str(error), print_help=False) from None
        crawler = self.crawler_process.create_crawler(spidercls)
        self.crawler_process.crawl(crawler, **opts.spargs)
        self.crawler_process.start()
        if self.crawler_process.bootstrap_failed:
            self.exitcode = 1
        elif crawler.stats.get_value("finish_reason") == "state_in_use":
            self.exitcode = EXIT_STATE_IN_USE
        elif crawler.stats.get_value("newscrawler/quality/failed"):
            self.exitcode = EXIT_QUALITY_ALARM
        elif crawler.stats.get_value("finish_reason") not in NORMAL_FINISH:
            self.exitcode = EXIT_ABNORMAL_FINISH
