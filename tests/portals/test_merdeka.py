"""Merdeka's rules (newscrawler/portals/merdeka.py) and the quirks of its pages, on the fixture
copy in tests/fixtures/merdeka (facts: shared/sites/portals.md §13)."""
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
from newscrawler.extraction import extract_with_report
from newscrawler.portals import PORTALS, canonical_url, portal_for_url
from tests.conftest import FIXTURES, portal_site

MERDEKA = PORTALS["merdeka"]
SITE = portal_site("merdeka")
WWW = "https://www.merdeka.com"
LONG_URL = f"{WWW}/peristiwa/read/8301442/banjir-rob-rendam-tiga-kelurahan-di-pesisir-semarang"
TRAP_URL = f"{WWW}/dunia/read/8302655/pemilu-sela-selandia-baru-dimenangi-partai-oposisi"
LEGACY_URL = f"{WWW}/politik/dpr-bahas-revisi-undang-undang-penyiaran-pekan-depan.html"
# §13f (EGI): robots.txt forbids /search/*, every path containing "index" and any query string;
# the copy's robots.txt states those rules (tested below against the documented cases).
ROBOTS = protego.Protego.parse((SITE / "www.merdeka.com" / "robots.txt").read_text())
AGENT = "newscrawler"
WINDOW = (date(2026, 11, 27), date(2026, 11, 28))


def folder(url: str) -> Path:
    return SITE / url.split("://", 1)[1]


def page(url: str) -> bytes:
    return (folder(url) / "index.html").read_bytes()


@pytest.mark.parametrize("variant", [
    LONG_URL, LONG_URL + "/", LONG_URL + "?page=2", LONG_URL + "?utm_source=home", LONG_URL + "#komentar",
    "http://WWW.MERDEKA.COM/peristiwa/read/8301442/banjir-rob-rendam-tiga-kelurahan-di-pesisir-semarang",
])
def test_every_form_of_an_article_has_one_canonical_url_without_query(variant):
    assert MERDEKA.is_article_url(variant)
    assert canonical_url(variant) == LONG_URL


@pytest.mark.parametrize("url", [
    LONG_URL,                                             # §13a current form
    LEGACY_URL,                                           # §13a legacy .html form
    "https://m.merdeka.com/gaya/hedy-lamarr-bintang-hollywood.html",  # the real 2021 mobile pages' form
])
def test_current_and_legacy_forms_are_articles_of_merdeka(url):
    assert MERDEKA.is_article_url(url)
    assert portal_for_url(url) is MERDEKA


@pytest.mark.parametrize("url", [
    f"{WWW}/", f"{WWW}/peristiwa", f"{WWW}/peristiwa?page=2",
    f"{WWW}/foto/read/8301500/foto-banjir-rob-di-tambaklorok",      # §13a: same shape, not prose
    f"{WWW}/video/read/8301510/video-warga-mengungsi-dari-rob",
    f"{WWW}/slideshow/read/8301520/potret-dapur-umum",
    f"{WWW}/tag/banjir-rob", f"{WWW}/search/banjir", f"{WWW}/rss/",
    f"{WWW}/peristiwa/index-berita", f"{WWW}/peristiwa/read/8301442/indexasi-data-pemilih",  # robots: "index"
    f"{WWW}/peristiwa/read/8301442",                                # no slug
    f"{WWW}/peristiwa/sitemap.xml",
    "https://www.merdeka.com.evil.id/peristiwa/read/1/a-b",
])
def test_media_tags_search_feeds_and_index_paths_are_not_articles(url):
    assert not MERDEKA.is_article_url(url)


def test_the_copy_robots_txt_says_what_the_source_documents():
    for path in ("/search/banjir", "/peristiwa/index-berita", "/index", "/peristiwa?page=2", "/?s=1",
                 "/peristiwa/read/8301442/banjir-rob?page=2"):
        assert not ROBOTS.can_fetch(WWW + path, AGENT), path
    assert ROBOTS.can_fetch(LONG_URL, AGENT)
    assert list(ROBOTS.sitemaps) == [f"{WWW}/sitemap.xml"]


def test_entry_points_are_the_home_page_the_sitemap_index_and_the_feed_all_allowed_by_robots():
    urls = MERDEKA.entry_points(list(WINDOW), list(MERDEKA.channels))
    assert urls == [f"{WWW}/", f"{WWW}/sitemap.xml", f"{WWW}/rss/"]
    assert all(ROBOTS.can_fetch(u, AGENT) for u in urls)
    assert MERDEKA.next_listing_page(f"{WWW}/") is None  # no ?page=N walk anywhere


def test_every_article_link_of_the_copy_is_fetched_in_a_form_robots_allows():
    # The home page links a story with ?utm_source= and ?page=2; its canonical form, the URL
    # the spider asks for, carries no query.
    hrefs = Selector(text=(SITE / "www.merdeka.com" / "index.html").read_text()).css("a::attr(href)").getall()
    articles = [h for h in hrefs if MERDEKA.is_article_url(h)]
    assert any("?" in h for h in articles)
    fetched = {MERDEKA.whole_article_url(canonical_url(h)) for h in articles}
    assert fetched and all(ROBOTS.can_fetch(u, AGENT) for u in fetched)
    for sitemap in ("sitemap.xml", "peristiwa/sitemap.xml", "uang/sitemap.xml", "dunia/sitemap.xml", "rss/index.xml"):
        document = discovery.read_document((SITE / "www.merdeka.com" / sitemap).read_bytes())
        assert all(ROBOTS.can_fetch(e.url, AGENT) for e in document.entries)


def test_the_window_applies_to_news_sitemap_and_feed_dates():
    news = discovery.read_document((SITE / "www.merdeka.com/uang/sitemap.xml").read_bytes())
    kept = [e.url for e in news.entries if discovery.in_window(e, *WINDOW)]
    assert kept == [f"{WWW}/uang/read/8302017/ekspor-kopi-robusta-lampung-naik-18-persen"]
    index = discovery.read_document((SITE / "www.merdeka.com/sitemap.xml").read_bytes())
    assert [e.url for e in index.entries if not discovery.in_window(e, *WINDOW)] == [f"{WWW}/dunia/sitemap.xml"]
    feed = discovery.read_document((SITE / "www.merdeka.com/rss/index.xml").read_bytes())
    # 17:20 UTC on the 27th is 00:20 WIB on the 28th: inside; the 20 November item is not.
    assert [e.url for e in feed.entries if discovery.in_window(e, *WINDOW)] == [
        TRAP_URL, f"{WWW}/uang/read/8302017/ekspor-kopi-robusta-lampung-naik-18-persen"]
    assert not discovery.in_window(feed.entries[0], date(2026, 11, 27), date(2026, 11, 27))


def test_a_long_story_is_one_response_its_page_break_sections_joined_without_boxes():
    expected = json.loads((folder(LONG_URL) / "expected.json").read_text(encoding="utf-8"))
    html = page(LONG_URL)
    assert html.count(b'class="page-break"') == 2
    fields, report = extract_with_report(html, LONG_URL)
    assert report.layout == "merdeka_2026"
    assert fields["content"] == expected["content"]
    assert fields["content"].startswith("Merdeka.com - Banjir rob setinggi 60 sentimeter")
    assert fields["content"].endswith("tertunda sejak awal tahun.")  # the third section's last line
    for noise in ("Baca Juga", "Hujan Deras Picu Longsor", "Iklan:"):
        assert noise not in fields["content"]
    # The ?page=N views (robots-forbidden) are never pages to fetch: the response is whole.
    assert report.page_urls == []
    assert MERDEKA.whole_article_url(LONG_URL) == LONG_URL


def test_the_null_json_ld_author_gives_way_to_the_byline_and_the_breadcrumb_names_the_section():
    fields, report = extract_with_report(page(LONG_URL), LONG_URL)
    assert b'"name": null' in page(LONG_URL)
    assert fields["author"] == "Laras Wicaksono"  # "Oleh Laras Wicaksono"
    assert (fields["category"], fields["subcategory"]) == ("Peristiwa", None)
    assert fields["tags"] == ["Banjir Rob", "Semarang", "Cuaca Ekstrem"]
    assert fields["title"] == "Banjir Rob Rendam Tiga Kelurahan di Pesisir Semarang"


def test_without_json_ld_the_published_meta_wins_over_the_sidebar_times():
    html = page(TRAP_URL)
    assert b'id="rich-card"' not in html
    # The "Terbaru" strip before the story: relative times and a 25 November widget datetime.
    assert html.index(b"38 menit yang lalu") < html.index(b"articles-content__body")
    assert b'datetime="2026-11-25 16:34:20"' in html
    fields, report = extract_with_report(html, TRAP_URL)
    assert fields["published_at"] == "2026-11-28T00:20:00+07:00"
    assert report.layers["published_at"] == "meta"
    assert fields["title"] == "Pemilu Sela Selandia Baru Dimenangi Partai Oposisi"  # og:title less " | merdeka.com"


def test_the_legacy_template_false_offset_is_read_as_the_visible_wib_clock():
    # The 2021 mobile template (shared/real-pages, index.json notes): article:published_time
    # with a wrong -07:00 offset, the visible "<section> | 17 Juni 2021 06:04" line in WIB.
    # The page below is ours, in that shape.
    html = """<html lang="id"><head><title>Petani Garam Madura Panen Lebih Awal | merdeka.com</title>
<meta name="author" content="Rina Kartika">
<meta property="article:published_time" content="2021-06-17T06:04:00-07:00">
<meta property="og:title" content="Petani Garam Madura Panen Lebih Awal | merdeka.com"></head><body>
<h1>Petani Garam Madura Panen Lebih Awal</h1><span><a href="/uang/">UANG</a> | 17 Juni 2021 06:04</span>
<div class="mdk-body-paragraph"><p>Merdeka.com - Petani garam di Sumenep memanen lebih awal karena kemarau datang
sebulan lebih cepat dari biasanya tahun ini.</p><p>Harga garam krosok di tingkat petani naik menjadi Rp900 per
kilogram pada pekan ini.</p></div></body></html>"""
    url = "https://m.merdeka.com/uang/petani-garam-madura-panen-lebih-awal.html"
    fields, report = extract_with_report(html, url)
    assert fields["published_at_raw"] == "2021-06-17T06:04:00-07:00"
    assert fields["published_at"] == "2021-06-17T06:04:00+07:00"
    assert report.layers["published_at"].endswith("+visible_offset")
    assert report.layout is None  # the 2026 layout is not applied to the old template


def test_the_fixture_copy_is_what_build_py_renders():
    result = subprocess.run([sys.executable, str(FIXTURES / "merdeka" / "build.py"), "--check"], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
