"""Character-level clean-up shared by every extraction layer."""
from __future__ import annotations

import re
import unicodedata

# Zero-width characters and soft hyphens that CMS editors paste into Indonesian copy, and the
# noncharacters U+FFFE / U+FFFF (a byte-swapped BOM, a CMS's end marker): no text, and XML
# forbids them, so lxml refuses any edit of a tree that holds one.
_INVISIBLES = "\u200b\u200c\u200d\u2060\ufeff\u00ad\ufffe\uffff"
_INVISIBLE = re.compile(f"[{_INVISIBLES}]")


def clean_line(text: str | None) -> str | None:
    """NFC, invisible characters removed, every whitespace run (NBSP included) → one space.
    Returns None for text that is empty afterwards, so absent stays absent."""
    if text is None:
        return None
    # ASCII text is already NFC and holds no invisible character: most lines of most pages
    # skip both steps (this runs on every text block of every page).
    if not text.isascii():
        text = unicodedata.normalize("NFC", text)
        for char in _INVISIBLES:  # rare: membership tests cost less than a sub (a loop, not any(): no generator)
            if char in text:
                text = _INVISIBLE.sub("", text)
                break
    # Most lines are clean already: printable means the only space character is " " (every
    # other one is a control or separator character), so without a double, leading or
    # trailing space there is no run to squeeze; the test costs a tenth of split + join.
    if text.isprintable() and "  " not in text and text[:1] != " " and text[-1:] != " ":
        return text or None
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
    if not title or len(_site_name(host)) < 2:
        return title
    for match in _BRAND_SEPARATORS.finditer(title):
        head, tail = title[: match.start()].strip(), title[match.end():].strip()
        if match.group(1) is not None:
            if names_site(match.group(1), host) and tail:
                return tail
        elif len(tail) <= 40 and names_site(tail, host) and head:
            return head
    return title


_KICKER_END = re.compile(r"[:|]\s*$")


def without_kicker(title: str | None, headlines: tuple[str | None, ...]) -> str | None:
    """``title`` without a kicker ("Neue Leipziger Schule: Judy Lybke, …", "«Evnukkmakeren»:
    Nordmann dømt …") when another headline of the page is the rest alone: the page itself then
    sets the kicker apart from the headline (an og:title or JSON-LD headline without it)."""
    for headline in headlines:
        if (title and headline and len(headline) < len(title) and title.endswith(headline)
                and _KICKER_END.search(title[:-len(headline)])):
            return headline
    return title


def _site_name(host: str) -> str:
    # Country codes (.id, .de) and generic labels are not the name.
    labels = [label for label in host.lower().split(".") if label not in _SUFFIX_LABELS and len(label) > 2]
    short = [label for label in host.lower().split(".")[:-1] if len(label) == 2 and label not in _SUFFIX_LABELS]
    return _squeezed(_ascii(labels[-1])) if labels else (short[-1] if short else "")


def names_site(text: str, host: str) -> bool:
    """Whether ``text`` holds the host's own name ("Kompas.com" on megapolitan.kompas.com,
    "DW" on www.dw.com: a short name only as a whole word)."""
    name = _site_name(host)
    if len(name) < 2:
        return False
    if len(name) >= 4:
        return name in _squeezed(_ascii(text))
    return name in re.findall(r"\w+", _squeezed_words(text))


# WordPress's default account: posts filed under it name the site's staff, not a writer.
_ADMIN_ACCOUNT = re.compile(r"/author/(?:admin|administrator)/?$")


def admin_account(profile_url: str | None) -> bool:
    """Whether an author's profile URL is the site's admin account (nobody in particular)."""
    return bool(profile_url) and bool(_ADMIN_ACCOUNT.search(profile_url))


def _squeezed_words(text: str) -> str:
    # "n-tv NACHRICHTEN" names n-tv.de: hyphens inside a word do not split the name.
    return re.sub(r"(?<=\w)-(?=\w)", "", text.lower())


def _ascii(text: str) -> str:
    """"Börsen" → "Boersen"-like matching with hosts: umlauts as the German transliteration,
    other accents dropped."""
    text = text.replace("ö", "oe").replace("ü", "ue").replace("ä", "ae").replace("Ö", "Oe").replace("Ü", "Ue").replace("Ä", "Ae")
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()


_NAME_JOINERS = re.compile(r"\s+(?:and|und|dan|&|y|et|og|och|en|e|i)\s+(?=[A-ZÀ-Ý])")
_INITIALS = re.compile(r"\s*\([a-z.]{2,6}\)$")
# Class: the byline's own words before the name, in the languages of the corpus ("By", "Von",
# "Par", "Por", "Door", "Av", "Oleh", "Reporter:", "Penulis:", "Pewarta:", "Rep:", "Text:"); a
# byline is a role plus a name, and only the name is the author.
_ROLE = re.compile(
    r"^(?:(?:written |words |story )?by|von|vom|par|por|door|av|oleh|"
    r"(?:reporter|reporterin|penulis|pewarta|rep|autor|autorin|author|text|texto|texte)\s*:)\s+(?=\w)",
    re.IGNORECASE,
)
# Indonesian credit lines name the editor after the writer ("Rep: A / Red: B", "Reporter: A /
# Editor: B"): the editor is not a writer.
_EDITOR_TAIL = re.compile(r"\s*/\s*(?:red|redaktur|editor)\s*:.*$", re.IGNORECASE | re.DOTALL)
# News agencies credited after the writer ("Felix Schröder, dpa"): a credit, not a place.
_AGENCIES = frozenset(
    "dpa afp ap reuters sda kna epd apa anp ansa efe belga tt ntb ritzau ctk pap mti bta ria tass "
    "aa antara bernama xinhua kyodo yonhap pti ians upi".split()
)
_PARTICLES = frozenset("von van der den de da di du del della des dos das la le bin binti al el ten ter zu ibn".split())


def name_like(text: str) -> bool:
    """Two to five capitalised words (particles such as "von", "de", "bin" aside), no digits:
    how a person's name looks, as opposed to a place ("Frankfurt"), a role ("profesorius") or
    a desk ("MDR THÜRINGEN")."""
    words = text.split()
    if not 2 <= len(words) <= 5 or any(ch.isdigit() for ch in text) or text.isupper():
        return False
    return all(w[0].isupper() or w.lower() in _PARTICLES for w in words)


def _mononym(text: str) -> bool:
    return " " not in text and text[:1].isupper() and not text.isupper() and not any(ch.isdigit() for ch in text)


def _comma_parts(entry: str) -> list[str]:
    """Class: "Name, Place" / "Name, role, outlet" bylines (dpa style "Von Anna Sleegers,
    Frankfurt"; a JSON-LD Person named "P. Aleksandravičius, … profesorius, Lrt.lt"). After the
    first part, a part is another writer only when it looks like a name ("Von Julian Seiferth,
    Charlotta Siemer"); a place, desk or role is dropped. ";" always separates writers."""
    people = []
    for group in entry.split(";"):
        parts = [p.strip() for p in group.split(",")]
        # Mononyms are common in Indonesia: "Budi, Agus" lists two writers, where
        # "Anna Sleegers, Frankfurt" names one writer and a place.
        mononyms = _mononym(parts[0])
        people.append(parts[0])
        for part in parts[1:]:
            # "A, B, C and D": the last part holds two writers.
            people.extend(
                piece for piece in _NAME_JOINERS.split(part)
                if name_like(piece) or piece.lower() in _AGENCIES or (mononyms and _mononym(piece))
            )
    return people


def person_names(names: list[str]) -> list[str]:
    """Writers as separate names: "A und B" / "A dan B" split, "Name (abc)" initials dropped,
    a leading role ("By", "Von", "Reporter:") dropped, places and roles after a comma dropped,
    e-mail addresses left out (a byline field holding "x@site.de" names nobody)."""
    people = []
    for entry in names:
        for part in _comma_parts(_ROLE.sub("", _EDITOR_TAIL.sub("", entry.strip()))):
            for name in _NAME_JOINERS.split(part):
                name = _INITIALS.sub("", _ROLE.sub("", name.strip())).strip()
                if name and "@" not in name and name not in people:
                    people.append(name)
    return people
