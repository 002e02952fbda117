"""A small iNews-like site built to exhaust a crawler, for ``tests/faults/test_bounds.py``.

Reached through the crawler's ``base_url`` mode like ``tests/faults/server.py``; each trap is
one path:

- ``/news/nasional/banjir-header/all`` answers with a header section that never ends (one
  1 KiB header after another, up to ``FLOOD_BYTES``, then a body): a crawler without a header
  limit reads it all into memory and takes what follows as the page.
- ``/news/nasional/seribu-header/all``: 5,000 tiny headers (well under the size limit, far over
  the count limit).
- ``/news/nasional/pindah-port/all`` redirects to the same path on another port of the same
  address, where ``TrapServer`` answers with an article of its own.
- ``/indeks/news/26-11-2026[/<n>]``: every page of the day's index lists two articles no
  earlier page listed, up to page ``INDEX_PAGES`` (the "forever" of a trap, made finite so
  that a crawler without a page limit still ends).
- ``/feed`` declares a billion-laughs entity and uses it before its first ``<link>``: read
  without expanding entities, it yields no link at all.

The server records every request (host, path) and, for the header flood, how many bytes it
managed to send before the crawler hung up.
"""
from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

from tests.faults.server import ARTICLE_URL, SECTION, WWW, article_page, story

FLOOD_BYTES = 256 * 1024 * 1024
"""Header bytes the flood sends at most; a crawler without a limit holds all of them."""
MANY_HEADERS = 5_000
INDEX_PATH = "/indeks/news/26-11-2026"
INDEX_PAGES = 40
HEALTHY_SLUG = "pasar-murah-digelar"
FLOOD_SLUG, MANY_SLUG, PORT_SLUG = "banjir-header", "seribu-header", "pindah-port"
TRAP_TITLE = "Halaman Jebakan di Port Lain"


def index_slugs(page: int) -> list[str]:
    """The two articles page ``page`` of the index lists (past INDEX_PAGES: page 1's again)."""
    page = page if page <= INDEX_PAGES else 1
    return [f"indeks-{page}-pagi", f"indeks-{page}-sore"]


def _page(links: list[str]) -> bytes:
    cards = "".join(f'<a href="{ARTICLE_URL}{slug}">{slug}</a>' for slug in links)
    return f'<!DOCTYPE html><html lang="id"><head><meta charset="utf-8"><title>iNews.id</title></head><body>{cards}</body></html>'.encode()


def feed_xml() -> bytes:
    laughs = '<!ENTITY lol0 "lollollollollollollollollollol">' + "".join(
        f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10)
    )
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE rss [{laughs}]>
<rss version="2.0"><channel><title>&lol9;</title>
<item><title>Kabar</title><link>{ARTICLE_URL}hanya-di-feed</link></item>
</channel></rss>""".encode()


class _Server:
    handler: type[BaseHTTPRequestHandler]

    def __init__(self):
        self.seen: list[tuple[str, str]] = []
        self.lock = threading.Lock()
        self.flood_sent: list[int] = []
        self._server: ThreadingHTTPServer | None = None

    def start(self) -> str:
        owner = self

        class Handler(self.handler):
            site = owner

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        self.origin = f"http://127.0.0.1:{self._server.server_address[1]}"
        return self.origin

    def stop(self) -> None:
        if self._server:
            self._server.shutdown()
            self._server.server_close()

    def paths(self, prefix: str = "") -> list[str]:
        with self.lock:
            return [path for _, path in self.seen if path.startswith(prefix)]


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    site: _Server

    def log_message(self, format, *args):  # keep test output quiet
        pass

    def _record(self) -> tuple[str, str]:
        host = (self.headers.get("Host") or "").split(":")[0].lower()
        path = urlsplit(self.path).path
        with self.site.lock:
            self.site.seen.append((host, path))
        return host, path

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


class TrapServer(_Server):
    """The other port: anything it is asked for, it answers with an article of its own."""

    class handler(_Handler):
        def do_GET(self) -> None:
            self._record()
            self._send(200, article_page(story(PORT_SLUG, TRAP_TITLE)).encode())


class HostileSite(_Server):
    def __init__(self, trap: TrapServer):
        super().__init__()
        self.trap = trap

    class handler(_Handler):
        def do_GET(self) -> None:
            host, path = self._record()
            if host != WWW:
                return self._send(404, b"not here")
            if path == "/":
                return self._send(200, _page([HEALTHY_SLUG, FLOOD_SLUG, MANY_SLUG, PORT_SLUG]))
            if path == "/feed":
                return self._send(200, feed_xml(), "application/rss+xml; charset=utf-8")
            if path == INDEX_PATH or path.startswith(INDEX_PATH + "/"):
                page = int(path[len(INDEX_PATH) + 1:] or 1)
                return self._send(200, _page(index_slugs(page)))
            if not path.startswith(SECTION):
                return self._send(404, b"<html><body>404</body></html>")
            slug = path[len(SECTION):].removesuffix("/all")
            if slug == FLOOD_SLUG:
                return self._flood()
            if slug == MANY_SLUG:
                return self._send(200, article_page(story(slug)).encode(),
                                  headers={f"X-Seribu-{n}": "1" for n in range(MANY_HEADERS)})
            if slug == PORT_SLUG:
                return self._send(302, b"", headers={"Location": f"{self.site.trap.origin}{path}"})
            return self._send(200, article_page(story(slug)).encode())

        def _flood(self) -> None:
            """Headers until FLOOD_BYTES are sent or the crawler hangs up."""
            line = b"X-Banjir-%08d: " + b"a" * 1000 + b"\r\n"
            sent = 0
            try:
                self.wfile.write(b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n")
                while sent < FLOOD_BYTES:
                    self.wfile.write(b"".join(line % (sent // len(line) + n) for n in range(64)))
                    sent += 64 * len(line)
                body = article_page(story(FLOOD_SLUG)).encode()
                self.wfile.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
                self.wfile.flush()
            except OSError:
                pass  # the crawler hung up: the point
            finally:
                with self.site.lock:
                    self.site.flood_sent.append(sent)
                self.close_connection = True
