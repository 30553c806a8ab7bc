"""A Korean word that is part of a curated name crosses languages through the name."""

from __future__ import annotations

from search import lexicon, name_parts
from tests.conftest import jsonl, nkwatch


def test_the_rest_of_a_name_translates_its_part():
    # 국경경비대 = "border guards" and 국경 = "border" (glossary): 경비대 is "guards".
    found = name_parts.translate("경비대")
    assert "guards" in [p.english for p in found]
    assert all(p.name_ko.startswith("국경") for p in found)


def test_proper_name_parts_and_one_syllable_parts_are_not_words():
    # "Border Security Command" is also a name of the guards: "Security Command" is no
    # translation of 경비대; 대 alone means too many things.
    assert "Security Command" not in [p.english for p in name_parts.translate("경비대")]
    assert name_parts.translate("대") == []
    assert name_parts.translate("국경경비대") == []  # the whole name is the gazetteer's


def test_a_name_part_finds_english_only_stories_without_a_lexicon(crawled_copy):
    lexicon.write(crawled_copy, lexicon.Lexicon())  # nothing learned from the pairs
    out = nkwatch(crawled_copy, "search", "경비대", "--lang", "en", "--no-service").stdout
    assert "경비대 -> guards / guard units (from 국경경비대 = border guards)" in out
    hits = jsonl(nkwatch(crawled_copy, "search", "경비대", "--json", "--no-service").stdout)
    assert any(h["en"] and "manpo" in h["en"]["url"] and h["ko"] is None for h in hits)
