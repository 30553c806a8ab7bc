"""The Whoosh schema: one document per article; a story is the pair, joined by `story`.

Each word is searched only where it can occur: Latin words in the English fields, Hangul
in the Korean ones (`LANGUAGE_FIELDS`). What crosses languages is tagged at index time as
id terms both versions of a story share: gazetteer entries (`ids`) and glossary concepts
(`concepts_en`, `concepts_ko`), one term each. Dates are also kept as year/month/day
terms (`days`): a date filter is a handful of term lookups instead of a range walk. There
is no Korean bigram field: `make eval` scored the morphological fields alone equal or
better on every kind, and it held ~38% of all postings.

Sizes (`python -m bench.index_sizes DATA_DIR` breaks an index down per field): the text
fields keep frequencies and positions (phrases, BM25) in a packed format
(`analysis.postings`); `published` is a sort column only (date filters use
`days`, the date shown comes from the store), since its trie terms were a tenth of the
index.
"""

from __future__ import annotations

from datetime import datetime

from whoosh import columns
from whoosh.fields import COLUMN, DATETIME, ID, KEYWORD, STORED, TEXT, SchemaClass

from search.analysis import analyzers
from search.analysis.postings import PackedPositions

TITLE_BOOST = 2.0
NAMES_BOOST = 0.5

SCHEMA_VERSION = 5  # bump when fields or analyzers change: the index must be rebuilt


_DATES = DATETIME()  # converts a datetime to the sortable number the column holds


def published_key(published: datetime) -> int:
    """The `published` column's value: the order of a date sort (newest first)."""
    return _DATES.to_column_value(published)


def _text(analyzer, **kwargs) -> TEXT:
    """A text field whose postings keep frequencies and positions, packed."""
    field = TEXT(analyzer=analyzer, **kwargs)
    field.format = PackedPositions(field_boost=field.format.field_boost)
    return field


class ArticleSchema(SchemaClass):
    url = ID(stored=True, unique=True)
    story = ID(stored=True)  # the English URL of a pair, else the article's own URL
    lang = ID(stored=True)
    section = ID(stored=True)
    # sort order only: a column, not indexed (no range terms) and not stored
    published = COLUMN(columns.NumericColumn("Q", default=_DATES.default))
    days = KEYWORD(commas=True)  # y2024, m2024-05, d2024-05-17: date filters as terms
    title = STORED()  # display only: title_en / title_ko are the searched forms
    title_en = _text(analyzers.english(), field_boost=TITLE_BOOST)
    body_en = _text(analyzers.english())
    names = _text(analyzers.names(), field_boost=NAMES_BOOST)
    title_ko = _text(analyzers.korean_morph(), field_boost=TITLE_BOOST, multitoken_query="and")
    body_ko = _text(analyzers.korean_morph(), multitoken_query="and")
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
