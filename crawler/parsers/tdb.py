"""The newer tagDiv "cloud" template (`tdb-*` blocks), and its legacy version: posts migrated
from the old system, paragraphs written as <div>s."""

from __future__ import annotations

from crawler.parsers import selectors as S
from crawler.parsers.base import ArticleParser


class TdbParser(ArticleParser):
    template = S.TDB
    name = S.TDB.name


class TdbLegacyParser(TdbParser):
    name = S.TDB.name + S.LEGACY_SUFFIX
