"""Character-level clean-up: the fast whitespace and invisible-character handling must read
exactly like the regular expressions that define it."""
from __future__ import annotations

import re
import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from newscrawler.text import clean_line

SPACES_AND_INVISIBLES = st.sampled_from([" ", "\t", "\n", "\r", "\x0b", "\x0c", "\xa0", "\u2003", "\u3000", "\u2028",
                                         "\u200b", "\u200d", "\ufeff", "\u00ad", "\x1c", "\x85"])


def reference(text: str) -> str | None:
    text = re.sub(r"\s+", " ", re.sub("[\u200b\u200c\u200d\u2060\ufeff\u00ad]", "", unicodedata.normalize("NFC", text)))
    return text.strip() or None


@given(st.lists(st.one_of(st.text(max_size=8), SPACES_AND_INVISIBLES), max_size=30).map("".join))
def test_clean_line_equals_its_regular_expression_definition(text):
    assert clean_line(text) == reference(text)


def test_clean_line_examples():
    assert clean_line("  Jakarta,\u00a0iNews.id\u200b -  Banjir\n\nmerendam ") == "Jakarta, iNews.id - Banjir merendam"
    assert clean_line("\u200b \u00ad\n") is None
    assert clean_line("Cafe\u0301") == "Caf\u00e9"
    assert clean_line(None) is None
