"""Media Indonesia's rules (newscrawler/portals/mediaindonesia.py) and the quirks of its pages,
on the fixture copy in tests/fixtures/mediaindonesia (facts: shared/sites/portals.md §16)."""
from __future__ import annotations

import subprocess
import sys
from datetime import date

import pytest

from newscrawler.dates import parse_indonesian_date, to_iso
from newscrawler.extraction import extract_with_report
from newscrawler.portals import PORTALS, canonical_url, portal_for_url
from tests.conftest import FIXTURES, portal_site

MI = PORTALS["mediaindonesia"]
SITE = portal_site("mediaindonesia")
HOME = "https://mediaindonesia.com"
STORY = f"{HOME}/ekonomi/862417/ekspor-kopi-robusta-lampung-naik-di-tengah-harga-dunia-yang-tinggi"
TRAP = f"{HOME}/humaniora/862690/perpustakaan-keliling-sambangi-sekolah-di-pulau-terluar-maluku"


def page(url: str) -> bytes:
    return (SITE / url.split("://", 1)[1] / "index.html").read_bytes()


@pytest.mark.parametrize("variant", [
    STORY,
    STORY + "/",
    STORY + "?utm_source=google_news&utm_medium=referral",
    STORY + "#comment",
    "http://MEDIAINDONESIA.COM/ekonomi/862417/ekspor-kopi-robusta-lampung-naik-di-tengah-harga-dunia-yang-tinggi",
])
def test_every_form_of_an_article_has_one_canonical_url(variant):
    assert MI.is_article_url(variant)
    assert canonical_url(variant) == STORY


@pytest.mark.parametrize("url", [
    f"{HOME}/ekonomi/851796/dari-petani-hingga-pasar-2025",   # §16a, the real page's shape (FUN)
    f"{HOME}/politik-dan-hukum/862533/dpr-setujui-revisi",
    f"{HOME}/kolom-pakar/860001/menimbang-ulang-subsidi-energi",
])
def test_kanal_id_slug_urls_are_media_indonesia_articles(url):
    assert MI.is_article_url(url)
    assert portal_for_url(url) is MI


@pytest.mark.parametrize("url", [
    f"{HOME}/",
    f"{HOME}/ekonomi",
    f"{HOME}/indeks",
    f"{HOME}/indeks/20/40",                     # offset listings: the "slug" has no letter (EGI)
    f"{HOME}/ekonomi/20/40",
    f"{HOME}/video/detail_video/41230-rapat-paripurna-dpr",
    f"{HOME}/galleries/detail_galleries/18877-potret-kebun-kopi",
    f"{HOME}/tag/Kopi-Robusta",
    f"{HOME}/author/5521/fikri-ramadhan",       # the article shape, an author page
    f"{HOME}/search",
    f"{HOME}/feed",
    "https://evilmediaindonesia.com/ekonomi/862417/a-b",
])
def test_videos_galleries_tags_authors_and_listings_are_not_articles(url):
    assert not MI.is_article_url(url)


def test_entry_points_are_the_same_for_every_day_no_dated_index_exists():
    two_days = MI.entry_points([date(2026, 11, 27), date(2026, 11, 28)], ["ekonomi", "humaniora"])
    assert two_days == [
        f"{HOME}/",
        f"{HOME}/indeks",
        f"{HOME}/ekonomi",
        f"{HOME}/humaniora",
        f"{HOME}/sitemap.xml",
        f"{HOME}/feed",
    ]
    assert MI.entry_points([date(2026, 11, 27)], ["ekonomi", "humaniora"]) == two_days


def test_index_and_kanal_pages_step_by_20_and_nothing_else_is_paged():
    assert MI.next_listing_page(f"{HOME}/indeks") == f"{HOME}/indeks/20/20"
    assert MI.next_listing_page(f"{HOME}/indeks/20/20") == f"{HOME}/indeks/20/40"
    assert MI.next_listing_page(f"{HOME}/ekonomi") == f"{HOME}/ekonomi/20/20"
    assert MI.next_listing_page(f"{HOME}/politik-dan-hukum/20/40") == f"{HOME}/politik-dan-hukum/20/60"
    for not_paged in (f"{HOME}/", f"{HOME}/feed", f"{HOME}/sitemap.xml", f"{HOME}/tag"):
        assert MI.next_listing_page(not_paged) is None


def test_no_split_articles_the_article_is_its_own_whole_view():
    assert MI.whole_article_url(STORY) == STORY


def test_the_visible_byline_is_the_writer_and_the_json_ld_author_the_editor():
    # §16c (FUN): the JSON-LD author was the editor, the byline another person.
    html = page(STORY)
    assert b'"name": "Sri Utami"' in html and b'"jobTitle": "Editor"' in html
    fields, report = extract_with_report(html, STORY)
    assert report.layout == "mediaindonesia_2026"
    assert (fields["author"], fields["editor"]) == ("Fikri Ramadhan", "Sri Utami")


def test_body_boxes_read_also_lines_and_the_google_news_call_are_dropped_subheads_kept():
    fields, _ = extract_with_report(page(STORY), STORY)
    for noise in ("Baca juga", "Iklan pilihan", "koresponden Media Indonesia", "Google News"):
        assert noise not in fields["content"]
    assert "\n\nPetani ikut menikmati\n\n" in fields["content"]
    assert fields["tags"] == ["kopi robusta", "ekspor", "Lampung"]  # meta keywords
    assert fields["category"] == "Ekonomi"


def test_without_structured_data_the_date_line_wins_over_the_sidebar_dates(monkeypatch):
    # The "Terkini" list above the article shows "27/11/2026 15:20", "2 jam yang lalu" and
    # "25/11/2026 21:55"; the story's own span.datetime says 28/11/2026 07:05.
    html = page(TRAP)
    assert b"application/ld+json" not in html
    fields, report = extract_with_report(html, TRAP)
    assert (fields["published_at_raw"], fields["published_at"]) == ("28/11/2026 07:05", "2026-11-28T07:05:00+07:00")
    assert report.layers["published_at"] == "site"
    monkeypatch.setattr(type(MI), "layouts", ())
    assert extract_with_report(html, TRAP)[0]["published_at"] != "2026-11-28T07:05:00+07:00"


@pytest.mark.parametrize("text,iso", [
    ("20/1/2026 18:30", "2026-01-20T18:30:00+07:00"),            # §16d, unpadded, no zone: WIB
    ("21/7/2026 22:42", "2026-07-21T22:42:00+07:00"),            # §16d (EGI)
    ("2026-01-20T18:33:13+07:00", "2026-01-20T18:33:13+07:00"),  # §16c JSON-LD
    ("2026-01-20 18:33:13", "2026-01-20T18:33:13+07:00"),        # §16c dataLayer published_date, naive = WIB
])
def test_documented_media_indonesia_date_forms_parse_as_wib(text, iso):
    assert to_iso(parse_indonesian_date(text)) == iso


def test_the_fixture_copy_is_what_build_py_renders():
    build = FIXTURES / "mediaindonesia" / "build.py"
    result = subprocess.run([sys.executable, str(build), "--check"], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
