"""The Daily NK article parser: exact on the known templates, defensive elsewhere.

A pure function of (html, url). Each field is a small function over a parsel Selector; the
body is cleaned with BeautifulSoup, which is at its best for pruning a small subtree.
"""

from __future__ import annotations

import html as htmllib
import json
import logging
import re
from datetime import UTC, datetime, timedelta

from bs4 import BeautifulSoup, Tag
from lxml import etree
from parsel import Selector

from crawler import urls
from crawler.items import Article
from crawler.parsers import selectors as S
from crawler.parsers.text import clean_text

KST = timedelta(hours=9)
SITE_SUFFIX = re.compile(r"\s*[-|–]\s*(Daily ?NK|데일리NK)\s*(English)?\s*$", re.I)
CREDIT = re.compile(
    r"^\*?\s*Translated by\s+(?P<tr>.+?)(?:\s*(?:,|and)\s*edited by\s+(?P<ed>.+?))?\.?$", re.I
)
EDITED_ONLY = re.compile(r"^\*?\s*Edited by\s+(?P<ed>.+?)\.?$", re.I)
META_LINES = re.compile(
    r"^(please direct any comments or questions about this article to"
    r"|\*?views expressed in guest columns"
    r"|read in korean\b"
    r"|<?\s*저작권자|ⓒ|copyright\s*©|\*?이 기사는)",
    re.I,
)
READ_IN_KOREAN = re.compile(r"read\s+(it\s+)?in\s+korean|한국어\s*(로|기사|원문)", re.I)
AUTHOR_SPLIT = re.compile(r"\s*(?:,|\band\b|&|및|·)\s*")
# libxml2 stops building the tree at a fixed depth (2048 here even with huge_tree, 256 in
# older versions) and silently drops the rest of the page: such a page is flattened first,
# keeping elements down to MAX_DEPTH and only the text of deeper ones.
MAX_DEPTH = 200
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source"}
RAW_TEXT = {"script", "style"}

logger = logging.getLogger(__name__)


class NotAnArticle(ValueError):
    """The page is fetched fine but is not an article (price chart, listing, tag page...)."""


def _first(sel: Selector, candidates: tuple[str, ...], hits: dict[str, int], name: str) -> str:
    for rank, css in enumerate(candidates):
        if "::" in css:
            value = sel.css(css).get()
        else:
            node = sel.css(css)
            value = " ".join(node[0].css("*::text").getall()) if node else None
        value = clean_text(value or "")
        if value:
            hits[name] = rank
            return value
    hits[name] = -1
    return ""


def _all(sel: Selector, candidates: tuple[str, ...], hits: dict[str, int], name: str) -> list[str]:
    for rank, css in enumerate(candidates):
        if "::" in css:
            values = sel.css(css).getall()
        else:
            values = [" ".join(n.css("*::text").getall()) for n in sel.css(css)]
        values = [clean_text(v) for v in values]
        values = [v for v in values if v and v.upper() != "TAGS"]
        if values:
            hits[name] = rank
            return list(dict.fromkeys(values))
    hits[name] = -1
    return []


def _iso_utc(value: str | None, assume_kst: bool = False) -> str | None:
    if not value:
        return None
    try:
        dt = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
        if (
            assume_kst or dt.tzinfo is None
        ):  # the theme's <time> is KST labelled +00:00: drop the label, shift 9 h
            dt = dt.replace(tzinfo=UTC) - KST
        return dt.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    except (ValueError, OverflowError):  # not a date, or year 1 / 9999 shifted out of range
        return None


def _canonical(href: str, base: str) -> str | None:
    try:
        return urls.canonicalize(href, base=base)
    except ValueError:  # an href no URL parser accepts ("http://[x", "http://h:99999/")
        return None


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


def _json_ld(sel: Selector) -> dict:
    """The Article node of Yoast's JSON-LD graph, if any."""
    for raw in sel.css(S.JSON_LD).getall():
        try:
            data = json.loads(raw)
        except ValueError:
            continue
        nodes = data.get("@graph", [data]) if isinstance(data, dict) else data
        for node in nodes if isinstance(nodes, list) else []:
            if isinstance(node, dict) and "datePublished" in node:
                return node
    return {}


def _published(sel: Selector, hits: dict[str, int]) -> str | None:
    value = _iso_utc(sel.css(S.PUBLISHED[0]).get())
    if value:
        hits["published"] = 0
        return value
    value = _iso_utc(_json_ld(sel).get("datePublished"))
    if value:
        hits["published"] = 1
        return value
    for css in S.TIME_LOCAL:
        value = _iso_utc(sel.css(css).get(), assume_kst=True)
        if value:
            hits["published"] = 2
            return value
    hits["published"] = -1
    return None


def _modified(sel: Selector) -> str | None:
    return _iso_utc(sel.css(S.MODIFIED[0]).get()) or _iso_utc(_json_ld(sel).get("dateModified"))


def _authors(sel: Selector, hits: dict[str, int]) -> list[str]:
    names: list[str] = []
    for raw in _all(sel, S.AUTHOR, hits, "author"):
        raw = re.sub(r"^(By|기자)\s+", "", raw)
        names.extend(n for n in AUTHOR_SPLIT.split(raw) if n)
    return list(dict.fromkeys(names))


def _title(sel: Selector, hits: dict[str, int]) -> str:
    return SITE_SUFFIX.sub("", _first(sel, S.TITLE, hits, "title"))


def _post_id(sel: Selector, url: str) -> int | None:
    art_id = sel.css(S.ARTICLE + "::attr(id)").get() or ""
    m = re.search(r"post-(\d{1,18})\b", art_id) or re.search(r"[?&](?:p|num)=(\d{1,18})\b", url)
    return int(m.group(1)) if m else None


def _pair_link(body: Tag, page_url: str) -> str | None:
    """The Korean original: an anchor reading "Read in Korean", else a Korean article href."""
    anchors = body.find_all("a", href=True)
    for a in anchors:
        if READ_IN_KOREAN.search(a.get_text(" ", strip=True)):
            return _canonical(a["href"], page_url)
    for a in anchors:
        href = _canonical(a["href"], page_url)
        if href and urls.is_korean_article(href) and urls.edition_of(href) == "ko":
            return href
    return None


def _leaf_blocks(body: Tag) -> list[Tag]:
    """Block elements holding text directly (a <div> wrapping <p>s is not a paragraph)."""
    blocks = []
    for node in body.find_all(S.PARAGRAPH_TAGS):
        if node.find(S.PARAGRAPH_TAGS):
            continue
        blocks.append(node)
    return blocks


def _body(sel: Selector, url: str, art: Article) -> bool:
    """Fill body, captions, credits and the pair link; False when no body selector matched."""
    for rank, css in enumerate(S.BODY):
        node = sel.css(css)
        if node:
            art.selector_hits["body"] = rank
            art.template = S.TEMPLATE_BY_BODY[rank]
            break
    else:
        art.selector_hits["body"] = -1
        return False
    soup = BeautifulSoup(node[0].get(), "lxml")
    root = soup.body or soup
    art.pair_url = _pair_link(root, url) if urls.edition_of(url) == "en" else None
    for cap in root.select(", ".join(S.CAPTION)):
        text = clean_text(cap.get_text(" "))
        if text and text not in art.captions:
            art.captions.append(text)
    for junk in root.select(", ".join(S.BODY_DROP)):
        junk.decompose()
    paragraphs = []
    leaves = _leaf_blocks(root)
    if leaves and sum(b.name == "div" for b in leaves) > len(leaves) / 2:
        art.template += "-legacy"  # migrated post: <div> paragraphs
    for block in leaves:
        text = clean_text(block.get_text(" "))
        if not text:
            continue
        credit = CREDIT.match(text)
        if credit:
            art.translator = credit["tr"].strip()
            art.editor = credit["ed"].strip() if credit["ed"] else None
            continue
        edited = EDITED_ONLY.match(text)
        if edited:
            art.editor = edited["ed"].strip()
            continue
        if META_LINES.match(text):
            continue
        paragraphs.append(text)
    if not paragraphs:  # text straight inside the body container, no blocks at all
        text = clean_text(root.get_text(" "))
        paragraphs = [text] if text else []
    art.body = paragraphs
    return True


def parse_article(html: str, url: str, notes: list[str] | None = None) -> Article:
    """Parse one Daily NK article page. Raises NotAnArticle for pages that are not posts.
    `notes`, if given, receives what was done to a hostile page (e.g. deep nesting flattened)."""
    sel, html = _selector(html, notes, url)
    article_node = sel.css(S.ARTICLE)
    classes = article_node.attrib.get("class", "") if article_node else ""
    og_type = (sel.css(S.OG_TYPE).get() or "").strip().lower()
    if "type-page" in classes or urls.PRICE_PAGE.search(urls.path_of(url)):
        raise NotAnArticle("page, not a post (e.g. a price chart)")
    if not article_node and og_type != "article":
        raise NotAnArticle(f"no post element and og:type is {og_type or 'missing'!r}")
    hits: dict[str, int] = {}
    art = Article(url=urls.canonicalize(url))
    art.html_lang = (sel.css(S.HTML_LANG).get() or "").strip() or None
    art.post_id = _post_id(sel, url)
    art.title = _title(sel, hits)
    art.subtitle = _first(sel, S.SUBTITLE, hits, "subtitle") or None
    art.authors = _authors(sel, hits)
    art.published = _published(sel, hits)
    art.modified = _modified(sel)
    sections = _all(sel, S.SECTION, hits, "section")
    art.section = sections[-1] if sections else None  # most specific category
    art.tags = _all(sel, S.TAGS, hits, "tags")
    canonical = _first(sel, S.CANONICAL, hits, "canonical")
    art.canonical_url = _canonical(canonical, url) if canonical else None
    art.selector_hits = hits
    _body(sel, url, art)
    if hits.get("title") == 1 and art.template.startswith("td-2019"):
        art.template = art.template.replace("td-2019", "tdb")  # tdb blocks carry td classes
    if not art.body:
        from crawler.parsers.generic import extract  # fallback only when templates fail

        art.body = extract(html)
        art.template = "generic"
    if not art.title or not art.body:
        raise NotAnArticle("no title or no body text")
    return art
