"""The compact postings (search/analysis/postings.py): an index written with them answers
every query exactly as Whoosh's own format does (same documents, same scores, phrases
included), in fewer bytes, and old-style readers need nothing new."""

from __future__ import annotations

import random

import pytest
from whoosh import query as Q
from whoosh.fields import ID, TEXT, Schema
from whoosh.filedb.filestore import RamStorage

from search.analysis.postings import CompactCodec, PackedPositions

WORDS = [
    "rice",
    "corn",
    "price",
    "market",
    "border",
    "smuggling",
    "hyesan",
    "bridge",
    "police",
    "yuan",
]


def _docs() -> list[tuple[str, str]]:
    r = random.Random(3)
    docs = []
    for n in range(600):
        # long documents too: positions past 255 and 65,535 need the wider encodings
        length = r.choice([5, 40, 400, 70_000 if n == 7 else 900])
        docs.append((str(n), " ".join(r.choice(WORDS) for _ in range(length))))
    return docs


def _index(compact: bool):
    body = TEXT(field_boost=2.0)
    if compact:
        body.format = PackedPositions(field_boost=2.0)
    ix = RamStorage().create_index(Schema(n=ID(stored=True), body=body))
    writer = ix.writer(codec=CompactCodec()) if compact else ix.writer()
    with writer as w:
        for n, text in _docs():
            w.add_document(n=n, body=text)
    return ix


@pytest.fixture(scope="module")
def indexes():
    return _index(compact=False), _index(compact=True)


QUERIES = [
    Q.Term("body", "rice"),
    Q.And([Q.Term("body", "border"), Q.Term("body", "police")]),
    Q.Phrase("body", ["rice", "price"]),
    Q.Phrase("body", ["hyesan", "bridge", "police"]),
    Q.Or([Q.Term("body", "yuan"), Q.Phrase("body", ["corn", "market"])]),
]


@pytest.mark.parametrize("query", QUERIES, ids=str)
def test_same_hits_and_scores_as_whoosh_own_format(indexes, query):
    plain, compact = indexes
    with plain.searcher() as a, compact.searcher() as b:
        want = [(h["n"], round(h.score, 6)) for h in a.search(query, limit=None)]
        got = [(h["n"], round(h.score, 6)) for h in b.search(query, limit=None)]
    assert want and got == want


def test_positions_and_frequencies_read_back(indexes):
    plain, compact = indexes
    with plain.reader() as a, compact.reader() as b:
        for word in ("rice", "police"):
            pa = a.postings("body", word)
            pb = b.postings("body", word)
            assert list(pb.items_as("positions")) == list(pa.items_as("positions"))
            assert list(pb.items_as("frequency")) == list(pa.items_as("frequency"))


def test_smaller_than_whoosh_own_format(indexes):
    plain, compact = indexes

    def size(ix) -> int:
        return sum(ix.storage.file_length(name) for name in ix.storage.list())

    assert size(compact) < 0.9 * size(plain)  # 0.84 here; 0.76 on the 2k bench store
