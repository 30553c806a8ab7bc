"""Korean analysis of compounds: what a modifier + head word becomes, index and query side."""

from __future__ import annotations

from crawler.enrich import entities
from crawler.text import korean

GAZ = entities.default()


def terms(text: str, query: bool = False) -> list[tuple[str, int]]:
    toks = korean.tokens(text, GAZ.ko_aliases, query=query, singles=GAZ.ko_singles)
    return [(t.text, t.pos) for t in toks]


def test_a_determiner_written_onto_a_noun_is_the_compounds_modifier():
    """mecab tags the 동 (copper) of 동정광 as a determiner; dropped, 동정광 was 정광 alone.
    Joined, the compound is one term with its head as a part, as mecab's own compounds."""
    assert terms("동정광을") == [("동정광", 0), ("정광", 0)]
    assert terms("동정광을", query=True) == [("동정광", 0)]
    assert terms("비공식", query=True) == [("비공식", 0)]  # unofficial, not official


def test_a_determiner_standing_alone_stays_out():
    assert "동" not in {t for t, _ in terms("동 기관은 이를 부인했다")}


def test_a_query_name_takes_one_position_and_the_head_the_next():
    assert terms("철광석을", query=True) == [("철광석", 0)]  # not 철광석 and 철광 side by side
    assert terms("혜산광산", query=True) == [("혜산", 0), ("광산", 1)]
