"""Spiders: navigation only (which URLs, in what order). Fields come from newscrawler.extraction."""
