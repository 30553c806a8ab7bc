"""Queries: plan, match with the filters inside the query, collapse by story, snippets.

`iron ore` is rewritten to `("iron ore" OR ids:iron_ore)`, so Korean-only stories about
철광석 match through the id their articles share; `평진` likewise finds the English pieces
on Pyongjin (search/plan.py reads the query once). Only what the page shows is collected,
so Whoosh can skip blocks that cannot enter it; the facets count the stories shown. The
rewritten query is returned so the CLI can show what was searched.
"""

from __future__ import annotations

import os
import re
import time
from pathlib import Path

from crawler import datadir
from crawler.store import Store
from search import plan, vector, whoosh_fixes
from search.errors import IndexBroken, QueryError
from search.plan import Plan
from search.readers import open_index
from search.results import Filters, SearchResult, Side, StoryHit
from search.schema import SEARCH_FIELDS

__all__ = ["Filters", "SearchResult", "Side", "StoryHit", "search", "snippet"]

TIME_LIMIT_S = 5.0
MAX_QUERY_CHARS = 2000
MAX_TERMS = 64
SNIPPET_CHARS = 220
DOCS_PER_STORY = 2  # an English article and its Korean original: 2 x limit docs fill a page
MATCHER_ENV = "NKWATCH_MATCHER"  # "whoosh": Whoosh's own matchers, for comparison (bench/)


def matcher() -> str:
    """Which path ranks by relevance: "vector" (posting arrays scored with numpy,
    search/vector.py) unless NKWATCH_MATCHER=whoosh asks for Whoosh's matchers and collector.
    Sorting by date always uses Whoosh's collector."""
    return "whoosh" if os.environ.get(MATCHER_ENV, "").strip().lower() == "whoosh" else "vector"


def _check(query: str) -> None:
    if len(query) > MAX_QUERY_CHARS:
        raise QueryError(f"query too long ({len(query)} characters; at most {MAX_QUERY_CHARS})")
    words = re.findall(r"\S+", query)
    if len(words) > MAX_TERMS:
        raise QueryError(f"too many terms ({len(words)}; at most {MAX_TERMS})")
    for w in words:
        bare = w.split(":", 1)[-1].strip('"()')
        if bare and bare[0] in "*?":
            raise QueryError(f"leading wildcard in {w!r} is not allowed: put letters first")


def _check_syntax(query: str) -> None:
    """Whoosh quietly repairs unbalanced input; an analyst should hear about it instead."""
    depth, quoted, opened = 0, False, []
    for pos, ch in enumerate(query):
        if ch == '"':
            quoted = not quoted
            quote_at = pos
        elif not quoted and ch == "(":
            depth += 1
            opened.append(pos)
        elif not quoted and ch == ")":
            if depth == 0:
                raise QueryError(f"unexpected ')' at position {pos + 1}: no '(' before it")
            depth -= 1
            opened.pop()
    if quoted:
        raise QueryError(f"unclosed '\"' opened at position {quote_at + 1}: add a closing '\"'")
    if depth:
        raise QueryError(f"unclosed '(' at position {opened[-1] + 1}: add a ')'")


def snippet(text: str, needles: list[re.Pattern], width: int = SNIPPET_CHARS):
    """A window of `text` around the densest first match, with match offsets in it."""
    text = re.sub(r"\s+", " ", text).strip()
    spans = sorted({(m.start(), m.end()) for p in needles for m in p.finditer(text)})
    if not spans:
        cut = text[:width]
        return (cut + ("…" if len(text) > width else "")), []
    first = spans[0][0]
    start = max(0, first - width // 4)
    if start > 0:
        space = text.rfind(" ", 0, start)
        start = space + 1 if space >= 0 and start - space < 20 else start
    end = min(len(text), start + width)
    prefix = "…" if start > 0 else ""
    window = prefix + text[start:end] + ("…" if end < len(text) else "")
    shift = len(prefix) - start
    marks = [(s + shift, e + shift) for s, e in spans if s >= start and e <= end]
    merged: list[tuple[int, int]] = []
    for s, e in marks:
        if merged and s <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(e, merged[-1][1]))
        else:
            merged.append((s, e))
    return window, merged


def search(
    base: Path,
    query: str,
    filters: Filters | None = None,
    limit: int = 10,
    sort: str = "relevance",
    time_limit: float = TIME_LIMIT_S,
    *,
    fields: tuple[str, ...] = SEARCH_FIELDS,
    expansion: bool = True,
) -> SearchResult:
    """Search the index under `base`. `fields` and `expansion` exist for the evaluation's
    analyser comparison (search/evaluate.py); the CLI uses the defaults.

    An index swap can retire files under a reader that resolved the old directory a moment
    before; the search is then simply run again on the new one.
    """
    started = time.perf_counter()
    filters = filters or Filters()
    query = query.strip()
    if not query and not any(vars(filters).values()):
        raise QueryError("empty query: give words to search for, or a filter")
    _check(query)
    _check_syntax(query)
    if limit < 1:
        raise QueryError("--limit must be at least 1")
    if sort not in ("relevance", "date"):
        raise QueryError(f"--sort must be relevance or date, not {sort!r}")
    from search import lexicon

    learned = lexicon.load(base) if expansion else None
    the_plan = plan.make(query, filters, expansion, learned)
    planned = time.perf_counter() - started
    for attempt in range(3):
        try:
            result = _search_once(base, the_plan, limit, sort, time_limit, fields)
            result.timings["plan"] = planned
            result.notes = the_plan.filter_notes
            return result
        except (OSError, IndexBroken):
            if attempt == 2:
                raise
            time.sleep(0.05 * (attempt + 1))
    raise AssertionError("unreachable")


def whoosh_query(the_plan: Plan, schema, fields: tuple[str, ...] = SEARCH_FIELDS):
    """The whole Whoosh query a search runs: the words, and the filters beside them."""
    from whoosh import query as Q

    matching = plan.matching_query(the_plan, schema, fields)
    filter_q = plan.filter_query(the_plan, schema)
    if matching is None:
        return filter_q if filter_q is not None else Q.Every()
    if filter_q is not None:
        return whoosh_fixes.Require(matching, filter_q)  # scores from the words alone
    return matching


def _search_once(
    base: Path,
    the_plan: Plan,
    limit: int,
    sort: str,
    time_limit: float,
    fields: tuple[str, ...],
) -> SearchResult:
    from whoosh import collectors, sorting

    timings: dict[str, float] = {}
    clock = time.perf_counter()
    ix = open_index(base)
    try:
        timings["open"] = time.perf_counter() - clock
        clock = time.perf_counter()
        q = whoosh_query(the_plan, ix.schema, fields)
        timings["parse"] = time.perf_counter() - clock
        with ix.searcher() as searcher:
            clock = time.perf_counter()
            timed_out = False
            if sort == "relevance" and matcher() == "vector":
                results = vector.search(searcher, q, limit * DOCS_PER_STORY)
            else:
                sortedby = sorting.FieldFacet("published", reverse=True) if sort == "date" else None
                coll = searcher.collector(limit=limit * DOCS_PER_STORY, sortedby=sortedby)
                tlc = collectors.TimeLimitCollector(coll, timelimit=time_limit, use_alarm=False)
                try:
                    searcher.search_with_collector(q, tlc)
                except collectors.TimeLimit:
                    timed_out = True
                results = tlc.results()
                timings["skipped_blocks"] = float(getattr(coll, "skipped_times", 0))
            timings["collect"] = time.perf_counter() - clock
            clock = time.perf_counter()
            hits = _collapse(base, results, the_plan, limit, timings)
            timings["stories"] = time.perf_counter() - clock - timings["snippets"]
            clock = time.perf_counter()
            facets_out = _facets(hits)
            exact = results.has_exact_length()
            total = results.estimated_length()
            timings["facets"] = time.perf_counter() - clock
        return SearchResult(
            the_plan.query,
            str(q),
            the_plan.notes,
            hits,
            total,
            facets_out,
            timed_out,
            total_exact=exact,
            timings=timings,
        )
    finally:
        ix.close()


def _facets(hits: list[StoryHit]) -> dict[str, dict[str, int]]:
    """Entity and commodity counts over the stories shown (their stored id lists): counting
    over every match would make Whoosh score every match."""
    counts: dict[str, dict[str, int]] = {"entities": {}, "commodities": {}}
    for hit in hits:
        for name, idents in (("entities", hit.entities), ("commodities", hit.commodities)):
            for ident in idents:
                counts[name][ident] = counts[name].get(ident, 0) + 1
    return {k: dict(sorted(v.items(), key=lambda kv: -kv[1])[:15]) for k, v in counts.items()}


def _collapse(
    base: Path, results, the_plan: Plan, limit: int, timings: dict[str, float]
) -> list[StoryHit]:
    order: list[str] = []
    best: dict[str, tuple[float, dict[str, dict]]] = {}
    for hit in results:
        fields = hit.fields()
        key = fields["story"]
        score = float(hit.score or 0.0)
        if key not in best:
            if len(order) >= limit:
                continue
            order.append(key)
            best[key] = (score, {})
        sides = best[key][1]
        sides.setdefault(fields["lang"], fields)
        best[key] = (max(best[key][0], score), sides)
    store = Store(datadir.store_path(base), readonly=True)
    searcher = results.searcher
    timings["snippets"] = 0.0
    try:
        out = []
        for rank, key in enumerate(order, 1):
            score, matched = best[key]
            if the_plan.filters.lang is None:  # show both versions of the story
                for doc in searcher.documents(story=key):
                    matched.setdefault("~" + doc["lang"], doc)
            sides: dict[str, Side | None] = {"en": None, "ko": None}
            ents: dict[str, None] = {}
            comms: dict[str, None] = {}
            for lang in ("en", "ko"):
                doc = matched.get(lang) or matched.get("~" + lang)
                if not doc:
                    continue
                ents.update(dict.fromkeys(filter(None, doc.get("entities", "").split(","))))
                comms.update(dict.fromkeys(filter(None, doc.get("commodities", "").split(","))))
            ids = set(ents) | set(comms)
            for lang in ("en", "ko"):
                doc = matched.get(lang) or matched.get("~" + lang)
                if not doc:
                    continue
                rec = store.get(doc["url"]) or {}
                clock = time.perf_counter()
                text = "\n".join(rec.get("body", []))
                snip, marks = snippet(text, the_plan.needles(lang, ids))
                timings["snippets"] += time.perf_counter() - clock
                sides[lang] = Side(
                    url=doc["url"],
                    title=doc.get("title", ""),
                    published=rec.get("published"),
                    snippet=snip,
                    highlights=marks,
                    matched=lang in matched,
                )
            out.append(StoryHit(rank, score, sides["en"], sides["ko"], list(ents), list(comms)))
        return out
    finally:
        store.close()
