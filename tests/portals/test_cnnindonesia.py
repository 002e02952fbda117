"""CNN Indonesia's registry entry: URL rules, entry points, paging, and the page's own clock."""
from datetime import date

import pytest

from newscrawler.extraction import extract_with_report
from newscrawler.portals import PORTALS, canonical_url

CNN = PORTALS["cnnindonesia"]
WWW = "https://www.cnnindonesia.com"
CANONICAL = WWW + "/ekonomi/20260724100745-78-1384410/harga-beras-medium-naik-tipis"


@pytest.mark.parametrize("variant", [
    CANONICAL,
    CANONICAL + "/",
    CANONICAL + "?utm_source=twitter&utm_medium=social",
    CANONICAL + "?page=2",  # EGI strips a page parameter defensively; no article is split
    CANONICAL + "#komentar",
    "http://WWW.CNNINDONESIA.COM/ekonomi/20260724100745-78-1384410/harga-beras-medium-naik-tipis",
])
def test_every_form_of_an_article_url_has_one_canonical_url(variant):
    assert CNN.is_article_url(variant)
    assert canonical_url(variant) == CANONICAL


@pytest.mark.parametrize("url", [
    WWW + "/",
    WWW + "/nasional",
    WWW + "/indeks/2?date=2026/11/30&page=1",
    WWW + "/ekonomi/indeks/5?date=2026/11/30",
    WWW + "/tag/banjir-jakarta",
    WWW + "/search?query=banjir",
    WWW + "/nasional/rss",
    # TV and video pages have the article's token shape: the path names them.
    WWW + "/tv/20261130200512-405-1501409/video-detik-detik-air-ciliwung-masuk-permukiman",
    WWW + "/televisi/20261130200512-405-1501409/siaran-ulang-prime-news",
    WWW + "/nasional/video/20261130200512-405-1501409/banjir-kampung-melayu",
    WWW + "/foto/20261130200512-406-1501410/banjir-kampung-melayu-dalam-gambar",
    WWW + "/nasional/20261130/slug-without-the-three-part-token",
    "https://connect.detik.com/nasional/20261130061512-20-1501234/warga-mengungsi",  # another domain
    "https://m.cnnindonesia.com/nasional/20261130061512-20-1501234/warga-mengungsi",  # only www is documented
])
def test_non_articles_are_refused(url):
    assert not CNN.is_article_url(url)


def test_entry_points_of_a_two_day_window_read_the_index_in_both_date_forms():
    urls = CNN.entry_points([date(2026, 11, 30), date(2026, 12, 1)], list(CNN.channels))
    assert urls[0] == WWW + "/"
    for day_first, year_first in (("30/11/2026", "2026/11/30"), ("01/12/2026", "2026/12/01")):
        assert f"{WWW}/indeks/2?date={year_first}&page=1" in urls
        assert f"{WWW}/indeks/2?date={day_first}&page=1" in urls
        assert f"{WWW}/ekonomi/indeks/5?date={year_first}&page=1" in urls
    assert WWW + "/indeks?page=1" in urls
    assert {f"{WWW}/{c}/rss" for c in CNN.channels} <= set(urls)
    assert len(urls) == len(set(urls)) == 1 + 2 * 2 + 2 + 1 + len(CNN.channels)


def test_a_channel_without_a_known_index_id_reads_only_the_all_channel_index():
    urls = CNN.entry_points([date(2026, 11, 30)], ["nasional"])
    assert not [u for u in urls if "/ekonomi/" in u]
    assert WWW + "/nasional/rss" in urls and WWW + "/indeks/2?date=2026/11/30&page=1" in urls


@pytest.mark.parametrize("url,following", [
    (WWW + "/indeks/2?date=2026/11/30&page=1", WWW + "/indeks/2?date=2026/11/30&page=2"),
    (WWW + "/indeks/2?date=30/11/2026&page=2", WWW + "/indeks/2?date=30/11/2026&page=3"),
    (WWW + "/ekonomi/indeks/5?date=2026/11/30&page=4", WWW + "/ekonomi/indeks/5?date=2026/11/30&page=5"),
    (WWW + "/indeks?page=1", WWW + "/indeks?page=2"),
    (WWW + "/nasional/rss", None),
    (WWW + "/", None),
])
def test_paging_goes_one_page_at_a_time_and_keeps_the_date_as_written(url, following):
    assert CNN.next_listing_page(url) == following


def _page(date_div: str, jsonld: str = "") -> str:
    """The 2026 layout around a WIB date line, with the listing cards' relative times and
    commented absolute times ahead of it in the page (EGI's markup)."""
    cards = "".join(
        f'<article class="flex-grow"><a href="{WWW}/olahraga/2026120107{n}015-142-150165{n}/x"><h2>Kabar {n}</h2>'
        f'<span class="text-cnn_black_light3"> &bull; {n} jam yang lalu<!--2026-12-01 0{n}:30:15--></span></a></article>'
        for n in range(1, 4))
    return f"""<html><head>{jsonld}<meta property="og:title" content="Sirene Tsunami Diuji di Pacitan"></head><body>
<section>{cards}</section><h1>Sirene Tsunami Diuji di Pacitan</h1>
<div class="text-cnn_black_light3"><span>CNN Indonesia</span></div>
<div class="text-cnn_grey text-sm">{date_div}</div>
<div class="detail-text"><strong>Jakarta, CNN Indonesia</strong> -- <p>BMKG menguji sirene peringatan dini tsunami di
pesisir Pacitan pada Selasa pagi, kali ini dari aplikasi di ponsel petugas.</p>
<p>Uji coba berlangsung sekitar lima belas menit dan diikuti warga dua kelurahan.</p></div></body></html>"""


URL = WWW + "/teknologi/20261201091133-185-1501702/sirene-tsunami-diuji-di-pacitan"


@pytest.mark.parametrize("line,iso", [
    ("Selasa, 01 Des 2026 10:14 WIB", "2026-12-01T10:14:00+07:00"),
    ("Senin, 10/10/2016 05:12", "2016-10-10T05:12:00+07:00"),  # the 2016 form (ROJ): no zone, WIB
])
def test_the_visible_wib_date_line_gives_the_time_at_plus_seven(line, iso):
    fields, report = extract_with_report(_page(line), URL)
    assert (fields["published_at"], fields["published_at_raw"]) == (iso, line)
    assert report.layout == "cnnindonesia_2026" and report.layers["published_at"] == "site"


def test_a_structured_date_in_utc_is_given_in_the_page_s_wib():
    jsonld = '<script type="application/ld+json">{"@type": "NewsArticle", "datePublished": "2026-12-01T03:14:00Z"}</script>'
    fields, _ = extract_with_report(_page("Selasa, 01 Des 2026 10:14 WIB", jsonld), URL)
    assert fields["published_at"] == "2026-12-01T10:14:00+07:00"
