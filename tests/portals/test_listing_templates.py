"""Listing templates (newscrawler/portals/base.py): paging a URL that prints the same date twice
in two spellings, as liputan6's index does (portals.md §7b)."""
from datetime import date

from newscrawler.portals.base import Listing

LIPUTAN6 = Listing("https://www.liputan6.com/indeks/{day:%Y/%m/%d}?start={day:%Y-%m-%d}&end={next_day:%Y-%m-%d}&page={page}")


def test_a_date_printed_in_two_spellings_is_paged_with_both_kept():
    first = LIPUTAN6.urls([date(2026, 11, 27)], [])[0]
    assert first == "https://www.liputan6.com/indeks/2026/11/27?start=2026-11-27&end=2026-11-28&page=1"
    assert LIPUTAN6.next_page(first) == "https://www.liputan6.com/indeks/2026/11/27?start=2026-11-27&end=2026-11-28&page=2"


def test_a_field_repeated_in_the_same_spelling_must_still_agree():
    listing = Listing("https://example.id/{day:%Y-%m-%d}/x?d={day:%Y-%m-%d}&p={page}")
    assert listing.next_page("https://example.id/2026-11-27/x?d=2026-11-27&p=3") == "https://example.id/2026-11-27/x?d=2026-11-27&p=4"
    assert listing.next_page("https://example.id/2026-11-27/x?d=2026-11-28&p=3") is None
