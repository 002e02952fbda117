"""Republika's rules (newscrawler/portals/republika.py) on the fixture copy in
tests/fixtures/republika (facts: shared/sites/portals.md §10), and what its robots.txt means
for our User-Agent."""
from __future__ import annotations

import re
import subprocess
import sys
from datetime import date

import protego
import pytest

from fixture_site import serve_in_thread
from newscrawler.dates import parse_indonesian_date, to_iso
from newscrawler.extraction import extract_with_report
from newscrawler.middlewares import article_channel
from newscrawler.portals import PORTALS, canonical_url, portal_for_url
from newscrawler.settings import USER_AGENT
from tests.conftest import portal_site
from tests.support import crawl

REPUBLIKA = PORTALS["republika"]
SITE = portal_site("republika")
CANONICAL = "https://news.republika.co.id/berita/t4k2m9p01/dpr-minta-pemerintah-percepat-sertifikasi-guru-madrasah"
DATE_TRAP = "https://ekonomi.republika.co.id/berita/t4m8q2x55/ojk-catat-penyaluran-pembiayaan-syariah-tumbuh-dua-digit"
BARE = "https://republika.co.id/berita/t4j7w3c20/ribuan-jamaah-ikuti-kajian-subuh-akbar-di-masjid-raya-bandung"
ROBOTS = protego.Protego.parse((SITE / "www.republika.co.id/robots.txt").read_text())
SCRAPY_UA = "Scrapy/2.13.3 (+https://scrapy.org)"


def page_of(url: str) -> bytes:
    return (SITE / url.split("://", 1)[1] / "index.html").read_bytes()


@pytest.mark.parametrize("variant,canonical", [
    (CANONICAL, CANONICAL),
    (CANONICAL + "/", CANONICAL),
    (CANONICAL + "?utm_source=homepage&utm_medium=headline", CANONICAL),
    (CANONICAL + "#komentar", CANONICAL),
    ("http://NEWS.REPUBLIKA.CO.ID/berita/t4k2m9p01/dpr-minta-pemerintah-percepat-sertifikasi-guru-madrasah", CANONICAL),
    # §10a (EGI): listings print bare-host stories with a double slash.
    ("https://republika.co.id/berita//t4j7w3c20/ribuan-jamaah-ikuti-kajian-subuh-akbar-di-masjid-raya-bandung", BARE),
    ("https://republika.co.id/berita///t4j7w3c20/ribuan-jamaah-ikuti-kajian-subuh-akbar-di-masjid-raya-bandung", BARE),
])
def test_every_form_of_an_article_has_one_canonical_url(variant, canonical):
    assert REPUBLIKA.is_article_url(variant)
    assert canonical_url(variant) == canonical
    assert portal_for_url(variant) is REPUBLIKA


@pytest.mark.parametrize("url", [
    "https://rejabar.republika.co.id/berita/tio9zt472/a-b",   # §10a, EGI's code example
    "https://www.republika.co.id/berita/tio9zt472/a-b",
    "https://esgnow.republika.co.id/berita/tio9zt472/a-b",
])
def test_articles_on_every_kanal_host(url):
    assert REPUBLIKA.is_article_url(url)


@pytest.mark.parametrize("url", [
    "https://www.republika.co.id/",
    "https://news.republika.co.id/",
    "https://www.republika.co.id/kanal/news",
    "https://www.republika.co.id/tag/guru-madrasah",
    "https://www.republika.co.id/search/?q=madrasah",
    "https://www.republika.co.id/berita/serial/next",        # appends another article (§10e)
    "https://www.republika.co.id/feed/news",
    "https://www.republika.co.id/rss/news",
    "https://www.republika.co.id/ajax/berita/t4k2m9p01",
    "https://www.republika.co.id/indeks",
    "https://www.republika.co.id/indeks/hot_topic/pemilu",
    "https://republika.co.id/index/50/2026/11/27",
    "https://republika.co.id/index/ekonomi/0",
    "https://www.republika.co.id/berita/t4k2m9p01",           # no slug
    "https://notrepublika.co.id/berita/t4k2m9p01/dpr-minta",
])
def test_hubs_tags_search_indexes_feeds_and_the_next_article_are_not_articles(url):
    assert not REPUBLIKA.is_article_url(url)


def test_entry_points_for_two_days_read_each_day_of_the_index_and_the_kanal_lists():
    urls = REPUBLIKA.entry_points([date(2026, 11, 27), date(2026, 11, 28)], ["news", "ekonomi", "rejabar"])
    assert urls == [
        "https://www.republika.co.id/",
        "https://republika.co.id/index/0/2026/11/27",
        "https://republika.co.id/index/0/2026/11/28",
        "https://www.republika.co.id/indeks",
        "https://republika.co.id/index/news/0",
        "https://republika.co.id/index/ekonomi/0",
        "https://republika.co.id/index/rejabar/0",
        "https://www.republika.co.id/rss",
        "https://www.republika.co.id/rss/news",
        "https://www.republika.co.id/rss/nusantara",
        "https://www.republika.co.id/rss/internasional",
        "https://www.republika.co.id/rss/ekonomi",
    ]


def test_the_day_index_pages_by_offsets_of_fifty_and_the_kanal_list_is_page_one_only():
    assert REPUBLIKA.next_listing_page("https://republika.co.id/index/0/2026/11/27") == "https://republika.co.id/index/50/2026/11/27"
    assert REPUBLIKA.next_listing_page("https://republika.co.id/index/50/2026/11/27") == "https://republika.co.id/index/100/2026/11/27"
    assert REPUBLIKA.next_listing_page("https://republika.co.id/index/ekonomi/0") is None
    assert REPUBLIKA.next_listing_page("https://www.republika.co.id/indeks") is None


def test_articles_are_never_split():
    assert REPUBLIKA.whole_article_url(CANONICAL) == CANONICAL


def test_robots_txt_bans_the_scrapy_and_news_please_agents_not_ours():
    # §10f (EGI): `/` for the named crawlers; our User-Agent is "newscrawler/…", none of them.
    assert USER_AGENT.startswith("newscrawler/")
    for agent in (SCRAPY_UA, "news-please/1.6.13"):
        assert not ROBOTS.can_fetch(CANONICAL, agent)
        assert not ROBOTS.can_fetch("https://republika.co.id/index/0/2026/11/27", agent)
    assert ROBOTS.can_fetch(CANONICAL, USER_AGENT)


def test_robots_txt_rules_for_everyone_forbid_feed_search_ajax_and_utm_links():
    for url in ("https://www.republika.co.id/feed/news", "https://www.republika.co.id/search/?q=madrasah",
                "https://www.republika.co.id/ajax/terkini", CANONICAL + "?utm_source=homepage&utm_medium=headline"):
        assert not ROBOTS.can_fetch(url, USER_AGENT), url
    # A listing's utm_source link is requested in its canonical form, which is allowed.
    assert ROBOTS.can_fetch(canonical_url(CANONICAL + "?utm_source=homepage"), USER_AGENT)


def test_no_entry_point_is_one_robots_txt_forbids_us():
    urls = REPUBLIKA.entry_points([date(2026, 11, 27), date(2026, 11, 28)], list(REPUBLIKA.channels))
    assert [u for u in urls if not ROBOTS.can_fetch(u, USER_AGENT)] == []
    assert not any("/feed" in u or "utm_" in u for u in urls)


@pytest.mark.e2e
def test_run_as_the_scrapy_agent_the_portal_is_reported_as_blocked_and_nothing_is_requested(tmp_path):
    requested = []
    server, base_url = serve_in_thread(SITE, on_request=lambda host, path: requested.append(path))
    try:
        result = crawl("republika", "-a", f"base_url={base_url}", "-a", "since=2026-11-27", "-a", "until=2026-11-28",
                       "-s", f"USER_AGENT={SCRAPY_UA}", "-O", str(tmp_path / "out.jsonl"))
    finally:
        server.shutdown()
    assert result.returncode == 10, result.stderr[-3000:]
    assert set(requested) == {"/robots.txt"}
    assert "exit status 10: republika blocked us: robots.txt forbids it" in result.stderr


def test_the_byline_names_the_writer_and_the_json_ld_author_is_the_editor():
    html = page_of(CANONICAL)
    assert b'"author": {"@type": "Person", "name": "Yudi Prasetyo"}' in html
    fields, report = extract_with_report(html, CANONICAL)
    assert report.layout == "republika_2026"
    assert (fields["author"], fields["editor"]) == ("Fikri Ramadhan", "Yudi Prasetyo")
    assert report.layers["author"] == "site"
    # The same page on a host no portal knows: the shared layers take the JSON-LD name.
    assert extract_with_report(html, "https://contoh.id/berita/1")[0]["author"] == "Yudi Prasetyo"


def test_an_empty_image_url_in_json_ld_falls_back_to_og_image_and_body_boxes_are_dropped():
    fields, _ = extract_with_report(page_of(CANONICAL), CANONICAL)
    assert fields["image_url"].endswith("/rapat-komisi-viii-dpr.jpg")
    assert fields["content"].startswith("REPUBLIKA.CO.ID, JAKARTA -- Komisi VIII DPR")
    assert "Baca Juga" not in fields["content"] and "Foto ilustrasi" not in fields["content"]
    assert fields["tags"] == ["guru madrasah", "sertifikasi guru", "DPR"]
    assert fields["category"] == "News"


def test_the_date_line_wins_over_the_strip_of_other_days_when_json_ld_is_missing():
    html = page_of(DATE_TRAP).decode("utf-8")
    assert html.index("Kamis 26 Nov 2026 20:15 WIB") < html.index("Sabtu 28 Nov 2026 06:10 WIB")
    fields, report = extract_with_report(html, DATE_TRAP)
    assert fields["published_at"] == "2026-11-28T06:10:00+07:00" and report.layers["published_at"] == "jsonld"
    # The h1 is empty (NW's note): the JSON-LD headline is the title.
    assert "<h1></h1>" in html and fields["title"] == "OJK Catat Penyaluran Pembiayaan Syariah Tumbuh Dua Digit"
    bare = re.sub(r'<script type="application/ld\+json">.*?</script>', "", html, flags=re.S)
    fields, report = extract_with_report(bare, DATE_TRAP)
    assert fields["published_at_raw"] == "Sabtu 28 Nov 2026 06:10 WIB"
    assert fields["published_at"] == "2026-11-28T06:10:00+07:00"
    assert report.layers["published_at"] == "site"


@pytest.mark.parametrize("text,iso", [
    ("Jumat 24 Jul 2026 16:32 WIB", "2026-07-24T16:32:00+07:00"),          # article (EGI fixture)
    ("20 July 2026, 23:40", "2026-07-20T23:40:00+07:00"),                   # per-day index (EGI)
    ("Rabu, 02 November 2016, 10:29 WIB", "2016-11-02T10:29:00+07:00"),     # 2016 article (ROJ)
    ("Wednesday, 02 November 2016", "2016-11-02T00:00:00+07:00"),           # 2016 listing (ROJ)
    ("Sabtu 05 Des 2026 07:15 WIB", "2026-12-05T07:15:00+07:00"),           # Indonesian short month
])
def test_documented_republika_date_forms_parse_as_wib(text, iso):
    assert to_iso(parse_indonesian_date(text)) == iso


def test_the_channel_is_the_kanal_host():
    assert article_channel(CANONICAL) == "news"
    assert article_channel(DATE_TRAP) == "ekonomi"
    assert article_channel(BARE) is None


def test_fixture_site_is_built_from_its_table():
    result = subprocess.run([sys.executable, str(SITE.parent / "build.py"), "--check"], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
