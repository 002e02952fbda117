"""Okezone's rules (newscrawler/portals/okezone.py) and the quirks of its pages, on the fixture
copy in tests/fixtures/okezone (facts: shared/sites/portals.md §3)."""
from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest

from newscrawler.dates import parse_indonesian_date, to_iso
from newscrawler.extraction import extract_with_report, merge_pages
from newscrawler.portals import PORTALS, canonical_url, portal_for_url
from tests.conftest import portal_site

OKEZONE = PORTALS["okezone"]
SITE = portal_site("okezone")
CANONICAL = "https://news.okezone.com/read/2026/11/27/337/3301452/banjir-rob-rendam-pesisir-pekalongan-ratusan-warga-mengungsi-ke-balai-desa"
SPLIT = SITE / CANONICAL.split("://", 1)[1]
DATE_TRAP = SITE / "news.okezone.com/read/2026/11/27/338/3301533/pemkot-depok-uji-coba-bus-sekolah-gratis-di-tiga-kecamatan"


def page(folder: Path, name: str = "index.html") -> bytes:
    return (folder / name).read_bytes()


@pytest.mark.parametrize("variant", [
    CANONICAL,
    CANONICAL + "?page=2",
    CANONICAL + "?page=all",
    CANONICAL + "/",
    CANONICAL + "?utm_source=whatsapp&utm_medium=share",
    CANONICAL + "#comments",
    "http://NEWS.OKEZONE.COM/read/2026/11/27/337/3301452/banjir-rob-rendam-pesisir-pekalongan-ratusan-warga-mengungsi-ke-balai-desa",
])
def test_every_form_of_an_article_has_one_canonical_url(variant):
    assert OKEZONE.is_article_url(variant)
    assert canonical_url(variant) == CANONICAL


@pytest.mark.parametrize("url", [
    "https://bola.okezone.com/read/2026/07/24/51/3232091/a-b",  # §3a, EGI's bola example
    "https://news.okezone.com/read/2026/07/24/337/3232094",      # NW's regex stops after the ids
    "https://ototekno.okezone.com/read/2026/11/27/15/3301600/mobil-listrik-murah",
])
def test_articles_on_every_kanal_host(url):
    assert OKEZONE.is_article_url(url)
    assert portal_for_url(url) is OKEZONE


@pytest.mark.parametrize("url", [
    "https://www.okezone.com/",
    "https://news.okezone.com/",
    "https://www.okezone.com/tag/banjir-rob",
    "https://www.okezone.com/tag/banjir-rob/2",
    "https://www.okezone.com/video/2026/11/28/persikota-latihan-jelang-laga-kandang",
    "https://www.okezone.com/foto/2026/11/27/337/3301460/potret-banjir-rob-di-pekalongan",
    "https://www.okezone.com/infografis/2026/11/27/337/3301470/cara-aman-menghadapi-banjir-rob",
    "https://mpi.okezone.com/article/sindonews/1734020",
    "https://mpi.okezone.com/read/2026/11/27/337/3301452/banjir-rob",  # whatever path: not ours
    "https://img.okezone.com/content/2026/11/27/337/3301452/a.jpg",
    "https://redaksi.okezone.com/",
    "https://news.okezone.com/indeks/2026/11/27/10",
    "https://index.okezone.com/bydate/channel/2026/11/27/1/15/",
    "https://www.okezone.com/search?q=banjir",
    "https://search.okezone.com/loaddata/article/banjir/1",
    "https://www.okezone.com/more",
    "https://news.okezone.com/author/dimas-prakoso",
    "https://evilokezone.com/read/2026/11/27/337/3301452/a-b",
    "https://nasional.sindonews.com/read/1734020/12/a-b-1764228000",
])
def test_tags_media_listings_republications_and_other_sites_are_not_articles(url):
    assert not OKEZONE.is_article_url(url)


def test_entry_points_for_two_days_cover_both_date_indexes_the_kanal_homes_and_the_feeds():
    urls = OKEZONE.entry_points([date(2026, 11, 27), date(2026, 11, 28)], ["news", "women", "edukasi"])
    for expected in (
        "https://www.okezone.com/",
        "https://news.okezone.com/indeks/2026/11/27/0",
        "https://news.okezone.com/indeks/2026/11/28/0",
        "https://edukasi.okezone.com/indeks/2026/11/28/0",
        "https://index.okezone.com/bydate/channel/2026/11/27/1/0/",     # news = 1
        "https://index.okezone.com/bydate/channel/2026/11/28/12/0/",    # women = 12
        "https://index.okezone.com/bydate/channel/2026/11/28/623/0/",   # edukasi = 623
        "https://index.okezone.com/bydate/index/2026/11/27/0/",
        "https://women.okezone.com/",
        "https://sindikasi.okezone.com/index.php/rss/0/RSS2.0",
        "https://sindikasi.okezone.com/index.php/rss/1/RSS2.0",
        "https://sindikasi.okezone.com/index.php/rss/12/RSS2.0",
    ):
        assert expected in urls
    assert not any("economy" in u or "/11/26/" in u or "/11/29/" in u for u in urls)
    assert not any("rss/" in u and u.split("rss/")[1].startswith(("623", "613")) for u in urls)  # no feed for edukasi
    assert len(urls) == len(set(urls))


def test_index_pages_step_by_the_offsets_of_each_form():
    assert OKEZONE.next_listing_page("https://news.okezone.com/indeks/2026/11/27/0") == "https://news.okezone.com/indeks/2026/11/27/10"
    assert OKEZONE.next_listing_page("https://news.okezone.com/indeks/2026/11/27/10") == "https://news.okezone.com/indeks/2026/11/27/20"
    assert (OKEZONE.next_listing_page("https://index.okezone.com/bydate/channel/2026/11/27/630/15/")
            == "https://index.okezone.com/bydate/channel/2026/11/27/630/30/")
    assert (OKEZONE.next_listing_page("https://index.okezone.com/bydate/index/2026/11/27/0/")
            == "https://index.okezone.com/bydate/index/2026/11/27/15/")
    assert OKEZONE.next_listing_page("https://www.okezone.com/") is None
    assert OKEZONE.next_listing_page("https://sindikasi.okezone.com/index.php/rss/1/RSS2.0") is None


def test_whole_article_view_is_page_all():
    assert OKEZONE.whole_article_url(CANONICAL) == CANONICAL + "?page=all"


def test_the_whole_view_and_the_split_pages_give_the_same_article():
    expected = json.loads((SPLIT / "expected.json").read_text(encoding="utf-8"))
    whole, report = extract_with_report(page(SPLIT, "index?page=all.html"), CANONICAL + "?page=all")
    assert report.layout == "okezone_2026"
    first, report = extract_with_report(page(SPLIT), CANONICAL)
    assert report.page_urls == [CANONICAL + "?page=2", CANONICAL + "?page=3"]
    later = [extract_with_report(page(SPLIT, f"index?page={n}.html"), CANONICAL + f"?page={n}")[0] for n in (2, 3)]
    joined = merge_pages(first, later)
    assert whole["content"] == joined["content"] == expected["content"]
    # The page-break divs of ?page=all end paragraphs: no page's last and next page's first
    # paragraph run together.
    assert "30 sentimeter.\n\nPara pengungsi" in whole["content"]
    assert "Baca Juga" not in whole["content"] and "Telusuri" not in whole["content"]
    assert "WhatsApp" not in whole["content"] and "Google News" not in whole["content"]


def test_naive_date_modified_is_wib_and_exported_with_its_offset():
    # §3c: dateModified "2026-11-27 15:16:40" has no zone; Okezone writes Jakarta time.
    fields, _ = extract_with_report(page(SPLIT, "index?page=all.html"), CANONICAL + "?page=all")
    assert fields["updated_at_raw"] == "2026-11-27 15:16:40"
    assert fields["updated_at"] == "2026-11-27T15:16:40+07:00"
    assert fields["published_at"] == "2026-11-27T14:05:00+07:00"


def test_without_structured_dates_the_byline_wins_over_the_sidebar_dates():
    # The "Terkini" strip above the headline shows another story's "Sabtu, 28 November 2026
    # 19:45 WIB": a generic scan would read it first. The byline says 09:20 on the 27th.
    html = page(DATE_TRAP).decode("utf-8")
    html = re.sub(r'<script type="application/ld\+json">.*?</script>', "", html, flags=re.S)
    html = re.sub(r'<meta itemprop="datePublished"[^>]*>', "", html)
    url = canonical_url("https://" + DATE_TRAP.relative_to(SITE).as_posix())
    fields, report = extract_with_report(html.encode("utf-8"), url)
    assert "Sabtu, 28 November 2026 19:45 WIB" in html
    assert fields["published_at_raw"] == "Jurnalis-Jum'at, 27 November 2026 |09:20 WIB"
    assert fields["published_at"] == "2026-11-27T09:20:00+07:00"
    assert report.layers["published_at"] == "site"


@pytest.mark.parametrize("text,iso", [
    ("Jurnalis-Jum'at, 24 Juli 2026 |15:18 WIB", "2026-07-24T15:18:00+07:00"),   # byline (EGI fixture)
    ("Jum'at, 24 Juli 2026 15:18 WIB", "2026-07-24T15:18:00+07:00"),            # listing (EGI)
    ("24 Juli 2026 15:18:24", "2026-07-24T15:18:24+07:00"),                     # listing (EGI)
    ("2026-07-24 15:16:40", "2026-07-24T15:16:40+07:00"),                       # JSON-LD dateModified
    ("Rabu, 12 Oktober 2016 06:44 WIB", "2016-10-12T06:44:00+07:00"),           # 2016 topic pages (ROJ)
    ("12 Oct 2016 - 05:25", "2016-10-12T05:25:00+07:00"),                       # 2016 app API (ROJ)
])
def test_every_documented_okezone_date_form_parses(text, iso):
    assert to_iso(parse_indonesian_date(text)) == iso


def test_the_channel_field_comes_from_the_kanal_host():
    from newscrawler.middlewares import article_channel

    assert article_channel(CANONICAL) == "news"
    assert article_channel("https://bola.okezone.com/read/2026/11/28/49/3302018/a-b") == "bola"
    assert article_channel("https://www.okezone.com/read/2026/11/28/49/3302018/a-b") is None
