"""Character-level clean-up: the fast whitespace and invisible-character handling must read
exactly like the regular expressions that define it."""
from __future__ import annotations

import re
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from newscrawler.text import clean_line, names_site, person_names, without_brand, without_kicker

SPACES_AND_INVISIBLES = st.sampled_from([" ", "\t", "\n", "\r", "\x0b", "\x0c", "\xa0", "\u2003", "\u3000", "\u2028",
                                         "\u200b", "\u200d", "\ufeff", "\u00ad", "\x1c", "\x85", "\ufffe", "\uffff"])


def reference(text: str) -> str | None:
    text = re.sub(r"\s+", " ", re.sub("[\u200b\u200c\u200d\u2060\ufeff\u00ad\ufffe\uffff]", "", unicodedata.normalize("NFC", text)))
    return text.strip() or None


@given(st.lists(st.one_of(st.text(max_size=8), SPACES_AND_INVISIBLES), max_size=30).map("".join))
def test_clean_line_equals_its_regular_expression_definition(text):
    assert clean_line(text) == reference(text)


# Words of printable characters only, single-spaced: the lines clean_line returns unchanged
# without splitting them (combining accents included: those still need NFC).
CLEAN_WORDS = st.text(st.characters(blacklist_categories=("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp", "Zs")), min_size=1)


@given(st.lists(CLEAN_WORDS, min_size=1, max_size=12).map(" ".join))
def test_clean_line_of_a_single_spaced_printable_line_equals_its_definition(text):
    assert clean_line(text) == reference(text)


def test_clean_line_examples():
    assert clean_line("  Jakarta,\u00a0iNews.id\u200b -  Banjir\n\nmerendam ") == "Jakarta, iNews.id - Banjir merendam"
    assert clean_line("\u200b \u00ad\n") is None
    # Noncharacters are no text: alone they are nothing, inside a line they vanish.
    assert clean_line("\ufffe") is None and clean_line(" \uffff\n") is None
    assert clean_line("Banjir\ufffe merendam\uffff") == "Banjir merendam"
    assert clean_line("Cafe\u0301") == "Caf\u00e9"
    assert clean_line("Banjir merendam Jakarta.") == "Banjir merendam Jakarta."
    assert clean_line("Banjir\u00a0merendam") == "Banjir merendam" and clean_line(" Banjir ") == "Banjir"
    assert clean_line(None) is None


@pytest.mark.parametrize("title, host, expected", [
    ("5 Penyebab Pusing Setelah Makan | merdeka.com", "m.merdeka.com", "5 Penyebab Pusing Setelah Makan"),
    ("KapanLagi.com: Artis Menikah di Bali", "www.kapanlagi.com", "Artis Menikah di Bali"),
    ("Banjir Rob di Jakarta Utara - Kompas.com", "megapolitan.kompas.com", "Banjir Rob di Jakarta Utara"),
    ("Steigende US-Zinsen setzen Dax zu | Börsen-Zeitung", "www.boersen-zeitung.de", "Steigende US-Zinsen setzen Dax zu"),
    ("Ziele, Chancen, Risiken | DW | 28.04.2023", "www.dw.com", "Ziele, Chancen, Risiken"),
    # A dash inside the headline is not a brand, nor a short name that is only part of a word.
    ("Harga BBM Naik - Ini Kata Menteri", "news.detik.com", "Harga BBM Naik - Ini Kata Menteri"),
    ("Gempa di Jepang - Warga Mengungsi", "www.ap.org", "Gempa di Jepang - Warga Mengungsi"),
])
def test_without_brand_strips_the_hosts_own_name_only(title, host, expected):
    assert without_brand(title, host) == expected


@pytest.mark.parametrize("title, headlines, expected", [
    ("Neue Leipziger Schule: Judy Lybke, ganz und gar nicht eigenartig", (None, "Judy Lybke, ganz und gar nicht eigenartig"),
     "Judy Lybke, ganz und gar nicht eigenartig"),
    ("Vierschanzentournee | Beleidigen und beschuldigen", ("Beleidigen und beschuldigen", None), "Beleidigen und beschuldigen"),
    # No other headline without the kicker, or one that is not the end after a colon: unchanged.
    ("Banjir Jakarta: Ribuan Warga Mengungsi", ("Banjir Jakarta: Ribuan Warga Mengungsi", None),
     "Banjir Jakarta: Ribuan Warga Mengungsi"),
    ("Harga BBM Naik Lagi Mulai Besok", ("Naik Lagi Mulai Besok", None), "Harga BBM Naik Lagi Mulai Besok"),
    (None, ("Judul", None), None),
])
def test_without_kicker_takes_the_headline_the_page_gives_without_it(title, headlines, expected):
    assert without_kicker(title, headlines) == expected


def test_person_names_split_joined_bylines_and_drop_what_names_nobody():
    assert person_names(["Samya Kullab and Vasilisa Stepanenko", "Elena Oberholzer (obe)", "x.y@zeitung.de",
                         "Anna Martel und Lea Wagner", "Budi dan Siti Rahma", "Samya Kullab"]) == [
        "Samya Kullab", "Vasilisa Stepanenko", "Elena Oberholzer", "Anna Martel", "Lea Wagner", "Budi", "Siti Rahma"]


@pytest.mark.parametrize("bylines, expected", [
    (["By Madeleine Howell"], ["Madeleine Howell"]),
    (["von Jemima Kelly"], ["Jemima Kelly"]),
    (["Reporter: Budi Santoso"], ["Budi Santoso"]),
    (["Oleh Siti Rahma"], ["Siti Rahma"]),
    # Indonesian credit lines: "Pewarta:" (Antara), "Rep: A / Red: B" (Republika, whose editor
    # follows the writer on the same line).
    (["Pewarta: Rina Kartika"], ["Rina Kartika"]),
    (["Rep: Fikri Ramadhan / Red: Yudi Prasetyo"], ["Fikri Ramadhan"]),
    (["Reporter: Budi Santoso / Editor: Ani"], ["Budi Santoso"]),
    (["Rep: Fikri Ramadhan, Sari Utami / Red: Yudi Prasetyo"], ["Fikri Ramadhan", "Sari Utami"]),
    (["Repi Lestari"], ["Repi Lestari"]),
    # "Name, Place" (dpa style) and "Name, DESK": the place and the desk are nobody.
    (["Von Anna Sleegers, Frankfurt"], ["Anna Sleegers"]),
    (["von David Straub, MDR THÜRINGEN"], ["David Straub"]),
    # ... but a second name, an agency and a list ending in "and" are writers.
    (["Von Julian Seiferth, Charlotta Siemer"], ["Julian Seiferth", "Charlotta Siemer"]),
    (["Felix Schröder und Jörg Soldwisch, dpa"], ["Felix Schröder", "Jörg Soldwisch", "dpa"]),
    (["Mamokete Modiba, Claire Benit-Gbaffou, Sarah Charlton and Tanya Zack"],
     ["Mamokete Modiba", "Claire Benit-Gbaffou", "Sarah Charlton", "Tanya Zack"]),
    # Indonesian mononyms listed with commas are writers too.
    (["Budi, Agus"], ["Budi", "Agus"]),
    (["srf/hosb;kesm"], ["srf/hosb", "kesm"]),
    # A surname that starts like a role word stays.
    (["Byron Katie"], ["Byron Katie"]),
])
def test_person_names_drop_roles_places_and_desks(bylines, expected):
    assert person_names(bylines) == expected


@pytest.mark.parametrize("text, host, expected", [
    ("Krautreporter", "krautreporter.de", True),
    ("n-tv NACHRICHTEN", "www.n-tv.de", True),  # a hyphen inside the short name
    ("Deutsche Welle (www.dw.com)", "www.dw.com", True),
    ("Tim detikcom", "news.detik.com", True),
    ("Budi Santoso", "news.detik.com", False),
    ("Andrew", "www.dw.com", False),  # a short name only as a whole word
])
def test_names_site(text, host, expected):
    assert names_site(text, host) is expected


def test_place_and_country_after_a_newsroom_name_are_dropped():
    assert person_names(["hessenschau.de, Frankfurt, Germany"]) == ["hessenschau.de"]


@given(st.lists(st.text(alphabet=st.sampled_from("AbcDé ,;&-:.@()\u00a0"), max_size=40), max_size=5))
def test_person_names_never_raise_and_give_clean_names_the_author_field_can_join(bylines):
    # The item's author field is the names joined by ", ": a name must hold no comma.
    names = person_names(bylines)
    assert len(names) == len(set(names))
    for name in names:
        assert name and name == name.strip() and "," not in name and ";" not in name
