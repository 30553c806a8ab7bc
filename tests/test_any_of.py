"""The price extractor's joined and lower-cased patterns find exactly what the patterns of
crawler/enrich/prices/patterns.py find: the same observations, on any text (prices/any_of.py)."""

from __future__ import annotations

import re

import pytest

from crawler.enrich.prices import patterns as P
from crawler.enrich.prices.any_of import ODD_CASES, AnyOf

TEXTS = [
    "officials demanded bribes of",
    "OFFICIALS DEMANDED BRIBES OF",
    "the Salary was",
    "the ſalary was",  # a long s: case-blind, it is an s
    "a \u212aRW 5,000 fine",  # the Kelvin sign: case-blind, it is a k
    "İf the price",  # lower-cased, two characters
    "ıf the price",  # a dotless i: case-blind, it is an i
    "prices rose by",
    "Prices ROSE BY about",
    "up from the previous",
    "“It sold for” ",
    "",
]


@pytest.mark.parametrize(
    "patterns",
    [
        (P.EN.not_market,),
        (P.EN.bound_left, P.EN.change_left),
        (P.EN.earlier_left,),
        (P.EN.bound_right, P.EN.change_right),
        (P.KO.foreign_money_left, P.KO.range_left, P.KO.bound_left, P.KO.change_left),
    ],
)
def test_joined_patterns_find_what_any_of_them_finds(patterns):
    joined = AnyOf(*patterns)
    for text in TEXTS + [t.lower() for t in TEXTS] + [t.upper() for t in TEXTS]:
        assert joined.search(text) == any(p.search(text) for p in patterns), text


def test_a_lower_case_twin_only_where_lower_casing_keeps_the_meaning():
    assert AnyOf(re.compile(r"\bKPW\S*[-–~]", re.I)).lower.pattern == r"(?:\bkpw\S*[-–~])"
    for source in (r"[A-Z]\d", r"(?-i:KRW)", r"\x41", "Éwon"):
        assert AnyOf(re.compile(source, re.I)).lower is None, source
    assert AnyOf(re.compile("won")).lower is None  # case-sensitive: nothing to gain


def test_only_four_other_characters_are_taken_for_ascii_letters():
    """The twin's premise, over all of Unicode: besides A-Z and a-z, only ODD_CASES match
    an ASCII letter case-blind, and lower-casing any other character to one character
    keeps it a word character, a space or a digit as it was."""
    letter = re.compile("[a-z]", re.I)
    odd = {chr(c) for c in range(128, 0x110000) if letter.fullmatch(chr(c))}
    assert odd == set(ODD_CASES)
    classes = [re.compile(r"\w"), re.compile(r"\s"), re.compile(r"\d")]
    # and what a character lower-cases to is cased: no other turns into "–" or "’"
    for code in range(0x110000):
        ch = chr(code)
        low = ch.lower()
        if low == ch or len(low) != 1 or ch in ODD_CASES:
            continue
        assert low not in "abcdefghijklmnopqrstuvwxyz" or ch.isascii(), hex(code)
        assert low.upper() != low, hex(code)
        for c in classes:
            assert bool(c.fullmatch(ch)) == bool(c.fullmatch(low)), hex(code)
