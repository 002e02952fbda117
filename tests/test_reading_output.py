"""The README's "Reading the output" recipes, run as they are written on the output of real
crawls: two cron-style runs of the fixture site (the second adds an empty file)."""
from __future__ import annotations

import os
import re
from datetime import timezone

import duckdb  # noqa: F401 (test dependencies, in requirements.lock: a missing one fails here)
import pandas as pd
import pytest

from tests.support import ROOT, crawl

pytestmark = pytest.mark.e2e


def recipes() -> list[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("### Reading the output", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```python\n(.*?)```", section, re.S)
    assert len(blocks) == 4, "the section has a pandas and a duckdb block, then the latest revisions in each"
    return blocks


@pytest.fixture(scope="module")
def home(inews_server, expected_crawl, tmp_path_factory):
    home = tmp_path_factory.mktemp("reader")
    args = expected_crawl["args"]
    for _ in range(2):
        result = crawl("inews", "-a", f"base_url={inews_server}", "-a", f"since={args['since']}",
                       "-a", f"until={args['until']}", home=home)
        assert result.returncode == 0, result.stderr[-3000:]
    files = sorted((home / "output" / "inews").glob("*.jsonl"))
    assert len(files) == 2 and files[1].stat().st_size == 0  # the second run had nothing new
    return home


def run_recipe(code: str, home) -> dict:
    namespace: dict = {}
    cwd = os.getcwd()
    os.chdir(home)
    try:
        exec(compile(code, "README.md", "exec"), namespace)
    finally:
        os.chdir(cwd)
    return namespace


def test_the_pandas_recipe_reads_every_article_with_utc_datetimes(home, expected_crawl):
    pandas_block, *_ = recipes()
    articles = run_recipe(pandas_block, home)["articles"]
    assert sorted(articles["url"]) == sorted(expected_crawl["urls"])
    for column in ("published_at", "updated_at", "crawled_at"):
        assert str(articles[column].dtype) == "datetime64[us, UTC]", column
    assert str(articles["published_wib"].dtype) == "datetime64[us, Asia/Jakarta]"
    assert all(isinstance(tags, list) for tags in articles["tags"])
    # The point of utc=True: the pages carry more than one offset, which pandas refuses without it.
    offsets = {raw[-6:] for raw in pd.read_json(next(iter(sorted((home / "output" / "inews").glob("*.jsonl")))),
                                                lines=True, dtype=False)["published_at"].dropna()}
    assert len(offsets) > 1
    with pytest.raises(ValueError, match="Mixed timezones"):
        pd.to_datetime(pd.Series(sorted(offsets)).radd("2026-11-26T16:00:00"), format="ISO8601")


def test_the_duckdb_recipe_counts_every_article_by_channel(home, expected_crawl):
    _, duckdb_block, *_ = recipes()
    per_channel = run_recipe(duckdb_block, home)["per_channel"]
    assert sum(count for _, count, _, _ in per_channel) == len(expected_crawl["urls"])
    assert [channel for channel, *_ in per_channel] == sorted(channel for channel, *_ in per_channel)
    assert all(first.tzinfo is not None and first.utcoffset() == timezone.utc.utcoffset(None)
               for _, _, first, _ in per_channel)


EDITED = "https://www.inews.id/news/nasional/jadwal-asesmen-nasional-2027-diumumkan-sekolah-diminta-siapkan-perangkat-komputer"


@pytest.fixture(scope="module")
def revised_home(expected_crawl, tmp_path_factory):
    """Two runs of a copy of the site; between them one article was corrected, so the second
    run exports it again as revision 2."""
    from tests.spiders.test_revisions import correction, edit, serve, site_copy

    home = tmp_path_factory.mktemp("revised")
    site = site_copy(home)
    server, base_url, _ = serve(site)
    args = expected_crawl["args"]
    try:
        for run, settings in enumerate(([], ["-s", "REVISIT_EVERY=0"])):
            if run:
                edit(EDITED, site, correction)
            result = crawl("inews", "-a", f"base_url={base_url}", "-a", f"since={args['since']}",
                           "-a", f"until={args['until']}", *settings, home=home)
            assert result.returncode == 0, result.stderr[-3000:]
    finally:
        server.shutdown()
    return home


def test_the_latest_revision_recipes_keep_one_line_per_url_the_revised_one_as_revised(revised_home, expected_crawl):
    pandas_block, duckdb_block, pandas_latest, duckdb_latest = recipes()
    latest = run_recipe(pandas_block + pandas_latest, revised_home)["latest"]
    articles = run_recipe(pandas_block, revised_home)["articles"]
    assert len(articles) == len(expected_crawl["urls"]) + 1  # the dataset holds both revisions
    assert sorted(latest["url"]) == sorted(expected_crawl["urls"])
    revised = latest[latest["url"] == EDITED].iloc[0]
    assert revised["revision"] == 2 and "Ralat:" in revised["content"]
    assert set(latest["revision"]) == {1, 2}
    rows = run_recipe(duckdb_block + duckdb_latest, revised_home)["latest_revisions"]
    assert [url for url, *_ in rows] == sorted(expected_crawl["urls"])
    [(_, revision, _, content, updated_at, _)] = [row for row in rows if row[0] == EDITED]
    assert revision == 2 and "Ralat:" in content and updated_at.tzinfo is not None
