"""Without REDIS_URL the crawler is what it was: nothing about Redis is imported on the way."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

from fixture_site import serve_in_thread
from tests.conftest import INEWS_SITE
from tests.support import ROOT, project_env

pytestmark = pytest.mark.e2e

# A whole embedded crawl in one process (settings, add-ons, scheduler, pipelines, state,
# feed), then the modules it imported.
CRAWL = """
import json, sys
from scrapy.crawler import CrawlerProcess
from scrapy.utils.project import get_project_settings
settings = get_project_settings()
settings.set("STATE_DIR", sys.argv[2])
settings.set("AUTOTHROTTLE_ENABLED", False, priority="cmdline")
settings.set("DOWNLOAD_DELAY", 0, priority="cmdline")
settings.set("FEEDS", {sys.argv[3]: {"format": "jsonlines"}})
process = CrawlerProcess(settings)
process.crawl("inews", base_url=sys.argv[1], since="2026-11-27", until="2026-11-28", max_articles="2")
process.start()
print(json.dumps(sorted(sys.modules)))
"""


def test_an_embedded_crawl_imports_nothing_about_redis(tmp_path):
    import redis  # noqa: F401  installed (the distributed tests need it): its absence proves nothing
    import scrapy_redis  # noqa: F401

    server, base_url = serve_in_thread(INEWS_SITE)
    try:
        result = subprocess.run([sys.executable, "-c", CRAWL, base_url, str(tmp_path / "state"), str(tmp_path / "out.jsonl")],
                                cwd=ROOT, env={k: v for k, v in project_env().items() if k != "REDIS_URL"},
                                capture_output=True, text=True, timeout=300)
    finally:
        server.shutdown()
    assert result.returncode == 0, result.stderr[-3000:]
    assert len((tmp_path / "out.jsonl").read_text().splitlines()) == 2  # it did crawl
    modules = json.loads(result.stdout.strip().splitlines()[-1])
    assert "newscrawler.pipelines" in modules and "newscrawler.distributed" in modules  # the switch was looked at
    redis_modules = [m for m in modules if m.split(".")[0] in ("redis", "scrapy_redis")
                     or m in ("newscrawler.distributed.worker", "newscrawler.state.redis")]
    assert redis_modules == []
