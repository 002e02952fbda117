"""ANTARA's rules (newscrawler/portals/antaranews.py) on the fixture copy in
tests/fixtures/antaranews (facts: shared/sites/portals.md §9)."""
from __future__ import annotations

import re
import subprocess
import sys
from datetime import date

import protego
import pytest

from newscrawler.dates import parse_indonesian_date, to_iso
from newscrawler.extraction import extract_with_report
from newscrawler.portals import PORTALS, canonical_url, portal_for_url
from newscrawler.settings import USER_AGENT
from tests.conftest import portal_site

ANTARA = PORTALS["antaranews"]
SITE = portal_site("antaranews")
CANONICAL = "https://www.antaranews.com/berita/4871203/kpu-tetapkan-jadwal-uji-publik-rancangan-daerah-pemilihan-baru"
DATE_TRAP = "https://www.antaranews.com/berita/4872018/ekspor-kopi-robusta-lampung-naik-18-persen-hingga-oktober"


def page_of(url: str) -> bytes:
    return (SITE / url.split("://", 1)[1] / "index.html").read_bytes()


@pytest.mark.parametrize("variant", [
    CANONICAL,
    CANONICAL + "/",
    CANONICAL + "?utm_source=antaranews&utm_medium=desktop",
    CANONICAL + "#komentar",
    "http://WWW.ANTARANEWS.COM/berita/4871203/kpu-tetapkan-jadwal-uji-publik-rancangan-daerah-pemilihan-baru",
])
def test_every_form_of_an_article_has_one_canonical_url(variant):
    assert ANTARA.is_article_url(variant)
    assert canonical_url(variant) == CANONICAL
    assert portal_for_url(variant) is ANTARA


@pytest.mark.parametrize("url", [
    "https://www.antaranews.com/",
    "https://www.antaranews.com/terkini?page=2",
    "https://www.antaranews.com/ekonomi/bursa/2",
    "https://www.antaranews.com/search?q=kopi&page=1",
    "https://www.antaranews.com/rss/terkini",
    "https://www.antaranews.com/ajax/berita/4871203",
    "https://www.antaranews.com/video/4871100/rekaman-rapat-pleno-kpu",
    "https://www.antaranews.com/foto/4871150/suasana-pasar",
    "https://www.antaranews.com/tag/pemilu-2029",
    "https://www.antaranews.com/berita/kpu-tetapkan-jadwal",          # no id
    "https://en.antaranews.com/news/341207/kpu-sets-public-review",   # English site: separate (§9a)
    "https://lampung.antaranews.com/berita/771204/harga-kopi",        # regional site: separate (§9a)
    "https://notantaranews.com/berita/4871203/kpu-tetapkan",
])
def test_listings_media_search_and_the_separate_sites_are_not_articles(url):
    assert not ANTARA.is_article_url(url)


def test_entry_points_for_two_days_page_the_latest_list_and_read_the_feeds():
    # No dated index exists (§9b, ARIF: /indeks/<date> is 404): the window does not change the
    # entry points; the latest list is walked back page by page instead.
    two_days = ANTARA.entry_points([date(2026, 11, 27), date(2026, 11, 28)], ["ekonomi", "dunia"])
    assert two_days == [
        "https://www.antaranews.com/",
        "https://www.antaranews.com/terkini?page=1",
        "https://www.antaranews.com/rss/terkini",
        "https://www.antaranews.com/rss/top-news",
        "https://www.antaranews.com/rss/ekonomi",
        "https://www.antaranews.com/rss/dunia",
    ]
    assert ANTARA.entry_points([date(2026, 11, 1)], ["ekonomi", "dunia"]) == two_days


def test_the_latest_list_pages_by_number_and_the_feeds_do_not_page():
    assert ANTARA.next_listing_page("https://www.antaranews.com/terkini?page=1") == "https://www.antaranews.com/terkini?page=2"
    assert ANTARA.next_listing_page("https://www.antaranews.com/terkini?page=9") == "https://www.antaranews.com/terkini?page=10"
    assert ANTARA.next_listing_page("https://www.antaranews.com/rss/ekonomi") is None


def test_articles_are_never_split():
    assert ANTARA.whole_article_url(CANONICAL) == CANONICAL


def test_the_date_line_wins_over_the_dates_of_other_stories_above_it():
    html = page_of(DATE_TRAP).decode("utf-8")
    # The "Terkini" strip above the headline shows other stories' dates and times first.
    assert html.index("Kamis, 26 November 2026 23:50 WIB") < html.index("Sabtu, 28 November 2026 08:05 WIB")
    assert not re.search(r"application/ld\+json|article:published_time", html)
    fields, report = extract_with_report(html, DATE_TRAP)
    assert report.layout == "antaranews_2026"
    assert fields["published_at_raw"] == "Sabtu, 28 November 2026 08:05 WIB"
    assert fields["published_at"] == "2026-11-28T08:05:00+07:00"
    assert report.layers["published_at"] == "site"


def test_writer_line_is_the_author_and_never_part_of_the_body():
    fields, report = extract_with_report(page_of(CANONICAL), CANONICAL)
    assert fields["author"] == "Rina Kartika"
    assert report.layers["author"] == "site"
    assert "Pewarta" not in fields["content"] and "Baca juga" not in fields["content"]
    assert fields["content"].startswith("Jakarta (ANTARA) - Komisi Pemilihan Umum")
    assert (fields["category"], fields["subcategory"]) == ("Politik", "Pemilu")


@pytest.mark.parametrize("text,iso", [
    ("Jumat, 27 November 2026 10:42 WIB", "2026-11-27T10:42:00+07:00"),
    ("Sabtu, 28 Nov 2026 08:05 WIB", "2026-11-28T08:05:00+07:00"),    # short month (SEC's parser)
    ("Minggu, 6 Desember 2026 07:00 WIB", "2026-12-06T07:00:00+07:00"),
    ("Selasa, 1 Desember 2026 21:15 WITA", "2026-12-01T21:15:00+08:00"),
])
def test_documented_antara_date_forms_parse_with_their_zone(text, iso):
    assert to_iso(parse_indonesian_date(text)) == iso


def test_robots_txt_of_the_copy_forbids_only_ajax_to_us():
    rules = protego.Protego.parse((SITE / "www.antaranews.com/robots.txt").read_text())
    assert rules.can_fetch(CANONICAL, USER_AGENT)
    assert rules.can_fetch("https://www.antaranews.com/terkini?page=2", USER_AGENT)
    assert not rules.can_fetch("https://www.antaranews.com/ajax/terkini/more", USER_AGENT)


def test_fixture_site_is_built_from_its_table():
    result = subprocess.run([sys.executable, str(SITE.parent / "build.py"), "--check"], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
