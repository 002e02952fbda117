"""The pure discovery functions: sitemaps, sitemap indexes, Google News sitemaps, RSS and Atom
with their dates, gzip, robots.txt Sitemap lines, the window rule, the generic article rule;
and hostile documents (huge, entity-declaring, malformed, a gzip bomb): never a crash."""
from __future__ import annotations

import gzip
import tracemalloc
from datetime import date, datetime, timedelta, timezone

import pytest

from newscrawler.discovery import (
    Entry, NotADocument, body_of, in_window, looks_like_article, looks_like_xml, read_document,
    sitemap_urls_from_robots, twin_hosts,
)

WIB = timezone(timedelta(hours=7))
SINCE, UNTIL = date(2026, 11, 29), date(2026, 11, 30)
SITEMAP_NS = 'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'
NEWS_NS = 'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"'
HOSTS = frozenset(twin_hosts("www.contoh-berita.co.id"))


def news_url(loc: str, published: str) -> str:
    return (f"<url><loc>{loc}</loc><news:news><news:publication><news:name>Contoh</news:name>"
            f"<news:language>id</news:language></news:publication>"
            f"<news:publication_date>{published}</news:publication_date><news:title>Judul</news:title></news:news></url>")


# -- sitemaps -----------------------------------------------------------------------------------


def test_a_sitemap_index_lists_its_sitemaps_with_their_lastmod():
    document = read_document(f"""<?xml version="1.0" encoding="UTF-8"?><sitemapindex {SITEMAP_NS}>
        <sitemap><loc>https://x.id/news-sitemap.xml</loc><lastmod>2026-11-30T19:40:00+07:00</lastmod></sitemap>
        <sitemap><loc>https://x.id/post-sitemap-2026-10.xml.gz</loc><lastmod>2026-10-31</lastmod></sitemap>
        <sitemap><loc>https://x.id/category-sitemap.xml</loc></sitemap></sitemapindex>""".encode())
    assert document.kind == "sitemapindex" and document.is_sitemap and document.problems == []
    assert [e.url for e in document.entries] == ["https://x.id/news-sitemap.xml", "https://x.id/post-sitemap-2026-10.xml.gz",
                                                 "https://x.id/category-sitemap.xml"]
    assert [e.modified for e in document.entries] == [datetime(2026, 11, 30, 19, 40, tzinfo=WIB),
                                                      datetime(2026, 10, 31, tzinfo=WIB), None]
    # The October child was last changed before the window: it is not read; undated ones are.
    assert [in_window(e, SINCE, UNTIL) for e in document.entries] == [True, False, True]


def test_a_news_sitemap_dates_each_url_by_its_nested_publication_date():
    document = read_document(f"""<urlset {SITEMAP_NS} {NEWS_NS}>
        {news_url("https://x.id/2026/11/30/a-b-c/", "2026-11-30T08:15:00+07:00")}
        {news_url("https://x.id/2026/11/29/d-e-f/", "2026-11-28T18:00:00Z")}
        {news_url("https://x.id/2026/12/01/g-h-i/", "2026-11-30T17:30:00Z")}
        {news_url("https://x.id/2026/11/28/j-k-l/", "2026-11-28")}</urlset>""".encode())
    assert document.kind == "urlset"
    assert [e.published for e in document.entries] == [
        datetime(2026, 11, 30, 8, 15, tzinfo=WIB), datetime(2026, 11, 28, 18, tzinfo=timezone.utc),
        datetime(2026, 11, 30, 17, 30, tzinfo=timezone.utc), datetime(2026, 11, 28, tzinfo=WIB)]
    # The window is in WIB days: 28 Nov 18:00 UTC is the 29th there, 30 Nov 17:30 UTC the 1st.
    assert [in_window(e, SINCE, UNTIL) for e in document.entries] == [True, True, False, False]


def test_lastmod_bounds_the_publication_from_above_only():
    before, inside, after = (Entry("u", modified=datetime(2026, 11, d, tzinfo=WIB)) for d in (28, 29, 30))
    later = Entry("u", modified=datetime(2026, 12, 2, tzinfo=WIB))
    assert [in_window(e, SINCE, UNTIL) for e in (before, inside, after, later)] == [False, True, True, True]
    # A publication date outranks lastmod, on both sides of the window.
    assert not in_window(Entry("u", published=datetime(2026, 12, 1, tzinfo=WIB), modified=inside.modified), SINCE, UNTIL)
    assert in_window(Entry("u"), SINCE, UNTIL)  # undated: cannot be skipped


def test_a_gzip_compressed_sitemap_is_read_like_the_plain_one():
    xml = f"<urlset {SITEMAP_NS}><url><loc>https://x.id/a/b</loc><lastmod>2026-11-30</lastmod></url></urlset>".encode()
    packed = gzip.compress(xml, mtime=0)
    assert body_of(packed, 10_000) == xml
    assert body_of(xml, 10_000) is xml  # not gzip: the body itself, no copy
    assert read_document(body_of(packed, 10_000)).entries == [Entry("https://x.id/a/b", None, datetime(2026, 11, 30, tzinfo=WIB))]


def test_a_gzip_bomb_and_broken_gzip_are_refused_by_name():
    bomb = gzip.compress(b"<urlset>" + b" " * 5_000_000 + b"</urlset>", mtime=0)
    with pytest.raises(NotADocument) as refused:
        body_of(bomb, 1_000_000)
    assert refused.value.reason == "decompressed_too_large"
    with pytest.raises(NotADocument) as broken:
        body_of(b"\x1f\x8b\x08" + b"\x00" * 20, 1_000_000)
    assert broken.value.reason == "bad_gzip"


def test_robots_txt_sitemap_lines_are_read_by_scrapys_own_helper():
    robots = (b"User-agent: *\nDisallow: /wp-admin/\n\nSitemap: https://x.id/sitemap_index.xml.gz\n"
              b"sitemap: /news-sitemap.xml\n")
    assert list(sitemap_urls_from_robots(robots, base_url="https://x.id/robots.txt")) == [
        "https://x.id/sitemap_index.xml.gz", "https://x.id/news-sitemap.xml"]


# -- feeds --------------------------------------------------------------------------------------


def test_rss_items_are_dated_by_pubdate():
    document = read_document(b"""<?xml version="1.0"?><rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/">
        <channel><title>T</title><link>https://x.id/</link>
        <item><title>A</title><link>https://x.id/2026/11/30/a-b-c/</link><pubDate>Mon, 30 Nov 2026 19:40:00 +0700</pubDate>
          <guid isPermaLink="false">123</guid></item>
        <item><title>B</title><link>https://x.id/2026/11/27/d-e-f/</link><pubDate>Fri, 27 Nov 2026 11:00:00 +0700</pubDate></item>
        <item><title>C</title><link>https://x.id/2026/11/29/g-h-i/</link><dc:date>2026-11-29T10:00:00+07:00</dc:date></item>
        <item><title>D</title><guid>https://x.id/2026/11/30/j-k-l/</guid></item>
        </channel></rss>""")
    assert document.kind == "rss" and not document.is_sitemap
    assert [(e.url, e.published) for e in document.entries] == [
        ("https://x.id/2026/11/30/a-b-c/", datetime(2026, 11, 30, 19, 40, tzinfo=WIB)),
        ("https://x.id/2026/11/27/d-e-f/", datetime(2026, 11, 27, 11, tzinfo=WIB)),
        ("https://x.id/2026/11/29/g-h-i/", datetime(2026, 11, 29, 10, tzinfo=WIB)),  # Dublin Core date
    ]  # an item without <link> has no article: a guid is an identifier, often not a URL
    assert [in_window(e, SINCE, UNTIL) for e in document.entries] == [True, False, True]


def test_atom_entries_are_dated_by_published_else_by_updated():
    document = read_document(b"""<feed xmlns="http://www.w3.org/2005/Atom"><title>K</title>
        <link rel="self" href="https://k.id/xml/atom.xml"/>
        <entry><link rel="alternate" href="https://k.id/berita/1/a"/><published>2026-11-25T16:00:00+07:00</published>
          <updated>2026-11-30T08:00:00+07:00</updated></entry>
        <entry><link href="https://k.id/berita/2/b"/><updated>2026-11-28T01:00:00Z</updated></entry></feed>""")
    assert document.kind == "feed"
    first, second = document.entries
    assert first.published == datetime(2026, 11, 25, 16, tzinfo=WIB) and first.modified == datetime(2026, 11, 30, 8, tzinfo=WIB)
    assert not in_window(first, SINCE, UNTIL)  # published before the window, updated in it: not new
    assert second.published is None and not in_window(second, SINCE, UNTIL)  # last changed before it


def test_an_rss_1_item_is_read_from_its_rdf_about():
    document = read_document(b"""<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/">
        <item rdf:about="https://x.id/a/b-c"><title>A</title></item></rdf:RDF>""")
    assert (document.kind, [e.url for e in document.entries]) == ("RDF", ["https://x.id/a/b-c"])


def test_a_date_no_parser_reads_leaves_the_entry_undated_and_is_noted_once():
    document = read_document(b"<rss><channel><item><link>https://x.id/a/b</link><pubDate>kapan-kapan</pubDate></item>"
                             b"<item><link>https://x.id/c/d</link><pubDate>??</pubDate></item></channel></rss>")
    assert [e.published for e in document.entries] == [None, None]
    assert document.problems == ["unparsed_date"]


# -- hostile documents --------------------------------------------------------------------------


def test_declared_entities_are_never_expanded_and_are_reported():
    laughs = '<!ENTITY lol0 "lol">' + "".join(f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10))
    document = read_document(f"""<?xml version="1.0"?><!DOCTYPE urlset [{laughs}
        <!ENTITY xxe SYSTEM "file:///etc/passwd">]><urlset {SITEMAP_NS}>
        <url><loc>https://x.id/a/b</loc></url><url><loc>https://x.id/&xxe;</loc></url>
        <url><loc>https://x.id/c/&lol9;</loc></url></urlset>""".encode())
    assert "entities_refused" in document.problems and {"lol9", "xxe"} <= set(document.entities)
    urls = [e.url for e in document.entries]
    assert urls[0] == "https://x.id/a/b"
    assert not any("root:" in u or "lollol" in u for u in urls)  # nothing read from the file, nothing inflated


@pytest.mark.parametrize("body", [
    b"", b"not xml at all", b"<?xml version='1.0'?>", b"\x00\xff\xfe garbage",
])
def test_what_is_no_xml_is_refused_by_name(body):
    with pytest.raises(NotADocument) as refused:
        read_document(body)
    assert refused.value.reason == "not_xml"


def test_an_html_page_is_no_sitemap_and_says_its_root():
    with pytest.raises(NotADocument) as refused:
        read_document(b"<html><body><a href='/a/b'>x</a></body></html>")
    assert (refused.value.reason, str(refused.value)) == ("unknown_root", "unknown_root: html")


def test_a_truncated_sitemap_is_read_up_to_the_damage():
    document = read_document(f"<urlset {SITEMAP_NS}><url><loc>https://x.id/a/b</loc></url><url><loc>https://x.id/c".encode())
    assert document.entries[0].url == "https://x.id/a/b"
    assert "malformed" in document.problems


def test_a_text_node_over_lxmls_limit_is_malformed_not_a_crash():
    huge = f"<urlset {SITEMAP_NS}><url><loc>https://x.id/".encode() + b"a" * (11 * 1024 * 1024) + b"</loc></url></urlset>"
    document = read_document(huge)
    assert document.kind == "urlset" and "malformed" in document.problems


def test_a_sitemap_of_50000_urls_is_read_in_bounded_memory():
    rows = "".join(f"<url><loc>https://x.id/2026/10/01/berita-nomor-{n}/</loc><lastmod>2026-10-01</lastmod></url>"
                   for n in range(50_000))
    xml = f'<?xml version="1.0"?><urlset {SITEMAP_NS}>{rows}</urlset>'.encode()
    tracemalloc.start()
    try:
        document = read_document(xml)
        kept = [e for e in document.entries if in_window(e, SINCE, UNTIL)]
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert len(document.entries) == 50_000 and kept == []
    # Scrapy's iterparse clears each <url> once read: the parse costs far less than a tree
    # (lxml's tree of this file is over 40 MB); what stays is the entries themselves.
    assert peak < 30 * 1024 * 1024, peak


def test_sniffing_tells_xml_from_html():
    assert looks_like_xml(b"\xef\xbb\xbf  <?xml version='1.0'?><rss/>")
    assert looks_like_xml(b"\n<urlset xmlns='x'>")
    assert not looks_like_xml(b"<!DOCTYPE html><html>")


# -- the generic article rule -------------------------------------------------------------------


@pytest.mark.parametrize("url", [
    "https://www.contoh-berita.co.id/2026/11/30/banjir-rob-rendam-pesisir/",
    "https://contoh-berita.co.id/berita/204511/pasar-malam",  # the www twin counts as the site
    "https://www.contoh-berita.co.id/nasional/banjir-rob",
    "https://www.contoh-berita.co.id/banjir-rob-rendam-pesisir-utara",  # one segment, a long slug
    "https://www.contoh-berita.co.id/read-2045113.html",  # one segment, a numeric id
    "https://www.contoh-berita.co.id/2026/11/30/banjir/?utm_source=feed",  # tracking only
])
def test_article_like_urls(url):
    assert looks_like_article(url, HOSTS)


@pytest.mark.parametrize("url", [
    "https://www.contoh-berita.co.id/",
    "https://www.contoh-berita.co.id/tentang-kami",  # one short segment
    "https://www.contoh-berita.co.id/kategori/nasional/",
    "https://www.contoh-berita.co.id/tag/banjir/",
    "https://www.contoh-berita.co.id/author/rina-kartika/",
    "https://www.contoh-berita.co.id/page/2/",
    "https://www.contoh-berita.co.id/search/banjir-rob-rendam-pesisir",
    "https://www.contoh-berita.co.id/video/2026/11/30/cuplikan-banjir/",
    "https://www.contoh-berita.co.id/foto/2026/11/30/galeri-banjir/",
    "https://www.contoh-berita.co.id/2026/11/30/",  # a date archive
    "https://www.contoh-berita.co.id/wp-content/uploads/2026/11/banjir-rob.jpg",
    "https://www.contoh-berita.co.id/2026/11/30/banjir.pdf",
    "https://www.contoh-berita.co.id/?p=123",  # the article's identity in a query
    "https://www.contoh-berita.co.id/2026/11/30/banjir-rob/?s=banjir",
    "https://news.contoh-berita.co.id/2026/11/30/banjir-rob/",  # another host of the domain
    "https://www.contoh-berita.co.id.evil.id/2026/11/30/banjir-rob/",
    "mailto:redaksi@contoh-berita.co.id",
    "http://[broken/2026/11/30/x",
])
def test_not_article_like_urls(url):
    assert not looks_like_article(url, HOSTS)


def test_twin_hosts():
    assert twin_hosts("WWW.Contoh.co.id") == ("contoh.co.id", "www.contoh.co.id")
    assert twin_hosts("kabarkota.id") == ("kabarkota.id", "www.kabarkota.id")
