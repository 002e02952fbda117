"""The extraction layers (structured data → site selectors → generic), each shown doing its
job when the layers above it are taken away, on fixture pages transformed in memory.

The transformations: every class name the iNews site selectors use is renamed (the site
layer then matches nothing, as after a redesign), and every <meta> and ld+json block is
removed (a page without structured data). The expected values are the fixture's own
``expected.json`` files, written from the fixture's data table, never from our output.
"""
from __future__ import annotations

import copy
import json
import re
from dataclasses import fields as dataclass_fields
from datetime import datetime
from pathlib import Path

import pytest
import lxml.html
from parsel import Selector

from newscrawler.extraction import extract_article, extract_with_report, merge_pages
from newscrawler.extraction.site import matches
from newscrawler.items import ARTICLE_FIELDS
from newscrawler.portals.inews import INEWS_2024

SELECTORS = INEWS_2024.selectors
from tests.conftest import INEWS_SITE, fixture_url

WWW = INEWS_SITE / "www.inews.id"
N1 = WWW / "news/nasional/pemerintah-percepat-penyaluran-bantuan-pangan-beras-jelang-akhir-tahun"
N2 = WWW / "news/megapolitan/banjir-rob-genangi-pesisir-jakarta-utara-ratusan-warga-muara-angke-mengungsi"
N3 = WWW / "news/nasional/jadwal-asesmen-nasional-2027-diumumkan-sekolah-diminta-siapkan-perangkat-komputer"
F1 = WWW / "finance/makro/bi-pertahankan-suku-bunga-acuan-525-persen-inflasi-diperkirakan-terjaga-hingga-akhir-tahun"

# The classes named in the brief, plus every class any iNews site selector mentions (so the
# list follows the selectors when they change).
_BRIEF_CLASSES = {
    "headerTitle", "createdAt", "timeAndShare", "authorList", "author", "breadcrumb", "tagList", "tags",
    "headerImg", "bodyArticleWrapper", "bodyArticle", "readNext", "paginationContent", "pageList",
}
_SELECTOR_CLASSES = {
    name
    for spec in dataclass_fields(SELECTORS) if spec.type != "bool"
    for css in getattr(SELECTORS, spec.name)
    for name in re.findall(r"\.([A-Za-z_][\w-]*)", css)
}
SITE_CLASSES = frozenset(_BRIEF_CLASSES | _SELECTOR_CLASSES)
_CLASS_ATTR = re.compile(r"""(\bclass\s*=\s*)(["'])(.*?)\2""", re.DOTALL)
# What must never reach `content`, whichever layer found the body.
BOILERPLATE = ("baca juga", "advertisement", "editor:", "scroll to see content", "google news", "whatsapp channel")


def expected_item(folder: Path) -> dict:
    return json.loads((folder / "expected.json").read_text(encoding="utf-8"))


def rename_site_classes(html: str) -> str:
    """Every class token the iNews site selectors use gets another name."""
    def rename(match: re.Match) -> str:
        tokens = [f"x{token}Renamed" if token in SITE_CLASSES else token for token in match[3].split()]
        return f"{match[1]}{match[2]}{' '.join(tokens)}{match[2]}"
    return _CLASS_ATTR.sub(rename, html)


def strip_structured_data(html: str) -> str:
    """No <meta> of any kind (charset included) and no JSON-LD."""
    html = re.sub(r"<script[^>]*application/ld\+json[^>]*>.*?</script>", "", html, flags=re.DOTALL | re.IGNORECASE)
    return re.sub(r"<meta\b[^>]*>", "", html, flags=re.IGNORECASE)


def site_selectors_matching(html: str) -> dict[str, int]:
    """How many elements each iNews site selector field still matches (all zero = site layer blind)."""
    root = Selector(text=html).root
    return {
        spec.name: len(matches(root, getattr(SELECTORS, spec.name)))
        for spec in dataclass_fields(SELECTORS)
        if spec.name not in ("remove", "drop") and spec.type != "bool"
    }


def paragraphs_of(content: str) -> list[str]:
    return content.split("\n\n")


def assert_clean_body(content: str | None, expected_content: str) -> None:
    assert content, "no body found"
    expected = paragraphs_of(expected_content)
    got = paragraphs_of(content)
    assert got[0] == expected[0]
    assert got[-1] == expected[-1]
    missing = [p for p in expected if p not in got]
    assert missing == []
    lowered = content.lower()
    assert [b for b in BOILERPLATE if b in lowered] == []


def whole_article_pages() -> list[tuple[Path, Path, str]]:
    """(article folder, file holding the whole article, its URL) for every fixture article
    that has one page holding the whole body: the /all view, or a single-page article."""
    cases = []
    for expected in sorted(INEWS_SITE.rglob("expected.json")):
        folder = expected.parent
        if (folder / "all" / "index.html").exists():
            cases.append((folder, folder / "all" / "index.html", fixture_url(folder) + "/all"))
        elif not any(p.is_dir() and p.name.isdigit() for p in folder.iterdir()):
            cases.append((folder, folder / "index.html", fixture_url(folder)))
    return cases


WHOLE_PAGES = whole_article_pages()


def test_the_transformations_blind_the_layers_they_target():
    html = (N3 / "all" / "index.html").read_text(encoding="utf-8")
    before = site_selectors_matching(html)
    assert before["title"] and before["body"] and before["date"] and before["tags"]
    assert set(site_selectors_matching(rename_site_classes(html)).values()) == {0}
    stripped = strip_structured_data(html)
    assert "<meta" not in stripped.lower() and "ld+json" not in stripped
    assert len(WHOLE_PAGES) >= 25


# 1. Structured data + generic body when every site selector fails -----------------------

@pytest.mark.parametrize("folder", [N3, F1], ids=["N3-jsonld", "F1-jsonld-graph"])
def test_jsonld_page_with_blind_site_layer_is_still_complete(folder):
    expected = expected_item(folder)
    html = rename_site_classes((folder / "all" / "index.html").read_text(encoding="utf-8"))
    assert set(site_selectors_matching(html).values()) == {0}

    got, report = extract_with_report(html.encode("utf-8"), fixture_url(folder) + "/all")

    for name in ("url", "source", "title", "description", "published_at", "published_at_raw",
                 "updated_at", "author", "category", "tags", "image_url", "language"):
        assert got[name] == expected[name], name
    assert report.body_layer == "generic"
    assert report.problems == []
    assert_clean_body(got["content"], expected["content"])
    # The "Editor:" line is still recognised by the generic layer.
    assert got["editor"] == expected["editor"]


# 2. No structured data and no site classes: the lower layers alone -----------------------

@pytest.mark.parametrize(
    "folder, path, url", WHOLE_PAGES, ids=[c[0].relative_to(INEWS_SITE).as_posix()[-60:] for c in WHOLE_PAGES]
)
def test_page_without_structured_data_or_site_classes(folder, path, url):
    expected = expected_item(folder)
    html = rename_site_classes(strip_structured_data(path.read_text(encoding="utf-8")))
    assert set(site_selectors_matching(html).values()) == {0}

    got, report = extract_with_report(html.encode("utf-8"), url)

    assert got["title"] == expected["title"]
    assert got["published_at"] == expected["published_at"]
    assert report.body_layer == "generic"
    assert_clean_body(got["content"], expected["content"])
    # Nothing is invented for what only structured data or the layout carried.
    assert got["description"] is None
    assert got["updated_at"] is None


# 3. A host outside the registry, described by JSON-LD ------------------------------------

UNKNOWN_URL = "https://news.example.co.id/2026/11/27/contoh/?utm_source=twitter&utm_medium=social#komentar"
UNKNOWN_CANONICAL = "https://news.example.co.id/2026/11/27/contoh"
UNKNOWN_BODY = [
    "JAKARTA, Contoh.id - Pemerintah kota meresmikan taman baca baru di kawasan Menteng pada Jumat pagi, "
    "lengkap dengan ruang bermain anak dan pojok literasi digital.",
    "Wali kota mengatakan taman baca tersebut dibuka setiap hari mulai pukul 08.00 hingga 20.00 WIB dan "
    "tidak memungut biaya dari pengunjung.",
    "Warga menyambut baik kehadiran taman baca itu karena selama ini anak-anak di kawasan tersebut "
    "kesulitan mencari tempat belajar yang nyaman.",
]
PERSON = {"@type": "Person", "name": "Budi Santoso"}
PUBLISHER = {"@type": "Organization", "name": "Contoh Media", "logo": {"@type": "ImageObject", "url": "/logo.png"}}
BASE_NODE = {
    "@type": "NewsArticle",
    "headline": "Taman Baca Baru Diresmikan di Menteng",
    "description": "  Pemerintah kota meresmikan taman baca baru di Menteng.  ",
    "datePublished": "2026-11-27T09:15:00+07:00",
    "dateModified": "2026-11-27T04:30:00Z",
    "author": [PUBLISHER, PERSON],
    "publisher": PUBLISHER,
    "image": {"@type": "ImageObject", "url": "/foto/2026/11/taman-baca.jpg", "width": 800},
    "articleSection": ["Metro", "Pendidikan"],
    "keywords": "Taman Baca, Literasi ,  Menteng,",
}


def unknown_host_page(jsonld: object, head_extra: str = "") -> str:
    body = "".join(f"<p>{p}</p>" for p in UNKNOWN_BODY)
    return f"""<!DOCTYPE html><html lang="id"><head><meta charset="utf-8">
<title>Taman Baca Baru Diresmikan di Menteng | Contoh.id</title>{head_extra}
<script type="application/ld+json">{json.dumps(jsonld)}</script></head>
<body><header><nav><a href="/">Beranda</a> <a href="/metro">Metro</a></nav></header>
<main><div class="post"><h1 class="post-title">Taman Baca Baru Diresmikan di Menteng</h1>
<div class="post-meta">Oleh Budi Santoso</div>
<div class="post-content">{body}
<p>Baca juga: Perpustakaan Keliling Sambangi Sekolah di Pinggiran Kota</p>
<div class="iklan"><p>Advertisement</p></div></div></div>
<aside><p>Terpopuler hari ini: berita lain yang juga sangat ramai dibaca oleh pembaca setia kami.</p></aside>
</main><footer><p>Hak cipta Contoh Media 2026. Seluruh hak dilindungi undang-undang dan peraturan.</p></footer>
</body></html>"""


JSONLD_SHAPES = {
    "plain-object": BASE_NODE,
    "inside-graph": {
        "@context": "https://schema.org",
        "@graph": [
            {"@type": "WebSite", "name": "Contoh.id", "url": "https://news.example.co.id/"},
            {"@type": "BreadcrumbList", "itemListElement": []},
            {**BASE_NODE, "author": PERSON, "image": ["https://cdn.example.co.id/a.jpg", "https://cdn.example.co.id/b.jpg"],
             "keywords": ["Taman Baca", "Literasi", "Menteng"]},
        ],
    },
    "type-list": {**BASE_NODE, "@type": ["NewsArticle", "Article"], "image": "https://cdn.example.co.id/s.jpg",
                  "author": {"@type": "Person", "name": "Budi Santoso", "url": "https://news.example.co.id/p/budi"}},
    "top-level-list": [
        {"@context": "https://schema.org", "@type": "Organization", "name": "Contoh Media"},
        {**BASE_NODE, "@type": "https://schema.org/ReportageNewsArticle", "articleSection": "Metro"},
    ],
}
EXPECTED_IMAGES = {
    "plain-object": "https://news.example.co.id/foto/2026/11/taman-baca.jpg",
    "inside-graph": "https://cdn.example.co.id/a.jpg",
    "type-list": "https://cdn.example.co.id/s.jpg",
    "top-level-list": "https://news.example.co.id/foto/2026/11/taman-baca.jpg",
}


@pytest.mark.parametrize("shape", list(JSONLD_SHAPES))
def test_unknown_host_with_jsonld(shape):
    html = unknown_host_page(JSONLD_SHAPES[shape])
    item = extract_article(html.encode("utf-8"), UNKNOWN_URL)
    _, report = extract_with_report(html, UNKNOWN_URL)

    assert set(item) == set(ARTICLE_FIELDS) - {"crawled_at"}
    assert item["url"] == UNKNOWN_CANONICAL
    assert item["source"] == "news.example.co.id"
    assert item["title"] == "Taman Baca Baru Diresmikan di Menteng"
    assert item["description"] == "Pemerintah kota meresmikan taman baca baru di Menteng."
    assert item["published_at"] == "2026-11-27T09:15:00+07:00"
    assert item["published_at_raw"] == "2026-11-27T09:15:00+07:00"
    assert item["updated_at"] == "2026-11-27T04:30:00+00:00"
    assert item["author"] == "Budi Santoso"  # the Organization in the author list is not a writer
    assert item["image_url"] == EXPECTED_IMAGES[shape]
    assert item["category"] == "Metro"
    assert item["tags"] == ["Taman Baca", "Literasi", "Menteng"]
    assert item["language"] == "id"
    assert report.body_layer == "generic"
    assert report.problems == []
    assert item["content"] == "\n\n".join(UNKNOWN_BODY)  # no "Baca juga", ad label, sidebar or footer


def test_unknown_host_url_is_normalised():
    item = extract_article(unknown_host_page(BASE_NODE), "http://News.Example.co.id:443/2026/11/27/contoh/?fbclid=x#a")
    assert (item["url"], item["source"]) == (UNKNOWN_CANONICAL, "news.example.co.id")


def test_unknown_host_offsets_are_kept_as_given():
    node = {**BASE_NODE, "datePublished": "2026-11-27T10:15:00+08:00", "dateModified": "2026-11-27 12:00:00"}
    item = extract_article(unknown_host_page(node), UNKNOWN_URL)
    assert item["published_at"] == "2026-11-27T10:15:00+08:00"
    assert item["updated_at"] == "2026-11-27T12:00:00+07:00"  # no zone: Jakarta wall time


def test_unknown_host_with_only_the_publisher_as_author_keeps_the_newsroom_credit():
    # Nothing else on the page names a writer ("Oleh Budi Santoso" sits in a plain post-meta
    # div): the publisher's own credit is the page's answer (ORF.at, kicker.de do this).
    node = {**BASE_NODE, "author": PUBLISHER}
    assert extract_article(unknown_host_page(node), UNKNOWN_URL)["author"] == "Contoh Media"


def test_publisher_as_author_yields_to_a_visible_byline():
    node = {**BASE_NODE, "author": PUBLISHER}
    html = unknown_host_page(node).replace('<div class="post-meta">', '<div class="post-byline">')
    item, report = extract_with_report(html, UNKNOWN_URL)
    assert item["author"] == "Budi Santoso"  # "Oleh" is the byline's word, not the name
    assert report.layers["author"] == "generic"


def test_site_name_as_author_yields_to_the_meta_author():
    # A CMS default (the publisher's name as the Person) with the writer in <meta name="author">.
    node = {**BASE_NODE, "author": {"@type": "Person", "name": "Contoh Media"}}
    html = unknown_host_page(node, '<meta name="author" content="Siti Rahma">')
    assert extract_article(html, UNKNOWN_URL)["author"] == "Siti Rahma"


def test_agencies_in_the_author_list_are_credits_but_the_publisher_is_not():
    node = {**BASE_NODE, "author": [PERSON, {"@type": "Organization", "name": "Antara"}, PUBLISHER]}
    assert extract_article(unknown_host_page(node), UNKNOWN_URL)["author"] == "Budi Santoso, Antara"


@pytest.mark.parametrize("author, expected", [
    # Person given as parts only.
    ({"@type": "Person", "givenName": "Anna Giulia", "familyName": "Fink"}, "Anna Giulia Fink"),
    # Nested lists.
    ([{"@type": "Person", "name": "Budi Santoso"}, [{"@type": "Person", "name": "Siti Rahma"}]], "Budi Santoso, Siti Rahma"),
    # HTML escaping inside the JSON.
    ({"@type": "Person", "name": "J&ouml;rg Soldwisch"}, "Jörg Soldwisch"),
    # One Person whose name carries a role and the outlet after commas.
    ({"@type": "Person", "name": "Budi Santoso, dosen ilmu komunikasi universitas, Contoh.id"}, "Budi Santoso"),
])
def test_jsonld_author_shapes(author, expected):
    assert extract_article(unknown_host_page({**BASE_NODE, "author": author}), UNKNOWN_URL)["author"] == expected


@pytest.mark.parametrize("head, expected", [
    ('<meta name="author" content="redaksi@contoh.id"><meta name="sailthru.author" content="Siti Rahma">', "Siti Rahma"),
    ('<meta name="twitter:label1" content="Written by"><meta name="twitter:data1" content="Siti Rahma">', "Siti Rahma"),
    ('<meta name="twitter:misc:Written by" content="Siti Rahma">', "Siti Rahma"),
    ('<meta property="article:author" content="Siti Rahma"><meta property="article:author" content="Agus Salim">',
     "Siti Rahma, Agus Salim"),
    # A repeated name="author" further down is an image credit, not a second writer.
    ('<meta name="author" content="Siti Rahma"><meta name="author" content="(Image: Getty Images)">', "Siti Rahma"),
])
def test_meta_author_sources(head, expected):
    node = {k: v for k, v in BASE_NODE.items() if k != "author"}
    assert extract_article(unknown_host_page(node, head), UNKNOWN_URL)["author"] == expected


FOREIGN_URL = "https://www.example.co.uk/news/2026/11/27/heated-airers"


def foreign_page(head: str = "", byline: str = "", lang: str = "en") -> str:
    """A small English-language article page outside the registry (no JSON-LD unless given)."""
    body = "".join(f"<p>{p}</p>" for p in (
        "Heated clothes airers have become one of the most popular ways to dry laundry indoors this winter.",
        "They use far less electricity than a tumble dryer, and most fold flat when they are not needed.",
        "We tried eight models over a month of wet weather to find the ones worth buying this year.",
    ))
    return f"""<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8"><title>Heated airers</title>{head}</head>
<body><main><article><h1>The best heated clothes airers</h1><div class="article-meta">{byline}</div>
<div class="article-body">{body}</div></article></main></body></html>"""


def test_microdata_date_with_offset_beats_the_visible_clock_without_one():
    html = foreign_page(byline='<time itemprop="datePublished" datetime="2026-11-27T16:45+0100">27 November 2026 • 4:45pm</time>')
    item, report = extract_with_report(html, FOREIGN_URL)
    assert item["published_at"] == "2026-11-27T16:45:00+01:00"
    assert report.layers["published_at"] == "meta"


def test_article_as_main_entity_of_a_webpage_node():
    page = {"@type": "WebPage", "name": "Contoh.id", "mainEntity": {**BASE_NODE, "headline": "Judul Artikel Utama"}}
    item = extract_article(unknown_host_page(page), UNKNOWN_URL)
    assert (item["title"], item["published_at"], item["author"]) == (
        "Judul Artikel Utama", "2026-11-27T09:15:00+07:00", "Budi Santoso")


def test_claim_review_is_an_article():
    node = {"@type": "ClaimReview", "name": "Cek Fakta: Video Banjir Itu Lama", "datePublished": "2026-11-27 15:44",
            "author": {"@type": "Organization", "name": "Cek Fakta Contoh"}}
    item = extract_article(unknown_host_page(node), UNKNOWN_URL)
    assert (item["published_at"], item["author"]) == ("2026-11-27T15:44:00+07:00", "Cek Fakta Contoh")


# 4. Precedence where the layers disagree --------------------------------------------------

INEWS_URL = "https://www.inews.id/news/nasional/contoh-uji-urutan-lapisan"
LD_DATE = "2026-11-27T09:15:00+07:00"
META_DATE = "2026-11-27T10:15:00+07:00"
VISIBLE_DATE = "Jumat, 27 November 2026 - 08:15:00 WIB"
PRECEDENCE_BODY = "".join(f"<p>{p}</p>" for p in UNKNOWN_BODY)


def layered_page(*, ld: dict | None = None, og_title: str | None = None, meta_date: str | None = None,
                 og_image: str | None = None, site_h1: str | None = None, plain_h1: str | None = None,
                 visible_date: str | None = None, header_img: str | None = None, title_tag: str | None = None) -> str:
    head = []
    if title_tag:
        head.append(f"<title>{title_tag}</title>")
    if og_title:
        head.append(f'<meta property="og:title" content="{og_title}">')
    if meta_date:
        head.append(f'<meta property="article:published_time" content="{meta_date}">')
    if og_image:
        head.append(f'<meta property="og:image" content="{og_image}">')
    if ld is not None:
        head.append(f'<script type="application/ld+json">{json.dumps({"@type": "NewsArticle", **ld})}</script>')
    header = []
    if site_h1:
        header.append(f'<h1 class="headerTitle">{site_h1}</h1>')
    if plain_h1:
        header.append(f"<h1>{plain_h1}</h1>")
    if visible_date:
        header.append(f'<div class="timeAndShare"><div class="createdAt">{visible_date}</div></div>')
    if header_img:
        header.append(f'<figure class="headerImg"><img {header_img}><figcaption>Foto: Dok.</figcaption></figure>')
    return (
        f'<html><head><meta charset="utf-8">{"".join(head)}</head><body>'
        f'<article class="headerArticle">{"".join(header)}</article>'
        f'<article class="bodyArticleWrapper">{PRECEDENCE_BODY}</article></body></html>'
    )


@pytest.mark.parametrize("url, parts, title", [
    (INEWS_URL, dict(ld={"headline": "Judul JSON-LD"}, og_title="Judul OG - iNews.id", site_h1="Judul H1",
                     title_tag="Judul Title - iNews.id"), "Judul JSON-LD"),
    (INEWS_URL, dict(og_title="Judul OG - iNews.id", site_h1="Judul H1", plain_h1="H1 Lain"), "Judul H1"),
    (INEWS_URL, dict(og_title="Judul OG - iNews.id", plain_h1="Judul H1 Polos"), "Judul OG"),
    (INEWS_URL, dict(plain_h1="Judul H1 Polos", title_tag="Judul Title | iNews.id"), "Judul H1 Polos"),
    (INEWS_URL, dict(title_tag="Judul Title | iNews.id"), "Judul Title"),
    (UNKNOWN_URL, dict(ld={"headline": "Judul JSON-LD"}, og_title="Judul OG", plain_h1="Judul H1"), "Judul JSON-LD"),
    (UNKNOWN_URL, dict(og_title="Judul OG", plain_h1="Judul H1"), "Judul OG"),
    (UNKNOWN_URL, dict(plain_h1="Judul H1", title_tag="Judul Title"), "Judul H1"),
    # an empty or wrongly typed headline is no headline: the next layer answers
    (INEWS_URL, dict(ld={"headline": "  "}, site_h1="Judul H1"), "Judul H1"),
    (INEWS_URL, dict(ld={"headline": 2026}, og_title="Judul OG"), "Judul OG"),
], ids=["ld>og>h1", "site-h1>og", "og>plain-h1", "plain-h1>title", "title-suffix-stripped",
        "unknown:ld>og", "unknown:og>h1", "unknown:h1>title", "blank-ld-headline", "numeric-ld-headline"])
def test_title_precedence(url, parts, title):
    assert extract_article(layered_page(**parts), url)["title"] == title


@pytest.mark.parametrize("parts, raw, iso", [
    (dict(ld={"datePublished": LD_DATE}, meta_date=META_DATE, visible_date=VISIBLE_DATE), LD_DATE, LD_DATE),
    (dict(meta_date=META_DATE, visible_date=VISIBLE_DATE), META_DATE, META_DATE),
    (dict(ld={"headline": "x"}, visible_date=VISIBLE_DATE), VISIBLE_DATE, "2026-11-27T08:15:00+07:00"),
    (dict(visible_date=VISIBLE_DATE), VISIBLE_DATE, "2026-11-27T08:15:00+07:00"),
    (dict(ld={"datePublished": LD_DATE}), LD_DATE, LD_DATE),
], ids=["ld>meta>visible", "meta>visible", "ld-without-date:visible", "visible-only", "ld-only"])
def test_published_date_precedence(parts, raw, iso):
    item = extract_article(layered_page(**parts), INEWS_URL)
    assert (item["published_at_raw"], item["published_at"]) == (raw, iso)


def test_visible_date_outside_the_site_layer_is_found_when_structured_data_has_none():
    html = layered_page(plain_h1="Judul").replace("<h1>Judul</h1>", "<h1>Judul</h1><span>Jumat, 27 November 2026 - 08:15 WIB</span>")
    assert extract_article(html, UNKNOWN_URL)["published_at"] == "2026-11-27T08:15:00+07:00"


def test_region_still_comes_from_the_visible_date_line_when_structured_data_gives_the_date():
    item = extract_article(
        layered_page(ld={"datePublished": LD_DATE}, visible_date=VISIBLE_DATE + " | Bali"), INEWS_URL
    )
    assert item["published_at"] == LD_DATE
    assert item["region"] == "Bali"


def test_unparseable_structured_date_falls_back_to_the_visible_date():
    item = extract_article(layered_page(ld={"datePublished": "kemarin sore"}, visible_date=VISIBLE_DATE), INEWS_URL)
    assert (item["published_at_raw"], item["published_at"]) == (VISIBLE_DATE, "2026-11-27T08:15:00+07:00")


def test_unparseable_dates_everywhere_keep_the_first_raw_text():
    item = extract_article(layered_page(ld={"datePublished": "kemarin sore"}, visible_date="Tanggal: -"), INEWS_URL)
    assert (item["published_at_raw"], item["published_at"]) == ("kemarin sore", None)


def test_unparseable_structured_date_falls_back_to_the_generic_date_scan():
    html = layered_page(ld={"datePublished": "kemarin sore"}, plain_h1="Judul").replace(
        "<h1>Judul</h1>", "<h1>Judul</h1><span>Jumat, 27 November 2026 - 08:15 WIB</span>")
    assert extract_article(html, UNKNOWN_URL)["published_at"] == "2026-11-27T08:15:00+07:00"


@pytest.mark.parametrize("parts, image", [
    (dict(ld={"image": "https://img.example.id/ld.jpg"}, og_image="https://img.example.id/og.jpg",
          header_img='src="https://img.example.id/header.jpg"'), "https://img.example.id/ld.jpg"),
    (dict(og_image="https://img.example.id/og.jpg", header_img='src="https://img.example.id/header.jpg"'),
     "https://img.example.id/og.jpg"),
    (dict(header_img='src="https://img.example.id/header.jpg"'), "https://img.example.id/header.jpg"),
    (dict(header_img='src="data:image/gif;base64,R0lGOD" data-src="/lazy/header.jpg"'),
     "https://www.inews.id/lazy/header.jpg"),
    (dict(og_image="/relatif/og.jpg"), "https://www.inews.id/relatif/og.jpg"),
    (dict(ld={"image": None}, og_image="https://img.example.id/og.jpg"), "https://img.example.id/og.jpg"),
], ids=["ld>og>header", "og>header", "header-only", "lazy-header", "relative-og", "null-ld-image"])
def test_image_precedence(parts, image):
    assert extract_article(layered_page(**parts), INEWS_URL)["image_url"] == image


# 5. Multi-page merge ----------------------------------------------------------------------

def page_item(n: int, content: str | None, editor: str | None = None, **extra) -> dict:
    item = {name: None for name in ARTICLE_FIELDS if name != "crawled_at"}
    item.update(url=INEWS_URL, title=f"Judul halaman {n}", tags=[f"tag{n}"], content=content, editor=editor,
                published_at=f"2026-11-2{n}T08:00:00+07:00", **extra)
    return item


def test_merge_joins_bodies_in_order_and_keeps_page_one_fields():
    first = page_item(1, "Satu a\n\nSatu b", author="Penulis Satu")
    later = [page_item(2, "Dua"), page_item(3, None), page_item(4, "Empat")]
    snapshot = json.dumps([first, later])
    merged = merge_pages(first, later)
    assert merged["content"] == "Satu a\n\nSatu b\n\nDua\n\nEmpat"
    for name in ARTICLE_FIELDS:
        if name not in ("content", "editor", "crawled_at"):
            assert merged[name] == first[name], name
    assert json.dumps([first, later]) == snapshot  # inputs untouched


@pytest.mark.parametrize("editors, expected", [
    ((None, "Dua", None), "Dua"),
    (("Satu", None, "Tiga"), "Tiga"),
    (("Satu", None, None), "Satu"),
    ((None, None, None), None),
    ((None, "Dua", "Tiga"), "Tiga"),
])
def test_merge_takes_the_editor_of_the_last_page_that_has_one(editors, expected):
    pages = [page_item(n + 1, f"isi {n + 1}", editor) for n, editor in enumerate(editors)]
    assert merge_pages(pages[0], pages[1:])["editor"] == expected


def test_merge_of_a_single_page_is_that_page():
    only = page_item(1, "Isi", "Ed")
    assert merge_pages(only, []) == only


def test_merge_when_page_one_has_no_body():
    assert merge_pages(page_item(1, None), [page_item(2, "Dua")])["content"] == "Dua"
    assert merge_pages(page_item(1, None), [page_item(2, None)])["content"] is None


@pytest.mark.parametrize("folder", [N1, N2], ids=["N1", "N2"])
def test_merge_of_real_pages_equals_the_whole_article(folder):
    expected = expected_item(folder)
    numbered = sorted((p for p in folder.iterdir() if p.is_dir() and p.name.isdigit()), key=lambda p: int(p.name))
    first, report = extract_with_report((folder / "index.html").read_bytes(), fixture_url(folder))
    assert report.page_urls == [fixture_url(p) for p in numbered]
    later = [extract_article((p / "index.html").read_bytes(), fixture_url(p)) for p in numbered]
    assert first["editor"] is None and later[-1]["editor"] == expected["editor"]
    merged = merge_pages(first, later)
    assert merged["content"] == expected["content"]
    assert merged["editor"] == expected["editor"]
    assert merged["title"] == expected["title"] and merged["published_at"] == expected["published_at"]
    if (folder / "all" / "index.html").exists():
        whole = extract_article((folder / "all" / "index.html").read_bytes(), fixture_url(folder) + "/all")
        assert whole["content"] == merged["content"]


def _ld(node: dict) -> str:
    return f'<script type="application/ld+json">{json.dumps({"@type": "NewsArticle", **node})}</script>'


def test_naive_structured_date_takes_the_offset_another_date_field_states():
    head = _ld({"datePublished": "2026-11-27 18:11:01.0", "dateModified": "2026-11-27T18:43:01"}) + (
        '<meta name="date" content="2026-11-27T18:11:01+01:00">'
        '<meta name="last-modified" content="2026-11-27T18:43:01+01:00">')
    item, report = extract_with_report(foreign_page(head, lang="de"), FOREIGN_URL)
    assert item["published_at"] == "2026-11-27T18:11:01+01:00"
    assert item["updated_at"] == "2026-11-27T18:43:01+01:00"
    assert item["published_at_raw"] == "2026-11-27 18:11:01.0"
    assert report.layers["published_at"] == "jsonld+page_offset"


def test_naive_date_keeps_jakarta_time_when_no_field_states_an_offset_of_that_clock():
    # Another clock (an update hours later) says nothing about this one's offset.
    head = _ld({"datePublished": "2026-11-27 18:11:01"}) + '<meta name="last-modified" content="2026-11-27T21:00:00+01:00">'
    assert extract_article(foreign_page(head, lang="de"), FOREIGN_URL)["published_at"] == "2026-11-27T18:11:01+07:00"


def test_naive_date_on_an_indonesian_page_stays_wib_beside_a_foreign_offset():
    # On an Indonesian page the naive clock is WIB; a "+00:00" beside it is the false-offset class.
    head = _ld({"datePublished": "2026-11-27 18:11:01"}) + '<meta name="date" content="2026-11-27T18:11:01+00:00">'
    assert extract_article(foreign_page(head, lang="id"), FOREIGN_URL)["published_at"] == "2026-11-27T18:11:01+07:00"


def test_writers_in_separate_byline_elements_complete_the_structured_author():
    byline = ('<div class="bylines">' + "".join(
        f'<div class="byline"><address><a rel="author" href="/p/{n}">{name}</a></address></div>'
        for n, name in enumerate(["Ingrid Treborg", "Marlene Holm"])) + "</div>")
    head = _ld({"author": {"@type": "Person", "name": "Marlene Holm"}})
    item, report = extract_with_report(foreign_page(head, byline), FOREIGN_URL)
    assert item["author"] == "Ingrid Treborg, Marlene Holm"
    assert report.layers["author"] == "jsonld+byline"


def test_author_links_of_a_card_list_do_not_join_the_byline():
    cards = "".join(f'<li><a href="/a/{n}">Another story about the weather number {n} and more</a> '
                    f'<a rel="author" href="/p/{n}">{name}</a></li>'
                    for n, name in enumerate(["Marlene Holm", "Jack Rear", "Vivian Song"]))
    head = _ld({"author": {"@type": "Person", "name": "Marlene Holm"}})
    assert extract_article(foreign_page(head, f"<ul>{cards}</ul>"), FOREIGN_URL)["author"] == "Marlene Holm"


def test_comment_and_quote_authors_are_not_the_byline():
    extra = ('<div class="comment-author">Kaffee Trinker</div><span class="quoteAuthor">Kevin Holland</span>'
             '<p class="author">von Anna Sleegers, Frankfurt</p>')
    item, report = extract_with_report(foreign_page(byline=extra, lang="de"), FOREIGN_URL)
    assert item["author"] == "Anna Sleegers"
    assert report.layers["author"] == "generic"


def test_tags_printed_as_hashtags_lose_the_hash_whatever_layer_gives_them():
    # Suara's tag links read "#banjir" (shared/sites/portals.md §12c); JSON-LD keywords may too.
    body = "<p>" + "Warga membersihkan lumpur sisa banjir di halaman rumah mereka sejak pagi hari. " * 4 + "</p>"
    links = '<a rel="tag" href="/tag/banjir">#banjir</a> <a rel="tag" href="/tag/bekasi"># Bekasi</a> <a rel="tag" href="/tag/c">cuaca</a>'
    page = f'<html lang="id"><body><h1>Banjir Surut</h1><div class="isi">{body}{body}</div>{links}</body></html>'
    assert extract_article(page, "https://contoh.id/berita/1")["tags"] == ["banjir", "Bekasi", "cuaca"]
    ld = json.dumps({"@type": "NewsArticle", "headline": "Banjir Surut", "keywords": ["#banjir", "#", "cuaca"]})
    page = f'<html lang="id"><head><script type="application/ld+json">{ld}</script></head><body><h1>Banjir Surut</h1><div class="isi">{body}{body}</div></body></html>'
    assert extract_article(page, "https://contoh.id/berita/1")["tags"] == ["banjir", "cuaca"]


def test_a_cms_placeholder_keyword_is_not_a_tag_and_alone_leaves_the_next_layer_to_speak():
    # IDN Times' JSON-LD keywords may hold the template's "Update me" (shared/sites/portals.md §15c).
    body = "<p>" + "Warga membersihkan lumpur sisa banjir di halaman rumah mereka sejak pagi hari. " * 4 + "</p>"

    def page(keywords):
        ld = json.dumps({"@type": "NewsArticle", "headline": "Banjir Surut", "keywords": keywords})
        return (f'<html lang="id"><head><script type="application/ld+json">{ld}</script>'
                '<meta property="article:tag" content="Bekasi"></head>'
                f'<body><h1>Banjir Surut</h1><div class="isi">{body}{body}</div></body></html>')

    assert extract_article(page(["Banjir", "Update me", "Cuaca"]), "https://contoh.id/berita/1")["tags"] == ["Banjir", "Cuaca"]
    assert extract_article(page("Update Me, banjir"), "https://contoh.id/berita/1")["tags"] == ["banjir"]
    fields, report = extract_with_report(page(["Update me"]), "https://contoh.id/berita/1")
    assert (fields["tags"], report.layers["tags"]) == (["Bekasi"], "meta")


def with_bold_line(html: str, line: str, after: int = 0) -> str:
    """The page with ``<p><strong>line</strong></p>`` placed after its body's ``after``-th paragraph."""
    head, _, rest = html.partition('<div class="article-body">')
    paragraphs = rest.split("</p>")
    paragraphs.insert(after, f"<p><strong>{line}</strong>")
    return f'{head}<div class="article-body">' + "</p>".join(paragraphs)


SITE_ACCOUNT = '<a rel="author" href="/author/the-desk/">Heated News</a>'
SITE_LD = _ld({"author": {"@type": "Organization", "name": "Heated News"}, "publisher": {"@type": "Organization", "name": "Heated News"}})


@pytest.mark.parametrize("line, expected", [
    ("Mathatisi Sebusi/Mohalenyane Phakela", "Mathatisi Sebusi, Mohalenyane Phakela"),
    ("MTHOBISI SITHOLE", "MTHOBISI SITHOLE"),  # capitals are still a name here
])
def test_publisher_as_every_author_yields_to_a_bold_byline_paragraph(line, expected):
    item, report = extract_with_report(with_bold_line(foreign_page(SITE_LD, SITE_ACCOUNT), line), FOREIGN_URL)
    assert item["author"] == expected
    assert report.layers["author"] == "generic"


@pytest.mark.parametrize("line, after", [
    ("Who can apply?", 0),  # a question is a subheading
    ("Energy Costs Compared", 3),  # past the first paragraphs, a bold line is a subheading
])
def test_a_bold_subheading_is_not_a_byline(line, after):
    html = with_bold_line(foreign_page(SITE_LD, SITE_ACCOUNT), line, after)
    assert extract_article(html, FOREIGN_URL)["author"] == "Heated News"


def test_the_wordpress_admin_account_is_nobody():
    head = _ld({"author": {"@type": "Person", "name": "Heated D", "url": "https://example.com/author/admin/"}})
    byline = '<span class="author vcard"><a rel="author" href="https://example.com/author/admin/">Heated D</a></span>'
    html = with_bold_line(foreign_page(head, byline), "Mthobisi Sithole")
    assert extract_article(html, FOREIGN_URL)["author"] == "Mthobisi Sithole"
    assert extract_article(foreign_page(head, byline), FOREIGN_URL)["author"] is None


def test_a_profile_link_names_the_writer_only_when_it_comes_first():
    byline = 'von <a href="/autoren/name/max-kolter">Dr. Max Kolter</a>'
    assert extract_article(foreign_page(SITE_LD, byline), FOREIGN_URL)["author"] == "Dr. Max Kolter"
    cards = ('<a href="/penulis/desk">Heated News</a><ul><li><a href="/a/1">Another story about the weather</a>'
             ' <a href="/penulis/siti-rahma">Siti Rahma</a></li></ul>')
    assert extract_article(foreign_page(SITE_LD, cards), FOREIGN_URL)["author"] == "Heated News"


def test_share_buttons_under_an_author_class_name_nobody():
    byline = '<div class="author-socmed">Twitter Facebook</div><div class="author-name">Marlene Holm</div>'
    assert extract_article(foreign_page(byline=byline), FOREIGN_URL)["author"] == "Marlene Holm"


@pytest.mark.parametrize("head, byline", [
    # WordPress themes and hAtom mark the post's own date by class.
    ("", '<time class="entry-date published" datetime="2026-01-27T12:13:17+01:00">27. Januar 2026</time>'
         '<time class="updated" datetime="2026-01-28T08:00:00+01:00">28. Januar 2026</time>'),
    # The OpenGraph name misspelt with a colon.
    ('<meta property="article:published:time" content="2026-01-27T11:13:17+00:00">'
     '<meta property="article:modified:time" content="2026-01-28T07:00:00+00:00">', ""),
])
def test_dates_marked_by_class_or_a_misspelt_opengraph_name(head, byline):
    item, report = extract_with_report(foreign_page(head, byline), FOREIGN_URL)
    assert datetime.fromisoformat(item["published_at"]) == datetime.fromisoformat("2026-01-27T12:13:17+01:00")
    assert datetime.fromisoformat(item["updated_at"]) == datetime.fromisoformat("2026-01-28T08:00:00+01:00")
    assert report.layers["published_at"] == "meta"


def test_a_second_copy_of_the_portal_body_container_is_not_read_twice():
    raw = (N1 / "index.html").read_bytes()
    once, _ = extract_with_report(raw, fixture_url(N1))
    root = lxml.html.fromstring(raw)
    container = matches(root, SELECTORS.body)[0]
    container.addnext(copy.deepcopy(container))
    assert len(matches(root, SELECTORS.body)) == 2
    fields, report = extract_with_report(lxml.html.tostring(root, encoding="unicode"), fixture_url(N1))
    assert fields["content"] == once["content"]
    assert report.layers["content"] == "site"
