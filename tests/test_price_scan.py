"""The shortcuts of the amount scans find exactly what the patterns find: the Korean scan
from each 원 (prices/patterns.ko_prices) the same matches on any text, and no English
amount is written without one of the words a paragraph is checked for first."""

from __future__ import annotations

import random
import re

from crawler.enrich.prices import patterns as P
from search import evaluate_prices


def _spans(matches) -> list[tuple[int, int, tuple]]:
    return [(m.start(), m.end(), m.groups()) for m in matches]


def test_finds_the_patterns_matches_in_the_judged_passages():
    texts = [p.text for p in evaluate_prices.load() if "원" in p.text]
    assert texts
    for text in texts:
        assert _spans(P.ko_prices(text)) == _spans(P.KO_PRICE.finditer(text)), text


def test_finds_the_patterns_matches_in_any_run_of_amount_characters():
    """Digits (one of them not ASCII), commas, dots, spaces (one of them wide), the units
    and the words that follow a won: every way a match can start, fail or run on."""
    alphabet = list("0123456789,. 만천백억원대화쌀가") + ["\u0663", "\u3000", "\n"]
    rng = random.Random(15)
    for _ in range(20_000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randrange(24)))
        assert _spans(P.ko_prices(text)) == _spans(P.KO_PRICE.finditer(text)), repr(text)


def test_digits_and_spaces_are_what_the_pattern_takes_them_for():
    """The scan tells digits and spaces by str.isdecimal and str.isspace: over all of
    Unicode, the characters the pattern's \\d and \\s match."""
    every = "".join(chr(c) for c in range(0x110000) if not 0xD800 <= c < 0xE000)
    assert re.findall(r"\d", every) == [c for c in every if c.isdecimal()]
    assert re.findall(r"\s", every) == [c for c in every if c.isspace()]


def test_every_english_amount_holds_a_word_the_paragraph_is_checked_for():
    texts = [p.text for p in evaluate_prices.load() if p.lang == "en"]
    found = [text[P.en_start(m) : m.end()] for text in texts for m in P.EN_PRICE.finditer(text)]
    assert len(found) > 100
    for amount in found:
        assert any(c in amount for c in P.EN_PRICE_CUES), amount
