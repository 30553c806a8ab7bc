"""The Daily NK article parser: picks the parser of the page's template, up front.

A pure function of (html, url), in Fundus's manner: one parser per version of the post
page (td2019.py, tdb.py; each with a legacy version for migrated posts), and a proxy that
picks the version. Here the version is told by a marker in the page, not by a date: a
template matches when its marker is there and its body holds text; a page no template
matches goes to the generic parser.
"""

from __future__ import annotations

from crawler.items import Article
from crawler.parsers import selectors as S
from crawler.parsers.base import ArticleParser
from crawler.parsers.body import find_body
from crawler.parsers.document import NotAnArticle, Page
from crawler.parsers.generic import GenericParser
from crawler.parsers.td2019 import Td2019LegacyParser, Td2019Parser
from crawler.parsers.tdb import TdbLegacyParser, TdbParser

# template -> (its parser, its legacy version's)
PARSERS: dict[S.Template, tuple[type[ArticleParser], type[ArticleParser]]] = {
    S.TDB: (TdbParser, TdbLegacyParser),
    S.TD_2019: (Td2019Parser, Td2019LegacyParser),
}
# Every name a parsed article's `template` can carry.
TEMPLATE_NAMES = tuple(p.name for pair in PARSERS.values() for p in pair) + (GenericParser.name,)


def choose_parser(page: Page) -> ArticleParser:
    """The first template whose marker is on the page, if its body holds text; else the
    generic parser."""
    for template in S.TEMPLATES:
        if page.has(template.marker):
            body = find_body(page.sel, page.url, S.candidates(template, "body"))
            if body is not None and body.has_text:
                current, legacy = PARSERS[template]
                return (legacy if body.legacy else current)(page, body)
            break
    return GenericParser(page, find_body(page.sel, page.url, S.candidates(S.GENERIC, "body")))


def parse_article(html: str, url: str, notes: list[str] | None = None) -> Article:
    """Parse one Daily NK article page. Raises NotAnArticle for pages that are not posts.
    `notes`, if given, receives what was done to a hostile page (e.g. deep nesting flattened)."""
    page = Page.load(html, url, notes)
    page.require_post()
    art = choose_parser(page).parse()
    if not art.title or not art.body:
        raise NotAnArticle("no title or no body text")
    return art
