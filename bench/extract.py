"""What ``extract_article`` costs per page, against the floor of a bare lxml parse.

Run: ``.venv/bin/python bench/extract.py`` (``--quick`` for a short, noisier run).

Page sets, all measured in one run, bytes in (as the spider passes ``response.body``):

* fixture pages: every fixture article page that has an ``expected.json`` beside it
  (``index.html``) and its whole-article view (``all/index.html``) when there is one;
* 200 KB page: one fixture article grown to ~200 KB with realistic page weight (inline
  CSS and JS, a JSON state blob, "Terpopuler" / "Berita Terkini" / "Rekomendasi" widgets with
  excerpts, tracking pixels); built deterministically (fixed seed, no clock);
* the same two sets with every class the iNews site selectors use renamed, so the body (and
  every other layout field) comes from the generic layer: the fallback's cost shown apart;
* floor: ``lxml.html.fromstring`` of the same bytes;
* 10 MB page: one fixture article with ~105,000 extra body paragraphs (the size test's page),
  timed alone: median CPU and wall time of a few extractions, target under 1 s.

Samples are taken in rounds over each set with extraction and the floor interleaved, so
the noise of a shared machine hits both alike; median and p95 are over all samples (one
sample = one page extracted once). Also printed: which layer found the body and whether
the content equals the fixture's expected content (the cheap path must also be right).
Target (not asserted): median ≤ 3 ms per page on iNews article pages when the structured
or site layers suffice.
"""
from __future__ import annotations

import gc
import json
import random
import re
import statistics
import sys
import time
from collections import Counter
from dataclasses import fields as dataclass_fields
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # runnable from a plain checkout

import lxml.html  # noqa: E402

from newscrawler.extraction import extract_article, extract_with_report  # noqa: E402
from newscrawler.portals.inews import INEWS_2024  # noqa: E402

SELECTORS = INEWS_2024.selectors

SITE = ROOT / "tests" / "fixtures" / "inews" / "site"
BASE_ARTICLE = SITE / "www.inews.id" / "news/internasional/pbb-gelar-konferensi-iklim-darurat-negara-pulau-pasifik-desak-pendanaan-adaptasi"
TARGET_BYTES = 200_000
SEED = 20261129
TARGET_MS = 3.0

SITE_CLASSES = frozenset(
    {name for spec in dataclass_fields(SELECTORS) if spec.type != "bool" for css in getattr(SELECTORS, spec.name)
     for name in re.findall(r"\.([A-Za-z_][\w-]*)", css)}
    | {"headerTitle", "createdAt", "timeAndShare", "authorList", "author", "breadcrumb", "tagList", "tags",
       "headerImg", "bodyArticleWrapper", "bodyArticle", "readNext", "paginationContent", "pageList"}
)
_CLASS_ATTR = re.compile(r"""(\bclass\s*=\s*)(["'])(.*?)\2""", re.DOTALL)


class Page:
    def __init__(self, name: str, url: str, html: bytes, expected_content: str | None):
        self.name, self.url, self.html, self.expected_content = name, url, html, expected_content


def rename_site_classes(html: bytes) -> bytes:
    def rename(match: re.Match) -> str:
        tokens = [f"x{t}Renamed" if t in SITE_CLASSES else t for t in match[3].split()]
        return f"{match[1]}{match[2]}{' '.join(tokens)}{match[2]}"
    return _CLASS_ATTR.sub(rename, html.decode("utf-8")).encode("utf-8")


def fixture_pages() -> list[Page]:
    pages = []
    for expected_path in sorted(SITE.rglob("expected.json")):
        folder = expected_path.parent
        expected = json.loads(expected_path.read_text(encoding="utf-8"))
        url = "https://" + folder.relative_to(SITE).as_posix()
        multi_page = any(p.is_dir() and p.name.isdigit() for p in folder.iterdir())
        # Page 1 of a multi-page article holds only part of the body: no content check.
        pages.append(Page(folder.name, url, (folder / "index.html").read_bytes(),
                          None if multi_page else expected["content"]))
        if (folder / "all" / "index.html").exists():
            pages.append(Page(folder.name + "/all", url + "/all", (folder / "all" / "index.html").read_bytes(),
                              expected["content"]))
    return pages


# The 200 KB page --------------------------------------------------------------------------------

WORDS = (
    "pemerintah warga kota jakarta banjir harga beras naik turun presiden menteri daerah rapat "
    "kebijakan ekonomi pasar saham rupiah dolar sekolah siswa guru rumah sakit pasien dokter jalan "
    "tol kereta bandara penumpang libur akhir tahun natal festival budaya wisata pantai gunung "
    "erupsi gempa cuaca hujan bmkg polisi kasus sidang hakim jaksa partai pemilu kampanye timnas "
    "liga klub pelatih pemain gol juara final turnamen atlet rekor dunia teknologi aplikasi digital"
).split()


def _sentence(rnd: random.Random, low: int, high: int) -> str:
    words = [rnd.choice(WORDS) for _ in range(rnd.randint(low, high))]
    return " ".join(words).capitalize()


def _card(rnd: random.Random, n: int, excerpt: bool) -> str:
    title = _sentence(rnd, 8, 14)
    slug = "-".join(title.lower().split()[:8])
    body = f'<p class="cardExcerpt">{_sentence(rnd, 18, 30)}.</p>' if excerpt else ""
    return (
        f'<article class="cardArticle"><a href="https://www.inews.id/news/nasional/{slug}-{n}">'
        f'<figure class="cardImg"><img class="thumbCard" src="https://img.inews.co.id/media/600/files/'
        f'inews_new/2026/11/{10 + n % 18}/foto_{n}.jpg" alt="{title}" width="213" height="143" loading="lazy">'
        f'</figure><div class="cardBody"><div class="kanalAndTime"><div class="kanal">News</div>'
        f'<div class="postTime">{1 + n % 23} jam lalu</div></div><h4 class="cardTitle">{title}</h4>{body}</div></a>'
        f"</article>\n"
    )


def _widget(rnd: random.Random, title: str, start: int, count: int, excerpt: bool) -> str:
    cards = "".join(_card(rnd, start + i, excerpt) for i in range(count))
    return (f'<section class="widgetListArticle row"><div class="widgetListArticle__header"><h3>{title}</h3></div>'
            f'<div class="widgetListArticle__body">{cards}</div></section>\n')


def _style(rnd: random.Random, rules: int) -> str:
    lines = []
    for i in range(rules):
        sel = rnd.choice([".cardArticle", ".widgetListArticle", ".navLink", ".headerTitle", ".bodyArticleWrapper p",
                          "#latestNews .cardTitle", ".stickyFeature", ".adsPlacement"])
        lines.append(f"{sel}:nth-child({i}) {{ margin: {i % 9}px {i % 13}px; color: #{rnd.randrange(16**6):06x}; "
                     f"font-size: {12 + i % 8}px; line-height: 1.{i % 9}; }}")
    return "<style>\n" + "\n".join(lines) + "\n</style>\n"


def _scripts(rnd: random.Random, articles: int) -> str:
    state = {"page": {"type": "article", "kanal": "news", "subkanal": "internasional"},
             "articles": [{"id": 100000 + i, "title": _sentence(rnd, 8, 14), "img": f"/media/600/{i}.jpg",
                           "url": f"https://www.inews.id/news/{i}", "ts": 1795000000 + i * 97} for i in range(articles)]}
    gtm = ("(function(w,d,s,l,i){w[l]=w[l]||[];w[l].push({'gtm.start':new Date().getTime(),event:'gtm.js'});"
           "var f=d.getElementsByTagName(s)[0],j=d.createElement(s),dl=l!='dataLayer'?'&l='+l:'';j.async=true;"
           "j.src='https://www.googletagmanager.com/gtm.js?id='+i+dl;f.parentNode.insertBefore(j,f);})"
           "(window,document,'script','dataLayer','GTM-XXXXXX');")
    ads = "\n".join(
        f"googletag.defineSlot('/21622890900/inews/slot_{i}', [[300, 250], [336, 280]], 'div-gpt-ad-{i}')"
        f".addService(googletag.pubads()).setTargeting('pos', '{i}');" for i in range(60)
    )
    return (f"<script>window.__INITIAL_STATE__ = {json.dumps(state)};</script>\n<script>{gtm}</script>\n"
            f"<script>googletag.cmd.push(function () {{\n{ads}\n}});</script>\n")


def realistic_page() -> bytes:
    """A fixture article grown to ~200 KB the way real article pages are heavy."""
    rnd = random.Random(SEED)
    html = (BASE_ARTICLE / "index.html").read_text(encoding="utf-8")
    html = html.replace("</head>", _style(rnd, 260) + _scripts(rnd, 90) + "</head>", 1)
    popular = _widget(rnd, "Terpopuler", 1000, 10, excerpt=False)
    html = html.replace('<aside class="sideRight">', '<aside class="sideRight">' + popular, 1)
    pixels = "".join(f'<noscript><img src="https://px.example.net/p?id={i}" width="1" height="1"></noscript>'
                     for i in range(20))
    latest, n = "", 2000
    while len(html.encode()) + len(latest.encode()) + len(pixels) < TARGET_BYTES - 6_000:
        latest += _card(rnd, n, excerpt=True)
        n += 1
    latest_section = (f'<section id="latestNews" class="widgetListArticle row"><div class="widgetListArticle__header">'
                      f'<h3>Berita Terkini</h3></div><div class="widgetListArticle__body">{latest}</div></section>\n')
    recommended = _widget(rnd, "Rekomendasi", 3000, 8, excerpt=True)
    html = html.replace("</main>", latest_section + recommended + "</main>", 1)
    html = html.replace("</body>", pixels + "</body>", 1)
    return html.encode("utf-8")


# The 10 MB page --------------------------------------------------------------------------------

TEN_MB_ARTICLE = SITE / "www.inews.id" / "news/nasional/jadwal-asesmen-nasional-2027-diumumkan-sekolah-diminta-siapkan-perangkat-komputer"
TEN_MB_TARGET_MS = 1000.0


def ten_megabyte_page() -> Page:
    """A fixture article whose body holds ~105,000 extra paragraphs (10 MB): the hostile-size
    page of ``tests/extraction/test_bad_input.py``, built here once for both."""
    raw = (TEN_MB_ARTICLE / "all" / "index.html").read_bytes()
    extra = b"<p>Paragraf tambahan yang sangat panjang untuk menguji halaman raksasa, nomor urut sekian.</p>\n"
    padded = raw.replace(b"<p>Editor:", extra * (10_000_000 // len(extra)) + b"<p>Editor:", 1)
    url = "https://" + TEN_MB_ARTICLE.relative_to(SITE).as_posix() + "/all"
    return Page("10MB", url, padded, None)


def time_ten_megabytes(rounds: int) -> tuple[float, float]:
    """Median (CPU ms, wall ms) of extracting the 10 MB page: the CPU time is what the page
    costs, the wall clock adds the waits of a shared machine."""
    page = ten_megabyte_page()
    cpu, wall = [], []
    for _ in range(rounds):
        gc.collect()
        start_cpu, start_wall = time.thread_time(), time.perf_counter()
        extract_article(page.html, page.url)
        cpu.append((time.thread_time() - start_cpu) * 1e3)
        wall.append((time.perf_counter() - start_wall) * 1e3)
    return statistics.median(cpu), statistics.median(wall)


# Timing ----------------------------------------------------------------------------------------

def sample(pages: list[Page], rounds: int) -> tuple[list[float], list[float]]:
    """ms per page for extraction and for the bare parse, interleaved page by page."""
    extract_ms, floor_ms = [], []
    clock = time.perf_counter
    for _ in range(rounds):
        gc.collect()
        for page in pages:
            start = clock()
            lxml.html.fromstring(page.html)
            middle = clock()
            extract_article(page.html, page.url)
            end = clock()
            floor_ms.append((middle - start) * 1e3)
            extract_ms.append((end - middle) * 1e3)
    return extract_ms, floor_ms


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20, method="inclusive")[18] if len(values) > 1 else values[0]


def check(pages: list[Page]) -> tuple[str, str]:
    """Which layer found the body, and how many pages' content equals the expected content."""
    layers, right, checked = Counter(), 0, 0
    for page in pages:
        fields, report = extract_with_report(page.html, page.url)
        layers[report.body_layer or "none"] += 1
        if page.expected_content is not None:
            checked += 1
            right += fields["content"] == page.expected_content
    return ",".join(f"{k}:{v}" for k, v in sorted(layers.items())), f"{right}/{checked}"


def main(argv: list[str]) -> int:
    quick = "--quick" in argv
    fixtures = fixture_pages()
    big_html = realistic_page()
    base_expected = json.loads((BASE_ARTICLE / "expected.json").read_text(encoding="utf-8"))["content"]
    big = [Page("200KB", "https://" + BASE_ARTICLE.relative_to(SITE).as_posix(), big_html, base_expected)]
    generic = lambda pages: [Page(p.name, p.url, rename_site_classes(p.html), p.expected_content) for p in pages]  # noqa: E731
    sets = [
        ("fixture pages (structured/site)", fixtures, 6 if quick else 30, True),
        ("200 KB page (structured/site)", big, 60 if quick else 400, True),
        ("fixture pages, generic fallback", generic(fixtures), 6 if quick else 30, False),
        ("200 KB page, generic fallback", generic(big), 60 if quick else 400, False),
    ]
    for _, pages, _, _ in sets:  # warm-up: XPath compilation, lazy imports, caches
        for page in pages:
            extract_article(page.html, page.url)

    sizes = [len(p.html) for p in fixtures]
    print(f"fixture pages: {len(fixtures)} ({min(sizes) // 1024}–{max(sizes) // 1024} KB); "
          f"200 KB page: {len(big_html) / 1024:.0f} KB ({len(big_html)} bytes); Python {sys.version.split()[0]}, "
          f"lxml {'.'.join(map(str, lxml.etree.LXML_VERSION[:3]))}")
    print()
    header = (f"{'page set':<34}{'pages':>6}{'samples':>8}{'median ms':>11}{'p95 ms':>9}"
              f"{'lxml med':>10}{'lxml p95':>10}{'× floor':>9}  {'body layer':<22}{'content ok':>10}")
    print(header)
    print("-" * len(header))
    verdicts = []
    for name, pages, rounds, targeted in sets:
        extract_ms, floor_ms = sample(pages, rounds)
        med, floor_med = statistics.median(extract_ms), statistics.median(floor_ms)
        layers, ok = check(pages)
        print(f"{name:<34}{len(pages):>6}{len(extract_ms):>8}{med:>11.2f}{p95(extract_ms):>9.2f}"
              f"{floor_med:>10.2f}{p95(floor_ms):>10.2f}{med / floor_med:>8.1f}×  {layers:<22}{ok:>10}")
        if targeted:
            verdicts.append(f"{name}: median {med:.2f} ms {'≤' if med <= TARGET_MS else '>'} {TARGET_MS:.0f} ms "
                            f"({'met' if med <= TARGET_MS else 'NOT met'})")
    cpu_ms, wall_ms = time_ten_megabytes(3 if quick else 7)
    size = len(ten_megabyte_page().html) / 1e6
    print(f"{size:.1f} MB page (105,000 body paragraphs): median {cpu_ms:.0f} ms CPU, {wall_ms:.0f} ms wall")
    print()
    print("target, median ≤ 3 ms per page when structured/site layers suffice:")
    for verdict in verdicts:
        print("  " + verdict)
    print(f"target, the 10 MB page under {TEN_MB_TARGET_MS:.0f} ms CPU: "
          f"{'met' if cpu_ms < TEN_MB_TARGET_MS else 'NOT met'} ({cpu_ms:.0f} ms)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
