"""The JSON Lines feed: every JSON Lines format name gets the flushing exporter, its lines
are what Scrapy's exporter would write, and -O files are found for crash recovery."""
from __future__ import annotations

import json

import pytest

from scrapy.exporters import JsonLinesItemExporter
from scrapy.settings import Settings
from scrapy.utils.misc import load_object

import newscrawler.settings
from newscrawler.feeds import FlushingJsonLinesExporter, feed_targets
from newscrawler.items import EXPORTED_FIELDS, Article

ARTICLE = Article(
    url="https://www.inews.id/news/nasional/contoh-berita", source="www.inews.id", title="Judul \u201cberita\u201d",
    content="Paragraf satu.\n\nParagraf dua.", published_at="2026-11-28T10:15:00+07:00", tags=["banjir", "Jakarta"],
    crawled_at="2026-11-29T00:00:00+00:00", fingerprints=("ab" * 16, 12345),
)


def test_every_json_lines_format_name_uses_the_flushing_exporter():
    """`-O articles.jsonl` picks the format "jsonl" from the extension: with Scrapy's own
    exporter there, lines would sit in a buffer when the crawl is killed."""
    settings = Settings()
    settings.setmodule(newscrawler.settings, priority="project")
    exporters = settings.getwithbase("FEED_EXPORTERS")
    json_lines_names = [name for name, path in exporters.items() if name in settings["FEED_EXPORTERS_BASE"]
                        and load_object(settings["FEED_EXPORTERS_BASE"][name]) is JsonLinesItemExporter]
    assert sorted(json_lines_names) == ["jl", "jsonl", "jsonlines"]
    for name in json_lines_names:
        assert load_object(exporters[name]) is FlushingJsonLinesExporter, name


CRAWL_FIELDS = newscrawler.settings.FEEDS[next(iter(newscrawler.settings.FEEDS))]["fields"]
"""The field list the crawl's feed is configured with."""


def _export(exporter_class, path, item):
    with open(path, "wb") as file:
        exporter = exporter_class(file, fields_to_export=CRAWL_FIELDS, encoding="utf-8")
        exporter.start_exporting()
        exporter.export_item(item)
        with open(path, "rb") as reader:  # flushed: visible before the file is closed
            written_before_close = reader.read()
        exporter.finish_exporting()
    return path.read_bytes(), written_before_close


def test_an_article_line_is_what_scrapy_writes_flushed_and_without_private_fields(tmp_path):
    ours, visible = _export(FlushingJsonLinesExporter, tmp_path / "ours.jsonl", ARTICLE)
    scrapys, _ = _export(JsonLinesItemExporter, tmp_path / "scrapy.jsonl", ARTICLE)
    assert ours == scrapys
    assert visible == ours
    line = json.loads(ours)
    assert list(line) == list(EXPORTED_FIELDS)
    assert "fingerprints" not in line and line["title"] == "Judul \u201cberita\u201d"


def test_with_the_crawls_fields_an_article_line_skips_scrapys_field_by_field_path(tmp_path, monkeypatch):
    """Scrapy's path looks up each field's serializer metadata for every item, which cost
    the crawl about half of each line's export time."""
    def field_by_field(*args, **kwargs):
        raise AssertionError("Scrapy's field-by-field path was taken")

    monkeypatch.setattr(JsonLinesItemExporter, "get_serialized_fields", field_by_field)
    line, _ = _export(FlushingJsonLinesExporter, tmp_path / "ours.jsonl", ARTICLE)
    assert json.loads(line)["url"] == ARTICLE.url


def test_a_dict_item_and_other_field_lists_take_scrapys_path(tmp_path):
    path = tmp_path / "other.jsonl"
    with open(path, "wb") as file:
        exporter = FlushingJsonLinesExporter(file, fields_to_export=["url", "extra"], encoding="utf-8")
        exporter.export_item({"url": "https://x.example/a", "extra": 1})
        exporter.export_item(ARTICLE)
    first, second = (json.loads(line) for line in path.read_text().splitlines())
    assert first == {"url": "https://x.example/a", "extra": 1}
    assert second == {"url": ARTICLE.url}  # a field the item lacks is left out, as Scrapy does


def test_explicit_output_files_and_per_run_directories_are_found_for_recovery(tmp_path):
    files = [tmp_path / f"out-{name}.jsonl" for name in ("jsonlines", "jsonl", "jl")]
    feeds = {str(path): {"format": name, "overwrite": name == "jl"} for path, name in zip(files, ("jsonlines", "jsonl", "jl"))}
    feeds[str(tmp_path / "out.csv")] = {"format": "csv"}
    feeds[str(tmp_path / "100%%" / "%(name)s" / "%(run_time)s.jsonl")] = {"format": "jsonlines"}
    targets = feed_targets(feeds, "inews")
    assert targets.files == [(files[0], False), (files[1], False), (files[2], True)]
    [(directory, names)] = targets.run_dirs
    # A name only %(name)s fills is the same file every run (crawlall's file per portal).
    one_per_spider = {str(tmp_path / "%(name)s" / "%(name)s.jsonl"): {"format": "jsonlines", "overwrite": True}}
    assert feed_targets(one_per_spider, "inews") == ([], [(tmp_path / "inews" / "inews.jsonl", True)])
    assert directory == tmp_path / "100%" / "inews"
    assert names.fullmatch("20261129T190203Z.jsonl")
    assert not names.fullmatch("notes.jsonl") and not names.fullmatch("20261129T190203Z.jsonl.bak")


# -- FeedLedger: which feed files are ours, and reading them back -------------------------

import newscrawler.feeds as feeds_module  # noqa: E402
from newscrawler.feeds import FeedLedger, overwrite_refusal  # noqa: E402
from newscrawler.state import open_state  # noqa: E402


def _line(url: str) -> bytes:
    return (json.dumps({"url": url, "content": f"Isi berita {url}"}) + "\n").encode()


def test_a_foreign_file_is_read_and_trimmed_only_after_the_bytes_it_had_when_the_crawler_opened_it(tmp_path):
    out = tmp_path / "shared.jsonl"
    theirs = _line("https://www.inews.id/news/nasional/milik-orang-lain") + b'{"half a line of their own'
    out.write_bytes(theirs)
    feeds = {str(out): {"format": "jsonlines"}}
    with open_state(tmp_path / "state", "inews") as state:
        ledger = FeedLedger(state, tmp_path / "state", "inews", feeds)
        assert ledger.recover() == 0
        assert out.read_bytes() == theirs  # not registered yet: not even read
        ledger.register(out, overwrite=False)
        with out.open("ab") as handle:  # this run's lines, the last one cut by a kill
            handle.write(_line("https://www.inews.id/news/nasional/milik-kami") + b'{"url": "https://www.inews.id/x", "co')
        assert FeedLedger(state, tmp_path / "state", "inews", feeds).recover() == 1
        assert out.read_bytes() == theirs + _line("https://www.inews.id/news/nasional/milik-kami")
        assert state.seen_url("https://www.inews.id/news/nasional/milik-kami")
        assert not state.seen_url("https://www.inews.id/news/nasional/milik-orang-lain")


def test_a_feed_file_replaced_since_the_crawler_wrote_it_is_not_read_or_changed(tmp_path):
    run_dir = tmp_path / "output" / "inews"
    run_dir.mkdir(parents=True)
    mine = run_dir / "20261129T190203Z.jsonl"
    mine.write_bytes(_line("https://www.inews.id/a"))
    feeds = {str(run_dir.parent / "%(name)s" / "%(run_time)s.jsonl"): {"format": "jsonlines"}}
    with open_state(tmp_path, "inews") as state:
        assert FeedLedger(state, tmp_path, "inews", feeds).recover() == 1
        mine.unlink()
        replacement = b'{"url": "https://www.inews.id/b"}\n{"cut'
        mine.write_bytes(replacement)  # a new file under the old name (another inode)
        state.put_feed_files([state.feed_files()[str(mine)]._replace(closed=False)])
        assert FeedLedger(state, tmp_path, "inews", feeds).recover() == 0
        assert mine.read_bytes() == replacement
        assert str(mine) not in state.feed_files()


def test_at_start_only_feed_files_with_unread_bytes_are_opened(tmp_path, monkeypatch):
    """A per-run file is read once after its run (or not at all when the run recorded all it
    wrote): at 48 runs a day, a start must not open a year of files."""
    run_dir = tmp_path / "output" / "inews"
    run_dir.mkdir(parents=True)
    feeds = {str(run_dir.parent / "%(name)s" / "%(run_time)s.jsonl"): {"format": "jsonlines"}}
    for day in range(1, 6):
        (run_dir / f"202611{day:02d}T000000Z.jsonl").write_bytes(_line(f"https://www.inews.id/{day}"))
    (run_dir / "notes.jsonl").write_bytes(b"not ours\n")
    opened = []
    real_open = open
    monkeypatch.setattr(feeds_module, "open", lambda path, *a, **k: opened.append(path) or real_open(path, *a, **k),
                        raising=False)
    with open_state(tmp_path, "inews") as state:
        assert FeedLedger(state, tmp_path, "inews", feeds).recover() == 5
        assert len(opened) == 5 and not any("notes" in path for path in opened)
        opened.clear()
        killed = run_dir / "20261106T000000Z.jsonl"
        ledger = FeedLedger(state, tmp_path, "inews", feeds)
        ledger.register(killed, overwrite=False)
        killed.write_bytes(_line("https://www.inews.id/6"))  # a run killed before recording it
        assert FeedLedger(state, tmp_path, "inews", feeds).recover() == 1
        assert opened == [str(killed)]
        opened.clear()
        finished = run_dir / "20261107T000000Z.jsonl"
        ledger = FeedLedger(state, tmp_path, "inews", feeds)
        ledger.register(finished, overwrite=False)
        finished.write_bytes(_line("https://www.inews.id/7"))
        state.record("https://www.inews.id/7", "f7", 7)
        ledger.finish()  # the run ended with everything recorded
        assert FeedLedger(state, tmp_path, "inews", feeds).recover() == 0
        assert opened == []
    assert (run_dir / "notes.jsonl").read_bytes() == b"not ours\n"


def test_overwriting_a_file_that_holds_exported_articles_is_refused(tmp_path):
    out = tmp_path / "articles.jsonl"
    feeds = {str(out): {"format": "jsonlines", "overwrite": True}}
    assert overwrite_refusal(feeds, tmp_path / "state", "inews") is None  # no file yet
    with open_state(tmp_path / "state", "inews") as state:
        ledger = FeedLedger(state, tmp_path / "state", "inews", feeds)
        ledger.register(out, overwrite=True)
        assert overwrite_refusal(feeds, tmp_path / "state", "inews") is None  # nothing in it yet
        out.write_bytes(_line("https://www.inews.id/a"))
    assert "the file holds articles that earlier runs exported" in overwrite_refusal(feeds, tmp_path / "state", "inews")
    (tmp_path / "state" / "inews.sqlite3").unlink()  # the feed-file list alone still knows
    assert overwrite_refusal(feeds, tmp_path / "state", "inews") is not None
    assert overwrite_refusal({str(tmp_path / "foreign.jsonl"): {"overwrite": True}}, tmp_path / "state", "inews") is None


def test_the_feed_file_list_is_replaced_whole_or_not_at_all(tmp_path, monkeypatch):
    target = tmp_path / "inews.feeds.json"
    feeds_module.write_atomically(target, b"old")
    def full_disk(fd):
        raise OSError(28, "No space left on device")
    monkeypatch.setattr(feeds_module.os, "fsync", full_disk)
    with pytest.raises(OSError):
        feeds_module.write_atomically(target, b"new and longer")
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["inews.feeds.json"]  # no temporary file left
