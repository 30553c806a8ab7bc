"""The article body, cleaned on the lxml tree the page was already parsed into (re-parsing
it with BeautifulSoup cost 17% of crawl CPU): the pair link and captions read first, then
the text blocks, read around what is not article text (skipped, never removed: the page's
tree is not changed). How a subtree is read is crawler/parsers/subtree.py's business;
which block is a paragraph and which a credit line is the parser's (base.py)."""

from __future__ import annotations

import re
from collections.abc import Collection
from functools import cached_property

from lxml import etree
from parsel import Selector
from parsel.csstranslator import css2xpath

from crawler import urls
from crawler.parsers import selectors as S
from crawler.parsers.subtree import Subtree
from crawler.parsers.text import clean_text

READ_IN_KOREAN = re.compile(S.READ_IN_KOREAN, re.I)
CAPTION_XPATH = css2xpath(", ".join(S.CAPTION))
DROP_XPATH = css2xpath(", ".join(S.BODY_DROP))
PARAGRAPH_TAGS = frozenset(S.PARAGRAPH_TAGS)
TABLE_TAGS = frozenset(S.TABLE_BLOCKS)


def canonical(href: str, base: str) -> str | None:
    try:
        return urls.canonicalize(href, base=base)
    except ValueError:  # an href no URL parser accepts ("http://[x", "http://h:99999/")
        return None


def _pair_link(tree: Subtree, page_url: str) -> str | None:
    """The Korean original: an anchor reading "Read in Korean", else a Korean article href."""
    anchors = [
        (a, href) for a in tree.root.iter(S.PAIR_ANCHOR) if (href := a.get("href")) is not None
    ]
    for a, href in anchors:
        words = " ".join(s for piece in tree.strings(a) if (s := piece.strip()))
        if READ_IN_KOREAN.search(words):
            return canonical(href, page_url)
    for _, href in anchors:
        url = canonical(href, page_url)
        if url and urls.is_korean_article(url) and urls.edition_of(url) == "ko":
            return url
    return None


def _leaf_blocks(root: etree._Element, skip: Collection[etree._Element]) -> list[etree._Element]:
    """Block elements holding text directly (a <div> wrapping <p>s is not a paragraph), in
    document order (root itself one, if it holds none). Without recursion: a page may nest
    2,000 deep."""
    if root in skip:
        return []
    blocks, holders = [], set()
    todo: list[tuple[etree._Element, etree._Element | None]] = [(root, None)]
    while todo:
        el, above = todo.pop()  # `above`: the nearest block holding el
        if el.tag in PARAGRAPH_TAGS:
            blocks.append(el)
            if above is not None:
                holders.add(above)
            above = el
        todo.extend((c, above) for c in reversed(el) if isinstance(c.tag, str) and c not in skip)
    return [b for b in blocks if b not in holders]


class Body:
    """One body container, cleaned: its pair link (English pages), captions, text blocks."""

    def __init__(self, container: etree._Element, page_url: str, rank: int) -> None:
        self.rank = rank  # of the body selector that found it
        tree = Subtree(container)
        english = urls.edition_of(page_url) == "en"
        self.pair_url = _pair_link(tree, page_url) if english else None
        self.captions: list[str] = []
        for cap in tree.select(CAPTION_XPATH):
            text = clean_text(" ".join(tree.strings(cap)))
            if text and text not in self.captions:
                self.captions.append(text)
        self._skip = set(tree.select(DROP_XPATH))
        leaves = _leaf_blocks(tree.root, self._skip)
        prose = [b for b in leaves if b.tag not in TABLE_TAGS]  # an old post's table rows
        divs = sum(b.tag == S.LEGACY_BLOCK for b in prose)  # must not hide its <div>s
        self.legacy = bool(prose) and divs > len(prose) / 2  # a migrated post
        self.blocks = [
            t for b in leaves if (t := clean_text(" ".join(tree.strings(b, self._skip))))
        ]
        self._tree = tree

    @cached_property
    def text(self) -> str:
        """All the text left in the container, blocks or not."""
        tree = self._tree
        return clean_text(" ".join(tree.strings(tree.root, self._skip, outer=True)))

    @property
    def has_text(self) -> bool:
        return bool(self.blocks) or bool(self.text)


def find_body(sel: Selector, page_url: str, candidates: tuple[str, ...]) -> Body | None:
    """The first body container any of the candidate selectors finds, cleaned."""
    for css in candidates:
        node = sel.css(css)
        if node:
            return Body(node[0].root, page_url, S.LADDERS["body"].index(css))
    return None
