"""Dictionary-based query translation for common reporting words.

Names cross languages through the gazetteer's ids; ordinary words such as "crackdown" or
"smuggling" do not, so a glossary (search/glossary.toml, reviewed like code)
groups their English and Korean forms into concepts. Each concept has one id: the indexer
tags an article with the ids of the concepts its text names (`concepts_in`), and a query
word the glossary knows also searches its concept's id, one term instead of every
translation in every field.
"""

from __future__ import annotations

import functools
import re
import tomllib
from collections import Counter
from dataclasses import dataclass
from importlib import resources

from crawler.text import hangul
from crawler.text.korean import fold_text


@dataclass(frozen=True)
class Term:
    en: tuple[str, ...]
    ko: tuple[str, ...]

    @functools.cached_property  # asked for at every mention while an article is tagged
    def id(self) -> str:
        """The concept's index term: its first English form as a slug (unique, checked by
        the tests), so an id reads as what it means."""
        return re.sub(r"\W+", "_", self.en[0].lower()).strip("_")


_EN_WORD = re.compile(r"[\w'’]+")
_EN_SPLIT = re.compile(r"[\s-]+")
_EN_JOIN = re.compile(r"[\s-]+")


class Glossary:
    def __init__(
        self,
        terms: list[Term],
        families: list[list[str]] | None = None,
        not_forms: tuple[str, ...] = (),
    ) -> None:
        self.terms = terms
        self.not_forms = tuple(fold_text(w) for w in not_forms)  # 대부분 is not 대부
        self._family = _families(terms, families or [])
        self._en: dict[str, Term] = {}
        self._ko: dict[str, Term] = {}
        for t in terms:
            for form in t.en:
                self._en[form.lower()] = t
            for form in t.ko:
                self._ko[fold_text(form)] = t
        forms = sorted(self._en, key=len, reverse=True)
        self.en_regex = (
            re.compile(
                r"(?<![\w-])("
                + "|".join(re.escape(f).replace(r"\ ", r"[\s-]+") for f in forms)
                + r")(?![\w-])",
                re.I,
            )
            if forms
            else None
        )
        # English forms as word tuples, for tagging whole articles by lookups (the regex
        # alternation of 1,500 forms tries each one at every character: ~50 ms an article)
        self._en_words = {tuple(_EN_SPLIT.split(f)): t for f, t in self._en.items()}
        self._en_longest = max(map(len, self._en_words), default=0)
        self._en_first = frozenset(k[0] for k in self._en_words)
        self._ko_words = {f: t for f, t in self._ko.items() if " " not in f}
        self._ko_longest = max(map(len, self._ko_words), default=0)
        self._ko_heads = frozenset(f[:2] for f in self._ko_words)  # rules most words out
        phrases = sorted((f for f in self._ko if " " in f), key=len, reverse=True)
        self.ko_phrase_regex = (
            # the lookahead rules a position out in one step instead of trying every phrase
            re.compile(
                f"(?=[{re.escape(''.join(sorted({f[0] for f in phrases})))}])("
                + "|".join(re.escape(f).replace(r"\ ", r"\s+") for f in phrases)
                + ")"
            )
            if phrases
            else None
        )

    def in_query(self, query: str) -> list[tuple[int, int, Term, str]]:
        """(start, end, term, 'en'|'ko') for query words the glossary knows. A Korean word
        counts when a glossary form starts it and at most two syllables follow (particles:
        밀수를, 단속에서)."""
        found = []
        if self.en_regex:
            for m in self.en_regex.finditer(query):
                key = re.sub(r"[\s-]+", " ", m.group(1).lower())
                term = self._en.get(key) or self._en.get(m.group(1).lower())
                if term:
                    found.append((m.start(1), m.end(1), term, "en"))
        folded = fold_text(query)  # same length: offsets hold
        if self.ko_phrase_regex:
            for m in self.ko_phrase_regex.finditer(folded):
                term = self._ko.get(re.sub(r"\s+", " ", m.group()))
                if term:
                    found.append((m.start(), m.end(), term, "ko"))
        for m in hangul.WORD.finditer(query):
            if any(s <= m.start() < e for s, e, _t, lang in found if lang == "ko"):
                continue
            term = self._ko_word(fold_text(m.group()))
            if term:
                found.append((m.start(), m.end(), term, "ko"))
        return found

    def _ko_word(self, word: str) -> Term | None:
        """The concept of a (folded) Korean word: the longest form it starts with, followed
        by at most two syllables (a particle or an ending)."""
        if word.startswith(self.not_forms):
            return None
        for cut in range(len(word), max(1, len(word) - 3), -1):
            term = self._ko_words.get(word[:cut])
            if term:
                return term
        return None

    def concepts_in(self, text: str, lang: str) -> Counter[str]:
        """Mentions per concept id in `text` (an article in `lang`). English: as a query word
        is read. Korean: every form that starts a word, whatever follows, so compounds and
        verb forms count (밀수꾼 and 밀수출되다 are about 밀수) as the morphological match of
        a translation did."""
        if lang != "ko":
            return self._en_concepts(text)
        found: Counter[str] = Counter()
        folded = fold_text(text)
        if self.ko_phrase_regex:
            for m in self.ko_phrase_regex.finditer(folded):
                term = self._ko.get(re.sub(r"\s+", " ", m.group()))
                if term:
                    found[term.id] += 1
        longest, heads = self._ko_longest, self._ko_heads
        for m in hangul.WORD.finditer(folded):
            word = m.group()
            if word[:2] not in heads or word.startswith(self.not_forms):
                continue
            for cut in range(2, min(len(word), longest) + 1):
                term = self._ko_words.get(word[:cut])
                if term:
                    found[term.id] += 1
        return found

    def _en_concepts(self, text: str) -> Counter[str]:
        """English forms in `text`, longest first at each word, joined by spaces or hyphens
        only (as the query regex reads them)."""
        found: Counter[str] = Counter()
        words = list(_EN_WORD.finditer(text))
        lowered = [w.group().lower() for w in words]
        i = 0
        while i < len(words):
            if lowered[i] not in self._en_first:
                i += 1
                continue
            for n in range(min(self._en_longest, len(words) - i), 0, -1):
                term = self._en_words.get(tuple(lowered[i : i + n]))
                if term is None:
                    continue
                run = words[i : i + n]
                gaps = (text[a.end() : b.start()] for a, b in zip(run, run[1:], strict=False))
                if n > 1 and not all(_EN_JOIN.fullmatch(g) for g in gaps):
                    continue
                found[term.id] += 1
                i += n - 1
                break
            i += 1
        return found

    @staticmethod
    def translations(term: Term, lang: str) -> tuple[str, ...]:
        return term.ko if lang == "en" else term.en

    def related(self, term: Term) -> tuple[Term, ...]:
        """The other concepts of the term's family: other words Daily NK uses for the same
        event ("detained", "summoned" beside "arrested")."""
        return self._family.get(term.id, ())


def _families(terms: list[Term], families: list[list[str]]) -> dict[str, tuple[Term, ...]]:
    """Concept id -> the other members of its family. A family naming an unknown id or a
    concept already in another family is a mistake in the data, said at load time."""
    by_id = {t.id: t for t in terms}
    out: dict[str, tuple[Term, ...]] = {}
    for members in families:
        for ident in members:
            if ident not in by_id:
                raise ValueError(f"glossary family names an unknown concept: {ident!r}")
            if ident in out:
                raise ValueError(f"glossary concept {ident!r} is in two families")
        for ident in members:
            out[ident] = tuple(by_id[m] for m in members if m != ident)
    return out


def load(path: str | None = None) -> Glossary:
    if path:
        with open(path, "rb") as fh:
            raw = tomllib.load(fh)
    else:
        files = resources.files("search")
        source = files.joinpath("glossary.toml")
        raw = tomllib.loads(source.read_text("utf-8")) if source.is_file() else {}
    terms = [Term(tuple(t["en"]), tuple(t["ko"])) for t in raw.get("term", [])]
    families = [list(f["terms"]) for f in raw.get("family", [])]
    return Glossary(terms, families, tuple(raw.get("not_forms", ())))


@functools.cache
def default() -> Glossary:
    return load()
