"""The keyword filter's parser and matcher (``newscrawler.keywords``)."""
from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from newscrawler.keywords import KeywordMatcher, parse_keywords


@pytest.mark.parametrize("value, keywords", [
    ('banjir,"gempa bumi"', ("banjir", "gempa bumi")),
    ("banjir,gempa bumi", ("banjir", "gempa bumi")),  # the shell took the quotes away
    (' Banjir , gempa   bumi ,banjir,', ("Banjir", "gempa bumi")),  # spaces, a repeat, an empty field
    ('"harga, naik",BBM', ("harga, naik", "BBM")),  # a comma inside quotes belongs to the phrase
    ("ｂａｎｊｉｒ", ("banjir",)),  # full-width letters are read as what they look like
    ("banjir\ngempa bumi\r\nlongsor", ("banjir", "gempa bumi", "longsor")),  # one per line, as in a file
])
def test_keywords_are_read_as_a_comma_separated_list_with_optional_quotes(value, keywords):
    assert parse_keywords(value) == keywords


@pytest.mark.parametrize("value", ["", " , ,", '""', "---", "banjir,!!"])
def test_a_value_naming_no_usable_keyword_is_refused(value):
    with pytest.raises(ValueError):
        parse_keywords(value)


@pytest.mark.parametrize("text", [
    "Banjir merendam tiga desa.", "BANJIR!", "Korban (banjir) dievakuasi", "banjir-banjir datang lagi",
    "Gempa bumi magnitudo 5,2", "gempa\nbumi", "GEMPA\u00a0BUMI", "terjadi gempa  bumi",
])
def test_whole_words_and_phrases_match_whatever_the_case_and_spacing(text):
    assert KeywordMatcher(("banjir", "gempa bumi")).matches(text)


@pytest.mark.parametrize("text", [
    "Desa itu kebanjiran lagi.",  # an affixed form is another word
    "banjirnya surut", "gempabumi", "gempa bumiku", "gempa", "", None,
])
def test_a_keyword_inside_another_word_does_not_match(text):
    assert not KeywordMatcher(("banjir", "gempa bumi")).matches(text)


def test_title_or_content_is_enough():
    matcher = KeywordMatcher(("BBM",))
    assert matcher.matches("Harga BBM naik", "Isi berita.")
    assert matcher.matches("Harga naik", "Pemerintah menaikkan harga bbm bersubsidi.")
    assert not matcher.matches("Harga naik", "Isi berita.")


def test_characters_a_regular_expression_gives_meaning_to_are_literal():
    matcher = KeywordMatcher(parse_keywords("C++,a.b,(x)"))
    assert matcher.matches("belajar C++ hari ini") and matcher.matches("a.b") and not matcher.matches("axb")


@given(st.text(), st.text())
def test_any_keyword_and_any_text_give_an_answer_or_a_clear_refusal(value, text):
    try:
        keywords = parse_keywords(value)
    except ValueError:
        return
    assert all(k.strip() for k in keywords)
    assert isinstance(KeywordMatcher(keywords).matches(text, text[::-1]), bool)
