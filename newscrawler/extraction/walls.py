"""Pages served with 200 in place of an article: login walls, block pages, bot challenges,
paywalls and empty answers.

Extraction finds a title and some text on almost any page, so such a page would otherwise be
exported as an article ("Access Denied", "Masuk untuk melanjutkan membaca"). A page is a wall
when it carries a wall's marker *and* has no article body of its own: a real story about a
login outage, or a real page with a login form in its header, has a body far longer than
``MIN_ARTICLE_CHARS`` and is left alone. Markers are the stock wording and script names of
the block pages in use (Akamai, Cloudflare, Imperva, PerimeterX, DataDome, Sucuri, F5) and
the Indonesian and English prompts of login walls and paywalls.

Cost: a marker may sit anywhere in the page, so the whole page is searched, but not by one
regex over every character: a case-insensitive alternation in ``re`` costs ~0.3 µs a
character (200 ms on a 600 KB page, 2 s on a 2 MB one). Each marker list names a few literal
anchors that every marker contains (checked when the list is built); ``bytes.find`` locates
them in the page's lowercased bytes and the markers' regex runs only around them.

Pure: no Scrapy; the spider calls ``blocked_page_reason`` on each article page and counts
the reason under ``newscrawler/dropped/<reason>``.
"""
from __future__ import annotations

import re

__all__ = ["blocked_page_reason", "MIN_ARTICLE_CHARS", "REASONS"]

MIN_ARTICLE_CHARS = 500
"""Below this much body text a page may be a wall: the shortest iNews stories run to about
800 characters, a wall's prompt to one or two sentences."""
REASONS = ("empty_page", "bot_challenge", "access_denied", "paywall", "login_wall")

# How far from its anchor a marker may reach: the longest marker is ~45 characters, and
# pages indent wrapped lines (a whitespace run counts as one space in a marker).
_REACH = 256
# A space in a marker: any whitespace run, NBSP (as UTF-8) included.
_SPACE = rb"(?:\s|\xc2\xa0)+"


def _expansions(phrase: str) -> list[str]:
    """Every text ``phrase`` matches, whitespace runs as one space. Markers are written in a
    small part of regex syntax (literals, ``\\`` + punctuation, ``\\s*``, groups with ``|``
    and an optional ``?``) so that this can be enumerated and the anchors checked."""

    def sequence(i: int, stops: str) -> tuple[list[str], int]:
        texts = [""]
        while i < len(phrase) and phrase[i] not in stops:
            char = phrase[i]
            if char == "(":
                options, i = alternatives(i + 1)
                if phrase[i:i + 1] == "?":
                    options, i = options + [""], i + 1
                texts = [t + o for t in texts for o in options]
                continue
            if char == "\\" and phrase[i + 1:i + 3] == "s*":
                piece, i = "", i + 3
            elif char == "\\" and not phrase[i + 1:i + 2].isalnum():
                piece, i = phrase[i + 1], i + 2
            elif char in "\\[]{}*+?.^$|":
                raise ValueError(f"marker {phrase!r}: {char!r} at {i} is outside the marker syntax")
            else:
                piece, i = char, i + 1
            texts = [t + piece for t in texts]
        return texts, i

    def alternatives(i: int) -> tuple[list[str], int]:
        options: list[str] = []
        while True:
            texts, i = sequence(i, "|)")
            options += texts
            if phrase[i:i + 1] == ")":
                return options, i + 1
            if i >= len(phrase):
                raise ValueError(f"marker {phrase!r}: unclosed group")
            i += 1

    texts, _ = sequence(0, "")
    return texts


class _Markers:
    """Lowercase markers found through literal anchors (see the module docstring)."""

    def __init__(self, anchors: tuple[str, ...], *phrases: str):
        if any(anchor != anchor.lower() or not anchor.isascii() or anchor.split() != [anchor] for anchor in anchors):
            raise ValueError(f"anchors {anchors} must be lowercase ASCII without whitespace")
        for phrase in phrases:
            if phrase != phrase.lower():
                raise ValueError(f"marker {phrase!r} is matched against lowercased text: write it in lowercase")
            for text in _expansions(phrase):
                if not any(anchor in text for anchor in anchors):
                    raise ValueError(f"marker text {text!r} contains none of the anchors {anchors}")
        self.anchors = tuple(anchor.encode() for anchor in anchors)
        self.pattern = re.compile(b"|".join(p.encode().replace(b" ", _SPACE) for p in phrases))

    def search(self, page: bytes) -> bool:
        """Whether a marker occurs in ``page`` (lowercased UTF-8 bytes)."""
        windows = []
        for anchor in self.anchors:
            at = page.find(anchor)
            while at != -1:
                windows.append((max(at - _REACH, 0), at + len(anchor) + _REACH))
                at = page.find(anchor, at + 1)
        windows.sort()
        start = end = -1
        for window_start, window_end in windows:  # overlapping windows are searched once
            if window_start <= end:
                end = max(end, window_end)
                continue
            if end > start and self.pattern.search(page, start, end):
                return True
            start, end = window_start, window_end
        return end > start and self.pattern.search(page, start, end) is not None


# Interstitials that run a check before letting a browser in. Only what challenge pages
# carry: Cloudflare also injects /cdn-cgi/challenge-platform/scripts/jsd/ into normal pages.
_CHALLENGE = _Markers(
    ("_cf_chl_opt", "cf-browser-verification", "challenge-platform/h/", "cf-challenge-running", "checking",
     "cookies", "captcha", "ddos-guard", "moment", "verification"),
    r"_cf_chl_opt", r"cf-browser-verification", r"/cdn-cgi/challenge-platform/h/", r"cf-challenge-running",
    r"checking your browser before accessing", r"checking if the site connection is secure",
    # Cloudflare's later wording, met on mediaindonesia.com's index pages (portals.md §16f, EGI).
    r"performing security verification",
    r"enable javascript and cookies to continue", r"captcha-delivery\.com", r"px-captcha",
    r"ddos protection by ddos-guard", r"<title>\s*just a moment\.\.\.\s*</title>",
)
# Stock titles of block pages, compared with the whole title (a story may *mention* them).
_BLOCK_TITLES = re.compile("|".join(p.replace(" ", r"\s+") for p in (
    r"access denied", r"403 forbidden", r"forbidden", r"error 403", r"akses ditolak", r"request rejected",
    r"attention required! \| cloudflare", r"sorry, you have been blocked", r"you have been blocked",
    r"access to this page has been denied\.?", r"access denied - sucuri website firewall", r"error 1020",
)), re.IGNORECASE)
_BLOCK_TEXT = _Markers(
    ("permission", "rejected", "incapsula", "sucuri", "blocked", "mengakses"),
    r"you don't have permission to access", r"you do not have permission to access",
    r"the requested url was rejected", r"incapsula incident id", r"sucuri website firewall",
    r"sorry, you have been blocked", r"anda tidak memiliki izin untuk mengakses",
)
_TITLE_TAG = re.compile(r"<title[^>]*>(.*?)</title>", re.IGNORECASE | re.DOTALL)
# Prompts about *reading* behind a login (not "log in to comment", which real pages carry).
_LOGIN_PROMPT = _Markers(
    ("untuk", "terdaftar", "harus", "continue", "read", "logged"),
    r"(masuk|login|log in) untuk (melanjutkan|membaca)", r"untuk membaca (artikel|berita) (ini|selengkapnya)",
    r"khusus (untuk )?(pengguna|member|anggota) terdaftar", r"anda harus (masuk|login)",
    r"(sign|log) in to (continue|read|keep reading)", r"you must be logged in to (read|view|continue)",
    r"please (sign|log) in to (continue|read)",
)
_LOGIN_TITLE = re.compile(r"^\s*(masuk|login|log in|sign in|daftar|silakan masuk)\b", re.IGNORECASE)
_PASSWORD_FIELD = re.compile(rb"<input\b[^>]*\btype\s*=\s*[\"']?password")
_PAYWALL_PROMPT = _Markers(
    ("langgan", "premium", "subscri"),
    r"berlangganan untuk (membaca|melanjutkan|mengakses)", r"khusus (untuk )?pelanggan", r"konten premium",
    r"artikel premium", r"sudah berlangganan\?", r"subscribe to (continue|read|keep reading|unlock)",
    r"(this|the) (article|story|content) is (only )?(available )?(for|to) subscribers", r"subscribers only",
)
# Google's structured data for paywalled content: "isAccessibleForFree": false.
_NOT_FREE = re.compile(r"[\"']isAccessibleForFree[\"']\s*:\s*[\"']?false", re.IGNORECASE)


def _lowered(html_text: str) -> bytes:
    # bytes.lower folds ASCII only, which is all the markers hold, at memory speed;
    # str.lower costs 15-50 ns a character on pages with non-ASCII text.
    return html_text.encode("utf-8", "replace").lower()


def _declared_not_free(html_text: str) -> bool:
    at = html_text.find("isAccessibleForFree")
    while at != -1:
        if _NOT_FREE.match(html_text, max(at - 1, 0), at + 80):
            return True
        at = html_text.find("isAccessibleForFree", at + 1)
    return False


def _password_field(page: bytes) -> bool:
    at = page.find(b"password")
    while at != -1:
        tag = page.rfind(b"<", max(at - 2 * _REACH, 0), at)
        if tag != -1 and _PASSWORD_FIELD.match(page, tag, at + 8):
            return True
        at = page.find(b"password", at + 1)
    return False


def blocked_page_reason(html_text: str, fields: dict, *, min_article_chars: int = MIN_ARTICLE_CHARS) -> str | None:
    """Why this article page is not an article (one of ``REASONS``), or ``None`` for a page
    to export. ``fields`` is what ``extract_article`` returned for the same page; a body of
    ``min_article_chars`` or more is an article, whatever wall markers the page carries
    (but a declared paywall)."""
    if not html_text or html_text.isspace():
        return "empty_page"
    content = fields.get("content") or ""
    if len(content) >= min_article_chars:
        # A page that declares itself not free and shows a subscription prompt is a paywall
        # teaser however long the teaser is; exporting it would pass a fragment off as the
        # story. The cheap declaration is looked for first: this runs on every article page.
        if _declared_not_free(html_text) and _PAYWALL_PROMPT.search(_lowered(html_text)):
            return "paywall"
        return None
    page = _lowered(html_text)
    if _CHALLENGE.search(page):
        return "bot_challenge"
    titles = [t for t in (fields.get("title"), *_TITLE_TAG.findall(html_text[:20_000])) if t]
    if any(_BLOCK_TITLES.fullmatch(t.strip()) for t in titles) or _BLOCK_TEXT.search(page):
        return "access_denied"
    # A short body on a page that declares itself not free is the teaser, prompt or not
    # (Tempo Plus stories: "isAccessibleForFree": false and a few lines, portals.md §8c).
    if _PAYWALL_PROMPT.search(page) or _declared_not_free(html_text):
        return "paywall"
    login_form = _password_field(page) or any(_LOGIN_TITLE.match(t) for t in titles)
    if login_form and _LOGIN_PROMPT.search(page):
        return "login_wall"
    return None
