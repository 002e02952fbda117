"""The fill-rate alarm: silent on the normal fixture site, loud when half the pages lose their date."""
from __future__ import annotations

import json
import re
import shutil

import pytest

from scrapy.settings import Settings
from scrapy.utils.test import get_crawler

from newscrawler.extensions import FillRateAlarm
from newscrawler.items import ARTICLE_FIELDS
from tests.conftest import INEWS_SITE
from tests.support import crawl, read_jsonl
from fixture_site import serve_in_thread

pytestmark = pytest.mark.e2e

DATE_LINE = re.compile(r'(<div class="createdAt">)[^<]*(</div>)')
STRUCTURED_DATES = re.compile(r'<meta property="article:published_time"[^>]*>|"datePublished":\s*"[^"]*",?')


def strip_dates(folder) -> bool:
    """Blank the date line and the structured dates of an article's pages; False when the page
    has no iNews date line (the 2022 design keeps its date, found by the generic layer)."""
    changed = False
    for page in folder.rglob("index.html"):
        html = page.read_text(encoding="utf-8")
        html, count = DATE_LINE.subn(r"\1Waktu tidak tersedia\2", html)
        page.write_text(STRUCTURED_DATES.sub("", html), encoding="utf-8")
        changed = changed or count > 0
    return changed


def test_alarm_fires_when_half_the_articles_lose_their_date(tmp_path, expected_crawl):
    site = tmp_path / "site"
    shutil.copytree(INEWS_SITE, site)
    articles = sorted(site.rglob("expected.json"))
    dateless = sum(strip_dates(expected.parent) for expected in articles[::2])
    server, base_url = serve_in_thread(site)
    out, stats_path = tmp_path / "out.jsonl", tmp_path / "stats.json"
    try:
        args = expected_crawl["args"]
        result = crawl(
            "inews", "-a", f"base_url={base_url}", "-a", f"since={args['since']}", "-a", f"until={args['until']}",
            "-O", str(out), "-s", f"STATS_FILE={stats_path}",
        )
    finally:
        server.shutdown()
    assert result.returncode == 3, result.stderr[-2000:]
    stats = json.loads(stats_path.read_text())
    assert stats["newscrawler/quality/alarm/published_at"] == 1
    assert 0.4 <= stats["newscrawler/fill_rate/published_at"] <= 0.6
    assert "newscrawler/quality/alarm/title" not in stats
    alarm = next(line for line in result.stderr.splitlines() if "data-quality alarm: published_at" in line)
    assert "ERROR" in alarm and "https://" in alarm
    # Nothing is lost: the dateless articles are still exported, with a null date.
    items = read_jsonl(out)
    assert len(items) == len(expected_crawl["urls"])
    assert sum(item["published_at"] is None for item in items) == dateless >= len(articles) // 2 - 1


def test_a_run_with_fewer_articles_than_the_minimum_sample_raises_no_alarm(tmp_path, expected_crawl):
    """Five new articles without a date: too few to call it a layout change (FILL_RATE_MIN_ITEMS)."""
    site = tmp_path / "site"
    shutil.copytree(INEWS_SITE, site)
    for expected in site.rglob("expected.json"):
        strip_dates(expected.parent)
    server, base_url = serve_in_thread(site)
    stats_path = tmp_path / "stats.json"
    try:
        args = expected_crawl["args"]
        result = crawl(
            "inews", "-a", f"base_url={base_url}", "-a", f"since={args['since']}", "-a", f"until={args['until']}",
            "-a", "max_articles=5", "-O", str(tmp_path / "out.jsonl"), "-s", f"STATS_FILE={stats_path}",
        )
    finally:
        server.shutdown()
    assert result.returncode == 0, result.stderr[-2000:]
    stats = json.loads(stats_path.read_text())
    assert stats["newscrawler/fill_rate/published_at"] < 0.95
    assert not any(key.startswith("newscrawler/quality/") for key in stats)
    assert "no data-quality alarm: 5 articles are fewer than FILL_RATE_MIN_ITEMS (20)" in result.stderr


PROJECT = Settings()
PROJECT.setmodule("newscrawler.settings")


def article(number: int, **missing) -> dict:
    return {**{field: f"{field} {number}" for field in ARTICLE_FIELDS}, "url": f"https://www.inews.id/a/{number}", **missing}


@pytest.mark.parametrize("total, alarm", [(5, False), (19, False), (20, True)])
def test_one_article_without_content_fires_only_from_the_minimum_sample_on(total, alarm):
    """With the project's default FILL_RATE_MIN_ITEMS (20)."""
    crawler = get_crawler(settings_dict={
        "FILL_RATE_THRESHOLDS": {"content": 0.98}, "FILL_RATE_MIN_ITEMS": PROJECT.getint("FILL_RATE_MIN_ITEMS"),
    })
    crawler.stats.open_spider()
    extension = FillRateAlarm(crawler)
    extension.item_dropped(article(0, content=None), exception=Exception("missing_content: ..."))
    for number in range(1, total):
        extension.item_scraped(article(number))
    extension.spider_closed(spider=None, reason="finished")
    assert bool(crawler.stats.get_value("newscrawler/quality/alarm/content")) is alarm
