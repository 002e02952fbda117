"""Small hand-written pages, one per class of page that extraction got wrong on real saved
pages: loose datelines, <br>-split bodies, microdata-only markup, split leads, short briefs,
false UTC offsets, brand-decorated titles, noncharacters, huge pages, and noise that must be
read (Read Next, captions) without reaching the body, comment threads, cookie dialogs and
forms.

The pages live on hosts the portal registry does not know, so no site selector applies and
each test exercises the generic layers. Expected values are written from the page, never
from the extractor's output.
"""
from __future__ import annotations

import pytest
from hypothesis import given, settings, strategies as st

from newscrawler.extraction import extract_article, extract_with_report

URL = "https://berita.contoh.co.id/2024/05/01/kebakaran-pasar-senen"
TITLE = "Kebakaran Pasar Senen"
P1 = "Polisi masih menyelidiki penyebab kebakaran yang melanda pasar tradisional di kawasan Senen pada Selasa malam."
P2 = ("Kepala kepolisian sektor setempat mengatakan belum ada korban jiwa dalam peristiwa tersebut, "
      "namun kerugian ditaksir mencapai miliaran rupiah.")
P3 = "Petugas pemadam kebakaran mengerahkan dua belas unit mobil untuk memadamkan api yang baru padam menjelang subuh."


def page(body: str, head: str = "", title: str = TITLE) -> str:
    """An article page with a nav menu and a footer around ``body``."""
    return f"""<!doctype html><html lang="id"><head><meta charset="utf-8"><title>{title}</title>{head}</head><body>
<nav class="menu"><ul><li><a href="/news">Berita</a></li><li><a href="/olahraga">Olahraga</a></li>
<li><a href="/ekonomi">Ekonomi</a></li></ul></nav>
<main><article><h1>{title}</h1>{body}</article></main>
<footer><p>Hak cipta dilindungi undang-undang. Seluruh isi situs ini milik redaksi.</p>
<a href="/tentang">Tentang kami</a></footer></body></html>"""


# Eight links to other stories: what sits between the parts of a split body.
LINK_LIST = "<ul>" + "".join(f'<li><a href="/lain/{n}">Berita lain yang juga ramai dibaca nomor {n}</a></li>'
                             for n in range(8)) + "</ul>"


def published_meta(value: str) -> str:
    return f'<meta property="article:published_time" content="{value}">'


def test_loose_dateline_before_first_paragraph_starts_the_content():
    html = page(f'<div class="detail__body-text"><strong>Jakarta</strong> - <p>{P1}</p><p>{P2}</p></div>')
    assert extract_article(html, URL)["content"] == f"Jakarta - {P1}\n\n{P2}"


def test_loose_dateline_closed_by_a_double_dash_starts_the_content_too():
    # CNN Indonesia's form (portals.md §5c); alone it would be dropped as a preamble line.
    html = page(f'<div class="detail-text"><strong>Jakarta, CNN Indonesia</strong> -- <p>{P1}</p><p>{P2}</p></div>')
    assert extract_article(html, URL)["content"] == f"Jakarta, CNN Indonesia -- {P1}\n\n{P2}"


def test_body_split_only_by_br_gives_one_paragraph_per_line():
    html = page(f'<div class="isi">{P1}<br><br>{P2}<br><br>{P3}</div>')
    assert extract_article(html, URL)["content"] == f"{P1}\n\n{P2}\n\n{P3}"


def test_microdata_only_page_reads_the_article_body_container():
    html = f"""<html><body><nav><a href="/a">Beranda</a> <a href="/b">Nasional</a></nav>
<div itemscope itemtype="https://schema.org/NewsArticle"><h1 itemprop="headline">{TITLE}</h1>
<div itemprop="articleBody"><p>{P1}</p><p>{P2}</p></div></div></body></html>"""
    fields, report = extract_with_report(html, URL)
    assert fields["title"] == TITLE
    assert fields["content"] == f"{P1}\n\n{P2}"
    assert report.layers["content"] == "microdata"


@pytest.mark.parametrize("layout", [
    # Business Insider: the same body twice, each marked articleBody.
    '<div itemprop="articleBody">{body}</div><div itemprop="articleBody">{body}</div>',
    '<div itemprop="articleBody"><div itemprop="articleBody">{body}</div></div>',
])
def test_article_body_marked_twice_is_read_once(layout):
    html = f"""<html><body><div itemscope itemtype="https://schema.org/NewsArticle">
<h1 itemprop="headline">{TITLE}</h1>{layout.format(body=f"<p>{P1}</p><p>{P2}</p>")}</div></body></html>"""
    fields, report = extract_with_report(html, URL)
    assert fields["content"] == f"{P1}\n\n{P2}"
    assert report.layers["content"] == "microdata"


def test_lead_in_sibling_container_is_the_first_paragraph():
    html = page(f'<div class="lead"><p>{P1}</p></div><div class="detail-content"><p>{P2}</p><p>{P3}</p></div>')
    assert extract_article(html, URL)["content"] == f"{P1}\n\n{P2}\n\n{P3}"


def test_short_brief_is_kept_whole():
    text = ("Warga memadati kawasan Monas untuk merayakan malam pergantian tahun. "
            "Perayaan berlangsung meriah hingga dini hari.")
    html = page('<figure><img src="/foto/monas.jpg"><figcaption>Monas (Foto: Redaksi)</figcaption></figure>'
                f'<div class="isi"><p>{text}</p></div>', title="Malam Tahun Baru di Monas")
    assert extract_article(html, URL)["content"] == text


def comments(n: int, content_class: str) -> str:
    """A comment thread longer than the article, each comment in an element whose own name
    reads as article text ("comment-content", "comment-body")."""
    one = ("Saya setuju dengan isi berita ini, semoga pemerintah segera turun tangan dan membantu "
           "para pedagang yang kehilangan tempat usaha mereka akibat kebakaran.")
    return "".join(f'<div class="comment"><div class="{content_class}"><p>{one}</p><p>{one}</p></div></div>'
                   for _ in range(n))


@pytest.mark.parametrize("thread", [
    '<div id="comments"><div class="comment first">{}</div></div>',
    '<div class="comments-area post-comments" id="comments"><div class="comment-list">{}</div></div>',
])
def test_comment_thread_longer_than_the_article_is_not_the_body(thread):
    html = page(f'<div class="isi"><p>{P1}</p><p>{P2}</p></div>'
                + thread.format(comments(6, "comment-content")))
    assert extract_article(html, URL)["content"] == f"{P1}\n\n{P2}"


@pytest.mark.parametrize("box", [
    '<div class="cli-modal" id="cliSettingsPopup"><div class="cli-modal-body">{}</div></div>',
    '<div role="dialog" aria-modal="true"><div class="content">{}</div></div>',
    '<div id="cookie-law-info"><div class="entry-content">{}</div></div>',
])
def test_cookie_or_consent_dialog_longer_than_the_article_is_not_the_body(box):
    notice = ("Situs ini menggunakan cookie untuk meningkatkan pengalaman Anda saat menjelajah. "
              "Cookie yang tergolong perlu disimpan di peramban Anda karena penting bagi fungsi dasar situs. ")
    html = page(f'<div class="isi"><p>{P1}</p></div>' + box.format(f"<h4>Ringkasan Privasi</h4><p>{notice * 4}</p>"))
    assert extract_article(html, URL)["content"] == P1


def test_whole_page_wrapped_in_an_element_named_popup_keeps_its_body():
    html = page(f'<div class="isi"><p>{P1}</p><p>{P2}</p><p>{P3}</p></div>').replace(
        "<body>", '<body><div class="popup-container">').replace("</body>", "</div></body>")
    html = html.replace('<div class="popup-container">', '<p>Kontak redaksi.</p><div class="popup-container">')
    assert extract_article(html, URL)["content"] == f"{P1}\n\n{P2}\n\n{P3}"


def test_whole_page_inside_one_form_keeps_its_body():
    # ASP.NET WebForms wraps the page, article included, in <form method="post">.
    html = page(f'<div class="isi"><p>{P1}</p><p>{P2}</p></div>').replace("<body>", '<body><form method="post">')
    html = html.replace("</body>", "</form></body>")
    assert extract_article(html, URL)["content"] == f"{P1}\n\n{P2}"


def test_newsletter_form_inside_the_body_container_is_not_content():
    form = ('<form action="/langganan"><h3>Langganan buletin kami</h3><p>Dapatkan rangkuman berita setiap pagi '
            'langsung di kotak masuk Anda, gratis, tanpa iklan.</p><input name="email"></form>')
    html = page(f'<div class="isi"><p>{P1}</p>{form}<p>{P2}</p></div>')
    assert extract_article(html, URL)["content"] == f"{P1}\n\n{P2}"


@pytest.mark.parametrize("hiding", ["hidden", "d-none", "sr-only", "screen-reader-text"])
def test_box_hidden_by_a_framework_class_is_not_read_even_inside_the_article(hiding):
    # Postmedia's sign-in prompt: <div class="article-block article-content__sign-in-group hidden">.
    prompt = "Buat akun atau masuk untuk melanjutkan membaca. Dukung jurnalisme lokal dengan berlangganan hari ini."
    html = page(f'<div class="isi"><p>{P1}</p><div class="article-content__sign-in-group {hiding}"><p>{prompt}</p>'
                f'</div><p>{P2}</p></div>')
    assert extract_article(html, URL)["content"] == f"{P1}\n\n{P2}"


@pytest.mark.parametrize("wrapper", ["body", "main"])
def test_hiding_class_on_the_page_body_or_main_is_a_pre_render_state(wrapper):
    html = page(f'<div class="isi"><p>{P1}</p><p>{P2}</p></div>').replace(f"<{wrapper}>", f'<{wrapper} class="hidden">')
    assert extract_article(html, URL)["content"] == f"{P1}\n\n{P2}"


def test_controls_made_of_divs_and_offscreen_labels_are_not_read():
    # SRF: <div class="expandable-box__header" role="button"><span class="h-offscreen">Box aufklappen</span>.
    control = '<div class="box__header" role="button"><span>Kotak dibuka</span> <span>Kotak ditutup</span></div>'
    offscreen = '<span class="h-offscreen">Bagikan artikel ini lewat surel kepada teman Anda.</span>'
    html = page(f'<div class="isi"><p>{P1}</p>{control}<p>{P2}{offscreen}</p></div>')
    assert extract_article(html, URL)["content"] == f"{P1}\n\n{P2}"


def test_responsive_hiding_class_keeps_the_text():
    # "hidden-md-down" hides on small screens only: a reader on a large one sees it.
    html = page(f'<div class="isi"><p>{P1}</p><p class="hidden-md-down">{P2}</p></div>')
    assert extract_article(html, URL)["content"] == f"{P1}\n\n{P2}"


def test_body_split_into_sibling_parts_around_link_lists_is_read_whole():
    # Postmedia: the story in several <section class="...content-group"> with link lists between.
    part = '<section class="content-group">{}</section>'
    html = page(part.format(f"<p>{P1}</p><p>{P2}</p>") + LINK_LIST + part.format(f"<p>{P3}</p>") + LINK_LIST
                + part.format(f"<p>{P1[::-1]}</p>"))
    assert extract_article(html, URL)["content"] == f"{P1}\n\n{P2}\n\n{P3}\n\n{P1[::-1]}"


def test_line_beside_the_body_container_is_left_out_when_the_container_holds_nearly_all():
    # Spiegel's audio player label, a "listen" prompt: prose, but outside the body's own element.
    html = page(f'<div class="isi"><p>{P1}</p><p>{P2}</p><p>{P3}</p></div>'
                '<p class="player">Dengarkan artikel ini dalam versi audio.</p>')
    assert extract_article(html, URL)["content"] == f"{P1}\n\n{P2}\n\n{P3}"


def test_standfirst_before_the_body_container_is_kept_when_the_container_holds_nearly_all():
    lead = "Api melalap ratusan kios dalam semalam; pedagang kini menunggu kepastian soal tempat berjualan sementara."
    html = page(f'<p class="standfirst">{lead}</p><div class="isi"><p>{P1 * 3}</p><p>{P2 * 3}</p><p>{P3 * 3}</p></div>')
    assert extract_article(html, URL)["content"] == f"{lead}\n\n{P1 * 3}\n\n{P2 * 3}\n\n{P3 * 3}"


def test_list_of_teaser_cards_after_the_article_is_not_content():
    # twincities.com: <li><article class="more-posts-view"><div class="article-info"><div class="excerpt">.
    card = ('<li><article class="more-posts-view"><div class="article-info"><h4><a href="/berita/{n}">Judul lain {n}</a>'
            '</h4><time>16 November 2024</time><div class="excerpt">{text}</div></div></article></li>')
    cards = "".join(card.format(n=n, text=P3 if n % 2 else P2[::-1]) for n in range(6))
    html = page(f'<div class="isi"><p>{P1}</p><p>{P2}</p></div>').replace("</article></main>",
                                                                         f"</article><ul>{cards}</ul></main>")
    assert extract_article(html, URL)["content"] == f"{P1}\n\n{P2}"


@pytest.mark.parametrize("lead", ['<div class="header-teaser">{}</div>', '<p class="singleHeader-excerpt">{}</p>'])
def test_a_single_teaser_or_excerpt_above_the_body_is_its_lead(lead):
    # FAZ's header teaser, Klasse gegen Klasse's header excerpt: the article's own standfirst.
    text = "Api melalap ratusan kios dalam semalam; pedagang kini menunggu kepastian soal tempat berjualan sementara."
    html = page(f'<header>{lead.format(text)}<div class="byline">Redaksi</div></header>'
                f'<div class="isi"><p>{P1}</p><p>{P2}</p></div>')
    assert extract_article(html, URL)["content"] == f"{text}\n\n{P1}\n\n{P2}"


def test_post_embedded_in_the_article_is_content_but_its_consent_placeholder_is_not():
    # nj.com: <div class="social-media-embed"><blockquote class="twitter-tweet">; Zeit Online's
    # blocked embed: <div class="embed-wrapper embed-wrapper--blocked js-embed-consent">.
    tweet = "Api sudah padam, semua pedagang selamat. Terima kasih petugas pemadam kebakaran!"
    embed = f'<div class="social-media-embed"><blockquote class="twitter-tweet"><p>{tweet}</p></blockquote></div>'
    consent = ('<div class="embed-wrapper embed-wrapper--blocked js-embed-consent"><p>Di sini ada konten eksternal yang '
               'melengkapi artikel. Saya setuju konten eksternal ditampilkan kepada saya.</p></div>')
    html = page(f'<div class="isi"><p>{P1}</p>{embed}<p>{P2}</p>{consent}<p>{P3}</p></div>')
    assert extract_article(html, URL)["content"] == f"{P1}\n\n{tweet}\n\n{P2}\n\n{P3}"


def test_noise_named_in_camel_case_is_noise():
    # CNBC's <div class="InlineImage-imageEmbedCaption">, a related box named "relatedLinks".
    caption = "Petugas memadamkan api di Pasar Senen, Selasa malam. Redaksi | Antara"
    related = "Kebakaran serupa pernah terjadi di pasar yang sama dua tahun lalu dan menghanguskan ratusan kios."
    html = page(f'<div class="isi"><p>{P1}</p><div class="InlineImage-imageEmbedCaption">{caption}</div>'
                f'<p>{P2}</p><div class="relatedLinks"><p>{related}</p></div><p>{P3}</p></div>')
    assert extract_article(html, URL)["content"] == f"{P1}\n\n{P2}\n\n{P3}"


def test_articles_nested_in_the_article_are_related_items_not_content():
    # mensagensreflexao.com.br: each related post an <article class="post"> inside the post's own.
    other = ("Pedagang di pasar lain juga diminta memeriksa instalasi listrik kios mereka agar kejadian serupa "
             "tidak terulang, kata kepala dinas pasar dalam keterangan tertulis.")
    related = "".join(f'<article class="post"><h3><a href="/lain/{n}">Berita lain {n}</a></h3><p>{other}</p></article>'
                      for n in range(5))
    html = page(f'<div class="isi"><p>{P1}</p><p>{P2}</p></div>{related}')
    assert extract_article(html, URL)["content"] == f"{P1}\n\n{P2}"


def test_list_items_headed_by_a_link_are_teaser_cards_not_content():
    # Washington Examiner: <li><div class="HeroTextBelow"><h5><a>title</a></h5>...<div>summary</div></li>,
    # the summaries together prose enough to outweigh the article when counted.
    card = ('<li class="item"><a href="/lain/{n}"><img src="/foto/{n}.jpg"></a><h5><a href="/lain/{n}">Judul berita '
            'lain nomor {n}</a></h5><div class="date">Rabu, 20 November 2019</div><div class="summary">{text}</div></li>')
    cards = "<ul>" + "".join(card.format(n=n, text=P3) for n in range(8)) + "</ul>"
    html = page(f'<div class="isi"><p>{P1}</p><p>{P2}</p></div>').replace("</main>", f"</main><div>{cards}</div>")
    assert extract_article(html, URL)["content"] == f"{P1}\n\n{P2}"


def test_list_items_in_the_body_stay_content():
    items = "".join(f"<li>{text}</li>" for text in (P2, P3))
    html = page(f'<div class="isi"><p>{P1}</p><ul>{items}</ul></div>')
    assert extract_article(html, URL)["content"] == f"{P1}\n\n{P2}\n\n{P3}"


def test_react_streamed_segment_is_read_but_a_hidden_box_is_not():
    # aa.com.tr (Next.js): the article arrives as <div hidden id="S:1a">, moved into place by a script.
    html = page(f'<div hidden id="S:1a"><div class="isi"><p>{P1}</p><p>{P2}</p>'
                f'<div hidden id="promo"><p>{P3}</p></div></div></div>')
    assert extract_article(html, URL)["content"] == f"{P1}\n\n{P2}"


def test_body_split_into_cousin_parts_with_a_sidebar_between_is_read_whole():
    # Politico Europe: div.grid > [div.grid__container > div.article__content], a sidebar of links, ...
    links = f'<div class="grid__sidebar">{LINK_LIST}</div>'
    part = '<div class="grid__container"><div class="article__content">{}</div></div>'
    html = page('<div class="grid">' + part.format(f"<p>{P1}</p><p>{P2}</p>") + links + part.format(f"<p>{P3}</p>")
                + "</div>")
    assert extract_article(html, URL)["content"] == f"{P1}\n\n{P2}\n\n{P3}"


def test_body_split_into_wrapped_widgets_is_read_whole():
    # TimesLive: div.article-widget-text > div.wrap > div.text, image widgets and link lists between.
    widget = '<div class="article-widget article-widget-text"><div class="wrap"><div class="text">{}</div></div></div>'
    html = page(widget.format(f"<p>{P1}</p><p>{P2}</p>") + LINK_LIST + widget.format(f"<p>{P3}</p>"))
    assert extract_article(html, URL)["content"] == f"{P1}\n\n{P2}\n\n{P3}"


def test_the_next_story_appended_under_the_article_is_not_content():
    # Dagbladet: <main><article>the story</article><div class="under-article"><article>the next one</article>.
    nxt = "Cerita berikutnya: banjir merendam ratusan rumah warga di tepi sungai setelah hujan deras semalam."
    html = (page("")
            .replace("</article></main>", f'<div class="isi"><p>{P1}</p><p>{P2}</p><p>{P3}</p></div></article>'
                     f'<div class="under-article"><article><h1>Banjir</h1><div class="isi"><p>{nxt}</p>'
                     f'<p>{nxt}</p></div></article></div></main>'))
    assert extract_article(html, URL)["content"] == f"{P1}\n\n{P2}\n\n{P3}"


def test_teaser_articles_beside_a_body_that_is_no_article_do_not_replace_it():
    teaser = ("Pedagang di pasar lain juga diminta memeriksa instalasi listrik kios mereka agar kejadian serupa "
              "tidak terulang, kata kepala dinas pasar dalam keterangan tertulis kepada wartawan.")
    teasers = "".join(f'<article class="list"><h3>Berita {n}</h3><p>{teaser} {teaser} {teaser}</p></article>' for n in range(3))
    body = "".join(f"<p>{text}</p>" for text in (P1, P2, P3, P1[::-1], P2[::-1], P3[::-1]))
    html = (f'<html><head><title>{TITLE}</title></head><body><main><h1>{TITLE}</h1><div class="isi">{body}</div>'
            f'{teasers}</main></body></html>')
    assert extract_article(html, URL)["content"].startswith(f"{P1}\n\n{P2}")


@pytest.mark.parametrize("as_bytes", [False, True])
def test_comments_and_processing_instructions_are_no_text(as_bytes):
    html = page(f'<div class="isi"><p>{P1[:40]}<!-- iklan: slot 3 -->{P1[40:]}</p><?php echo $iklan; ?><p>{P2}</p></div>')
    assert extract_article(html.encode() if as_bytes else html, URL)["content"] == f"{P1}\n\n{P2}"


@pytest.mark.parametrize("label", ["Lesen Sie auch", "Mehr zum Thema:", "Czytaj także", "Read more", "Publicidad", "REKLAM"])
def test_a_paragraph_that_is_only_a_related_box_or_ad_label_is_dropped(label):
    kept = "Read more about the fire in the official report published on Wednesday."
    html = page(f'<div class="isi"><p>{P1}</p><p>{label}</p><p>{P2}</p><p>{kept}</p></div>')
    assert extract_article(html, URL)["content"] == f"{P1}\n\n{P2}\n\n{kept}"


def test_photo_carousel_captions_inside_the_body_are_not_content():
    # AP News: <bsp-carousel class="Carousel"><div class="CarouselSlide">... "1 of 12 |" and a caption.
    slide = ('<div class="CarouselSlide"><span class="CarouselSlide-slideCount">{n} of 3 |</span>'
             '<div class="CarouselSlide-info-content"><p>Petugas pemadam kebakaran berjaga di depan pasar yang '
             'terbakar pada Rabu pagi, sementara para pedagang menunggu izin masuk.</p></div></div>')
    carousel = '<div class="Carousel">' + "".join(slide.format(n=n) for n in (1, 2, 3)) + "</div>"
    paragraphs = (P1, P2, P3, P1[::-1], P2[::-1], P3[::-1])
    html = page(f'<div class="isi"><p>{P1}</p>{carousel}' + "".join(f"<p>{t}</p>" for t in paragraphs[1:]) + "</div>")
    assert extract_article(html, URL)["content"] == "\n\n".join(paragraphs)


def test_short_article_with_a_gallery_as_long_inside_its_container_keeps_its_body():
    caption = ("Petugas pemadam kebakaran berjaga di depan pasar yang terbakar pada Rabu pagi, sementara para "
               "pedagang menunggu izin masuk.")
    gallery = '<div class="gallery">' + "".join(f"<p>{caption}</p>" for _ in range(3)) + "</div>"
    html = page(f'<div class="isi"><p>{P1}</p>{gallery}<p>{P2}</p><p>{P3}</p></div>')
    assert extract_article(html, URL)["content"] == f"{P1}\n\n{P2}\n\n{P3}"


def test_page_wrapped_in_an_element_named_as_noise_keeps_its_body():
    # Themes wrap the whole page in <div class="has-sidebar"> (the "sidebar" token marks noise).
    html = page(f'<div class="isi"><p>{P1}</p><p>{P2}</p></div>').replace(
        "<main>", '<div class="layout has-sidebar"><main>').replace("</main>", "</main></div>")
    html = html.replace("<footer>", "<footer><p>Redaksi menerima tulisan dari pembaca.</p>")
    assert extract_article(html, URL)["content"] == f"{P1}\n\n{P2}"


def test_short_opening_sentences_in_cjk_script_are_body_not_a_byline():
    # lhpat-tm.com: paragraphs of 25-80 characters ending in "。", under the byline length.
    first, second = "報道によると、今回販売されたのは、いわゆる「脱獄」したiPhone。", "もちろん、Apple社は「脱獄」を認めていません。"
    long = "商標には、同じ商標が付された商品は同じ提供元のものであるという、商品の出所を表示する機能があります。" * 2
    html = page(f'<div class="isi"><p>{first}</p><p>{second}</p><p>{long}</p></div>')
    assert extract_article(html, URL)["content"] == f"{first}\n\n{second}\n\n{long}"


def test_a_container_of_only_a_date_line_is_no_body():
    html = page('<div class="createdAt">Jumat, 27 November 2026 - 15:05 WIB</div>')
    fields, report = extract_with_report(html, URL)
    assert fields["content"] is None
    assert "no_body" in report.problems


@pytest.mark.parametrize(("meta", "visible", "expected", "layer"), [
    # merdeka's "-07:00" on WIB wall-clock time: the visible line's offset wins.
    ("2021-06-16T13:00:00-07:00", "Rabu, 16 Juni 2021 13:00 WIB", "2021-06-16T13:00:00+07:00", "meta+visible_offset"),
    # A true UTC instant: the same instant, in the page's own offset.
    ("2024-07-24T03:15:00Z", "24 Juli 2024 10:15 WIB", "2024-07-24T10:15:00+07:00", "meta+visible_offset"),
    # Wall clocks 5 h apart: neither the same instant nor a false offset; the meta is kept.
    ("2024-07-24T03:15:00Z", "24 Juli 2024 08:15 WIB", "2024-07-24T03:15:00+00:00", "meta"),
])
def test_structured_offset_is_checked_against_visible_date_line(meta, visible, expected, layer):
    html = page(f'<div class="date">{visible}</div><div class="detail-content"><p>{P1}</p><p>{P2}</p></div>',
                head=published_meta(meta))
    fields, report = extract_with_report(html, URL)
    assert fields["published_at"] == expected
    assert fields["published_at_raw"] == meta
    assert report.layers["published_at"] == layer


@pytest.mark.parametrize(("published", "modified", "visible", "expected"), [
    # A true UTC instant: the modification is converted too (05:40 UTC is 12:40 WIB), not
    # relabelled as 05:40 WIB.
    ("2024-07-24T03:15:00Z", "2024-07-24T05:40:00Z", "24 Juli 2024 10:15 WIB", "2024-07-24T12:40:00+07:00"),
    # The same false offset on both: the modification keeps its wall clock.
    ("2021-06-16T13:00:00-07:00", "2021-06-16T15:30:00-07:00", "Rabu, 16 Juni 2021 13:00 WIB",
     "2021-06-16T15:30:00+07:00"),
])
def test_modified_date_is_corrected_as_the_published_date_was(published, modified, visible, expected):
    head = published_meta(published) + f'<meta property="article:modified_time" content="{modified}">'
    html = page(f'<div class="date">{visible}</div><div class="detail-content"><p>{P1}</p><p>{P2}</p></div>', head=head)
    fields = extract_article(html, URL)
    assert fields["updated_at"] == expected
    assert fields["updated_at_raw"] == modified


def test_visible_date_line_with_bar_and_wib_is_the_published_date():
    visible = "Selasa, 16 Februari 2016 | 14:38 WIB"
    html = page(f'<div class="date">{visible}</div><div class="detail-content"><p>{P1}</p><p>{P2}</p></div>')
    fields, report = extract_with_report(html, URL)
    assert fields["published_at"] == "2016-02-16T14:38:00+07:00"
    assert fields["published_at_raw"] == visible
    assert report.layers["published_at"] == "generic"


@pytest.mark.parametrize(("decorated", "url"), [
    ("KapanLagi.com: Judul Berita", "https://www.kapanlagi.com/showbiz/judul-berita.html"),
    ("Judul Berita - Kompas.com", "https://nasional.kompas.com/read/2024/05/01/judul-berita"),
    ("Judul Berita | Contoh.co.id", URL),
])
@pytest.mark.parametrize("where", ["og:title", "<title>"])
def test_brand_prefix_or_suffix_is_cut_on_unregistered_host(decorated, url, where):
    og = f'<meta property="og:title" content="{decorated}">' if where == "og:title" else ""
    html = (f"<html><head><title>{decorated}</title>{og}</head><body>"
            f'<div class="isi"><p>{P1}</p><p>{P2}</p></div></body></html>')
    fields, report = extract_with_report(html, url)
    assert fields["title"] == "Judul Berita"
    assert report.layers["title"] == ("meta" if where == "og:title" else "generic")


def test_kicker_before_the_headline_is_left_out_when_the_og_title_has_the_headline_alone():
    # n-tv / Tages-Anzeiger: the JSON-LD headline carries the kicker, og:title the headline alone.
    jsonld = ('<script type="application/ld+json">{"@type": "NewsArticle", '
              f'"headline": "Pasar Tradisional: {TITLE}"}}</script>')
    html = page(f'<div class="isi"><p>{P1}</p><p>{P2}</p></div>',
                head=f'<meta property="og:title" content="{TITLE}">{jsonld}', title=f"Pasar Tradisional: {TITLE}")
    fields, report = extract_with_report(html, URL)
    assert (fields["title"], report.layers["title"]) == (TITLE, "meta")


def _noncharacter_page() -> str:
    return page(f'<div class="detail-content"><p>{P1}</p>\ufffe<script>var x = 1;</script><p>{P2}</p>'
                f'\uffff<div class="share"><a href="/bagikan">Bagikan</a></div><p>{P3}</p></div>')


@pytest.mark.parametrize("as_bytes", [False, True], ids=["str", "bytes"])
def test_noncharacters_before_skipped_elements_do_not_raise(as_bytes):
    html = _noncharacter_page()
    fields = extract_article(html.encode("utf-8") if as_bytes else html, URL)
    assert P1 in fields["content"] and P2 in fields["content"] and P3 in fields["content"]


@pytest.mark.parametrize("as_bytes", [False, True], ids=["str", "bytes"])
def test_noncharacters_before_skipped_elements_stay_out_of_content(as_bytes):
    """A lone U+FFFE / U+FFFF left as loose text between paragraphs is no paragraph."""
    html = _noncharacter_page()
    fields = extract_article(html.encode("utf-8") if as_bytes else html, URL)
    assert fields["content"] == f"{P1}\n\n{P2}\n\n{P3}"


def test_ten_megabyte_page_with_huge_sidebar_keeps_the_article():
    links = "".join(f'<li><a href="/berita/{i}">Judul berita terkait nomor {i} yang menarik</a></li>'
                    for i in range(130_000))
    html = page(f'<div class="detail-content"><p>{P1}</p><p>{P2}</p></div><aside><ul>{links}</ul></aside>')
    assert len(html) > 10_000_000
    fields, report = extract_with_report(html, URL)
    assert fields["content"] == f"{P1}\n\n{P2}"
    assert report.problems == []


def test_read_next_and_caption_in_body_are_read_but_not_content():
    image = "https://berita.contoh.co.id/foto/pasar.jpg"
    caption = "Petugas memadamkan api di Pasar Senen. (Foto: Redaksi)"
    read_next = "https://berita.contoh.co.id/2024/05/02/pedagang-direlokasi"
    html = page(
        f'<div class="detail-content"><figure><img src="{image}"><figcaption>{caption}</figcaption></figure>'
        f'<p>{P1}</p><div class="baca-juga"><a href="/2024/05/01/lain">Baca juga: Kebakaran lain di Jakarta</a></div>'
        f'<p>{P2}</p><p><a href="{read_next}">Read Next: Pedagang Pasar Senen direlokasi</a></p><p>{P3}</p></div>',
        head=f'<meta property="og:image" content="{image}">',
    )
    fields = extract_article(html, URL)
    assert fields["image_caption"] == caption
    assert fields["read_next_url"] == read_next
    assert fields["content"] == f"{P1}\n\n{P2}\n\n{P3}"


# ---------------------------------------------------------------- property: any body layout

_WORDS = """warga kota jalan pasar harga beras naik turun pemerintah daerah sekolah guru murid hujan
banjir sungai rumah sakit dokter petani panen padi kereta stasiun bandara kapal laut pantai gunung
desa kepala rapat anggaran proyek jembatan listrik bersih pagi malam""".split()
_sentence = st.lists(st.sampled_from(_WORDS), min_size=6, max_size=15).map(lambda words: " ".join(words) + ".")
_sentences = st.lists(_sentence, min_size=1, max_size=12, unique=True).filter(
    # "exactly once" is a substring count: no sentence may be the tail of another one.
    lambda ss: not any(a != b and a in b for a in ss for b in ss))
_LAYOUTS = ("p", "br", "li", "h2", "inline")


def _inline(sentence: str, tag: str) -> str:
    """The sentence in a <p> with a one- or two-word inline part (never the whole block)."""
    words = sentence.split(" ")
    middle = len(words) // 2
    opening = {"strong": "<strong>", "em": "<em>", "a": '<a href="https://berita.contoh.co.id/x">'}[tag]
    return (f"<p>{' '.join(words[:middle])} {opening}{' '.join(words[middle:middle + 2])}</{tag}>"
            f"{' ' if words[middle + 2:] else ''}{' '.join(words[middle + 2:])}</p>")


def _block(sentence: str, layout: str, inline_tag: str) -> str:
    if layout == "p":
        return f"<p>{sentence}</p>"
    if layout == "br":
        return f"{sentence}<br>"
    if layout == "li":
        return f"<ul><li>{sentence}</li></ul>"
    if layout == "h2":
        return f"<h2>{sentence}</h2>"
    return _inline(sentence, inline_tag)


@settings(max_examples=100, deadline=None)
@given(data=st.data(), sentences=_sentences)
def test_every_sentence_of_any_body_layout_is_read_once_in_order(data, sentences):
    blocks = [
        _block(s, data.draw(st.sampled_from(_LAYOUTS)), data.draw(st.sampled_from(("strong", "em", "a"))))
        for s in sentences
    ]
    html = page(f'<div class="isi-berita">{"".join(blocks)}</div>', title="Laporan Warga Hari Ini")
    content = extract_article(html, URL)["content"] or ""
    positions = [content.find(s) for s in sentences]
    assert [content.count(s) for s in sentences] == [1] * len(sentences), (sentences, content)
    assert positions == sorted(positions), (sentences, content)


def test_article_inside_an_aside_the_parser_left_open_keeps_its_body():
    # Washington Times: the sidebar's </aside> closes over an unclosed <div>; libxml2 then keeps the
    # aside open and the story after it, <article> included, ends up inside the sidebar.
    sidebar = '<aside class="secondary"><div class="poll"><div class="field">Ikuti jajak pendapat</div></aside>'
    html = page(f'<div class="isi"><p>{P1}</p><p>{P2}</p></div>').replace("<main>", f"{sidebar}<main>")
    assert extract_article(html, URL)["content"] == f"{P1}\n\n{P2}"


def test_teaser_articles_in_a_sidebar_aside_are_not_content():
    teaser = ("Pedagang di pasar lain juga diminta memeriksa instalasi listrik kios mereka agar kejadian serupa "
              "tidak terulang, kata kepala dinas pasar dalam keterangan tertulis kepada wartawan.")
    sidebar = "<aside>" + "".join(f"<article><h3>Berita {n}</h3><p>{teaser} {teaser}</p></article>"
                                  for n in range(4)) + "</aside>"
    html = page(f'<div class="isi"><p>{P1}</p><p>{P2}</p></div>').replace("</main>", f"</main>{sidebar}")
    assert extract_article(html, URL)["content"] == f"{P1}\n\n{P2}"


@pytest.mark.parametrize("credit", ["Bildrechte: dpa-Bildfunk/Thomas Frey", "Foto: ANTARA/Galih Pradipta",
                                    "Image 2 of 5", "© dpa-infocom, dpa:230428-99-483045/5"])
def test_photo_credit_or_copyright_line_inside_the_body_is_not_content(credit):
    html = page(f'<div class="isi"><p>{P1}</p><p>{credit}</p><p>{P2}</p></div>')
    assert extract_article(html, URL)["content"] == f"{P1}\n\n{P2}"


@pytest.mark.parametrize("stamp", ["22.04.2024, 17:26 Uhr", "Zuerst veröffentlicht am 30/04/2024 - 16:17",
                                   "Senin, 12 Mei 2024 10:15 WIB", "23. 12. 2024 13:31",
                                   "Publiziert17. Dezember 2024, 12:17",
                                   "PUBLISHED: 10:48, Tue, Nov 19, 2019 | UPDATED: 11:05, Tue, Nov 19, 2019",
                                   "First Published on Nov 20, 2019 01:38 pm"])
def test_date_and_time_line_inside_the_body_is_not_content(stamp):
    html = page(f'<div class="isi"><p>{P1}</p><p>{stamp}</p><p>{P2}</p></div>')
    assert extract_article(html, URL)["content"] == f"{P1}\n\n{P2}"


@pytest.mark.parametrize("line", ["4:14 p.m.", "— Robert Maguire (@RobertMaguire_) November 18, 2019",
                                  "Selasa, 16 Februari 2016", "Harga naik menjadi 12.99 dolar per 10.15 kilogram.",
                                  "On Tue, Nov 19, 2019 at 10:48 the council voted to close the market."])
def test_a_time_alone_a_post_signature_or_a_date_alone_stays_content(line):
    html = page(f'<div class="isi"><p>{P1}</p><p>{line}</p><p>{P2}</p></div>')
    assert extract_article(html, URL)["content"] == f"{P1}\n\n{line}\n\n{P2}"


PROMO = ("Dapatkan ringkasan berita pilihan redaksi setiap pagi langsung di kotak masuk surel Anda, "
         "gratis dan bisa berhenti kapan saja.")
BIO = ("Rina Wulandari adalah jurnalis yang meliput isu perkotaan dan lingkungan sejak 2015, "
       "sebelumnya bekerja di sejumlah media daerah.")
PROMPT = "Berlangganan untuk melanjutkan membaca artikel ini dan nikmati akses tanpa batas ke semua konten kami."


@pytest.mark.parametrize("box", [
    # Postmedia's sign-up box: "newsletter" and "story" are not read as the article's names.
    f'<section class="newsletter-widget__new-story-page"><p>{PROMO}</p></section>',
    f'<div class="related-news"><p>{PROMO}</p></div>', f'<div class="post-share"><p>{PROMO}</p></div>',
    # CBC: div.authorprofile ("ABOUT THE AUTHOR", a paragraph of biography) inside the story's column.
    f'<div class="authorprofile"><h2>Tentang penulis</h2><p>{BIO}</p></div>',
    f'<section class="author-bio"><h2>Tentang penulis</h2><p>{BIO}</p></section>',
    f'<div class="subscribe-box"><p>{PROMPT}</p></div>',
    # BR24's CSS-modules names: a component named Article... whose own (last) word is caption / part.
    f'<p class="ArticleModuleMediaCollapsibleMetadataBox-module-scss-module__3LyyUq__caption">{PROMO}</p>',
    f'<div class="ArticleModuleHeroSidebarSectionCopyright-module-scss-module__ehXk6G__part"><p>{PROMO}</p></div>',
    f'<div class="articleRelated"><p>{PROMO}</p></div>',
])
def test_box_named_as_noise_inside_the_body_container_is_not_content(box):
    html = page(f'<div class="isi"><p>{P1}</p>{box}<p>{P2}</p></div>')
    assert extract_article(html, URL)["content"] == f"{P1}\n\n{P2}"


@pytest.mark.parametrize("slug", ["zendaya-promoted-dune-part-two-in-london-1", "the-actor-stunned-during-a-photo-shoot-9",
                                  "nav_phishing_masche__0"])
def test_id_that_is_a_slug_of_the_text_is_no_noise_name(slug):
    # Business Insider's slides and Heise's subheadings carry their text as id: "promoted", "photo", "nav" are words of it.
    html = page(f'<div class="isi"><p>{P1}</p><div id="{slug}"><h2>Pasar lama</h2><p>{P2}</p></div><p>{P3}</p></div>')
    assert extract_article(html, URL)["content"] == f"{P1}\n\nPasar lama\n\n{P2}\n\n{P3}"


def test_breaking_news_ticker_longer_than_the_article_is_not_the_body():
    # indiapost.com: div.breaking-news > ul > li (a linked headline and the story's opening), more text than the article.
    opening = ("JAKARTA: Pemerintah provinsi mengumumkan perpanjangan masa tanggap darurat banjir selama "
               "tujuh hari ke depan, kata juru bicara dalam keterangan pers.")
    ticker = ('<div class="breaking-news"><ul>' + "".join(f'<li><a href="/lain/{n}">Berita lain {n}</a> {opening}</li>'
                                                        for n in range(5)) + "</ul></div>")
    html = page(f'<div class="isi"><p>{P1}</p><p>{P2}</p><p>{P3}</p></div>').replace("<main>", f"{ticker}<main>")
    assert extract_article(html, URL)["content"] == f"{P1}\n\n{P2}\n\n{P3}"


def test_article_body_microdata_in_a_hidden_copy_is_not_read():
    # A microdata articleBody the reader never sees (a hidden AMP or print copy) holds no body.
    html = page(f'<div class="isi"><p>{P1}</p><p>{P2}</p></div>'
                f'<div hidden><div itemprop="articleBody"><p>{P3}</p></div></div>')
    item, report = extract_with_report(html, URL)
    assert (item["content"], report.layers["content"]) == (f"{P1}\n\n{P2}", "generic")


def test_story_continued_inside_a_paywall_element_is_read_whole():
    # Barron's: the lead paragraphs, then div.paywall holding the rest of the story (in the HTML for subscribers).
    html = page(f'<div class="isi"><p>{P1}</p><div class="paywall"><p>{P2}</p><p>{P3}</p><p>{P2} {P3}</p></div></div>')
    assert extract_article(html, URL)["content"] == f"{P1}\n\n{P2}\n\n{P3}\n\n{P2} {P3}"


STANDFIRST = ("Ratusan kios hangus dan pedagang kehilangan barang dagangan; polisi masih menyelidiki "
              "penyebab api yang muncul menjelang tengah malam.")


def standfirst_page(description: str, lead: str = STANDFIRST) -> str:
    # Euronews / La Repubblica: the summary in the article's header, the story in a container of its own.
    return page(f'<div class="header"><p class="lead">{lead}</p>{LINK_LIST}</div>'
                f'<div class="isi"><p>{P1}</p><p>{P2}</p><p>{P3}</p></div>',
                head=f'<meta name="description" content="{description}">')


@pytest.mark.parametrize("description", [STANDFIRST, STANDFIRST[:90] + "…", STANDFIRST + " - Kabar Contoh"])
def test_standfirst_above_the_container_that_the_description_names_is_the_first_paragraph(description):
    assert extract_article(standfirst_page(description), URL)["content"] == f"{STANDFIRST}\n\n{P1}\n\n{P2}\n\n{P3}"


def test_standfirst_named_by_the_meta_description_but_not_the_jsonld_one_is_the_first_paragraph():
    # Mallorca Zeitung: the JSON-LD description is another text; the meta description is the standfirst.
    other = "Kebakaran melanda pasar tradisional Senen pada Selasa malam, ratusan kios hangus."
    jsonld = f'<script type="application/ld+json">{{"@type": "NewsArticle", "description": "{other}"}}</script>'
    html = standfirst_page(STANDFIRST).replace("</head>", f"{jsonld}</head>")
    assert extract_article(html, URL)["content"] == f"{STANDFIRST}\n\n{P1}\n\n{P2}\n\n{P3}"


def test_line_above_the_container_that_the_description_does_not_name_is_left_out():
    html = standfirst_page("Kebakaran melanda pasar tradisional Senen pada Selasa malam, ratusan kios hangus terbakar.")
    assert extract_article(html, URL)["content"] == f"{P1}\n\n{P2}\n\n{P3}"


def test_description_that_is_the_first_paragraph_of_the_container_is_not_repeated():
    html = standfirst_page(P1, lead="Baca berita lainnya di kanal kami.")
    assert extract_article(html, URL)["content"] == f"{P1}\n\n{P2}\n\n{P3}"


def test_header_teaser_that_repeats_the_start_of_the_first_paragraph_is_not_added():
    teaser = P1[:70] + "…"
    html = standfirst_page(teaser, lead=teaser)
    assert extract_article(html, URL)["content"] == f"{P1}\n\n{P2}\n\n{P3}"
