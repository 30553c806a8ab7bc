"""The array path (search/vector.py) ranks exactly as Whoosh's own matchers score.

The reference walks Whoosh's matcher for the whole query document by document (no top-k
pruning), so every match and its score come from Whoosh itself; the array path must return
the same documents in the same order, ties (scores within 1e-6) aside, and the same count.
Run over the bench's query mix on a generated index with two segments and deleted
documents, and over the judged evaluation queries on the crawled sample site.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from bench import queries as qmix
from bench import synth
from crawler import datadir
from crawler.store import Store
from search import evaluate, indexer, plan, vector
from search.query import whoosh_query
from search.results import Filters
from tests.conftest import jsonl, nkwatch

TOP = 20
PAIRS = 300


@contextlib.contextmanager
def searching(data: Path) -> Iterator[tuple[Any, Any]]:
    """The data directory's index and a searcher on it, both closed after."""
    ix = indexer.open_index(data)
    try:
        with ix.searcher() as s:
            yield ix, s
    finally:
        ix.close()


def whoosh_walk(searcher, q) -> tuple[np.ndarray, np.ndarray]:
    """Every match of `q` and its score, from Whoosh's matchers stepped one by one."""
    ids, scores = [], []
    for sub, offset in searcher.leaf_searchers():
        m = q.matcher(sub, searcher.context())
        while m.is_active():
            ids.append(offset + m.id())
            scores.append(m.score())
            m.next()
    return np.asarray(ids, dtype=np.int64), np.asarray(scores, dtype=np.float64)


def assert_same_ranking(searcher, q, label: str) -> None:
    ids, scores = whoosh_walk(searcher, q)
    want = [(int(ids[i]), float(scores[i])) for i in vector.top_k(ids, scores, TOP)]
    got = vector.search(searcher, q, TOP)
    assert got.total == len(ids), f"{label}: {got.total} matches, Whoosh {len(ids)}"
    whoosh_score = dict(zip(ids.tolist(), scores.tolist(), strict=True))
    pairs = [(h.docnum, h.score) for h in got.hits]
    assert len(pairs) == len(want), label
    for rank, ((d1, s1), (d2, s2)) in enumerate(zip(want, pairs, strict=True), 1):
        assert d2 in whoosh_score, f"{label}: rank {rank} doc {d2} does not match in Whoosh"
        assert abs(s2 - whoosh_score[d2]) <= 1e-6, f"{label}: doc {d2} scored {s2}"
        # another document only where it ties with the one Whoosh ranks here
        assert d1 == d2 or abs(whoosh_score[d2] - s1) <= 1e-6, f"{label}: rank {rank} {d1}/{d2}"


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> Path:
    """A synthetic archive of PAIRS stories, indexed by the real build (two writer
    processes: two segments), then five articles deleted in place."""
    base = tmp_path_factory.mktemp("generated")
    records = list(synth.stories(PAIRS, seed=7))
    store = Store(datadir.store_path(base))
    try:
        for n, (story, ko, en) in enumerate(synth.assign_urls(records)):
            for art in synth.pair_articles(story, ko, en, n):
                store.upsert_article(art)
            store.add_pair(en, ko)
        store.resolve_pairs()
    finally:
        store.close()
    indexer.rebuild(base)
    ix = indexer.open_index(base)
    try:
        with ix.searcher() as s:
            urls = [s.stored_fields(d)["url"] for d in range(0, 100, 20)]
        writer = ix.writer()
        for url in urls:
            writer.delete_by_term("url", url)
        writer.commit(merge=False)
    finally:
        ix.close()
    return base


def test_generated_index_has_what_the_comparison_needs(generated):
    with searching(generated) as (ix, s):
        assert len(s.leaf_searchers()) >= 2
        assert any(sub.reader().has_deletions() for sub, _ in s.leaf_searchers())


def test_bench_mix_ranks_as_whoosh_scores(generated):
    with searching(generated) as (ix, s):
        for bq in qmix.mix():
            filters = Filters(commodity=bq.commodity, since=bq.since, until=bq.until)
            the_plan = plan.make(bq.q, filters)
            assert_same_ranking(s, whoosh_query(the_plan, ix.schema), f"{bq.kind} {bq.q!r}")


def test_judged_queries_rank_as_whoosh_scores(crawled):
    with searching(crawled) as (ix, s):
        for judged in evaluate.load():
            the_plan = plan.make(judged.query, Filters(**judged.filters))
            assert_same_ranking(s, whoosh_query(the_plan, ix.schema), judged.id)


def test_min_should_match_keeps_documents_with_enough_clauses(generated):
    """Or(..., minmatch=k), for plans that ask for k of n concepts: Whoosh 2.7 ignores it."""
    from whoosh import query as Q

    with searching(generated) as (ix, s):
        common = s.reader().most_frequent_terms("body_en", 40)
        words = [Q.Term("body_en", t) for _n, t in sorted(common)[:4]]  # in a few docs each
        got = vector.search(s, Q.Or(words, minmatch=3), 1000)
        for hit in got.hits:
            matched = sum(
                bool(list(s.search(Q.And([Q.Term("url", hit.fields()["url"]), w])))) for w in words
            )
            assert matched >= 3
        every = vector.search(s, Q.Or(words), 1000)
        assert 0 < got.total < every.total
        plain = {h.docnum: h.score for h in every.hits}
        assert all(abs(plain[h.docnum] - h.score) <= 1e-9 for h in got.hits)


def test_cli_output_is_the_same_on_either_path(crawled):
    """`nkwatch search --json`: the array path and NKWATCH_MATCHER=whoosh agree."""
    for args in (
        ["iron ore"],
        ["평진", "--lang", "en"],
        ["market prices", "--since", "2024-01-01"],
    ):
        new = jsonl(nkwatch(crawled, "search", *args, "--json").stdout)
        old = jsonl(
            nkwatch(crawled, "search", *args, "--json", env={"NKWATCH_MATCHER": "whoosh"}).stdout
        )
        assert new and [h["score"] for h in new] == pytest.approx([h["score"] for h in old])
        assert [(h["en"] or h["ko"])["url"] for h in new] == [
            (h["en"] or h["ko"])["url"] for h in old
        ]


def test_posting_cache_stays_within_its_byte_budget():
    """The warm service keeps decoded postings; memory must not grow past the budget, and
    what was used last stays."""
    from search.posting_arrays import ArrayCache

    cache = ArrayCache(budget_bytes=3 * 8000)
    for n in range(5):
        cache.put(("folder", "seg", "t", "body_en", str(n)), (np.zeros(1000),))
        cache.get(("folder", "seg", "t", "body_en", "0"))  # the hot term
    assert cache.used <= cache.budget
    assert cache.get(("folder", "seg", "t", "body_en", "0")) is not None
    assert cache.get(("folder", "seg", "t", "body_en", "1")) is None
    cache.forget("folder")
    assert cache.used == 0 and cache.get(("folder", "seg", "t", "body_en", "4")) is None
