"""Pages served with 200 in place of an article: login walls, block pages, bot challenges,
paywalls and empty answers.

Extraction finds a title and some text on almost any page, so such a page would otherwise be
exported as an article ("Access Denied", "Masuk untuk melanjutkan membaca"). A page is a wall
when it carries a wall's marker *and* has no article body of its own: a real story about a
login outage, or a real page with a login form in its header, has a body far longer than
``MIN_ARTICLE_CHARS`` and is left alone. Markers are the stock wording and script names of
the block pages in use (Akamai, Cloudflare, Imperva, PerimeterX, DataDome, Sucuri, F5) and
the Indonesian and English prompts of login walls and paywalls.

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


def _phrases(*phrases: str) -> re.Pattern[str]:
    """One case-insensitive pattern; a space in a phrase matches any run of whitespace."""
    return re.compile("|".join(p.replace(" ", r"\s+") for p in phrases), re.IGNORECASE)


# Interstitials that run a check before letting a browser in. Only what challenge pages
# carry: Cloudflare also injects /cdn-cgi/challenge-platform/scripts/jsd/ into normal pages.
_CHALLENGE = _phrases(
    r"_cf_chl_opt", r"cf-browser-verification", r"/cdn-cgi/challenge-platform/h/", r"cf-challenge-running",
    r"checking your browser before accessing", r"checking if the site connection is secure",
    r"enable javascript and cookies to continue", r"captcha-delivery\.com", r"px-captcha",
    r"ddos protection by ddos-guard", r"<title>\s*just a moment\.\.\.\s*</title>",
)
# Stock titles of block pages, compared with the whole title (a story may *mention* them).
_BLOCK_TITLES = _phrases(
    r"access denied", r"403 forbidden", r"forbidden", r"error 403", r"akses ditolak", r"request rejected",
    r"attention required! \| cloudflare", r"sorry, you have been blocked", r"you have been blocked",
    r"access to this page has been denied\.?", r"access denied - sucuri website firewall", r"error 1020",
)
_BLOCK_TEXT = _phrases(
    r"you don't have permission to access", r"you do not have permission to access",
    r"the requested url was rejected", r"incapsula incident id", r"sucuri website firewall",
    r"sorry, you have been blocked", r"anda tidak memiliki izin untuk mengakses",
)
_TITLE_TAG = re.compile(r"<title[^>]*>(.*?)</title>", re.IGNORECASE | re.DOTALL)
# Prompts about *reading* behind a login (not "log in to comment", which real pages carry).
_LOGIN_PROMPT = _phrases(
    r"(masuk|login|log in) untuk (melanjutkan|membaca)", r"untuk membaca (artikel|berita) (ini|selengkapnya)",
    r"khusus (untuk )?(pengguna|member|anggota) terdaftar", r"anda harus (masuk|login)",
    r"(sign|log) in to (continue|read|keep reading)", r"you must be logged in to (read|view|continue)",
    r"please (sign|log) in to (continue|read)",
)
_LOGIN_TITLE = re.compile(r"^\s*(masuk|login|log in|sign in|daftar|silakan masuk)\b", re.IGNORECASE)
_PASSWORD_FIELD = re.compile(r"<input\b[^>]*\btype\s*=\s*[\"']?password", re.IGNORECASE)
_PAYWALL_PROMPT = _phrases(
    r"berlangganan untuk (membaca|melanjutkan|mengakses)", r"khusus (untuk )?pelanggan", r"konten premium",
    r"artikel premium", r"sudah berlangganan\?", r"subscribe to (continue|read|keep reading|unlock)",
    r"(this|the) (article|story|content) is (only )?(available )?(for|to) subscribers", r"subscribers only",
)
# Google's structured data for paywalled content: "isAccessibleForFree": false.
_NOT_FREE = re.compile(r"[\"']isAccessibleForFree[\"']\s*:\s*[\"']?false", re.IGNORECASE)


def blocked_page_reason(html_text: str, fields: dict) -> str | None:
    """Why this article page is not an article (one of ``REASONS``), or ``None`` for a page
    to export. ``fields`` is what ``extract_article`` returned for the same page."""
    if not html_text or html_text.isspace():
        return "empty_page"
    content = fields.get("content") or ""
    if len(content) >= MIN_ARTICLE_CHARS:
        # A page that declares itself not free and shows a subscription prompt is a paywall
        # teaser however long the teaser is; exporting it would pass a fragment off as the
        # story. The cheap declaration is looked for first: this runs on every article page.
        if "isAccessibleForFree" in html_text and _NOT_FREE.search(html_text) and _PAYWALL_PROMPT.search(html_text):
            return "paywall"
        return None
    paywall_prompt = _PAYWALL_PROMPT.search(html_text) is not None
    if _CHALLENGE.search(html_text):
        return "bot_challenge"
    titles = [t for t in (fields.get("title"), *_TITLE_TAG.findall(html_text[:20_000])) if t]
    if any(_BLOCK_TITLES.fullmatch(t.strip()) for t in titles) or _BLOCK_TEXT.search(html_text):
        return "access_denied"
    if paywall_prompt:
        return "paywall"
    login_form = _PASSWORD_FIELD.search(html_text) or any(_LOGIN_TITLE.match(t) for t in titles)
    if login_form and _LOGIN_PROMPT.search(html_text):
        return "login_wall"
    return None
