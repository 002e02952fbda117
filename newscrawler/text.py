"""Character-level clean-up shared by every extraction layer."""
from __future__ import annotations

import re
import unicodedata

# Zero-width characters and soft hyphens that CMS editors paste into Indonesian copy.
_INVISIBLES = "\u200b\u200c\u200d\u2060\ufeff\u00ad"
_INVISIBLE = re.compile(f"[{_INVISIBLES}]")


def clean_line(text: str | None) -> str | None:
    """NFC, invisible characters removed, every whitespace run (NBSP included) → one space.
    Returns None for text that is empty afterwards, so absent stays absent."""
    if text is None:
        return None
    text = unicodedata.normalize("NFC", text)
    if any(char in text for char in _INVISIBLES):  # rare: the membership tests cost less than a sub
        text = _INVISIBLE.sub("", text)
    # str.split() splits on exactly the characters re's \s matches in str patterns
    # (str.isspace), so this equals re.sub(r"\s+", " ", text).strip(), four times faster.
    return " ".join(text.split()) or None


def join_paragraphs(paragraphs: list[str]) -> str | None:
    return "\n\n".join(paragraphs) or None


def without_suffix(text: str | None, suffixes: tuple[str, ...]) -> str | None:
    """``text`` without the first of ``suffixes`` it ends with (a site's " - Brand" tail)."""
    for suffix in suffixes:
        if text and text.endswith(suffix):
            return text[: -len(suffix)].rstrip()
    return text
