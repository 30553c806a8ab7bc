"""English for a part of a curated Korean name, read off the name's English.

The gazetteer pairs whole names: 국경경비대 = "border guards". When the rest of the Korean
name has a known translation that starts (or ends) the English name, the part that is left
on each side translates the other: 국경 is "border", so 경비대 is "guards". An analyst's
Korean word that neither curated list knows, and that too few pairs teach (search/lexicon.py
needs a word in several pairs), can still cross languages this way, at a learned word's
weight.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from crawler.enrich import entities
from crawler.text.korean import fold_text
from search import glossary, lexicon

MIN_PART = 2  # syllables: a one-syllable suffix (대, 원) means too many things


@dataclass(frozen=True)
class PartTranslation:
    english: str  # the rest of the English name: "guards"
    name_ko: str  # the curated name it was read from: 국경경비대
    name_en: str  # ... and its English: "border guards"


def translate(word: str, learned: Any = None) -> list[PartTranslation]:
    """English readings of a Korean `word` that is the head or the tail of a gazetteer
    name whose other part translates (glossary, or a strong learned translation) into the
    matching end of one of the name's English forms."""
    word = fold_text(word)
    if len(word) < MIN_PART:
        return []
    out: dict[frozenset[str], PartTranslation] = {}
    for entry in entities.default().entries.values():
        for name in (fold_text(n) for n in entry.ko_names):
            if name == word or " " in name or word not in (name[: len(word)], name[-len(word) :]):
                continue
            tail = name.endswith(word)
            rest = name[: -len(word)] if tail else name[len(word) :]
            if len(rest) < MIN_PART:
                continue
            forms, stems = _english_of(rest, learned)
            for en in entry.en_names:
                words = en.split()
                for k in range(1, len(words)):
                    edge = words[:k] if tail else words[-k:]
                    left = words[k:] if tail else words[:-k]
                    said, english = " ".join(edge), " ".join(left)
                    if any(w[:1].isupper() for w in left):
                        continue  # part of a proper name ("Security Command"), not a word
                    edge_stems = lexicon.english_terms(said)
                    if said.lower() in forms or (edge_stems and edge_stems <= stems):
                        key = frozenset(lexicon.english_terms(english))  # guard = guards
                        if key:
                            out.setdefault(key, PartTranslation(english, name, en))
    return list(out.values())


def _english_of(korean: str, learned: Any) -> tuple[set[str], set[str]]:
    """What a Korean word is known to mean in English: its glossary concept's forms (lower
    case), and its strong learned translations (English stems)."""
    from search import plan

    forms: set[str] = set()
    for start, end, term, lang in glossary.default().in_query(korean):
        if lang == "ko" and (start, end) == (0, len(korean)):
            forms |= {f.lower() for f in term.en}
    stems = set()
    if learned is not None:
        for t in learned.translate(korean, "ko"):
            if t.dice >= plan.LEARNED_MIN_DICE and t.together >= plan.LEARNED_MIN_TOGETHER:
                stems.add(t.word)
    return forms, stems
