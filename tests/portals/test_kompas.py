"""Kompas.com rules (shared/sites/portals.md §2): URL forms, the date index and its paging,
``?page=all``, and the UTC ``article:published_time`` exported as the page's WIB instant."""
from datetime import date
from pathlib import Path

import pytest

from newscrawler.extraction import extract_with_report, merge_pages
from newscrawler.portals import PORTALS, canonical_url, portal_for_url
from tests.conftest import portal_site

KOMPAS = PORTALS["kompas"]
CANONICAL = "https://nasional.kompas.com/read/2026/11/27/09150061/dpr-sepakati-aturan-arsip"
SECTION = "https://www.kompas.com/hype/read/2026/11/28/143012866/konser-amal-di-jakarta"
SITE = portal_site("kompas")


@pytest.mark.parametrize("variant", [
    CANONICAL,
    CANONICAL + "?page=all",
    CANONICAL + "?page=2",
    CANONICAL + "/",
    CANONICAL + "?utm_source=homepage&utm_medium=headline",
    CANONICAL + "#comment",
    "http://NASIONAL.kompas.com/read/2026/11/27/09150061/dpr-sepakati-aturan-arsip",
])
def test_every_form_of_a_section_host_article_has_one_canonical_url(variant):
    assert KOMPAS.is_article_url(variant)
    assert canonical_url(variant) == CANONICAL


@pytest.mark.parametrize("variant", [SECTION, SECTION + "?page=all", "https://WWW.kompas.com/hype/read/2026/11/28/143012866/konser-amal-di-jakarta?page=3"])
def test_www_section_articles_keep_their_section_and_nine_digit_id(variant):
    assert canonical_url(variant) == SECTION


@pytest.mark.parametrize("url", [
    "https://www.kompas.com/",
    "https://nasional.kompas.com/",
    "https://www.kompas.com/hype",
    "https://www.kompas.com/tag/arsip-digital",
    "https://video.kompas.com/read/2026/11/27/10300071/rapat-komisi-ii-bahas-arsip-digital-desa",
    "https://search.kompas.com/search?q=harga+cabai",
    "https://indeks.kompas.com/?site=all&date=2026-11-27&page=2",
    "https://nasional.kompas.com/read/2026/11/27/dpr-sepakati-aturan-arsip",  # no id
    "https://www.kompas.com/feed",
    "https://www.kompas.id/artikel/arsip-desa-rawan-bencana",
    "https://notkompas.com/read/2026/11/27/09150061/dpr-sepakati-aturan-arsip",
])
def test_hubs_tags_videos_search_and_foreign_hosts_are_not_articles(url):
    assert not KOMPAS.is_article_url(url)


def test_registry_finds_kompas_by_its_hosts():
    assert portal_for_url("https://money.kompas.com/read/2026/11/28/00204311/x") is KOMPAS
    assert portal_for_url("https://indeks.kompas.com/") is KOMPAS


def test_entry_points_read_the_all_site_index_for_each_day_when_every_channel_is_wanted():
    urls = KOMPAS.entry_points([date(2026, 11, 27), date(2026, 11, 28)], list(KOMPAS.channels))
    assert urls == [
        "https://www.kompas.com/",
        "https://indeks.kompas.com/?site=all&date=2026-11-27&page=1",
        "https://indeks.kompas.com/?site=all&date=2026-11-28&page=1",
        "https://indeks.kompas.com/",
        "https://www.kompas.com/feed",
    ]


def test_entry_points_read_each_chosen_site_index_for_a_channel_subset():
    urls = KOMPAS.entry_points([date(2026, 11, 27), date(2026, 11, 28)], ["money", "bola"])
    assert "https://indeks.kompas.com/?site=money&date=2026-11-27&page=1" in urls
    assert "https://indeks.kompas.com/?site=bola&date=2026-11-28&page=1" in urls
    assert not any("site=all" in u or "site=news" in u for u in urls)


def test_date_index_continues_by_page_number_and_other_listings_do_not():
    first = "https://indeks.kompas.com/?site=all&date=2026-11-27&page=1"
    assert KOMPAS.next_listing_page(first) == "https://indeks.kompas.com/?site=all&date=2026-11-27&page=2"
    assert KOMPAS.next_listing_page("https://indeks.kompas.com/?site=money&date=2026-11-28&page=7") == (
        "https://indeks.kompas.com/?site=money&date=2026-11-28&page=8")
    assert KOMPAS.next_listing_page("https://indeks.kompas.com/") is None
    assert KOMPAS.next_listing_page("https://www.kompas.com/") is None


def test_whole_article_view_is_the_page_all_query():
    assert KOMPAS.whole_article_url(CANONICAL) == CANONICAL + "?page=all"
    assert KOMPAS.page_number(CANONICAL + "?page=3") == 3


def _page(url: str, query: str = "") -> str:
    folder = SITE / url.split("://", 1)[1]
    return (folder / (f"index?{query}.html" if query else "index.html")).read_text(encoding="utf-8")


SPLIT = ("https://nasional.kompas.com/read/2026/11/27/09150061/"
         "dpr-dan-pemerintah-sepakati-rancangan-aturan-pengelolaan-arsip-digital-desa")


def test_split_article_read_page_by_page_equals_its_whole_view():
    """Where ``?page=all`` is missing (404) the spider walks the page links instead."""
    first, report = extract_with_report(_page(SPLIT), SPLIT)
    assert report.page_urls == [SPLIT + "?page=2", SPLIT + "?page=3"]
    later = [extract_with_report(_page(SPLIT, f"page={n}"), SPLIT)[0] for n in (2, 3)]
    whole = extract_with_report(_page(SPLIT, "page=all"), SPLIT)[0]
    assert merge_pages(first, later)["content"] == whole["content"]
    assert whole["content"].count("\n\n") == 9  # 10 paragraphs: no promo, box or page links


TRAP = "https://money.kompas.com/read/2026/11/28/00204311/harga-cabai-rawit-di-pasar-induk-turun-dua-hari-berturut-turut"


def test_utc_published_meta_without_json_ld_is_exported_as_the_wib_instant_of_the_date_line():
    """§2c (ARIF): article:published_time is UTC. 17:20:43 UTC on the 27th is 00:20:43 WIB on
    the 28th, the day the URL and the visible line ("Kompas.com - 28/11/2026, 00:20 WIB") say."""
    html = _page(TRAP)
    assert '"application/ld+json"' not in html
    fields, report = extract_with_report(html, TRAP)
    assert fields["published_at_raw"] == "2026-11-27T17:20:43+00:00"
    assert fields["published_at"] == "2026-11-28T00:20:43+07:00"
    assert report.layers["published_at"] == "meta+visible_offset"


def test_json_ld_wib_date_wins_over_the_utc_meta():
    html = _page(SPLIT, "page=all")
    assert 'content="2026-11-27T02:15:06+00:00"' in html  # the same instant, in UTC
    fields, report = extract_with_report(html, SPLIT)
    assert fields["published_at"] == fields["published_at_raw"] == "2026-11-27T09:15:06+07:00"
    assert report.layers["published_at"] == "jsonld"


def test_utc_meta_with_seconds_matches_a_date_line_without_seconds():
    """Shared layer (extraction._page_clock): the UTC instant to the second, in the offset of a
    visible line that only prints minutes; a line one minute off is not the same instant."""
    head = '<meta property="article:published_time" content="2024-07-31T16:37:58+00:00">'
    body = "<p>" + "Warga berkumpul di balai desa untuk membahas rencana perbaikan jalan kampung. " * 4 + "</p>"
    for line, expected in (("Kompas.com - 31/07/2024, 23:37 WIB", "2024-07-31T23:37:58+07:00"),
                           ("Kompas.com - 31/07/2024, 23:38 WIB", "2024-07-31T16:37:58+00:00")):
        html = f'<html lang="id"><head>{head}</head><body><div class="date">{line}</div><div class="isi">{body}{body}</div></body></html>'
        assert extract_with_report(html, "https://contoh.id/berita/1")[0]["published_at"] == expected


def test_fixture_site_is_built_from_its_table():
    import subprocess
    import sys

    build = Path(SITE.parent, "build.py")
    result = subprocess.run([sys.executable, str(build), "--check"], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
