from newscrawler.spiders.base import PortalSpider


class INewsSpider(PortalSpider):
    """www.inews.id and the iNews Network: home, channel, index-by-date pages, the RSS feed,
    regional home pages, and the "Read Next" link of every article."""

    name = "inews"
    portal_name = "inews"
