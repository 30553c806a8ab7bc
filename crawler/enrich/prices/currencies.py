"""Money in a sentence that is no won price of a good: sums in yuan or dollars, the
reader's cents, won converted from them; and the rates listed among won prices ("USD 8,100")."""

from __future__ import annotations

import re

from crawler.enrich.prices import patterns as P
from crawler.enrich.prices.amounts import Amount, bare

_NOT_CENTS = re.compile("yuan|CNY|RMB|위안|thousand|million|만")


def _foreign_sums(s: str, lang: str) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """Spans of money in another currency: "10 yuan", "USD 8,000", "3,000달러" (not "1 USD",
    "1위안": the unit of an exchange rate); and apart, dollars with cents ("USD 0.62",
    "0.62달러"): no market goods are paid in cents, so that is the reporter converting a
    won price for the reader, and the won figure is the price."""
    pattern = P.EN_FOREIGN_SUM if lang == "en" else P.KO_FOREIGN_SUM
    sums, cents = [], []
    for m in pattern.finditer(s):
        if (m["n"] or m.groupdict().get("n2")) != "1" or m.group().rstrip()[-1] == "만":
            text = m.group()
            reader = "." in text and not _NOT_CENTS.search(text)
            (cents if reader else sums).append((m.start(), m.end()))
    return sums, cents


# A won price just before a list's next item: "KPW 2,000, ", "2,000 won per kg and the
# dollar at ".
_WON_BEFORE = re.compile(
    r"(?:(?:KPW|KWP|NKW)\s?\d[\d,]*|\d[\d,]*\s+won)(?:\s+(?:per|a)\s+(?:kilogram|kg))?$"
)
_LIST_GAP = re.compile(
    r"(?:\s*,\s*(?:and\s+)?|\s+and\s+)"
    r"(?:(?:the\s+)?(?:US\s+|U\.S\.\s+|Chinese\s+)?(?:dollar|yuan)\s+(?:for\s+|at\s+)?)?$"
)
_DIGITS = re.compile(r"\d[\d,]*")


def _listed_rates(s: str, lang: str, sums: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The foreign sums that are items of a list of won prices ("rice KPW 5,000, corn KPW
    2,000, USD 8,100, CNY 1,200"): a currency's rate in won, not dollars paid."""
    out: list[tuple[int, int]] = []
    last = -1
    for x, y in sums:
        text = s[x:y]
        if lang != "en" or not text.startswith(P.EN_RATE_CODES) or not text[-1].isdigit():
            continue  # "USD 8,100", not "8,100 dollars", "USD 3 million"
        if "." in text:
            continue  # "USD 0.62": the reader's dollars
        window = max(0, x - 40)
        gap = _LIST_GAP.search(s[window:x])
        if gap is None:
            continue
        at = window + gap.start()
        if at == last or _WON_BEFORE.search(s[max(0, at - 40) : at]):
            out.append((x, y))
            last = y
    return out


def _rate_amount(s: str, x: int, y: int) -> Amount:
    """The won figure of a listed rate ("USD 8,100"), as an amount of its own."""
    m = _DIGITS.search(s, x, y)
    assert m is not None  # a sum has its figure
    return Amount(m.start(), m.end(), bare(m.group()), "current", unit_after=False)


def _per_hundred(s: str, lang: str) -> list[tuple[int, int]]:
    """Spans of a rate's 100 units ("100 yuan fetched", "per 100 yuan", "100위안당")."""
    pattern = P.EN_PER_HUNDRED if lang == "en" else P.KO_PER_HUNDRED
    return [m.span() for m in pattern.finditer(s)]


def _converted(s: str, lang: str, a: Amount, sums: list[tuple[int, int]]) -> bool:
    """Is the amount another currency's sum told in won ("10 yuan per kilogram, about 1,400
    won", "3,000달러, 북한 돈으로 2,400만원")?"""
    pattern = P.EN_CONVERTED if lang == "en" else P.KO_CONVERTED
    return any(end <= a.start and pattern.fullmatch(s, end, a.start) for _, end in sums)
