"""IDN Times' rules (newscrawler/portals/idntimes.py) and the quirks of its pages, on the fixture
copy in tests/fixtures/idntimes (facts: shared/sites/portals.md §15)."""
from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import protego
import pytest
from parsel import Selector

from newscrawler import discovery
from newscrawler.dates import parse_indonesian_date, to_iso
from newscrawler.extraction import extract_with_report
from newscrawler.portals import PORTALS, canonical_url, portal_for_url
from tests.conftest import FIXTURES, portal_site

IDNTIMES = PORTALS["idntimes"]
SITE = portal_site("idntimes")
WWW = "https://www.idntimes.com"
FLOOD_URL = f"{WWW}/news/indonesia/banjir-rob-genangi-empat-kampung-nelayan-di-muara-angke-00-rq7tx-bn4kzs"
PHONE_URL = f"{WWW}/tech/gadget/ponsel-lipat-buatan-bandung-lolos-uji-sertifikasi-tkdn-00-mw2pa-c8hd3e"
TRAP_URL = f"{WWW}/sport/soccer/persib-putri-juara-liga-remaja-usai-adu-penalti-00-kp5se-t2wq9m"
# §15b (EGI): robots.txt forbids /?*, /*?utm*, /search?*, /tag-manager*, /v1 and /ajax/; the
# copy's robots.txt states those rules (tested below against the documented cases).
ROBOTS = protego.Protego.parse((SITE / "www.idntimes.com" / "robots.txt").read_text())
AGENT = "newscrawler"
WINDOW = (date(2026, 11, 27), date(2026, 11, 28))


def folder(url: str) -> Path:
    return SITE / url.split("://", 1)[1]


def page(url: str) -> bytes:
    return (folder(url) / "index.html").read_bytes()


@pytest.mark.parametrize("variant", [
    FLOOD_URL, FLOOD_URL + "/", FLOOD_URL + "?utm_source=homepage&utm_medium=hl", FLOOD_URL + "#comment",
    FLOOD_URL.replace("https://www.", "http://WWW."),
])
def test_every_form_of_an_article_has_one_canonical_url_without_query(variant):
    assert IDNTIMES.is_article_url(variant)
    assert canonical_url(variant) == FLOOD_URL


@pytest.mark.parametrize("url", [
    FLOOD_URL, PHONE_URL, TRAP_URL,
    # §15a: the source's example ends in "-00-vdzm7-nxxvry" (the slug here is ours).
    f"{WWW}/news/indonesia/kabar-terbaru-dari-jakarta-00-vdzm7-nxxvry",
])
def test_three_segments_ending_in_both_codes_are_articles_of_idntimes(url):
    assert IDNTIMES.is_article_url(url)
    assert portal_for_url(url) is IDNTIMES


@pytest.mark.parametrize("url", [
    f"{WWW}/", f"{WWW}/news", f"{WWW}/news/indonesia", f"{WWW}/indeks",
    f"{WWW}/news/indonesia/kabar-terbaru-nxxvry",                   # the 6-character code alone collides
    f"{WWW}/news/indonesia/kabar-terbaru-vdzm7",                    # the 5-character code alone
    f"{WWW}/news/indonesia/kabar-terbaru-00-vdzm7-nxxvr",           # 5 + 5
    f"{WWW}/news/indonesia/kabar-terbaru-00-VDZM7-NXXVRY",          # codes are lowercase
    f"{WWW}/news/kabar-terbaru-00-vdzm7-nxxvry",                    # two segments
    f"{WWW}/news/indonesia/2026/kabar-terbaru-00-vdzm7-nxxvry",     # four segments
    f"{WWW}/tag/banjir-rob", f"{WWW}/tag/x/banjir-rob-00-vdzm7-nxxvry", f"{WWW}/search?q=banjir",
    f"{WWW}/ajax/latest/x-00-vdzm7-nxxvry", f"{WWW}/v1/feed/x-00-vdzm7-nxxvry",
    # §15a: the regional editions use another template.
    "https://jabar.idntimes.com/news/jabar/longsor-di-garut-tutup-jalan-provinsi-00-lt4re-9xk2mb",
    "https://www.idntimes.com.evil.id/news/indonesia/x-00-vdzm7-nxxvry",
])
def test_hubs_tags_search_short_codes_other_depths_and_regional_hosts_are_not_articles(url):
    assert not IDNTIMES.is_article_url(url)


def test_the_copy_robots_txt_says_what_the_source_documents():
    for path in ("/?page=2", "/?s=banjir", "/news/indonesia/x-00-vdzm7-nxxvry?utm_source=wa", "/search?q=banjir",
                 "/tag-manager.js", "/v1", "/ajax/latest"):
        assert not ROBOTS.can_fetch(WWW + path, AGENT), path
    for url in (FLOOD_URL, f"{WWW}/news", f"{WWW}/sitemap.xml", f"{WWW}/"):
        assert ROBOTS.can_fetch(url, AGENT), url
    assert list(ROBOTS.sitemaps) == [f"{WWW}/sitemap.xml"]


def test_entry_points_are_the_home_page_the_hubs_and_the_sitemap_without_a_query_all_allowed_by_robots():
    urls = IDNTIMES.entry_points(list(WINDOW), list(IDNTIMES.channels))
    assert urls == [f"{WWW}/", f"{WWW}/news", f"{WWW}/tech", f"{WWW}/sport", f"{WWW}/sitemap.xml"]
    assert not any("?" in u for u in urls)
    assert all(ROBOTS.can_fetch(u, AGENT) for u in urls)
    assert IDNTIMES.entry_points(list(WINDOW), ["tech"]) == [f"{WWW}/", f"{WWW}/tech", f"{WWW}/sitemap.xml"]
    assert IDNTIMES.next_listing_page(f"{WWW}/news") is None  # no paging: it would need a query


def test_every_article_link_of_the_copy_is_fetched_in_a_form_robots_allows():
    # The home page links a story with ?utm_source= (forbidden); its canonical form, the URL
    # the spider asks for, carries no query.
    hrefs = []
    for listing in ("index.html", "news/index.html", "tech/index.html", "sport/index.html"):
        hrefs += Selector(text=(SITE / "www.idntimes.com" / listing).read_text()).css("a::attr(href)").getall()
    articles = [h for h in hrefs if IDNTIMES.is_article_url(h)]
    assert any("?utm_" in h for h in articles) and not ROBOTS.can_fetch(next(h for h in articles if "?" in h), AGENT)
    fetched = {IDNTIMES.whole_article_url(canonical_url(h)) for h in articles}
    assert fetched and all(ROBOTS.can_fetch(u, AGENT) for u in fetched)
    document = discovery.read_document((SITE / "www.idntimes.com" / "sitemap.xml").read_bytes())
    assert all(ROBOTS.can_fetch(e.url, AGENT) for e in document.entries)


def test_the_window_applies_to_the_sitemap_dates_read_in_wib():
    document = discovery.read_document((SITE / "www.idntimes.com" / "sitemap.xml").read_bytes())
    kept = [e.url for e in document.entries if discovery.in_window(e, *WINDOW) and IDNTIMES.is_article_url(e.url)]
    assert kept == [PHONE_URL, TRAP_URL, FLOOD_URL]  # the fourth story of the window is on the /news hub only
    # A lastmod says the page changed then, so it bounds the window from below only. 17:15 UTC
    # on the 26th is 00:15 WIB on the 27th: a window from the 27th reads it (read as a UTC day,
    # the 26th, it would be skipped), one from the 28th does not.
    trap = next(e for e in document.entries if e.url == TRAP_URL)
    assert trap.modified.isoformat() == "2026-11-26T17:15:00+00:00"
    assert discovery.in_window(trap, date(2026, 11, 27), date(2026, 11, 27))
    assert not discovery.in_window(trap, date(2026, 11, 28), date(2026, 11, 28))
    outside = [e.url for e in document.entries if not discovery.in_window(e, *WINDOW)]
    assert outside == [f"{WWW}/tech/gadget/aplikasi-ojek-lokal-tambah-layanan-antar-obat-00-mw2pa-y6tr4k",
                       f"{WWW}/news/indonesia/harga-beras-medium-turun-di-pasar-cipinang-00-rq7tx-w5mn2d"]


@pytest.mark.parametrize("shown,iso", [
    ("24 Jul 2026, 11:00 WIB", "2026-07-24T11:00:00+07:00"),   # §15d (EGI)
    ("15 Jan 2026, 16:24 WIB", "2026-01-15T16:24:00+07:00"),   # §15d (NW-old)
    # The month language is unverified (§15d): Indonesian and English abbreviations both read.
    ("3 Mei 2026, 08:05 WIB", "2026-05-03T08:05:00+07:00"), ("3 May 2026, 08:05 WIB", "2026-05-03T08:05:00+07:00"),
    ("17 Agu 2026, 10:00 WIB", "2026-08-17T10:00:00+07:00"), ("17 Aug 2026, 10:00 WIB", "2026-08-17T10:00:00+07:00"),
    ("31 Okt 2026, 00:15 WIB", "2026-10-31T00:15:00+07:00"), ("31 Oct 2026, 00:15 WIB", "2026-10-31T00:15:00+07:00"),
    ("25 Des 2026, 23:59 WIB", "2026-12-25T23:59:00+07:00"), ("25 Dec 2026, 23:59 WIB", "2026-12-25T23:59:00+07:00"),
])
def test_the_visible_date_line_is_read_whichever_language_the_month_is_in(shown, iso):
    assert to_iso(parse_indonesian_date(shown)) == iso


def test_the_body_is_the_dom_paragraphs_not_the_breakless_article_body():
    expected = json.loads((folder(FLOOD_URL) / "expected.json").read_text(encoding="utf-8"))
    html = page(FLOOD_URL)
    # The JSON-LD articleBody runs the paragraphs together ("…dua titik.Ketua RT…").
    assert "dua titik.Ketua RT" in json.dumps(json.loads(Selector(text=html.decode()).css(
        "script[type='application/ld+json']::text").get()), ensure_ascii=False)
    fields, report = extract_with_report(html, FLOOD_URL)
    assert report.layout == "idntimes_2026"
    assert report.layers["content"] == "site"
    assert fields["content"] == expected["content"]
    assert fields["content"].count("\n\n") == 3  # four paragraphs
    for noise in ("Baca Juga", "Tanggul Laut Jakarta Utara", "Iklan:"):
        assert noise not in fields["content"]


def test_the_author_array_is_every_writer_and_the_placeholder_keyword_is_no_tag():
    fields, _ = extract_with_report(page(FLOOD_URL), FLOOD_URL)
    assert b'"Update me"' in page(FLOOD_URL)
    assert fields["author"] == "Rizka Amalia, Teguh Santoso"
    assert fields["tags"] == ["Banjir Rob", "Muara Angke", "Jakarta Utara"]
    # The WebPage node's breadcrumb names category and sub-category.
    assert (fields["category"], fields["subcategory"]) == ("News", "Indonesia")
    # Only the placeholder: no tags at all.
    phone, _ = extract_with_report(page(PHONE_URL), PHONE_URL)
    assert phone["tags"] == []


def test_an_empty_json_ld_description_gives_way_to_og_description():
    html = page(PHONE_URL)
    assert b'"description": ""' in html
    fields, report = extract_with_report(html, PHONE_URL)
    assert fields["description"].startswith("Ponsel lipat rakitan perusahaan rintisan asal Bandung")
    assert report.layers["description"] == "meta"


def test_without_json_ld_dates_the_publish_date_line_wins_over_the_trending_cards_before_it():
    html = page(TRAP_URL)
    assert b'"@type": "NewsArticle"' not in html and b"article:published_time" not in html
    # The "Trending in Sport" strip prints other stories' dates before the story's own line.
    assert html.index(b"26 Nov 2026, 22:40 WIB") < html.index(b'data-testid="publish-date-article"')
    fields, report = extract_with_report(html, TRAP_URL)
    assert report.layout == "idntimes_2026"
    assert (fields["published_at"], report.layers["published_at"]) == ("2026-11-27T00:15:00+07:00", "site")
    assert fields["published_at_raw"] == "27 Nov 2026, 00:15 WIB"
    assert fields["author"] == "Dewi Lestari"  # meta[name=author]
    assert fields["title"] == "Persib Putri Juara Liga Remaja usai Adu Penalti"  # og:title less " | IDN Times"


def test_a_page_of_another_design_gets_no_idntimes_layout():
    html = f"""<html lang="id"><head><title>Contoh | IDN Times</title></head><body><h1>Contoh</h1>
<div class="content"><p>Jakarta, IDN Times - Warga menanam seribu pohon mangrove di pesisir utara kota pada Minggu pagi.</p>
<p>Kegiatan itu diikuti pelajar dan nelayan dari tiga kelurahan yang berbatasan dengan laut.</p></div></body></html>"""
    fields, report = extract_with_report(html, FLOOD_URL)
    assert report.layout is None
    assert fields["content"].startswith("Jakarta, IDN Times - Warga menanam")


def test_the_fixture_copy_is_what_build_py_renders():
    result = subprocess.run([sys.executable, str(FIXTURES / "idntimes" / "build.py"), "--check"], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip() == "up to date"
