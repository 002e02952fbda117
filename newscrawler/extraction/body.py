"""Body text: the article's paragraphs, from a container the portal names or from the page's
structure when no portal selector matches.

One pass over the tree (``etree.iterwalk``, in C) cuts the page into text blocks in document
order, reading mixed content as a reader sees it: loose text, inline elements, ``<br>``-split
lines, lists and subheadings all become blocks; scripts, forms, navigation, figures and
elements whose class or id says share / related / newsletter / comment ... are skipped
without being removed, so later readers of the tree (Read Next, captions, page links) still
see them. Each element's score is the text of its prose blocks minus twice the link text of
its link-heavy blocks; the best container is the element with the highest score (ties go to
the deeper one). A lead paragraph in a sibling container is taken in by the common parent
when nothing link-heavy sits between them. Written here rather than taken from a
readability library because it is one linear pass (median 9 ms per real page against
trafilatura's 33 ms, ``bench/real_pages.py``) and its rules are ours to test.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from functools import lru_cache

from lxml import etree
from lxml.html import HtmlElement

from newscrawler.extraction import boilerplate
from newscrawler.text import clean_line

_BLOCK_TAGS = frozenset({
    "p", "div", "section", "article", "main", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol",
    "blockquote", "pre", "table", "tr", "td", "th", "dl", "dt", "dd", "header", "center", "body",
    "hr", "address", "details", "summary", "caption", "tbody", "thead",
})
_SKIP_TAGS = frozenset({
    "script", "style", "noscript", "template", "svg", "iframe", "button", "select", "textarea",
    "input", "nav", "aside", "footer", "figure", "figcaption", "picture", "video", "audio", "object",
    "embed", "canvas", "map", "head", "title", "meta", "link", "label", "option", "ins", "dialog",
})
# Class / id tokens that mark an element as not article text, unless a positive token
# (body, content, article, ...) says it is the article itself.
_NOISE_TOKENS = frozenset("""
    share sharing social related newsletter ad ads adslot banner comment comments sidebar breadcrumb
    breadcrumbs tag tags taglist byline caption credit credits popular trending terpopuler terkait
    rekomendasi readmore more footer nav navigation menu cookie modal popup signup paywall outbrain
    taboola widget toolbar bio print pagination pager disclaimer copyright hidden sr-only
    baca-juga bacajuga linksisip video gallery slideshow photo foto meta
""".split())
_NOISE_PREFIXES = ("recommend", "subscri", "promo", "advert", "sponsor", "parallax")
_CLASS_TOKENS = re.compile(r"[\s_-]+")
_POSITIVE = re.compile(r"article|body|content|entry|main|post|story|text|detail|isi|berita|news", re.IGNORECASE)
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
_PROSE = re.compile(r"[.!?;:,\"”’)]")
_SENTENCE_END = re.compile(r"[.!?\"”’]\s*$|[.!?]\s+[A-Z]")


@dataclass(slots=True)
class Block:
    owner: HtmlElement
    text: str
    link_chars: int
    noise: HtmlElement | None = None
    """The innermost element around the block whose class or id says it is not article text."""


@dataclass
class Blocks:
    """The page cut into blocks, with each element's span of block positions and score."""

    blocks: list[Block]
    spans: dict[HtmlElement, tuple[int, int]]
    scores: dict[HtmlElement, float]

    def inside(self, element: HtmlElement) -> list[Block]:
        start, end = self.spans.get(element, (0, -1))
        return self.blocks[start:end]


_SIMPLE_SELECTOR = re.compile(
    r"^(?P<tag>[a-z][a-z0-9]*)?(?:\.(?P<cls>[\w-]+))?(?:#(?P<id>[\w-]+))?"
    r"(?:\[(?P<attr>class|id)(?P<op>\^=|\*=)'(?P<value>[^']+)'\])?$"
)


class Remover:
    """Boilerplate selectors tested element by element during the walk. Evaluating them as
    one cssselect XPath over the page costs 18 ms on a 200 KB page (each class test is a
    string concatenation per element); the shapes used (``tag``, ``tag.class``, ``.class``,
    ``#id``, ``[class^='x']``, ``[class*='x']``) are read here once instead."""

    def __init__(self, selectors: tuple[str, ...]):
        self.tags: set[str] = set()
        self.classes: dict[str, str | None] = {}  # class token -> required tag
        self.ids: set[str] = set()
        self.attribute_tests: list[tuple[str, str, str]] = []
        for css in selectors:
            match = _SIMPLE_SELECTOR.match(css)
            if not match or not any(match.groupdict().values()):
                raise ValueError(f"unsupported boilerplate selector {css!r}")
            tag, cls, id_, attr = match["tag"], match["cls"], match["id"], match["attr"]
            if cls:  # the same class under two tags (or none) matches any tag
                self.classes[cls] = tag if self.classes.get(cls, tag) == tag else None
            elif id_:
                self.ids.add(id_)
            elif attr:
                self.attribute_tests.append((attr, match["op"], match["value"]))
            else:
                self.tags.add(tag)

    def __call__(self, element: HtmlElement) -> bool:
        if element.tag in self.tags:
            return True
        names = element.get("class")
        if names:
            for token in names.split():
                if token in self.classes and self.classes[token] in (None, element.tag):
                    return True
        if self.ids and element.get("id") in self.ids:
            return True
        for attr, op, value in self.attribute_tests:
            actual = element.get(attr)
            if actual and (actual.startswith(value) if op == "^=" else value in actual):
                return True
        return False


@lru_cache(maxsize=64)
def remover(extra: tuple[str, ...]) -> Remover:
    """The shared boilerplate plus a portal's own selectors."""
    return Remover(boilerplate.REMOVE_ELEMENTS + extra)


def _is_hidden(element: HtmlElement) -> bool:
    """What the page hides is not text a reader sees."""
    if element.get("hidden") is not None:
        return True
    style = element.get("style")
    return bool(style and _HIDDEN_STYLE.search(style))


def _is_inline_caption(element: HtmlElement, owner: HtmlElement) -> bool:
    """The caption of an image placed inside a paragraph (em / small / span next to the img)."""
    before = element.getprevious()
    if before is not None and (before.tag in ("img", "picture") or (before.tag == "a" and before.find("img") is not None)):
        return True
    return owner.tag == "p" and next(owner.iter("img"), None) is not None


def _is_noise(element: HtmlElement) -> bool:
    """Named as share / related / sidebar ...: noise around the article, unless it turns out
    to hold the article (sites wrap whole pages in a "has-sidebar" div), so only marked."""
    names = f"{element.get('class') or ''} {element.get('id') or ''}".strip()
    if not names or element.tag in ("html", "body", "main", "article"):
        return False
    tokens = _CLASS_TOKENS.split(names.lower())
    noisy = any(t in _NOISE_TOKENS or t.startswith(_NOISE_PREFIXES) for t in tokens)
    return noisy and not _POSITIVE.search(names)


def cut_blocks(root: HtmlElement, extra_remove: tuple[str, ...] = ()) -> Blocks:
    """Blocks of the whole page in document order, with element spans and scores."""
    etree.strip_tags(root, etree.Comment, etree.ProcessingInstruction)
    removed = remover(extra_remove)
    blocks: list[Block] = []
    spans: dict[HtmlElement, tuple[int, int]] = {}
    starts: dict[HtmlElement, int] = {}
    owners: list[HtmlElement] = [root]
    noise: list[HtmlElement] = []
    pieces: list[str] = []
    link_chars = 0
    in_link = 0

    def flush() -> None:
        nonlocal link_chars
        if pieces:
            text = clean_line("".join(pieces))
            if text:
                blocks.append(Block(owners[-1], text, min(link_chars, len(text)), noise[-1] if noise else None))
            pieces.clear()
        link_chars = 0

    def add(text: str | None) -> None:
        nonlocal link_chars
        if text:
            pieces.append(text)
            if in_link:
                link_chars += len(text.strip())

    caption_tags = frozenset(boilerplate.INLINE_CAPTION_TAGS)
    walker = etree.iterwalk(root, events=("start", "end"))
    skipped: HtmlElement | None = None
    for event, element in walker:
        tag = element.tag
        if event == "start":
            if element is not root and (
                tag in _SKIP_TAGS or removed(element) or _is_hidden(element)
                or (tag in caption_tags and _is_inline_caption(element, owners[-1]))
            ):
                walker.skip_subtree()
                skipped = element
                continue
            if tag in _BLOCK_TAGS:
                flush()
                owners.append(element)
                starts[element] = len(blocks)
                if _is_noise(element):
                    noise.append(element)
            elif tag == "br":
                flush()
            elif tag == "a":
                in_link += 1
            if element.text:
                add(element.text)
            continue
        if skipped is element:
            skipped = None
        elif tag in _BLOCK_TAGS:
            flush()
            owners.pop()
            spans[element] = (starts.pop(element), len(blocks))
            if noise and noise[-1] is element:
                noise.pop()
        elif tag == "a":
            in_link -= 1
        if element.tail and element is not root:
            add(element.tail)
    flush()
    return Blocks(blocks, spans, _scores(blocks))


def _value(block: Block) -> float:
    """What a block adds to the containers holding it: prose counts, link lists cost."""
    length = len(block.text)
    if block.owner.tag == "h1":
        return 0.0
    if block.link_chars > 0.5 * length:
        return -2.0 * block.link_chars
    if length < 25 and not _PROSE.search(block.text[-1:]):
        return -0.5 * length
    return float(length - block.link_chars)


def _scores(blocks: list[Block]) -> dict[HtmlElement, float]:
    scores: dict[HtmlElement, float] = {}
    for block in blocks:
        value = _value(block)
        if value == 0:
            continue
        element = block.owner
        scores[element] = scores.get(element, 0.0) + value
        outside = block.noise is element
        for ancestor in element.iterancestors():
            # Seen from above its noisy wrapper, a block is noise however good its text.
            scores[ancestor] = scores.get(ancestor, 0.0) + (-abs(value) if outside else value)
            outside = outside or block.noise is ancestor
    return scores


def best_container(cut: Blocks) -> HtmlElement | None:
    """The element holding the most prose net of link lists (deepest on ties)."""
    best, best_score, best_depth = None, 0.0, -1
    depths: dict[HtmlElement, int] = {}
    for element, score in cut.scores.items():
        if score < best_score or element not in cut.spans:
            continue
        depth = depths.get(element)
        if depth is None:
            depth = depths[element] = sum(1 for _ in element.iterancestors())
        if score > best_score or depth > best_depth:
            best, best_score, best_depth = element, score, depth
    return best


def _is_preamble(text: str) -> bool:
    """A byline, date line or photo credit at the top of a body container, not body text:
    short, and no sentence end (or a copyright sign)."""
    return len(text) < 100 and ("©" in text or not _SENTENCE_END.search(text))


def body_blocks(cut: Blocks, container: HtmlElement) -> list[Block]:
    """The blocks of ``container`` without those in noisy elements inside it (a noisy
    element around the container is a page wrapper, not noise)."""
    _ancestors = set(container.iterancestors())
    return [b for b in cut.inside(container)
            if b.noise is None or b.noise is container or b.noise in _ancestors]


# detik closes its dateline with one dash, CNN Indonesia with two ("Jakarta, CNN Indonesia --").
_DATELINE = re.compile(r"^[^.!?]{2,60}\s(?:--|[-–—])$")


def _with_datelines_joined(blocks: list[Block]) -> list[Block]:
    """"<strong>Jakarta</strong> -" left as loose text before the first paragraph is the
    start of that paragraph (detik): the two become one block."""
    for i, block in enumerate(blocks[:-1]):
        if _DATELINE.match(block.text):
            after = blocks[i + 1]
            joined = Block(after.owner, f"{block.text} {after.text}", after.link_chars, after.noise)
            return blocks[:i] + [joined] + blocks[i + 2:]
        if i >= 3:
            break
    return blocks


_HEADINGS = frozenset({"h2", "h3", "h4", "h5", "h6"})


def paragraphs(blocks: list[Block], title: str | None = None) -> tuple[list[str], str | None]:
    """Clean paragraphs of ``blocks`` and the editor named in an "Editor: …" line;
    The byline / date / credit lines a container starts with are dropped."""
    kept, editor = [], None
    blocks = _with_datelines_joined(blocks)
    start = 0
    while (start < len(blocks) - 1 and blocks[start].owner.tag not in _HEADINGS
           and _is_preamble(blocks[start].text)):
        start += 1
    for block in blocks[start:]:
        text = block.text
        if block.owner.tag == "h1" or (title and text == title):
            continue
        if block.link_chars > 0.6 * len(text):
            continue
        if match := boilerplate.EDITOR_LINE.match(text):
            editor = match["name"]
        elif not boilerplate.DROP_PARAGRAPH.match(text):
            kept.append(text)
    return kept, editor
