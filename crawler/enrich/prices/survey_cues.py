"""Does a text name a survey, its day or a heading of prices ("as of", "기준", "Market
prices, Oct. 25")? Such a sentence sets the day and market of the prices after it."""

from __future__ import annotations

import re

# A sentence without a price may still set the survey date or market for the next ones.
_SURVEY_WORDS = re.compile(r"\bsurvey|\bas of\b|\bconducted\b|조사|기준", re.I)
# So does a heading of prices ("Market prices, Oct. 25 (per kg)", "시장 물가"), not a sentence.
_HEADING_WORDS = re.compile("arket prices|arket Prices|ARKET PRICES|물가")
# What both patterns need, as literals (one pass of the regex engine's fast literal scan
# instead of a case-blind try at every position).
_SURVEY_CUES = re.compile(
    "urvey|URVEY|as of|As of|AS OF|onducted|ONDUCTED|arket prices|arket Prices|ARKET PRICES|물가"
)


# ... and so does a report of prices looked into: "checked prices at the markets of Sinuiju
# on Mar. 4", "the corn price was checked at the Sapo market on Apr. 6", "신의주 시장의
# 물가를 알아봤다".
_CHECKED_PRICES = re.compile(
    r"\b(?:checked|looked\s+(?:at|into)|examined|monitored|tracked)\b.{0,40}?\bprices?\b"
    r"|\bprices?\s+(?:was|were|had\s+been)\s+(?:checked|examined|monitored|tracked)\b"
    r"|(?:물가|가격|시세)[을를]?\s*(?:알아보|알아봤|알아본|살펴보|살펴봤|살펴본|확인|파악|점검)"
)


def survey_cued(text: str) -> bool:
    """Is any of the words that survey_words looks for in `text` at all? Without one, no
    part of it names a survey either: its sentences need no test of their own."""
    return (
        "조사" in text
        or "기준" in text
        or _SURVEY_CUES.search(text) is not None
        or any(c in text for c in _CHECKED_CUES)
    )


def survey_words(text: str) -> bool:
    """Does `text` name a survey or its day ("as of", "기준"), or head a list of prices?
    Substrings first: the case-blind pattern alone cost a tenth of the extraction."""
    if "조사" in text or "기준" in text:
        return True
    if _SURVEY_CUES.search(text) is None:
        return _checked_prices(text)
    if _SURVEY_WORDS.search(text) is not None:
        return True
    if _HEADING_WORDS.search(text) is not None and not text.rstrip().endswith((".", "다")):
        return True
    return _checked_prices(text)


_CHECKED_CUES = (
    "checked",
    "looked",
    "examined",
    "monitored",
    "tracked",
    "알아",
    "살펴",
    "확인",
    "파악",
    "점검",
)


def _checked_prices(text: str) -> bool:
    """Substrings first: most paragraphs with a price word report no looking into them."""
    return any(c in text for c in _CHECKED_CUES) and _CHECKED_PRICES.search(text) is not None
