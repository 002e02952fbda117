"""End to end: ``scrapy crawl site -a url=… -a base_url=…`` against the generic fixture sites
(``tests/fixtures/genericsite``): a WordPress-like site (robots.txt → gzip sitemap index → news
sitemap, post sitemaps, /feed), a WordPress-core site (/wp-sitemap.xml and /feed, robots.txt
naming none), a site with one Google News sitemap named only by robots.txt, a site whose Atom
feed only its home page names, and a site with neither. What the sitemaps and feeds date outside the window is never requested (the
server's request log says so), what they date inside is exported once."""
from __future__ import annotations

import json
import threading
from collections import Counter

import jsonschema
import pytest

from fixture_site import serve_in_thread
from tests.conftest import FIXTURES
from tests.support import crawl, read_jsonl

pytestmark = pytest.mark.e2e

SITE = FIXTURES / "genericsite" / "site"
EXPECTED = json.loads((FIXTURES / "genericsite" / "expected_crawl.json").read_text(encoding="utf-8"))
WINDOW = ["-a", f"since={EXPECTED['args']['since']}", "-a", f"until={EXPECTED['args']['until']}"]
WP, ATOM, NONE = "www.contoh-berita.co.id", "kabarkota.id", "www.tanpa-peta.co.id"
WPCORE, GNEWS = "www.suarapantura.id", "beritanusantara.id"


def run_site(tmp_path, urls: str, *args: str):
    seen: list[str] = []
    lock = threading.Lock()

    def log(host, path):
        with lock:
            seen.append(f"https://{host}{path}")

    server, base_url = serve_in_thread(SITE, on_request=log)
    out, stats = tmp_path / "out.jsonl", tmp_path / "stats.json"
    try:
        result = crawl("site", "-a", f"url={urls}", "-a", f"base_url={base_url}", *WINDOW, *args,
                       "-O", str(out), "-s", f"STATS_FILE={stats}")
    finally:
        server.shutdown()
    return result, read_jsonl(out) if out.exists() else [], json.loads(stats.read_text()) if stats.exists() else {}, seen


def on(host: str, urls) -> list[str]:
    return sorted(u for u in urls if u.startswith(f"https://{host}/"))


@pytest.fixture(scope="module")
def wordpress(tmp_path_factory):
    return run_site(tmp_path_factory.mktemp("wp"), WP)


def test_exports_exactly_the_articles_dated_in_the_window_once_each(wordpress, article_schema):
    result, items, _, _ = wordpress
    assert result.returncode == 0, result.stderr[-3000:]
    urls = [item["url"] for item in items]
    assert [u for u, n in Counter(urls).items() if n > 1] == []
    assert sorted(urls) == on(WP, EXPECTED["urls"])
    for item in items:
        jsonschema.validate(item, article_schema)
        expected = EXPECTED["items"][item["url"]]
        assert {k: item[k] for k in expected} == expected
        assert item["content"].startswith(("Semarang - ", "Bandung - ", "Yogyakarta - ", "Magelang - ", "Surabaya - ",
                                           "Tangerang - "))


def test_what_the_sitemaps_and_feed_date_outside_the_window_is_never_requested(wordpress):
    _, _, stats, seen = wordpress
    requested = {u.rstrip("/") for u in seen}
    assert on(WP, set(EXPECTED["never_requested"]) & requested) == []
    assert not {u.rstrip("/") for u in EXPECTED["not_articles"]} & requested
    # The October sitemap: the index dates it before the window, so it is not read at all.
    assert f"https://{WP}/post-sitemap-2026-10.xml.gz" not in seen
    assert stats["newscrawler/discovery/sitemaps_outside_window"] == 1
    # Two in the news sitemap, one in the November one, two in the feed (one of them also in
    # the news sitemap: counted per document that lists it).
    assert stats["newscrawler/discovery/outside_window"] == 5
    # Each in-window article was downloaded once, though listed up to three times.
    articles = [u for u in seen if u.rstrip("/") in EXPECTED["urls"]]
    assert sorted(articles) == sorted(set(articles)) and len(articles) == len(on(WP, EXPECTED["urls"]))


def test_discovery_went_through_robots_txt_the_gzip_index_and_the_home_pages_feed_links(wordpress):
    _, _, stats, seen = wordpress
    for path in ("/robots.txt", "/sitemap_index.xml.gz", "/news-sitemap.xml", "/post-sitemap-2026-11.xml", "/feed",
                 "/kategori/nasional/feed/"):
        assert f"https://{WP}{path}" in seen, path
    assert seen.count(f"https://{WP}/news-sitemap.xml") == 1  # guessed and named by the index: read once
    assert f"https://{WP}/feed/" not in seen  # the home page's /feed/ is the /feed already read
    assert stats["newscrawler/discovery/robots_sitemaps"] == 1
    assert stats["newscrawler/discovery/sitemaps"] == 4  # the index, news, November posts, categories
    assert stats["newscrawler/discovery/feeds"] == 2
    assert stats["newscrawler/discovery/feed_links"] == 2
    assert stats["newscrawler/discovery/entries"] == 4 + 5 + 4 + 7 + 5 + 2


def test_the_home_page_is_read_for_feeds_only(wordpress):
    _, items, _, seen = wordpress
    home_only = f"https://{WP}/2026/11/30/warga-gotong-royong-bersihkan-sungai-setelah-hujan-deras"
    assert home_only not in {u.rstrip("/") for u in seen} and home_only not in {i["url"] for i in items}


def test_a_second_run_downloads_nothing_it_exported(tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    first = run_site(tmp_path / "one", WP, "-s", f"STATE_DIR={home}")
    second = run_site(tmp_path / "two", WP, "-s", f"STATE_DIR={home}")
    assert first[0].returncode == 0 and second[0].returncode == 0, second[0].stderr[-2000:]
    assert len(first[1]) == len(on(WP, EXPECTED["urls"])) and second[1] == []
    assert not {u.rstrip("/") for u in second[3]} & set(EXPECTED["urls"])
    assert second[2]["newscrawler/articles/known_from_earlier_runs"] == len(first[1])


def test_two_sites_in_one_run_one_found_by_feed_autodiscovery_alone(tmp_path):
    result, items, stats, seen = run_site(tmp_path, f"{ATOM},https://{WP}/")
    assert result.returncode == 0, result.stderr[-3000:]
    assert sorted(i["url"] for i in items) == sorted(on(ATOM, EXPECTED["urls"]) + on(WP, EXPECTED["urls"]))
    assert {i["source"] for i in items} == {WP, ATOM}
    assert f"https://{ATOM}/xml/atom.xml" in seen
    assert on(ATOM, set(EXPECTED["never_requested"]) & {u.rstrip("/") for u in seen}) == []


def test_a_wordpress_core_site_is_found_by_wp_sitemap_xml_and_its_feed(tmp_path, article_schema):
    """robots.txt names no sitemap: the /wp-sitemap.xml guess finds the index, whose posts
    sitemap dates one story inside the window and one before it; the feed dates another."""
    result, items, stats, seen = run_site(tmp_path, WPCORE)
    assert result.returncode == 0, result.stderr[-3000:]
    assert sorted(i["url"] for i in items) == on(WPCORE, EXPECTED["urls"])
    for item in items:
        jsonschema.validate(item, article_schema)
        assert {k: item[k] for k in EXPECTED["items"][item["url"]]} == EXPECTED["items"][item["url"]]
    for path in ("/wp-sitemap.xml", "/wp-sitemap-posts-post-1.xml", "/feed"):
        assert f"https://{WPCORE}{path}" in seen, path
    assert on(WPCORE, set(EXPECTED["never_requested"]) & {u.rstrip("/") for u in seen}) == []
    assert stats["newscrawler/discovery/outside_window"] == 2  # the old story, in the sitemap and the feed


def test_a_google_news_sitemap_named_only_by_robots_txt_is_enough(tmp_path):
    result, items, stats, seen = run_site(tmp_path, GNEWS)
    assert result.returncode == 0, result.stderr[-3000:]
    assert [(i["url"], i["published_at"]) for i in items] == [
        (u, EXPECTED["items"][u]["published_at"]) for u in on(GNEWS, EXPECTED["urls"])]
    assert items[0]["published_at"].endswith("+08:00")  # WITA kept
    assert f"https://{GNEWS}/sitemaps/google-news.xml" in seen
    assert stats["newscrawler/discovery/robots_sitemaps"] == 1
    assert on(GNEWS, set(EXPECTED["never_requested"]) & {u.rstrip("/") for u in seen}) == []


def test_a_site_with_neither_sitemap_nor_feed_exits_12_with_one_line(tmp_path):
    result, items, stats, seen = run_site(tmp_path, NONE)
    assert result.returncode == 12, result.stderr[-3000:]
    assert items == []
    lines = [line for line in result.stderr.splitlines() if "no sitemap and no feed" in line]
    assert len(lines) == 1
    assert lines[0].endswith(f"crawl failed, exit status 12: no sitemap and no feed on {NONE} (looked in robots.txt, "
                             "/sitemap.xml, /sitemap_index.xml, /wp-sitemap.xml, /news-sitemap.xml, /feed, /rss and "
                             "the home page's feed links)")
    # Its /feed is an HTML page: counted as no feed, and its links were not followed.
    assert stats["newscrawler/discovery/skipped/not_a_sitemap_or_feed"] == 1
    assert [u for u in seen if "/2026/" in u] == []


def test_one_site_with_neither_among_others_still_exports_the_others_and_exits_12(tmp_path):
    result, items, stats, _ = run_site(tmp_path, f"{NONE},{ATOM}")
    assert result.returncode == 12
    assert sorted(i["url"] for i in items) == on(ATOM, EXPECTED["urls"])
    assert stats["newscrawler/discovery/nothing_found"].startswith(f"on {NONE} (")


def test_the_site_spider_stays_on_its_hosts(tmp_path):
    """The Atom site's feed names nothing else; the WordPress site's sitemaps name other hosts
    nowhere either: every request went to one of the two given hosts."""
    result, _, _, seen = run_site(tmp_path, f"{ATOM},{WP}", "-a", "max_articles=3")
    assert result.returncode == 0, result.stderr[-2000:]
    assert {u.split("/")[2] for u in seen} <= {WP, ATOM}


@pytest.mark.parametrize("args, message", [
    ([], "bad argument url='': expected a comma-separated list of site addresses"),
    (["-a", "url=https://x.co.id/news"], "bad argument url='https://x.co.id/news'"),
    (["-a", "url=x.co.id", "-a", "channels=news"], "bad argument channels='news': expected one of the arguments url,"),
])
def test_bad_site_arguments_stop_before_anything_starts(args, message):
    result = crawl("site", *args)
    assert result.returncode == 2
    assert message in result.stderr
