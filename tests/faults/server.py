"""A tiny iNews-like site whose pages misbehave on purpose, for the crawler's fault tests.

The crawler reaches it through its ``base_url`` mode, so every page is read under its real
``https://www.inews.id/...`` URL. The home page links every article the site knows plus
thousands of links that are not articles; each article slug either serves a healthy page in
the current iNews layout or one fault (see ``FAULTS``). The server keeps a log of every
request it saw (host, path, arrival and answer times), so the tests can assert what the
crawler did on the wire instead of trusting its own account of it.

``FaultSite(...).start()`` serves on a free port in daemon threads; ``stop()`` ends it.
"""
from __future__ import annotations

import random
import socket
import struct
import threading
import time
import zlib
from dataclasses import dataclass
from html import escape
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

from scripts.generate_site import story_paragraphs

WWW = "www.inews.id"
SECTION = "/news/nasional/"
ARTICLE_URL = f"https://{WWW}{SECTION}"
DAY = "2026-11-26"
"""The crawl window (``since`` = ``until``) and the date every article carries."""
DATE_LINE = "Kamis, 26 November 2026 - 19:20:00 WIB"
PUBLISHED_AT = "2026-11-26T19:20:00+07:00"
DISALLOWED_SECTION = "/news/internasional/"
"""robots.txt disallows this section; the home page still links an article in it."""
ROBOTS_BLOCKED_PATH = DISALLOWED_SECTION + "rahasia-robots"
LISTING_LINKS = 10_000
"""Links on the home page, almost all of them not articles (tags, videos, other sites…)."""
RETRY_AFTER_SECONDS = 1
BOMB_FACTOR = 8
"""The gzip bomb inflates to this many times the crawl's DOWNLOAD_MAXSIZE."""
ENTRY_PATHS = frozenset({
    "/", "/index", "/feed", "/news", "/news/nasional", "/news/internasional", "/news/megapolitan",
    "/indeks/news/26-11-2026", "/sitemap.xml", "/feed/news", "/feed/nasional",
})
"""What ``scrapy crawl inews -a channels=news -a since=DAY -a until=DAY`` starts from."""


@dataclass(frozen=True)
class Story:
    slug: str
    title: str
    paragraphs: tuple[str, ...]

    @property
    def url(self) -> str:
        return ARTICLE_URL + self.slug

    @property
    def content(self) -> str:
        """What the crawler must export as ``content``."""
        return "\n\n".join(self.paragraphs)


def story(slug: str, title: str | None = None, lead: str | None = None) -> Story:
    """A deterministic article of its own for ``slug`` (300+ words seeded by the slug), so
    that no two stories are near-duplicates the crawler would rightly drop as the same story.
    ``lead``: a first paragraph to put before the generated ones."""
    paragraphs = story_paragraphs(random.Random(slug))
    return Story(slug, title or "Kabar " + slug.replace("-", " ").title(), (*([lead] if lead else []), *paragraphs))


HEALTHY = tuple(story(slug) for slug in (
    "banjir-rob-pesisir-utara", "harga-cabai-turun", "jalan-tol-baru-dibuka",
    "festival-budaya-digelar", "vaksinasi-lansia-dilanjutkan", "kereta-cepat-tambah-jadwal",
))
RATE_LIMITED = story("antrean-bansos-dibatasi")
"""Answers 429 with ``Retry-After`` once, then the article: it must still be exported."""
FEED_ONLY = story("hanya-di-rss")
"""Linked only from the RSS feed, before the feed's entity bomb."""
# Titles and leads with characters outside ASCII that windows-1252 has (curly quotes, dashes, é).
CP1252_AS_UTF8 = story("kafe-tepi-pantai", "Kafé “Senja” – Tempat Nongkrong Baru",
                       "Kafé “Senja” di tepi pantai – ramai dikunjungi saat matahari terbenam.")
NO_CHARSET_CP1252 = story("resep-soto-betawi", "Soto Betawi ‘Asli’ – Resep Keluarga Café Lama",
                          "Resep ‘asli’ dari Café Lama – kuah santan, daging sapi, dan emping.")
NO_CHARSET_UTF8 = story("pasar-terapung", "Pasar Terapung — Wisata “Lokal” Favorit",
                        "Pasar terapung — perahu pedagang buah berjejer sejak subuh, kata “pengelola”.")
ENCODINGS = (CP1252_AS_UTF8, NO_CHARSET_CP1252, NO_CHARSET_UTF8)
EXPORTED = (*HEALTHY, RATE_LIMITED, FEED_ONLY, *ENCODINGS)
"""Every article the crawl must export, exactly once."""

FAULTS: dict[str, str] = {
    "error-500": "status_500",
    "error-502": "status_502",
    "error-503": "status_503",
    "not-found-404": "status_404",
    "gone-410": "status_410",
    "connection-reset": "reset",
    "stalls": "stall",
    "truncated-body": "truncated",
    "gzip-bomb": "gzip_bomb",
    "oversized-declared": "oversized_declared",
    "oversized-streamed": "oversized_streamed",
    "empty-200": "empty",
    "redirect-loop": "redirect_loop",
    "offsite-redirect": "offsite_redirect",
    "login-wall": "login_wall",
    "access-denied": "access_denied",
}
"""Article slug → the handler method (``_fault_<name>``) that misbehaves for it."""
OFFSITE_TARGET_PATH = "/stolen"
"""Where ``offsite-redirect`` points (on ``localhost``, which is not an allowed domain)."""
XXE_PROBE_PATHS = frozenset({"/xxe-probe", "/xxe-dtd", "/xxe-param"})
LEAKED_SLUG = "bocor-lewat-entitas"
"""Written in the file an external entity of the feed names: requested only if expanded."""


@dataclass
class Seen:
    """One request as the server saw it; ``answered`` stays None when no answer was sent."""

    host: str
    path: str
    arrived: float
    status: int | None = None
    answered: float | None = None


def article_page(s: Story, *, charset: str | None = "utf-8") -> str:
    """An article in the current www layout (``shared/sites/inews.md`` §2.1)."""
    meta_charset = f'<meta charset="{charset}">' if charset else ""
    body = "".join(f"<p>{escape(p)}</p>" for p in s.paragraphs)
    return (
        f'<!DOCTYPE html><html lang="id"><head>{meta_charset}<title>{escape(s.title)} - iNews.id</title>'
        f'<meta property="og:title" content="{escape(s.title)} - iNews.id">'
        f'<meta property="og:description" content="{escape(s.paragraphs[0])}">'
        f'<link rel="canonical" href="{s.url}"></head><body>'
        '<nav><a href="https://www.inews.id/">Home</a> <a href="https://www.inews.id/login">Masuk</a></nav>'
        '<article class="headerArticle"><div class="breadcrumb"><a href="https://www.inews.id/">Home</a>'
        '<a href="https://www.inews.id/news">News</a><a href="https://www.inews.id/news/nasional">Nasional</a></div>'
        f'<h1 class="headerTitle">{escape(s.title)}</h1>'
        f'<div class="timeAndShare"><div class="createdAt">{DATE_LINE}</div></div></article>'
        f'<article class="bodyArticleWrapper">{body}</article></body></html>'
    )


LOGIN_WALL = """<!DOCTYPE html><html lang="id"><head><meta charset="utf-8">
<title>Masuk - iNews.id</title><meta property="og:title" content="Masuk ke Akun Anda"></head><body>
<h1 class="headerTitle">Masuk untuk melanjutkan membaca</h1>
<article class="bodyArticleWrapper"><p>Artikel ini khusus untuk pengguna terdaftar. Silakan masuk atau
daftar gratis untuk membaca selengkapnya.</p>
<form action="/login" method="post"><input type="email" name="email" placeholder="Email">
<input type="password" name="password" placeholder="Kata sandi"><button type="submit">Masuk</button></form>
</article></body></html>"""

# Akamai's stock block page, served with 200 as some edge configurations do.
ACCESS_DENIED = """<HTML><HEAD>
<TITLE>Access Denied</TITLE>
</HEAD><BODY>
<H1>Access Denied</H1>

You don't have permission to access "http&#58;&#47;&#47;www&#46;inews&#46;id&#47;news&#47;nasional&#47;access&#45;denied&#47;all" on this server.<P>
Reference&#32;&#35;18&#46;2f3c1602&#46;1764160800&#46;1a2b3c4d
<P>https&#58;&#47;&#47;errors&#46;edgesuite&#46;net&#47;18&#46;2f3c1602&#46;1764160800&#46;1a2b3c4d</P>
</BODY>
</HTML>"""

ROBOTS_TXT = f"User-agent: *\nDisallow: {DISALLOWED_SECTION}\n"


def feed_xml(origin: str, secret_file: Path) -> str:
    """RSS whose DTD declares external entities (HTTP, a local file, a remote parameter
    entity and an external DTD) and a billion-laughs bomb. A parser that resolves entities
    would fetch the probe URLs, read the file (an article link) or inflate to gigabytes."""
    laughs = '<!ENTITY lol0 "lollollollollollollollollollol">' + "".join(
        f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10)
    )
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE rss SYSTEM "{origin}/xxe-dtd" [
<!ENTITY xxe SYSTEM "{origin}/xxe-probe">
<!ENTITY leak SYSTEM "{secret_file.as_uri()}">
<!ENTITY % param SYSTEM "{origin}/xxe-param">
%param;
{laughs}
]>
<rss version="2.0"><channel><title>iNews.id RSS</title><link>https://www.inews.id/</link>
<item><title>{escape(FEED_ONLY.title)}</title><link>{FEED_ONLY.url}</link></item>
<item><title>&xxe;</title><link>&leak;</link></item>
<item><title>&lol9;</title><link>{ARTICLE_URL}tertawa-&lol9;</link></item>
</channel></rss>"""


def home_page() -> str:
    """The home page: every article of the site (plus the robots-blocked one), then junk up
    to ``LISTING_LINKS`` links: listings, tags, videos, other sites, look-alike hosts,
    article-shaped paths on foreign hosts, scripts, mail and fragments."""
    slugs = [s.slug for s in EXPORTED if s is not FEED_ONLY] + list(FAULTS)
    links = [f'<a href="{ARTICLE_URL}{slug}">{slug}</a>' for slug in slugs]
    links.append(f'<a href="https://{WWW}{ROBOTS_BLOCKED_PATH}">rahasia</a>')
    junk = (
        "/tag/banjir-{n}", "https://www.inews.id/multimedia/video/rekaman-{n}", "/news/nasional",
        "https://evil.example/news/nasional/palsu-{n}", "https://inews.id.evil.example/news/nasional/palsu-{n}",
        "https://evilinews.id/news/nasional/palsu-{n}", "javascript:void({n})", "mailto:redaksi{n}@inews.id",
        "#komentar-{n}", "/news/nasional/ulasan-{n}/komentar/semua", "https://www.inews.id/search?q=banjir&p={n}",
    )
    n = 0
    while len(links) < LISTING_LINKS:
        links.append(f'<a href="{escape(junk[n % len(junk)].format(n=n))}">tautan {n}</a>')
        n += 1
    return f'<!DOCTYPE html><html lang="id"><head><meta charset="utf-8"><title>iNews.id</title></head><body>{"".join(links)}</body></html>'


def index_page() -> str:
    """The day's index page: the healthy articles once more (already scheduled from home)."""
    cards = "".join(f'<div class="cardArticle"><a href="{s.url}">{escape(s.title)}</a></div>' for s in HEALTHY)
    return f'<!DOCTYPE html><html lang="id"><head><meta charset="utf-8"><title>Indeks</title></head><body>{cards}</body></html>'


def flood_home(links: int) -> str:
    """A home page of ``links`` distinct article links (every one a healthy page)."""
    cards = "".join(f'<a href="{ARTICLE_URL}banjir-link-{n}">berita {n}</a>' for n in range(links))
    return f'<!DOCTYPE html><html lang="id"><head><meta charset="utf-8"><title>iNews.id</title></head><body>{cards}</body></html>'


class FaultSite:
    """The faulty site on a free port. ``max_size`` is the crawl's ``DOWNLOAD_MAXSIZE``: the
    oversized pages are just over it and the gzip bomb inflates to ``BOMB_FACTOR`` times it.
    ``flood`` replaces the home page with ``LISTING_LINKS`` distinct article links."""

    def __init__(self, secret_dir: Path, *, max_size: int, flood: bool = False):
        self.max_size = max_size
        self.flood = flood
        self.secret_file = secret_dir / "secret.txt"
        self.secret_file.write_text(ARTICLE_URL + LEAKED_SLUG, encoding="utf-8")
        self.seen: list[Seen] = []
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._rate_limited_once = False
        self._server: ThreadingHTTPServer | None = None
        self._pages: dict[str, bytes] = {}

    # -- lifecycle --------------------------------------------------------------------------

    def start(self) -> str:
        """Serve in daemon threads; returns the base URL (``http://127.0.0.1:<port>``)."""
        site = self

        class Handler(_Handler):
            pass

        Handler.site = site
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self.origin = f"http://127.0.0.1:{self._server.server_address[1]}"
        self._pages = self._render()
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self.origin

    def stop(self) -> None:
        self._stopping.set()  # releases the stalled handler
        if self._server:
            self._server.shutdown()
            self._server.server_close()

    def _render(self) -> dict[str, bytes]:
        """Static answers, rendered once (the big ones would otherwise cost every request)."""
        oversized = b"<html><body>" + b"<p>" + b"a" * self.max_size + b"</p></body></html>"
        # Compressed chunk by chunk: the test process must not hold the inflated bomb either.
        packer = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)  # gzip container
        chunk = b" " * (1 << 20)
        bomb = b"".join(packer.compress(chunk) for _ in range(BOMB_FACTOR * self.max_size // len(chunk)))
        bomb += packer.flush()
        return {
            "home": (flood_home(LISTING_LINKS) if self.flood else home_page()).encode(),
            "index": index_page().encode(),
            "feed": feed_xml(self.origin, self.secret_file).encode(),
            "oversized": oversized,
            "bomb": bomb,
        }

    # -- queries for the tests --------------------------------------------------------------

    def requests_for(self, path: str, host: str = WWW) -> list[Seen]:
        with self._lock:
            return [s for s in self.seen if s.path == path and s.host == host]

    def article_requests(self, slug: str) -> list[Seen]:
        """Requests for the article and for its ``/all`` view, in arrival order."""
        with self._lock:
            return [s for s in self.seen if s.host == WWW and s.path in (SECTION + slug, SECTION + slug + "/all")]

    def _record(self, host: str, path: str) -> Seen:
        entry = Seen(host, path, time.monotonic())
        with self._lock:
            self.seen.append(entry)
        return entry


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    site: FaultSite

    def log_message(self, format, *args):  # keep test output quiet
        pass

    def do_GET(self) -> None:
        host = (self.headers.get("Host") or "").split(":")[0].lower()
        path = urlsplit(self.path).path
        self.entry = self.site._record(host, path)
        site = self.site
        if path == OFFSITE_TARGET_PATH:
            return self._send(418, b"an off-site page")  # a status no other page answers
        if host != WWW:
            return self._send(404, b"not here")
        if path == "/robots.txt":
            return self._send(200, ROBOTS_TXT.encode(), "text/plain; charset=utf-8")
        if path == "/":
            return self._send(200, site._pages["home"])
        if path == "/feed":
            return self._send(200, site._pages["feed"], "application/rss+xml; charset=utf-8")
        if path == "/indeks/news/26-11-2026":
            return self._send(200, site._pages["index"])
        if not path.startswith(SECTION):
            return self._send(404, b"<html><body><h1>404</h1></body></html>")
        slug = path[len(SECTION):].removesuffix("/all")
        if slug in FAULTS:
            return getattr(self, "_fault_" + FAULTS[slug])(slug, path)
        self._article(slug)

    def _article(self, slug: str) -> None:
        if slug == RATE_LIMITED.slug:
            with self.site._lock:
                first, self.site._rate_limited_once = not self.site._rate_limited_once, True
            if first:
                return self._send(429, b"slow down", headers={"Retry-After": str(RETRY_AFTER_SECONDS)})
            return self._send(200, article_page(RATE_LIMITED).encode())
        for s in (*HEALTHY, FEED_ONLY):
            if s.slug == slug:
                return self._send(200, article_page(s).encode())
        if self.site.flood and slug.startswith("banjir-link-"):
            return self._send(200, article_page(story(slug)).encode())
        if slug == CP1252_AS_UTF8.slug:
            # Declared UTF-8 in both header and meta, written in windows-1252.
            return self._send(200, article_page(CP1252_AS_UTF8).encode("cp1252"))
        if slug == NO_CHARSET_CP1252.slug:
            return self._send(200, article_page(NO_CHARSET_CP1252, charset=None).encode("cp1252"), "text/html")
        if slug == NO_CHARSET_UTF8.slug:
            return self._send(200, article_page(NO_CHARSET_UTF8, charset=None).encode("utf-8"), "text/html")
        return self._send(404, b"<html><body><h1>404</h1></body></html>")

    # -- the answers ------------------------------------------------------------------------

    def _send(self, status: int, body: bytes, content_type: str = "text/html; charset=utf-8",
              headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)
        self.wfile.flush()
        self._answered(status)

    def _answered(self, status: int) -> None:
        self.entry.status, self.entry.answered = status, time.monotonic()

    def _fault_status_500(self, slug: str, path: str) -> None:
        self._send(500, b"<html><body>Internal Server Error</body></html>")

    def _fault_status_502(self, slug: str, path: str) -> None:
        self._send(502, b"<html><body>Bad Gateway</body></html>")

    def _fault_status_503(self, slug: str, path: str) -> None:
        self._send(503, b"<html><body>Service Unavailable</body></html>")

    def _fault_status_404(self, slug: str, path: str) -> None:
        self._send(404, b"<html><body><h1>404 Not Found</h1></body></html>")

    def _fault_status_410(self, slug: str, path: str) -> None:
        self._send(410, b"<html><body><h1>410 Gone</h1></body></html>")

    def _fault_reset(self, slug: str, path: str) -> None:
        """Close with RST (SO_LINGER 0) before any byte of an answer."""
        self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.close_connection = True
        self.connection.close()

    def _fault_stall(self, slug: str, path: str) -> None:
        """Say nothing for far longer than the crawl's download timeout (until the server stops)."""
        self.site._stopping.wait(60)
        self.close_connection = True

    def _fault_truncated(self, slug: str, path: str) -> None:
        body = article_page(story(slug)).encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body) + 5000))
        self.end_headers()
        self.wfile.write(body)
        self.wfile.flush()
        self._answered(200)
        self.close_connection = True

    def _fault_gzip_bomb(self, slug: str, path: str) -> None:
        self._send(200, self.site._pages["bomb"], headers={"Content-Encoding": "gzip"})

    def _fault_oversized_declared(self, slug: str, path: str) -> None:
        try:
            self._send(200, self.site._pages["oversized"])
        except OSError:
            pass  # the crawler hung up on reading the Content-Length: the point

    def _fault_oversized_streamed(self, slug: str, path: str) -> None:
        """No Content-Length: the size is only known by reading until the connection closes."""
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Connection", "close")
        self.end_headers()
        self.close_connection = True
        try:
            self.wfile.write(self.site._pages["oversized"])
            self.wfile.flush()
        except OSError:
            pass  # the crawler hung up once it had read more than it allows: the point
        self._answered(200)

    def _fault_empty(self, slug: str, path: str) -> None:
        self._send(200, b"")

    def _fault_redirect_loop(self, slug: str, path: str) -> None:
        """``/all`` → the page → ``/all`` → …"""
        target = SECTION + slug if path.endswith("/all") else SECTION + slug + "/all"
        self._send(302, b"", headers={"Location": f"https://{WWW}{target}"})

    def _fault_offsite_redirect(self, slug: str, path: str) -> None:
        port = self.site.origin.rsplit(":", 1)[1]
        self._send(301, b"", headers={"Location": f"http://localhost:{port}{OFFSITE_TARGET_PATH}"})

    def _fault_login_wall(self, slug: str, path: str) -> None:
        self._send(200, LOGIN_WALL.encode())

    def _fault_access_denied(self, slug: str, path: str) -> None:
        self._send(200, ACCESS_DENIED.encode(), "text/html")

