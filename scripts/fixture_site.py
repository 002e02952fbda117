#!/usr/bin/env python3
"""Serve a saved copy of news sites from a folder, one sub-folder per host.

``<root>/<host>/<url path>/index.html`` (or ``index.xml`` for feeds, or a plain file such as
``robots.txt``) answers ``GET <url path>`` with ``Host: <host>``.  Requests whose Host is the
server's own address go to ``--default-host``; a host the copy does not have gets 404.  This is what the crawler's ``base_url`` mode
talks to (see ``newscrawler/middlewares.py``): the tests, ``make demo`` and the benchmarks.

Usage: python scripts/fixture_site.py ROOT [--port 0] [--default-host www.inews.id]
Prints ``serving http://127.0.0.1:<port>`` once listening.
"""
from __future__ import annotations

import argparse
import mimetypes
import posixpath
import threading
from functools import partial
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

CONTENT_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".xml": "application/rss+xml; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
    ".json": "application/json",
}


class SiteHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def __init__(self, *args, root: Path, default_host: str, on_request=None, **kwargs):
        self.root = root
        self.default_host = default_host
        self.on_request = on_request
        super().__init__(*args, **kwargs)

    def log_message(self, format, *args):  # keep test output quiet
        pass

    def _host(self) -> str | None:
        """The site folder for this request; None for a named host the copy does not have."""
        host = (self.headers.get("Host") or "").split(":")[0].lower()
        if not host or host in ("127.0.0.1", "localhost"):
            return self.default_host
        return host if (self.root / host).is_dir() else None

    def _resolve(self) -> Path | None:
        host = self._host()
        if host is None:
            return None
        path = posixpath.normpath(unquote(urlsplit(self.path).path))
        base = (self.root / host).resolve()
        target = (base / path.lstrip("/")).resolve()
        if base != target and base not in target.parents:
            return None
        if target.is_dir():
            for name in ("index.html", "index.xml"):
                if (target / name).is_file():
                    return target / name
            return None
        return target if target.is_file() else None

    def do_HEAD(self):
        self.do_GET(head=True)

    def do_GET(self, head: bool = False):
        if self.on_request is not None:
            # Tests observe (and may hold) requests here: e.g. "kill the crawler at the 5th article".
            self.on_request(self._host(), urlsplit(self.path).path)
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


def make_server(root: str | Path, port: int = 0, default_host: str = "www.inews.id", on_request=None) -> ThreadingHTTPServer:
    """``on_request(host, path)`` is called before each answer (host None: unknown host)."""
    handler = partial(SiteHandler, root=Path(root).resolve(), default_host=default_host, on_request=on_request)
    server = ThreadingHTTPServer(("127.0.0.1", port), handler)
    server.daemon_threads = True
    return server


def serve_in_thread(root: str | Path, default_host: str = "www.inews.id", on_request=None) -> tuple[ThreadingHTTPServer, str]:
    """Start a server on a free port in a daemon thread; returns it and its base URL."""
    server = make_server(root, 0, default_host, on_request)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("root")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--default-host", default="www.inews.id")
    args = parser.parse_args()
    server = make_server(args.root, args.port, args.default_host)
    print(f"serving http://127.0.0.1:{server.server_address[1]}", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
