"""Revisions end to end: the real ``scrapy crawl inews`` against a copy of the fixture site that
is edited between runs. An article edited after it was exported is exported again once, as the
next revision; unchanged pages cost a 304 where the server honours conditional requests.

Time: every run here follows the one before within seconds, so each article's first-seen time
is inside ``REVISIT_WITHIN`` (48 h); ``REVISIT_EVERY=0`` stands for "the last check is old
enough" instead of waiting for it."""
from __future__ import annotations

import json
import shutil
import sqlite3
import threading
from datetime import UTC, datetime, timedelta
from email.utils import formatdate
from functools import partial
from hashlib import blake2b
from http.server import ThreadingHTTPServer
from pathlib import Path

import jsonschema
import pytest

from fixture_site import SiteHandler, home_host
from newscrawler.extraction import extract_article
from newscrawler.fingerprints import NEAR_DUPLICATE_DISTANCE, fingerprints, hamming
from newscrawler.portals import PORTALS
from tests.conftest import INEWS_SITE
from tests.support import crawl
from tests.test_state import OLD_ARTICLE_DDL

pytestmark = pytest.mark.e2e
INEWS = PORTALS["inews"]
EDITED = "https://www.inews.id/news/nasional/jadwal-asesmen-nasional-2027-diumumkan-sekolah-diminta-siapkan-perangkat-komputer"
NOW = ["-s", "REVISIT_EVERY=0"]


class ConditionalHandler(SiteHandler):
    """The fixture server, plus what real servers do for conditional requests: every answer
    carries an ETag (a digest of the file) and Last-Modified (its mtime); a request whose
    If-None-Match names the current ETag gets 304 and no body. Logs (path, status) of article
    pages."""

    def __init__(self, *args, log, **kwargs):
        self.log = log
        super().__init__(*args, **kwargs)

    def do_GET(self, head: bool = False):
        target = self._resolve()
        host = self._host()
        article = bool(host) and INEWS.is_article_url(f"https://{host}{self.path}")
        if target is None:
            return super().do_GET(head)
        body = target.read_bytes()
        etag = f'"{blake2b(body, digest_size=8).hexdigest()}"'
        if self.headers.get("If-None-Match") == etag:
            self._logged(article, 304)
            self.send_response(304)
            self.send_header("ETag", etag)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        self._logged(article, 200)
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8" if target.suffix == ".html"
                         else "application/rss+xml; charset=utf-8" if target.suffix == ".xml" else "text/plain")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("ETag", etag)
        self.send_header("Last-Modified", formatdate(target.stat().st_mtime, usegmt=True))
        self.end_headers()
        if not head:
            self.wfile.write(body)

    def _logged(self, article: bool, status: int) -> None:
        if article:
            with self.log["lock"]:
                self.log["answers"].append((self.path, status, self.headers.get("If-None-Match")))


def serve(site: Path, conditional: bool = True):
    """The copy on a free port; returns the server, its base URL and the log of article answers."""
    log = {"lock": threading.Lock(), "answers": []}
    roots = [site.resolve()]
    handler = partial(ConditionalHandler if conditional else SiteHandler, roots=roots,
                      default_host=home_host(roots), **({"log": log} if conditional else {"on_request": _paths(log)}))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}", log


def _paths(log):
    def on_request(host, path):
        if host and INEWS.is_article_url(f"https://{host}{path}"):
            with log["lock"]:
                log["answers"].append((path, 200, None))
    return on_request


def site_copy(tmp_path: Path) -> Path:
    site = tmp_path / "site"
    shutil.copytree(INEWS_SITE, site)
    return site


def pages_of(url: str, site: Path) -> list[Path]:
    """The article's page and its "/all" view (the one the spider asks for)."""
    return sorted((site / url.split("://", 1)[1]).rglob("index.html"))


def edit(url: str, site: Path, change) -> None:
    for page in pages_of(url, site):
        html = page.read_text(encoding="utf-8")
        changed = change(html)
        assert changed != html, page
        page.write_text(changed, encoding="utf-8")


def correction(html: str) -> str:
    """The story is corrected: two paragraphs rewritten and the update time moved on."""
    html = html.replace('"dateModified": "2026-11-27T11:02:00+07:00"', '"dateModified": "2026-11-28T08:30:00+07:00"')
    old_first = html[html.index("Asesmen Nasional terdiri atas"):html.index("survei lingkungan belajar.")]
    html = html.replace(old_first, "Ralat: jadwal gelombang kedua diundur dua pekan karena libur nasional. Asesmen Nasional "
                                   "terdiri atas asesmen kompetensi minimum, survei karakter, dan ")
    return html.replace("dekat dengan konteks soal.", "dekat dengan konteks soal. Kementerian juga menambah "
                        "pelatihan proktor di 120 kabupaten yang belum pernah menyelenggarakan asesmen daring.")


def rewrite(html: str) -> str:
    """A rewrite far beyond the near-duplicate threshold (no date changed)."""
    start, end = html.index('<article class="bodyArticleWrapper">'), html.index("<p>Editor: Dimas Pratama</p>")
    body = "".join(f"<p>Paragraf baru nomor {n}: pemerintah daerah menunda pelaksanaan asesmen di wilayah "
                   f"terdampak banjir ke-{n} hingga sarana sekolah kembali berfungsi normal.</p>" for n in range(8))
    return html[:start] + '<article class="bodyArticleWrapper">' + body + html[end:]


def window(expected_crawl) -> list[str]:
    args = expected_crawl["args"]
    return ["-a", f"since={args['since']}", "-a", f"until={args['until']}"]


def run(home: Path, base_url: str, expected_crawl, *settings: str) -> tuple[list[dict], dict]:
    """One crawl; returns the lines it added to the feed and its stats."""
    before = len(lines(home))
    stats_path = home / "stats.json"
    result = crawl("inews", "-a", f"base_url={base_url}", *window(expected_crawl), "-s", f"STATS_FILE={stats_path}",
                   *settings, home=home)
    assert result.returncode == 0, result.stderr[-3000:]
    return lines(home)[before:], json.loads(stats_path.read_text())


def lines(home: Path) -> list[dict]:
    return [json.loads(line) for path in sorted((home / "output" / "inews").glob("*.jsonl"))
            for line in path.read_text(encoding="utf-8").splitlines() if line]


def revisions(stats: dict) -> dict[str, int]:
    return {key: stats.get(f"newscrawler/revisions/{key}", 0) for key in ("checked", "not_modified", "unchanged",
                                                                           "exported")}


def test_an_edited_article_is_exported_once_as_the_next_revision_and_unchanged_pages_cost_a_304(
        tmp_path, expected_crawl, article_schema):
    site = site_copy(tmp_path)
    server, base_url, log = serve(site)
    validator = jsonschema.Draft202012Validator(article_schema)
    try:
        first, stats = run(tmp_path, base_url, expected_crawl, *NOW)
        assert sorted(line["url"] for line in first) == sorted(expected_crawl["urls"])
        assert {(line["revision"], line["revision_of_crawled_at"]) for line in first} == {(1, None)}
        assert revisions(stats)["checked"] == 0  # nothing known yet
        original = next(line for line in first if line["url"] == EDITED)

        edit(EDITED, site, correction)
        log["answers"].clear()
        second, stats = run(tmp_path, base_url, expected_crawl, *NOW)
        answers_2 = list(log["answers"])
        log["answers"].clear()
        third, stats_3 = run(tmp_path, base_url, expected_crawl, *NOW)
        answers_3 = list(log["answers"])
    finally:
        server.shutdown()

    [revision] = second
    assert revision["url"] == EDITED and revision["revision"] == 2
    assert revision["revision_of_crawled_at"] == original["crawled_at"]
    assert revision["updated_at"] == "2026-11-28T08:30:00+07:00" != original["updated_at"]
    assert "Ralat: jadwal gelombang kedua diundur" in revision["content"]
    assert "Ralat" not in original["content"] and revision["title"] == original["title"]
    for line in first + second:
        validator.validate(line)
    # Every known article was checked; the unchanged ones answered 304 (they came with an ETag).
    counts = revisions(stats)
    assert counts["checked"] == len(expected_crawl["urls"]) and counts["exported"] == 1
    assert counts["not_modified"] == sum(status == 304 for _, status, _ in answers_2) > 0
    assert counts["not_modified"] + counts["unchanged"] + counts["exported"] == counts["checked"]
    assert stats["newscrawler/revisions/why/updated"] == 1
    # The edited page (new ETag) was downloaded whole, with the old ETag offered.
    edited_path = "/" + EDITED.split("/", 3)[3]
    assert [(status, bool(sent)) for path, status, sent in answers_2 if path.startswith(edited_path)] == [(200, True)]

    # Run 3, nothing changed: nothing exported, and every page that had an ETag answered 304.
    assert third == []
    counts = revisions(stats_3)
    assert counts["exported"] == 0 and counts["checked"] == len(expected_crawl["urls"])
    assert counts["not_modified"] == sum(status == 304 for _, status, _ in answers_3)
    assert counts["not_modified"] == revisions(stats)["not_modified"] + 1  # the revised page too, now
    assert all(status == 304 for path, status, sent in answers_3 if sent)
    assert counts["not_modified"] + counts["unchanged"] == counts["checked"]


def test_whitespace_ads_baca_juga_and_share_counters_make_no_revision(tmp_path, expected_crawl):
    site = site_copy(tmp_path)
    server, base_url, log = serve(site, conditional=False)

    def cosmetic(html: str) -> str:
        html = html.replace("Advertisement . Scroll to see content", "Iklan: Promo kuota 50 GB hanya Rp10.000")
        html = html.replace("<p>\n                            Asesmen Nasional terdiri",
                            '<div class="bacaJuga">Baca Juga: <a href="https://www.inews.id/news/nasional/lain">'
                            'Berita lain yang populer</a></div><span class="iconShare">1.234 dibagikan</span>'
                            "<p>\n\n      Asesmen   Nasional  terdiri")
        return html.replace("ujar Larasati,", "ujar   Larasati ,")

    try:
        first, _ = run(tmp_path, base_url, expected_crawl)
        original = next(line for line in first if line["url"] == EDITED)
        edit(EDITED, site, cosmetic)
        page = pages_of(EDITED, site)[-1].read_text(encoding="utf-8")
        # What the test relies on: the page did change, its extracted text and title did not
        # change but for spacing (the fingerprints ignore spacing and punctuation).
        assert "1.234 dibagikan" in page and "Promo kuota" in page
        extracted = extract_article(page, EDITED)
        assert fingerprints(extracted["content"]) == fingerprints(original["content"])
        assert extracted["title"] == original["title"]
        log["answers"].clear()
        second, stats = run(tmp_path, base_url, expected_crawl, *NOW)
    finally:
        server.shutdown()
    assert second == []
    counts = revisions(stats)
    # A server without conditional requests: every check is a whole download, and unchanged.
    assert counts == {"checked": len(expected_crawl["urls"]), "not_modified": 0,
                      "unchanged": len(expected_crawl["urls"]), "exported": 0}
    assert any(path.startswith("/" + EDITED.split("/", 3)[3]) for path, _, _ in log["answers"])


def test_revisiting_off_exports_no_revision_and_downloads_no_known_article(tmp_path, expected_crawl):
    site = site_copy(tmp_path)
    server, base_url, log = serve(site)
    try:
        run(tmp_path, base_url, expected_crawl)
        edit(EDITED, site, correction)
        log["answers"].clear()
        second, stats = run(tmp_path, base_url, expected_crawl, "-s", "REVISIT_WITHIN=0", *NOW)
        assert second == [] and log["answers"] == [] and revisions(stats)["checked"] == 0
        # Turned on again, the same edit is a revision: revisiting off was what held it back.
        third, _ = run(tmp_path, base_url, expected_crawl, *NOW)
    finally:
        server.shutdown()
    assert [(line["url"], line["revision"]) for line in third] == [(EDITED, 2)]


def test_a_sitemap_dating_an_article_later_than_its_last_check_revisits_that_article_only(tmp_path, expected_crawl):
    site = site_copy(tmp_path)
    server, base_url, log = serve(site)
    try:
        run(tmp_path, base_url, expected_crawl)  # default REVISIT_EVERY: nothing is due by time
        edit(EDITED, site, correction)
        later = (datetime.now(UTC) + timedelta(hours=1)).isoformat(timespec="seconds")
        (site / "www.inews.id" / "sitemap.xml").write_text(
            '<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
            f"<url><loc>{EDITED}</loc><lastmod>{later}</lastmod></url>"
            f"<url><loc>{expected_crawl['urls'][0]}</loc><lastmod>2026-11-27T10:00:00+07:00</lastmod></url>"
            "</urlset>", encoding="utf-8")
        log["answers"].clear()
        second, stats = run(tmp_path, base_url, expected_crawl)
        answers = list(log["answers"])
        log["answers"].clear()
        third, stats_3 = run(tmp_path, base_url, expected_crawl)  # the same date again: not later
    finally:
        server.shutdown()
    assert [(line["url"], line["revision"]) for line in second] == [(EDITED, 2)]
    assert [path for path, _, _ in answers] == ["/" + EDITED.split("/", 3)[3] + "/all"]
    assert stats["newscrawler/revisions/noticed/listed_later"] == 1 and revisions(stats)["checked"] == 1
    assert third == [] and log["answers"] == [] and revisions(stats_3)["checked"] == 0


def test_a_state_written_before_revisions_is_migrated_and_keeps_working(tmp_path, expected_crawl):
    site = site_copy(tmp_path)
    server, base_url, log = serve(site)
    try:
        first, _ = run(tmp_path, base_url, expected_crawl)
        # The state as the schema-3 code kept it: the same articles, the same fingerprints, no
        # revision columns (tests/test_state.py has the old DDL, frozen).
        path = tmp_path / "output" / ".state" / "inews.sqlite3"
        old = tmp_path / "old.sqlite3"
        with sqlite3.connect(old) as db:
            for statement in OLD_ARTICLE_DDL:
                db.execute(statement)
            db.execute(f"ATTACH '{path}' AS new")
            db.execute("INSERT INTO article SELECT url, first_seen, fingerprint, simhash, read_next, band0, band1, band2 "
                       "FROM new.article")
            db.execute("CREATE TABLE dropped AS SELECT * FROM new.dropped")
            db.execute("CREATE TABLE feed AS SELECT * FROM new.feed")
            db.commit()
            db.execute("DETACH new")
            db.execute("PRAGMA user_version = 3")
        shutil.move(old, path)
        for leftover in path.parent.glob("inews.sqlite3-*"):
            leftover.unlink()
        edit(EDITED, site, rewrite)
        # A record of schema 3 knows no title or update time: only a change beyond the
        # threshold is a revision, and this rewrite is one.
        edited = extract_article(pages_of(EDITED, site)[-1].read_text(encoding="utf-8"), EDITED)
        original = next(line for line in first if line["url"] == EDITED)
        assert hamming(fingerprints(edited["content"])[1], fingerprints(original["content"])[1]) > NEAR_DUPLICATE_DISTANCE
        second, stats = run(tmp_path, base_url, expected_crawl, *NOW)
        third, _ = run(tmp_path, base_url, expected_crawl, *NOW)
    finally:
        server.shutdown()
    [revision] = second
    assert (revision["url"], revision["revision"]) == (EDITED, 2)
    assert revision["revision_of_crawled_at"] is not None
    # Old rows had no validators: every check downloaded the page, all but one unchanged.
    assert revisions(stats) == {"checked": len(first), "not_modified": 0, "unchanged": len(first) - 1, "exported": 1}
    assert third == []
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA user_version").fetchone()[0] == 4
        assert db.execute("SELECT revision FROM article WHERE url = ?", (EDITED,)).fetchone() == (2,)
        assert db.execute("SELECT count(*) FROM article WHERE etag IS NOT NULL").fetchone()[0] > 0
