"""Body text: the article's paragraphs, from a container the portal names or from the page's
structure when no portal selector matches.

One pass over the tree (``etree.iterwalk``, in C) cuts the page into text blocks in document
order, reading mixed content as a reader sees it: loose text, inline elements, ``<br>``-split
lines, lists and subheadings all become blocks; scripts, forms, navigation, figures and
elements whose class or id says share / related / newsletter ... are skipped without being
removed, so later readers of the tree (Read Next, captions, page links) still see them; a
comment thread, a cookie box or a dialog holds no candidate container while the rest of the
page holds prose. Each element's score is the text of its prose blocks minus twice the link text of
its link-heavy blocks; the best container is the element with the highest score (ties go to
the deeper one). A lead paragraph in a sibling container is taken in by the common parent
when nothing link-heavy sits between them. Written here rather than taken from a
readability library because it is one linear pass (the whole extraction runs several times
faster than trafilatura with a higher body F1 on ``bench/real_pages.py``, figures in the README;
the cut is about a quarter of it) and its rules are ours to test.
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
    "hr", "address", "details", "summary", "caption", "tbody", "thead", "form", "aside",
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
    rekomendasi readmore more footer nav navigation menu cookie modal popup signup outbrain
    taboola widget toolbar bio print pagination pager disclaimer copyright
    baca-juga bacajuga linksisip video gallery slideshow photo foto meta archive teasers carousel
    breaking
""".split())
_NOISE_PREFIX = re.compile(r"(?:^|[\s_-])(?:recommend|subscri|promo|advert|sponsor|parallax|author)")  # of a token
# Noise that never wraps the article, unlike a "has-sidebar" page wrapper: nothing inside a
# comment thread, a cookie or consent box or a dialog is the article, even an element named
# "comment-content" or "cli-modal-body" (which read as article names).
_ENCLOSING_TOKENS = frozenset("comment comments cookie cookies consent gdpr modal popup dialog disqus".split())
_DIALOG_ROLES = frozenset({"dialog", "alertdialog"})
# Names a card in a list of other articles and a single article's lead both use ("teaser",
# "excerpt"): noise only where the element repeats (an <li>, or a sibling of the same tag and
# class, at the element or one of its nearest ancestors).
_LISTING_TOKENS = frozenset({"teaser", "excerpt"})
_MARKING_TOKENS = _NOISE_TOKENS | _LISTING_TOKENS
_LIST_LEVELS = 4  # the element and its nearest ancestors (twincities: li > article > div > div.excerpt)
# Whole class names of CSS frameworks and CMSs that hide an element (Bootstrap, Tailwind,
# WordPress): what a reader never sees, whatever the element's other names say. Whole names
# only: "hidden-md-down" hides on small screens alone.
_HIDING_CLASSES = frozenset("""hidden d-none is-hidden hide invisible sr-only visually-hidden visuallyhidden
    screen-reader-text offscreen h-offscreen element-invisible""".split())
# Roles of controls and navigation given to other elements (SRF's <div role="button"> "Box aufklappen").
_CONTROL_ROLES = frozenset({"button", "navigation", "menu", "menubar", "toolbar", "search"})
# Marked as noise by its tag alone: a form around a search box or a newsletter sign-up is
# noise, but ASP.NET pages wrap the whole page, article included, in one <form>.
_NOISE_TAGS = frozenset({"form"})
# What an <aside> that holds an <article> or <main> is read for: libxml2 leaves an aside open
# when it closes over an unclosed <div> (HTML5 parsers close both), so the sidebar swallows
# the rest of the page, article included (Washington Times). Read as an _ENCLOSING element, the
# real article inside it wins only when nothing outside holds prose; an aside without one is
# never read.
_SWALLOWING = ("article", "main")
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")  # "imageEmbedCaption" is three names
# Words naming the article itself, as the last word of a class name or id (words end at "-",
# "_" and camelCase humps): "entry-content", "article__content", "isi-berita", "articleText",
# but not "articleRelated" or "ArticleModule…Copyright-module-scss-module__x__part". Such an element holds
# the story even when another of its names says widget or sidebar (TimesLive's
# "article-widget article-widget-text"). Only the last word says what a thing is:
# "related-news", "newsletter" and "post-share" are no article.
_POSITIVE_WORDS = frozenset("article body content entry main post story text detail isi berita".split())
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
# Sentence punctuation, the CJK forms too (a Japanese page's paragraphs end in "。").
_PROSE = re.compile(r"[.!?;:,\"”’)。！？、」』）]")
_SENTENCE_END = re.compile(r"[.!?\"”’。！？」』]\s*$|[.!?]\s+[A-Z]|[。！？]")


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
    scores: dict[HtmlElement, tuple[float, int, int]]
    """Block elements holding at least one block that counts → (score, depth under the cut's
    root, -position of its first counted block): the score, then the tie-breaks of
    ``best_container``, in the order it compares them."""
    enclosed: set[HtmlElement]
    """Scored elements inside (or being) a comment thread, a cookie box or a dialog."""
    noisy: set[HtmlElement]
    """Scored elements inside (or being) any element named as noise."""
    article_bodies: list[HtmlElement]
    """Block elements marked ``itemprop="articleBody"`` (schema.org microdata), met on the walk
    rather than looked for by a search of the whole tree of their own."""

    def inside(self, element: HtmlElement) -> list[Block]:
        start, end = self.spans.get(element, (0, 0))
        return self.blocks[start:end]


_SIMPLE_SELECTOR = re.compile(
    r"^(?P<tag>[a-z][a-z0-9]*)?(?:\.(?P<cls>[\w-]+))?(?:#(?P<id>[\w-]+))?"
    r"(?:\[(?P<attr>class|id)(?P<op>\^=|\*=)'(?P<value>[^']+)'\])?$"
)
_KEEP, _SKIP, _NOISE, _ENCLOSING, _LISTING = 0, 1, 2, 3, 4  # _ENCLOSING: noise that holds no
# article; _LISTING: noise when it repeats (_in_a_list)
_VERDICTS_MAX = 50_000
# An element inside the best one with this share of its score is taken instead (measured on
# bench/real_pages.py: 0.85-0.95 all gain; 0.9 with the lead test gains most on both corpora).
# What a noise block costs the elements around it, per character of its text: enough that a
# wrapper of the article and a noisy sidebar loses to the article, not so much that a short
# article with a gallery inside its own container loses to its longest paragraph (0.5 and 1.0
# score alike on bench/real_pages.py; 0 lets wrappers win).
_NOISE_WEIGHT = 0.5
_NEAR_TIE = 0.9
# A candidate inside an element named as noise is taken only when the best outside any scores
# under this share of it (bench/real_pages.py: 0.25 to 1.0 score alike, 0 loses 0.024 F1).
_NOISY_SHARE = 0.25
_LEAD_CHARS = 100  # a paragraph this long before the inner element keeps the wider one
_OUTSIDE_SHARE = 0.1  # the best outside comment threads / dialogs scores under this share of the best
# inside one: the page is wrapped in such an element (real threads: 0.36 and more, bench/real_pages.py)
_STORY_SHARE = 0.2  # of the best element's score: an <article> inside it holding this much is a story
_STORIES_HOLD = 0.8  # ... and the stories together hold this much of it


class Remover:
    """Boilerplate selectors tested element by element during the walk. Evaluating them as
    one cssselect XPath over the page costs 18 ms on a 200 KB page (each class test is a
    string concatenation per element); the shapes used (``tag``, ``tag.class``, ``.class``,
    ``#id``, ``[class^='x']``, ``[class*='x']``) are read here once instead. They depend on
    an element's tag, class and id only, so a verdict is kept per (tag, class, id): a page
    repeats a few dozen of them over thousands of elements."""

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
        self.skip_tags = frozenset(self.tags | _SKIP_TAGS)
        self._verdicts: dict[tuple[str, str | None, str | None], int] = {}

    def __call__(self, element: HtmlElement) -> bool:
        return element.tag in self.tags or self._matches(element.tag, element.get("class"), element.get("id"))

    def _matches(self, tag: str, names: str | None, id_: str | None) -> bool:
        if names:
            for token in names.split():
                if token in self.classes and self.classes[token] in (None, tag):
                    return True
        if self.ids and id_ in self.ids:
            return True
        for attr, op, value in self.attribute_tests:
            actual = names if attr == "class" else id_
            if actual and (actual.startswith(value) if op == "^=" else value in actual):
                return True
        return False

    def verdict(self, tag: str, names: str | None, id_: str | None) -> int:
        """``_SKIP`` (boilerplate), ``_NOISE`` / ``_ENCLOSING`` (a block element named as
        noise, or as noise that holds no article) or ``_KEEP``."""
        key = (tag, names, id_)
        verdict = self._verdicts.get(key)
        if verdict is None:
            if len(self._verdicts) >= _VERDICTS_MAX:  # a crawl sees endless class names: stay bounded
                self._verdicts.clear()
            verdict = (_SKIP if self._matches(tag, names, id_) or _hidden_by_class(tag, names)
                       else _noise_kind(tag, names, id_))
            self._verdicts[key] = verdict
        return verdict


@lru_cache(maxsize=64)
def remover(extra: tuple[str, ...]) -> Remover:
    """The shared boilerplate plus a portal's own selectors."""
    return Remover(boilerplate.REMOVE_ELEMENTS + extra)


def _hidden_by_class(tag: str, names: str | None) -> bool:
    """A hiding class on the page's own <body> or <main> is a pre-render state ("hide until the
    styles load"), not a box a reader never sees."""
    return bool(names) and tag not in ("body", "main") and not _HIDING_CLASSES.isdisjoint(names.split())


def _streamed_segment(element: HtmlElement) -> bool:
    """React's streamed server rendering sends each finished part of the page as
    ``<div hidden id="S:1">`` for a script to move into place (aa.com.tr's article body): hidden
    in the HTML, shown to every reader."""
    id_ = element.get("id")
    return bool(id_) and id_.startswith("S:")


_SLUG_WORDS = 5  # an id of this many words or more ("the-actor-stunned-during-a-photo-shoot-9")


def _noise_kind(tag: str, names: str | None, id_: str | None) -> int:
    """Named as share / related / sidebar ...: noise around the article, unless it turns out
    to hold the article (sites wrap whole pages in a "has-sidebar" div), so only marked;
    named as a comment thread, a cookie box or a dialog: ``_ENCLOSING``."""
    if tag not in _BLOCK_TAGS:
        return _KEEP
    if tag in _NOISE_TAGS:
        return _NOISE
    if id_ and id_.count("-") + id_.count("_") >= _SLUG_WORDS - 1:
        id_ = None  # a slug of the element's own text (a heading's anchor, a slide's title), not a name
    names = f"{names or ''} {id_ or ''}".strip()
    if not names or tag in ("html", "body", "main", "article"):
        return _KEEP
    lowered = names.lower()
    if lowered != names:  # camelCase only where there are capitals (the regex costs a microsecond)
        lowered = _CAMEL.sub(" ", names).lower()
    # str methods, not a regex split: this runs once per new (tag, class, id) of every page.
    tokens = set(lowered.replace("_", " ").replace("-", " ").split())
    enclosing = not _ENCLOSING_TOKENS.isdisjoint(tokens)
    if not enclosing and _MARKING_TOKENS.isdisjoint(tokens) and not _NOISE_PREFIX.search(lowered):
        return _KEEP
    if not _POSITIVE_WORDS.isdisjoint(map(_last_word, names.split())):
        return _KEEP
    if enclosing:
        return _ENCLOSING
    if not tokens.isdisjoint(("embed", "tweet")) and _NOISE_TOKENS.intersection(tokens) <= {"social", "widget"}:
        return _KEEP  # a post quoted in the article (social-media-embed, Sky's sdc-article-widget sdc-article-tweet)
    return _LISTING if not _LISTING_TOKENS.isdisjoint(tokens) and _NOISE_TOKENS.isdisjoint(tokens) else _NOISE


def _last_word(name: str) -> str:
    """What a class name says a thing is: "content" of "entry-content", "text" of "articleText",
    and of a CSS-modules name its local part's last word ("part" of
    "ArticleModuleHeroSidebarSectionCopyright-module-scss-module__ehXk6G__part")."""
    word = name.rstrip("_-").replace("_", "-").rsplit("-", 1)[-1]
    if not word.islower():
        word = _CAMEL.sub(" ", word).rsplit(" ", 1)[-1]
    return word.lower()


def _in_a_list(element: HtmlElement) -> bool:
    for _ in range(_LIST_LEVELS):
        parent = element.getparent()
        if parent is None:
            return False
        if element.tag == "li":
            return True
        names = element.get("class")
        for sibling in (element.getprevious(), element.getnext()):
            if sibling is not None and sibling.tag == element.tag and sibling.get("class") == names:
                return True
        element = parent
    return False


# An open block element during the walk, as a list (cheaper to make than an object):
# [element, first block position, depth, its verdict (_KEEP, _NOISE or _ENCLOSING), score as the element sees its blocks,
#  score with every block as noise (what an ancestor sees when this is noise),
#  position of its first block that counts (-1 while none), whether it holds a heading that is
#  all link (what makes a list item a teaser card)].
_ELEMENT, _START, _DEPTH, _KIND, _SCORE, _NEGATIVE, _FIRST, _LINKED_HEADING = range(8)


def cut_blocks(root: HtmlElement, extra_remove: tuple[str, ...] = ()) -> Blocks:
    """Blocks of the whole page in document order, with element spans and scores.

    Cost: one ``iterwalk`` event per element start and end, one read of its attribute
    names, and a cached verdict per (tag, class, id); a block element without children is
    opened and closed at its start; scores are summed bottom-up as elements close, so the
    whole cut is linear in the size of the page (a 10 MB page of 100,000 paragraphs: ~0.5 s).
    ``root`` comes from a parser that drops comments and processing instructions (their text is
    no article text; removing them afterwards would cost a walk of its own)."""
    removed = remover(extra_remove)
    skip_tags, verdicts, verdict = removed.skip_tags, removed._verdicts, removed.verdict
    block_tags, caption_tags, noise_tags, hidden_style = _BLOCK_TAGS, _CAPTION_TAGS, _NOISE_TAGS, _HIDDEN_STYLE.search
    noise_weight = _NOISE_WEIGHT
    blocks: list[Block] = []
    spans: dict[HtmlElement, tuple[int, int]] = {}
    scores: dict[HtmlElement, tuple[float, int, int]] = {}
    top: list = [root, 0, 0, False, 0.0, 0.0, -1, False]  # the root's own frame when it is not a block
    frames: list[list] = []
    noise: list[HtmlElement] = []
    enclosing = 0  # open _ENCLOSING elements
    articles = 0  # open <article> elements
    enclosed: set[HtmlElement] = set()
    noisy: set[HtmlElement] = set()
    has_image: dict[HtmlElement, bool] = {}
    article_bodies: list[HtmlElement] = []
    depth = 0  # open elements (ties between containers go to the deeper)
    pieces: list[str] = []
    has_text = False  # a piece that is not only whitespace
    link_chars = 0
    in_link = 0

    def flush() -> None:
        text = clean_line("".join(pieces))
        if text:
            owner = top[_ELEMENT]
            length = len(text)
            links = link_chars if link_chars < length else length
            if links >= 0.9 * length and owner.tag in _HEADINGS:
                top[_LINKED_HEADING] = True
            blocks.append(Block(owner, text, links, noise[-1] if noise else None))
            if owner.tag != "h1":
                value = _block_value(text, links)
                top[_SCORE] += value
                top[_NEGATIVE] -= abs(value)
                if top[_FIRST] < 0:
                    top[_FIRST] = len(blocks) - 1

    walker = etree.iterwalk(root, events=("start", "end"))
    skip_subtree = walker.skip_subtree
    skipped: HtmlElement | None = None
    for event, element in walker:
        tag = element.tag
        if event == "start":
            if element is not root:
                if tag in skip_tags and (tag != "aside" or next(element.iterdescendants(_SWALLOWING), None) is None):
                    skip_subtree()
                    skipped = element
                    continue
                # One read of the attribute names (most elements have none or few) instead
                # of four lookups per element.
                attributes = element.keys()
                kind = _NOISE if tag in noise_tags else _KEEP
                if attributes:
                    names = element.get("class") if "class" in attributes else None
                    id_ = element.get("id") if "id" in attributes else None
                    if names or id_:
                        kind = verdicts.get((tag, names, id_))
                        if kind is None:
                            kind = verdict(tag, names, id_)
                        if kind == _SKIP:
                            skip_subtree()
                            skipped = element
                            continue
                        if kind == _LISTING:
                            kind = _NOISE if _in_a_list(element) else _KEEP
                    if ("hidden" in attributes and not _streamed_segment(element)) or (
                            "style" in attributes and hidden_style(element.get("style"))):
                        skip_subtree()
                        skipped = element
                        continue
                    if "itemprop" in attributes and tag in block_tags and element.get("itemprop") == "articleBody":
                        article_bodies.append(element)
                    if "role" in attributes:
                        role = element.get("role")
                        if role in _CONTROL_ROLES:  # what a <button> or <nav> would be: not read
                            skip_subtree()
                            skipped = element
                            continue
                        if role in _DIALOG_ROLES and tag in block_tags:
                            kind = _ENCLOSING
                if tag in caption_tags and _is_inline_caption(element, top[_ELEMENT], has_image):
                    skip_subtree()
                    skipped = element
                    continue
            else:
                kind = _noise_kind(tag, element.get("class"), element.get("id"))
                if kind == _LISTING:
                    kind = _NOISE if _in_a_list(element) else _KEEP
            if tag in block_tags:
                if has_text:
                    flush()
                if pieces:
                    pieces.clear()
                    has_text = False
                    link_chars = 0
                if not len(element):
                    # A block element without children (most <p> of a page) is its own block,
                    # opened and closed here: no frame of its own, no work at its end event.
                    position = len(blocks)
                    text = element.text
                    if text and (line := clean_line(text)):
                        links = min(len(line), len(text.strip())) if in_link else 0
                        blocks.append(Block(element, line, links, element if kind else (noise[-1] if noise else None)))
                        if tag != "h1":
                            value = _block_value(line, links)
                            scores[element] = (value, depth + 1, -position)
                            if enclosing or kind == _ENCLOSING:
                                enclosed.add(element)
                            if kind or noise:
                                noisy.add(element)
                            top[_SCORE] += -noise_weight * abs(value) if kind else value
                            top[_NEGATIVE] -= abs(value)
                            if top[_FIRST] < 0:
                                top[_FIRST] = position
                    spans[element] = (position, len(blocks))
                    skip_subtree()
                    skipped = element
                    continue
                depth += 1
                if tag == "article":
                    # An <article> inside another is, per HTML, a related item or a comment.
                    if articles and not kind:
                        kind = _NOISE
                    articles += 1
                elif tag == "aside":
                    kind = _ENCLOSING
                frames.append(top)
                top = [element, len(blocks), depth, kind, 0.0, 0.0, -1, False]
                if kind:
                    noise.append(element)
                    if kind == _ENCLOSING:
                        enclosing += 1
            else:
                depth += 1
                if tag == "br":
                    if has_text:
                        flush()
                    if pieces:
                        pieces.clear()
                        has_text = False
                        link_chars = 0
                elif tag == "a":
                    in_link += 1
            text = element.text
            if text:
                pieces.append(text)
                if not has_text and not text.isspace():
                    has_text = True
                if in_link:
                    link_chars += len(text.strip())
            continue
        if skipped is element:
            skipped = None
        else:
            depth -= 1
            if tag in block_tags:
                if has_text:
                    flush()
                if pieces:
                    pieces.clear()
                    has_text = False
                    link_chars = 0
                frame, top = top, frames.pop()
                spans[element] = (frame[_START], len(blocks))
                if tag == "article":
                    articles -= 1
                first = frame[_FIRST]
                # A list item holding a heading that is all link (title, summary, date of
                # another article: Washington Examiner's related cards) is a teaser card.
                card = frame[_LINKED_HEADING] and tag == "li"
                if card:
                    for block in blocks[frame[_START]:]:
                        if block.noise is None:
                            block.noise = element
                elif frame[_LINKED_HEADING]:
                    top[_LINKED_HEADING] = True
                if first >= 0:
                    scores[element] = (frame[_SCORE], frame[_DEPTH], -first)
                    if enclosing:
                        enclosed.add(element)
                    if noise:
                        noisy.add(element)
                    # Seen from above its noisy wrapper, a block is noise however good its text.
                    top[_SCORE] += noise_weight * frame[_NEGATIVE] if frame[_KIND] or card else frame[_SCORE]
                    top[_NEGATIVE] += frame[_NEGATIVE]
                    if top[_FIRST] < 0:
                        top[_FIRST] = first
                if frame[_KIND]:
                    noise.pop()
                    if frame[_KIND] == _ENCLOSING:
                        enclosing -= 1
            elif tag == "a":
                in_link -= 1
        if element is not root:
            tail = element.tail
            if tail:
                pieces.append(tail)
                if not has_text and not tail.isspace():
                    has_text = True
                if in_link:
                    link_chars += len(tail.strip())
    if has_text:
        flush()
    # The cut's root spans every block, whatever its tag: a portal's container may be a <span>
    # or a custom element (<story-body>), which the walk gives no span of its own.
    spans[root] = (0, len(blocks))
    return Blocks(blocks, spans, scores, enclosed, noisy, article_bodies)


_CAPTION_TAGS = frozenset(boilerplate.INLINE_CAPTION_TAGS)


def _block_value(text: str, links: int) -> float:
    """What a block adds to the containers holding it: prose counts, link lists cost."""
    length = len(text)
    if links > 0.5 * length:
        return -2.0 * links
    if length < 25 and not _PROSE.search(text[-1:]):
        return -0.5 * length
    return float(length - links)


def _is_inline_caption(element: HtmlElement, owner: HtmlElement, has_image: dict[HtmlElement, bool]) -> bool:
    """The caption of an image placed inside a paragraph (em / small / span next to the img).
    Whether a paragraph holds an image is looked up once per paragraph (``has_image``): a
    paragraph of many spans would otherwise be searched once per span."""
    before = element.getprevious()
    if before is not None and (before.tag in ("img", "picture") or (before.tag == "a" and before.find("img") is not None)):
        return True
    if owner.tag != "p":
        return False
    found = has_image.get(owner)
    if found is None:
        found = has_image[owner] = next(owner.iter("img"), None) is not None
    return found


def best_container(cut: Blocks) -> HtmlElement | None:
    """The element holding the most prose net of link lists (deepest on ties, then the
    first in the page), or the deepest one inside it holding nearly as much. One inside an
    element named as noise only when the best outside scores under a quarter of it (a site
    wrapping the whole page in "has-sidebar"); inside a comment thread, a cookie box or a
    dialog, under a tenth (a page wrapped in "popup-container")."""
    enclosed, noisy = cut.enclosed, cut.noisy
    best, best_key = _highest(cut, (element for element in cut.scores if element not in noisy))
    for elements, share in ((noisy - enclosed, _NOISY_SHARE), (enclosed, _OUTSIDE_SHARE)):
        inside, inside_key = _highest(cut, elements)
        if inside is not None and (best is None or best_key[0] < share * inside_key[0]):
            best, best_key = inside, inside_key
    if best is None:
        return None
    best, best_key = _first_of_stories(cut, best, best_key)
    # An element inside the best one holding nearly all its prose is the article: what the
    # wider one adds is peripheral text (a player's label, a footer line), unless the wider
    # one adds a paragraph before it (a lead or standfirst above the body's own container).
    start, end = cut.spans[best]
    threshold, depth = _NEAR_TIE * best_key[0], best_key[1]
    inner = [(key[1], element) for element, key in cut.scores.items()
             if key[0] >= threshold and key[1] > depth and start <= -key[2] < end and element not in enclosed]
    for _, element in sorted(inner, key=lambda pair: pair[0], reverse=True):
        if not any(_is_lead(block) for block in cut.blocks[start:-cut.scores[element][2]]):
            return element
    return best


def _highest(cut: Blocks, elements) -> tuple[HtmlElement | None, tuple | None]:
    """The element of ``elements`` with the highest key and a score of 0 or more."""
    best, best_key = None, None
    for element in elements:
        key = cut.scores[element]
        if key[0] >= 0 and (best_key is None or key > best_key):
            best, best_key = element, key
    return best, best_key


def _first_of_stories(cut: Blocks, best: HtmlElement, best_key: tuple) -> tuple[HtmlElement, tuple]:
    """The first of several whole stories the best element holds, each its own ``<article>``
    with a share of the prose: a page that appends the next story under the one asked for
    (Dagbladet's ``div.under-article > article#second-article``)."""
    start, end = cut.spans[best]
    stories = sorted((-key[2], element) for element, key in cut.scores.items()
                     if element.tag == "article" and element is not best and start <= -key[2] < end
                     and key[0] >= _STORY_SHARE * best_key[0])
    if (len(stories) < 2 or cut.spans[stories[0][1]][1] > stories[1][0]  # nested, not one after another
            or sum(cut.scores[story][0] for _, story in stories) < _STORIES_HOLD * best_key[0]):  # cards beside a body
        return best, best_key
    first = stories[0][1]
    return first, cut.scores[first]


def _is_lead(block: Block) -> bool:
    text = block.text
    return len(text) >= _LEAD_CHARS and block.noise is None and block.owner.tag != "h1" and block.link_chars < 0.5 * len(text)


def split_parts(cut: Blocks, container: HtmlElement) -> list[HtmlElement]:
    """The best container with the elements of its tag and class that hold prose beside it,
    in page order: its siblings, else its cousins under siblings of its parent's tag and class.
    A body the CMS splits into parts around ads and embeds (Postmedia's
    ``section.article-content__content-group``; Politico Europe's
    ``div.sidebar-grid__container > div.article__content``, a sidebar between), whose common
    ancestor scores lower than its best part when it also holds the link lists between them.
    Wrappers around the container alone stand for it (TimesLive's
    ``div.article-widget-text > div.wrap > div.text``)."""
    scores, enclosed, spans = cut.scores, cut.enclosed, cut.spans
    anchor, parent = container, container.getparent()
    while parent is not None and spans.get(parent) == spans[anchor]:
        anchor, parent = parent, parent.getparent()
    if parent is None or not anchor.get("class"):
        return [container]

    def part(element: HtmlElement) -> HtmlElement | None:
        if element is anchor:
            return container
        if _alike(element, anchor) and scores.get(element, (-1.0,))[0] > 0 and element not in enclosed:
            return element
        return None

    parts = [found for sibling in parent if (found := part(sibling)) is not None]
    grandparent = parent.getparent()
    if len(parts) == 1 and grandparent is not None:
        parts = [found for uncle in grandparent if uncle is parent or _alike(uncle, parent)
                 for child in uncle if (found := part(child)) is not None]
    return parts


def _alike(element: HtmlElement, other: HtmlElement) -> bool:
    return element.tag == other.tag and element.get("class") == other.get("class")


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


# A date with a clock time alone on its line, under the headline or between the parts of a
# story ("22.04.2024, 17:26 Uhr", "Zuerst veröffentlicht am 30/04/2024 - 16:17", 20 Minuten's
# "Publiziert17. Dezember 2024, 12:17" with no space after the label): when the page was
# published or updated, not what it says. A time alone stays (a live blog's "4:14 p.m."),
# and so do a quoted post's signature ("— Name (@handle) November 18, 2019") and a date alone.
_DATE = re.compile(r"(?<!\d)\d{1,4}\s?[./-]\s?\d{1,2}\s?[./-]\s?\d{2,4}\b|(?<!\d)\d{1,2}\.?\s[^\W\d_]{3,10}\.?\s\d{4}\b"
                   r"|\b[^\W\d_]{3,10}\.?\s\d{1,2},\s\d{4}\b")
_CLOCK = re.compile(r"\b\d{1,2}[:.][0-5]\d\b")
_WORD = re.compile(r"[^\W\d_]+")
_TIMESTAMP_WORDS = 4  # beside its dates and times: "Zuerst veröffentlicht am", "PUBLISHED: Tue | UPDATED: Tue"


def _is_timestamp(text: str) -> bool:
    if len(text) > 80 or "@" in text or text[0] in "-–—":
        return False
    undated = _DATE.sub(" ", text)
    if undated == text:
        return False
    unclocked = _CLOCK.sub(" ", undated)
    return unclocked != undated and len(_WORD.findall(unclocked)) <= _TIMESTAMP_WORDS


_NOTICE_CHARS = 100


def _is_notice(text: str) -> bool:
    """A copyright notice or photo credit line anywhere in the body ("© dpa-infocom",
    "Copyright 2019 Hawaii News Now. All rights reserved.")."""
    return len(text) < _NOTICE_CHARS and ("©" in text or (
        ("eserved" in text or "ESERVED" in text) and "all rights reserved" in text.lower()))


_STANDFIRST_MIN_CHARS = 40  # a description shorter than this is a label, not a paragraph
_STANDFIRST_SHARE = 0.8  # a standfirst holds this much of a description that adds the site's name


def standfirst(cut: Blocks, container: HtmlElement, descriptions: list[str]) -> Block | None:
    """The visible standfirst above the body container: a block before it that one of the
    page's descriptions repeats (the description may be cut short with "…", or carry the
    site's name after the summary: "… - Anadolu Ajansı"). Sites set the summary between
    headline and body in a header apart from the story's container (Euronews, La Repubblica,
    Anadolu); the description says which line it is."""
    wanted = {w for w in (" ".join(d.split()).rstrip(".…").casefold() for d in descriptions)
              if len(w) >= _STANDFIRST_MIN_CHARS}
    if not wanted or container not in cut.spans:
        return None
    for block in reversed(cut.blocks[:cut.spans[container][0]]):
        text = block.text.casefold()
        if block.owner.tag != "h1" and any(
                text.startswith(w) or (len(text) >= _STANDFIRST_SHARE * len(w) and w.startswith(text.rstrip(".…")))
                for w in wanted):
            return block
    return None


def paragraphs(blocks: list[Block], title: str | None = None) -> tuple[list[str], str | None]:
    """Clean paragraphs of ``blocks`` and the editor named in an "Editor: …" line;
    The byline / date / credit lines a container starts with are dropped."""
    kept, editor = [], None
    editor_or_drop = boilerplate.EDITOR_OR_DROP.match
    blocks = _with_datelines_joined(blocks)
    start = 0
    while (start < len(blocks) and blocks[start].owner.tag not in _HEADINGS
           and _is_preamble(blocks[start].text)):
        start += 1
    for block in blocks[start:]:
        text = block.text
        if block.owner.tag == "h1" or (title and text == title):
            continue
        if block.link_chars > 0.6 * len(text) or _is_timestamp(text) or _is_notice(text):
            continue
        if not (match := editor_or_drop(text)):
            kept.append(text)
        elif match["name"]:
            editor = match["name"]
    return kept, editor
