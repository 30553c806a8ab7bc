"""The gazetteer as the price extractor sees it: which names are goods, places and markets,
and where a sentence names them (binding.py ties amounts to these names)."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import NamedTuple

from crawler.enrich import entities
from crawler.enrich.prices.any_of import lowers_safely

EXCHANGE_UNITS = {"us_dollar": "USD", "chinese_yuan": "CNY"}
# Korean text writes the codes too ("1USD당 8,150원", "1CNY당"): names of the units there.
KO_CODES = {code: good for good, code in EXCHANGE_UNITS.items()}
DEFAULT_UNIT = "kg"
IGNORED_NAMES = {"north_korean_won"}  # "KPW", "북한 돈": the price's own currency
# Cities directly under the centre: markets although no province is their parent.
DIRECT_CITIES = {"pyongyang", "nampo", "rason", "kaesong"}
# Places outside North Korea, with every place whose parent is one of them: a price there,
# in won or not, is no North Korean market's ("10 yuan per kilogram in Dandong"). A country
# named in a price sentence is where a good comes from ("rice from China"), not where it sold.
COUNTRIES = {"south_korea", "china", "russia", "united_states", "japan"}
ABROAD = COUNTRIES | {"liaoning", "jilin", "tianjin", "beijing", "vladivostok"}
DOLLAR_SIGN = re.compile(r"(?<![\w$])(?:US)?\$\s?1(?![\d,.])")


# --- names: goods and places from the gazetteer ----------------------------------------
def _market_forms(lex: Lexicon) -> dict[str, str]:
    """ "무산 시장", "나선장마당": the market of a city whose bare Korean name is a common
    word (무산 "fell through"), so that the gazetteer gives it only with its suffix
    (무산군, 나선시). Next to "시장" or "장마당" the bare name is the place's."""
    out = {}
    for name, id_ in list(lex.ko_ids.items()):
        bare = name[:-1]
        if id_ in lex.markets and len(name) >= 3 and name[-1] in "군시" and bare not in lex.ko_ids:
            for market in ("시장", "장마당"):
                out[f"{bare} {market}"] = out[f"{bare}{market}"] = id_
    return out


class Name(NamedTuple):
    """A name's span in a sentence (a tuple: a sentence's names are many, made often)."""

    start: int
    end: int
    id: str
    kind: str  # good | place | other (another currency: blocks a wrong binding)


@dataclass
class Lexicon:
    """The gazetteer seen by the price extractor: which ids are goods, places, markets."""

    gazetteer: entities.Gazetteer
    kinds: dict[str, str] = field(default_factory=dict)
    markets: set[str] = field(default_factory=set)
    regions: set[str] = field(default_factory=set)  # markets and provinces, not countries
    abroad: set[str] = field(default_factory=set)  # places outside North Korea
    ko_names: re.Pattern[str] | None = None
    ko_ids: dict[str, str] = field(default_factory=dict)
    en_names: EnNames | None = None
    en_ids: dict[str, str] = field(default_factory=dict)
    en_ids_as_written: dict[str, str] = field(default_factory=dict)  # en_ids before folding

    @classmethod
    def of(cls, gaz: entities.Gazetteer) -> Lexicon:
        lex = cls(gaz)
        provinces = {e.parent for e in gaz.entries.values() if e.parent}
        for e in gaz.entries.values():
            if e.id in IGNORED_NAMES:
                lex.kinds[e.id] = "ignore"
            elif e.type == "commodity" or e.id in EXCHANGE_UNITS:
                lex.kinds[e.id] = "good"
            elif e.type == "currency":
                lex.kinds[e.id] = "other"
            elif e.type == "place":
                lex.kinds[e.id] = "place"
                if e.id in ABROAD or e.parent in ABROAD:
                    lex.abroad.add(e.id)
                elif e.id in DIRECT_CITIES or (e.parent and e.id not in provinces):
                    lex.markets.add(e.id)
                if e.id in lex.markets or e.id in provinces - lex.abroad:
                    lex.regions.add(e.id)
        for e in gaz.entries.values():  # every name, so that "Ministry of Coal Industry"
            for name in e.en_names:  # is an organisation, not coal
                lex.en_ids[_en_fold(name)] = e.id
            for name in e.ko_names:
                lex.ko_ids[name] = e.id
                if e.id in IGNORED_NAMES:  # "북한돈", "북한원": the won written as one word,
                    lex.ko_ids[name.replace(" ", "")] = e.id  # not the country's name
        lex.ko_ids.update(_market_forms(lex))
        lex.ko_ids.update(KO_CODES)
        singles = [n for n in lex.ko_ids if len(n) == 1]
        longer = [[_escaped(c) for c in n] for n in lex.ko_ids if len(n) > 1]
        # (the look-behind first, not after each first character as for the English
        # capitals: hundreds of look-behinds at the Hangul range cost 60 ms to compile)
        lex.ko_names = re.compile(
            rf"(?<![가-힣])(?:{_trie(longer)}"
            rf"|[{''.join(singles)}](?=[^가-힣]|[은는이가을를의도값과와만에]|$))"
        )
        lex.en_names = EnNames(gaz)
        return lex

    def names(self, text: str, lang: str) -> list[Name]:
        """Goods, places and other currencies named in `text`, in order (an organisation's
        name is read, so that its words are no good, but not returned)."""
        kinds, out = self.kinds, []
        if lang == "en":
            # The gazetteer's own English matcher, restricted to goods, places and
            # currencies and compiled into one pattern: a price sentence is read often.
            assert self.en_names is not None
            ids = self.en_ids_as_written
            for m in self.en_names.finditer(text):
                written = text[m.start() : m.end()]  # m may be of the lower-cased text
                found = ids.get(written)
                if found is None:  # fold each spelling once, not at every match
                    found = ids[written] = self.en_ids.get(_en_fold(written), "")
                kind = kinds.get(found)
                if kind is not None and kind != "ignore":
                    out.append(Name(*m.span(), found, kind))
        else:
            assert self.ko_names is not None
            for m in self.ko_names.finditer(text):
                found = self.ko_ids[m.group()]
                kind = kinds.get(found)
                if kind is not None and kind != "ignore":
                    out.append(Name(*m.span(), found, kind))
        if lang == "en" and "$" in text:  # "$1 = KPW 8,120"; "US$1" is no place
            signs = [
                Name(m.start(), m.end(), "us_dollar", "good") for m in DOLLAR_SIGN.finditer(text)
            ]
            out = [n for n in out if not any(d.start <= n.start < d.end for d in signs)]
            out = sorted(out + signs, key=lambda n: n.start)
        return out

    def market_of(self, name: Name) -> str | None:
        return name.id if name.id in self.markets else None

    def is_province_of(self, province: Name, city: Name) -> bool:
        entry = self.gazetteer.entries.get(city.id)
        return bool(entry and entry.parent == province.id)


def _en_fold(name: str) -> str:
    """Spaces and hyphens alike, apostrophes straight, case folded (acronyms are checked
    by the pattern, which matches them only as written)."""
    return re.sub(r"[\s\-]+", " ", name.replace("’", "'")).casefold()


_EN_BEFORE = "(?<![\\w'’]{})"  # a name's first character starts a word
_EN_AFTER = r"(?![\w]|['’](?!s\b))"  # ... and its last one ends it ("Hyesan's" does)
# A word's start, also after an opening quote glued to it ("'Corn is 1,900 won"), but not
# after an apostrophe inside a word ("Ch'ongjin" holds no "ongjin").
_EN_START = r"(?<!\w)(?<!\w['’])"


class EnNames:
    """Every English name in the gazetteer, longest first, whole words, case-blind; names
    written in capitals (USD, RMB) only as written. `finditer(text)` finds what one
    case-blind pattern of all of them would, by two faster ones: the names as lower-case
    twins run over the lower-cased text (case-blind alternatives are entered one by one by
    Python's regex engine, plain ones passed over at a glance), and the capitals on the
    text itself (so take a match's span, not its group, which may be lower-cased). Text
    that lower-casing would change otherwise gets the one pattern."""

    def __init__(self, gaz: entities.Gazetteer) -> None:
        names = sorted(
            {n for e in gaz.entries.values() for n in e.en_names},
            key=len,
            reverse=True,
        )
        words, acronyms = [], []
        for n in names:
            if entities._is_acronym(n):
                acronyms.append([_escaped(c) for c in n])
                continue
            atoms = []
            for ch in re.sub(r"[\s\-]+", " ", n.replace("’", "'")).lower():
                atoms.append(r"[\s\-]+" if ch == " " else "['’]" if ch == "'" else _twin(ch))
            words.append(atoms)
        self._words, self._acronyms = words, acronyms
        # Before the names, the look-behind fails at once inside a word; after each first
        # letter (as for the capitals) it would be reached at most letters of the text.
        self.words = re.compile(rf"{_EN_START}(?:{_trie(words)}){_EN_AFTER}")
        self.acronyms = re.compile(
            f"(?:{'|'.join(a[0] + _EN_BEFORE.format(a[0]) + ''.join(a[1:]) for a in acronyms)})"
            + _EN_AFTER.replace("(?!s", "(?!(?i:s)")
        )

    @functools.cached_property
    def blind(self) -> re.Pattern[str]:
        """The one case-blind pattern, for text that lower-casing would change otherwise."""
        acronyms = "|".join("".join(a) for a in self._acronyms)
        pattern = rf"{_EN_START}(?:{_trie(self._words)}|(?-i:{acronyms})){_EN_AFTER}"
        return re.compile(pattern, re.I)

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        low = text.lower()
        if not lowers_safely(text, low):
            yield from self.blind.finditer(text)
            return
        # At each position the names are tried before the capitals: the earlier of the
        # two next matches, the names' on a tie; then both again from its end.
        word, acronym = self.words.search(low), self.acronyms.search(text)
        while word is not None or acronym is not None:
            if acronym is None or word is not None and word.start() <= acronym.start():
                found = word
            else:
                found = acronym
            yield found
            end = found.end()
            if word is not None and word.start() < end:
                word = self.words.search(low, end)
            if acronym is not None and acronym.start() < end:
                acronym = self.acronyms.search(text, end)


def _twin(ch: str) -> str:
    """A lower-case name's character in the twin pattern: as itself, or case-blind where
    lower-casing the text is not known to be enough (a cased letter outside ASCII: ŏ)."""
    if ch.isascii() or ch.lower() == ch.upper():
        return _escaped(ch)
    return f"(?i:{_escaped(ch)})"


@functools.cache
def _escaped(ch: str) -> str:
    """A name's character in a pattern: the names' ten thousand characters are few
    distinct ones, each escaped once (the lexicon is built at every crawl's start)."""
    return re.escape(ch)


def _trie(words: list[list[str]]) -> str:
    """An alternation of many names as a prefix tree: Python's regex engine tries the
    alternatives of a flat list one by one at every position, a tree only once per prefix.
    Longer names win over their prefixes (greedy, the end is optional)."""
    tree: dict = {}
    for atoms in words:
        node = tree
        for atom in atoms:
            node = node.setdefault(atom, {})
        node[""] = {}

    def emit(node: dict) -> str:
        ends = "" in node
        branches = [atom + emit(child) for atom, child in node.items() if atom]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 and not ends else f"(?:{'|'.join(branches)})"
        if ends:
            body = f"(?:{'|'.join(branches)})?"
        return body

    return emit(tree)


_LEXICONS: dict[int, tuple[entities.Gazetteer, Lexicon]] = {}


def lexicon(gaz: entities.Gazetteer) -> Lexicon:
    cached = _LEXICONS.get(id(gaz))
    if cached is None or cached[0] is not gaz:
        cached = _LEXICONS[id(gaz)] = (gaz, Lexicon.of(gaz))
    return cached[1]
