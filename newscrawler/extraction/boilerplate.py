"""Boilerplate, defined once as data: what is never article text, on any portal.

Element selectors are removed from the body container before its text is read; paragraph
patterns drop whole paragraphs (matched against the cleaned paragraph text, case-insensitive).
What only one portal (or one CMS family) uses belongs to that portal's layout
(``SiteSelectors.remove`` and ``drop``: detik's ``.linksisip``, kompas' ``inject-*`` boxes).
Sources: Google's ad-slot ids, the "Baca juga" wording every Indonesian portal uses, the
syndication footer (shared/sites/inews.md §5).
"""
from __future__ import annotations

import re

# Never part of the body text, whatever the portal. (A <form> is not here: ASP.NET pages wrap
# the whole page in one; the body cut marks it as noise instead, newscrawler/extraction/body.py.)
REMOVE_ELEMENTS: tuple[str, ...] = (
    "script", "style", "noscript", "iframe", "button", "svg", "template",
    "figure", "figcaption", "ins",
    ".ads", "[id^='div-gpt-ad']", ".share", ".tags", ".pagination",
    "[class*='baca-juga']", "#baca-juga", "#bacajuga",
)

# A paragraph that is all promo / navigation / ad label.
_DROP = (
    r"baca( juga| pula)?\s*[:\-–]",
    r"baca juga$",
    r"advertisement\b",
    r"scroll (to|untuk) (see|continue|lanjut)",
    r"read next\b",
    r"(follow|ikuti|gabung|join)\b.{0,60}\b(whatsapp|telegram|google news|channel|instagram|tiktok|twitter|facebook|youtube|kami)",
    r"(follow|ikuti) (kami|berita)\b",
    r"simak (breaking news|berita|video|juga|selengkapnya|update)",
    r"dapatkan (informasi|berita|update)",
    r"(download|unduh) (aplikasi|app)",
    r"scan (kode )?qr",
    r"artikel ini telah tayang di",
    r"konten di bawah ini disajikan oleh advertiser",
    r"(bagikan artikel ini|halaman selanjutnya)$",
    r"halaman\s*:",
    r"(lihat|tonton) (juga|video)\s*:",
    r"telusuri berita .* lainnya",
    # The same labels on foreign pages the generic layers read: a whole paragraph of only the
    # label of a related box or an ad slot (German, Polish, Spanish, Italian, Turkish, English).
    r"(lesen sie auch|auch interessant|mehr zum thema|czytaj (też|także|również|więcej)|read more"
    r"|publicidad|pubblicità|reklam|anzeige|werbung)\W*$",
    # A photo credit or source line anywhere in the body, not only above it ("Bildrechte:
    # dpa-Bildfunk/…", "Foto: Antara/…", "Image 2 of 5"): short, and never a sentence of the
    # story. (A short line with "©" is dropped in the body cut: a regex for it costs every
    # paragraph of every page a scan.)
    r"(bildrechte|fotos?|photos?|credits?|image|bild|quelle|sumber(\s+foto)?)\s*:.{0,100}$",
    r"image \d+ of \d+$",
)
# "Editor: Anton Suhartono" / "Editor : Anton" (regional AMP puts a space before the colon).
_EDITOR_LINE = r"^editor\s*:\s*(?P<name>[^:]{2,80}?)\s*$"

# One test per paragraph (every paragraph of every page meets it): a match with ``name`` is
# the editor line, any other match a paragraph to drop.
EDITOR_OR_DROP = re.compile(r"%s|^(?:%s)" % (_EDITOR_LINE, "|".join(_DROP)), re.IGNORECASE)

# Captions living inside a body block next to an inline image.
INLINE_CAPTION_TAGS = ("em", "i", "small", "span", "figcaption", "cite")
