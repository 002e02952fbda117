"""The fill-rate alarm: silent on the normal fixture site, loud when half the pages lose their date."""
from __future__ import annotations

import json
import re
import shutil

import pytest

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
