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


_BRAND_SEPARATORS = re.compile(r"\s+[|\-–—:·»]\s+|^([^\s:|]{3,40}):\s+")
# Labels of public suffixes: what is left of a host without them ends with the site's name.
_SUFFIX_LABELS = frozenset({"www", "com", "co", "net", "org", "or", "go", "ac", "sch", "web", "biz", "info", "news"})


def _squeezed(text: str) -> str:
    return re.sub(r"[\W_]+", "", text.lower())


def without_brand(title: str | None, host: str) -> str | None:
    """``title`` without a site-name prefix or suffix ("… | merdeka.com", "KapanLagi.com: …",
    "… - Kompas.com") on any host: the end part is a brand when it holds the host's own
    name. Portals in the registry name their suffixes; this is for every other host."""
    # Country codes (.id, .de) and generic labels are not the name.
    labels = [label for label in host.lower().split(".") if label not in _SUFFIX_LABELS and len(label) > 2]
    short = [label for label in host.lower().split(".")[:-1] if len(label) == 2 and label not in _SUFFIX_LABELS]
    name = _squeezed(_ascii(labels[-1])) if labels else (short[-1] if short else "")
    if not title or len(name) < 2:
        return title

    def names_host(part: str) -> bool:
        if len(name) >= 4:
            return name in _squeezed(_ascii(part))
        return name in re.findall(r"\w+", part.lower())  # "DW": a whole word, not a substring

    for match in _BRAND_SEPARATORS.finditer(title):
        head, tail = title[: match.start()].strip(), title[match.end():].strip()
        if match.group(1) is not None:
            if names_host(match.group(1)) and tail:
                return tail
        elif len(tail) <= 40 and names_host(tail) and head:
            return head
    return title


def _ascii(text: str) -> str:
    """"Börsen" → "Boersen"-like matching with hosts: umlauts as the German transliteration,
    other accents dropped."""
    text = text.replace("ö", "oe").replace("ü", "ue").replace("ä", "ae").replace("Ö", "Oe").replace("Ü", "Ue").replace("Ä", "Ae")
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()


_NAME_JOINERS = re.compile(r"\s+(?:and|und|dan|&|y|et|og|och|en|e|i)\s+(?=[A-ZÀ-Ý])")
_INITIALS = re.compile(r"\s*\([a-z.]{2,6}\)$")


def person_names(names: list[str]) -> list[str]:
    """Writers as separate names: "A und B" / "A dan B" split, "Name (abc)" initials dropped,
    e-mail addresses left out (a byline field holding "x@site.de" names nobody)."""
    people = []
    for entry in names:
        for name in _NAME_JOINERS.split(entry):
            name = _INITIALS.sub("", name).strip()
            if name and "@" not in name and name not in people:
                people.append(name)
    return people
