"""Liputan6.com rules (shared/sites/portals.md §7): URL forms, the day index and its paging,
every page of a split article read from the one response, tags from meta keywords, and the
visible "Diterbitkan" line rather than the sidebar's times when structured dates are gone."""
import re
import subprocess
import sys
from datetime import date

import pytest
from lxml.html import fromstring

from newscrawler.extraction import extract_with_report
from newscrawler.extraction.site import all_texts
from newscrawler.portals import PORTALS, canonical_url, portal_for_url
from tests.conftest import portal_site

LIPUTAN6 = PORTALS["liputan6"]
CANONICAL = "https://www.liputan6.com/news/read/6231457/kemenhub-uji-coba-jadwal-kapal-feri"
SITE = portal_site("liputan6")


@pytest.mark.parametrize("variant", [
    CANONICAL,
    CANONICAL + "/",
    CANONICAL + "?utm_source=rss&utm_medium=feed",
    CANONICAL + "?page=2",
    CANONICAL + "#comments",
    "http://WWW.LIPUTAN6.COM/news/read/6231457/kemenhub-uji-coba-jadwal-kapal-feri",
])
def test_every_form_of_a_www_article_has_one_canonical_url(variant):
    assert LIPUTAN6.is_article_url(variant)
    assert canonical_url(variant) == CANONICAL


def test_section_subdomain_articles_start_their_path_at_read():
    url = "https://kesehatan.liputan6.com/read/6231902/puskesmas-di-bantul-buka-layanan"
    assert LIPUTAN6.is_article_url(url)
    assert canonical_url(url + "?utm_campaign=x") == url


@pytest.mark.parametrize("url", [
    "https://www.liputan6.com/",
    "https://www.liputan6.com/news",
    "https://www.liputan6.com/photo/read/6231460/potret-antrean-kendaraan-di-pelabuhan-merak",
    "https://www.liputan6.com/foto/read/6231460/potret-antrean-kendaraan-di-pelabuhan-merak",
    "https://www.liputan6.com/video/read/6231511/video-kapal-feri-menunggu-cuaca-membaik",
    "https://www.liputan6.com/tag/kapal-feri",
    "https://www.liputan6.com/indeks/2026/11/27?start=2026-11-27&end=2026-11-28&page=1",
    "https://www.liputan6.com/news/indeks/2026/11/27",
    "https://www.liputan6.com/search?q=kopi",
    "https://www.liputan6.com/author/anindya-kusumawardani",
    "https://enamplus.liputan6.com/read/6230001/menelusuri-jejak-kopi-di-pegunungan",
    "https://feed.liputan6.com/rss",
    "https://www.liputan6.com/news/read/6231457",  # no slug
    "https://www.merdeka.com/peristiwa/read/6231457/kemenhub-uji-coba",
])
def test_photos_videos_tags_indexes_search_authors_and_enamplus_are_not_articles(url):
    assert not LIPUTAN6.is_article_url(url)


def test_a_slug_that_merely_contains_video_is_still_an_article():
    assert LIPUTAN6.is_article_url("https://www.liputan6.com/news/read/6231600/video-call-gratis-untuk-warga-lansia")


def test_registry_finds_liputan6_by_its_hosts():
    assert portal_for_url("https://kesehatan.liputan6.com/read/1/a") is LIPUTAN6


DAYS = [date(2026, 11, 27), date(2026, 11, 28)]


def test_entry_points_for_every_channel_read_the_day_index_channel_pages_and_rss():
    urls = LIPUTAN6.entry_points(DAYS, list(LIPUTAN6.channels))
    assert urls[:3] == [
        "https://www.liputan6.com/",
        "https://www.liputan6.com/indeks/2026/11/27?start=2026-11-27&end=2026-11-28&page=1",
        "https://www.liputan6.com/indeks/2026/11/28?start=2026-11-28&end=2026-11-29&page=1",
    ]
    assert "https://www.liputan6.com/news" in urls and "https://feed.liputan6.com/rss" in urls
    assert not any(re.search(r"/[a-z-]+/indeks/", u) for u in urls)
    assert len(urls) == len(set(urls))


def test_entry_points_for_some_channels_read_those_channels_day_indexes():
    urls = LIPUTAN6.entry_points(DAYS, ["bola"])
    assert "https://www.liputan6.com/bola/indeks/2026/11/27" in urls
    assert "https://www.liputan6.com/bola/indeks/2026/11/28" in urls
    assert "https://www.liputan6.com/bola" in urls
    assert not any("/indeks/2026" in u and "?start=" in u for u in urls)
    assert not any("/news" in u for u in urls)


def test_day_index_continues_by_page_number_keeping_its_day_and_next_day():
    first = "https://www.liputan6.com/indeks/2026/11/30?start=2026-11-30&end=2026-12-01&page=1"
    assert LIPUTAN6.next_listing_page(first) == "https://www.liputan6.com/indeks/2026/11/30?start=2026-11-30&end=2026-12-01&page=2"
    assert LIPUTAN6.next_listing_page("https://www.liputan6.com/bola/indeks/2026/11/30") is None
    assert LIPUTAN6.next_listing_page("https://www.liputan6.com/news") is None


def test_no_whole_article_request_all_pages_come_in_one_response():
    assert LIPUTAN6.whole_article_url(CANONICAL) == CANONICAL


SPLIT = "https://www.liputan6.com/news/read/6231457/kemenhub-uji-coba-jadwal-kapal-feri-berbasis-cuaca-di-selat-sunda"
TRAP = "https://www.liputan6.com/bisnis/read/6232018/ekspor-kopi-robusta-lampung-naik-12-persen-hingga-oktober"


def _page(url: str) -> str:
    return (SITE / url.split("://", 1)[1] / "index.html").read_text(encoding="utf-8")


def test_every_page_block_of_a_split_article_is_read_in_page_order_with_its_subtitle():
    html = _page(SPLIT)
    assert html.count('class="article-content-body__item-page"') == 3
    fields, report = extract_with_report(html, SPLIT)
    content = fields["content"]
    assert report.page_urls == []
    assert content.index("Dalam skema ini") < content.index("Penumpang Diberi Kabar Lewat Aplikasi") < content.index("Ketua asosiasi")
    assert "Baca Juga" not in content and "Advertisement" not in content and "Simak video" not in content


def test_tags_come_from_meta_keywords():
    fields, report = extract_with_report(_page(TRAP), TRAP)
    assert fields["tags"] == ["kopi robusta", "ekspor", "Lampung"]
    assert report.layers["tags"] == "site"


def test_meta_element_in_a_list_selector_gives_its_comma_separated_content():
    """Shared layer (extraction.site.all_texts)."""
    root = fromstring('<html><head><meta name="keywords" content="banjir, Jakarta ,, BMKG"></head>'
                      '<body><ul class="t"><li>A</li><li>B</li></ul></body></html>')
    assert all_texts(root, ("meta[name=keywords]",)) == ["banjir", "Jakarta", "BMKG"]
    assert all_texts(root, ("meta[name=nothing]", "ul.t li")) == ["A", "B"]


def test_without_structured_dates_the_diterbitkan_line_wins_over_the_sidebar_times():
    """The trap page was published five minutes after midnight; its sidebar shows other days'
    dates ("26 Nov 2026, 20:14") and relative times ("2 jam lalu") before nothing else."""
    html = _page(TRAP)
    html = re.sub(r'<script type="application/ld\+json">.*?</script>', "", html, flags=re.S)
    html = re.sub(r'<meta property="article:(?:published|modified)_time"[^>]*>', "", html)
    fields, report = extract_with_report(html, TRAP)
    assert fields["published_at"] == "2026-11-28T00:05:00+07:00"
    assert fields["published_at_raw"] == "Diterbitkan 28 November 2026, 00:05 WIB"
    assert report.layers["published_at"] == "site"


def test_fixture_site_is_built_from_its_table():
    result = subprocess.run([sys.executable, str(SITE.parent / "build.py"), "--check"], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
