"""Tribunnews' rules (newscrawler/portals/tribunnews.py) and the quirks of its pages, on the
fixture copy in tests/fixtures/tribunnews (facts: shared/sites/portals.md §11)."""
from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from newscrawler.dates import parse_indonesian_date, to_iso
from newscrawler.extraction import extract_with_report, merge_pages
from newscrawler.portals import PORTALS, canonical_url, portal_for_url
from tests.conftest import FIXTURES, portal_site

TRIBUN = PORTALS["tribunnews"]
SITE = portal_site("tribunnews")
SPLIT_URL = "https://www.tribunnews.com/nasional/7912044/kpu-tetapkan-jadwal-pemungutan-suara-ulang-di-tujuh-kabupaten"
DATED_URL = "https://www.tribunnews.com/internasional/2026/11/27/pelabuhan-rotterdam-uji-kapal-tunda-listrik-pertama"
TRAP_URL = "https://www.tribunnews.com/ekonomi/7913310/harga-gabah-kering-panen-naik-di-sentra-padi-jawa-tengah"


def folder(url: str) -> Path:
    return SITE / url.split("://", 1)[1]


def page(url: str, name: str = "index.html") -> bytes:
    return (folder(url) / name).read_bytes()


@pytest.mark.parametrize("variant", [
    SPLIT_URL,
    SPLIT_URL + "/",
    SPLIT_URL + "?page=2",
    SPLIT_URL + "?page=all",
    SPLIT_URL + "?utm_source=home&utm_medium=headline",
    SPLIT_URL + "#komentar",
    "http://WWW.TRIBUNNEWS.COM/nasional/7912044/kpu-tetapkan-jadwal-pemungutan-suara-ulang-di-tujuh-kabupaten",
])
def test_every_form_of_an_article_has_one_canonical_url(variant):
    assert TRIBUN.is_article_url(variant)
    assert canonical_url(variant) == SPLIT_URL


@pytest.mark.parametrize("url", [
    "https://www.tribunnews.com/internasional/7858656/a-b",        # §11a, EGI's current form
    DATED_URL,                                                   # §11a, the dated form of older and wire stories
    "https://www.tribunnews.com/regional/7912687/warga-lereng-sindoro",
])
def test_both_article_forms_are_articles_of_tribunnews(url):
    assert TRIBUN.is_article_url(url)
    assert portal_for_url(url) is TRIBUN
    assert canonical_url(url) == url


@pytest.mark.parametrize("url", [
    "https://www.tribunnews.com/",
    "https://www.tribunnews.com/nasional",
    "https://www.tribunnews.com/tag/pilkada-2026",
    "https://www.tribunnews.com/topic/pemungutan-suara-ulang",
    "https://www.tribunnews.com/video/7912100/suasana-rapat-pleno-kpu",
    "https://www.tribunnews.com/foto/7912150/potret-rapat-pleno-kpu",
    "https://www.tribunnews.com/webstories/7912160/lima-fakta-psu",
    "https://www.tribunnews.com/penulis/galih-pratama",
    "https://www.tribunnews.com/editor/wahyu-hidayat",
    "https://www.tribunnews.com/index-news/nasional",
    "https://www.tribunnews.com/index-news?page=2",
    "https://www.tribunnews.com/search?q=kpu",
    "https://www.tribunnews.com/api/7912044/komentar",
    # §11a: m. is the mobile mirror, regional Tribun hosts are other newsrooms: www only.
    "https://m.tribunnews.com/nasional/7912044/kpu-tetapkan-jadwal-pemungutan-suara-ulang-di-tujuh-kabupaten",
    "https://jabar.tribunnews.com/2026/11/27/longsor-di-garut",
    "https://www.tribunnews.com/nasional/2026/11/27",             # a date with no slug
    "https://eviltribunnews.com/nasional/7912044/a-b",
])
def test_tags_topics_media_people_indexes_and_other_hosts_are_not_articles(url):
    assert not TRIBUN.is_article_url(url)


def test_entry_points_for_two_days_cover_each_day_the_latest_index_sections_and_sitemaps():
    urls = TRIBUN.entry_points([date(2026, 11, 27), date(2026, 11, 28)], ["nasional", "ekonomi"])
    assert urls == [
        "https://www.tribunnews.com/",
        "https://www.tribunnews.com/index-news?page=1",
        "https://www.tribunnews.com/index-news?date=2026-11-27&page=1",
        "https://www.tribunnews.com/index-news?date=2026-11-28&page=1",
        "https://www.tribunnews.com/index-news/nasional",
        "https://www.tribunnews.com/index-news/ekonomi",
        "https://www.tribunnews.com/sitemap.xml",
        "https://www.tribunnews.com/sitemap-news.xml",
    ]


def test_index_pages_follow_page_by_page_keeping_their_day_and_section_hubs_do_not():
    assert TRIBUN.next_listing_page("https://www.tribunnews.com/index-news?page=1") == "https://www.tribunnews.com/index-news?page=2"
    assert (TRIBUN.next_listing_page("https://www.tribunnews.com/index-news?date=2026-11-27&page=2")
            == "https://www.tribunnews.com/index-news?date=2026-11-27&page=3")
    assert TRIBUN.next_listing_page("https://www.tribunnews.com/index-news/nasional") is None
    assert TRIBUN.next_listing_page("https://www.tribunnews.com/") is None


def test_whole_article_view_is_page_all():
    assert TRIBUN.whole_article_url(SPLIT_URL) == SPLIT_URL + "?page=all"


def test_the_page_links_of_a_split_story_give_the_same_article_as_page_all():
    expected = json.loads((folder(SPLIT_URL) / "expected.json").read_text(encoding="utf-8"))
    whole, report = extract_with_report(page(SPLIT_URL, "index?page=all.html"), SPLIT_URL + "?page=all")
    assert report.layout == "tribunnews_2026"
    first, report = extract_with_report(page(SPLIT_URL), SPLIT_URL)
    assert SPLIT_URL + "?page=2" in report.page_urls
    later = [extract_with_report(page(SPLIT_URL, "index?page=2.html"), SPLIT_URL + "?page=2")[0]]
    joined = merge_pages(first, later)
    assert whole["content"] == joined["content"] == expected["content"]
    assert "di lapangan terbuka tidak diizinkan." in joined["content"]  # page 2's last paragraph


def test_the_summary_box_read_also_lines_ads_and_in_body_figures_are_dropped():
    fields, _ = extract_with_report(page(SPLIT_URL, "index?page=all.html"), SPLIT_URL + "?page=all")
    for noise in ("Ringkasan Berita", "Baca juga", "Iklan:", "Gedung KPU di Jakarta Pusat"):
        assert noise not in fields["content"]
    assert fields["content"].startswith("TRIBUNNEWS.COM, JAKARTA - Komisi Pemilihan Umum")
    assert fields["author"] == "Galih Pratama, Sekar Ayuningtyas"  # JSON-LD author array
    assert fields["editor"] == "Wahyu Hidayat"  # the #editor line above the body (layout)
    assert fields["tags"] == ["KPU", "Pemungutan Suara Ulang", "Pilkada 2026"]  # JSON-LD keywords array


def test_json_ld_graph_dates_keep_their_wib_offset():
    fields, report = extract_with_report(page(DATED_URL), DATED_URL)
    assert fields["published_at"] == "2026-11-27T21:40:00+07:00"
    assert report.layers["published_at"] == "jsonld"
    assert (fields["category"], fields["subcategory"]) == ("Internasional", "Eropa")


def test_without_structured_data_the_tayang_line_wins_over_the_sidebar_dates(monkeypatch):
    # The "Terkini" strip above the headline shows "Jumat, 27 November 2026 21:40 WIB",
    # "3 jam lalu" and "Kamis, 26 November 2026 19:10 WIB"; the story says 00:35 on the 28th.
    html = page(TRAP_URL)
    assert b"application/ld+json" not in html
    fields, report = extract_with_report(html, TRAP_URL)
    assert fields["published_at_raw"] == "Sabtu, 28 November 2026 00:35 WIB"
    assert fields["published_at"] == "2026-11-28T00:35:00+07:00"
    assert report.layers["published_at"] == "site"
    # Without the layout the shared layers take a sidebar date: the layout is needed.
    monkeypatch.setattr(type(TRIBUN), "layouts", ())
    unlaid, _ = extract_with_report(html, TRAP_URL)
    assert unlaid["published_at"] != "2026-11-28T00:35:00+07:00"


@pytest.mark.parametrize("text,iso", [
    ("Jumat, 24 Juli 2026 12:40 WIB", "2026-07-24T12:40:00+07:00"),   # §11d, the time element's text
    ("2026-07-24T12:40+07:00", "2026-07-24T12:40:00+07:00"),          # §11d, its datetime attribute
    ("Tayang: Jumat, 24 Juli 2026 16:54 WIB", "2026-07-24T16:54:00+07:00"),
])
def test_documented_tribunnews_date_forms_parse_as_wib(text, iso):
    assert to_iso(parse_indonesian_date(text)) == iso


def test_the_fixture_copy_is_what_build_py_renders():
    build = FIXTURES / "tribunnews" / "build.py"
    result = subprocess.run([sys.executable, str(build), "--check"], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_robots_txt_of_the_copy_forbids_search_tag_and_topic_as_the_site_does():
    robots = (SITE / "www.tribunnews.com" / "robots.txt").read_text()
    for path in ("/search", "/tag/", "/topic/"):
        assert f"Disallow: {path}\n" in robots
