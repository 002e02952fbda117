"""Suara.com's rules (newscrawler/portals/suara.py) on the fixture copy in tests/fixtures/suara
(facts: shared/sites/portals.md §12)."""
from __future__ import annotations

import json
import subprocess
import sys
from datetime import date

import pytest

from newscrawler.dates import parse_indonesian_date, to_iso
from newscrawler.extraction import extract_with_report, merge_pages
from newscrawler.middlewares import article_channel
from newscrawler.portals import PORTALS, canonical_url, portal_for_url
from tests.conftest import portal_site

SUARA = PORTALS["suara"]
SITE = portal_site("suara")
CANONICAL = "https://www.suara.com/news/2026/11/27/140500/banjir-rob-rendam-tiga-kelurahan-di-jakarta-utara-warga-bertahan-di-lantai-dua"
SPLIT = SITE / CANONICAL.split("://", 1)[1]
DATE_TRAP = "https://www.suara.com/bisnis/2026/11/28/003000/harga-bawang-merah-di-pasar-tradisional-mulai-turun-pasokan-brebes-melimpah"
REGIONAL = "https://jogja.suara.com/read/2026/11/27/164500/festival-gamelan-anak-digelar-di-alun-alun-utara-yogyakarta"


def page_of(url: str, name: str = "index.html") -> bytes:
    return (SITE / url.split("://", 1)[1] / name).read_bytes()


@pytest.mark.parametrize("variant", [
    CANONICAL,
    CANONICAL + "?page=2",
    CANONICAL + "?page=all",
    CANONICAL + "/",
    CANONICAL + "?utm_source=homepage&utm_medium=headline",
    CANONICAL + "#komentar",
    "http://WWW.SUARA.COM/news/2026/11/27/140500/banjir-rob-rendam-tiga-kelurahan-di-jakarta-utara-warga-bertahan-di-lantai-dua",
])
def test_every_form_of_an_article_has_one_canonical_url(variant):
    assert SUARA.is_article_url(variant)
    assert canonical_url(variant) == CANONICAL


@pytest.mark.parametrize("url", [
    "https://www.suara.com/news/2026/07/24/070859/a-b",   # §12a, EGI's example form
    REGIONAL,                                             # a regional sub-domain (NW)
    "https://jogja.suara.com/read/2026/07/24/festival",   # NW's regex: no time segment
])
def test_articles_on_www_and_the_regional_sub_domains(url):
    assert SUARA.is_article_url(url)
    assert portal_for_url(url) is SUARA


@pytest.mark.parametrize("url", [
    "https://www.suara.com/",
    "https://www.suara.com/news",
    "https://www.suara.com/indeks?page=2",
    "https://www.suara.com/tag/banjir-rob",
    "https://www.suara.com/search?q=bawang+merah",
    "https://www.suara.com/author/dinda-rahmawati",
    "https://www.suara.com/reporter/fajar-nugraha",
    "https://www.suara.com/video/2026/11/27/101500/detik-detik-air-rob-masuk-permukiman",
    "https://www.suara.com/foto/2026/11/27/093000/potret-banjir-rob",
    "https://www.suara.com/loadmoredetail?id=1",
    "https://www.suara.com/rss/news",
    "https://www.suara.com/news/banjir-rob-rendam-tiga-kelurahan",   # no date
    "https://notsuara.com/news/2026/11/27/140500/banjir-rob",
])
def test_tags_media_listings_and_other_sites_are_not_articles(url):
    assert not SUARA.is_article_url(url)


def test_entry_points_for_two_days_page_the_undated_index_and_read_the_kanal_feeds():
    # §12b: the index has no date, so the window does not choose pages: it is walked back.
    two_days = SUARA.entry_points([date(2026, 11, 27), date(2026, 11, 28)], ["news", "tekno"])
    assert two_days == [
        "https://www.suara.com/",
        "https://www.suara.com/indeks?page=1",
        "https://www.suara.com/rss/news",
        "https://www.suara.com/rss/tekno",
        "https://www.suara.com/rss/mostpopular",
    ]
    assert SUARA.entry_points([date(2026, 1, 1)], ["news", "tekno"]) == two_days


def test_the_index_pages_by_number_until_a_page_brings_nothing_new():
    assert SUARA.next_listing_page("https://www.suara.com/indeks?page=1") == "https://www.suara.com/indeks?page=2"
    assert SUARA.next_listing_page("https://www.suara.com/indeks?page=19") == "https://www.suara.com/indeks?page=20"
    assert SUARA.next_listing_page("https://www.suara.com/rss/news") is None
    # The copy's page 3 is empty: the walk stops there (§12b "stop on empty").
    assert "article-kanal-item" in page_of("https://www.suara.com/indeks", "index?page=2.html").decode()
    assert "article-kanal-item" not in page_of("https://www.suara.com/indeks", "index?page=3.html").decode()


def test_whole_article_view_is_page_all():
    assert SUARA.whole_article_url(CANONICAL) == CANONICAL + "?page=all"


def test_the_whole_view_and_the_split_pages_give_the_same_article():
    expected = json.loads((SPLIT / "expected.json").read_text(encoding="utf-8"))
    whole, report = extract_with_report(page_of(CANONICAL, "index?page=all.html"), CANONICAL + "?page=all")
    assert report.layout == "suara_2026"
    # Without ?page=all the spider walks the page links instead (§12e, EGI).
    first, report = extract_with_report(page_of(CANONICAL), CANONICAL)
    assert report.page_urls == [CANONICAL + "?page=2", CANONICAL + "?page=3"]
    later = [extract_with_report(page_of(CANONICAL, f"index?page={n}.html"), CANONICAL + f"?page={n}")[0] for n in (2, 3)]
    joined = merge_pages(first, later)
    assert whole["content"] == joined["content"] == expected["content"]
    assert len(whole["content"].split("\n\n")) == 7
    for box in ("Baca Juga", "Ringkasan", "Kesimpulan", "ADVERTISEMENT", "Pemprov DKI Siapkan"):
        assert box not in whole["content"]


def test_the_structured_date_wins_over_the_strip_and_the_appended_next_article():
    html = page_of(DATE_TRAP).decode("utf-8")
    # Above the headline: a bare time and a relative time of other stories; below the body,
    # the next article with its own headline and a date of another day.
    assert html.index("07:08") < html.index("<h1>Harga Bawang Merah")
    assert "Kamis, 26 November 2026 | 18:00 WIB" in html
    fields, report = extract_with_report(html, DATE_TRAP)
    assert fields["published_at"] == "2026-11-28T00:30:00+07:00"
    assert report.layers["published_at"] == "jsonld"
    assert fields["title"] == "Harga Bawang Merah di Pasar Tradisional Mulai Turun, Pasokan Brebes Melimpah"
    assert "40 pompa" not in fields["content"]
    assert fields["author"] == "Fajar Nugraha, Lestari Ayu"


def test_tags_are_read_without_their_hash():
    fields, report = extract_with_report(page_of(DATE_TRAP), DATE_TRAP)
    assert "#bawang merah" in page_of(DATE_TRAP).decode("utf-8")
    assert fields["tags"] == ["bawang merah", "harga pangan"]
    assert report.layers["tags"] == "site"


@pytest.mark.parametrize("text,iso", [
    ("Jum'at, 24 Juli 2026 | 07:08 WIB", "2026-07-24T07:08:00+07:00"),   # EGI fixture
    ("Jumat, 24 Juli 2026 | 07:08 WIB", "2026-07-24T07:08:00+07:00"),    # NW-old's rewrite
    ("Sabtu, 28 November 2026 | 00:30 WIB", "2026-11-28T00:30:00+07:00"),
    ("2026-11-27 14:05:00", "2026-11-27T14:05:00+07:00"),                 # dataLayer articleDate: naive WIB
])
def test_documented_suara_date_forms_parse_as_wib(text, iso):
    assert to_iso(parse_indonesian_date(text)) == iso


def test_the_channel_is_the_kanal_path_and_regional_hosts_have_none():
    assert article_channel(CANONICAL) == "news"
    assert article_channel(DATE_TRAP) == "bisnis"
    assert article_channel(REGIONAL) is None


def test_a_waf_challenge_in_place_of_an_article_is_a_refusal_not_an_article():
    # §12f: WAF/captcha pages are possible; the spider counts them as a refusal (blocked, exit 10).
    challenge = ("<html><head><title>Just a moment...</title></head><body><div id='cf-challenge-running'>"
                 "Checking if the site connection is secure</div></body></html>")
    _, report = extract_with_report(challenge, CANONICAL)
    assert report.blocked == "bot_challenge"


def test_fixture_site_is_built_from_its_table():
    result = subprocess.run([sys.executable, str(SITE.parent / "build.py"), "--check"], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
