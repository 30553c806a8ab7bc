"""The Whoosh schema: one document per article; a story is the pair, joined by `story`."""

from __future__ import annotations

from whoosh.fields import DATETIME, ID, KEYWORD, STORED, TEXT, SchemaClass

from search.analysis import analyzers

TITLE_BOOST = 2.0
BIGRAM_BOOST = 0.4
NAMES_BOOST = 0.5

SCHEMA_VERSION = 2  # bump when fields or analyzers change: the index must be rebuilt


class ArticleSchema(SchemaClass):
    url = ID(stored=True, unique=True)
    story = ID(stored=True)  # the English URL of a pair, else the article's own URL
    lang = ID(stored=True)
    section = ID(stored=True)
    published = DATETIME(stored=True, sortable=True)
    title = STORED()  # display only: title_en / title_ko are the searched forms
    title_en = TEXT(analyzer=analyzers.english(), field_boost=TITLE_BOOST)
    body_en = TEXT(analyzer=analyzers.english())
    names = TEXT(analyzer=analyzers.names(), field_boost=NAMES_BOOST)
    title_ko = TEXT(
        analyzer=analyzers.korean_morph(), field_boost=TITLE_BOOST, multitoken_query="and"
    )
    body_ko = TEXT(analyzer=analyzers.korean_morph(), multitoken_query="and")
    bigram_ko = TEXT(
        analyzer=analyzers.korean_bigram(), field_boost=BIGRAM_BOOST, multitoken_query="phrase"
    )
    entities = KEYWORD(stored=True, commas=True, scorable=True)
    commodities = KEYWORD(stored=True, commas=True, scorable=True)
    ids = KEYWORD(commas=True, scorable=True)  # entities + commodities: cross-language hook


SEARCH_FIELDS = ("title_en", "body_en", "names", "title_ko", "body_ko", "bigram_ko")
