"""SINDOnews' rules (newscrawler/portals/sindonews.py) and the quirks of its pages, on the fixture
copy in tests/fixtures/sindonews (facts: shared/sites/portals.md §4)."""
from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from newscrawler.dates import parse_indonesian_date, to_iso
from newscrawler.extraction import extract_with_report, merge_pages
from newscrawler.middlewares import article_channel
from newscrawler.portals import PORTALS, canonical_url, portal_for_url
from tests.conftest import portal_site

SINDONEWS = PORTALS["sindonews"]
SITE = portal_site("sindonews")
CANONICAL = "https://nasional.sindonews.com/read/1734020/13/kpk-periksa-tiga-pejabat-dinas-pupr-soal-proyek-irigasi-di-sumbawa-1795761540"
SPLIT = SITE / CANONICAL.split("://", 1)[1]
BOXES = SITE / "daerah.sindonews.com/read/1734188/704/festival-reog-ponorogo-diikuti-48-grup-dari-enam-provinsi-1795829100"
WHOLE = "index?showpage=all.html"
ALL_CHANNELS = list(SINDONEWS.channels)


def page(folder: Path, name: str = "index.html") -> bytes:
    return (folder / name).read_bytes()


def url_of(folder: Path) -> str:
    return "https://" + folder.relative_to(SITE).as_posix()


@pytest.mark.parametrize("variant", [
    CANONICAL,
    CANONICAL + "/2",
    CANONICAL + "/5",
    CANONICAL + "/",
    CANONICAL + "?showpage=all",
    CANONICAL + "?utm_source=twitter&utm_medium=social",
    CANONICAL + "#komentar",
    CANONICAL.replace("https://nasional", "http://NASIONAL"),
])
def test_every_form_of_an_article_has_one_canonical_url(variant):
    assert SINDONEWS.is_article_url(variant)
    assert canonical_url(variant) == CANONICAL


def test_the_unix_time_ending_the_slug_is_not_a_page_number():
    # §4a: EGI's example, page 5 of it; the 10-digit stamp stays, the /5 goes.
    url = "https://ekbis.sindonews.com/read/1731775/178/ihsg-sesi-siang-ditutup-menguat-1784873276"
    assert canonical_url(url + "/5") == url
    assert SINDONEWS.page_number(url + "/5") == 5
    assert SINDONEWS.page_number(url) is None
    assert portal_for_url(url) is SINDONEWS


@pytest.mark.parametrize("url", [
    "https://www.sindonews.com/",
    "https://ekbis.sindonews.com/",
    "https://hi-lite.sindonews.com/read/1734077/185/lima-destinasi-liburan-keluarga-akhir-tahun-1795755600",
    "https://scope.sindonews.com/read/1734078/1/a-b-1795755600",
    "https://video.sindonews.com/read/89012/7/festival-reog-ponorogo-1795830000",
    "https://photo.sindonews.com/view/33120/festival-reog-ponorogo",
    "https://www.sindonews.com/topic/1185/kpk",
    "https://www.sindonews.com/search/go?q=kpk&type=artikel&p=1",
    "https://www.sindonews.com/indeks/5/20?t=2026-11-27",
    "https://index.sindonews.com/",
    "https://pict.sindonews.com/dyn/850/pena/news/2026/11/27/13/1734020/a.jpg",
    "https://nasional.sindonews.com/read/1734020/13/kpk-periksa-tanpa-stempel-waktu",  # no unix time
    "https://evilsindonews.com/read/1734020/13/a-b-1795761540",
    "https://news.okezone.com/read/2026/11/27/337/3301452/a-b",
])
def test_hilite_media_search_index_and_other_sites_are_not_articles(url):
    assert not SINDONEWS.is_article_url(url)


def test_every_channel_wanted_walks_the_all_channel_index_of_each_day():
    urls = SINDONEWS.entry_points([date(2026, 11, 27), date(2026, 11, 28)], ALL_CHANNELS)
    assert "https://www.sindonews.com/indeks/0/0?t=2026-11-27" in urls
    assert "https://www.sindonews.com/indeks/0/0?t=2026-11-28" in urls
    assert not [u for u in urls if "/indeks/" in u and "/indeks/0/" not in u]
    for latest in ("https://www.sindonews.com/", "https://www.sindonews.com/indeks/0/0", "https://www.sindonews.com/feed",
                   "https://kalam.sindonews.com/", "https://tekno.sindonews.com/"):
        assert latest in urls
    assert len(urls) == len(set(urls))


def test_some_channels_walk_their_own_indexes_by_id():
    urls = SINDONEWS.entry_points([date(2026, 11, 27), date(2026, 11, 28)], ["ekbis", "otomotif"])
    for expected in ("https://www.sindonews.com/indeks/8/0?t=2026-11-27", "https://www.sindonews.com/indeks/611/0?t=2026-11-28",
                     "https://ekbis.sindonews.com/", "https://www.sindonews.com/feed"):
        assert expected in urls
    assert not any("?t=" in u and "/indeks/0/" in u for u in urls)
    assert not any("nasional" in u or "/indeks/5/" in u for u in urls)


def test_index_pages_step_by_20_and_keep_their_day():
    assert (SINDONEWS.next_listing_page("https://www.sindonews.com/indeks/0/0?t=2026-11-27")
            == "https://www.sindonews.com/indeks/0/20?t=2026-11-27")
    assert (SINDONEWS.next_listing_page("https://www.sindonews.com/indeks/612/40?t=2026-11-28")
            == "https://www.sindonews.com/indeks/612/60?t=2026-11-28")
    assert SINDONEWS.next_listing_page("https://www.sindonews.com/indeks/0/0") is None  # latest: page 1 only
    assert SINDONEWS.next_listing_page("https://www.sindonews.com/feed") is None


def test_whole_article_view_is_showpage_all():
    assert SINDONEWS.whole_article_url(CANONICAL) == CANONICAL + "?showpage=all"


def test_the_whole_view_and_the_split_pages_give_the_same_body():
    expected = json.loads((SPLIT / "expected.json").read_text(encoding="utf-8"))
    whole, report = extract_with_report(page(SPLIT, WHOLE), CANONICAL + "?showpage=all")
    assert report.layout == "sindonews_2026"
    first, report = extract_with_report(page(SPLIT), CANONICAL)
    assert report.page_urls == [CANONICAL + "/2", CANONICAL + "/3"]  # not page 1, not ?showpage=all
    later = [extract_with_report(page(SPLIT / str(n)), f"{CANONICAL}/{n}")[0] for n in (2, 3)]
    assert whole["content"] == merge_pages(first, later)["content"] == expected["content"]


def test_br_separated_body_is_read_as_paragraphs_without_its_boxes():
    fields, report = extract_with_report(page(BOXES, WHOLE), url_of(BOXES) + "?showpage=all")
    assert b"<p>" not in page(BOXES, WHOLE).split(b'id="detail-desc"')[1].split(b"</div>")[0]
    paragraphs = fields["content"].split("\n\n")
    assert len(paragraphs) == 5
    assert paragraphs[0].startswith("PONOROGO - Sebanyak 48 grup reog")
    for noise in ("Baca Juga", "Lihat Juga", "ADVERTISEMENT", "Berita Terkait", "(zik)", "YouTube"):
        assert noise not in fields["content"]


def test_the_same_instant_from_page_one_json_ld_and_from_the_whole_views_date_line():
    # Page 1: JSON-LD datePublished with +07:00. ?showpage=all: no NewsArticle (§4c), only the
    # visible "Jum'at, 27 November 2026 - 13:39 WIB": the export keeps the WIB instant.
    first, _ = extract_with_report(page(SPLIT), CANONICAL)
    whole, report = extract_with_report(page(SPLIT, WHOLE), CANONICAL + "?showpage=all")
    assert first["published_at_raw"] == "2026-11-27T13:39:00+07:00"
    assert whole["published_at_raw"] == "Jum'at, 27 November 2026 - 13:39 WIB"
    assert first["published_at"] == whole["published_at"] == "2026-11-27T13:39:00+07:00"
    assert report.layers["published_at"] == "site"
    assert first["updated_at"] == "2026-11-27T14:02:00+07:00" and whole["updated_at"] is None


def test_sidebar_dates_and_writers_above_the_article_are_not_the_articles():
    html = page(SPLIT, WHOLE).decode("utf-8")
    article_at = html.index('class="detail-date-artikel"')
    assert html.index("Sabtu, 28 November 2026 - 08:25 WIB") < article_at   # another story's date
    assert html.index('rel="author">Siti Rahmawati') < article_at           # a columnist, not the writer
    whole, _ = extract_with_report(html.encode("utf-8"), CANONICAL + "?showpage=all")
    assert whole["published_at"] == "2026-11-27T13:39:00+07:00"
    assert whole["author"] == "Nadia Kusumawardani"
    assert whole["tags"] == ["kpk", "korupsi", "proyek irigasi", "sumbawa"]  # meta keywords only
    assert (whole["category"], whole["subcategory"]) == ("Nasional", "Hukum")  # BreadcrumbList


@pytest.mark.parametrize("text,iso", [
    ("Jum'at, 24 Juli 2026 - 13:39 WIB", "2026-07-24T13:39:00+07:00"),     # EGI
    ("Kamis, 13 Oktober 2016 - 11:18 WIB", "2016-10-13T11:18:00+07:00"),   # ROJ
    ("Selasa,  6 Oktober 2015 - 05:23 WIB", "2015-10-06T05:23:00+07:00"),  # ROJ: double space, unpadded day
])
def test_every_documented_sindonews_date_form_parses(text, iso):
    assert to_iso(parse_indonesian_date(text)) == iso


def test_the_channel_field_comes_from_the_kanal_host():
    assert article_channel(CANONICAL) == "nasional"
    assert article_channel("https://ekbis.sindonews.com/read/1731775/178/ihsg-1784873276") == "ekbis"
    assert article_channel("https://www.sindonews.com/read/1731775/178/ihsg-1784873276") is None


def test_the_ads_rule_stays_inside_the_body_container():
    # A page wrapper whose class merely contains "ads" (here "col-main-leads") must not take
    # the article with it: the portal's boilerplate rules apply inside .detail-desc only.
    html = page(SPLIT, WHOLE).replace(b'class="col-main detail-artikel"', b'class="col-main-leads detail-artikel"')
    fields, report = extract_with_report(html, CANONICAL + "?showpage=all")
    assert report.layers["content"] == "site"
    assert fields["content"] == json.loads((SPLIT / "expected.json").read_text(encoding="utf-8"))["content"]
