import logging
import random

import pytest
from scrapy import signals
from scrapy.exceptions import DropItem
from scrapy.utils.test import get_crawler

from generate_site import story_paragraphs
from newscrawler.items import Article
from newscrawler.pipelines import RECORD_BATCH, DatesPipeline, DeduplicationPipeline, ValidationPipeline
from newscrawler.state import open_state


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


STORY = " ".join(
    "Pemerintah provinsi menyiapkan posko banjir di dua puluh titik rawan sepanjang bantaran sungai "
    "kota, lengkap dengan perahu karet, dapur umum dan tenaga kesehatan yang bersiaga setiap hari."
    .split()
    * 6
)
OTHER_STORY = " ".join(
    "Tim nasional sepak bola menutup pemusatan latihan dengan laga uji coba melawan klub lokal "
    "di stadion utama, pelatih mencoba tiga formasi berbeda untuk menghadapi turnamen regional."
    .split()
    * 6
)


def dedup(tmp_path, recrawl=False):
    crawler = get_crawler(settings_dict={"STATE_DIR": str(tmp_path / "state"), "FEEDS": {}})
    crawler.spider = type("FakeSpider", (), {"name": "inews", "args": type("Args", (), {"recrawl": recrawl})()})()
    pipeline = DeduplicationPipeline.from_crawler(crawler)
    pipeline.open_spider(crawler.spider)
    return pipeline, crawler


def export(pipeline, crawler, item):
    """What Scrapy does for an item that passed: the feed writes it, then item_scraped fires."""
    pipeline.process_item(item)
    crawler.signals.send_catch_log(signal=signals.item_scraped, item=item, response=None, spider=crawler.spider)


def test_the_same_canonical_url_is_exported_once_per_run(tmp_path):
    pipeline, crawler = dedup(tmp_path)
    export(pipeline, crawler, article(content=STORY))
    with pytest.raises(DropItem, match="duplicate_url"):
        pipeline.process_item(article(title="Judul lain", content=OTHER_STORY))
    assert crawler.stats.get_value("newscrawler/duplicates/url") == 1


def test_the_same_story_under_another_url_or_lightly_edited_is_dropped_with_both_urls(tmp_path):
    pipeline, crawler = dedup(tmp_path)
    export(pipeline, crawler, article(content=STORY))
    copy = article(url="https://www.inews.id/news/nasional/copy", content=STORY.upper())
    with pytest.raises(DropItem, match="duplicate_exact_content.*copy.*same as .*a-b"):
        pipeline.process_item(copy)
    edited = article(url="https://www.inews.id/news/nasional/edited", content=STORY.replace("dua puluh", "dua puluh lima", 1))
    with pytest.raises(DropItem, match="duplicate_near_content"):
        pipeline.process_item(edited)
    export(pipeline, crawler, article(url="https://www.inews.id/sport/soccer/other", content=OTHER_STORY))
    assert crawler.stats.get_value("newscrawler/duplicates/exact_content") == 1
    assert crawler.stats.get_value("newscrawler/duplicates/near_content") == 1


def test_an_article_exported_by_an_earlier_run_is_known_and_dropped_unless_recrawl(tmp_path):
    first, crawler = dedup(tmp_path)
    export(first, crawler, article(content=STORY))
    first.close_spider()

    second, crawler = dedup(tmp_path)
    assert crawler.spider.is_known("https://www.inews.id/news/nasional/a-b")
    with pytest.raises(DropItem, match="duplicate_url"):
        second.process_item(article(content=STORY))
    with pytest.raises(DropItem, match="duplicate_near_content"):
        second.process_item(article(url="https://www.inews.id/x/y/z", content=STORY + " Tambahan satu kalimat."))
    second.close_spider()

    again, crawler = dedup(tmp_path, recrawl=True)
    item = article(content=STORY)
    assert again.process_item(item) is item


def test_an_item_is_recorded_only_once_the_feed_has_written_it(tmp_path):
    pipeline, crawler = dedup(tmp_path)
    pipeline.process_item(article(content=STORY))  # passed, but the feed never wrote it (crash)
    pipeline.close_spider()
    later, _ = dedup(tmp_path)
    assert later.state.count() == 0


def test_exported_articles_are_recorded_a_batch_at_a_time_and_when_the_crawl_idles(tmp_path):
    pipeline, crawler = dedup(tmp_path)
    stories = ["\n\n".join(story_paragraphs(random.Random(n))) for n in range(RECORD_BATCH + 3)]  # distinct
    items = [article(url=f"https://www.inews.id/news/nasional/berita-{n}", content=text) for n, text in enumerate(stories)]
    for item in items[: RECORD_BATCH - 1]:
        export(pipeline, crawler, item)
    with open_state(tmp_path / "state", "inews") as other:
        assert other.count() == 0  # flushed lines are covered by recovery until the batch is full
        export(pipeline, crawler, items[RECORD_BATCH - 1])
        assert other.count() == RECORD_BATCH
        for item in items[RECORD_BATCH:]:
            export(pipeline, crawler, item)
        crawler.signals.send_catch_log(signal=signals.spider_idle, spider=crawler.spider)
        assert other.count() == len(items)
        assert other.seen_url(items[-1].url)
