"""Whoosh analyzers built from composable parts (Tokenizer | Filter), one per field kind.

Whoosh pickles analyzers into the index's schema, so these classes hold no state: the
mecab tagger and the gazetteer are module-level caches, loaded on first use.
"""

from __future__ import annotations

from whoosh.analysis import (
    Analyzer,
    Filter,
    LanguageAnalyzer,
    LowercaseFilter,
    RegexTokenizer,
    StopFilter,
    Token,
    Tokenizer,
)

from search.analysis import korean
from search.analysis.english import roman_key

CAPITALISED = r"[A-Z][A-Za-z\u00C0-\u024F'’\-]+"


def _gazetteer():
    from search import entities

    return entities.default()


class KoreanTokenizer(Tokenizer):
    """Morphological terms (mecab-ko + gazetteer words), folded North/South."""

    def __call__(
        self,
        value,
        positions=False,
        chars=False,
        keeporiginal=False,
        removestops=True,
        start_pos=0,
        start_char=0,
        tokenize=True,
        mode="",
        **kwargs,
    ):
        t = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        if not tokenize:
            t.original = value
            t.text = korean.fold(value)
            t.boost = 1.0
            t.pos, t.startchar, t.endchar = start_pos, start_char, start_char + len(value)
            yield t
            return
        gaz = _gazetteer()
        for tok in korean.tokens(
            value, gaz.ko_regex, gaz.ko_known, query=mode == "query", singles=gaz.ko_singles
        ):
            t.text = tok.text
            t.boost = 1.0
            t.stopped = False
            if keeporiginal:
                t.original = value[tok.start : tok.end]
            if positions:
                t.pos = start_pos + tok.pos
            if chars:
                t.startchar, t.endchar = start_char + tok.start, start_char + tok.end
            yield t


class BigramTokenizer(Tokenizer):
    """Hangul bigrams: the recall safety net for words the dictionary splits badly."""

    def __call__(
        self,
        value,
        positions=False,
        chars=False,
        keeporiginal=False,
        removestops=True,
        start_pos=0,
        start_char=0,
        tokenize=True,
        mode="",
        **kwargs,
    ):
        t = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        for i, (gram, s, e) in enumerate(korean.bigrams(value)):
            t.text, t.boost, t.stopped = gram, 1.0, False
            if positions:
                t.pos = start_pos + i
            if chars:
                t.startchar, t.endchar = start_char + s, start_char + e
            yield t


class RomanKeyFilter(Filter):
    """Replaces each token by its romanisation folding key; drops tokens without one."""

    def __init__(self, min_length: int = 4) -> None:
        self.min_length = min_length

    def __eq__(self, other):
        return type(self) is type(other) and self.min_length == other.min_length

    def __call__(self, tokens):
        for t in tokens:
            if len(t.text) < self.min_length:
                continue
            key = roman_key(t.text)
            if key:
                t.text = key
                yield t


class NamesTokenizer(RegexTokenizer):
    """Capitalised words on the index side (names); every word on the query side."""

    def __init__(self) -> None:
        super().__init__(expression=r"[A-Za-z\u00C0-\u024F][A-Za-z\u00C0-\u024F'’\-]*")

    def __call__(self, value, mode="", **kwargs):
        for t in super().__call__(value, mode=mode, **kwargs):
            if mode == "query" or t.text[:1].isupper():
                yield t


def english() -> Analyzer:
    """Tokenise, lowercase, stop words, Snowball (porter2) stemming: Whoosh's own Porter
    stemmer turns "running" into "runn"."""
    return LanguageAnalyzer("en")


def korean_morph() -> Analyzer:
    return KoreanTokenizer()


def korean_bigram() -> Analyzer:
    return BigramTokenizer()


def names() -> Analyzer:
    return NamesTokenizer() | StopFilter() | RomanKeyFilter()


def ids() -> Analyzer:
    return RegexTokenizer(r"[^,\s]+") | LowercaseFilter()
