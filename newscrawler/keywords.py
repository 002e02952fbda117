"""The topic filter behind ``-a keywords=banjir,"gempa bumi"``: does an article's title or
content contain one of the keywords as a whole word (or a whole phrase)?

Written here rather than taken from a library: what is needed is one compiled alternation
with Unicode word boundaries, which the standard ``re`` module gives; a search library
(whoosh, tantivy) would add an index for a single pass over two strings. No stemming:
Indonesian affixes make other words (``banjir`` is not ``kebanjiran``), so a user who wants
those lists them.
"""
from __future__ import annotations

import csv
import re
import unicodedata

_SPACE = re.compile(r"\s+")


def parse_keywords(value: str) -> tuple[str, ...]:
    """``banjir,"gempa bumi"`` (quotes optional: a shell has usually removed them) -> the
    keywords, spaces inside a phrase made single, duplicates (ignoring case) left out. Line
    breaks separate keywords too (``-a keywords="$(cat topics.txt)"``). ValueError when the
    value names no keyword, or one without a letter or digit."""
    try:
        fields = [field for row in csv.reader(value.splitlines(keepends=True), skipinitialspace=True, strict=True) for field in row]
    except csv.Error as error:  # a quote left open, a NUL
        raise ValueError(str(error)) from None
    keywords: dict[str, str] = {}
    for field in fields:
        keyword = _SPACE.sub(" ", unicodedata.normalize("NFKC", field)).strip()
        if not keyword:
            continue
        if not re.search(r"\w", keyword):
            raise ValueError(f"{keyword!r} has no letter or digit")
        keywords.setdefault(keyword.casefold(), keyword)
    if not keywords:
        raise ValueError("no keyword")
    return tuple(keywords.values())


class KeywordMatcher:
    """One regular expression for all keywords: a keyword matches where neither side touches
    another letter or digit, case-insensitively; a phrase's words may be separated by any run
    of white space (a line break, a no-break space) in the text."""

    def __init__(self, keywords: tuple[str, ...]):
        alternatives = (r"\s+".join(map(re.escape, keyword.split(" "))) for keyword in keywords)
        self.pattern = re.compile(rf"(?<!\w)(?:{'|'.join(alternatives)})(?!\w)", re.IGNORECASE)

    def matches(self, *texts: str | None) -> bool:
        return any(text and self.pattern.search(unicodedata.normalize("NFKC", text)) for text in texts)
