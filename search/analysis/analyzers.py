"""Whoosh analyzers built from composable parts (Tokenizer | Filter), one per field kind.

Whoosh pickles analyzers into the index's schema, so these classes hold no state: the
mecab tagger and the gazetteer are module-level caches, loaded on first use.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator

from whoosh.analysis import (
    Analyzer,
    Filter,
    LanguageAnalyzer,
    RegexTokenizer,
    StopFilter,
    Token,
    Tokenizer,
)

from crawler.text import korean
from crawler.text.roman import roman_key


def _gazetteer():
    from crawler.enrich import entities

    return entities.default()


class _TermTokenizer(Tokenizer):
    """Whoosh's tokenizer protocol over a simpler one: `terms(value, query)` yields
    (text, position, start, end)."""

    def terms(self, value: str, query: bool) -> Iterator[tuple[str, int, int, int]]:
        raise NotImplementedError

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
        if not tokenize:  # Whoosh asks for the value as one term (e.g. prefix queries)
            t.original, t.text, t.boost = value, korean.fold(value), 1.0
            t.pos, t.startchar, t.endchar = start_pos, start_char, start_char + len(value)
            yield t
            return
        for text, pos, start, end in self.terms(value, mode == "query"):
            t.text, t.boost, t.stopped = text, 1.0, False
            if keeporiginal:
                t.original = value[start:end]
            if positions:
                t.pos = start_pos + pos
            if chars:
                t.startchar, t.endchar = start_char + start, start_char + end
            yield t


class KoreanTokenizer(_TermTokenizer):
    """Morphological terms (mecab-ko + gazetteer words), folded North/South."""

    def terms(self, value: str, query: bool) -> Iterator[tuple[str, int, int, int]]:
        gaz = _gazetteer()
        for tok in korean.tokens(value, gaz.ko_aliases, query=query, singles=gaz.ko_singles):
            yield tok.text, tok.pos, tok.start, tok.end


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


# Whoosh's analyzer arguments that the index loop reads or sets itself.
_CALL_ARGS = frozenset(
    (
        "positions",
        "chars",
        "keeporiginal",
        "removestops",
        "start_pos",
        "start_char",
        "tokenize",
        "mode",
    )
)


class EnglishAnalyzer(Analyzer):
    """Whoosh's English chain (tokenise, lowercase, stop words, Snowball stemming) with the
    index side run as one loop: a build pushes every word through four generators, which
    cost more than the work they do. Anything but plain indexing (queries, character
    offsets, stop words kept) goes through the chain itself."""

    def __init__(self) -> None:
        self.chain = LanguageAnalyzer("en")

    def __call__(self, value, **kwargs):
        plain_index = (
            kwargs.get("mode") == "index"
            and kwargs.get("tokenize", True)
            and kwargs.get("removestops", True)
            and not (kwargs.get("chars") or kwargs.get("keeporiginal") or kwargs.get("no_morph"))
        )
        if not plain_index:
            return self.chain(value, **kwargs)
        return self._index_tokens(value, kwargs)

    def _index_tokens(self, value, kwargs):
        positions, start_pos = kwargs.get("positions", False), kwargs.get("start_pos", 0)
        rest = {k: v for k, v in kwargs.items() if k not in _CALL_ARGS}
        tokenizer, _lowercase, stop, stem = self.chain.items
        stops, minsize, maxsize, stemfn = stop.stops, stop.min, stop.max, _english_stem()
        t = Token(positions, False, removestops=True, mode="index", **rest)
        t.boost, t.stopped = 1.0, False
        pos = None
        for i, match in enumerate(tokenizer.expression.finditer(value)):
            text = match.group(0).lower()
            if len(text) < minsize or (maxsize is not None and len(text) > maxsize):
                continue
            if text in stops:
                continue
            if positions:  # StopFilter's renumbering: stop words leave no gaps
                pos = start_pos + i if pos is None else pos + 1
                t.pos = pos
            t.text = text if text in stem.ignore else stemfn(text)
            yield t


@functools.cache
def _english_stem():
    """Snowball English behind a C-level cache (Whoosh's own cache is a Python wrapper)."""
    from whoosh.lang import stemmer_for_language

    return functools.lru_cache(maxsize=1 << 16)(stemmer_for_language("en"))


def english() -> Analyzer:
    """Tokenise, lowercase, stop words, Snowball (porter2) stemming: Whoosh's own Porter
    stemmer turns "running" into "runn"."""
    return EnglishAnalyzer()


def korean_morph() -> Analyzer:
    return KoreanTokenizer()


def names() -> Analyzer:
    return NamesTokenizer() | StopFilter() | RomanKeyFilter()
