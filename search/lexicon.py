"""A bilingual lexicon learned from the archive's own translation pairs.

Every "Read in Korean" pair is a human translation, so the words a Korean query lacks in the
curated glossary can be learned from the archive itself: an English stem and a Korean noun
that keep turning up in the same aligned paragraphs are translations of each other.

How:
- units: the paragraphs of a pair, aligned one to one when both sides have as many; otherwise
  each English paragraph with the Korean paragraphs at the same relative position (one
  either side), which holds for translations that merge or split a paragraph;
- terms: English words as the index stems them (stop words out), Korean nouns and compound
  parts as the index folds them (North/South spelling met);
- association: Dice over units, with floors (a word seen in fewer than `min_count` units, or a
  pair seen together fewer than `min_together` times, teaches nothing) and mutual ranking
  (the translation must be among the other word's best too), which keeps a word's frequent
  neighbours (Hyesan beside 양강도) from passing as its translation.

The lexicon is derived data: written to the data directory by `index rebuild` and `refresh`,
never edited by hand; the curated glossary wins wherever the two disagree.
"""

from __future__ import annotations

import functools
import json
import os
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import product
from pathlib import Path
from typing import Any

from crawler import datadir
from crawler.text import korean

FORMAT = 1
MIN_COUNT = 3  # units a word must occur in
MIN_TOGETHER = 3  # units a translation pair must share
MIN_DICE = 0.3
RANK = 3  # a translation is among the other side's RANK best
RELATIVE = 0.6  # ... and scores at least this share of the word's best translation
KEEP = 3  # translations kept per word
MAX_PAIRS = 8000  # the most recent pairs learned from: the lexicon's cost stays bounded
REFRESH_GROWTH = 0.05  # relearn when the stored pairs grew by this share
MAX_SHARE = 0.2  # words in more units than this share are too common to translate
# Same-language variants by pivoting through the other language (Bannard & Callison-Burch
# 2005): p(w2|w1) = sum over translations t of p(t|w1) p(w2|t), each p a word's share of
# the units it shares with its learned translations.
VARIANT_MIN_P = 0.3
VARIANT_MIN_DICE = 0.5  # both legs are strong translations (as a query uses them)
VARIANT_MIN_TOGETHER = 4
# ... through two translations or more: on the 50k benchmark store every one-pivot variant
# (99 of 99) was a neighbour or a sibling name (함경북도 -> 함경남도, 대출 -> 뙈기밭), while
# a real paraphrase is reached by several words (arrested and detained: 체포, 연행, 구금).
VARIANT_MIN_PIVOTS = 2
# ... and the two words stand for each other rather than beside each other: a paraphrase
# ("arrested" where another unit says "detained") seldom shares a unit with its word, a
# topical neighbour (school beside herb in the story of students sent to pick herbs) does.
VARIANT_MAX_OVERLAP = 0.25

_EN_WORD = re.compile(r"^[a-z][a-z'-]{2,}$")
_KO_POS = {"NNG", "NNP", "XR"}


@dataclass(frozen=True)
class Translation:
    word: str  # as indexed: an English stem, or a folded Korean noun
    dice: float
    together: int  # units where both occur

    def to_json(self) -> dict[str, Any]:
        return {"word": self.word, "dice": round(self.dice, 3), "together": self.together}


@dataclass
class Lexicon:
    """Learned translations both ways; `counts` is how many units each word occurs in."""

    en_ko: dict[str, list[Translation]] = field(default_factory=dict)
    ko_en: dict[str, list[Translation]] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)
    pairs: int = 0  # pairs learned from (the most recent MAX_PAIRS)
    units: int = 0
    store_pairs: int = 0  # pairs the store held then: when to relearn
    # Names written "English (한글)" at first mention: learned aliases, both ways.
    names_en: dict[str, list[str]] = field(default_factory=dict)
    names_ko: dict[str, list[str]] = field(default_factory=dict)
    # Same-language variants of a term (English stems and Korean nouns never collide).
    variants: dict[str, list[Translation]] = field(default_factory=dict)

    def translate(self, term: str, lang: str) -> list[Translation]:
        """Translations of an indexed term (`lang` is the term's own language)."""
        return (self.en_ko if lang == "en" else self.ko_en).get(term, [])

    def name(self, text: str) -> list[str]:
        """Other-language names learned for a name (English case-insensitively)."""
        text = " ".join(text.split())
        return self.names_ko.get(text) or self.names_en.get(text.lower(), [])

    def __len__(self) -> int:
        return sum(len(v) for v in self.en_ko.values())

    def to_json(self) -> dict[str, Any]:
        def side(d: dict[str, list[Translation]]) -> dict[str, list[list[Any]]]:
            return {k: [[t.word, round(t.dice, 4), t.together] for t in v] for k, v in d.items()}

        return {
            "format": FORMAT,
            "pairs": self.pairs,
            "units": self.units,
            "store_pairs": self.store_pairs,
            "en_ko": side(self.en_ko),
            "ko_en": side(self.ko_en),
            "counts": self.counts,
            "names_en": self.names_en,
            "names_ko": self.names_ko,
            "variants": side(self.variants),
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Lexicon:
        if data.get("format") != FORMAT:
            return cls()

        def side(d: dict[str, list[list[Any]]]) -> dict[str, list[Translation]]:
            return {k: [Translation(w, s, n) for w, s, n in v] for k, v in d.items()}

        return cls(
            side(data["en_ko"]),
            side(data["ko_en"]),
            data.get("counts", {}),
            data.get("pairs", 0),
            data.get("units", 0),
            data.get("store_pairs", 0),
            data.get("names_en", {}),
            data.get("names_ko", {}),
            side(data.get("variants", {})),  # absent in files learned before variants
        )


# --- terms ------------------------------------------------------------------------------
@functools.cache
def _english_analyzer():
    """Built once: the query plan asks for the stems of every unknown query word."""
    from search.analysis import analyzers

    return analyzers.english()


def english_terms(text: str) -> set[str]:
    """Stems as the English fields index them (stop words dropped, short words too)."""
    return {t.text for t in _english_analyzer()(text) if _EN_WORD.match(t.text)}


def korean_terms(text: str) -> set[str]:
    """Nouns and compound parts (two syllables or more), folded as the index folds them."""
    out = set()
    for m in korean.morphemes(korean.fold_text(text)):
        if m.pos not in _KO_POS:
            continue
        for word in (m.surface, *m.parts):
            if len(word) >= 2:
                out.add(korean.fold(word))
    return out


# --- units ------------------------------------------------------------------------------
def align(en: list[str], ko: list[str]) -> Iterator[tuple[str, str]]:
    """(English text, Korean text) units of one pair."""
    en = [p for p in en if p.strip()]
    ko = [p for p in ko if p.strip()]
    if not en or not ko:
        return
    if len(en) == len(ko):
        yield from zip(en, ko, strict=True)
        return
    for i, para in enumerate(en):
        centre = round((i + 0.5) * len(ko) / len(en) - 0.5)
        window = ko[max(0, centre - 1) : centre + 2]
        yield para, " ".join(window)


def units_of(records: Iterable[tuple[dict[str, Any], dict[str, Any]]]) -> Iterator[tuple]:
    """Term sets of every unit of the given (English, Korean) article records."""
    for en_terms, ko_terms, _runs, _names in units_with_names(records):
        yield en_terms, ko_terms


def units_with_names(records: Iterable[tuple[dict[str, Any], dict[str, Any]]]) -> Iterator[tuple]:
    """Per unit: English terms, Korean terms, capitalised English name runs, Korean proper
    nouns; the Korean text is analysed once for both (it is the learning's main cost)."""
    for en, ko in records:
        title = ((en.get("title") or ""), (ko.get("title") or ""))
        for en_text, ko_text in [title, *align(en.get("body", []), ko.get("body", []))]:
            ko_terms, ko_names = set(), set()
            for m in korean.morphemes(korean.fold_text(ko_text)):
                if m.pos not in _KO_POS:
                    continue
                for word in (m.surface, *m.parts):
                    if len(word) >= 2:
                        ko_terms.add(korean.fold(word))
                if m.pos == "NNP" and len(m.surface) >= 3:
                    ko_names.add(korean.fold(m.surface))
            yield english_terms(en_text), ko_terms, _name_runs(en_text), ko_names


def _name_runs(text: str) -> set[str]:
    """Capitalised runs of two words or more, a sentence's leading word taken off."""
    from search.names import RUN

    out = set()
    for m in RUN.finditer(text):
        name = _LEADING_WORD.sub("", " ".join(m.group().split()))
        if " " in name:  # one word: the word lexicon's business
            out.add(name)
    return out


# --- learning ---------------------------------------------------------------------------
def learn(
    units: Iterable[tuple[set[str], set[str]]],
    *,
    min_count: int = MIN_COUNT,
    min_together: int = MIN_TOGETHER,
    min_dice: float = MIN_DICE,
    rank: int = RANK,
    pairs: int = 0,
) -> Lexicon:
    units = [(e, k) for e, k in units if e and k]
    df: Counter[str] = Counter()
    for e, k in units:
        df.update(e)
        df.update(k)
    ceiling = max(min_count, MAX_SHARE * len(units))

    def useful(w: str) -> bool:
        return min_count <= df[w] <= ceiling

    together: Counter[tuple[str, str]] = Counter()
    for e, k in units:
        together.update(product([w for w in e if useful(w)], [w for w in k if useful(w)]))
    scored: dict[tuple[str, str], float] = {}
    for (e, k), n in together.items():
        if n >= min_together:
            dice = 2 * n / (df[e] + df[k])
            if dice >= min_dice:
                scored[(e, k)] = dice
    best_en: dict[str, list[tuple[float, str]]] = {}
    best_ko: dict[str, list[tuple[float, str]]] = {}
    for (e, k), dice in scored.items():
        best_en.setdefault(e, []).append((dice, k))
        best_ko.setdefault(k, []).append((dice, e))
    top_en = {e: {k for _d, k in sorted(v, reverse=True)[:rank]} for e, v in best_en.items()}
    top_ko = {k: {e for _d, e in sorted(v, reverse=True)[:rank]} for k, v in best_ko.items()}
    lex = Lexicon(pairs=pairs, units=len(units))
    peak_en = {e: max(v)[0] for e, v in best_en.items()}
    peak_ko = {k: max(v)[0] for k, v in best_ko.items()}
    for (e, k), dice in sorted(scored.items(), key=lambda kv: -kv[1]):
        if k not in top_en[e] or e not in top_ko[k]:
            continue
        if dice < RELATIVE * peak_en[e] or dice < RELATIVE * peak_ko[k]:
            continue  # a neighbour of the word's real translation, not a translation
        n = together[(e, k)]
        if len(lex.en_ko.get(e, ())) < KEEP:
            lex.en_ko.setdefault(e, []).append(Translation(k, dice, n))
        if len(lex.ko_en.get(k, ())) < KEEP:
            lex.ko_en.setdefault(k, []).append(Translation(e, dice, n))
        lex.counts[e], lex.counts[k] = df[e], df[k]
    lex.variants = pivot_variants(units, lex)
    return lex


def pivot_variants(
    units: list[tuple[set[str], set[str]]],
    lex: Lexicon,
    min_p: float = VARIANT_MIN_P,
    max_overlap: float = VARIANT_MAX_OVERLAP,
) -> dict[str, list[Translation]]:
    """Same-language variants of every learned word, through its learned translations. A
    Translation here is (variant, p, units where the two words occur apart)."""
    where: dict[str, set[int]] = {}
    learned = set(lex.en_ko) | set(lex.ko_en)
    for i, (e, k) in enumerate(units):
        for w in (e | k) & learned:
            where.setdefault(w, set()).add(i)
    out: dict[str, list[Translation]] = {}
    for there, back in ((lex.en_ko, lex.ko_en), (lex.ko_en, lex.en_ko)):
        for word, translations in there.items():
            p: Counter[str] = Counter()
            pivots: Counter[str] = Counter()
            for t in filter(_strong, translations):
                for b in filter(_strong, back.get(t.word, ())):
                    if b.word != word:
                        p[b.word] += (
                            t.together / _shared(translations) * b.together / _shared(back[t.word])
                        )
                        pivots[b.word] += 1
            for other, prob in p.most_common(KEEP):
                both = len(where[word] & where[other])
                if prob < min_p or pivots[other] < VARIANT_MIN_PIVOTS:
                    continue
                if both > max_overlap * min(len(where[word]), len(where[other])):
                    continue
                apart = len(where[word] | where[other]) - both
                out.setdefault(word, []).append(Translation(other, prob, apart))
    return out


def _shared(translations: list[Translation]) -> int:
    return sum(t.together for t in translations)


def _strong(t: Translation) -> bool:
    return t.dice >= VARIANT_MIN_DICE and t.together >= VARIANT_MIN_TOGETHER


def learn_names(records: Iterable[dict[str, Any]], min_count: int = 1) -> tuple[dict, dict]:
    """("English (한글)" first mentions) -> {english lower: [korean]}, {korean: [English]}.
    A name the writers glossed once is already a human's translation: one is enough."""
    from search.aliases import harvest

    seen: Counter[tuple[str, str]] = Counter()
    for rec in records:
        text = "\n".join([rec.get("title") or "", *rec.get("body", [])])
        seen.update(set(harvest(text)))
    en_ko: dict[str, list[str]] = {}
    ko_en: dict[str, list[str]] = {}
    for (en, ko), n in seen.most_common():
        if n >= min_count:
            en_ko.setdefault(en.lower(), []).append(ko)
            ko_en.setdefault(ko, []).append(en)
    return en_ko, ko_en


# A sentence's first word is capitalised without being part of the name after it.
_LEADING_WORD = re.compile(
    r"^(?:(?:The|In|At|On|From|For|By|With|As|When|After|Before|According|But|And|A|An|"
    r"Since|While|If|This|That|These|Those|Last|Earlier|Meanwhile|Also)\s+)+"
)
NAME_MIN_TOGETHER = 2  # units an aligned name pair must share (a name is rarer than a word)
NAME_MIN_DICE = 0.5


def learn_aligned_names(
    records: Iterable[tuple[dict[str, Any], dict[str, Any]]],
    min_together: int = NAME_MIN_TOGETHER,
    min_dice: float = NAME_MIN_DICE,
) -> list[tuple[str, str]]:
    """(English name, Korean name) pairs from names the writers did not gloss: a run of
    capitalised English words and a Korean proper noun (three syllables or more) that keep
    turning up in the same aligned paragraphs, each the other's best match."""
    units = ((runs, nouns) for _e, _k, runs, nouns in units_with_names(records))
    return aligned_names(units, min_together, min_dice)


def aligned_names(
    units: Iterable[tuple[set[str], set[str]]],
    min_together: int = NAME_MIN_TOGETHER,
    min_dice: float = NAME_MIN_DICE,
) -> list[tuple[str, str]]:
    """learn_aligned_names over units already analysed: (English runs, Korean nouns)."""
    df: Counter[str] = Counter()
    together: Counter[tuple[str, str]] = Counter()
    spelled: dict[str, str] = {}
    for runs, nouns in units:
        keys = set()
        for name in runs:
            spelled.setdefault(name.lower(), name)
            keys.add(name.lower())
        df.update(keys)
        df.update(nouns)
        if keys:
            together.update(product(keys, nouns))
    best_en: dict[str, tuple[float, str]] = {}
    best_ko: dict[str, tuple[float, str]] = {}
    for (e, k), n in together.items():
        if n < min_together:
            continue
        dice = 2 * n / (df[e] + df[k])
        if dice >= min_dice:
            best_en[e] = max(best_en.get(e, (0.0, "")), (dice, k))
            best_ko[k] = max(best_ko.get(k, (0.0, "")), (dice, e))
    return [(spelled[e], k) for e, (_d, k) in best_en.items() if best_ko[k][1] == e]


def learn_all_names(
    records: list[tuple[dict[str, Any], dict[str, Any]]],
    lex: Lexicon,
    units: list[tuple] | None = None,
) -> None:
    """The lexicon's names: glossed "English (한글)" ones first, then aligned ones (from
    `units`, units_with_names of the records, when they were analysed already)."""
    lex.names_en, lex.names_ko = learn_names(en for en, _ko in records)
    if units is None:
        aligned = learn_aligned_names(records)
    else:
        aligned = aligned_names((runs, nouns) for _e, _k, runs, nouns in units)
    for en, ko in aligned:
        if en.lower() not in lex.names_en and ko not in lex.names_ko:
            lex.names_en[en.lower()] = [ko]
            lex.names_ko[ko] = [en]


def pair_records(store: Any, limit: int = MAX_PAIRS) -> list[tuple[dict, dict]]:
    """The most recent `limit` stored pairs, as (English, Korean) records."""
    out = []
    for pair in store.pairs("ok"):
        en, ko = store.get(pair["en_url"]), store.get(pair["ko_url"])
        if en and ko and en.get("lang") == "en" and ko.get("lang") == "ko":
            out.append((en, ko))
    out.sort(key=lambda p: p[0].get("published") or "", reverse=True)
    return out[:limit]


def rebuild(base: Path, store: Any) -> Lexicon:
    """Learn from the store's pairs and write the lexicon file atomically."""
    records = pair_records(store)
    lex = learn_from(records)
    lex.store_pairs = len(store.pairs("ok"))
    write(base, lex)
    return lex


def learn_from(records: list[tuple[dict[str, Any], dict[str, Any]]]) -> Lexicon:
    """Words and names learned from (English, Korean) article records."""
    units = list(units_with_names(records))
    lex = learn(((e, k) for e, k, _r, _n in units), pairs=len(records))
    learn_all_names(records, lex, units)
    return lex


def write(base: Path, lex: Lexicon) -> None:
    """The data directory's lexicon file, replaced atomically."""
    path = datadir.lexicon_path(base)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(lex.to_json(), ensure_ascii=False), encoding="utf-8")
    os.replace(tmp, path)
    _load.cache_clear()


def keep_fresh(base: Path, growth: float = REFRESH_GROWTH) -> Lexicon | None:
    """Relearn after a crawl or refresh when there is no lexicon yet, or the stored pairs
    grew by `growth` since it was learned (learning costs seconds per thousand pairs: not
    worth paying every hour for a handful of new ones). Returns the new lexicon, if any."""
    from crawler.store import Store

    path = datadir.store_path(base)
    if not path.exists():
        return None
    store = Store(path, readonly=True)
    try:
        pairs = len(store.pairs("ok"))
        learned = load(base).store_pairs
        if pairs and (not learned or pairs >= learned * (1 + growth) or pairs < learned):
            return rebuild(base, store)
    finally:
        store.close()
    return None


@functools.lru_cache(maxsize=4)
def _load(path: str, mtime_ns: int) -> Lexicon:
    try:
        return Lexicon.from_json(json.loads(Path(path).read_text(encoding="utf-8")))
    except (OSError, ValueError, KeyError, TypeError):
        return Lexicon()  # a damaged file teaches nothing; the next rebuild rewrites it


def load(base: Path) -> Lexicon:
    """The data directory's lexicon (empty when none was learned yet)."""
    path = datadir.lexicon_path(base)
    try:
        mtime = path.stat().st_mtime_ns
    except OSError:
        return Lexicon()
    return _load(str(path), mtime)
