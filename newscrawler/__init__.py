"""newscrawler: a Scrapy crawler for Indonesian news portals."""

__version__ = "0.1.0"
"""Kept equal to ``version`` in pyproject.toml (tests/test_project_files.py checks it)."""
