"""Top-k matching over posting arrays: a Whoosh query evaluated with numpy.

Whoosh stays the index, the writer and the query language; what changes is who walks the
posting lists. Each segment's documents get one dense score array per clause: a term's
postings (search/posting_arrays.py) are scored with the searcher's own BM25F scorer settings
(its idf and average length from the whole index, its B and K1, the byte-encoded length
column Whoosh itself reads), clauses are combined as Whoosh's matchers combine them (And
and Or add their children's scores, a boost multiplies, Require/AndNot/AndMaybe score by
their first side, a constant-score clause gives its constant), and the best `limit`
documents are taken with `argpartition`. Ties are broken as Whoosh's collector breaks
them: the lower document number first.

A phrase (slop 1) takes the documents holding all its words from the arrays and checks
positions only for those. Anything else in the tree (prefixes, ranges, sloppy phrases,
Every) is matched by Whoosh's own matcher for that clause only, on the same segment, and
joins the arrays from there.
`Or(..., minmatch=k)` keeps documents matching at least k of its children (Whoosh 2.7
accepts the argument but ignores it).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from search import posting_arrays

# (mask, scores): which of a segment's documents match, and their scores there (0 elsewhere)
Dense = tuple[np.ndarray, np.ndarray]


@dataclass
class Hit:
    """What search/query.py reads from a Whoosh hit: the stored fields and the score."""

    searcher: Any
    docnum: int
    score: float

    def fields(self) -> dict[str, Any]:
        return self.searcher.stored_fields(self.docnum)


@dataclass
class Results:
    """The page's documents, best first, and how many matched in all (always exact)."""

    searcher: Any
    hits: list[Hit]
    total: int

    def __iter__(self):
        return iter(self.hits)

    def __len__(self) -> int:
        return len(self.hits)

    def has_exact_length(self) -> bool:
        return True

    def estimated_length(self) -> int:
        return self.total


def search(searcher: Any, q: Any, limit: int) -> Results:
    """The `limit` best documents for `q` in every segment of `searcher`'s index."""
    all_ids: list[np.ndarray] = []
    all_scores: list[np.ndarray] = []
    for sub, offset in searcher.leaf_searchers():
        leaf = _Leaf(searcher, sub)
        mask, scores = leaf.dense(q, scored=True)
        gone = posting_arrays.deleted(leaf.reader)
        if gone is not None:
            mask = mask.copy()
            mask[gone] = False
        ids = np.flatnonzero(mask)
        all_ids.append(ids + offset)
        all_scores.append(scores[ids])
    ids = np.concatenate(all_ids) if all_ids else np.zeros(0, dtype=np.int64)
    scores = np.concatenate(all_scores) if all_scores else np.zeros(0)
    best = top_k(ids, scores, limit)
    hits = [Hit(searcher, int(ids[i]), float(scores[i])) for i in best]
    return Results(searcher, hits, len(ids))


def top_k(ids: np.ndarray, scores: np.ndarray, k: int) -> np.ndarray:
    """Positions of the `k` best: higher score first, then the lower document number."""
    if len(ids) > k:
        part = np.argpartition(-scores, k - 1)[:k]
        cut = scores[part].min()
        keep = np.flatnonzero(scores >= cut)
    else:
        keep = np.arange(len(ids))
    order = np.lexsort((ids[keep], -scores[keep]))
    return keep[order][:k]


def _only(mask: np.ndarray, scores: np.ndarray) -> np.ndarray:
    """Scores where `mask` holds, 0 elsewhere: every Dense keeps that shape, so an Or can
    simply add its children's arrays."""
    return np.where(mask, scores, 0.0)


class _Leaf:
    """One segment: evaluates query nodes to dense (mask, scores) arrays."""

    def __init__(self, top: Any, sub: Any) -> None:
        self.top = top
        self.sub = sub
        self.reader = sub.reader()
        self.n = self.reader.doc_count_all()
        self.weighting = top.weighting

    def none(self) -> Dense:
        return np.zeros(self.n, dtype=bool), np.zeros(self.n)

    def dense(self, q: Any, scored: bool) -> Dense:
        from whoosh import query as Q

        if q is Q.NullQuery or isinstance(q, type(Q.NullQuery)):
            return self.none()
        if type(q) is Q.Term:
            return self.term(q, scored)
        if isinstance(q, Q.And) or (isinstance(q, Q.Or) and not q.scale):
            subs = q.subqueries
            if not subs:
                return self.none()
            if len(subs) == 1:  # Whoosh's CompoundQuery.matcher drops the boost here
                return self.dense(subs[0], scored)
            parts = [self.dense(s, scored) for s in subs]
            if isinstance(q, Q.And):
                mask = np.logical_and.reduce([m for m, _ in parts])
            elif getattr(q, "minmatch", 0) > 1:
                count = np.add.reduce([m.astype(np.int32) for m, _ in parts])
                mask = count >= q.minmatch
            else:
                mask = np.logical_or.reduce([m for m, _ in parts])
            if not scored:
                return mask, parts[0][1]
            scores = np.add.reduce([s for _, s in parts])
            if q.boost != 1.0:
                scores = scores * q.boost
            return mask, _only(mask, scores)
        if isinstance(q, (Q.Require, Q.AndNot, Q.AndMaybe)):
            mask, scores = self.dense(q.a, scored)
            other, extra = self.dense(q.b, scored and isinstance(q, Q.AndMaybe))
            if isinstance(q, Q.Require):
                return mask & other, _only(mask & other, scores)
            if isinstance(q, Q.AndNot):
                return mask & ~other, _only(mask & ~other, scores)
            return mask, (scores + _only(mask & other, extra)) if scored else scores
        if type(q) is Q.Phrase and q.slop == 1:
            return self.phrase(q, scored)
        if isinstance(q, Q.ConstantScoreQuery):
            mask, _ = self.dense(q.child, scored=False)
            return mask, np.where(mask, q.score, 0.0)
        return self.whoosh(q, scored)

    def term(self, q: Any, scored: bool) -> Dense:
        """A term's postings in this segment, scored as Whoosh's scorer would score them."""
        schema = self.top.schema
        if q.fieldname not in schema:
            return self.none()
        field = schema[q.fieldname]
        try:
            btext = field.to_bytes(q.text)
        except ValueError:
            return self.none()
        if (q.fieldname, btext) not in self.reader:
            return self.none()
        ids, weights = posting_arrays.term_arrays(self.reader, q.fieldname, btext)
        mask, scores = self.none()
        mask[ids] = True
        if not scored:
            return mask, scores
        from whoosh import scoring

        scorer = self.weighting.scorer(self.sub, q.fieldname, btext)
        if isinstance(scorer, scoring.BM25FScorer):
            fl = posting_arrays.field_lengths(self.reader, q.fieldname)[ids]
            idf, avgfl, B, K1 = scorer.idf, scorer.avgfl, scorer.B, scorer.K1
            # the expression of whoosh.scoring.bm25, in its order, for the same floats
            values = idf * ((weights * (K1 + 1)) / (weights + K1 * ((1 - B) + B * fl / avgfl)))
        elif isinstance(scorer, scoring.WeightScorer):
            values = weights
        else:
            return self.whoosh(q, scored)
        if q.boost != 1.0:
            values = values * q.boost
        scores[ids] = values
        return mask, scores

    def phrase(self, q: Any, scored: bool) -> Dense:
        """Documents holding every word, kept where the words stand at consecutive positions
        (Whoosh's SpanNear2 with slop 1, ordered); scored as Whoosh scores the phrase: the
        sum of its words' term scores, times the phrase's boost."""
        from whoosh import query as Q

        if q.fieldname not in self.top.schema:
            return self.none()
        field = self.top.schema[q.fieldname]
        if not field.format or not field.format.supports("positions"):
            return self.whoosh(q, scored)  # Whoosh's own error for a field without positions
        try:
            btexts = [field.to_bytes(w) for w in q.words]
        except ValueError:
            return self.none()
        if not btexts or any((q.fieldname, b) not in self.reader for b in btexts):
            return self.none()
        arrays = [posting_arrays.term_arrays(self.reader, q.fieldname, b) for b in btexts]
        cands = arrays[0][0]
        for ids, _w in arrays[1:]:
            cands = np.intersect1d(cands, ids, assume_unique=True)
        decode = field.format.decode_positions
        columns = []
        for (ids, _w), b in zip(arrays, btexts, strict=True):
            values = posting_arrays.term_values(self.reader, q.fieldname, b)
            columns.append(values[np.searchsorted(ids, cands)])
        keep = np.zeros(len(cands), dtype=bool)
        for i in range(len(cands)):
            starts = set(decode(columns[0][i]))
            for k in range(1, len(columns)):
                at = set(decode(columns[k][i]))
                starts = {p for p in starts if p + k in at}
                if not starts:
                    break
            keep[i] = bool(starts)
        mask, scores = self.none()
        mask[cands[keep]] = True
        if not scored:
            return mask, scores
        words = [self.term(Q.Term(q.fieldname, w), True)[1] for w in q.words]
        total = np.add.reduce(words) if len(words) > 1 else words[0]
        if q.boost != 1.0:
            total = total * q.boost
        return mask, _only(mask, total)

    def whoosh(self, q: Any, scored: bool) -> Dense:
        """A clause this module does not evaluate itself: Whoosh's matcher on this segment."""
        context = self.top.context() if scored else self.top.boolean_context()
        m = q.matcher(self.sub, context)
        mask, scores = self.none()
        if not scored:
            ids = np.fromiter(m.all_ids(), dtype=np.int64)
            mask[ids] = True
            return mask, scores
        ids_l: list[int] = []
        scores_l: list[float] = []
        while m.is_active():
            ids_l.append(m.id())
            scores_l.append(m.score())
            m.next()
        ids = np.asarray(ids_l, dtype=np.int64)
        mask[ids] = True
        scores[ids] = scores_l
        return mask, scores
