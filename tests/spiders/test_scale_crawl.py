"""The real ``scrapy crawl inews`` over a generated site of 500 distinct articles (150-250 KB
pages, date index pages over five days, ``scripts/generate_site.py``): every article is found,
exported once with its own text, and nothing is dropped, failed or taken for a duplicate; the
date index pages alone (no Read Next links) reach every article too.

The server answers the newest day's index page only once the crawler has asked for an article
that the home page links, i.e. after it has read the home page: the order of a live crawl,
whose first entry point is the home page, made the same on every run.
"""
from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from scripts.fixture_site import serve_in_thread
from scripts.generate_site import CARDS_PER_PAGE, WINDOW, Article, generate
from tests.support import crawl, read_jsonl

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

ARTICLES = 500
HOLD_SECONDS = 60
"""Upper bound on holding the index page, so that a crawler that never asks cannot hang the test."""


@dataclass
class Site:
    stories: list[Article]
    base_url: str


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Iterator[Site]:
    root = tmp_path_factory.mktemp("scale") / "site"
    stories = generate(root, ARTICLES, seed=1)
    home_articles = {story.path + "/all" for story in stories[-CARDS_PER_PAGE:]}
    newest_index = f"/indeks/news/{WINDOW[-1]:%d-%m-%Y}"
    home_read = threading.Event()

    def on_request(host: str | None, path: str) -> None:
        if path in home_articles:
            home_read.set()
        elif path == newest_index:
            home_read.wait(HOLD_SECONDS)

    server, base_url = serve_in_thread(root, on_request=on_request)
    try:
        yield Site(stories, base_url)
    finally:
        server.shutdown()


def run(site: Site, folder: Path, *args: str) -> tuple[list[dict], dict]:
    out, stats_file = folder / "out.jsonl", folder / "stats.json"
    result = crawl(
        "inews", "-a", f"base_url={site.base_url}", "-a", f"since={WINDOW[0]}", "-a", f"until={WINDOW[-1]}",
        "-a", "channels=news", "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=16", "-O", str(out),
        "-s", f"STATS_FILE={stats_file}", *args, timeout=240,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return read_jsonl(out), json.loads(stats_file.read_text())


def test_a_500_article_site_is_crawled_whole(site, tmp_path):
    items, stats = run(site, tmp_path)
    assert len(items) == ARTICLES
    assert len({item["url"] for item in items}) == ARTICLES
    expected = {s.url: (s.title, "\n\n".join(s.paragraphs), s.published.isoformat()) for s in site.stories}
    assert {item["url"]: (item["title"], item["content"], item["published_at"]) for item in items} == expected
    troubles = {key: value for key, value in stats.items()
                if key.startswith(("newscrawler/dropped/", "newscrawler/failed/", "newscrawler/duplicates/"))}
    assert troubles == {}
    assert stats["newscrawler/articles/scheduled"] == ARTICLES


def test_the_date_index_alone_reaches_every_article(site, tmp_path):
    """Without Read Next links. The newest day's first index page lists what the home page
    listed; its pagination used to end there, losing 40 of the 500 (fixed in 8661012)."""
    items, stats = run(site, tmp_path, "-a", "read_next_depth=0")
    assert len(items) == ARTICLES
    assert stats.get("newscrawler/articles/via_read_next", 0) == 0
