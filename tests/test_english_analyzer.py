"""The English analyzer's one-loop index side (search/analysis/analyzers.py) gives exactly
the terms and positions of Whoosh's own chain, so an index it builds answers queries parsed
with that chain; queries go through the chain itself."""

from __future__ import annotations

import pytest
from whoosh.analysis import LanguageAnalyzer

from search.analysis.analyzers import english

TEXTS = [
    "Rice prices in Hyesan rose to 5,000 won per kilogram, traders told Daily NK.",
    "The U.S. and the DPRK's 8.3 workers: a an the of is it -- Hyesan-based traders' yuan*",
    "Running runners ran; the smugglers were running across the Yalu at night.",
    "",
]


def _terms(analyzer, text: str, **kwargs) -> list[tuple[str, int | None, bool]]:
    positions = kwargs.get("positions", False)
    return [(t.text, t.pos if positions else None, t.stopped) for t in analyzer(text, **kwargs)]


@pytest.mark.parametrize("text", TEXTS)
@pytest.mark.parametrize("positions", [True, False])
def test_index_side_matches_whoosh_chain(text, positions):
    ours, whoosh = english(), LanguageAnalyzer("en")
    kwargs = {"positions": positions, "mode": "index", "boosts": True}
    assert _terms(ours, text, **kwargs) == _terms(whoosh, text, **kwargs)


def test_query_side_keeps_stop_words_when_asked():
    text = TEXTS[1]
    kwargs = {"positions": True, "mode": "query", "removestops": False}
    got = _terms(english(), text, **kwargs)
    assert got == _terms(LanguageAnalyzer("en"), text, **kwargs)
    assert ("the", 0, True) in got
