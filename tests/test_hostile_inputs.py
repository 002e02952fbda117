"""Hostile and malformed input: HTML fragments built to break the extractor, and URLs built to
break the canonical form (IDN hosts, percent-encoding, odd ports, look-alike hosts).

``tests/extraction/test_bad_input.py`` already feeds the extractor arbitrary bytes and text;
here the input is *almost* HTML, the shape an attacker or a broken CMS produces: real tags and
the attributes the extraction layers read (site classes, ``og:``/``article:`` meta, ld+json
blocks, ``href``/``src``), with junk values, unclosed tags, stray end tags and huge attributes.

The tests at the end pin the bugs this file found (fixed in 3871300): unreadable hosts in a
page or a listing, a host read two ways (trailing dot, "\\" in the authority, impossible ports,
no host), C0 control characters beside removed boilerplate.
"""
from __future__ import annotations

import json
from urllib.parse import urlsplit

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scrapy.http import HtmlResponse
from scrapy.utils.test import get_crawler

from newscrawler.extraction import extract_article
from newscrawler.items import ARTICLE_FIELDS
from newscrawler.portals import PORTALS, canonical_url
from newscrawler.spiders import SPIDERS
from newscrawler.urls import host_matches, host_of, normalized_url

ITEM_FIELDS = frozenset(ARTICLE_FIELDS) - {"crawled_at"}
INewsSpider = SPIDERS["inews"]
URL = "https://www.inews.id/news/nasional/contoh-berita-uji"
INEWS = ("inews.id",)
FUZZ = settings(max_examples=150, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


# -- HTML-ish fragments -----------------------------------------------------------------------

# What the extraction layers look for (newscrawler/portals/inews.py SELECTORS, boilerplate.py).
SITE_CLASSES = (
    "headerTitle", "headerArticle", "breadcrumb", "timeAndShare", "createdAt", "author", "authorList",
    "tags", "tagList", "headerImg", "bodyArticleWrapper", "bodyArticle", "readNext", "pagination",
    "paginationContent", "pageList", "bacaJuga", "adsPlacement", "widgetListArticle", "ishort-title",
)
TAGS = (
    "html", "head", "body", "div", "p", "span", "a", "article", "section", "main", "aside", "nav", "header",
    "footer", "h1", "h2", "h3", "ul", "ol", "li", "figure", "figcaption", "img", "meta", "link", "script",
    "style", "noscript", "iframe", "form", "input", "button", "table", "tr", "td", "br", "hr", "em", "strong",
    "time", "title", "base", "template", "svg", "math", "textarea", "select", "option", "frameset", "object",
)
ATTRIBUTES = (
    "class", "id", "href", "src", "data-src", "data-original", "content", "property", "name", "itemprop",
    "rel", "type", "lang", "charset", "http-equiv", "datetime", "alt", "title", "style", "onload",
)
META_NAMES = (
    "og:title", "og:description", "og:image", "og:url", "og:type", "article:published_time",
    "article:modified_time", "article:section", "article:tag", "article:author", "description", "author",
    "keywords", "pubdate", "publishdate", "twitter:title", "content-type",
)
JSONLD_KEYS = (
    "@context", "@type", "@graph", "@id", "headline", "name", "description", "datePublished", "dateModified",
    "author", "image", "url", "keywords", "articleSection", "articleBody", "inLanguage", "mainEntityOfPage",
    "publisher", "isAccessibleForFree", "itemListElement",
)
JUNK_TEXT = st.one_of(
    st.text(max_size=40),
    st.sampled_from([
        "", " ", "\x00", "\ufeff", "&amp;", "&#0;", "&#x110000;", "&#99999999;", "&bogus;", "]]>", "<!--", "-->",
        "</script>", "<![CDATA[", "javascript:alert(1)", "//", "http://", "http://[::1/x", "//[cdn/", "\x0b", "\x1f",
        "https://evil.com\\@www.inews.id/news/nasional/x", "https://www.inews.id/news/nasional/x/all",
        "Kamis, 26 November 2026 - 19:20:00 WIB", "2026-13-45T99:99:99+99:99", "Read Next : x", "Editor: x",
        "Baca Juga: x", "1e309", "NaN", "-0", "9" * 400,
    ]),
)
# Prose long enough for the body layers to take a block as article text, with the words the
# boilerplate rules and the wall detection react to.
PROSE = st.lists(st.sampled_from((
    "warga", "pemerintah", "banjir", "di", "yang", "dan", "Jakarta,", "iNews.id", "-", "Baca", "Juga:", "Editor:",
    "Read", "Next", "Advertisement", "Follow", "Masuk", "untuk", "melanjutkan", "membaca", "berlangganan", "“kata”", "—",
)), min_size=8, max_size=80).map(" ".join)
HUGE = st.builds(lambda piece, times: piece * times, st.text(min_size=1, max_size=4),
                 st.integers(1_000, 20_000))  # larger ones: test_huge_attribute_values_do_not_raise
VALUES = st.one_of(JUNK_TEXT, JUNK_TEXT, JUNK_TEXT, st.sampled_from(SITE_CLASSES), st.sampled_from(META_NAMES),
                   st.sampled_from(["application/ld+json", "text/html", "utf-8", "x-unknown", "utf-16"]), HUGE)


def _quoted(value: str) -> str:
    """An attribute value as a broken CMS writes it: quoted, single-quoted, or bare."""
    return f'"{value}"' if '"' not in value else f"'{value}'" if "'" not in value else value.replace(" ", "")


@st.composite
def attributes(draw) -> str:
    names = st.one_of(st.sampled_from(ATTRIBUTES), st.from_regex(r"[a-z:-]{1,12}", fullmatch=True))
    pairs = draw(st.lists(st.tuples(names, VALUES), max_size=4))
    return "".join(f" {name}={_quoted(value)}" for name, value in pairs)


JSON_SCALARS = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), JUNK_TEXT)
JSON_VALUES = st.recursive(
    JSON_SCALARS,
    lambda inner: st.one_of(st.lists(inner, max_size=4),
                            st.dictionaries(st.one_of(st.sampled_from(JSONLD_KEYS), JUNK_TEXT), inner, max_size=5)),
    max_leaves=25,
)


@st.composite
def jsonld_block(draw) -> str:
    """A ld+json script: valid JSON of the wrong shapes and types, or text that is not JSON."""
    if draw(st.booleans()):
        body = json.dumps(draw(JSON_VALUES), ensure_ascii=draw(st.booleans()))
    else:
        truncated = st.sampled_from(['{"@type": "NewsArticle", "headline": ', "[" * 50, '{"a":' * 30])
        body = draw(st.one_of(JUNK_TEXT, truncated))
    return f'<script type="application/ld+json">{body}</script>'


@st.composite
def meta_tag(draw) -> str:
    key = draw(st.sampled_from(("property", "name", "itemprop", "http-equiv")))
    return f'<meta {key}={_quoted(draw(st.sampled_from(META_NAMES)))} content={_quoted(draw(VALUES))}>'


@st.composite
def leaf(draw) -> str:
    kind = draw(st.integers(0, 5))
    if kind == 0:
        return draw(jsonld_block())
    if kind == 1:
        return draw(meta_tag())
    if kind == 2:
        return f"<{draw(st.sampled_from(TAGS))}{draw(attributes())}>"  # unclosed (or void)
    if kind == 3:
        return f"</{draw(st.sampled_from(TAGS))}>"  # stray end tag
    if kind == 4:
        return f"<p>{draw(PROSE)}</p>"
    return draw(JUNK_TEXT)


def _element(children: st.SearchStrategy[list[str]]) -> st.SearchStrategy[str]:
    @st.composite
    def element(draw) -> str:
        tag = draw(st.one_of(st.sampled_from(TAGS), st.from_regex(r"[a-zA-Z][a-zA-Z0-9:-]{0,10}", fullmatch=True)))
        inner = "".join(draw(children))
        closing = draw(st.sampled_from([f"</{tag}>", f"</{tag}>", "", f"</{tag.upper()} junk>"]))
        return f"<{tag}{draw(attributes())}>{inner}{closing}"
    return element()


HTML_FRAGMENTS = st.recursive(leaf(), lambda inner: _element(st.lists(inner, max_size=5)), max_leaves=30)
DOCUMENTS = st.lists(HTML_FRAGMENTS, min_size=1, max_size=6).map("".join)


def _assert_whole_item(fields: dict, url: str) -> None:
    assert set(fields) == ITEM_FIELDS
    assert fields["url"] == canonical_url(url)
    assert isinstance(fields["tags"], list) and all(isinstance(tag, str) for tag in fields["tags"])
    for name, value in fields.items():
        assert value is None or isinstance(value, (str, list)), name


@FUZZ
@given(DOCUMENTS, st.sampled_from([None, "utf-8", "cp1252", "utf-16", "latin-1"]))
def test_extraction_never_raises_on_html_ish_fragments(html, encoding):
    """As text, and as bytes in an encoding the page may or may not declare."""
    page = html if encoding is None else html.encode(encoding, errors="replace")
    _assert_whole_item(extract_article(page, URL), URL)


@settings(max_examples=20, deadline=None)
@given(st.sampled_from(ATTRIBUTES), st.sampled_from(["headerTitle", "bodyArticleWrapper", "readNext", "createdAt"]),
       st.integers(100_000, 2_000_000))
def test_huge_attribute_values_do_not_raise(attribute, cls, size):
    html = (f'<article class="{cls}" {attribute}="{"x" * size}">'
            f'<h1 class="headerTitle" title="{"&amp;" * (size // 5)}">Judul</h1><p>{"kata " * 200}</p></article>')
    _assert_whole_item(extract_article(html, URL), URL)


# -- URLs -------------------------------------------------------------------------------------

ASCII_LABEL = st.from_regex(r"[a-z0-9]([a-z0-9-]{0,14}[a-z0-9])?", fullmatch=True)
UNICODE_LABEL = st.sampled_from(["bücher", "☃", "jakarta-timur", "xn--bcher-kva", "café", "ñandú", "Ｂａｌｉ", "مثال"])
PORTS = st.one_of(
    st.sampled_from(["", ":0", ":80", ":443", ":8080", ":65535", ":65536", ":99999", ":", ":+1", ":abc", ":٣"]),
    st.integers(0, 10**7).map(lambda port: f":{port}"),
)
ESCAPES = st.sampled_from([
    "%2F", "%2f", "%E2%80%99", "%e2%80%99", "%252F", "%25E2%2580%2599", "%", "%zz", "%c3", "%00", "%20", "’", " ",
])
SLUGS = st.lists(st.one_of(ASCII_LABEL, ESCAPES), min_size=1, max_size=4).map("".join)
SEGMENTS = st.one_of(ASCII_LABEL, ESCAPES, SLUGS,
                     st.sampled_from(["all", "amp", "read", "berita", "indeks", "2", "12345", "..", ".", ""]))


@st.composite
def paths(draw) -> str:
    """Article-shaped paths (www and regional, with page and "/all" suffixes) and any other."""
    kind = draw(st.integers(0, 2))
    if kind == 0:
        channel = draw(st.sampled_from(["news", "finance", "sport", "amp/news"]))
        tail = draw(st.sampled_from(["", "/", "/all", "/2", "/12345", "/all/"]))
        return f"/{channel}/{draw(ASCII_LABEL)}/{draw(SLUGS)}{tail}"
    if kind == 1:
        return f"/read/{draw(st.integers(0, 10**9))}/{draw(ASCII_LABEL)}"
    return "/" + "/".join(draw(st.lists(SEGMENTS, max_size=5)))


@st.composite
def queries(draw) -> str:
    names = st.sampled_from(["utm_source", "fbclid", "id", "page", "q", "amp", "%zz"])
    pairs = draw(st.lists(st.tuples(names, st.one_of(ASCII_LABEL, ESCAPES)), max_size=3))
    return "?" + "&".join(f"{name}={value}" for name, value in pairs) if pairs else ""


def _mixed_case(draw, text: str) -> str:
    flips = draw(st.lists(st.booleans(), min_size=len(text), max_size=len(text)))
    return "".join(c.upper() if flip else c for c, flip in zip(text, flips))


@st.composite
def inews_hosts(draw) -> str:
    sub = draw(st.one_of(st.sampled_from(["www", "bali", "jabar", "tasikmalaya", "m", "img"]), ASCII_LABEL, UNICODE_LABEL))
    host = draw(st.sampled_from([f"{sub}.inews.id", "inews.id"]))
    return _mixed_case(draw, host) + draw(st.sampled_from(["", "", "."]))


@st.composite
def foreign_hosts(draw) -> str:
    """Hosts that only look like iNews: other domains ending in, containing or prefixing it."""
    label = draw(st.one_of(ASCII_LABEL, UNICODE_LABEL))
    host = draw(st.sampled_from([
        f"{label}.example", f"{label}inews.id", f"inews.id.{label}.com", f"{label}.inews.id.evil.com",
        f"www.inews.co.{label}", "evilinews.id", "xn--bcher-kva.example", "inews.idx",
    ]))
    return _mixed_case(draw, host) + draw(st.sampled_from(["", "."]))


def urls(hosts: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    @st.composite
    def url(draw) -> str:
        scheme = draw(st.sampled_from(["https", "http", "HTTPS", "Http"]))
        userinfo = draw(st.sampled_from(["", "", "user:pw@", "a@"]))
        fragment = draw(st.one_of(st.just(""), st.text(max_size=10).map("#".__add__)))
        return f"{scheme}://{userinfo}{draw(hosts)}{draw(PORTS)}{draw(paths())}{draw(queries())}{fragment}"
    return url()


INEWS_URLS = urls(inews_hosts())
FOREIGN_URLS = urls(foreign_hosts())


@settings(max_examples=400, deadline=None)
@given(st.one_of(INEWS_URLS, FOREIGN_URLS))
def test_canonical_url_is_idempotent(url):
    once = canonical_url(url)
    assert canonical_url(once) == once


@settings(max_examples=400, deadline=None)
@given(INEWS_URLS)
def test_an_inews_url_stays_on_inews(url):
    assert host_matches(host_of(canonical_url(url)), INEWS)


@settings(max_examples=400, deadline=None)
@given(FOREIGN_URLS)
def test_a_look_alike_url_never_lands_on_inews(url):
    assert not host_matches(host_of(canonical_url(url)), INEWS)


@settings(max_examples=300, deadline=None)
@given(st.one_of(INEWS_URLS, FOREIGN_URLS))
def test_only_inews_urls_can_be_articles_and_their_canonical_form_is_one(url):
    inews = PORTALS["inews"]
    if inews.is_article_url(url):
        canonical = canonical_url(url)
        assert host_matches(host_of(url), INEWS)
        assert inews.is_article_url(canonical)
        assert urlsplit(canonical).port is None and not urlsplit(canonical).query


@pytest.mark.parametrize(("url", "expected"), [
    ("https://bücher.example/", "https://xn--bcher-kva.example/"),
    ("https://BÜCHER.example/Pfad", "https://xn--bcher-kva.example/Pfad"),
    ("https://BALI.INEWS.ID./read/1/x", "https://bali.inews.id/read/1/x"),
    ("https://bali.inews.id./read/1/x/all?utm_source=wa#top", "https://bali.inews.id/read/1/x"),
    ("https://☃.inews.id/read/5/x", "https://xn--n3h.inews.id/read/5/x"),
    ("HTTP://INEWS.ID/NEWS/NASIONAL/ABC/ALL", "https://www.inews.id/news/nasional/abc"),
])
def test_idn_case_and_trailing_dot_hosts(url, expected):
    assert canonical_url(url) == expected


@pytest.mark.parametrize(("url", "expected"), [
    # An encoded slash is data, not a path separator; a double-encoded one is decoded never.
    ("https://www.inews.id/news/nasional/a%2fb", "https://www.inews.id/news/nasional/a%2Fb"),
    ("https://www.inews.id/news/nasional/a%252Fb", "https://www.inews.id/news/nasional/a%252Fb"),
    # One spelling for the same characters: raw, lower- or upper-case escapes.
    ("https://www.inews.id/news/nasional/it’s", "https://www.inews.id/news/nasional/it%E2%80%99s"),
    ("https://www.inews.id/news/nasional/it%e2%80%99s", "https://www.inews.id/news/nasional/it%E2%80%99s"),
    ("https://www.inews.id/news/nasional/it%25E2%2580%2599s", "https://www.inews.id/news/nasional/it%25E2%2580%2599s"),
    ("https://www.inews.id/news/nasional/%", "https://www.inews.id/news/nasional/%"),
])
def test_percent_encoding_is_normalised_not_decoded(url, expected):
    assert canonical_url(url) == expected


@pytest.mark.parametrize("port", ["0", "65535", "99999", "", "+1", "abc"])
@pytest.mark.parametrize("base", [
    "https://www.inews.id{port}/news/nasional/contoh-berita", "https://bali.inews.id{port}/read/7/x",
    "https://bücher.example{port}/a", "https://example.com{port}/a",
])
def test_odd_ports_do_not_raise_and_keep_the_host(base, port):
    url = base.format(port=f":{port}")
    canonical = canonical_url(url)
    assert canonical_url(canonical) == canonical
    assert host_of(canonical).encode("idna") == host_of(url).encode("idna")


URL_PREFIXES = st.sampled_from(["http://", "https://", "//", "https://[", "HTTPS://www.inews.id:"])


@settings(max_examples=500, deadline=None)
@given(st.one_of(st.text(), st.builds("{}{}".format, URL_PREFIXES, st.text())))
def test_normalized_url_never_raises(text):
    assert isinstance(normalized_url(text), str)


@settings(max_examples=300, deadline=None)
@given(st.one_of(INEWS_URLS, FOREIGN_URLS))
def test_normalized_url_is_idempotent(url):
    once = normalized_url(url)
    assert normalized_url(once) == once


# -- regressions: the bugs this file found ----------------------------------------------------

BAD_IPV6 = "http://[::1/x"
"""An authority with an unbalanced ``[``: ``urllib.parse`` raises ``ValueError: Invalid IPv6 URL``."""


@pytest.mark.parametrize("html", [
    f'<a class="readNext" href="{BAD_IPV6}">Read Next</a>',
    f'<meta property="og:image" content="{BAD_IPV6}.jpg">',
    f'<script type="application/ld+json">{{"@type": "NewsArticle", "image": "{BAD_IPV6}.jpg"}}</script>',
    '<figure class="headerImg"><img src="//[cdn/x.jpg"></figure>',
    f'<ul class="paginationContent"><li class="pageList"><a href="{BAD_IPV6}/2">2</a></li></ul>',
], ids=["read-next", "og-image", "jsonld-image", "header-image", "pagination"])
def test_an_unparsable_url_in_a_page_does_not_raise(html):
    """It raised ValueError from urljoin and the whole article was lost; now that field is None."""
    _assert_whole_item(extract_article(html, URL), URL)


def test_canonical_url_does_not_raise_on_an_unparsable_host():
    """host_of raised where normalized_url already kept such a URL as it came."""
    assert canonical_url(BAD_IPV6) == normalized_url(BAD_IPV6)


def test_one_unparsable_link_does_not_cost_the_rest_of_a_listing():
    """The first such href raised out of parse_listing: the rest of the page and its next page were lost."""
    crawler = get_crawler(INewsSpider)
    spider = INewsSpider.from_crawler(crawler)
    body = f'<a href="/news/nasional/satu">1</a><a href="{BAD_IPV6}">x</a><a href="/news/nasional/dua">2</a>'
    response = HtmlResponse("https://www.inews.id/indeks/news/26-11-2026", body=body.encode())
    requested = [request.url for request in spider.parse_listing(response)]
    assert "https://www.inews.id/news/nasional/dua/all" in requested
    assert crawler.stats.get_value("newscrawler/skipped/unreadable_link") == 1


@pytest.mark.parametrize("url", [
    "https://evil.com\\@www.inews.id/news/nasional/contoh-berita",
    "https://evil.com\\\\@bali.inews.id/read/1/x",
])
def test_a_backslash_in_the_authority_does_not_move_an_inews_url_to_another_host(url):
    """urlsplit read www.inews.id and w3lib read evil.com: an iNews "article" was requested on evil.com."""
    assert host_matches(host_of(url), INEWS)  # what the crawler judges the link by
    assert host_matches(host_of(canonical_url(url)), INEWS)


@pytest.mark.parametrize(("url", "canonical", "article"), [
    ("https://WWW.INEWS.ID./news/nasional/contoh-berita/all", "https://www.inews.id/news/nasional/contoh-berita",
     True),
    ("https://inews.id./read/1/contoh", "https://inews.id/read/1/contoh", False),
])
def test_a_fully_qualified_www_host_is_read_as_www(url, canonical, article):
    """The trailing dot made "www.inews.id." a regional host named "www" (no article) and
    "inews.id." one named "inews" (an article whose canonical URL was none)."""
    inews = PORTALS["inews"]
    assert (canonical_url(url), inews.is_article_url(url)) == (canonical, article)
    assert inews.is_article_url(canonical) == article


def test_an_idn_host_with_an_impossible_port_has_one_canonical_form():
    """The impossible port stopped normalisation, leaving the Unicode host for a second pass."""
    once = canonical_url("https://café.inews.id:65536/read/1/contoh")
    assert (once, canonical_url(once)) == ("https://xn--caf-dma.inews.id/read/1/contoh",) * 2


def test_a_url_without_a_host_keeps_having_none():
    """"http:.//0" became "https://0": a path turned into a host."""
    once = normalized_url("HTTP:.//0")
    assert (host_of(once), normalized_url(once)) == ("", once)


@pytest.mark.parametrize("html", [
    '<article class="bodyArticleWrapper">{body}<div class="ads"></div>Baris dari Word\x0b.</article>',
    '<article class="bodyArticleWrapper">{body}<script>iklan()</script>\x1f</article>',
    '<article class="bodyArticleWrapper"><figure></figure>Foto\x08 {body}</article>',
], ids=["vertical-tab-after-an-ad", "unit-separator-after-a-script", "backspace-after-a-figure"])
def test_a_control_character_beside_removed_boilerplate_does_not_raise(html):
    """lxml parses C0 control characters (a vertical tab pasted from Word) but refuses them when
    removing boilerplate moves a tail text: ValueError, and the article was lost."""
    body = "<p>" + "Warga berkumpul di balai desa untuk membahas perbaikan jalan. " * 5 + "</p>"
    fields = extract_article(html.format(body=body).encode(), URL)
    assert fields["content"].startswith("Warga berkumpul")
    assert not any(c in fields["content"] for c in "\x08\x0b\x1f")
