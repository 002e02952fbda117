"""Tempo's rules (newscrawler/portals/tempo.py) and the quirks of its pages, on the fixture copy
in tests/fixtures/tempo (facts: shared/sites/portals.md §8)."""
from __future__ import annotations

import dataclasses
import subprocess
import sys
from datetime import date

import pytest

from newscrawler.dates import parse_indonesian_date, to_iso
from newscrawler.extraction import extract_with_report
from newscrawler.middlewares import article_channel
from newscrawler.portals import PORTALS, canonical_url, portal_for_url
from tests.conftest import FIXTURES, portal_site

TEMPO = PORTALS["tempo"]
SITE = portal_site("tempo")
WWW = "https://www.tempo.co"
STORY = f"{WWW}/politik/badan-legislasi-tunda-pembahasan-rancangan-undang-undang-penyiaran-2301457"
TRAP = f"{WWW}/hukum/polisi-bongkar-sindikat-pemalsuan-sertifikat-tanah-di-bekasi-2301733"
PLUS = f"{WWW}/investigasi/jejak-aliran-dana-proyek-irigasi-di-tiga-provinsi-2301800"


def page(url: str) -> bytes:
    return (SITE / url.split("://", 1)[1] / "index.html").read_bytes()


@pytest.mark.parametrize("variant", [
    STORY,
    STORY + "/",
    STORY + "?utm_source=rss&utm_medium=feed",
    STORY + "#baca",
    "http://WWW.TEMPO.CO/politik/badan-legislasi-tunda-pembahasan-rancangan-undang-undang-penyiaran-2301457",
])
def test_every_form_of_an_article_has_one_canonical_url(variant):
    assert TEMPO.is_article_url(variant)
    assert canonical_url(variant) == STORY


@pytest.mark.parametrize("url", [
    f"{WWW}/ekonomi/trump-umumkan-tarif-baru-2277913",                        # §8a, EGI's example
    "https://nasional.tempo.co/read/1234567/jokowi-resmikan-bendungan",          # §8a legacy
    "https://bisnis.tempo.co/read/news/2016/10/06/090810123/harga-cabai-naik",   # §8a older legacy
])
def test_current_and_legacy_forms_are_tempo_articles_kept_as_they_are(url):
    assert TEMPO.is_article_url(url)
    assert portal_for_url(url) is TEMPO
    assert canonical_url(url) == url


@pytest.mark.parametrize("url", [
    f"{WWW}/",
    f"{WWW}/ekonomi",
    f"{WWW}/ekonomi/bisnis",                               # a sub-rubrik never ends in -<digits>
    f"{WWW}/penulis/raden-arya-wibisana-1021",             # ends in digits (EGI)
    f"{WWW}/tag/ruu-penyiaran-12044",
    f"{WWW}/indeks",
    f"{WWW}/ekonomi/_payload.json",
    f"{WWW}/ekonomi/bisnis/harga-emas-naik-2277913",       # three segments
    "https://rss.tempo.co/nasional",
    "https://rss.tempo.co/read/1234567/a-b",
    "https://eviltempo.co/ekonomi/a-b-2277913",
])
def test_authors_tags_rubrik_pages_payloads_and_feeds_are_not_articles(url):
    assert not TEMPO.is_article_url(url)


def test_entry_points_for_two_days_are_the_index_of_each_day_and_the_chosen_kanal_feeds():
    urls = TEMPO.entry_points([date(2026, 11, 27), date(2026, 11, 28)], ["nasional", "bisnis", "politik"])
    assert urls == [
        f"{WWW}/",
        f"{WWW}/indeks?page=1&start_date=2026-11-27&end_date=2026-11-27",
        f"{WWW}/indeks?page=1&start_date=2026-11-28&end_date=2026-11-28",
        "https://rss.tempo.co/nasional",
        "https://rss.tempo.co/bisnis",
    ]  # politik is a rubrik of the current site without a feed of its own


def test_the_index_is_paged_keeping_its_day():
    assert (TEMPO.next_listing_page(f"{WWW}/indeks?page=2&start_date=2026-11-27&end_date=2026-11-27")
            == f"{WWW}/indeks?page=3&start_date=2026-11-27&end_date=2026-11-27")
    assert TEMPO.next_listing_page("https://rss.tempo.co/nasional") is None
    assert TEMPO.next_listing_page(f"{WWW}/") is None


def test_no_split_articles():
    assert TEMPO.whole_article_url(STORY) == STORY


def test_the_channel_is_the_rubrik_or_the_legacy_kanal_host():
    assert article_channel(STORY) == "politik"
    assert article_channel("https://nasional.tempo.co/read/1234567/jokowi-resmikan-bendungan") == "nasional"


def test_paragraph_wrappers_are_joined_and_the_editor_pick_line_dropped(monkeypatch):
    fields, report = extract_with_report(page(STORY), STORY)
    assert report.layout == "tempo_2026" and report.layers["content"] == "site"
    assert fields["content"].count("\n\n") == 4  # five wrappers with text, the sub-head among them
    assert "Pilihan Editor" not in fields["content"]
    # The line is in the page; without the layout's drop rule it would be exported.
    layout = TEMPO.layouts[0]
    kept = dataclasses.replace(layout, selectors=dataclasses.replace(layout.selectors, drop=()))
    monkeypatch.setattr(type(TEMPO), "layouts", (kept,))
    assert "Pilihan Editor" in extract_with_report(page(STORY), STORY)[0]["content"]


def test_a_repeated_author_is_named_once_and_tags_are_the_kebab_aliases():
    fields, _ = extract_with_report(page(STORY), STORY)
    assert fields["author"] == "Raden Arya Wibisana, Citra Maharani"
    assert fields["tags"] == ["ruu-penyiaran", "dpr", "kebebasan-pers"]
    assert (fields["category"], fields["subcategory"]) == ("Politik", "Parlemen")


def test_json_ld_dates_win_over_a_null_wib_meta_and_the_sidebar():
    # §8c: article:published_time is human text, or "null WIB" (ARIF); the "Terbaru" strip
    # above the article shows other days' dates and "5 menit lalu".
    html = page(TRAP)
    assert b'property="article:published_time" content="null WIB"' in html
    fields, report = extract_with_report(html, TRAP)
    assert (fields["published_at"], report.layers["published_at"]) == ("2026-11-28T06:10:00+07:00", "jsonld")
    assert fields["updated_at"] is None  # no dateModified (§8c)


def test_a_tempo_plus_teaser_is_a_paywall_not_an_article():
    fields, report = extract_with_report(page(PLUS), PLUS)
    assert report.blocked == "paywall"


@pytest.mark.parametrize("text,iso", [
    ("24 Juli 2026 | 09.00 WIB", "2026-07-24T09:00:00+07:00"),       # §8d, dot as time separator
    ("24 Juli 2026 | 11.32 WIB", "2026-07-24T11:32:00+07:00"),
    ("2026-07-24 09:00:00", "2026-07-24T09:00:00+07:00"),            # §8d payload, naive = WIB
    ("6 Oktober 2015 | 10:25", "2015-10-06T10:25:00+07:00"),          # §8d 2016 form (ROJ)
])
def test_documented_tempo_date_forms_parse_as_wib(text, iso):
    assert to_iso(parse_indonesian_date(text)) == iso


def test_a_null_wib_meta_is_no_date():
    assert parse_indonesian_date("null WIB") is None


def test_the_fixture_copy_is_what_build_py_renders():
    build = FIXTURES / "tempo" / "build.py"
    result = subprocess.run([sys.executable, str(build), "--check"], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
