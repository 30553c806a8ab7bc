"""Names the gazetteer does not hold as written: variants, partial forms and learned names.

Daily NK writes a works or a mine under more than one name ("Kim Chaek Iron Works", "Kim
Chaek Iron and Steel Complex"; "Hyesan Mine", "Hyesan Youth Copper Mine"), and names
companies the gazetteer has never heard of ("Sinhung Trading Company (신흥무역회사)").
This module answers, for a name as the analyst typed it, which other forms to search:

- a gazetteer entry or a learned name (search/lexicon.py) it is a variant of: the same
  leading words with a generic tail ("Iron Works" / "Iron and Steel Complex"), or its words
  a subsequence of the other's with the same first and last word ("Hyesan Mine");
- partial forms of a long name: its first and generic last word ("Hyesan Mine"), and its
  leading words before "and" or a generic tail ("Kim Chaek Iron").

People are left out: "Kim Jong Il" is not a variant of "Kim Jong Un". Only the query side
runs this (search/plan.py); the crawl's entity matching stays exact and fast.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from crawler.enrich import entities
from crawler.text import hangul, korean

# Words that say what kind of place or body a name is, not which one.
GENERIC = frozenset(
    {
        "company", "companies", "corporation", "corp", "co", "trading", "trade", "works",
        "complex", "mine", "mines", "factory", "enterprise", "enterprises", "bureau", "group",
        "mill", "plant", "farm", "station", "market", "port", "union", "association",
        "committee", "office", "general", "joint", "venture", "limited", "ltd",
    }
)  # fmt: skip
_GLUE = frozenset({"of", "and", "the", "&", "for", "on", "in"})
# Two or more capitalised words, "of"/"and"/"the"/"&" allowed between them.
RUN = re.compile(
    r"[A-Z][\w'’.\-]*(?:\s+(?:(?:of|and|the|for|&)\s+)*[A-Z][\w'’.\-]*)+",
)
_WORD = re.compile(r"[\w'’\-]+")


@dataclass(frozen=True)
class Known:
    """Another form of a name: English text, its Korean names, its gazetteer id if any."""

    en: str
    ko: tuple[str, ...]
    ident: str | None
    how: str  # gazetteer | learned | variant | partial


def words(name: str) -> list[str]:
    """The name's words, lower case, without the glue words."""
    return [w for w in (x.lower() for x in _WORD.findall(name)) if w not in _GLUE]


def is_variant(a: str, b: str) -> bool:
    """Whether two distinct names plausibly name the same place or body (see module doc)."""
    wa, wb = words(a), words(b)
    if wa == wb or not wa or not wb:
        return False
    short, long = sorted((wa, wb), key=len)
    if len(short) < 2 or all(w in GENERIC for w in short):
        return False
    if short[0] == long[0] and short[-1] == long[-1] and _subsequence(short, long):
        return True
    lead = 0
    while lead < len(short) and short[lead] == long[lead]:
        lead += 1
    if lead < 2 or lead == len(long):
        return False
    rest_short, rest_long = short[lead:], long[lead:]
    if not rest_short:  # "Sinhung Trading" / "Sinhung Trading Company"
        return all(w in GENERIC for w in rest_long)
    # "Kim Chaek Iron Works" / "Kim Chaek Iron and Steel Complex": both end in a kind of
    # body, after three shared words (two are not enough: "Korea Kwangson Banking
    # Corporation" is not "Korea Kwangson Trading Company")
    ends = rest_short[-1] in GENERIC and rest_long[-1] in GENERIC
    return ends and (lead >= 3 or all(w in GENERIC for w in rest_short))


def _subsequence(short: list[str], long: list[str]) -> bool:
    it = iter(long)
    return all(w in it for w in short)


def partial_forms(name: str) -> list[str]:
    """Shorter forms a long name is also written as (two words at least): a place and the
    generic last word ("Hyesan Mine"), the leading words ("Kim Chaek Iron"), the name
    without its generic tail ("Sinhung Trading")."""
    ws = [w for w in _WORD.findall(name)]
    low = [w.lower() for w in ws]
    if len([w for w in low if w not in _GLUE]) < 3:
        return []
    out = []
    core = [w for w in ws if w.lower() not in _GLUE]
    if core[-1].lower() in GENERIC and _is_place(core[0]):
        out.append(f"{core[0]} {core[-1]}")
    head = []
    for w, lw in zip(ws, low, strict=True):
        if lw in ("and", "&") or (lw in GENERIC and head):
            break
        head.append(w)
    while head and head[-1].lower() in _GLUE:
        head.pop()
    if len(head) >= 2 and len(head) < len(ws):
        out.append(" ".join(head))
    # without its generic tail: "Sinhung Trading" for "Sinhung Trading Company"
    short = list(ws)
    while len(short) > 2 and short[-1].lower() in GENERIC | _GLUE:
        short.pop()
    if len(short) < len(ws) and any(w.lower() not in GENERIC for w in short):
        out.append(" ".join(short))
    return [f for f in dict.fromkeys(out) if f.lower() != name.lower()]


def _is_place(word: str) -> bool:
    entry = entities.default().resolve(word)
    return entry is not None and entry.type == "place"


@functools.cache
def _gazetteer_names() -> tuple[tuple[str, entities.Entry], ...]:
    """English names of the entries whose variants are worth finding (not people's)."""
    gaz = entities.default()
    return tuple(
        (name, e)
        for e in gaz.entries.values()
        if e.type in ("organisation", "place")
        for name in e.en_names
        if len(words(name)) >= 2
    )


def variants(name: str, learned: Any = None) -> list[Known]:
    """Gazetteer entries and learned names that `name` is a variant of, gazetteer first."""
    out: list[Known] = []
    seen: set[str] = set()
    for other, entry in _gazetteer_names():
        if entry.id not in seen and is_variant(name, other):
            seen.add(entry.id)
            out.append(Known(entry.en, entry.ko_names, entry.id, "variant"))
    for other, ko in _learned_names(learned):
        if other not in seen and is_variant(name, other):
            seen.add(other)
            spelled = next(
                (e for k in ko for e in learned.names_ko.get(k, ()) if e.lower() == other), other
            )
            out.append(Known(spelled, tuple(ko), None, "variant"))
    return out


def _learned_names(learned: Any) -> Iterable[tuple[str, list[str]]]:
    if learned is None:
        return ()
    return ((en, ko) for en, ko in getattr(learned, "names_en", {}).items() if len(words(en)) >= 2)


def forms(name: str, learned: Any = None) -> list[Known]:
    """Every other form to search for a name the gazetteer does not resolve: its learned
    Korean name, the known names it is a variant of, and its partial forms."""
    out: list[Known] = []
    ko = learned.name(name) if learned is not None else []
    if ko:
        out.append(Known(name, tuple(ko), None, "learned"))
    out += variants(name, learned)
    out += [Known(p, (), None, "partial") for p in partial_forms(name)]
    return out


def text_finder(texts: Iterable[str]) -> Callable[[str], bool]:
    """Whether a text names any of `texts` (a name's forms in both languages), for the
    commands that read the store rather than the index (`export --entity`): English as
    whole words whatever the case and spacing, Korean on folded text (로동/노동)."""
    latin, ko_forms = [], []
    for t in texts:
        if hangul.has_syllable(t):
            ko_forms.append(re.escape(korean.fold_text(" ".join(t.split()))))
        else:
            latin.append(r"\s+".join(map(re.escape, t.split())))
    en = re.compile(r"\b(?:" + "|".join(latin) + r")\b", re.I) if latin else None
    ko = re.compile("|".join(ko_forms)) if ko_forms else None

    def finds(text: str) -> bool:
        if en is not None and en.search(text):
            return True
        return ko is not None and ko.search(korean.fold_text(text)) is not None

    return finds
