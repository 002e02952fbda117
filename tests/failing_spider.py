"""A spider for the exit-status tests only: the iNews spider with an article callback that
raises, as a page the code does not expect would make it."""
from newscrawler.spiders import SPIDERS

INewsSpider = SPIDERS["inews"]


class FailingArticlesSpider(INewsSpider):
    name = "inews_failing_articles"

    async def parse_article(self, response):
        raise ValueError(f"unexpected page {response.url}")
