"""The Whoosh fix carried in search/whoosh_fixes.py: a filter inside the query (Require)
while top-k collection skips blocks, which crashes in whoosh-reloaded 2.7.5."""

from __future__ import annotations

import random

import pytest
from whoosh import query as Q
from whoosh.fields import ID, TEXT, Schema
from whoosh.filedb.filestore import RamStorage

from search.whoosh_fixes import Require


@pytest.fixture(scope="module")
def index():
    r = random.Random(7)
    ix = RamStorage().create_index(Schema(n=ID(stored=True), body=TEXT, tag=ID))
    with ix.writer() as w:
        for n in range(3000):
            words = ["rice"] * r.randint(1, 9) + ["filler"] * r.randint(1, 60)
            w.add_document(n=str(n), body=" ".join(words), tag=r.choice("ab"))
    return ix


def test_filter_inside_the_query_ranks_like_a_post_filter(index):
    scored = Q.Term("body", "rice")
    with index.searcher() as s:
        every = s.search(scored, limit=None)
        want = [h["n"] for h in every if h.docnum in set(s.docs_for_query(Q.Term("tag", "a")))]
        results = s.search(Require(scored, Q.ConstantScoreQuery(Q.Term("tag", "a"))), limit=10)
        assert [h["n"] for h in results] == want[:10]


def test_whoosh_own_require_still_crashes_there(index):
    """If this starts passing, whoosh-reloaded has the fix and search/whoosh_fixes.py can go."""
    q = Q.Require(Q.Term("body", "rice"), Q.ConstantScoreQuery(Q.Term("tag", "a")))
    with index.searcher() as s, pytest.raises(AssertionError):
        s.search(q, limit=10)
