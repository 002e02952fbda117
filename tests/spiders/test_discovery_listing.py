"""``PortalSpider.parse_listing`` on sitemaps, indexes, feeds and robots.txt, called directly
with built responses (no engine, no network): what is requested, what is skipped and how it
is counted, for a portal spider and for the ``site`` spider; hostile documents never raise."""
from __future__ import annotations

import gzip
import logging

import pytest
from scrapy.http import Request, Response, TextResponse, XmlResponse
from scrapy.utils.test import get_crawler

from newscrawler import settings as project_settings
from newscrawler.spiders import SPIDERS
from newscrawler.spiders.site import SiteSpider

SM = 'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'
NEWS = 'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"'
WINDOW = {"since": "2026-11-27", "until": "2026-11-28"}
INEWS_A = "https://www.inews.id/news/nasional/banjir-rob-genangi-pesisir-jakarta-utara"
INEWS_B = "https://www.inews.id/finance/makro/bi-pertahankan-suku-bunga-acuan"
INEWS_OLD = "https://www.inews.id/news/nasional/kabar-lama-dari-pekan-lalu"


def spider_for(cls, settings=None, **args):
    project = {name: getattr(project_settings, name) for name in ("MAX_SITEMAPS", "DOWNLOAD_MAXSIZE", "MAX_LISTING_PAGES")}
    crawler = get_crawler(cls, {**project, "EXTRACTION_PROCESSES": 0, **(settings or {})})
    spider = cls.from_crawler(crawler, **WINDOW, **args)
    crawler.spider = spider
    return spider


def stats(spider) -> dict:
    return {k.removeprefix("newscrawler/"): v for k, v in spider.crawler.stats.get_stats().items()}


def response(url: str, body: bytes, cls=XmlResponse, **headers) -> Response:
    return cls(url, body=body, headers=headers, request=Request(url))


def news_sitemap(*rows: tuple[str, str]) -> bytes:
    urls = "".join(f"<url><loc>{loc}</loc><news:news><news:publication_date>{when}</news:publication_date></news:news></url>"
                   for loc, when in rows)
    return f'<?xml version="1.0"?><urlset {SM} {NEWS}>{urls}</urlset>'.encode()


@pytest.fixture
def inews():
    return spider_for(SPIDERS["inews"])


def urls(requests) -> list[str]:
    return [r.meta.get("canonical", r.url) for r in requests]


def test_a_portal_reads_a_news_sitemap_and_requests_only_what_it_dates_in_the_window(inews):
    out = inews.parse_listing(response("https://www.inews.id/sitemap.xml", news_sitemap(
        (INEWS_A, "2026-11-28T10:00:00+07:00"), (INEWS_OLD, "2026-11-20T10:00:00+07:00"),
        (INEWS_B, "2026-11-26T18:30:00Z"),  # 27 Nov 01:30 WIB: inside
        ("https://www.inews.id/tag/banjir", "2026-11-28T10:00:00+07:00"))))
    assert urls(out) == [INEWS_A, INEWS_B]
    assert out[0].url == INEWS_A + "/all" and out[0].callback == inews.parse_article
    got = stats(inews)
    assert (got["discovery/sitemaps"], got["discovery/entries"], got["discovery/outside_window"]) == (1, 4, 1)
    assert got["listings/article_links"] == 3  # dated outside is still an article link: no listing alarm


def test_an_article_in_two_sitemaps_and_the_feed_is_requested_once(inews):
    first = inews.parse_listing(response("https://www.inews.id/sitemap-news.xml", news_sitemap((INEWS_A, "2026-11-28"))))
    second = inews.parse_listing(response("https://www.inews.id/sitemap-posts.xml", news_sitemap((INEWS_A, "2026-11-28"))))
    feed = inews.parse_listing(response("https://www.inews.id/feed", (
        f"<rss><channel><item><link>{INEWS_A}</link><pubDate>Sat, 28 Nov 2026 10:00:00 +0700</pubDate></item>"
        f"<item><link>{INEWS_OLD}</link><pubDate>Fri, 20 Nov 2026 10:00:00 +0700</pubDate></item></channel></rss>").encode()))
    assert (urls(first), second, feed) == ([INEWS_A], [], [])
    assert stats(inews)["discovery/outside_window"] == 1 and stats(inews)["discovery/feeds"] == 1


def test_an_index_is_descended_only_into_children_not_dated_before_the_window(inews):
    body = (f'<sitemapindex {SM}><sitemap><loc>https://www.inews.id/sitemap/2026-11-28.xml</loc><lastmod>2026-11-28</lastmod></sitemap>'
            '<sitemap><loc>https://www.inews.id/sitemap/2026-11-20.xml</loc><lastmod>2026-11-20</lastmod></sitemap>'
            '<sitemap><loc>/sitemap/tags.xml</loc></sitemap>'
            '<sitemap><loc>https://cdn.example.net/sitemap.xml</loc></sitemap></sitemapindex>').encode()
    out = inews.parse_listing(response("https://www.inews.id/sitemap.xml", gzip.compress(body, mtime=0), cls=Response,
                                       **{"Content-Type": "application/x-gzip"}))
    assert [r.url for r in out] == ["https://www.inews.id/sitemap/2026-11-28.xml", "https://www.inews.id/sitemap/tags.xml"]
    assert all(r.callback == inews.parse_listing for r in out)
    got = stats(inews)
    assert got["discovery/sitemaps_outside_window"] == 1
    assert got["discovery/skipped/offsite_sitemap"] == 1


def test_robots_txt_sitemap_lines_become_sitemap_requests(inews):
    out = inews.parse_listing(response("https://www.inews.id/robots.txt", b"User-agent: *\nDisallow: /find\n"
                                       b"Sitemap: https://www.inews.id/sitemap.xml\nSitemap: /news-sitemap.xml.gz\n", cls=TextResponse))
    assert [r.url for r in out] == ["https://www.inews.id/sitemap.xml", "https://www.inews.id/news-sitemap.xml.gz"]
    assert stats(inews)["discovery/robots_sitemaps"] == 2


def test_max_sitemaps_bounds_what_indexes_name_and_is_logged_once(caplog):
    site = spider_for(SiteSpider, {"MAX_SITEMAPS": 3}, url="www.contoh.co.id")
    children = "".join(f"<sitemap><loc>https://www.contoh.co.id/s{i}.xml</loc></sitemap>" for i in range(10))
    # The index names itself too: read once.
    body = f'<sitemapindex {SM}><sitemap><loc>https://www.contoh.co.id/sitemap.xml</loc></sitemap>{children}</sitemapindex>'
    with caplog.at_level(logging.WARNING):
        out = site.parse_listing(response("https://www.contoh.co.id/sitemap.xml", body.encode()))
    assert [r.url for r in out] == [f"https://www.contoh.co.id/s{i}.xml" for i in range(3)]
    assert stats(site)["discovery/max_sitemaps_reached"] == 7
    assert [r.message for r in caplog.records if "MAX_SITEMAPS" in r.message] == [
        "MAX_SITEMAPS (3) reached: https://www.contoh.co.id/s3.xml and later sitemaps and feeds not read"]


@pytest.mark.parametrize("body, cls, key", [
    (b"\x1f\x8b\x08" + b"\x00" * 30, Response, "discovery/skipped/bad_gzip"),
    (gzip.compress(b"<urlset>" + b" " * 3_000_000 + b"</urlset>", mtime=0), Response, "discovery/skipped/decompressed_too_large"),
    (b"\x00\x01 binary", XmlResponse, "discovery/skipped/not_xml"),
    (b"<?xml version='1.0'?><html><body>soft 404</body></html>", XmlResponse, "discovery/skipped/unknown_root"),
    (b"<!DOCTYPE html><html><body><a href='/2026/11/28/a-b-c-d/'>x</a></body></html>", TextResponse,
     "discovery/skipped/not_a_sitemap_or_feed"),
])
def test_what_is_no_sitemap_or_feed_is_skipped_and_counted_by_reason(body, cls, key):
    site = spider_for(SiteSpider, {"DOWNLOAD_MAXSIZE": 1_000_000}, url="www.contoh.co.id")
    headers = {"Content-Type": "text/html"} if cls is TextResponse else {}
    assert site.parse_listing(response("https://www.contoh.co.id/sitemap.xml", body, cls=cls, **headers)) == []
    assert stats(site)[key] == 1


def test_a_malformed_and_entity_declaring_sitemap_is_read_up_to_the_damage_and_counted(caplog):
    site = spider_for(SiteSpider, url="www.contoh.co.id")
    body = (f'<?xml version="1.0"?><!DOCTYPE urlset [<!ENTITY lol "lollollol">]><urlset {SM}>'
            "<url><loc>https://www.contoh.co.id/2026/11/28/berita-satu/</loc><lastmod>2026-11-28</lastmod></url>"
            "<url><loc>https://www.contoh.co.id/2026/11/28/&lol;</loc></url><url><loc>https://www.cont").encode()
    with caplog.at_level(logging.WARNING):
        out = site.parse_listing(response("https://www.contoh.co.id/sitemap.xml", body))
    assert urls(out)[0] == "https://www.contoh.co.id/2026/11/28/berita-satu"
    got = stats(site)
    assert got["discovery/malformed"] == 1 and got["discovery/entities_refused"] == 1
    assert got["listings/feed_entities_refused"] == 1
    assert any("is malformed: read up to the damage" in r.message for r in caplog.records)


def test_the_site_spider_finds_feeds_on_its_home_page_only_on_its_hosts():
    site = spider_for(SiteSpider, url="kabarkota.id")
    home = response("https://kabarkota.id/", b"""<html><head>
        <link rel="alternate" type="application/atom+xml" href="/xml/atom.xml">
        <link rel="Alternate" type="application/rss+xml; charset=utf-8" href="https://www.kabarkota.id/rss.xml">
        <link rel="alternate" type="application/rss+xml" href="https://feeds.feedburner.com/kabarkota">
        <link rel="alternate" hreflang="en" href="https://kabarkota.id/en/">
        <link rel="stylesheet" type="text/css" href="/a.css"></head><body></body></html>""", cls=TextResponse,
                    **{"Content-Type": "text/html"})
    out = site.parse_home(home)
    assert [r.url for r in out] == ["https://kabarkota.id/xml/atom.xml", "https://www.kabarkota.id/rss.xml"]
    assert stats(site)["discovery/feed_links"] == 3
    assert stats(site)["discovery/skipped/offsite_feed"] == 1


def test_the_site_spider_keeps_article_like_urls_of_its_hosts_only():
    site = spider_for(SiteSpider, url="https://www.contoh.co.id")
    body = f"""<urlset {SM}>
        <url><loc>https://contoh.co.id/2026/11/28/banjir-rob-di-pesisir/</loc></url>
        <url><loc>https://www.contoh.co.id/kategori/nasional/</loc></url>
        <url><loc>https://www.contoh.co.id/tentang-kami/</loc></url>
        <url><loc>https://news.contoh.co.id/2026/11/28/lain-host/</loc></url>
        <url><loc>https://www.other.id/2026/11/28/lain-situs/</loc></url></urlset>""".encode()
    assert urls(site.parse_listing(response("https://www.contoh.co.id/sitemap.xml", body))) == [
        "https://contoh.co.id/2026/11/28/banjir-rob-di-pesisir"]
    assert site.allowed_domains == ["contoh.co.id", "www.contoh.co.id"]
