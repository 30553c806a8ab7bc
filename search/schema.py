"""The Whoosh schema: one document per article; a story is the pair, joined by `story`.

Each word is searched only where it can occur: Latin words in the English fields, Hangul
in the Korean ones (`LANGUAGE_FIELDS`). What crosses languages is tagged at index time as
id terms both versions of a story share: gazetteer entries (`ids`) and glossary concepts
(`concepts_en`, `concepts_ko`), one term each. Dates are also kept as year/month/day
terms (`days`): a date filter is a handful of term lookups instead of a range walk. There
is no Korean bigram field: `make eval` scored the morphological fields alone equal or
better on every kind, and it held ~38% of all postings.
"""

from __future__ import annotations

from whoosh.fields import DATETIME, ID, KEYWORD, STORED, TEXT, SchemaClass

from search.analysis import analyzers

TITLE_BOOST = 2.0
NAMES_BOOST = 0.5

SCHEMA_VERSION = 3  # bump when fields or analyzers change: the index must be rebuilt


class ArticleSchema(SchemaClass):
    url = ID(stored=True, unique=True)
    story = ID(stored=True)  # the English URL of a pair, else the article's own URL
    lang = ID(stored=True)
    section = ID(stored=True)
    published = DATETIME(stored=True, sortable=True)
    days = KEYWORD(commas=True)  # y2024, m2024-05, d2024-05-17: date filters as terms
    title = STORED()  # display only: title_en / title_ko are the searched forms
    title_en = TEXT(analyzer=analyzers.english(), field_boost=TITLE_BOOST)
    body_en = TEXT(analyzer=analyzers.english())
    names = TEXT(analyzer=analyzers.names(), field_boost=NAMES_BOOST)
    title_ko = TEXT(
        analyzer=analyzers.korean_morph(), field_boost=TITLE_BOOST, multitoken_query="and"
    )
    body_ko = TEXT(analyzer=analyzers.korean_morph(), multitoken_query="and")
    entities = KEYWORD(stored=True, commas=True, scorable=True)
    commodities = KEYWORD(stored=True, commas=True, scorable=True)
    ids = KEYWORD(commas=True, scorable=True)  # entities + commodities: cross-language hook
    # glossary concept ids, repeated per mention, in the field of the article's language: a
    # query word searches its own language's text and the other language's concept field
    concepts_en = KEYWORD(commas=True, scorable=True)
    concepts_ko = KEYWORD(commas=True, scorable=True)


EN_FIELDS = ("title_en", "body_en", "names")
KO_FIELDS = ("title_ko", "body_ko")
SEARCH_FIELDS = EN_FIELDS + KO_FIELDS
LANGUAGE_FIELDS = {"en": EN_FIELDS, "ko": KO_FIELDS}
