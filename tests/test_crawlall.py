"""`scrapy crawlall`: every portal in one process, each to its own feed, one summary line per
portal and one exit status, the worst."""
from __future__ import annotations

import json
import subprocess
import tempfile

import pytest

from fixture_site import serve_in_thread
from newscrawler.commands.crawlall import WORST_FIRST, worst
from newscrawler.commands.crawl import ExitStatus
from newscrawler.portals import PORTALS
from tests.conftest import FIXTURES, portal_site
from tests.support import FAST, ROOT, SCRAPY, read_jsonl

pytestmark = pytest.mark.e2e


def crawlall(names: list[str], base_url: str, since: str, until: str, out, *, state=None,
             output: str = "-o") -> subprocess.CompletedProcess:
    """One run, each portal to ``out/<portal>.jsonl``; with ``state``, on that state folder
    (else a fresh one)."""
    if state is None:
        with tempfile.TemporaryDirectory() as fresh:
            return crawlall(names, base_url, since, until, out, state=fresh, output=output)
    return subprocess.run(
        [SCRAPY, "crawlall", ",".join(names), *FAST, "-a", f"base_url={base_url}", "-a", f"since={since}",
         "-a", f"until={until}", "-s", f"STATE_DIR={state}", output, f"{out}/%(name)s.jsonl"],
        cwd=ROOT, capture_output=True, text=True, timeout=600,
    )


def test_every_portal_runs_in_one_process_each_to_its_own_feed(tmp_path):
    names = sorted(PORTALS)
    expected = {n: json.loads((FIXTURES / n / "expected_crawl.json").read_text(encoding="utf-8")) for n in names}
    server, base_url = serve_in_thread([portal_site(n) for n in names])
    try:
        result = crawlall(names, base_url, min(e["args"]["since"] for e in expected.values()),
                          max(e["args"]["until"] for e in expected.values()), tmp_path)
    finally:
        server.shutdown()
    assert result.returncode == 0, result.stderr[-3000:]
    for name in names:
        assert sorted(item["url"] for item in read_jsonl(tmp_path / f"{name}.jsonl")) == sorted(expected[name]["urls"])
        [line] = [line for line in result.stderr.splitlines() if f"crawlall: {name} exit status" in line]
        assert f"exit status 0, {len(expected[name]['urls'])} new articles: done" in line


def test_the_exit_status_is_the_worst_of_the_portals(tmp_path):
    other = next(n for n in sorted(PORTALS) if n != "inews")
    expected = json.loads((FIXTURES / "inews" / "expected_crawl.json").read_text(encoding="utf-8"))
    window = expected["args"]
    server, base_url = serve_in_thread(portal_site("inews"))  # the other portal's hosts all answer 404
    try:
        result = crawlall(["inews", other], base_url, window["since"], window["until"], tmp_path)
    finally:
        server.shutdown()
    assert result.returncode == ExitStatus.SITE_UNREACHABLE, result.stderr[-3000:]
    assert len(read_jsonl(tmp_path / "inews.jsonl")) == len(expected["urls"])
    assert f"exit status 6: 1 of 2 portals failed ({other})" in result.stderr


def test_dash_capital_o_per_portal_is_refused_over_a_file_of_exported_articles(tmp_path):
    """``-O 'dir/%(name)s.jsonl'`` is one file per portal, overwritten each run: a second run
    would lose the first one's articles, so it is refused as ``scrapy crawl -O`` is."""
    expected = json.loads((FIXTURES / "inews" / "expected_crawl.json").read_text(encoding="utf-8"))
    window = expected["args"]
    server, base_url = serve_in_thread(portal_site("inews"))
    try:
        first = crawlall(["inews"], base_url, window["since"], window["until"], tmp_path, state=tmp_path / "state",
                         output="-O")
        assert first.returncode == 0, first.stderr[-3000:]
        second = crawlall(["inews"], base_url, window["since"], window["until"], tmp_path, state=tmp_path / "state",
                          output="-O")
    finally:
        server.shutdown()
    assert second.returncode == ExitStatus.BAD_ARGUMENTS, second.stderr[-3000:]
    assert f"scrapy: error: -O {tmp_path / 'inews.jsonl'}: the file holds articles that earlier runs exported" \
           in second.stderr
    assert "Spider opened" not in second.stderr
    assert len(read_jsonl(tmp_path / "inews.jsonl")) == len(expected["urls"])


def test_one_dash_capital_o_file_for_several_portals_is_refused(tmp_path):
    out = tmp_path / "all.jsonl"
    # A port nothing listens on: were the crawls started, they would fail at once, offline.
    result = subprocess.run([SCRAPY, "crawlall", "inews,kompas", *FAST, "-a", "base_url=http://127.0.0.1:1",
                             "-s", f"STATE_DIR={tmp_path}", "-O", str(out)],
                            cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == ExitStatus.BAD_ARGUMENTS, result.stderr[-3000:]
    assert f"scrapy: error: -O {out}: inews and kompas would each overwrite it" in result.stderr
    assert "Spider opened" not in result.stderr and not out.exists()


def test_worst_puts_lost_data_before_an_unreachable_site_and_alarms_last():
    assert worst([ExitStatus.DONE, ExitStatus.QUALITY_ALARM, ExitStatus.SITE_UNREACHABLE]) == ExitStatus.SITE_UNREACHABLE
    assert worst([ExitStatus.BLOCKED, ExitStatus.WRITE_FAILED]) == ExitStatus.WRITE_FAILED
    assert worst([ExitStatus.DONE, ExitStatus.DONE]) == ExitStatus.DONE
    assert set(WORST_FIRST) == set(ExitStatus)  # every status has its rank
