"""The JSON Lines feed: every JSON Lines format name gets the flushing exporter, its lines
are what Scrapy's exporter would write, and -O files are found for crash recovery."""
from __future__ import annotations

import json

from scrapy.exporters import JsonLinesItemExporter
from scrapy.settings import Settings
from scrapy.utils.misc import load_object

import newscrawler.settings
from newscrawler.feeds import FlushingJsonLinesExporter, feed_targets
from newscrawler.items import ARTICLE_FIELDS, Article

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


def _export(exporter_class, path, item):
    with open(path, "wb") as file:
        exporter = exporter_class(file, fields_to_export=list(ARTICLE_FIELDS), encoding="utf-8")
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
    assert list(line) == list(ARTICLE_FIELDS)
    assert "fingerprints" not in line and line["title"] == "Judul \u201cberita\u201d"


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
    assert directory == tmp_path / "100%" / "inews"
    assert names.fullmatch("20261129T190203Z.jsonl")
    assert not names.fullmatch("notes.jsonl") and not names.fullmatch("20261129T190203Z.jsonl.bak")
