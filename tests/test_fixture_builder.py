"""tests/fixtures/builder.py: the build scripts' shared command line and renderers.

Every portal's ``build.py --check`` test shows the happy path on real copies; these show that a
stale copy is caught, and that the sitemaps, feeds and robots.txt it renders read as intended.
"""
from __future__ import annotations

import gzip
import importlib.util
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from protego import Protego
from scrapy.utils.sitemap import Sitemap

_spec = importlib.util.spec_from_file_location("builder", Path(__file__).parent / "fixtures" / "builder.py")
builder = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(builder)

SITE = {"www.contoh.id/index.html": "<p>beranda</p>\n", "www.contoh.id/berita/1/index.html": "<p>satu</p>\n",
        "www.contoh.id/sitemap.xml.gz": builder.gz("<urlset/>")}
PLAN = builder.crawl_plan(["https://www.contoh.id/berita/2", "https://www.contoh.id/berita/1"],
                          ["https://www.contoh.id/tag/x"])


def run(folder: Path, *args: str, monkeypatch: pytest.MonkeyPatch) -> int:
    monkeypatch.setattr(sys, "argv", ["build.py", *args])
    return builder.main(folder, SITE, PLAN)


def test_a_build_writes_the_files_and_the_plan_and_drops_what_it_no_longer_renders(tmp_path, monkeypatch):
    leftover = tmp_path / "site" / "www.contoh.id" / "old" / "index.html"
    leftover.parent.mkdir(parents=True)
    leftover.write_text("lama")
    assert run(tmp_path, monkeypatch=monkeypatch) == 0
    assert (tmp_path / "site" / "www.contoh.id" / "berita" / "1" / "index.html").read_text() == "<p>satu</p>\n"
    assert gzip.decompress((tmp_path / "site" / "www.contoh.id" / "sitemap.xml.gz").read_bytes()) == b"<urlset/>"
    assert not leftover.exists()
    plan = (tmp_path / "expected_crawl.json").read_text(encoding="utf-8")
    assert plan == builder.json_text(PLAN)
    assert PLAN["urls"] == ["https://www.contoh.id/berita/1", "https://www.contoh.id/berita/2"]  # sorted


def test_check_passes_on_a_fresh_build_and_names_every_stale_file(tmp_path, monkeypatch, capsys):
    run(tmp_path, monkeypatch=monkeypatch)
    assert run(tmp_path, "--check", monkeypatch=monkeypatch) == 0
    assert capsys.readouterr().out == "up to date\n"
    (tmp_path / "site" / "www.contoh.id" / "index.html").write_text("<p>diubah</p>\n")  # changed
    (tmp_path / "site" / "www.contoh.id" / "berita" / "1" / "index.html").unlink()  # missing
    (tmp_path / "site" / "www.contoh.id" / "extra.html").write_text("x")  # not rendered
    assert run(tmp_path, "--check", monkeypatch=monkeypatch) == 1
    stale = set(capsys.readouterr().out.splitlines())
    assert stale == {"stale: site/www.contoh.id/index.html", "stale: site/www.contoh.id/berita/1/index.html",
                     "stale: site/www.contoh.id/extra.html"}
    assert (tmp_path / "site" / "www.contoh.id" / "extra.html").exists()  # --check writes nothing


def test_check_catches_a_changed_crawl_plan(tmp_path, monkeypatch, capsys):
    run(tmp_path, monkeypatch=monkeypatch)
    (tmp_path / "expected_crawl.json").write_text("{}\n")
    assert run(tmp_path, "--check", monkeypatch=monkeypatch) == 1
    assert capsys.readouterr().out == "stale: expected_crawl.json\n"


def test_sitemaps_read_as_scrapy_reads_them():
    index = Sitemap(builder.sitemap_index([("https://a.id/s1.xml", "2026-11-27T10:00:00+07:00"),
                                           ("https://a.id/s2.xml", None)]).encode())
    assert index.type == "sitemapindex"
    assert [dict(e) for e in index] == [{"loc": "https://a.id/s1.xml", "lastmod": "2026-11-27T10:00:00+07:00"},
                                        {"loc": "https://a.id/s2.xml"}]
    news = builder.news_sitemap([builder.news_entry("https://a.id/b/1", "A", "2026-11-27T10:00:00+07:00",
                                                    "Banjir & Rob", "banjir, rob")])
    assert [e["loc"] for e in Sitemap(news.encode())] == ["https://a.id/b/1"]
    # Scrapy's Sitemap keeps no nested fields: the news ones read with ElementTree.
    ns = {"s": builder.SITEMAP_NS, "n": builder.NEWS_NS}
    [entry] = ET.fromstring(news).findall("s:url/n:news", ns)
    assert entry.findtext("n:title", namespaces=ns) == "Banjir & Rob"  # escaped in the XML, read back whole
    assert entry.findtext("n:keywords", namespaces=ns) == "banjir, rob"
    assert entry.findtext("n:publication_date", namespaces=ns) == "2026-11-27T10:00:00+07:00"
    plain = Sitemap(builder.urlset([builder.url_entry("https://a.id/b/2", "2026-11-28"),
                                    builder.url_entry("https://a.id/c")]).encode())
    assert [dict(e) for e in plain] == [{"loc": "https://a.id/b/2", "lastmod": "2026-11-28"}, {"loc": "https://a.id/c"}]


@pytest.mark.parametrize("render", [
    lambda items: builder.rss("A", "https://a.id/", (builder.rss_item(*fields) for fields in items), description="d"),
    lambda items: builder.rss_indented("A", "https://a.id/", "d", items),
], ids=["compact", "indented"])
def test_both_rss_layouts_give_the_same_feed(render):
    items = [[("title", builder.esc("Harga & Stok")), ("link", "https://a.id/b/1"),
              ("pubDate", builder.rss_date("2026-11-27T09:12:40"))],
             [("title", "Dua"), ("link", "https://a.id/b/2"), ('guid isPermaLink="false"', "b2")]]
    channel = ET.fromstring(render(items)).find("channel")
    assert channel.findtext("title") == "A" and channel.findtext("description") == "d"
    read = [{child.tag: child.text for child in item} for item in channel.findall("item")]
    assert read == [{"title": "Harga & Stok", "link": "https://a.id/b/1", "pubDate": "Fri, 27 Nov 2026 09:12:40 +0700"},
                    {"title": "Dua", "link": "https://a.id/b/2", "guid": "b2"}]


def test_robots_rules_and_sitemaps_read_as_protego_reads_them():
    text = builder.robots(disallow=["/search", "/*?"], allow=["/search/help"], sitemaps=["https://a.id/sitemap.xml"])
    robots = Protego.parse(text)
    assert not robots.can_fetch("https://a.id/search?q=banjir", "newscrawler")
    assert not robots.can_fetch("https://a.id/berita/1?utm_source=x", "newscrawler")
    assert robots.can_fetch("https://a.id/search/help", "newscrawler")
    assert robots.can_fetch("https://a.id/berita/1", "newscrawler")
    assert list(robots.sitemaps) == ["https://a.id/sitemap.xml"]
    assert builder.robots(allow=["/"]) == "User-agent: *\nAllow: /\n"  # no Sitemap section when none


def test_text_helpers():
    assert builder.slug_of("Harga Cabai Rawit Turun 20%, Kata Pedagang") == "harga-cabai-rawit-turun-20-kata-pedagang"
    assert builder.plain("<strong>Jakarta</strong> - Air &amp; listrik") == "Jakarta - Air & listrik"
    assert builder.wib("2026-11-27T23:30:00").utcoffset().total_seconds() == 7 * 3600
    assert (builder.ld_script({"name": "Bandung"}, attrs=' id="x"')
            == '<script type="application/ld+json" id="x">{"name": "Bandung"}</script>')
    assert builder.gz("sama") == builder.gz("sama")  # no timestamp inside
    assert builder.HARI_JUMAT_APOSTROPHE[4] == "Jum'at"
    assert builder.HARI_JUMAT_APOSTROPHE[:4] + builder.HARI_JUMAT_APOSTROPHE[5:] == builder.HARI[:4] + builder.HARI[5:]
