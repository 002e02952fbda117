from datetime import date

import pytest

from newscrawler.portals import PORTALS, canonical_url, portal_for_url

INEWS = PORTALS["inews"]
CANONICAL = "https://www.inews.id/news/nasional/menlu-bertemu-pekan-depan"


@pytest.mark.parametrize(
    "variant",
    [
        CANONICAL,
        CANONICAL + "/all",
        CANONICAL + "/2",
        CANONICAL + "/",
        CANONICAL + "?utm_source=whatsapp&utm_medium=share",
        CANONICAL + "#comments",
        "http://WWW.INEWS.ID/news/nasional/menlu-bertemu-pekan-depan",
        "https://inews.id/news/nasional/menlu-bertemu-pekan-depan",
        "https://www.inews.id/amp/news/nasional/menlu-bertemu-pekan-depan",
    ],
)
def test_every_form_of_a_www_article_has_one_canonical_url(variant):
    assert INEWS.is_article_url(variant)
    assert canonical_url(variant) == CANONICAL


@pytest.mark.parametrize(
    "variant",
    [
        "https://tasikmalaya.inews.id/read/235939/kos-kosan-di-tasikmalaya/all",
        "https://tasikmalaya.inews.id/read/235939/kos-kosan-di-tasikmalaya/3",
        "https://tasikmalaya.inews.id/amp/235939/kos-kosan-di-tasikmalaya",
        "https://Tasikmalaya.inews.id/read/235939/kos-kosan-di-tasikmalaya?utm_campaign=x",
    ],
)
def test_every_form_of_a_regional_article_has_one_canonical_url(variant):
    assert canonical_url(variant) == "https://tasikmalaya.inews.id/read/235939/kos-kosan-di-tasikmalaya"


def test_historic_numeric_id_is_part_of_the_canonical_url_but_a_page_number_is_not():
    url = "https://www.inews.id/sport/soccer/raih-gelar-copa-america-2019/588869"
    assert canonical_url(url) == url
    assert canonical_url(url + "/all") == url


@pytest.mark.parametrize(
    "url",
    [
        "https://www.inews.id/",
        "https://www.inews.id/news",
        "https://www.inews.id/news/nasional",
        "https://www.inews.id/tag/kodam-siliwangi",
        "https://www.inews.id/multimedia/video/banjir-jakarta-hari-ini",
        "https://www.inews.id/multimedia/photo/banjir-jakarta-hari-ini",
        "https://www.inews.id/indeks/news/27-11-2026",
        "https://www.inews.id/page/tentang-kami",
        "https://www.inews.id/find?q=banjir",
        "https://img.inews.co.id/media/822/files/inews_new/2026/11/26/a.jpg",
        "https://www.okezone.com/news/nasional/a-b",
        "https://evilinews.id/news/nasional/a-b",
        "https://bali.inews.id/",
        "https://bali.inews.id/indeks/bali/all",
    ],
)
def test_listing_tag_media_and_foreign_pages_are_not_articles(url):
    assert not INEWS.is_article_url(url)


def test_registry_finds_the_portal_by_host_only():
    assert portal_for_url("https://bali.inews.id/read/1/a") is INEWS
    assert portal_for_url("https://www.example.com/") is None


def test_entry_points_cover_home_channels_sub_channels_index_days_feed_and_regions():
    urls = INEWS.entry_points([date(2026, 11, 27), date(2026, 11, 28)], ["news", "regional"])
    assert "https://www.inews.id/" in urls
    assert "https://www.inews.id/news/megapolitan" in urls
    assert "https://www.inews.id/indeks/news/27-11-2026" in urls
    assert "https://www.inews.id/indeks/regional/28-11-2026" in urls
    assert "https://www.inews.id/feed" in urls
    assert "https://bali.inews.id/" in urls
    assert not any("/finance" in u for u in urls)
    assert len(urls) == len(set(urls))


def test_index_pages_continue_by_page_number_on_www_and_by_offset_on_regional_hosts():
    assert INEWS.next_listing_page("https://www.inews.id/indeks/news/27-11-2026") == "https://www.inews.id/indeks/news/27-11-2026/2"
    assert INEWS.next_listing_page("https://www.inews.id/indeks/news/27-11-2026/2") == "https://www.inews.id/indeks/news/27-11-2026/3"
    assert INEWS.next_listing_page("https://karawang.inews.id/indeks/karawang/all") == "https://karawang.inews.id/indeks/karawang/all/12"
    assert INEWS.next_listing_page("https://www.inews.id/news") is None


def test_whole_article_view_is_the_all_suffix_except_for_historic_berita_urls():
    assert INEWS.whole_article_url(CANONICAL) == CANONICAL + "/all"
    assert INEWS.whole_article_url("https://jateng.inews.id/berita/a-b") == "https://jateng.inews.id/berita/a-b"


def test_region_comes_from_the_regional_host_or_the_www_regional_channel():
    assert INEWS.region_for("https://bali.inews.id/read/1/a", None) == "Bali"
    assert INEWS.region_for("https://jabar.inews.id/read/1/a", None) == "Jawa Barat"
    assert INEWS.region_for("https://tasikmalaya.inews.id/read/1/a", None) == "Tasikmalaya"
    assert INEWS.region_for("https://www.inews.id/regional/sumut/gunung-sibuatan", "Sumut") == "Sumut"
    assert INEWS.region_for(CANONICAL, "Nasional") is None
