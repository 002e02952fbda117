"""Kumparan's rules (newscrawler/portals/kumparan.py) and the quirks of its pages, on the fixture
copy in tests/fixtures/kumparan (facts: shared/sites/portals.md §14)."""
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
from newscrawler.middlewares import article_channel
from newscrawler.portals import PORTALS, canonical_url, portal_for_url
from tests.conftest import FIXTURES, portal_site

KUMPARAN = PORTALS["kumparan"]
SITE = portal_site("kumparan")
HOME = "https://kumparan.com"
FEED = "https://lapi.kumparan.com/v2.0/rss/"
NEWS_URL = f"{HOME}/kumparannews/banjir-bandang-terjang-tiga-desa-di-luwu-utara-27pQx4LmN8a"
TRAP_URL = f"{HOME}/kumparanbisnis/harga-gabah-kering-panen-naik-di-tingkat-petani-26rTb8WcK3z"
USER_URL = f"{HOME}/dewi-anggraini/menyusuri-kampung-adat-wae-rebo-saat-kemarau-28aHj2QsV5e"
ROBOTS = protego.Protego.parse((SITE / "kumparan.com" / "robots.txt").read_text())
AGENT = "newscrawler"
WINDOW = (date(2026, 11, 27), date(2026, 11, 28))


def folder(url: str) -> Path:
    return SITE / url.split("://", 1)[1]


def page(url: str) -> bytes:
    return (folder(url) / "index.html").read_bytes()


def document(path: str) -> discovery.Document:
    return discovery.read_document((SITE / path).read_bytes())


@pytest.mark.parametrize("url", [
    "https://kumparan.com/kumparannews/banjir-rob-di-pesisir-semarang-27oRU1T1EYV",  # §14a's shortId
    "https://kumparan.com/kumparanbisnis/ihsg-dibuka-menguat-pagi-ini-23xYz0AbCdE",
    "https://kumparan.com/kumparanhits/konser-musik-di-gbk-20Abcdefghj",
    USER_URL,                                                                          # a contributor's handle
])
def test_bare_host_account_slug_short_id_urls_are_articles_of_kumparan(url):
    assert KUMPARAN.is_article_url(url)
    assert portal_for_url(url) is KUMPARAN


@pytest.mark.parametrize("variant", [
    NEWS_URL + "?utm_source=home", NEWS_URL + "/", NEWS_URL + "#comments",
    "http://KUMPARAN.COM/kumparannews/banjir-bandang-terjang-tiga-desa-di-luwu-utara-27pQx4LmN8a",
])
def test_every_form_of_an_article_has_one_canonical_url_keeping_the_short_id_case(variant):
    assert canonical_url(variant) == NEWS_URL


@pytest.mark.parametrize("url", [
    f"{HOME}/", f"{HOME}/channel/news", f"{HOME}/topic/banjir-bandang", f"{HOME}/terbaru",
    f"{HOME}/kumparannews",                                         # the newsroom's profile
    f"{HOME}/channel/news/banjir-bandang-terjang-27pQx4LmN8a",      # §14b listings, whatever follows
    f"{HOME}/topic/banjir-bandang-27pQx4LmN8a",
    f"{HOME}/kumparannews/banjir-bandang-a7pQx4LmN8a",              # the shortId starts with two digits
    f"{HOME}/kumparannews/banjir-bandang-27pQx4LmN8",               # ten characters, not eleven
    f"{HOME}/kumparannews/banjir-bandang-27pQx4LmN8a/komentar",
    "https://m.kumparan.com/kumparannews/banjir-bandang-27pQx4LmN8a",  # §14a: bare host only
    "https://lapi.kumparan.com/kumparannews/banjir-bandang-27pQx4LmN8a",
    FEED, f"{HOME}/sitemap_channel_news.xml",
    "https://kumparan.com.evil.id/kumparannews/banjir-bandang-27pQx4LmN8a",
])
def test_listings_profiles_other_hosts_and_near_misses_are_not_articles(url):
    assert not KUMPARAN.is_article_url(url)


def test_the_feed_host_belongs_to_the_portal_so_the_spider_may_fetch_it():
    assert KUMPARAN.owns_host("lapi.kumparan.com")
    assert portal_for_url(FEED) is KUMPARAN


def test_newsroom_accounts_are_channels_a_contributor_handle_is_none():
    assert article_channel(NEWS_URL) == "kumparannews"
    assert article_channel(TRAP_URL) == "kumparanbisnis"
    assert article_channel(USER_URL) is None


def test_entry_points_are_home_sitemap_index_robots_and_feed_all_allowed_by_robots():
    urls = KUMPARAN.entry_points(list(WINDOW), list(KUMPARAN.channels))
    assert urls == [f"{HOME}/", f"{HOME}/sitemap.xml", f"{HOME}/robots.txt", FEED]
    assert all(ROBOTS.can_fetch(u, AGENT) for u in urls if u.startswith(HOME))
    assert KUMPARAN.next_listing_page(f"{HOME}/") is None  # no HTML listing is paged (GraphQL)
    # The per-channel news sitemaps come from robots.txt's Sitemap: lines (§14b).
    assert list(ROBOTS.sitemaps) == [f"{HOME}/sitemap_channel_news.xml", f"{HOME}/sitemap_channel_bisnis.xml"]


def test_every_article_link_of_the_copy_is_fetched_in_a_form_robots_allows():
    hrefs = Selector(text=(SITE / "kumparan.com" / "index.html").read_text()).css("a::attr(href)").getall()
    articles = [h for h in hrefs if KUMPARAN.is_article_url(h)]
    assert any("?" in h for h in articles)  # a utm-tagged link, fetched without its query
    fetched = {KUMPARAN.whole_article_url(canonical_url(h)) for h in articles}
    assert fetched and all("?" not in u and ROBOTS.can_fetch(u, AGENT) for u in fetched)
    for path in ("kumparan.com/sitemap.xml", "kumparan.com/sitemap_article_2026_11.xml",
                 "kumparan.com/sitemap_channel_news.xml", "kumparan.com/sitemap_channel_bisnis.xml",
                 "lapi.kumparan.com/v2.0/rss/index.xml"):
        assert all(ROBOTS.can_fetch(e.url, AGENT) for e in document(path).entries), path


def test_the_window_reads_utc_sitemap_and_feed_dates_on_the_wib_calendar():
    bisnis = document("kumparan.com/sitemap_channel_bisnis.xml")
    # 18:30 UTC on the 26th is 01:30 WIB on the 27th: inside; the 20 November story is not.
    assert [e.url for e in bisnis.entries if discovery.in_window(e, *WINDOW)] == [TRAP_URL]
    assert bisnis.entries[0].published.date() == date(2026, 11, 26)
    index = document("kumparan.com/sitemap.xml")
    assert [e.url for e in index.entries if not discovery.in_window(e, *WINDOW)] == [f"{HOME}/sitemap_article_2026_10.xml"]
    monthly = document("kumparan.com/sitemap_article_2026_11.xml")
    assert len([e for e in monthly.entries if discovery.in_window(e, *WINDOW)]) == 2  # the 25 November lastmod is not
    feed = document("lapi.kumparan.com/v2.0/rss/index.xml")
    assert [e.url for e in feed.entries if discovery.in_window(e, *WINDOW)] == [USER_URL, NEWS_URL]
    # Every article the feed lists is on the bare host, not on the feed's own.
    assert all(e.url.startswith(HOME + "/") for e in feed.entries)


def test_utc_json_ld_dates_are_given_in_the_wib_offset_of_the_publish_date_line():
    html = page(NEWS_URL)
    assert b'"datePublished": "2026-11-27T03:15:00.000Z"' in html
    assert b">27 November 2026 10:15 WIB</time>" in html
    fields, report = extract_with_report(html, NEWS_URL)
    assert report.layout == "kumparan_2026"
    assert fields["published_at"] == "2026-11-27T10:15:00+07:00"  # the same instant
    assert fields["published_at_raw"] == "2026-11-27T03:15:00.000Z"
    assert report.layers["published_at"] == "jsonld+visible_offset"
    assert fields["updated_at"] == "2026-11-27T12:40:00+07:00"  # 05:40 UTC, converted, not relabelled


def test_the_date_trap_keeps_the_wib_day_and_ignores_the_strip_and_the_reading_time():
    html = page(TRAP_URL)
    # Other stories' date lines, in the same format, come before the story.
    assert html.index(b"26 November 2026 20:05 WIB") < html.index(b'data-qa-id="publish-date"')
    assert b"waktu baca 3 menit" in html
    fields, _ = extract_with_report(html, TRAP_URL)
    assert fields["published_at"] == "2026-11-27T01:30:00+07:00"  # 18:30 UTC on the 26th
    assert fields["updated_at"] == "2026-11-27T01:30:00+07:00"
    assert "waktu baca" not in fields["content"]


def test_json_ld_description_wins_over_hashtagged_og_description_and_tags_come_from_the_tag_links():
    html = page(NEWS_URL)
    expected = json.loads((folder(NEWS_URL) / "expected.json").read_text(encoding="utf-8"))
    assert b"#kumparanNEWS #banjir" in html
    assert b"berita hari ini" in html  # the stuffed keywords meta
    fields, report = extract_with_report(html, NEWS_URL)
    assert fields["description"] == expected["description"] and "#" not in fields["description"]
    assert fields["tags"] == ["Banjir Bandang", "Luwu Utara", "Sulawesi Selatan"]
    assert report.layers["tags"] == "site"
    assert (fields["category"], fields["subcategory"]) == ("News", None)  # the BreadcrumbList's 2nd item
    assert fields["author"] == "Rahmat Hidayat"
    assert fields["content"] == expected["content"] and "Iklan" not in fields["content"]


def test_without_the_story_hooks_no_layout_is_applied():
    html = "<html><head><title>Kumparan</title></head><body><p>Berita terbaru dari kumparan.</p></body></html>"
    _, report = extract_with_report(html, NEWS_URL)
    assert report.layout is None


def test_the_fixture_copy_is_what_build_py_renders():
    result = subprocess.run([sys.executable, str(FIXTURES / "kumparan" / "build.py"), "--check"], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
