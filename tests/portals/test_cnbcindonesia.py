"""CNBC Indonesia: URL rules, entry points, index paging, and dates that never come from the URL
stamp or the relative card times (portals.md §6)."""
import re
from datetime import date
from pathlib import Path

import pytest

from newscrawler.extraction import extract_with_report
from newscrawler.portals import PORTALS, canonical_url, portal_for_url
from newscrawler.portals.detik import FAMILY_DROP, FAMILY_REMOVE

CNBC = PORTALS["cnbcindonesia"]
CANONICAL = "https://www.cnbcindonesia.com/news/20261126235512-4-771203/harga-beras-medium-turun-di-34-provinsi"


@pytest.mark.parametrize("variant", [
    CANONICAL,
    CANONICAL + "/",
    CANONICAL + "?utm_source=dable&utm_medium=recommendation",
    CANONICAL + "?tipe=artikel#komentar",
    "http://WWW.CNBCINDONESIA.COM/news/20261126235512-4-771203/harga-beras-medium-turun-di-34-provinsi",
])
def test_every_form_of_an_article_has_one_canonical_url(variant):
    assert CNBC.is_article_url(variant)
    assert canonical_url(variant) == CANONICAL


@pytest.mark.parametrize("kanal", ["news", "market", "tech", "lifestyle", "syariah", "entrepreneur", "opini", "research", "mymoney"])
def test_articles_of_every_documented_kanal(kanal):
    assert CNBC.is_article_url(f"https://www.cnbcindonesia.com/{kanal}/20260622083829-4-744475/judul-berita")


@pytest.mark.parametrize("url", [
    "https://www.cnbcindonesia.com/",
    "https://www.cnbcindonesia.com/news",
    "https://www.cnbcindonesia.com/indeks?date=2026/11/27&page=2",
    "https://www.cnbcindonesia.com/market/indeks/5?date=2026/11/27&tipe=artikel",
    "https://www.cnbcindonesia.com/tag/harga-beras",
    "https://www.cnbcindonesia.com/search?query=ihsg&fromdate=2026/11/27&page=1",
    "https://www.cnbcindonesia.com/rss",
    "https://www.cnbcindonesia.com/market/video/20261127090000-9-771250/video-yield-sbn-turun",
    "https://www.cnbcindonesia.com/news/foto/20261127120000-6-771301/foto-panen-padi",
    "https://www.cnbcindonesia.com/news/2026-11-27/harga-beras",  # no stamp-kanal-id token
    "https://www.cnnindonesia.com/ekonomi/20261127101530-78-1384410/yield-sbn",  # the sister site
])
def test_non_articles_are_refused(url):
    assert not CNBC.is_article_url(url)


def test_articles_are_never_split():
    assert CNBC.whole_article_url(CANONICAL) == CANONICAL


def test_entry_points_cover_each_day_of_the_window():
    urls = CNBC.entry_points([date(2026, 11, 27), date(2026, 11, 28)], list(CNBC.channels))
    assert urls[0] == "https://www.cnbcindonesia.com/"
    assert [u for u in urls if "date=" in u] == [
        "https://www.cnbcindonesia.com/indeks?date=2026/11/27&page=1",
        "https://www.cnbcindonesia.com/indeks?date=2026/11/28&page=1",
        "https://www.cnbcindonesia.com/market/indeks/5?date=2026/11/27&tipe=artikel&page=1",
        "https://www.cnbcindonesia.com/mymoney/indeks/71?date=2026/11/27&tipe=artikel&page=1",
        "https://www.cnbcindonesia.com/market/indeks/5?date=2026/11/28&tipe=artikel&page=1",
        "https://www.cnbcindonesia.com/mymoney/indeks/71?date=2026/11/28&tipe=artikel&page=1",
    ]
    assert {"https://www.cnbcindonesia.com/rss", "https://www.cnbcindonesia.com/news/rss",
            "https://www.cnbcindonesia.com/mymoney/rss"} <= set(urls)


def test_channel_selection_keeps_only_that_channels_index_and_feed():
    urls = CNBC.entry_points([date(2026, 11, 27)], ["tech"])
    assert "https://www.cnbcindonesia.com/tech/rss" in urls
    assert not [u for u in urls if "/indeks/" in u or "market" in u]


def test_index_pages_by_the_page_parameter():
    assert CNBC.next_listing_page("https://www.cnbcindonesia.com/indeks?date=2026/11/27&page=1") == \
        "https://www.cnbcindonesia.com/indeks?date=2026/11/27&page=2"
    assert CNBC.next_listing_page("https://www.cnbcindonesia.com/mymoney/indeks/71?date=2026/11/28&tipe=artikel&page=4") == \
        "https://www.cnbcindonesia.com/mymoney/indeks/71?date=2026/11/28&tipe=artikel&page=5"
    assert CNBC.next_listing_page("https://www.cnbcindonesia.com/rss") is None


def test_the_family_noise_is_shared_with_detik():
    layout = CNBC.layouts[0].selectors
    assert set(FAMILY_REMOVE) <= set(layout.remove) and set(FAMILY_DROP) <= set(layout.drop)
    assert portal_for_url(CANONICAL) is CNBC


# -- the saved trap page ----------------------------------------------------------------------

SITE = Path(__file__).resolve().parents[1] / "fixtures" / "cnbcindonesia" / "site"
TRAP = "https://www.cnbcindonesia.com/news/20261126235512-4-771203/harga-beras-medium-turun-di-34-provinsi-bapanas-pantau-stok-gudang"


def trap_page() -> str:
    return (SITE / TRAP.split("://", 1)[1] / "index.html").read_text(encoding="utf-8")


def test_publication_comes_from_json_ld_not_from_the_url_stamp():
    # The URL says 26 Nov 23:55:12; the story went out on 27 Nov 00:20 WIB (ARIF: the stamp
    # is not the publish time), so it belongs to the 27th's index.
    fields, report = extract_with_report(trap_page(), TRAP)
    assert report.layers["published_at"] == "jsonld"
    assert fields["published_at"] == "2026-11-27T00:20:00+07:00"


def test_without_json_ld_the_date_line_wins_over_the_relative_card_times_above_it():
    page = re.sub(r'<script type="application/ld\+json">.*?</script>', "", trap_page(), flags=re.S)
    fields, report = extract_with_report(page, TRAP)
    assert report.layers["published_at"] == "site"
    assert (fields["published_at"], fields["published_at_raw"]) == ("2026-11-27T00:20:00+07:00", "27 November 2026 00:20")


def test_byline_is_the_writer_after_the_desk_label():
    fields, report = extract_with_report(trap_page(), TRAP)
    assert (fields["author"], report.layers["author"]) == ("Andini Larasati", "site")


def test_read_also_boxes_and_parallax_ads_stay_out_of_the_body():
    content = extract_with_report(trap_page(), TRAP)[0]["content"]
    assert content.startswith("Jakarta, CNBC Indonesia - Badan Pangan Nasional")
    assert "Baca Juga" not in content and "ADVERTISEMENT" not in content and "Yield SBN" not in content
