"""The 2019 tagDiv template (`td-post-*`), as on the saved real pages, and its legacy
version: posts migrated from the old system, paragraphs written as <div>s."""

from __future__ import annotations

from crawler.parsers import selectors as S
from crawler.parsers.base import ArticleParser


class Td2019Parser(ArticleParser):
    template = S.TD_2019
    name = S.TD_2019.name


class Td2019LegacyParser(Td2019Parser):
    name = S.TD_2019.name + S.LEGACY_SUFFIX
