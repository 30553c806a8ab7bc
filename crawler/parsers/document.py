"""A fetched page, parsed once into a Selector, and the gate that says it is a post.

libxml2 stops building the tree at a fixed depth (2048 here even with huge_tree, 256 in
older versions) and silently drops the rest of the page: such a page is flattened first,
keeping elements down to MAX_DEPTH and only the text of deeper ones.
"""

from __future__ import annotations

import html as htmllib
import logging
from dataclasses import dataclass

from lxml import etree
from parsel import Selector

from crawler import urls
from crawler.parsers import selectors as S

MAX_DEPTH = 200
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source"}
RAW_TEXT = {"script", "style"}

logger = logging.getLogger(__name__)


class NotAnArticle(ValueError):
    """The page is fetched fine but is not an article (price chart, listing, tag page...)."""


class _Flattener:
    """lxml parser target that writes the document back out, keeping elements up to
    MAX_DEPTH and only the text of anything deeper. A target builds no tree, so libxml2's
    depth limit does not apply."""

    def __init__(self) -> None:
        self.out: list[str] = []
        self.depth = 0
        self.raw = 0

    def start(self, tag: str, attrib: dict[str, str]) -> None:
        self.depth += 1
        if self.depth <= MAX_DEPTH and isinstance(tag, str):
            attrs = "".join(f' {k}="{htmllib.escape(v)}"' for k, v in attrib.items())
            self.out.append(f"<{tag}{attrs}>")
            self.raw += tag in RAW_TEXT

    def end(self, tag: str) -> None:
        if self.depth <= MAX_DEPTH and isinstance(tag, str):
            self.raw -= tag in RAW_TEXT
            if tag not in VOID:
                self.out.append(f"</{tag}>")
        self.depth -= 1

    def data(self, text: str) -> None:
        self.out.append(text if self.raw else htmllib.escape(text, quote=False))

    def close(self) -> str:
        return "".join(self.out)


def _selector(html: str, notes: list[str] | None, url: str) -> tuple[Selector, str]:
    """The page as a Selector, and the HTML it was built from: the page itself, or, when
    it nests deeper than libxml2 builds, the page flattened below MAX_DEPTH (logged)."""
    body = html.replace("\x00", "").strip().encode("utf-8") or b"<html/>"
    parser = etree.HTMLParser(recover=True, encoding="utf-8", huge_tree=True)
    try:
        root = etree.fromstring(body, parser=parser)
    except etree.XMLSyntaxError:  # nothing lxml can make a document of
        root = None
    if any("depth" in e.message.lower() for e in parser.error_log):
        target = _Flattener()
        flat = etree.fromstring(body, etree.HTMLParser(target=target, encoding="utf-8"))
        logger.warning("%s nests too deep for lxml: flattened below level %d", url, MAX_DEPTH)
        if notes is not None:
            notes.append("flattened-deep-nesting")
        html = flat or "<html/>"
        flat_parser = etree.HTMLParser(recover=True, encoding="utf-8", huge_tree=True)
        root = etree.fromstring(html.encode("utf-8"), flat_parser)
    if root is None:
        root = etree.fromstring(b"<html/>", etree.HTMLParser())
    return Selector(root=root, type="html"), html


@dataclass(frozen=True)
class Page:
    """One fetched page: its URL, the HTML the Selector was built from, the Selector."""

    url: str
    html: str
    sel: Selector

    @classmethod
    def load(cls, html: str, url: str, notes: list[str] | None = None) -> Page:
        sel, html = _selector(html, notes, url)
        return cls(url, html, sel)

    def has(self, css: str) -> bool:
        return bool(self.sel.css(css))

    def require_post(self) -> None:
        """Raise NotAnArticle unless the page is a post (not a WordPress page such as the
        price chart, not a listing, tag or home page)."""
        post = self.sel.css(S.ARTICLE)
        # .xpath, not .attrib: parsel's attrib re-validates every attribute name, and a page
        # with a control character in one would raise instead of being read.
        classes = " ".join(post[0].xpath("@class").getall()) if post else ""
        og_type = (self.sel.css(S.OG_TYPE).get() or "").strip().lower()
        if "type-page" in classes or urls.PRICE_PAGE.search(urls.path_of(self.url)):
            raise NotAnArticle("page, not a post (e.g. a price chart)")
        if not post and og_type != "article":
            raise NotAnArticle(f"no post element and og:type is {og_type or 'missing'!r}")
