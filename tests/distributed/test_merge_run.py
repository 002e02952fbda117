"""scripts/merge-run: a distributed run's files merged and verified (count, no URL twice, every
line valid against the schema), each problem named with its file and line."""
from __future__ import annotations

import json
import os
import subprocess
import sys

import jsonschema

from tests.conftest import ROOT

MERGE = str(ROOT / "scripts" / "merge-run")


def article(n: int) -> dict:
    return {
        "url": f"https://www.inews.id/news/nasional/berita-{n}", "source": "www.inews.id", "title": f"Berita {n}",
        "description": None, "content": "Isi berita.", "author": None, "editor": None,
        "published_at": "2026-11-27T10:00:00+07:00", "published_at_raw": "27 November 2026 10:00",
        "updated_at": None, "updated_at_raw": None, "channel": "news", "category": "News", "subcategory": None,
        "tags": [], "image_url": None, "image_caption": None, "read_next_url": None, "region": None,
        "language": "id", "crawled_at": "2026-11-27T03:00:00+00:00", "revision": 1, "revision_of_crawled_at": None,
    }


def line(item: dict) -> str:
    return json.dumps(item, ensure_ascii=False) + "\n"


def merge(*args) -> subprocess.CompletedProcess:
    return subprocess.run([MERGE, *map(str, args)], capture_output=True, text=True,
                          env={**os.environ, "PYTHON": sys.executable}, timeout=60)


def test_a_clean_run_is_counted_and_merged(tmp_path, article_schema):
    for n in range(3):
        jsonschema.validate(article(n), article_schema)  # the test's own articles are valid
    run = tmp_path / "run"
    run.mkdir()
    (run / "20261127T030000Z-a-1.jsonl").write_text(line(article(0)) + line(article(1)), encoding="utf-8")
    (run / "20261127T030001Z-b-2.jsonl").write_text(line(article(2)), encoding="utf-8")
    (run / "notes.txt").write_text("not a feed")
    merged = tmp_path / "merged.jsonl"
    result = merge("-o", merged, run)
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"merge-run: 2 files, 3 articles, ok; written to {merged}\n"
    assert [json.loads(x)["url"] for x in merged.read_text().splitlines()] == [article(n)["url"] for n in range(3)]


def test_duplicates_invalid_and_cut_lines_are_each_named_and_fail_the_check(tmp_path):
    a, b = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    broken = {**article(3), "title": 7}
    a.write_text(line(article(0)) + "{not json\n" + line(broken), encoding="utf-8")
    b.write_text(line(article(1)) + line(article(0)) + line(article(2))[:-20], encoding="utf-8")
    merged = tmp_path / "merged.jsonl"
    result = merge("-o", merged, a, b)
    assert result.returncode == 1
    problems = result.stderr.splitlines()
    assert problems[0].startswith(f"{a}:2: not JSON")
    assert problems[1].startswith(f"{a}:3: not an article: 7 is not of type 'string'")
    assert problems[2] == f"{b}:3: last line cut short (no newline): left out"
    assert problems[3] == f"{b}:2: duplicate URL {article(0)['url']} (first at {a}:1): left out"
    assert result.stdout == f"merge-run: 2 files, 2 articles, 4 problem(s); written to {merged}\n"
    assert len(merged.read_text().splitlines()) == 2


def test_nothing_to_merge_is_a_usage_error(tmp_path):
    result = merge(tmp_path)
    assert result.returncode == 2
    assert result.stderr == f"merge-run: error: no .jsonl file in {tmp_path}\n"


def test_with_the_crawl_state_the_copy_a_killed_worker_wrote_before_its_record_is_no_problem(tmp_path, redis_server):
    from newscrawler.state import ExportRecord, open_state
    from newscrawler.state.redis import RedisLink

    link = RedisLink(redis_server.client(), "hostb-2-c0ffee", "newscrawler:crawl:x:0:")
    open_state("unused", "inews", redis=link).record_many([ExportRecord(article(0)["url"], "fp", 1)])
    killed, survivor = tmp_path / "20261127T030000Z-hosta-1.jsonl", tmp_path / "20261127T030100Z-hostb-2.jsonl"
    killed.write_text(line(article(0)), encoding="utf-8")  # written; killed before the record
    survivor.write_text(line(article(1)) + line({**article(0), "crawled_at": "2026-11-27T03:01:00+00:00"}),
                        encoding="utf-8")
    merged = tmp_path / "merged.jsonl"
    result = merge("-o", merged, "--redis", redis_server.url, "--spider", "inews", killed, survivor)
    assert result.returncode == 0, result.stderr
    assert result.stderr == (f"{killed}:1: {article(0)['url']} written by a worker killed before it was recorded; "
                             f"exported at {survivor}:2: left out\n")
    assert [json.loads(x)["crawled_at"] for x in merged.read_text().splitlines()] == [
        "2026-11-27T03:01:00+00:00", article(1)["crawled_at"]]
    without = merge(killed, survivor)  # without the state it cannot tell: a problem
    assert without.returncode == 1 and "duplicate URL" in without.stderr
