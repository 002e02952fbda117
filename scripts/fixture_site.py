#!/usr/bin/env python3
"""Serve a saved copy of news sites from a folder, one sub-folder per host.

``<root>/<host>/<url path>/index.html`` (or ``index.xml`` for feeds, or a plain file such as
``robots.txt``) answers ``GET <url path>`` with ``Host: <host>``; ``GET <url path>?<query>``
is answered by ``index?<query>.html`` in that folder when there is one (the query as
``page_file`` writes it), else by the page without the query, as sites ignore parameters they
do not know.  Requests whose Host is the
server's own address go to ``--default-host``; a host the copy does not have gets 404.  This is what the crawler's ``base_url`` mode
talks to (see ``newscrawler/middlewares.py``): the tests, ``make demo`` and the benchmarks.

The default host is the home host of the registry portal whose folder the copy holds.

Several copies (``ROOT...``, or a list for ``make_server``) are served together, each host from
the copy that has its folder: one server for every portal's fixture site.

``--delay SECONDS`` holds every answer that long before sending it, as a distant site's
round trip would (each request in its own thread, so delays overlap like network latency):
``bench/distributed.py`` makes a crawler network-bound with it.

Usage: python scripts/fixture_site.py ROOT [ROOT...] [--port 0] [--default-host HOST] [--delay 0]
Prints ``serving http://127.0.0.1:<port>`` once listening.
"""
from __future__ import annotations

import argparse
import math
import mimetypes
import posixpath
import socket
import sys
import threading
import time
from functools import partial
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit

CONTENT_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".xml": "application/rss+xml; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
    ".json": "application/json",
    # A compressed sitemap file (sitemap.xml.gz), as web servers send it: no Content-Encoding.
    ".gz": "application/x-gzip",
}


def query_file(query: str) -> str:
    """The file name that stands for a query string: one spelling for ``%2F`` and ``/``."""
    return f"index?{quote(unquote(query), safe='=&')}.html"


def page_file(root: Path, url: str) -> Path:
    """Where the copy keeps the page of ``url`` (the inverse of what the server answers)."""
    parts = urlsplit(url)
    folder = root / parts.hostname / unquote(parts.path).strip("/")
    return folder / (query_file(parts.query) if parts.query else "index.html")


def resolve(root: Path, host: str, target: str) -> Path | None:
    """The file that answers ``GET <target>`` (path and query) on ``host``; None: 404."""
    parts = urlsplit(target)
    path = posixpath.normpath(unquote(parts.path))
    base = (root / host).resolve()
    found = (base / path.lstrip("/")).resolve()
    if base != found and base not in found.parents:
        return None
    if found.is_dir():
        if parts.query and (found / query_file(parts.query)).is_file():
            return found / query_file(parts.query)
        for name in ("index.html", "index.xml"):
            if (found / name).is_file():
                return found / name
        return None
    return found if found.is_file() else None


class SiteHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    # Headers and body go out in two writes: with Nagle's algorithm the body waits for the
    # client's delayed ACK (40 ms a response on Linux).
    disable_nagle_algorithm = True

    def __init__(self, *args, roots: list[Path], default_host: str, on_request=None, delay: float = 0.0, **kwargs):
        self.roots = roots
        self.default_host = default_host
        self.on_request = on_request
        self.delay = delay
        super().__init__(*args, **kwargs)

    def log_message(self, format, *args):  # keep test output quiet
        pass

    def _host(self) -> str | None:
        """The site folder for this request; None for a named host the copy does not have."""
        host = (self.headers.get("Host") or "").split(":")[0].lower()
        if not host or host in ("127.0.0.1", "localhost"):
            return self.default_host
        return host if any((root / host).is_dir() for root in self.roots) else None

    def _resolve(self) -> Path | None:
        host = self._host()
        if host is None:
            return None
        return next((found for root in self.roots if (found := resolve(root, host, self.path))), None)

    def do_HEAD(self):
        self.do_GET(head=True)

    def do_GET(self, head: bool = False):
        if self.on_request is not None:
            # Tests observe (and may hold) requests here: e.g. "kill the crawler at the 5th article".
            self.on_request(self._host(), urlsplit(self.path).path)
        if self.delay:
            time.sleep(self.delay)  # this request's thread only: the others' delays run alongside
        target = self._resolve()
        if target is None:
            body, status, ctype = b"<html><body><h1>404 Not Found</h1></body></html>", 404, CONTENT_TYPES[".html"]
        else:
            body, status = target.read_bytes(), 200
            ctype = CONTENT_TYPES.get(target.suffix) or mimetypes.guess_type(target.name)[0] or "application/octet-stream"
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if not head:
            self.wfile.write(body)


def home_host(roots: list[Path]) -> str | None:
    """The host a bare address stands for: the home host of the portal the copy holds."""
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from newscrawler.portals import PORTALS

    homes = (urlsplit(portal.home).hostname for portal in PORTALS.values())
    return next((host for host in homes for root in roots if (root / host).is_dir()), None)


class SiteServer(ThreadingHTTPServer):
    # socketserver's default backlog of 5 drops the SYNs of a crawler opening more connections
    # at once, and each dropped one waits a second for its retransmission.
    request_queue_size = socket.SOMAXCONN


def make_server(root: str | Path | list, port: int = 0, default_host: str | None = None, on_request=None,
                delay: float = 0.0) -> ThreadingHTTPServer:
    """``on_request(host, path)`` is called before each answer (host None: unknown host);
    ``delay``: seconds every answer waits before it is sent."""
    if not (math.isfinite(delay) and delay >= 0):
        raise ValueError(f"delay must be 0 or more seconds, not {delay}")
    roots = [Path(r).resolve() for r in (root if isinstance(root, list) else [root])]
    handler = partial(SiteHandler, roots=roots, default_host=default_host or home_host(roots), on_request=on_request,
                      delay=delay)
    server = SiteServer(("127.0.0.1", port), handler)
    server.daemon_threads = True
    return server


def serve_in_thread(root: str | Path | list, default_host: str | None = None, on_request=None) -> tuple[ThreadingHTTPServer, str]:
    """Start a server on a free port in a daemon thread; returns it and its base URL."""
    server = make_server(root, 0, default_host, on_request)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("root", nargs="+", help="one or more copies; their host folders are served together")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--default-host")
    parser.add_argument("--delay", type=float, default=0.0, metavar="SECONDS", help="wait before every answer")
    args = parser.parse_args()
    try:
        server = make_server(args.root, args.port, args.default_host, delay=args.delay)
    except ValueError as error:
        parser.error(str(error))
    print(f"serving http://127.0.0.1:{server.server_address[1]}", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
