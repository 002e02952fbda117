"""End to end: ``-a keywords=…`` on a portal's fixture copy (merdeka: four stories in the
window). Only the stories on the topic are exported; the others are counted, remembered as
seen (the next run does not download them), and a later run with other keywords reads them
again with ``recrawl``."""
from __future__ import annotations

import json
import threading

import pytest

from fixture_site import serve_in_thread
from tests.conftest import FIXTURES, portal_site
from tests.support import crawl, read_jsonl

pytestmark = pytest.mark.e2e

EXPECTED = json.loads((FIXTURES / "merdeka" / "expected_crawl.json").read_text(encoding="utf-8"))
WINDOW = ["-a", f"since={EXPECTED['args']['since']}", "-a", f"until={EXPECTED['args']['until']}"]
FLOOD = "https://www.merdeka.com/peristiwa/read/8301442/banjir-rob-rendam-tiga-kelurahan-di-pesisir-semarang"
COFFEE = "https://www.merdeka.com/uang/read/8302017/ekspor-kopi-robusta-lampung-naik-18-persen"
ELECTION = "https://www.merdeka.com/dunia/read/8302655/pemilu-sela-selandia-baru-dimenangi-partai-oposisi"


def run(home, *args):
    """One crawl in ``home``; its exported URLs, stats and the article pages the server served."""
    served: list[str] = []
    lock = threading.Lock()

    def log(host, path):
        if f"https://{host}{path}" in EXPECTED["urls"]:
            with lock:
                served.append(f"https://{host}{path}")

    server, base_url = serve_in_thread(portal_site("merdeka"), on_request=log)
    out, stats = home / f"out{len(list(home.glob('out*.jsonl')))}.jsonl", home / "stats.json"
    try:
        result = crawl("merdeka", "-a", f"base_url={base_url}", *WINDOW, *args, "-o", str(out),
                       "-s", f"STATS_FILE={stats}", home=home)
    finally:
        server.shutdown()
    assert result.returncode == 0, result.stderr[-3000:]
    return sorted(item["url"] for item in read_jsonl(out)), json.loads(stats.read_text()), served, result.stderr


def test_only_articles_on_the_topic_are_exported_and_the_rest_is_counted_remembered_and_rereadable(tmp_path):
    # "rob" is a whole word in the flood story only ("robusta" is another word); "biji kopi"
    # is a phrase of the coffee story's body, not of its title.
    urls, stats, served, log = run(tmp_path, "-a", 'keywords=ROB,"biji kopi"')
    assert urls == sorted([FLOOD, COFFEE])
    assert stats["newscrawler/filtered/keywords"] == len(EXPECTED["urls"]) - 2
    assert not any(k.startswith("newscrawler/dropped/") for k in stats)
    assert f"{len(EXPECTED['urls']) - 2} not matching the keywords" in log

    # The next run (any keywords, or none) downloads nothing it has seen, filtered or exported.
    urls, stats, served, _ = run(tmp_path)
    assert urls == [] and served == []
    assert stats["newscrawler/articles/known_dropped_from_earlier_runs/filtered_keywords"] == len(EXPECTED["urls"]) - 2

    # recrawl reads them all again and exports what the new keywords select.
    urls, stats, served, _ = run(tmp_path, "-a", "keywords=pemilu", "-a", "recrawl=true")
    assert urls == [ELECTION]
    assert sorted(served) == sorted(EXPECTED["urls"])


def test_bad_keywords_stop_the_crawl_before_it_starts(tmp_path):
    result = crawl("merdeka", "-a", "keywords=?!", "-o", str(tmp_path / "out.jsonl"))
    assert result.returncode == 2
    assert "bad argument keywords='?!'" in result.stderr
    assert not (tmp_path / "out.jsonl").exists()
