import logging

import pytest
from scrapy.exceptions import DropItem
from scrapy.utils.test import get_crawler

from newscrawler.items import Article
from newscrawler.pipelines import DatesPipeline, DeduplicationPipeline, ValidationPipeline


def make(pipeline_cls, **settings):
    crawler = get_crawler(settings_dict=settings)
    return pipeline_cls.from_crawler(crawler), crawler.stats


def article(**fields):
    base = dict(url="https://www.inews.id/news/nasional/a-b", title="Judul", content="Isi berita.")
    return Article(**{**base, **fields})


def test_unparsed_date_keeps_the_item_counts_and_logs_it(caplog):
    pipeline, stats = make(DatesPipeline)
    item = article(published_at_raw="Jumat sore", published_at=None)
    with caplog.at_level(logging.WARNING):
        assert pipeline.process_item(item) is item
    assert stats.get_value("newscrawler/dates/unparsed") == 1
    assert "Jumat sore" in caplog.text and item.url in caplog.text


def test_unparsed_date_drops_the_item_when_the_setting_asks():
    pipeline, stats = make(DatesPipeline, DROP_UNPARSED_DATES=True)
    with pytest.raises(DropItem, match="unparsed_date"):
        pipeline.process_item(article(published_at_raw="Jumat sore"))
    assert stats.get_value("newscrawler/dropped/unparsed_date") == 1


def test_parsed_and_missing_dates_are_not_unparsed():
    pipeline, stats = make(DatesPipeline)
    pipeline.process_item(article(published_at_raw="Jumat, 18 Februari 2022 - 11:10:00 WIB", published_at="2022-02-18T11:10:00+07:00"))
    pipeline.process_item(article())
    assert stats.get_value("newscrawler/dates/unparsed") is None
    assert stats.get_value("newscrawler/dates/missing") == 1


@pytest.mark.parametrize("field", ["url", "title", "content"])
def test_an_item_without_a_required_field_is_dropped_and_counted_by_reason(field):
    pipeline, stats = make(ValidationPipeline)
    with pytest.raises(DropItem, match=f"missing_{field}"):
        pipeline.process_item(article(**{field: None}))
    assert stats.get_value(f"newscrawler/dropped/missing_{field}") == 1


def test_a_complete_item_passes_validation_unchanged():
    pipeline, _ = make(ValidationPipeline)
    item = article()
    assert pipeline.process_item(item) is item


def test_the_same_canonical_url_is_exported_once_per_run():
    pipeline, stats = make(DeduplicationPipeline)
    pipeline.process_item(article())
    with pytest.raises(DropItem, match="duplicate_url"):
        pipeline.process_item(article(title="Judul lain"))
    pipeline.process_item(article(url="https://www.inews.id/news/nasional/c-d"))
    assert stats.get_value("newscrawler/dropped/duplicate_url") == 1
