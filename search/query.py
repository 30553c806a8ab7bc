"""Queries: parse, expand across languages through the gazetteer, filter, collapse by story.

`iron ore` is rewritten to `("iron ore" OR ids:iron_ore)`, so Korean-only stories about
철광석 match through the id their articles share; `평진` likewise finds the English pieces
on Pyongjin. The rewritten query is returned so the CLI can show what was searched.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from crawler import datadir
from crawler.enrich import entities
from crawler.store import Store
from search import glossary
from search.errors import IndexBroken, QueryError
from search.readers import open_index
from search.results import Filters, SearchResult, Side, StoryHit
from search.schema import SEARCH_FIELDS

TIME_LIMIT_S = 5.0
MAX_QUERY_CHARS = 2000
MAX_TERMS = 64
SNIPPET_CHARS = 220
CROSS_LANGUAGE_BOOST = 0.3
TOP_DOCS = 200  # documents collected per search: the stories shown and the facets


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


@dataclass
class Expansion:
    text: str  # the rewritten query
    notes: list[str]  # "span -> type:id (English / Korean)", shown to the analyst
    ids: list[str]  # the entries named
    other_words: bool  # words besides the names (which a translation will not share)
    plain: bool  # no operators or field syntax: the analyst left the logic to us


def expand(query: str, gaz: entities.Gazetteer) -> Expansion:
    """Rewrite spans naming a gazetteer entry into (span OR ids:ID), and words the glossary
    knows into (word OR translations). A quoted phrase is expanded only when it is exactly a
    name; field:value parts are left alone."""
    quoted = list(re.finditer(r'"([^"]*)"', query))
    fielded = [(m.start(), m.end()) for m in re.finditer(r"\S+:\S+", query)]
    spans: list[tuple[int, int, entities.Entry]] = []
    for m in quoted:
        entry = gaz.resolve(m.group(1)) if m.group(1).strip() else None
        if entry and m.group(1).strip().lower() != entry.id:
            spans.append((m.start(), m.end(), entry))
    inside = fielded + [(m.start(), m.end()) for m in quoted]
    for start, end, entry in gaz.in_query(query):
        if not any(s <= start < e for s, e in inside):
            spans.append((start, end, entry))
    taken = [(s, e) for s, e, _ in spans] + inside
    words = [
        (s, e, term, lang)
        for s, e, term, lang in glossary.default().in_query(query)
        if not any(a <= s < b or s <= a < e for a, b in taken)
    ]
    out, pos, notes, ids = [], 0, [], []
    for start, end, what in sorted(
        [(s, e, x) for s, e, x in spans] + [(s, e, (t, lang)) for s, e, t, lang in words],
        key=lambda s: s[0],
    ):
        if start < pos:
            continue
        span = query[start:end]
        term = span if span.startswith('"') or " " not in span else f'"{span}"'
        out.append(query[pos:start])
        if isinstance(what, entities.Entry):
            out.append(f"({term} OR ids:{what.id})")
            notes.append(f"{span.strip(chr(34))} -> {what.type}:{what.id} ({what.en} / {what.ko})")
            ids.append(what.id)
        else:
            gloss, lang = what
            extra = [
                f'"{t}"' if " " in t else t for t in glossary.Glossary.translations(gloss, lang)
            ]
            out.append("(" + " OR ".join([term, *extra]) + ")")
            notes.append(f"{span} -> {' / '.join(glossary.Glossary.translations(gloss, lang))}")
        pos = end
    out.append(query[pos:])
    rest = _without(query, [*spans, *[(s, e, None) for s, e, _t, _l in words]])
    plain = not re.search(r"\b(AND|OR|NOT)\b|[:()*?~^]", query)
    return Expansion("".join(out), notes, ids, bool(re.search(r"\w", rest)), plain)


def _without(query: str, spans: list[tuple[int, int, Any]]) -> str:
    chars = list(query)
    for s, e, _ in spans:
        for i in range(s, e):
            chars[i] = " "
    return "".join(chars)


def _day(value: str, end: bool = False) -> datetime:
    try:
        day = datetime.strptime(value, "%Y-%m-%d")
    except ValueError as exc:
        raise QueryError(f"bad date {value!r}: use YYYY-MM-DD") from exc
    return day + timedelta(days=1) - timedelta(microseconds=1) if end else day


def _filter_query(f: Filters, gaz: entities.Gazetteer):
    from whoosh import query as Q

    parts = []
    if f.lang:
        if f.lang not in ("en", "ko"):
            raise QueryError(f"--lang must be en or ko, not {f.lang!r}")
        parts.append(Q.Term("lang", f.lang))
    if f.since or f.until:
        start = _day(f.since) if f.since else None
        end = _day(f.until, end=True) if f.until else None
        parts.append(Q.DateRange("published", start, end))
    for name, fieldname, want_commodity in (
        (f.entity, "entities", False),
        (f.commodity, "commodities", True),
    ):
        if not name:
            continue
        entry = gaz.resolve(name)
        if entry is None:
            near = gaz.closest(name)
            hint = f"; did you mean {', '.join(near)}?" if near else ""
            raise QueryError(
                f"unknown {'commodity' if want_commodity else 'entity'} {name!r}{hint}"
            )
        field_ = "commodities" if entry.is_commodity else "entities"
        if want_commodity and not entry.is_commodity:
            raise QueryError(f"{name!r} is a {entry.type}, not a commodity: use --entity")
        parts.append(Q.Term(field_ if not want_commodity else fieldname, entry.id))
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else Q.And(parts)


def _parser(schema, fields: tuple[str, ...] = SEARCH_FIELDS):
    from whoosh import qparser
    from whoosh.qparser.dateparse import DateParserPlugin

    boosts = {name: getattr(schema[name], "field_boost", 1.0) for name in fields}
    parser = qparser.MultifieldParser(
        list(fields), schema, fieldboosts=boosts, group=qparser.AndGroup
    )
    parser.add_plugin(DateParserPlugin(free=False))
    return parser


def _needles(query: str, lang: str, gaz: entities.Gazetteer, ids: set[str]) -> list[re.Pattern]:
    """What to mark in a snippet: the query's words (by stem-ish prefix) and the names, in
    this language, of the entities the query expanded to or filtered by."""
    words = [w for w in re.findall(r"[\w'’]+", query) if w.upper() not in ("AND", "OR", "NOT")]
    pats = []
    for w in words:
        if ":" in w or len(w) < 2 and not re.match(r"[\uac00-\ud7a3]", w):
            continue
        if re.match(r"[\uac00-\ud7a3]", w):
            pats.append(re.compile(re.escape(w[:2] if len(w) > 2 else w)))
        else:
            stem = w[:-1] if len(w) > 4 and w.endswith("s") else w
            pats.append(re.compile(r"\b" + re.escape(stem) + r"\w*", re.I))
    for ident in ids:
        entry = gaz.entries.get(ident)
        if entry:
            names = entry.ko_names if lang == "ko" else entry.en_names
            for name in sorted(names, key=len, reverse=True):
                flags = re.I if lang == "en" else 0
                pats.append(
                    re.compile(
                        r"(?<!\w)" + re.escape(name) if lang == "en" else re.escape(name), flags
                    )
                )
    return pats


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
    for attempt in range(3):
        try:
            return _search_once(base, query, filters, limit, sort, time_limit, fields, expansion)
        except (OSError, IndexBroken):
            if attempt == 2:
                raise
            time.sleep(0.05 * (attempt + 1))
    raise AssertionError("unreachable")


def _search_once(
    base: Path,
    query: str,
    filters: Filters | None,
    limit: int,
    sort: str,
    time_limit: float,
    fields: tuple[str, ...],
    expansion: bool,
) -> SearchResult:
    from whoosh import collectors
    from whoosh import query as Q
    from whoosh.qparser import QueryParserError

    filters = filters or Filters()
    query = query.strip()
    if not query and not any(vars(filters).values()):
        raise QueryError("empty query: give words to search for, or a filter")
    _check(query)
    _check_syntax(query)
    if limit < 1:
        raise QueryError("--limit must be at least 1")
    gaz = entities.default()
    exp = expand(query, gaz) if query and expansion else Expansion(query, [], [], True, False)
    expanded, notes = exp.text, exp.notes
    ix = open_index(base)
    try:
        if expanded:
            try:
                q = _parser(ix.schema, fields).parse(expanded)
            except QueryParserError as exc:
                raise QueryError(f"cannot parse the query: {exc}") from exc
        else:
            q = Q.Every()
        if q is Q.NullQuery or isinstance(q, type(Q.NullQuery)):
            raise QueryError(f"nothing to search in {query!r} (only stop words?)")
        if exp.ids and exp.other_words and exp.plain:
            # The other words will not be in a translation of the story, so the names
            # alone also match, ranked below stories that match every word.
            names_only = Q.And([Q.Term("ids", i) for i in dict.fromkeys(exp.ids)])
            q = Q.Or([q, names_only.with_boost(CROSS_LANGUAGE_BOOST)])
        filter_q = _filter_query(filters, gaz)
        with ix.searcher() as searcher:
            from whoosh import sorting

            sortedby = sorting.FieldFacet("published", reverse=True) if sort == "date" else None
            # Only the best documents are collected (enough for `limit` stories and the
            # facets); grouping every match made latency grow with the archive.
            coll = searcher.collector(limit=max(TOP_DOCS, limit * 4), sortedby=sortedby)
            # The filter wraps the time limit: the other way round, Whoosh's
            # TimeLimitCollector bypasses the filter and every document comes back.
            tlc = collectors.TimeLimitCollector(coll, timelimit=time_limit, use_alarm=False)
            if filter_q is not None:
                tlc = collectors.FilterCollector(tlc, allow=filter_q)
            timed_out = False
            try:
                searcher.search_with_collector(q, tlc)
            except collectors.TimeLimit:
                timed_out = True
            results = tlc.results()
            hits = _collapse(base, results, query, gaz, limit, filters)
            facets_out = _facets(results)
            total = results.estimated_length()
        return SearchResult(query, str(q), notes, hits, total, facets_out, timed_out)
    finally:
        ix.close()


def _facets(results) -> dict[str, dict[str, int]]:
    """Entity and commodity counts over the collected (best) documents."""
    counts: dict[str, dict[str, int]] = {"entities": {}, "commodities": {}}
    for hit in results:
        fields = hit.fields()
        for name, bucket in counts.items():
            for ident in filter(None, fields.get(name, "").split(",")):
                bucket[ident] = bucket.get(ident, 0) + 1
    return {k: dict(sorted(v.items(), key=lambda kv: -kv[1])[:15]) for k, v in counts.items()}


def _collapse(
    base: Path, results, query: str, gaz: entities.Gazetteer, limit: int, filters: Filters
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
    query_ids = {e.id for _, _, e in gaz.in_query(query)}
    for name in (filters.entity, filters.commodity):
        entry = gaz.resolve(name) if name else None
        if entry:
            query_ids.add(entry.id)
    store = Store(datadir.store_path(base), readonly=True)
    searcher = results.searcher
    try:
        out = []
        for rank, key in enumerate(order, 1):
            score, matched = best[key]
            if filters.lang is None:  # show both versions of the story
                for doc in searcher.documents(story=key):
                    matched.setdefault("~" + doc["lang"], doc)
            ids: dict[str, None] = {}
            sides: dict[str, Side | None] = {"en": None, "ko": None}
            ents: dict[str, None] = {}
            comms: dict[str, None] = {}
            for lang in ("en", "ko"):
                doc = matched.get(lang) or matched.get("~" + lang)
                if not doc:
                    continue
                ents.update(dict.fromkeys(filter(None, doc.get("entities", "").split(","))))
                comms.update(dict.fromkeys(filter(None, doc.get("commodities", "").split(","))))
            ids.update(ents)
            ids.update(comms)
            for lang in ("en", "ko"):
                doc = matched.get(lang) or matched.get("~" + lang)
                if not doc:
                    continue
                rec = store.get(doc["url"]) or {}
                text = "\n".join(rec.get("body", []))
                snip, marks = snippet(text, _needles(query, lang, gaz, query_ids & set(ids)))
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
