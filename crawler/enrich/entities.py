"""The bilingual gazetteer and entity matching in both languages.

The gazetteer (crawler/enrich/gazetteer/entities.toml) is data reviewed like code: canonical
ids with English and Korean names. Matching writes those ids into the article, so a search for
`iron ore` can find a Korean-only story about 철광석 through the id both share.

English: whole words, case-insensitive except for acronyms (KPA, WPK). Korean: on the
morphological analysis, so 금 (gold) matches 금 and 금값 but never 금지, 금요일, 현금 or 자금.
Importing this module is cheap; nothing here touches Whoosh.
"""

from __future__ import annotations

import difflib
import functools
import re
import tomllib
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import resources

from crawler.text import hangul, korean
from crawler.text.roman import roman_key

COMMODITY_TYPES = {"commodity", "currency"}
TYPES = ("organisation", "person", "place", "commodity", "currency")
# English aliases that are ordinary words unless a number stands right before them.
NEEDS_NUMBER = {"won"}
_NUMBER_BEFORE = re.compile(r"\d[\d,.]*\s*(?:million\s+|billion\s+|thousand\s+)?$", re.I)


@dataclass(frozen=True)
class Entry:
    id: str
    type: str
    en: str
    ko: str
    en_aliases: tuple[str, ...] = ()
    ko_aliases: tuple[str, ...] = ()
    parent: str | None = None

    @property
    def is_commodity(self) -> bool:
        return self.type in COMMODITY_TYPES

    @property
    def en_names(self) -> tuple[str, ...]:
        return (self.en, *self.en_aliases)

    @property
    def ko_names(self) -> tuple[str, ...]:
        return (self.ko, *self.ko_aliases)

    def label(self) -> str:
        return f"{self.en} ({self.ko})"


@dataclass
class Gazetteer:
    entries: dict[str, Entry]
    _en_exact: dict[str, str] = field(default_factory=dict)
    _en_folded: dict[str, str] = field(default_factory=dict)
    _ko: dict[str, str] = field(default_factory=dict)  # folded Korean alias -> id

    def __post_init__(self) -> None:
        for e in self.entries.values():
            for name in e.en_names:
                if _is_acronym(name):
                    self._en_exact[_en_key(name, fold=False)] = e.id
                else:
                    self._en_folded[_en_key(name)] = e.id
            for name in e.ko_names:
                folded = korean.fold_text(name.replace(" ", ""))
                self._ko[folded] = e.id
                if " " in name:
                    self._ko[korean.fold_text(name)] = e.id
        keys = [*self._en_folded, *(k.lower() for k in self._en_exact)]
        self._en_first = frozenset(k.split(" ")[0] for k in keys)
        self._en_longest = max((k.count(" ") + 1 for k in keys), default=1)
        self.ko_aliases = korean.AliasIndex.of(self._ko)
        self._ko_single = {a: i for a, i in self._ko.items() if len(a) == 1}
        self.ko_singles = frozenset(self._ko_single)

    # --- matching -----------------------------------------------------------------------
    def _en_id(self, surface: str) -> str | None:
        return self._en_exact.get(_en_key(surface, fold=False)) or self._en_folded.get(
            _en_key(surface)
        )

    def en_spans(self, text: str) -> list[tuple[int, int, str]]:
        """(start, end, id) of English names: the longest run of adjacent words (spaces or
        hyphens between them) that is a name, looked up word by word rather than with a
        regex of a thousand alternatives. Each word is normalised once, and a run's keys are
        joined from those (no re-scanning of the text per candidate length)."""
        words = list(_EN_WORD.finditer(text))
        raw = [w.group().replace("’", "'") for w in words]
        low = [w.lower() for w in raw]
        # joined[i]: word i and word i+1 are separated by spaces or hyphens only
        joined = [
            _JOIN.fullmatch(text, a.end(), b.start()) is not None
            for a, b in zip(words, words[1:], strict=False)
        ]
        out, i = [], 0
        while i < len(words):
            if low[i] not in self._en_first:
                i += 1
                continue
            reach = 1
            while reach < self._en_longest and i + reach < len(words) and joined[i + reach - 1]:
                reach += 1
            for n in range(reach, 0, -1):
                ident = self._en_exact.get(" ".join(raw[i : i + n])) or self._en_folded.get(
                    " ".join(low[i : i + n])
                )
                if ident is None:
                    continue
                start, end = words[i].start(), words[i + n - 1].end()
                if text[start:end].lower() in NEEDS_NUMBER and not _NUMBER_BEFORE.search(
                    text[:start]
                ):
                    continue
                out.append((start, end, ident))
                i += n - 1
                break
            i += 1
        return out

    def match_en(self, text: str) -> Counter[str]:
        return Counter(ident for _s, _e, ident in self.en_spans(text))

    def match_ko(self, text: str) -> Counter[str]:
        """Korean mentions. Multi-syllable names are found on the folded text directly;
        the morphological analysis (most of the cost) runs only on the paragraphs where a
        one-syllable name (금, 쌀) occurs, since only there must it tell 금 from 금지."""
        found: Counter[str] = Counter()
        folded = korean.fold_text(text)
        longest: dict[int, int] = {}
        for start, end in korean.alias_spans(folded, self.ko_aliases):
            # a shorter alias inside a longer one at the same start is not a mention
            longest[start] = max(end, longest.get(start, end))
        for start, end in longest.items():
            ident = self._ko.get(folded[start:end])
            if ident:
                found[ident] += 1
        for paragraph in folded.split("\n"):
            if not any(ch in paragraph for ch in self.ko_singles):
                continue
            for tok in korean.tokens(paragraph, singles=self.ko_singles, folded=True):
                if tok.kind != "alias" and tok.text in self._ko_single:
                    found[self._ko_single[tok.text]] += 1
        return found

    def match(self, text: str, lang: str | None = None) -> Counter[str]:
        """Mentions of every entry in `text`; both languages unless `lang` says which."""
        found: Counter[str] = Counter()
        if lang in (None, "en"):
            found += self.match_en(text)
        if lang in (None, "ko") and hangul.has_syllable(text):
            found += self.match_ko(text)
        return found

    def split(self, found: Counter[str]) -> tuple[dict[str, int], dict[str, int]]:
        """(entities, commodities) as id -> mentions, most mentioned first."""
        ents, comms = {}, {}
        for ident, n in found.most_common():
            (comms if self.entries[ident].is_commodity else ents)[ident] = n
        return ents, comms

    # --- lookup -------------------------------------------------------------------------
    def resolve(self, name: str) -> Entry | None:
        """An entry by id or by any name in either language (case and spelling folded)."""
        name = name.strip()
        if name in self.entries:
            return self.entries[name]
        ident = self._en_id(name)
        if ident is None and hangul.has_syllable(name):
            ident = self._ko.get(korean.fold_text(name.replace(" ", "")))
        if ident is None:
            key = roman_key(name.replace(" ", ""))
            for e in self.entries.values():
                if key and any(roman_key(n.replace(" ", "")) == key for n in e.en_names):
                    ident = e.id
                    break
        return self.entries.get(ident) if ident else None

    def closest(self, name: str, n: int = 3, kind: str = "entity") -> list[str]:
        """The nearest names, one per entry (an id and its English name are one entry), of
        entries of `kind` (see KINDS): a commodity typo is not told to try a place."""
        accept = KINDS.get(kind, KINDS["entity"])
        names: dict[str, str] = {}
        for table in (self._en_folded, self._ko, {i: i for i in self.entries}):
            for alias, ident in table.items():
                if accept(self.entries[ident]):
                    names.setdefault(alias, ident)
        out: dict[str, str] = {}
        for near in difflib.get_close_matches(name.lower(), list(names), n=4 * n, cutoff=0.6):
            out.setdefault(names[near], near)
        return list(out.values())[:n]

    def unknown_message(self, name: str, kind: str = "entity") -> str:
        """What to say about a name the gazetteer lacks, with the nearest names it knows:
        written once so that every command and the query filters say it alike."""
        near = self.closest(name, kind=kind)
        hint = f"; did you mean {', '.join(near)}?" if near else ""
        return f"unknown {kind} {name!r}{hint}"

    def in_query(self, query: str) -> list[tuple[int, int, Entry]]:
        """Spans of `query` that name an entry, as (start, end, entry); the Korean span covers
        the whole word (particles included) unless a noun follows the name in it."""
        spans: list[tuple[int, int, Entry]] = []
        for start, end, ident in self.en_spans(query):
            if query[start:end].lower() not in NEEDS_NUMBER:
                spans.append((start, end, self.entries[ident]))
        for word in hangul.WORD.finditer(query):
            w = korean.fold_text(word.group())
            hits = self.match_ko(word.group())
            if not hits:
                continue
            ident = max(hits, key=lambda i: max(len(a) for a, j in self._ko.items() if j == i))
            starts = [len(a) for a, j in self._ko.items() if j == ident and w.startswith(a)]
            if starts:
                end = max(starts)
                if not _noun_follows(w, end):
                    end = len(w)
                spans.append((word.start(), word.start() + end, self.entries[ident]))
        return sorted(spans, key=lambda s: s[0])


def _noun_follows(word: str, end: int) -> bool:
    """A noun of two syllables or more begins at `end` of a (folded) Korean word: the name
    is the modifier of a compound (혜산광산, the Hyesan mine; 피복공장), whose head must keep
    its meaning. Particles and endings (혜산에서) are part of the name's word, and so is one
    syllable more: alone, the tagger takes a particle for a noun (평안남도의: 의)."""
    return len(word) - end >= 2 and any(
        m.start == end and m.end - m.start >= 2 and m.pos in korean.NOUN_POS
        for m in korean.morphemes(word)
    )


def _is_acronym(name: str) -> bool:
    letters = [c for c in name if c.isalpha()]
    return len(name) <= 6 and bool(letters) and all(c.isupper() for c in letters)


# A word: letters and digits, with apostrophes or dots inside (People's, P'yŏngyang, U.S).
# What a command means by a kind of name, for suggestions: a commodity filter takes
# commodities and currencies, a market a place, an entity filter anything.
KINDS: dict[str, Callable[[Entry], bool]] = {
    "entity": lambda e: True,
    "commodity": lambda e: e.is_commodity,
    "market": lambda e: e.type == "place",
}

_EN_WORD = re.compile(r"[^\W_]+(?:['’‘.][^\W_]+)*")
_JOIN = re.compile(r"[\s-]+")


def _en_key(name: str, fold: bool = True) -> str:
    """Words joined by one space, apostrophes straightened; lower-cased unless an acronym
    (KPA, WPK) must match as written."""
    key = " ".join(m.group() for m in _EN_WORD.finditer(name)).replace("’", "'")
    return key.lower() if fold else key


def load(path: str | None = None) -> Gazetteer:
    """The gazetteer; the packaged file unless `path` names another."""
    if path:
        with open(path, "rb") as fh:
            raw = tomllib.load(fh)
    else:
        raw = tomllib.loads(
            resources.files("crawler.enrich")
            .joinpath("gazetteer", "entities.toml")
            .read_text("utf-8")
        )
    entries = {}
    for item in raw.get("entity", []):
        entry = Entry(
            id=item["id"],
            type=item["type"],
            en=item["en"],
            ko=item["ko"],
            en_aliases=tuple(item.get("en_aliases", ())),
            ko_aliases=tuple(item.get("ko_aliases", ())),
            parent=item.get("parent"),
        )
        entries[entry.id] = entry
    return Gazetteer(entries)


@functools.cache
def default() -> Gazetteer:
    return load()
