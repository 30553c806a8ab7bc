"""What every Daily NK article parser shares: each field a small method over the template's
own selectors first, then the others (selectors.candidates), the rank of the selector that
answered recorded per field. A template's parser (td2019.py, tdb.py, generic.py) says which
selectors are its own.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from functools import cached_property
from typing import Any, ClassVar

from parsel import Selector

from crawler import urls
from crawler.items import Article
from crawler.parsers import selectors as S
from crawler.parsers.body import Body, canonical
from crawler.parsers.document import Page
from crawler.parsers.text import clean_text

KST = timedelta(hours=9)
SITE_SUFFIX = re.compile(r"\s*[-|–]\s*(Daily ?NK|데일리NK)\s*(English)?\s*$", re.I)
BYLINE_WORD = re.compile(r"^(By|기자)\s+")
AUTHOR_SPLIT = re.compile(r"\s*(?:,|\band\b|&|및|·)\s*")
TAGS_LABEL = "TAGS"  # the label heading the 2019 template's tag list: never a value
CREDIT = re.compile(
    r"^\*?\s*Translated by\s+(?P<tr>.+?)(?:\s*(?:,|and)\s*edited by\s+(?P<ed>.+?))?\.?$", re.I
)
EDITED_ONLY = re.compile(r"^\*?\s*Edited by\s+(?P<ed>.+?)\.?$", re.I)
# Lines at the end of a body that are about the article, not of it.
META_LINES = re.compile(
    r"^(please direct any comments or questions about this article to"
    r"|\*?views expressed in guest columns"
    r"|read in korean\b"
    r"|<?\s*저작권자|ⓒ|copyright\s*©|\*?이 기사는)",
    re.I,
)


def iso_utc(value: str | None, assume_kst: bool = False) -> str | None:
    """ISO 8601 in UTC; a time without a zone, or one known to be KST, is shifted 9 h."""
    if not value:
        return None
    try:
        dt = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
        if assume_kst or dt.tzinfo is None:  # the theme's <time> is KST labelled +00:00
            dt = dt.replace(tzinfo=UTC) - KST
        return dt.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    except (ValueError, OverflowError):  # not a date, or year 1 / 9999 shifted out of range
        return None


def split_authors(raws: list[str]) -> list[str]:
    """Author names from bylines as written ("By X and Y", "X, Y"), each once."""
    names: list[str] = []
    for raw in raws:
        names.extend(n for n in AUTHOR_SPLIT.split(BYLINE_WORD.sub("", raw)) if n)
    return list(dict.fromkeys(names))


def credits(found: Body | None) -> tuple[str | None, str | None]:
    """Translator and editor from the body's credit lines (the last line says last)."""
    translator = editor = None
    for text in found.blocks if found else ():
        if credit := CREDIT.match(text):
            translator = credit["tr"].strip()
            editor = credit["ed"].strip() if credit["ed"] else None
        elif edited := EDITED_ONLY.match(text):
            editor = edited["ed"].strip()
    return translator, editor


def paragraphs(found: Body | None) -> list[str]:
    """The body's paragraphs, without credit and other meta lines; the whole text of the
    container when it holds no blocks at all. Pages and REST records share it, so both
    paths store the same text."""
    if found is None:
        return []
    kept = [
        text
        for text in found.blocks
        if not (CREDIT.match(text) or EDITED_ONLY.match(text) or META_LINES.match(text))
    ]
    if kept:
        return kept
    return [found.text] if found.text else []


def _texts(sel: Selector, css: str) -> list[str]:
    """Attribute values as they are; elements as their whole text."""
    if "::" in css:
        return sel.css(css).getall()
    return [" ".join(n.css("*::text").getall()) for n in sel.css(css)]


def _first_text(sel: Selector, css: str) -> str:
    """The first match's value or whole text (a later match is never looked at)."""
    if "::" in css:
        return sel.css(css).get() or ""
    nodes = sel.css(css)
    return " ".join(nodes[0].css("*::text").getall()) if nodes else ""


class ArticleParser:
    """One version of the post page. `template` holds its own selectors; each field tries
    them first (see selectors.candidates) and records the rank of the one that answered."""

    template: ClassVar[S.Template]
    name: ClassVar[str]

    def __init__(self, page: Page, body: Body | None) -> None:
        self.page = page
        self.sel = page.sel
        self.found_body = body
        self.hits: dict[str, int] = {}

    def _ranked(self, field: str, css: str) -> None:
        self.hits[field] = S.LADDERS[field].index(css)

    def first(self, field: str) -> str:
        for css in S.candidates(self.template, field):
            value = clean_text(_first_text(self.sel, css))
            if value:
                self._ranked(field, css)
                return value
        self.hits[field] = -1
        return ""

    def every(self, field: str) -> list[str]:
        for css in S.candidates(self.template, field):
            values = [clean_text(v) for v in _texts(self.sel, css)]
            values = [v for v in values if v and v.upper() != TAGS_LABEL]
            if values:
                self._ranked(field, css)
                return list(dict.fromkeys(values))
        self.hits[field] = -1
        return []

    # --- fields -------------------------------------------------------------------------
    def title(self) -> str:
        return SITE_SUFFIX.sub("", self.first("title"))

    def subtitle(self) -> str | None:
        return self.first("subtitle") or None

    def authors(self) -> list[str]:
        return split_authors(self.every("author"))

    @cached_property
    def json_ld(self) -> dict[str, Any]:
        """The Article node of Yoast's JSON-LD graph, if any."""
        for raw in self.sel.css(S.JSON_LD).getall():
            try:
                data = json.loads(raw)
            except ValueError:
                continue
            nodes = data.get("@graph", [data]) if isinstance(data, dict) else data
            for node in nodes if isinstance(nodes, list) else []:
                if isinstance(node, dict) and "datePublished" in node:
                    return node
        return {}

    def _published_tries(self) -> Iterator[str | None]:
        """In rank order: Yoast's true UTC time, JSON-LD's, the theme's <time> (KST)."""
        yield iso_utc(self.sel.css(S.PUBLISHED[0]).get())
        yield iso_utc(self.json_ld.get("datePublished"))
        local = (iso_utc(self.sel.css(css).get(), assume_kst=True) for css in S.TIME_LOCAL)
        yield next((v for v in local if v), None)

    def published(self) -> str | None:
        for rank, value in enumerate(self._published_tries()):
            if value:
                self.hits["published"] = rank
                return value
        self.hits["published"] = -1
        return None

    def modified(self) -> str | None:
        return iso_utc(self.sel.css(S.MODIFIED).get()) or iso_utc(self.json_ld.get("dateModified"))

    def section(self) -> str | None:
        sections = self.every("section")
        return sections[-1] if sections else None  # the most specific category

    def tags(self) -> list[str]:
        return self.every("tags")

    def canonical_url(self) -> str | None:
        href = self.first("canonical")
        return canonical(href, self.page.url) if href else None

    def post_id(self) -> int | None:
        art_id = self.sel.css(S.ARTICLE + "::attr(id)").get() or ""
        m = re.search(r"post-(\d{1,18})\b", art_id) or re.search(
            r"[?&](?:p|num)=(\d{1,18})\b", self.page.url
        )
        return int(m.group(1)) if m else None

    def html_lang(self) -> str | None:
        return (self.sel.css(S.HTML_LANG).get() or "").strip() or None

    def credits(self) -> tuple[str | None, str | None]:
        return credits(self.found_body)

    def body(self) -> list[str]:
        return paragraphs(self.found_body)

    def parse(self) -> Article:
        art = Article(url=urls.canonicalize(self.page.url), template=self.name)
        art.html_lang = self.html_lang()
        art.post_id = self.post_id()
        art.title = self.title()
        art.subtitle = self.subtitle()
        art.authors = self.authors()
        art.published = self.published()
        art.modified = self.modified()
        art.section = self.section()
        art.tags = self.tags()
        art.canonical_url = self.canonical_url()
        art.body = self.body()
        self.hits["body"] = self.found_body.rank if self.found_body else -1
        if self.found_body:
            art.captions = self.found_body.captions
            art.pair_url = self.found_body.pair_url
        art.translator, art.editor = self.credits()
        art.selector_hits = self.hits
        return art
