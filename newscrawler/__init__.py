"""newscrawler: a Scrapy crawler for Indonesian news portals."""
