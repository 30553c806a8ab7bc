"""The query plan: a query read once, before the index is opened.

The gazetteer and the glossary scan the query text here and nowhere else; matching (the
Whoosh query), the filters, the snippets' highlights and the story's entity marks all use
what this plan found. Each word is searched only in its own language's fields (Hangul in
the Korean ones, Latin in the English ones); a name or a glossary word also searches the id
term that articles in both languages were tagged with at index time.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from crawler.enrich import entities
from crawler.text import hangul
from search import glossary
from search.errors import QueryError
from search.results import Filters
from search.schema import LANGUAGE_FIELDS, SEARCH_FIELDS

CROSS_LANGUAGE_BOOST = 0.3
# A glossary word also searches the concept id its translations were tagged with, weighted
# by which articles carry it: the other language's (Korean ones for an English word weigh
# more: English text matches are scored over three fields) or its own (synonyms). Chosen
# by `make eval` (search/evaluate.py).
CONCEPT_BOOST = {("en", "ko"): 1.0, ("ko", "en"): 0.3, ("en", "en"): 0.3, ("ko", "ko"): 0.3}
# A word neither the gazetteer nor the glossary knows also searches what the archive's own
# translation pairs taught (search/lexicon.py): its best learned translation, when that is
# strong, at a weight well below a curated one.
LEARNED_BOOST = 0.2
LEARNED_MIN_DICE = 0.5
LEARNED_MIN_TOGETHER = 4  # paragraphs shared: above the lexicon's own floor of 3
LEARNED_KEEP = 1
MIN_YEAR, MAX_YEAR = 1900, 2100  # an open date range is bounded by these years

_LATIN = re.compile(r"[A-Za-z\u00C0-\u024F]")


@dataclass(frozen=True)
class Span:
    """A part of the query the gazetteer or the glossary knows."""

    start: int
    end: int
    kind: str  # entity | concept
    ident: str  # gazetteer id or glossary concept id
    lang: str  # the language of the query word: en | ko
    note: str  # "span -> ...", shown to the analyst


@dataclass
class Plan:
    query: str
    filters: Filters
    spans: list[Span]
    text: str  # the query rewritten for Whoosh's parser: (name OR ids:ID), (word OR ...)
    other_words: bool  # words besides the names (which a translation will not share)
    plain: bool  # no operators or field syntax: the analyst left the logic to us
    mentioned: set[str]  # gazetteer ids the query or its filters name (for highlights)
    concepts: list[glossary.Term]
    filter_terms: list[tuple[str, list[str]]] = field(default_factory=list)  # AND of ORs
    _needles: dict[tuple[str, frozenset[str]], list[re.Pattern]] = field(default_factory=dict)

    @property
    def notes(self) -> list[str]:
        return [s.note for s in self.spans]

    @property
    def entity_ids(self) -> list[str]:
        return list(dict.fromkeys(s.ident for s in self.spans if s.kind == "entity"))

    def needles(self, lang: str, story_ids: set[str]) -> list[re.Pattern]:
        """What to mark in a snippet in `lang`: the query's words (by stem-ish prefix), the
        names in this language of the entities the query named that the story carries, and
        this language's forms of the glossary concepts the query named."""
        key = (lang, frozenset(self.mentioned & story_ids))
        if key not in self._needles:
            self._needles[key] = _needles(self, lang, key[1])
        return self._needles[key]


def make(
    query: str, filters: Filters | None = None, expansion: bool = True, learned: Any = None
) -> Plan:
    """Read `query` and `filters` once; QueryError for what cannot be searched. `learned`
    is the data directory's lexicon (search.lexicon.Lexicon), used for plain words the
    curated lists lack."""
    filters = filters or Filters()
    query = query.strip()
    gaz = entities.default()
    filter_terms, filter_ids = _filters(filters, gaz)
    mentioned = set(filter_ids)
    if not query or not expansion:
        return Plan(query, filters, [], query, True, False, mentioned, [], filter_terms)
    spans, concepts, named = _spans(query, gaz)
    if (
        learned is not None
        and learned.pairs
        and not re.search(r"\b(AND|OR|NOT)\b|[:()*?~^\"]", query)
    ):
        spans = sorted(spans + _learned_spans(query, spans, learned), key=lambda s: s.start)
    mentioned |= named | {s.ident for s in spans if s.kind == "entity"}
    out, pos = [], 0
    for span in spans:
        piece = query[span.start : span.end]
        term = piece if piece.startswith('"') or " " not in piece else f'"{piece}"'
        out.append(query[pos : span.start])
        out.append(_alternatives(span, term, concepts))
        pos = span.end
    out.append(query[pos:])
    rest = list(query)
    for span in spans:
        if span.kind != "learned":  # a learned translation is too weak to stand for the word
            rest[span.start : span.end] = " " * (span.end - span.start)
    plain = not re.search(r"\b(AND|OR|NOT)\b|[:()*?~^]", query)
    return Plan(
        query,
        filters,
        spans,
        "".join(out),
        bool(re.search(r"\w", "".join(rest))),
        plain,
        mentioned,
        concepts,
        filter_terms,
    )


def _spans(query: str, gaz: entities.Gazetteer) -> tuple[list[Span], list[glossary.Term], set[str]]:
    """Names (gazetteer) first, then glossary words outside them; and the ids of every name
    in the query, quoted or fielded ones included (for highlights). A quoted phrase counts
    as a span only when it is exactly a name; field:value parts are left alone."""
    quoted = list(re.finditer(r'"([^"]*)"', query))
    fielded = [(m.start(), m.end()) for m in re.finditer(r"\S+:\S+", query)]
    found: list[tuple[int, int, entities.Entry]] = []
    for m in quoted:
        entry = gaz.resolve(m.group(1)) if m.group(1).strip() else None
        if entry and m.group(1).strip().lower() != entry.id:
            found.append((m.start(), m.end(), entry))
    inside = fielded + [(m.start(), m.end()) for m in quoted]
    in_query = gaz.in_query(query)
    for start, end, entry in in_query:
        if not any(s <= start < e for s, e in inside):
            found.append((start, end, entry))
    taken = [(s, e) for s, e, _ in found] + inside
    spans = [
        Span(s, e, "entity", x.id, _lang_of(query[s:e]), _entity_note(query[s:e], x))
        for s, e, x in found
    ]
    concepts = []
    for s, e, term, lang in glossary.default().in_query(query):
        if any(a <= s < b or s <= a < e for a, b in taken):
            continue
        words = " / ".join(glossary.Glossary.translations(term, lang))
        spans.append(Span(s, e, "concept", term.id, lang, f"{query[s:e]} -> {words}"))
        concepts.append(term)
    spans.sort(key=lambda s: s.start)
    kept, pos = [], 0
    for span in spans:  # overlapping spans: the first one wins
        if span.start >= pos:
            kept.append(span)
            pos = span.end
    ids = {s.ident for s in kept}
    return kept, [t for t in concepts if t.id in ids], {e.id for _s, _e, e in in_query}


def _learned_spans(query: str, spans: list[Span], learned: Any) -> list[Span]:
    """Plain words outside the known spans whose learned translation is strong."""
    from search import lexicon

    out = []
    for m in re.finditer(r"[^\s]+", query):
        if any(s.start < m.end() and m.start() < s.end for s in spans):
            continue
        word, lang = m.group(), _lang_of(m.group())
        terms = lexicon.korean_terms(word) if lang == "ko" else lexicon.english_terms(word)
        found = sorted(
            (t for term in terms for t in learned.translate(term, lang)),
            key=lambda t: -t.dice,
        )
        strong = [
            t for t in found if t.dice >= LEARNED_MIN_DICE and t.together >= LEARNED_MIN_TOGETHER
        ]
        best = [t.word for t in strong][:LEARNED_KEEP]
        if best:
            note = f"{word} -> {' / '.join(best)} (learned)"
            out.append(Span(m.start(), m.end(), "learned", " ".join(best), lang, note))
    return out


def _alternatives(span: Span, term: str, concepts: list[glossary.Term]) -> str:
    """What a known span searches besides its own words. A name: the entry's id. A glossary
    word: the concept id in both languages' articles, and the translations, each only in
    its own language's fields (the parser routes them by script), where they are scored
    like any word of that language."""
    if span.kind == "entity":
        return f"({term} OR ids:{span.ident})"
    if span.kind == "learned":
        return (
            "(" + " OR ".join([term, *(f"{w}^{LEARNED_BOOST}" for w in span.ident.split())]) + ")"
        )
    concept = next(t for t in concepts if t.id == span.ident)
    parts = [term]
    for lang in ("en", "ko"):
        parts.append(f"concepts_{lang}:{span.ident}^{CONCEPT_BOOST[(span.lang, lang)]}")
    for form in glossary.Glossary.translations(concept, span.lang):
        parts.append(f'"{form}"' if " " in form else form)
    return "(" + " OR ".join(parts) + ")"


def _lang_of(text: str) -> str:
    return "ko" if hangul.has_syllable(text) else "en"


def _entity_note(span: str, entry: entities.Entry) -> str:
    return f"{span.strip(chr(34))} -> {entry.type}:{entry.id} ({entry.en} / {entry.ko})"


# --- filters -------------------------------------------------------------------------------
def parse_day(value: str, end: bool = False) -> datetime:
    """A YYYY-MM-DD argument as the first (or, with `end`, last) instant of that UTC day."""
    try:
        day = datetime.strptime(value, "%Y-%m-%d")
    except ValueError as exc:
        raise QueryError(f"bad date {value!r}: use YYYY-MM-DD") from exc
    return day + timedelta(days=1) - timedelta(microseconds=1) if end else day


def date_terms(since: date | None, until: date | None) -> list[str]:
    """The fewest `days` terms (whole years, whole months, single days) covering the days
    from `since` to `until`, both included; search.indexer.day_terms writes them."""
    start = since or date(MIN_YEAR, 1, 1)
    end = min(until or date(MAX_YEAR, 12, 31), date(MAX_YEAR, 12, 31))
    start = max(start, date(MIN_YEAR, 1, 1))
    out, d = [], start
    while d <= end:
        if (d.month, d.day) == (1, 1) and date(d.year, 12, 31) <= end:
            out.append(f"y{d.year}")
            d = date(d.year + 1, 1, 1)
            continue
        if d.day == 1:
            following = date(d.year + d.month // 12, d.month % 12 + 1, 1)
            if following - timedelta(days=1) <= end:
                out.append(f"m{d:%Y-%m}")
                d = following
                continue
        out.append(f"d{d:%Y-%m-%d}")
        d += timedelta(days=1)
    return out


def _filters(f: Filters, gaz: entities.Gazetteer) -> tuple[list[tuple[str, list[str]]], list[str]]:
    """The filters as (field, terms): a document must hold one of the terms of each."""
    terms: list[tuple[str, list[str]]] = []
    ids: list[str] = []
    if f.lang:
        if f.lang not in ("en", "ko"):
            raise QueryError(f"--lang must be en or ko, not {f.lang!r}")
        terms.append(("lang", [f.lang]))
    if f.since or f.until:
        since = parse_day(f.since).date() if f.since else None
        until = parse_day(f.until).date() if f.until else None
        terms.append(("days", date_terms(since, until)))
    for name, want_commodity in ((f.entity, False), (f.commodity, True)):
        if not name:
            continue
        entry = gaz.resolve(name)
        if entry is None:
            near = gaz.closest(name)
            hint = f"; did you mean {', '.join(near)}?" if near else ""
            raise QueryError(
                f"unknown {'commodity' if want_commodity else 'entity'} {name!r}{hint}"
            )
        if want_commodity and not entry.is_commodity:
            raise QueryError(f"{name!r} is a {entry.type}, not a commodity: use --entity")
        fieldname = "commodities" if want_commodity or entry.is_commodity else "entities"
        terms.append((fieldname, [entry.id]))
        ids.append(entry.id)
    return terms, ids


# --- matching ------------------------------------------------------------------------------
def fields_for(text: str, fields: tuple[str, ...] = SEARCH_FIELDS) -> list[str]:
    """The fields a query word can occur in: Hangul in Korean ones, Latin in English ones,
    anything else (numbers) in both."""
    if hangul.SYLLABLE.search(text):
        allowed = LANGUAGE_FIELDS["ko"]
    elif _LATIN.search(text):
        allowed = LANGUAGE_FIELDS["en"]
    else:
        allowed = SEARCH_FIELDS
    return [f for f in fields if f in allowed]


@functools.cache
def _script_plugin_class() -> type:
    import copy

    from whoosh.qparser import MultifieldPlugin, syntax

    class ScriptFieldsPlugin(MultifieldPlugin):
        """Whoosh's multifield expansion, restricted per word to its language's fields."""

        def do_multifield(self, parser, group):
            for i, node in enumerate(group):
                if isinstance(node, syntax.GroupNode):
                    group[i] = self.do_multifield(parser, node)
                elif node.has_fieldname and node.fieldname is None:
                    text = getattr(node, "text", "") or ""
                    newnodes = []
                    for fname in fields_for(text, tuple(self.fieldnames)):
                        newnode = copy.copy(node)
                        newnode.set_fieldname(fname)
                        newnode.set_boost(self.boosts.get(fname, 1.0))
                        newnodes.append(newnode)
                    group[i] = self.group(newnodes)
            return group

    return ScriptFieldsPlugin


def parser(schema: Any, fields: tuple[str, ...] = SEARCH_FIELDS) -> Any:
    from whoosh import qparser

    boosts = {name: getattr(schema[name], "field_boost", 1.0) for name in fields}
    p = qparser.QueryParser(None, schema, group=qparser.AndGroup)
    p.add_plugin(_script_plugin_class()(list(fields), fieldboosts=boosts))
    return p


def matching_query(plan: Plan, schema: Any, fields: tuple[str, ...] = SEARCH_FIELDS) -> Any:
    """The scored part of the search (the filters are applied beside it)."""
    from whoosh import query as Q
    from whoosh.qparser import QueryParserError

    if not plan.text:
        return None
    try:
        q = parser(schema, fields).parse(plan.text)
    except QueryParserError as exc:
        raise QueryError(f"cannot parse the query: {exc}") from exc
    if q is Q.NullQuery or isinstance(q, type(Q.NullQuery)):
        raise QueryError(f"nothing to search in {plan.query!r} (only stop words?)")
    ids = plan.entity_ids
    if ids and plan.other_words and plan.plain:
        # The other words will not be in a translation of the story, so the names
        # alone also match, ranked below stories that match every word.
        names_only = Q.And([Q.Term("ids", i) for i in ids])
        q = Q.Or([q, names_only.with_boost(CROSS_LANGUAGE_BOOST)])
    return q


# --- highlights ----------------------------------------------------------------------------
def _needles(plan: Plan, lang: str, ids: frozenset[str]) -> list[re.Pattern]:
    gaz = entities.default()
    pats = []
    for w in re.findall(r"[\w'’]+", plan.query):
        if w.upper() in ("AND", "OR", "NOT"):
            continue
        if len(w) < 2 and not hangul.SYLLABLE.match(w):
            continue
        if hangul.SYLLABLE.match(w):
            pats.append(re.compile(re.escape(w[:2] if len(w) > 2 else w)))
        else:
            stem = w[:-1] if len(w) > 4 and w.endswith("s") else w
            pats.append(re.compile(r"\b" + re.escape(stem) + r"\w*", re.I))
    names: list[str] = []
    for ident in sorted(ids):
        entry = gaz.entries.get(ident)
        if entry:
            names += entry.ko_names if lang == "ko" else entry.en_names
    for term in plan.concepts:
        names += term.ko if lang == "ko" else term.en
    for name in sorted(set(names), key=len, reverse=True):
        if lang == "en":
            pats.append(re.compile(r"(?<!\w)" + re.escape(name), re.I))
        else:
            pats.append(re.compile(re.escape(name)))
    return pats
