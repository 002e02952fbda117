#!/usr/bin/env python3
"""Generate a large iNews-like site for the scale test and the crawl benchmark.

    python scripts/generate_site.py ROOT [--articles 5000] [--seed 0]

Writes the layout ``scripts/fixture_site.py`` serves: ``ROOT/www.inews.id/<path>/index.html``.
Every article is a single page in the current www design (``<article>/all/index.html`` is a
hard link to the same file: the site's "/all" view of a one-page article is that page), 150-250
KB as real pages are (inline CSS and JS, a JSON state blob, card widgets), with a story of its
own: the text comes from a seeded generator (``story_paragraphs``) whose stories share no more
3-word shingles than chance, so none is a near-duplicate of another. Articles are spread over
``DAYS`` days ending on ``UNTIL``; each day has date index pages ``/indeks/news/<DD-MM-YYYY>[/n]``
of ``CARDS_PER_PAGE`` cards, newest first, ending with a page without cards (where the spider
stops). Home, ``/index``, the news channel pages and ``/feed`` list the newest articles.
``ROOT/site.json`` (outside every host folder, so never served) records the arguments and the
crawl window; it is written last, so its presence means the site is complete.

Deterministic (same arguments, same bytes) and fast: about 10 s for 5,000 articles.
The page chrome (head, top bar, navigation, footer, menus, cards) is rendered by the fixture
site's own builder (``tests/fixtures/inews/build.py``), so both follow the same structure facts.
"""
from __future__ import annotations

import argparse
import html
import json
import math
import os
import random
import shutil
import sys
import time
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

ROOT_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT_DIR / "tests" / "fixtures" / "inews"))
import build as fixture  # noqa: E402  (the fixture site's renderer: page chrome and cards)

WWW = "www.inews.id"
WWW_URL = f"https://{WWW}"
UNTIL = date(2026, 11, 28)
DAYS = 5
CARDS_PER_PAGE = 20
SUBS = ("nasional", "internasional", "megapolitan")
SUB_LABELS = {"nasional": "Nasional", "internasional": "Internasional", "megapolitan": "Megapolitan"}
PAGE_BYTES = (150_000, 250_000)
MIN_WORDS = 300
WIB = timezone(timedelta(hours=7))
esc = html.escape

# -- story text -------------------------------------------------------------------------------
# A small grammar over Indonesian word classes: sentences read like news copy, and with a few
# dozen choices per slot (plus numbers) two stories share almost no 3-word shingle, so their
# SimHashes are as far apart as unrelated texts' (about 32 bits; 8 means "same story").
# No word can start a paragraph the boilerplate rules drop (baca, simak, follow, editor, ...).

ACTORS = (
    "warga", "petugas gabungan", "pemerintah daerah", "relawan", "nelayan", "petani", "pedagang pasar",
    "para siswa", "guru honorer", "dokter puskesmas", "perawat", "aparat kepolisian", "prajurit TNI",
    "bupati", "gubernur", "wali kota", "camat", "kepala desa", "menteri", "anggota dewan", "pengusaha lokal",
    "serikat buruh", "mahasiswa", "wisatawan", "pengemudi ojek", "sopir angkutan", "penumpang",
    "atlet muda", "pelatih tim", "suporter", "peneliti kampus", "pengamat kebijakan", "ekonom", "investor",
    "bank daerah", "perusahaan listrik", "koperasi tani", "komunitas pecinta alam", "panitia lomba",
    "tim medis", "tim SAR", "jaksa penuntut", "majelis hakim", "saksi mata", "kuasa hukum",
    "karang taruna", "ibu rumah tangga", "peternak sapi", "pemilik warung", "pengelola pelabuhan",
    "dinas pekerjaan umum", "badan pangan", "balai cuaca", "lembaga zakat", "pegiat lingkungan",
)
ACTIONS = (
    "memeriksa", "membangun", "memperbaiki", "mengunjungi", "meninjau", "menolak", "mendukung", "membahas",
    "mengumumkan", "menyiapkan", "membagikan", "mengirim", "menunda", "membuka", "menutup", "menambah",
    "mengurangi", "mengevaluasi", "melaporkan", "mencatat", "menemukan", "mengamankan", "memantau",
    "menggelar", "menyerahkan", "menerima", "menjual", "membeli", "menanam", "memanen", "merawat",
    "mengangkut", "membayar", "mengajukan", "menyetujui", "merencanakan", "melatih", "mengawasi",
    "membersihkan", "mengukur", "menguji", "mendata", "menghitung", "menata ulang", "merelokasi",
    "mengusulkan", "meresmikan", "menyelidiki", "mempersoalkan", "memperluas", "mengganti", "menimbang",
)
THINGS = (
    "jembatan gantung", "jalan desa", "pasar tradisional", "gedung sekolah", "puskesmas pembantu",
    "bendungan", "saluran irigasi", "dermaga", "terminal bus", "stasiun kereta", "bandara perintis",
    "rumah panggung", "lahan sawah", "kebun kopi", "tambak udang", "hutan bakau", "anggaran daerah",
    "dana bantuan", "harga beras", "stok pupuk", "izin usaha", "data penduduk", "jadwal kereta",
    "rute bus kota", "kapal motor", "tenda pengungsian", "obat generik", "air bersih", "jaringan listrik",
    "menara sinyal", "sampah plastik", "lampu jalan", "trotoar", "taman kota", "stadion mini",
    "lapangan voli", "museum daerah", "situs candi", "kawasan pantai", "tepi danau", "bantaran sungai",
    "jalur pendakian", "gudang logistik", "mesin pompa", "ambulans desa", "perahu karet", "kios pedagang",
    "rumah susun", "pos ronda", "balai warga", "sumur bor", "pabrik tahu", "kandang ayam", "lumbung padi",
    "kurikulum baru", "aplikasi layanan", "kartu bantuan", "tarif parkir", "harga cabai", "minyak goreng",
)
QUALITIES = (
    "baru", "lama", "utama", "darurat", "sementara", "terpadu", "milik swasta", "milik negara", "setempat",
    "tua", "kecil", "besar", "rusak berat", "terbengkalai", "modern", "tradisional", "bersejarah",
    "terdampak banjir", "rawan longsor", "padat penduduk", "terpencil", "di perbatasan", "tambahan",
    "cadangan", "bersubsidi", "gratis", "mahal", "murah", "prioritas", "percontohan", "yang viral",
    "yang dikeluhkan warga", "yang belum rampung", "senilai miliaran rupiah",
)
PLACES = (
    "Bandung", "Surabaya", "Medan", "Makassar", "Denpasar", "Palembang", "Semarang", "Pontianak", "Manado",
    "Ambon", "Jayapura", "Kupang", "Mataram", "Padang", "Pekanbaru", "Jambi", "Bengkulu", "Banda Aceh",
    "Samarinda", "Balikpapan", "Banjarmasin", "Palu", "Kendari", "Gorontalo", "Ternate", "Sorong",
    "Merauke", "Tasikmalaya", "Karawang", "Cirebon", "Garut", "Bogor", "Depok", "Bekasi", "Tangerang",
    "Serang", "Malang", "Kediri", "Jember", "Banyuwangi", "Solo", "Magelang", "Purwokerto", "Tegal",
    "Lampung Selatan", "Bukittinggi", "Sibolga", "Singkawang", "Tarakan", "Bitung", "Labuan Bajo", "Ende",
)
TIMES = (
    "sejak pagi", "pada Senin", "pada Selasa", "pada Rabu", "pada Kamis", "pada Jumat", "pada Sabtu",
    "pada Minggu", "pekan lalu", "bulan depan", "akhir tahun ini", "tahun depan", "kemarin sore",
    "hingga larut malam", "selama tiga hari", "dalam dua pekan", "menjelang Lebaran", "setelah hujan deras",
    "sebelum musim tanam", "saat libur sekolah", "sepanjang tahun", "pada awal bulan", "di tengah pandemi",
    "usai rapat koordinasi", "sebelum tenggat", "dalam waktu dekat", "sejak Oktober", "pada pertengahan Desember",
)
LINKS = (
    "karena", "sehingga", "agar", "meskipun", "setelah", "sebelum", "ketika", "sementara", "sebab",
    "supaya", "walaupun", "hingga", "padahal", "namun",
)
UNITS = (
    "orang", "keluarga", "unit", "ton", "hektare", "kilometer", "titik", "sekolah", "kapal", "desa",
    "paket", "liter", "kios", "rumah", "pasien", "peserta",
)
SAYS = ("kata", "ujar", "jelas", "tutur", "ungkap", "tegas")
FIRST_NAMES = ("Andi", "Budi", "Citra", "Dewi", "Eko", "Fitri", "Gilang", "Hendra", "Indah", "Joko", "Kartika",
               "Lukman", "Maya", "Nanda", "Oki", "Putri", "Rudi", "Sari", "Taufik", "Umar", "Vina", "Wahyu",
               "Yusuf", "Zahra")
LAST_NAMES = ("Saputra", "Wijaya", "Lestari", "Pratama", "Hidayat", "Nugroho", "Siregar", "Harahap", "Simanjuntak",
              "Wibowo", "Kurniawan", "Rahmawati", "Santoso", "Gunawan", "Setiawan", "Pangaribuan", "Matondang",
              "Tanjung", "Sinaga", "Halim")


def _number(rng: random.Random) -> str:
    """Indonesian thousands separator: 12.480."""
    return f"{rng.randint(2, 48_000):,}".replace(",", ".")


def _person(rng: random.Random) -> str:
    return f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"


def _clause(rng: random.Random) -> str:
    return f"{rng.choice(ACTORS)} {rng.choice(ACTIONS)} {rng.choice(THINGS)} {rng.choice(QUALITIES)}"


def _sentence(rng: random.Random) -> str:
    form = rng.randrange(5)
    if form == 0:
        text = f"{_clause(rng)} di {rng.choice(PLACES)} {rng.choice(TIMES)}."
    elif form == 1:
        text = f"{_clause(rng)}, {rng.choice(LINKS)} {_clause(rng)} di {rng.choice(PLACES)}."
    elif form == 2:
        text = (f"{rng.choice(ACTORS)} di {rng.choice(PLACES)} {rng.choice(ACTIONS)} sebanyak {_number(rng)} "
                f"{rng.choice(UNITS)} {rng.choice(THINGS)} {rng.choice(TIMES)}.")
    elif form == 3:
        text = f"Menurut {rng.choice(ACTORS)}, {_clause(rng)} {rng.choice(TIMES)}."
    else:
        text = (f"Kami {rng.choice(ACTIONS)} {rng.choice(THINGS)} {rng.choice(QUALITIES)} {rng.choice(LINKS)} "
                f"{_clause(rng)}, {rng.choice(SAYS)} {_person(rng)} di {rng.choice(PLACES)}.")
    return text[0].upper() + text[1:]


def story_paragraphs(rng: random.Random, min_words: int = MIN_WORDS) -> list[str]:
    """6-10 paragraphs, at least ``min_words`` words in all, every one drawn from ``rng``."""
    count = rng.randint(6, 10)
    quota = math.ceil(min_words / count)
    paragraphs = []
    for _ in range(count):
        sentences: list[str] = []
        target = quota + rng.randint(0, 25)
        while sum(len(s.split()) for s in sentences) < target:
            sentences.append(_sentence(rng))
        paragraphs.append(" ".join(sentences))
    return paragraphs


def headline(rng: random.Random) -> str:
    words = f"{rng.choice(ACTORS)} {rng.choice(ACTIONS)} {rng.choice(THINGS)} di {rng.choice(PLACES)}".split()
    return " ".join(w if w.isupper() or w == "di" else w.capitalize() for w in words)


# -- the site ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Article:
    number: int
    sub: str
    title: str
    published: datetime
    paragraphs: tuple[str, ...]
    author: str
    editor: str
    tags: tuple[str, ...]

    @property
    def path(self) -> str:
        return f"/news/{self.sub}/{fixture.slugify(self.title)}-{self.number}"

    @property
    def url(self) -> str:
        return WWW_URL + self.path

    @property
    def image(self) -> str:
        return f"{fixture.IMG}/822/files/inews_new/{self.published:%Y/%m/%d}/foto_{self.number}.jpg"

    @property
    def description(self) -> str:
        """The lead sentence, as iNews uses it for the meta and JSON-LD description."""
        return self.paragraphs[0].split(". ")[0] + "."

    @property
    def thumb(self) -> str:
        return self.image.replace("/822/", "/600/")

    @property
    def date_line(self) -> str:
        """The visible date line of the current design: "Kamis, 26 November 2026 - 19:20:00 WIB"."""
        d = self.published
        return f"{fixture.DAYS[d.weekday()]}, {d.day:02d} {fixture.MONTHS[d.month - 1]} {d.year} - {d:%H:%M:%S} WIB"


WINDOW = tuple(UNTIL - timedelta(days=DAYS - 1 - n) for n in range(DAYS))
"""The crawl window, oldest day first."""


def make_articles(count: int, seed: int) -> list[Article]:
    """Oldest first: day by day, ``ceil(count / DAYS)`` articles a day spread over its hours."""
    per_day = math.ceil(count / DAYS)
    articles = []
    for n in range(count):
        rng = random.Random(f"{seed}:{n}")  # per article: its text does not depend on ``count``
        day, slot = divmod(n, per_day)
        minute = 5 + slot * (23 * 60 - 10) // per_day
        midnight = datetime.combine(WINDOW[day], datetime.min.time(), WIB)
        published = midnight + timedelta(minutes=minute, seconds=rng.randrange(60))
        tags = tuple(sorted({rng.choice(PLACES), rng.choice(THINGS).title(), rng.choice(ACTORS).title()}))
        articles.append(Article(
            number=n, sub=SUBS[n % len(SUBS)], title=headline(rng), published=published,
            paragraphs=tuple(story_paragraphs(rng)), author=_person(rng), editor=_person(rng), tags=tags,
        ))
    return articles


# Page weight that is the same on every page: the inlined utility stylesheet and ad setup.
def _stylesheet() -> str:
    sizes = range(0, 97)
    props = {"m": "margin", "mt": "margin-top", "mb": "margin-bottom", "ml": "margin-left", "mr": "margin-right",
             "p": "padding", "pt": "padding-top", "pb": "padding-bottom", "pl": "padding-left", "pr": "padding-right",
             "w": "width", "h": "height", "gap": "gap", "top": "top", "left": "left"}
    rules = [f".{short}-{n}{{{prop}:{n / 4:g}rem}}" for short, prop in props.items() for n in sizes]
    rules += [f".text-{n}{{font-size:{n}px;line-height:{n * 1.5:g}px}}" for n in range(10, 49)]
    rules += [f".c-{n:03d}{{color:#{(n * 2654435761) % 0xFFFFFF:06x}}}" for n in range(400)]
    return "<style>" + "".join(rules) + "</style>\n"


def _ad_setup() -> str:
    slots = "".join(
        f"googletag.defineSlot('/21622890900/inews/desktop_slot_{n}', [[300, 250], [336, 280]], 'div-gpt-ad-{n}')"
        f".addService(googletag.pubads()).setTargeting('pos', '{n}');\n" for n in range(60)
    )
    return f"<script>googletag.cmd.push(function () {{\n{slots}}});</script>\n"


HEAVY_HEAD = _stylesheet() + _ad_setup()
CHROME_TOP = fixture.topbar(WWW_URL + "/")
CHROME_BOTTOM = fixture.footer() + fixture.modals()


def _card(a: Article, heading: str = "h4", indent: int = 28) -> str:
    return fixture.raw_card(a.url, a.title, a.thumb, SUB_LABELS[a.sub], heading=heading, indent=indent,
                            post_time=a.date_line)


def _state_entry(a: Article) -> str:
    return json.dumps({"id": 100_000 + a.number, "title": a.title, "url": a.url, "img": a.thumb,
                       "kanal": "news", "subkanal": a.sub, "ts": int(a.published.timestamp())}, ensure_ascii=False)


def _jsonld(a: Article) -> str:
    doc = {
        "@context": "https://schema.org", "@type": "NewsArticle",
        "mainEntityOfPage": {"@type": "WebPage", "@id": a.url},
        "headline": a.title, "description": a.description,
        "datePublished": a.published.isoformat(), "dateModified": a.published.isoformat(),
        "articleSection": "News", "inLanguage": "id-ID",
        "image": {"@type": "ImageObject", "url": a.image, "width": 822, "height": 462},
        "author": {"@type": "Person", "name": a.author}, "keywords": list(a.tags),
        "publisher": {"@type": "Organization", "name": "iNews.id"},
    }
    return f'<script type="application/ld+json">{json.dumps(doc, ensure_ascii=False)}</script>\n'


def _body(a: Article, articles: list[Article]) -> str:
    """The paragraphs with an ad and a "Baca Juga" box among them, then the "Editor:" line:
    what extraction must strip to give back exactly the paragraphs."""
    pad = " " * 24
    blocks = [f"{pad}<p>\n{fixture.wrap(esc(p), 28)}\n{pad}</p>" for p in a.paragraphs]
    other = articles[a.number - 2]  # the first two stories point at the newest ones
    # After the 4th paragraph, then after the 2nd (every story has at least six).
    blocks.insert(4, f'{pad}<article class="bacaJuga"><a href="{other.url}"><img src="{other.thumb}" alt="artikel rekomendasi">'
                     f'<article><div class="bacaJugatitle">Baca Juga</div><div class="bacaJugaExcerpt">{esc(other.title)}</div>'
                     f'</article></a></article>')
    blocks.insert(2, fixture.ad("728x90", indent=24).rstrip("\n"))
    blocks.append(f"{pad}<p>Editor: {esc(a.editor)}</p>")
    return "\n".join(blocks)


def render_article(a: Article, articles: list[Article], state_entries: list[str], size: int) -> str:
    """One article page of about ``size`` characters, in the current www design (§2.1)."""
    prev = articles[a.number - 1] if a.number else None
    neighbours = [articles[(a.number + k) % len(articles)] for k in range(1, 27)]
    read_next = (f'<a href="{prev.url}" class="readNext"><span class="readNextText"> Read Next : {esc(prev.title)}</span></a>'
                 if prev else '<a href="#" class="readNext"><span class="readNextText"> Read Next : Berita Terkini Lainnya</span></a>')
    sub = SUB_LABELS[a.sub]
    head = fixture.head(f"{a.title} - iNews.id", a.description, a.url, a.image, extra=_jsonld(a) + HEAVY_HEAD,
                        og_title=a.title)
    page = (
        head + '\n<body id="detail-article">\n' + CHROME_TOP + fixture.nav("News")
        + f'    <div class="stickyFeature"><div class="container stikyContent">{read_next}</div></div>\n'
        + '    <section class="detailWrapper">\n        <div class="container">\n' + fixture.ad()
        + f"""            <article class="headerArticle">
                <div class="breadcrumb">
                    <a href="{WWW_URL}/news">News</a>
                    <a href="{WWW_URL}/news/{a.sub}">{sub}</a>
                    <span class="lastPage">Detail Berita</span>
                </div>
                <h1 class="headerTitle">{esc(a.title)}</h1>
                <div class="timeAndShare"><div class="createdAt">{a.date_line}</div></div>
{fixture.authors_html({"authors": [a.author]})}                <figure class="headerImg">
                    <img src="{a.image}" alt="{esc(a.title)}" width="1024" height="576" loading="lazy">
                    <figcaption>Ilustrasi. (Foto: iNews/{esc(a.author)})</figcaption>
                </figure>
            </article>
            <section class="mainBody">
                <main class="sideLeft">
                    <article class="bodyArticleWrapper">
{_body(a, articles)}
                    </article>
{fixture.tags_html({"tags": a.tags})}"""
        + fixture.widget_list("Related News", [_card(x) for x in neighbours[:6]], icon="ic-related-news", indent=20)
        + fixture.widget_list("Latest News", [_card(x) for x in neighbours[6:]], section_id="latestNews", indent=20)
        + "                </main>\n                <aside class=\"sideRight\">\n"
        + fixture.widget_list("Popular News", [_card(x, "h5") for x in neighbours[:5]], indent=20)
        + "                </aside>\n            </section>\n        </div>\n    </section>\n"
    )
    tail = CHROME_BOTTOM + "</body>\n</html>\n"
    # The rest of the weight: the page's JSON state (recommendations), as real pages inline it.
    room, entries, n = size - len(page) - len(tail), [], a.number
    while room > 0:
        n = (n + 1) % len(state_entries)
        entries.append(state_entries[n])
        room -= len(state_entries[n]) + 1
    state = f'<script>window.__INITIAL_STATE__ = {{"articles": [{",".join(entries)}]}};</script>\n'
    return page + state + tail


def render_listing(path: str, title: str, cards: list[Article], date_value: str | None = None) -> str:
    """A listing page (home, channel, index) of the current design with ``cards`` in its list."""
    controls = fixture.index_controls(date_value) if date_value else ""
    body = (fixture.widget_list("Latest News", [_card(a, "h3", 24) for a in cards], cls="row", indent=16)
            if cards else '                <p class="emptyIndex">Tidak ada berita.</p>\n')
    return (
        fixture.head(title, "Berita terkini hari ini dari iNews.id.", WWW_URL + path,
                     f"{fixture.IMG}/1200/files/inews_new/2019/08/05/logo_inews.png", og_type="website")
        + '\n<body id="index-page">\n' + CHROME_TOP + fixture.nav("Indeks" if date_value else "News")
        + '    <section class="container">\n        <section class="mainBody">\n            <main class="sideLeft">\n'
        + controls + body + "            </main>\n        </section>\n    </section>\n" + CHROME_BOTTOM
        + "</body>\n</html>\n"
    )


def render_feed(articles: list[Article]) -> str:
    items = "".join(
        f"    <item><title>{esc(a.title, quote=False)}</title><link>{a.url}</link>"
        f'<guid isPermaLink="true">{a.url}</guid><pubDate>{fixture.rfc822(a.published)}</pubDate></item>\n'
        for a in articles
    )
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel><title>iNews.id - Berita Terkini</title>'
            f"<link>{WWW_URL}</link><description>Berita terkini hari ini dari iNews.id</description>\n{items}</channel></rss>\n")


def render_news_sitemap(articles: list[Article]) -> str:
    """A Google News sitemap (the iNews spider reads /sitemap.xml, whatever it turns out to be)."""
    rows = "".join(f"  <url><loc>{a.url}</loc><news:news><news:publication_date>{a.published.isoformat()}"
                   "</news:publication_date></news:news></url>\n" for a in articles)
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
            f'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">\n{rows}</urlset>\n')


def generate(root: Path, articles: int = 5000, seed: int = 0) -> list[Article]:
    """Write the site under ``root``; returns its articles, oldest first. An earlier generated
    site there is replaced; any other non-empty folder is left alone (``FileExistsError``)."""
    if root.exists():
        if any(root.iterdir()) and not (root / "site.json").exists():
            raise FileExistsError(f"{root} is not empty and holds no generated site")
        shutil.rmtree(root)
    site = root / WWW
    stories = make_articles(articles, seed)
    state_entries = [_state_entry(a) for a in stories]
    sizes = random.Random(f"{seed}:sizes")

    def put(path: str, text: str, name: str = "index.html") -> Path:
        folder = site / path.strip("/")
        folder.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")
        return folder / name

    for a in stories:
        page = put(a.path, render_article(a, stories, state_entries, sizes.randint(*PAGE_BYTES)))
        (site / a.path.strip("/") / "all").mkdir()
        os.link(page, site / a.path.strip("/") / "all" / "index.html")
    for day in WINDOW:
        of_day = sorted((a for a in stories if a.published.date() == day), key=lambda a: a.published, reverse=True)
        label = f"{day:%d-%m-%Y}"
        pages = [of_day[k:k + CARDS_PER_PAGE] for k in range(0, len(of_day), CARDS_PER_PAGE)] + [[]]
        for n, cards in enumerate(pages, 1):
            path = f"/indeks/news/{label}" + (f"/{n}" if n > 1 else "")
            put(path, render_listing(path, f"Indeks Berita {label} - iNews.id", cards, date_value=label))
    newest = stories[::-1]
    put("/", render_listing("/", "iNews.id - Berita Terkini Hari Ini", newest[:CARDS_PER_PAGE]))
    put("/index", render_listing("/index", "Indeks Berita - iNews.id", newest[:CARDS_PER_PAGE]))
    put("/news", render_listing("/news", "Berita News Terkini - iNews.id", newest[:CARDS_PER_PAGE]))
    for sub in SUBS:
        cards = [a for a in newest if a.sub == sub][:CARDS_PER_PAGE]
        put(f"/news/{sub}", render_listing(f"/news/{sub}", f"Berita {SUB_LABELS[sub]} Terkini - iNews.id", cards))
    put("/feed", render_feed(newest[:CARDS_PER_PAGE]), "index.xml")
    # The per-kanal feeds and the sitemap the spider reads list the newest too (no more than the
    # feed: the date index must still be what reaches the rest).
    for kanal in ("news", *SUBS):
        cards = [a for a in newest if kanal == "news" or a.sub == kanal][:CARDS_PER_PAGE]
        put(f"/feed/{kanal}", render_feed(cards), "index.xml")
    (site / "sitemap.xml").write_text(render_news_sitemap(newest[:CARDS_PER_PAGE]), encoding="utf-8")
    (site / "robots.txt").write_text(fixture.ROBOTS_WWW, encoding="utf-8")
    record = {"articles": articles, "seed": seed, "since": WINDOW[0].isoformat(), "until": WINDOW[-1].isoformat(),
              "channels": "news"}
    (root / "site.json").write_text(json.dumps(record), encoding="utf-8")
    return stories


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("root", type=Path)
    parser.add_argument("--articles", type=int, default=5000)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    start = time.perf_counter()
    generate(args.root, args.articles, args.seed)
    print(f"{args.articles} articles in {time.perf_counter() - start:.1f} s under {args.root}; crawl with "
          f"-a since={WINDOW[0]} -a until={WINDOW[-1]} -a channels=news")


if __name__ == "__main__":
    main()
