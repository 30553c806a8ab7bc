"""Market price observations from article text, in English and Korean.

    extract(text, lang, published, gazetteer) -> [Observation]

An observation is a price in North Korean won of one good (a gazetteer commodity, or the US
dollar or Chinese yuan for exchange rates: won per 1 unit) on one day, in one market (a
gazetteer place id; None when only a province or no place is named), with the quoted span.

Precision comes first: a number is an observation only when it is written as a price ("KPW
6,100", "6,100 won", "6,100원", "1만 2500원"), is not a change, bound, range, average or an
earlier value without its own date, sits in a sentence that is not about bribes, fines, wages
or state-set prices, and a good can be tied to it. When unsure, nothing is emitted.
Pure functions; only articles with a price-like string get past the first regex.

How an article becomes observations, module by module:

    article.py      article -> paragraphs, each read as a table or sentence by sentence,
                    with what the last one carried (records.Carry, survey_cues.py)
    tables.py       a table's rows and cells -> observations
    sentences.py    a sentence -> amounts (amounts.py; every pattern in patterns.py)
    qualifiers.py   -> qualified away? (state-set, pay, bribe, forecast, earlier; and
    currencies.py      money in other currencies)
    binding.py      -> the good, place, day and unit of each (names.py, dates.py)
    records.py      -> observations (Observation)
    article.py      -> merged: one observation per key
"""

from __future__ import annotations

from crawler.enrich.prices.article import extract, of_article, rederive
from crawler.enrich.prices.names import Lexicon, lexicon
from crawler.enrich.prices.records import FIELDS, Carry, Observation
from crawler.enrich.prices.sentences import sentence
from crawler.enrich.prices.survey_cues import survey_cued, survey_words
from crawler.enrich.prices.tables import dated_rows, one_line_table, table

__all__ = [
    "FIELDS",
    "Carry",
    "Lexicon",
    "Observation",
    "dated_rows",
    "extract",
    "lexicon",
    "of_article",
    "one_line_table",
    "rederive",
    "sentence",
    "survey_cued",
    "survey_words",
    "table",
]
