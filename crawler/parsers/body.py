"""The article body, cleaned once with BeautifulSoup (at its best pruning a small subtree):
the pair link and captions read first, then everything that is not article text removed,
leaving the text blocks. Which block is a paragraph and which a credit line is the
parser's business (crawler/parsers/base.py)."""

from __future__ import annotations

import re
from functools import cached_property

from bs4 import BeautifulSoup, Tag
from parsel import Selector

from crawler import urls
from crawler.parsers import selectors as S
from crawler.parsers.text import clean_text

READ_IN_KOREAN = re.compile(S.READ_IN_KOREAN, re.I)


def canonical(href: str, base: str) -> str | None:
    try:
        return urls.canonicalize(href, base=base)
    except ValueError:  # an href no URL parser accepts ("http://[x", "http://h:99999/")
        return None


def _pair_link(body: Tag, page_url: str) -> str | None:
    """The Korean original: an anchor reading "Read in Korean", else a Korean article href."""
    anchors = body.find_all(S.PAIR_ANCHOR, href=True)  # find_all: select() costs 3 ms here
    for a in anchors:
        if READ_IN_KOREAN.search(a.get_text(" ", strip=True)):
            return canonical(a["href"], page_url)
    for a in anchors:
        href = canonical(a["href"], page_url)
        if href and urls.is_korean_article(href) and urls.edition_of(href) == "ko":
            return href
    return None


def _leaf_blocks(body: Tag) -> list[Tag]:
    """Block elements holding text directly (a <div> wrapping <p>s is not a paragraph)."""
    return [n for n in body.find_all(S.PARAGRAPH_TAGS) if not n.find(S.PARAGRAPH_TAGS)]


class Body:
    """One body container, cleaned: its pair link (English pages), captions, text blocks."""

    def __init__(self, html: str, page_url: str, rank: int) -> None:
        self.rank = rank  # of the body selector that found it
        soup = BeautifulSoup(html, "lxml")
        root = soup.body or soup
        english = urls.edition_of(page_url) == "en"
        self.pair_url = _pair_link(root, page_url) if english else None
        self.captions: list[str] = []
        for cap in root.select(", ".join(S.CAPTION)):
            text = clean_text(cap.get_text(" "))
            if text and text not in self.captions:
                self.captions.append(text)
        for junk in root.select(", ".join(S.BODY_DROP)):
            junk.decompose()
        leaves = _leaf_blocks(root)
        divs = sum(b.name == S.LEGACY_BLOCK for b in leaves)
        self.legacy = bool(leaves) and divs > len(leaves) / 2  # a migrated post
        self.blocks = [t for b in leaves if (t := clean_text(b.get_text(" ")))]
        self._root = root

    @cached_property
    def text(self) -> str:
        """All the text left in the container, blocks or not."""
        return clean_text(self._root.get_text(" "))

    @property
    def has_text(self) -> bool:
        return bool(self.blocks) or bool(self.text)


def find_body(sel: Selector, page_url: str, candidates: tuple[str, ...]) -> Body | None:
    """The first body container any of the candidate selectors finds, cleaned."""
    for css in candidates:
        node = sel.css(css)
        if node:
            return Body(node[0].get(), page_url, S.LADDERS["body"].index(css))
    return None
