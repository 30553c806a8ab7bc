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
from crawler.text import hangul, korean
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
# Other forms of a name (search/names.py): a learned Korean or English name, a gazetteer
# entry the query's name is a variant of, a partial form of a long name. Below the name
# as typed, above a learned word.
NAME_FORM_BOOST = 0.5
# Plain queries of this many concepts (names, glossary words, other words) or more match a
# story that has all of them but one; fewer: all of them.
MIN_SHOULD_MATCH_FROM = 3
MAX_COMBINATIONS = 6  # longer queries stay all-AND (n clauses of n-1 concepts each)
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
    alts: tuple[str, ...] = ()  # more alternatives, in Whoosh syntax (other forms of a name)


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
    # --entity/--commodity names the gazetteer lacks, searched as text (Whoosh syntax)
    filter_texts: list[str] = field(default_factory=list)
    filter_notes: list[str] = field(default_factory=list)  # said once, on stderr
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
    found = _filters(filters, gaz, learned)
    filter_terms, filter_ids = found.terms, found.ids
    mentioned = set(filter_ids)
    if not query or not expansion:
        empty = Plan(query, filters, [], query, True, False, mentioned, [], filter_terms)
        empty.filter_texts, empty.filter_notes = found.texts, found.notes
        return empty
    spans, concepts, named = _spans(query, gaz)
    plain = not re.search(r"\b(AND|OR|NOT)\b|[:()*?~^]", query)
    if plain and '"' not in query:
        spans, runs = _name_spans(query, spans, gaz, learned)
        if learned is not None and learned.pairs:
            more = _learned_spans(query, spans + runs, learned)
            spans = sorted(spans + more, key=lambda s: s.start)
    mentioned |= named | {s.ident for s in spans if s.kind == "entity"}
    mentioned |= {i for s in spans if s.kind == "name" for i in s.ident.split() if i != "-"}
    as_typed = plain and '"' not in query
    groups, pos = [], 0
    for span in spans:
        piece = query[span.start : span.end]
        term = piece if piece.startswith('"') else _quoted(piece)
        if as_typed and span.lang == "ko":
            term = _compounds_in_order(term, gaz)
        text_before = query[pos : span.start]
        groups.append(("text", _compounds_in_order(text_before, gaz) if as_typed else text_before))
        role = "name" if span.kind in ("entity", "name") else "concept"
        # spaced: a span may end inside a word (혜산|광산), whose rest is a word of its own
        groups.append((role, f" {_alternatives(span, term, concepts)} "))
        pos = span.end
    groups.append(("text", _compounds_in_order(query[pos:], gaz) if as_typed else query[pos:]))
    rest = list(query)
    for span in spans:
        if span.kind != "learned":  # a learned translation is too weak to stand for the word
            rest[span.start : span.end] = " " * (span.end - span.start)
    text = "".join(g for _role, g in groups)
    if as_typed:
        text = _most_concepts(groups) or text
    return Plan(
        query,
        filters,
        spans,
        text,
        bool(re.search(r"\w", "".join(rest))),
        plain,
        mentioned,
        concepts,
        filter_terms,
        found.texts,
        found.notes,
    )


def _compounds_in_order(text: str, gaz: entities.Gazetteer) -> str:
    """`text` with each Korean word of several terms quoted: a compound as typed (동정광,
    copper concentrate; 해상환적, transfer at sea) needs its parts in order, as its spaced
    form does, or the head alone matches (any concentrate, any transfer). The glossary's
    translations are not rewritten: they stay as loose as an article's own wording."""
    words = re.split(r"(\s+)", text)
    for i, word in enumerate(words):
        if '"' in word or not hangul.has_syllable(word):
            continue
        terms = korean.tokens(word, gaz.ko_aliases, query=True, singles=gaz.ko_singles)
        if len({t.pos for t in terms}) > 1:
            words[i] = f'"{word}"'
    return "".join(words)


def _most_concepts(groups: list[tuple[str, str]]) -> str | None:
    """A plain query of MIN_SHOULD_MATCH_FROM concepts or more, rewritten so that a story
    holding all of them but one matches too (Whoosh's Or has no working minimum-should-
    match): one AND clause per left-out concept, names never left out. A story with every
    concept matches every clause and so ranks above one that lacks a concept."""
    from search import lexicon

    names, others = [], []
    for role, text in groups:
        if role != "text":
            (names if role == "name" else others).append(text)
            continue
        for word in text.split():
            if hangul.has_syllable(word) or lexicon.english_terms(word) or word.isdigit():
                others.append(word)  # stop words are not concepts
    if len(names) + len(others) < MIN_SHOULD_MATCH_FROM or len(others) < 2:
        return None
    if len(others) > MAX_COMBINATIONS:
        return None
    clauses = [
        "(" + " ".join(names + others[:i] + others[i + 1 :]) + ")" for i in range(len(others))
    ]
    return " OR ".join(clauses)


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
    # a name is blanked out, so that what follows it in a compound (광산 in 혜산광산) is read
    # as a word of its own; glossary words overlapping a name would lose to it anyway
    masked = list(query)
    for s, e, _x in found:
        masked[s:e] = " " * (e - s)
    for s, e, term, lang in glossary.default().in_query("".join(masked)):
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


def _name_spans(
    query: str, spans: list[Span], gaz: entities.Gazetteer, learned: Any
) -> tuple[list[Span], list[Span]]:
    """Names as the gazetteer does not hold them (search/names.py): a capitalised run of
    words with other known forms becomes one span searching them all; a gazetteer name also
    searches its partial forms; a Korean word that is a learned name, its English name.
    Returned beside them: the capitalised runs with no known form, whose words are never
    translated one by one as learned words ("Kim" is not 김정은)."""
    from search import names

    out = list(spans)
    for m in names.RUN.finditer(query):
        start, end, text = m.start(), m.end(), m.group()
        inside = [s for s in out if s.start < end and start < s.end]
        if any((s.start, s.end) == (start, end) and s.kind == "entity" for s in inside):
            continue  # a gazetteer name: its partial forms are added below
        if any(s.start < start or s.end > end for s in inside):
            continue  # a known name reaches out of the run: it wins
        forms = names.forms(text, learned)
        if not forms:  # the known words inside keep their spans; the rest stay words
            out.append(Span(start, end, "text", "-", "en", ""))
            continue
        alts = [f"ids:{f.ident}^{NAME_FORM_BOOST}" for f in forms if f.ident]
        for f in forms:
            if f.en.lower() != text.lower():
                alts.append(_phrase(f.en, NAME_FORM_BOOST))
            alts += [_phrase(k, NAME_FORM_BOOST) for k in f.ko]
        said = [f"{f.en} ({f.how})" if f.en.lower() != text.lower() else "" for f in forms]
        said += [k for f in forms for k in f.ko]
        ids = " ".join(dict.fromkeys(f.ident for f in forms if f.ident)) or "-"
        out = [s for s in out if s not in inside]
        note = f"{text} -> {' / '.join(x for x in said if x)}"
        out.append(Span(start, end, "name", ids, "en", note, tuple(dict.fromkeys(alts))))
    for i, span in enumerate(out):  # a long gazetteer name is also written shorter
        entry = gaz.entries.get(span.ident) if span.kind == "entity" else None
        if entry is None or entry.type not in ("organisation", "place"):
            continue
        partial = [p for p in names.partial_forms(entry.en) if gaz.resolve(p) is None]
        if partial:
            out[i] = Span(
                span.start,
                span.end,
                span.kind,
                span.ident,
                span.lang,
                span.note + f" + {' / '.join(partial)} (partial)",
                tuple(_phrase(p, NAME_FORM_BOOST) for p in partial),
            )
    if learned is not None:
        for m in hangul.WORD.finditer(query):
            if any(s.start < m.end() and m.start() < s.end for s in out):
                continue
            english = learned.name(m.group()) or learned.name(_strip_particle(m.group()))
            if english:
                note = f"{m.group()} -> {' / '.join(english)} (learned name)"
                alts = tuple(_phrase(e, NAME_FORM_BOOST) for e in english)
                out.append(Span(m.start(), m.end(), "name", "-", "ko", note, alts))
    spans = sorted(out, key=lambda s: s.start)
    return [s for s in spans if s.kind != "text"], [s for s in spans if s.kind == "text"]


_PARTICLE = re.compile(r"(?:에서|으로|에게|까지|부터|은|는|이|가|을|를|의|에|와|과|도|로)$")


def _strip_particle(word: str) -> str:
    return _PARTICLE.sub("", word) if len(word) > 3 else word


def _phrase(text: str, boost: float) -> str:
    return _quoted(text.replace('"', "")) + f"^{boost}"


_SEVERAL_WORDS = re.compile(r"[\w'’][\s\-‐–][\w'’]")


def _quoted(form: str) -> str:
    """A form of several words, spaced or hyphenated, as a phrase: unquoted, the parser
    splits "ship-to-ship" into words any of which matches (any story with a ship)."""
    return f'"{form}"' if _SEVERAL_WORDS.search(form) else form


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
        return "(" + " OR ".join([term, f"ids:{span.ident}", *span.alts]) + ")"
    if span.kind == "name":
        words = f"({term.strip(chr(34))})" if span.lang == "en" else term
        return "(" + " OR ".join([words, *span.alts]) + ")"
    if span.kind == "learned":
        return (
            "(" + " OR ".join([term, *(f"{w}^{LEARNED_BOOST}" for w in span.ident.split())]) + ")"
        )
    concept = next(t for t in concepts if t.id == span.ident)
    parts = [term]
    for lang in ("en", "ko"):
        parts.append(f"concepts_{lang}:{span.ident}^{CONCEPT_BOOST[(span.lang, lang)]}")
    for form in glossary.Glossary.translations(concept, span.lang):
        parts.append(_quoted(form))
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


@dataclass
class _Filtered:
    terms: list[tuple[str, list[str]]] = field(default_factory=list)  # AND of ORs
    ids: list[str] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)  # names searched as text
    notes: list[str] = field(default_factory=list)


def _filters(f: Filters, gaz: entities.Gazetteer, learned: Any = None) -> _Filtered:
    """The filters as (field, terms): a document must hold one of the terms of each."""
    out = _Filtered()
    if f.lang:
        if f.lang not in ("en", "ko"):
            raise QueryError(f"--lang must be en or ko, not {f.lang!r}")
        out.terms.append(("lang", [f.lang]))
    if f.since or f.until:
        since = parse_day(f.since).date() if f.since else None
        until = parse_day(f.until).date() if f.until else None
        out.terms.append(("days", date_terms(since, until)))
    for name, want_commodity in ((f.entity, False), (f.commodity, True)):
        if not name:
            continue
        entry = name_filter(name, want_commodity, gaz, learned)
        if isinstance(entry, NameAsText):
            out.texts.append(entry.clause())
            out.notes.append(entry.note)
            continue
        fieldname = "commodities" if want_commodity or entry.is_commodity else "entities"
        out.terms.append((fieldname, [entry.id]))
        out.ids.append(entry.id)
    return out


def name_filter(
    name: str, want_commodity: bool, gaz: entities.Gazetteer, learned: Any = None
) -> entities.Entry | NameAsText:
    """What --entity/--commodity NAME means, for every command that takes them: a gazetteer
    entry, or a name it lacks, to be found as text."""
    entry = gaz.resolve(name)
    if entry is None:
        return name_as_text(name, want_commodity, gaz, learned)
    if want_commodity and not entry.is_commodity:
        raise QueryError(f"{name!r} is a {entry.type}, not a commodity: use --entity")
    return entry


# A name this few edits from a gazetteer name (and at most one per six letters), with
# nothing learned about it, is a typo: "Kangsong Trading Compny", not "Sinhung Trading".
TYPO_EDITS = 2


@dataclass(frozen=True)
class NameAsText:
    """An --entity/--commodity name the gazetteer lacks: the texts to find it by (the name,
    its learned names and variants, in both languages), the gazetteer entries it is a
    variant of, and the note that tells the analyst so."""

    texts: tuple[str, ...]
    ids: tuple[str, ...]
    note: str

    def clause(self) -> str:
        """The Whoosh clause that finds any of them."""
        parts = [_phrase(t, 1.0)[: -len("^1.0")] for t in self.texts[:1]]
        parts += [f"ids:{i}" for i in self.ids]
        parts += [_phrase(t, 1.0)[: -len("^1.0")] for t in self.texts[1:]]
        return "(" + " OR ".join(dict.fromkeys(parts)) + ")"


def name_as_text(
    name: str, want_commodity: bool, gaz: entities.Gazetteer, learned: Any
) -> NameAsText:
    """An --entity/--commodity name the gazetteer lacks, with its other forms. A near-miss
    of a gazetteer name that nothing else explains (no learned alias, no variant) is taken
    for a typo: an error naming the entry, since searching the misspelling as text would
    find nothing."""
    from search import names

    kind = "commodity" if want_commodity else "entity"
    name = " ".join(name.split())
    if not re.search(r"\w", name):
        raise QueryError(f"--{kind} needs a name")
    forms = names.forms(name, learned)
    if not forms:
        for near in gaz.closest(name, n=3, kind=kind):
            if _edits(name.lower(), near.lower()) <= min(TYPO_EDITS, len(name) // 6):
                raise QueryError(gaz.unknown_message(name, kind))
    texts = [name]
    for f in forms:
        texts += [f.en] if f.en.lower() != name.lower() else []
        texts += list(f.ko)
    said = [k for f in forms for k in f.ko]
    said += [f.en for f in forms if f.how != "partial" and f.en.lower() != name.lower()]
    also = [f.en for f in forms if f.how == "partial"]
    how = "; ".join(
        ([f"learned: {', '.join(dict.fromkeys(said))}"] if said else [])
        + ([f"also as {', '.join(dict.fromkeys(also))}"] if also else [])
    )
    how = f" ({how})" if how else ""
    return NameAsText(
        texts=tuple(dict.fromkeys(texts)),
        ids=tuple(dict.fromkeys(f.ident for f in forms if f.ident)),
        note=f'"{name}" is not in the gazetteer; searching it as text{how}',
    )


def _edits(a: str, b: str) -> int:
    """Levenshtein distance (names are short)."""
    row = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        prev, row[0] = row[0], i
        for j, cb in enumerate(b, 1):
            prev, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, prev + (ca != cb))
    return row[-1]


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


def filter_query(plan: Plan, schema: Any) -> Any:
    """The filters as one constant-score clause: documents holding a term of each, and
    each name searched as text."""
    from whoosh import query as Q
    from whoosh.qparser import QueryParserError

    parts = [
        Q.Or([Q.Term(name, t) for t in terms]) if len(terms) > 1 else Q.Term(name, terms[0])
        for name, terms in plan.filter_terms
    ]
    for text in plan.filter_texts:
        try:
            parts.append(parser(schema).parse(text))
        except QueryParserError as exc:
            raise QueryError(f"cannot search the name {text!r}: {exc}") from exc
    if not parts:
        return None
    return Q.ConstantScoreQuery(parts[0] if len(parts) == 1 else Q.And(parts))


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
