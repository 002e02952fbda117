"""detik: URL rules, entry points, index paging and the whole-article view (portals.md §1)."""
import re
from datetime import date
from pathlib import Path

import pytest

from newscrawler.extraction import extract_with_report, merge_pages
from newscrawler.portals import PORTALS, canonical_url, portal_for_url

DETIK = PORTALS["detik"]
CANONICAL = "https://news.detik.com/berita/d-7712345/banjir-rob-rendam-pesisir-muara-baru"


@pytest.mark.parametrize("variant", [
    CANONICAL,
    CANONICAL + "/",
    CANONICAL + "?single=1",
    CANONICAL + "/2",
    CANONICAL + "/2?single=1",
    CANONICAL + "?utm_source=twitter&utm_medium=share#comment",
    "http://NEWS.DETIK.COM/berita/d-7712345/banjir-rob-rendam-pesisir-muara-baru",
])
def test_every_form_of_an_article_has_one_canonical_url(variant):
    assert DETIK.is_article_url(variant)
    assert canonical_url(variant) == CANONICAL


@pytest.mark.parametrize("url", [
    "https://finance.detik.com/bursa-dan-valas/d-7712001/ihsg-dibuka-menguat",
    "https://inet.detik.com/cyberlife/d-6453192/bos-kripto-yang-bangkrut-ngeles-soal-hobi-beli-rumah-mewah",
    "https://www.detik.com/jatim/berita/d-7712002/jembatan-gantung-di-lumajang-diperbaiki",
    "https://sport.detik.com/sepakbola/liga-indonesia/d-7712003/persebaya-tahan-imbang-tamunya",
    "https://finance.detik.com/berita-ekonomi-bisnis/d-7712004/indeks-harga-konsumen-naik-tipis",
    "https://news.detik.com/berita/d-7712005/foto-lama-jadi-bukti-sengketa-lahan",
    "https://hot.detik.com/music/d-7712006/video-klip-baru-band-indie-tembus-sejuta-tayangan",
])
def test_articles_on_every_host_and_section_depth_are_their_own_canonical_url(url):
    assert DETIK.is_article_url(url)
    assert canonical_url(url) == url


@pytest.mark.parametrize("url", [
    "https://www.detik.com/",
    "https://news.detik.com/berita",
    "https://www.detik.com/tag/banjir-rob/",
    "https://news.detik.com/indeks?date=11%2F27%2F2026&page=2",
    "https://www.detik.com/search/searchall?query=banjir",
    "https://news.detik.com/foto-news/d-7712100/potret-banjir-rob-di-muara-baru",
    "https://news.detik.com/video/d-7712101/banjir-rob-di-muara-baru",
    "https://20.detik.com/detikupdate/20261127-261127012/banjir-rob-di-muara-baru",
    "https://20.detik.com/detikupdate/d-7712102/banjir-rob-di-muara-baru",
    "https://news.detik.com/berita/rss",
    "https://www.kompas.com/berita/d-7712345/banjir-rob",
])
def test_non_articles_are_refused(url):
    assert not DETIK.is_article_url(url)


def test_whole_article_view_is_the_single_query():
    assert DETIK.whole_article_url(CANONICAL) == CANONICAL + "?single=1"


def test_a_page_suffix_is_a_page_number_of_the_article():
    assert DETIK.page_number(CANONICAL + "/3") == 3
    assert DETIK.page_number(CANONICAL) is None


def test_entry_points_cover_each_day_of_the_window_with_the_encoded_date():
    urls = DETIK.entry_points([date(2026, 11, 27), date(2026, 11, 28)], list(DETIK.channels))
    assert urls[0] == "https://www.detik.com/"
    dated = [u for u in urls if "date=" in u]
    assert dated == [
        f"https://{where}/indeks?date=11%2F{d}%2F2026&page=1"
        for d in (27, 28)
        for where in ("news.detik.com", "finance.detik.com", "finance.detik.com/bursa-dan-valas", "health.detik.com")
    ]
    assert {"https://news.detik.com/indeks", "https://news.detik.com/berita/indeks",
            "https://sport.detik.com/sepakbola/indeks", "https://www.detik.com/jatim/indeks",
            "https://news.detik.com/berita/rss"} <= set(urls)
    assert len(urls) == len(set(urls))


def test_selected_channels_limit_the_channel_listings():
    urls = DETIK.entry_points([date(2026, 11, 27)], ["health"])
    assert "https://health.detik.com/indeks?date=11%2F27%2F2026&page=1" in urls
    assert not [u for u in urls if "finance" in u or "sport" in u]


def test_dated_index_pages_by_the_page_parameter_keeping_the_date_first():
    first = "https://news.detik.com/indeks?date=11%2F27%2F2026&page=1"
    assert DETIK.next_listing_page(first) == "https://news.detik.com/indeks?date=11%2F27%2F2026&page=2"
    assert DETIK.next_listing_page("https://finance.detik.com/bursa-dan-valas/indeks?date=11%2F27%2F2026&page=7") == \
        "https://finance.detik.com/bursa-dan-valas/indeks?date=11%2F27%2F2026&page=8"


def test_latest_and_channel_indexes_are_not_paged():
    # Their paging walks the whole archive (500 pages on the real 2024 index page).
    assert DETIK.next_listing_page("https://news.detik.com/indeks") is None
    assert DETIK.next_listing_page("https://sport.detik.com/indeks") is None


@pytest.mark.parametrize("line,iso", [
    ("Kamis, 23 Jul 2026 14:35 WIB", "2026-07-23T14:35:00+07:00"),  # §1d EGI fixture
    ("Rabu, 02 Jan 2019 22:00 WIB", "2019-01-02T22:00:00+07:00"),  # §1d ARIF, index title attribute
    ("Selasa, 25 Agu 2026 09:00 WIB", "2026-08-25T09:00:00+07:00"),  # Indonesian 3-letter months
    ("Senin, 07 Des 2026 10:00 WIB", "2026-12-07T10:00:00+07:00"),
    ("detikNews | Sabtu 08 Oct 2016, 14:54 WIB", "2016-10-08T14:54:00+07:00"),  # legacy mobile (ROJ)
])
def test_documented_date_lines_are_read_through_the_layout(line, iso):
    page = PAGE.replace("Jumat, 27 Nov 2026 10:15 WIB", line).replace('"datePublished": "2026-11-27T10:15:00+07:00",', "")
    fields, report = extract_with_report(page, CANONICAL)
    assert (fields["published_at"], report.layers["published_at"]) == (iso, "site")


def test_registry_finds_detik_for_every_subdomain():
    assert portal_for_url("https://oto.detik.com/mobil/d-1/x") is DETIK


PAGE = """<html><head>
<script type="application/ld+json">{"@type": "NewsArticle", "headline": "Warga Muara Baru Mengungsi",
 "datePublished": "2026-11-27T10:15:00+07:00", "author": {"@type": "Person", "name": "Sekar Ayuningtyas"}}</script>
</head><body>
<div class="page__breadcrumb"><a href="https://news.detik.com/">detikNews</a><a href="https://news.detik.com/berita">Berita</a></div>
<h1 class="detail__title">Warga Muara Baru Mengungsi</h1>
<div class="detail__date">Jumat, 27 Nov 2026 10:15 WIB</div>
<div class="detail__body-text itp_bodycontent"><strong>Jakarta</strong> -
<p>Air laut pasang merendam permukiman di pesisir utara sejak subuh, dan warga memindahkan barang ke lantai dua.</p>
<table class="linksisip"><tr><td><div class="lihatjg"><strong>Baca juga: </strong><a href="/x">Lain</a></div></td></tr></table>
<div class="paradetail"><p>ADVERTISEMENT</p><p>SCROLL TO CONTINUE WITH CONTENT</p></div>
<p>Petugas kelurahan membuka posko di aula masjid dan menyiapkan dapur umum bagi para pengungsi.</p>
<p><strong>Lihat juga Video: Banjir Rob di Pesisir Utara</strong></p>
<p><a class="embed video20detik" href="https://20.detik.com/embed/1">[Gambas:Video 20detik]</a></p>
<strong>(sek/ara)</strong>
<div class="detail__body-tag mgt-16"><div class="nav"><a class="nav__item" href="/tag/banjir-rob/">banjir rob</a></div></div>
</div></body></html>"""


def test_layout_drops_the_cms_chrome_and_reads_channel_and_tags():
    fields, report = extract_with_report(PAGE, CANONICAL)
    assert report.layout == "detik_2022"
    assert fields["content"] == (
        "Jakarta - Air laut pasang merendam permukiman di pesisir utara sejak subuh, dan warga memindahkan "
        "barang ke lantai dua.\n\nPetugas kelurahan membuka posko di aula masjid dan menyiapkan dapur umum "
        "bagi para pengungsi."
    )
    assert (fields["category"], fields["subcategory"], fields["tags"]) == ("detikNews", "Berita", ["banjir rob"])
    assert fields["published_at"] == "2026-11-27T10:15:00+07:00"


# -- the fixture copy's pages, read the ways the spider can meet them --------------------------

SITE = Path(__file__).resolve().parents[1] / "fixtures" / "detik" / "site"
SPLIT = "https://finance.detik.com/bursa-dan-valas/d-7702118/ihsg-ditutup-menguat-investor-asing-kembali-borong-saham-bank"
TRAP = "https://news.detik.com/berita/d-7701234/banjir-rob-rendam-pesisir-muara-baru-ratusan-warga-mengungsi"


def saved(url: str, name: str = "index.html") -> str:
    return (SITE / url.split("://", 1)[1] / name).read_text(encoding="utf-8")


def test_split_story_pages_joined_in_order_equal_its_single_view():
    first, report = extract_with_report(saved(SPLIT), SPLIT)
    assert report.page_urls == [SPLIT + "/2"]
    second = extract_with_report(saved(SPLIT + "/2"), SPLIT + "/2")[0]
    whole = extract_with_report(saved(SPLIT, "index?single=1.html"), SPLIT + "?single=1")[0]
    assert merge_pages(first, [second])["content"] == whole["content"]
    assert whole["content"].count("\n\n") == 5  # six paragraphs, no page-strip or desk-code line


def test_sidebar_dates_above_the_article_do_not_date_it_even_without_structured_data():
    # The trap page lists other days' stories ("1 hari yang lalu", title="Sabtu, 28 Nov 2026 …")
    # above the article; without JSON-LD and meta dates, the layout's date line must still win.
    page = re.sub(r'<script type="application/ld\+json">.*?</script>', "", saved(TRAP), flags=re.S)
    page = re.sub(r'<meta name="(?:dtk:)?publishdate"[^>]*>', "", page)
    fields, report = extract_with_report(page, TRAP)
    assert report.layers["published_at"] == "site"
    assert (fields["published_at"], fields["published_at_raw"]) == ("2026-11-27T09:12:00+07:00", "Jumat, 27 Nov 2026 09:12 WIB")


def test_regional_verticals_name_their_province():
    assert DETIK.region_for("https://www.detik.com/jatim/berita/d-7702240/x", "Berita") == "Jawa Timur"
    assert DETIK.region_for("https://www.detik.com/hikmah/d-7702241/x", None) is None
    assert DETIK.region_for(TRAP, "Berita") is None
