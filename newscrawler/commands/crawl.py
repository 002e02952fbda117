from scrapy.commands.crawl import Command as ScrapyCrawlCommand
from scrapy.exceptions import UsageError

from newscrawler.spiders.arguments import BadArgument
from newscrawler.spiders.base import PortalSpider


class Command(ScrapyCrawlCommand):
    """``scrapy crawl`` that rejects bad spider arguments before anything starts, with one
    line naming the argument and exit status 2 (Scrapy itself would print a traceback from
    inside the reactor)."""

    def run(self, args, opts):
        if len(args) == 1:
            spidercls = self.crawler_process.spider_loader.load(args[0])
            if issubclass(spidercls, PortalSpider):
                try:
                    spidercls.check_arguments(opts.spargs)
                except BadArgument as error:
                    raise UsageError(str(error), print_help=False) from None
        super().run(args, opts)
