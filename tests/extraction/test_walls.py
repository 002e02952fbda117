"""``blocked_page_reason``: walls and block pages are recognised, real articles are not.

Each page goes through ``extract_article`` first, as in the crawl, so the fields the detector
sees are the ones extraction really produces for such a page.
"""
from __future__ import annotations

import pytest
from hypothesis import given, strategies as st

from newscrawler.extraction import extract_article
from newscrawler.extraction.walls import MIN_ARTICLE_CHARS, REASONS, blocked_page_reason
from tests.faults.server import ACCESS_DENIED, LOGIN_WALL, article_page, story

URL = "https://www.inews.id/news/nasional/contoh-berita"
LONG_BODY = "".join(
    f"<p>Paragraf {n}: pemerintah daerah menyiapkan posko darurat di sejumlah titik rawan banjir, "
    f"sementara warga diminta tetap waspada hingga akhir bulan.</p>" for n in range(8)
)


def page(title: str, body: str, head: str = "") -> str:
    return (
        f'<!DOCTYPE html><html lang="id"><head><meta charset="utf-8"><title>{title}</title>{head}</head>'
        f'<body><h1 class="headerTitle">{title}</h1><article class="bodyArticleWrapper">{body}</article></body></html>'
    )


def reason(html: str) -> str | None:
    return blocked_page_reason(html, extract_article(html, URL))


WALLS = {
    "empty body": ("", "empty_page"),
    "whitespace body": (" \r\n\t ", "empty_page"),
    "login wall (fault site)": (LOGIN_WALL, "login_wall"),
    "login wall, English": (page(
        "Sign in", "<p>Sign in to continue reading this story.</p>"
        '<form><input name="user"><input type="password" name="pw"><button>Sign in</button></form>',
    ), "login_wall"),
    "login wall without a password field (social login only)": (page(
        "Masuk", "<p>Masuk untuk melanjutkan membaca artikel ini.</p><a class='btn'>Masuk dengan Google</a>",
    ), "login_wall"),
    "Akamai Access Denied (fault site)": (ACCESS_DENIED, "access_denied"),
    "Cloudflare block": (
        "<!DOCTYPE html><html><head><title>Attention Required! | Cloudflare</title></head><body>"
        "<h1>Sorry, you have been blocked</h1><h2>You are unable to access inews.id</h2>"
        "<p>Cloudflare Ray ID: 8e2b3c4d5f6a7b8c</p></body></html>", "access_denied",
    ),
    "Imperva": (
        "<html><head><META NAME='robots' CONTENT='noindex,nofollow'></head><body>"
        "Request unsuccessful. Incapsula incident ID: 1234000560012345678-12345678901234567</body></html>",
        "access_denied",
    ),
    "F5 ASM": (
        "<html><head><title>Request Rejected</title></head><body>The requested URL was rejected. "
        "Please consult with your administrator.<br><br>Your support ID is: 1234567890123456789</body></html>",
        "access_denied",
    ),
    "Indonesian 403": (page("403 Forbidden", "<p>Akses ditolak.</p>"), "access_denied"),
    "Cloudflare challenge": (
        "<!DOCTYPE html><html lang='en-US'><head><title>Just a moment...</title></head><body>"
        "<div class='main-wrapper'><h1>www.inews.id</h1><h2>Checking if the site connection is secure</h2>"
        "<noscript>Enable JavaScript and cookies to continue</noscript></div>"
        "<script>(function(){window._cf_chl_opt={cvId: '3',cZone: 'www.inews.id'};"
        "var a=document.createElement('script');a.src='/cdn-cgi/challenge-platform/h/b/orchestrate/chl_page/v1';})();"
        "</script></body></html>", "bot_challenge",
    ),
    "Cloudflare challenge, later wording only": (
        "<!DOCTYPE html><html lang='en-US'><head><title>mediaindonesia.com</title></head><body>"
        "<h1>mediaindonesia.com</h1><p>Performing security verification</p><p>This website uses a security "
        "service to protect against malicious bots.</p></body></html>", "bot_challenge",
    ),
    "DataDome": (
        "<html><head><title>inews.id</title></head><body><p>Please enable JS and disable any ad blocker</p>"
        "<iframe src='https://geo.captcha-delivery.com/captcha/?initialCid=AHrlqAA' title='DataDome CAPTCHA'>"
        "</iframe></body></html>", "bot_challenge",
    ),
    "PerimeterX": (
        "<html><head><title>Access to this page has been denied.</title></head><body>"
        "<div id='px-captcha'></div><p>Press &amp; Hold to confirm you are a human (and not a bot).</p>"
        "</body></html>", "bot_challenge",
    ),
    "paywall teaser, declared not free": (page(
        "Rahasia Sukses UMKM Naik Kelas", LONG_BODY + "<div class='paywall'>Berlangganan untuk membaca artikel "
        "selengkapnya. Sudah berlangganan? <a>Masuk</a></div>",
        head='<script type="application/ld+json">{"@type": "NewsArticle", "headline": "Rahasia Sukses UMKM '
             'Naik Kelas", "isAccessibleForFree": false, "hasPart": {"@type": "WebPageElement", '
             '"isAccessibleForFree": "False", "cssSelector": ".paywall"}}</script>',
    ), "paywall"),
    "paywall, short teaser declared not free, no prompt": (page(
        "Jejak Anggaran Proyek Bendungan", "<p>Penelusuran atas anggaran proyek bendungan menemukan selisih biaya.</p>",
        head='<script type="application/ld+json">{"@type": "NewsArticle", "isAccessibleForFree": false}</script>',
    ), "paywall"),
    "paywall, short teaser": (page(
        "Analisis Ekonomi Pekan Ini", "<p>Inflasi diperkirakan melandai.</p><p>Konten ini khusus pelanggan.</p>",
    ), "paywall"),
}

ARTICLES = {
    "fault-site article": article_page(story("harga-cabai-turun")),
    "article with a login modal in its header": page(
        "Harga Cabai Turun Jelang Akhir Tahun", LONG_BODY,
        head="</head><body><div class='modal'><p>Masuk untuk melanjutkan membaca dan berkomentar</p>"
             "<input type='password' name='password'></div>",
    ),
    "story about an Access Denied error": page(
        "Access Denied: Situs Layanan Publik Tak Bisa Diakses Sejak Pagi",
        "<p>Warga yang membuka situs itu hanya melihat pesan Access Denied dan 'You don't have permission "
        "to access' di layar.</p>" + LONG_BODY,
    ),
    "short article with a comment login prompt": page(
        "Gempa Magnitudo 4,1 Guncang Sukabumi",
        "<p>Gempa magnitudo 4,1 mengguncang Sukabumi pada Kamis pagi. BMKG menyebut gempa tidak "
        "berpotensi tsunami.</p><div class='comments'><p>Silakan login untuk berkomentar.</p>"
        "<input type='password'></div>",
    ),
    "short article with Cloudflare's injected detection script": page(
        "Jadwal KRL Berubah Mulai Senin",
        "<p>Jadwal KRL Commuter Line berubah mulai Senin pekan depan.</p>"
        "<script src='/cdn-cgi/challenge-platform/scripts/jsd/main.js'></script>",
    ),
    "free article on a paywalled site": page(
        "Tips Hemat Listrik di Musim Hujan", LONG_BODY + "<div>Sudah berlangganan? Masuk</div>",
        head='<script type="application/ld+json">{"@type": "NewsArticle", "isAccessibleForFree": true}</script>',
    ),
}


@pytest.mark.parametrize(("html", "expected"), WALLS.values(), ids=WALLS.keys())
def test_walls_are_recognised_with_their_reason(html, expected):
    assert reason(html) == expected


@pytest.mark.parametrize("html", ARTICLES.values(), ids=ARTICLES.keys())
def test_real_articles_are_not_walls(html):
    fields = extract_article(html, URL)
    assert fields["title"] and fields["content"]
    assert blocked_page_reason(html, fields) is None


def test_every_reason_is_exercised():
    assert {expected for _, expected in WALLS.values()} == set(REASONS)


def test_a_long_body_outweighs_block_page_markers():
    """The length rule is what keeps real stories: the same block-page markers around a real
    body are not a wall."""
    html = ACCESS_DENIED.replace("</BODY>", LONG_BODY + "</BODY>")
    fields = extract_article(html, URL)
    assert len(fields["content"]) >= MIN_ARTICLE_CHARS
    assert blocked_page_reason(html, fields) is None


fields_strategy = st.fixed_dictionaries({}, optional={
    "title": st.one_of(st.none(), st.text()), "content": st.one_of(st.none(), st.text()),
})


@given(st.text(), fields_strategy)
def test_never_raises_on_any_text(html, fields):
    assert blocked_page_reason(html, fields) in (None, *REASONS)


def test_min_article_chars_sets_where_a_body_outweighs_markers():
    """A portal whose stories run short passes its own threshold: the same short page is a
    wall under the default and an article under a lower threshold."""
    html = page("Masuk", "<p>Masuk untuk melanjutkan membaca artikel ini.</p>")
    fields = extract_article(html, URL)
    assert blocked_page_reason(html, fields) == "login_wall"
    assert blocked_page_reason(html, fields, min_article_chars=len(fields["content"])) is None
    assert blocked_page_reason(html, fields, min_article_chars=len(fields["content"]) + 1) == "login_wall"


@pytest.mark.parametrize("spacing", [" ", "\n        ", "\u00a0", " \t\r\n "])
def test_markers_match_across_any_whitespace_and_case(spacing):
    html = page("Analisis", f"<p>Konten ini KHUSUS{spacing}Pelanggan.</p>")
    assert reason(html) == "paywall"


def test_markers_deep_in_a_large_page_are_found():
    """Markers are searched around literal anchors, not only near the top of the page."""
    filler = "<div class='rail'>" + "<a href='/x'>Berita lain yang menarik untuk dibaca</a>" * 20_000 + "</div>"
    html = page("Analisis Ekonomi", f"{filler}<p>Subscribe to continue reading.</p>")
    assert len(html) > 1_000_000
    assert reason(html) == "paywall"


def test_a_marker_without_one_of_its_anchors_is_refused():
    """Every text a marker matches must contain an anchor, or pages showing it would pass unseen."""
    from newscrawler.extraction.walls import _Markers

    with pytest.raises(ValueError, match="none of the anchors"):
        _Markers(("langgan",), r"(khusus|hanya) (pelanggan|member)")
    with pytest.raises(ValueError, match="lowercase"):
        _Markers(("subscri",), r"Subscribers only")
