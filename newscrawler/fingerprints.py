"""Content fingerprints: an exact-duplicate key and a 64-bit SimHash for near-duplicates.

Both work on the *normalised word sequence* of a text: Unicode NFKC, case-folded, and cut
into runs of letters/digits, so whitespace, case and punctuation changes never matter.

``content_fingerprint`` hashes that sequence (BLAKE2b, 128 bits): the same story re-served
with different markup, spacing or quote style gets the same key.

``simhash`` is Charikar's SimHash over the set of 3-word shingles.  Two texts' hashes differ
in about ``64 * angle / pi`` bits, where the angle comes from how many shingles they share,
so an edit touching a fraction f of the shingles moves the hash by a Binomial(64, p) number of
bits with p ~ acos(1 - f) / pi.  That spread is what the threshold has to live with.

Choosing ``NEAR_DUPLICATE_DISTANCE`` -- figures from ``python tests/test_fingerprints.py``:
six hand-written iNews-style stories (340-375 words, 10 paragraphs, two per beat), 100 seeded
random edits per story and edit type, every paragraph for "paragraph dropped":

    edit (n copies)                     mean  p95  max   within 3 / 8 / 10 bits
    typo fixed (600)                     2.5    5    6   75 % / 100 % / 100 %
    3 words of a sentence changed (600)  4.3    8   11   35 % /  98 % / 99.8 %
    sentence added (600)                 4.5    8   13   33 % /  97 % / 99.5 %
    sentence replaced (600)              6.5   11   13    9 % /  82 % /  94 %
    paragraph dropped, 1 of 10 (60)      6.8   11   14    7 % /  77 % /  93 %
    different stories, same beat         25, 29, 31 bits (banjir, ekonomi, sepak bola)
    different stories, all 15 pairs      21-39 bits

Longer articles move less per edit: for 700-word texts (two stories joined) dropping one
paragraph of 20 stays within 8 bits in 96 % of cases (mean 4.5).

The other side of the trade is chance.  Unrelated texts differ in Binomial(64, 1/2) bits, so
the chance that one stored article lies within k bits of a new unrelated one is 2e-15 for
k = 3, 3e-10 for k = 8, 1e-8 for k = 10 and 2e-7 for k = 12.  Times the articles a spider's
state holds (10^5-10^6 after a few years), k = 10 would wrongly flag 0.1-1 % of new articles
and k = 12 up to 20 %, while k = 8 stays at 3e-5-3e-4 (``bench/state.py`` agrees: 15 of
50,000 random hashes matched one of a million stored).  k = 3, the classic setting for web
pages, would miss most edits of articles this short.

So the threshold is 8: every typo fix and nearly every one-sentence edit is caught, about
four in five whole-sentence or whole-paragraph changes of a 350-word story are, and false
matches stay rare at a million stored articles.  A 64-bit SimHash cannot do better on both
sides at once; eight bits is also what three 21/22-bit bands index exactly (see
``newscrawler.state.sqlite``).

Speed on a 5 KB text (``bench/state.py`` prints it): ``simhash`` about 0.7 ms,
``content_fingerprint`` about 0.15 ms.

The hash definitions are persisted in the crawl state: changing normalisation, shingle size
or hash invalidates every stored fingerprint, so such a change needs a state migration.
"""

from __future__ import annotations

import re
import unicodedata
from functools import partial
from hashlib import blake2b

NEAR_DUPLICATE_DISTANCE = 8
"""Largest Hamming distance between two SimHashes that still means "same story"."""

SHINGLE_WORDS = 3
"""Words per shingle.  Single words are shared by any two stories of a beat, and by all
Indonesian text (yang, di, dan), which pulls unrelated stories towards each other; every
extra word makes each edit disturb one more shingle (a typo already changes three)."""

_WORD = re.compile(r"[^\W_]+")
_SHINGLE_HASH = partial(blake2b, digest_size=8)


def normalized_words(text: str) -> list[str]:
    """The words both fingerprints are computed from; formatting never reaches the hash."""
    return _WORD.findall(unicodedata.normalize("NFKC", text).casefold())


def content_fingerprint(text: str) -> str:
    """Exact-duplicate key: 32 hex digits of BLAKE2b over the normalised words.

    Every empty or punctuation-only text gets the same key, so callers should not treat
    two empty bodies as duplicates of each other."""
    return _exact(normalized_words(text))


def simhash(text: str) -> int:
    """64-bit SimHash of the text's distinct 3-word shingles; 0 for a text without words."""
    return _simhash(normalized_words(text))


def fingerprints(text: str) -> tuple[str, int]:
    """``(content_fingerprint(text), simhash(text))``, normalising the text once."""
    words = normalized_words(text)
    return _exact(words), _simhash(words)


def _exact(words: list[str]) -> str:
    return blake2b(" ".join(words).encode(), digest_size=16).hexdigest()


def _simhash(words: list[str]) -> int:
    """Hand-written rather than taken from a package because it is a dozen lines, the stored
    hashes must never change under a dependency upgrade, and the bit counting below
    (one big-int popcount per bit instead of a Python loop per shingle and bit) keeps it
    under a millisecond for a typical article."""
    if len(words) >= SHINGLE_WORDS:
        shingles = set(map(" ".join, zip(*(words[i:] for i in range(SHINGLE_WORDS)))))
    else:
        shingles = {" ".join(words)} if words else set()
    if not shingles:
        return 0
    digests = b"".join(map(blake2b.digest, map(_SHINGLE_HASH, map(str.encode, shingles))))
    count = len(shingles)
    # Bit k of byte j of each digest, for all digests at once: take byte column j as one
    # big integer and popcount it under a mask holding bit k of every byte.
    ones = int.from_bytes(b"\x01" * count, "big")
    result = 0
    for byte in range(8):
        column = int.from_bytes(digests[byte::8], "big")
        for bit in range(8):
            # Majority vote; a tie leaves the bit 0.
            if 2 * (column & (ones << bit)).bit_count() > count:
                result |= 1 << (8 * (7 - byte) + bit)
    return result


def hamming(a: int, b: int) -> int:
    """Number of differing bits."""
    return (a ^ b).bit_count()
