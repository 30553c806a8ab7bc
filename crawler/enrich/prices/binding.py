"""Which good, place, day and unit an amount is of: the names around it in its sentence,
the order of a list ("respectively"), and what the sentences before carried."""

from __future__ import annotations

import re
from datetime import date

from crawler.enrich.prices import dates
from crawler.enrich.prices import patterns as P
from crawler.enrich.prices.amounts import Amount, date_after
from crawler.enrich.prices.names import COUNTRIES, DEFAULT_UNIT, EXCHANGE_UNITS, Lexicon, Name
from crawler.enrich.prices.qualifiers import _inside
from crawler.enrich.prices.records import Carry
from crawler.enrich.prices.survey_cues import survey_words

RESPECTIVELY = re.compile(r"\brespectively\b|각각")


def _as_meant(s: str, lang: str, names: list[Name], sums: list[tuple[int, int]]) -> list[Name]:
    """Names as the sentence uses them: "중국산" is where a good was made, a country where it
    came from, and the yuan in "10 yuan" money paid, not the yuan's own price."""
    out = []
    for n in names:
        if n.kind == "place" and (n.id in COUNTRIES or lang == "ko" and s.startswith("산", n.end)):
            continue
        if n.id in EXCHANGE_UNITS and any(x <= n.start < y for x, y in sums):
            n = Name(n.start, n.end, n.id, "other")
        out.append(n)
    return out


def _carry_from_context(
    s: str,
    lex: Lexicon,
    carry: Carry,
    mentions: list[dates.DateMention],
    places: list[Name],
    goods: list[Name],
) -> None:
    """A sentence without prices that names the survey's day, market or good."""
    if not survey_words(s):
        return
    days = [d for d in mentions if d.exact]  # a month alone does not date the next sentences
    if days:
        carry.day = days[0].day
    markets = {lex.market_of(p) for p in places}
    if len(markets) == 1:
        carry.market, carry.has_market = markets.pop(), True
    elif markets:
        carry.market, carry.has_market = None, False
    kinds = {g.id for g in goods}
    if len(kinds) == 1:
        carry.good = kinds.pop()
    carry.survey = (carry.market, carry.has_market, carry.good)


def _without_redundant_provinces(lex: Lexicon, names: list[Name]) -> list[Name]:
    """ "Hyesan, Ryanggang Province": the province only locates the city."""
    out: list[Name] = []
    for n in names:
        prev = out[-1] if out else None
        if (
            prev is not None
            and n.kind == "place"
            and prev.kind == "place"
            and n.start - prev.end <= 4
            and (lex.is_province_of(n, prev) or lex.is_province_of(prev, n))
        ):
            if lex.is_province_of(prev, n):  # "양강도 혜산": keep the city
                out[-1] = n
            continue
        out.append(n)
    return out


def _without_sources_provinces(s: str, lang: str, lex: Lexicon, places: list[Name]) -> list[Name]:
    """A province named as where the source is ("..., a source in North Hamgyong Province
    said, while corn sold for 900 won") is not the market of a price next to it when the
    sentence names a market of its own."""
    kept = [p for p in places if p.id in lex.markets or not _source_place(s, lang, p)]
    return kept if kept and len(kept) < len(places) else places


def _without_sources_province_of(
    s: str, lang: str, lex: Lexicon, places: list[Name], market: str
) -> list[Name]:
    """ "In Chongjin, ... Rice sold for KPW 5,600 at the Sunam market, said a source in
    North Hamgyong Province": the source's province holds the city the paragraph is about,
    whose market that is; it names no other."""
    entry = lex.gazetteer.entries.get(market)
    parent = entry.parent if entry else None
    return [p for p in places if p.id != parent or not _source_place(s, lang, p)]


def _source_place(s: str, lang: str, p: Name) -> bool:
    if lang == "ko":
        return P.KO_SOURCE_AFTER.match(s[p.end : p.end + 12]) is not None
    return (
        P.EN_SOURCE_BEFORE.search(s[max(0, p.start - 40) : p.start]) is not None
        or P.EN_SOURCE_AFTER.match(s[p.end : p.end + 40]) is not None
    )


def _in_order(
    s: str, names: list[Name], current: list[Amount], found: list[Amount], places: bool = False
) -> dict:
    """Lists: "in Sinuiju and Hyesan, respectively", "신의주와 혜산에서는 각각", or names
    all before (or all after) as many prices: the n-th name goes with the n-th price."""
    if len(names) < 2:
        return {}
    distinct = [n for i, n in enumerate(names) if n.id not in {m.id for m in names[:i]}]
    if len(distinct) != len(names):
        return {}
    listed = RESPECTIVELY.search(s) or (
        current and (names[-1].end <= current[0].start or names[0].start >= current[-1].end)
    )
    if listed and len(names) == len(current):
        return {id(a): n for a, n in zip(current, names, strict=True)}
    resp = RESPECTIVELY.search(s) if places else None
    if resp and len(current) > len(names):  # "..., while the yuan traded at KPW 1,205 and
        tail = [a for a in current if names[-1].end <= a.start < resp.start()]  # 1,210,
        if len(tail) == len(names):  # respectively": the last prices before the word
            return {id(a): n for a, n in zip(tail, names, strict=True)}
        if len(current) % len(names) == 0 and names[-1].end <= current[0].start:
            # "평양과 신의주에서 쌀은 각각 5,000원, 5,100원, 옥수수는 2,000원, 2,100원"
            return {id(a): names[i % len(names)] for i, a in enumerate(current)}
    return _sub_lists(s, names, current)


# Between the names of a list: "Sinuiju and Hyesan", "Sinuiju, Hyesan", "신의주와 혜산".
_NAME_LIST_GAP = re.compile(r"(?:\s*,)?\s*(?:and\s+|와\s*|과\s*|및\s*|·\s*)?")


def _sub_lists(s: str, names: list[Name], current: list[Amount]) -> dict:
    """ "KPW 5,050 in Pyongyang, with Sinuiju and Hyesan at KPW 5,150 and KPW 5,200" (or
    "with KPW 5,150 and KPW 5,200 in Sinuiju and Hyesan"): a list of names (nothing but
    "and" or commas between them) with as many listed prices right after it, before the
    next name, or else right before it: pairs in order. Other names bind as usual."""
    out: dict = {}
    i = 0
    while i < len(names):
        j = i + 1
        while j < len(names) and _NAME_LIST_GAP.fullmatch(s, names[j - 1].end, names[j].start):
            j += 1
        if j - i >= 2:
            limit = names[j].start if j < len(names) else len(s)
            after = [a for a in current if names[j - 1].end <= a.start < limit]
            if len(after) != j - i:
                after = _listed_before(s, names[i], names[i - 1].end if i else 0, current)
            if len(after) == j - i:
                out.update((id(a), n) for a, n in zip(after, names[i:j], strict=True))
        i = j
    return out


def _listed_before(s: str, name: Name, since: int, current: list[Amount]) -> list[Amount]:
    """The prices listed right before a name ("KPW 5,150 and KPW 5,200 in", "5,150원과
    5,200원에 거래된"), after `since`: the last run joined by "and", commas or 와/과."""
    before = [a for a in current if since <= a.start and a.end <= name.start]
    if not before or name.start - before[-1].end > 16:
        return []
    if P.CLAUSE_BREAK.search(s, before[-1].end, name.start):
        return []
    run = [before[-1]]
    for a in reversed(before[:-1]):
        if not _NAME_LIST_GAP.fullmatch(s, a.end, run[0].start):
            break
        run.insert(0, a)
    return run


def _good_for(
    s: str, lang: str, a: Amount, goods: list[Name], carry: Carry, goes_on: bool
) -> Name | None:
    after = P.EN_GOOD_AFTER if lang == "en" else P.KO_GOOD_AFTER
    for g in goods:
        if g.start >= a.end and after.match(s[a.end : g.start]):
            return g
    # the currency of a sum paid ("1톤에 3500위안에 넘겨지는데, ... 4800원에") is no good a
    # later won price is of: the good before it is
    before = [g for g in goods if g.end <= a.start and not _paid_in(g)]
    if before:
        return None if lang == "en" and _unknown_item(s, before[-1].end, a.start) else before[-1]
    ctx = P.EN if lang == "en" else P.KO
    if lang == "en" and (carry.good or carry.named) and ("it " in s or "rate " in s):
        it = _IT_WAS.search(s, 0, a.start)  # "it was 9,200 won, and ... rice"
        if it and not it["rate"]:  # "Nobody can buy rice. ... it was 6,800 won"
            return Name(a.start, a.start, carry.named or carry.good, "good")
        if it and carry.good in EXCHANGE_UNITS:  # a rate: a currency's, by its figure's order
            good = _rate_of_its_order(a.value, carry.good, carry.rates)
            return Name(a.start, a.start, good, "good")
    if lang == "en" and carry.named and goes_on and not goods and _UNIT_LED.match(s):
        return Name(a.start, a.start, carry.named, "good")  # "Pork ... A kilogram costs"
    same = lang == "en" and not goods and "same" in s and (carry.unpriced or carry.named)
    if same and _SAME_UNIT.search(s, 0, a.start):  # "the same kilogram sold for KPW 5,050"
        return Name(a.start, a.start, carry.unpriced or carry.named, "good")
    if goods or carry.good is None or not goes_on:
        return None
    if carry.good not in EXCHANGE_UNITS and ctx.rate_word.search(s):
        return None  # a rate names no good: only the last currency's ("평양 환율(1만 8000원)")
    good = carry.good
    # ... by its figure's order when a rate is named, and in Korean when the sentence goes on
    # without one ("1달러는 1만 8000원, 1위안은 2450원 ... 지난 3일(1만 6500원)에 비해": the dollar)
    if (
        good in EXCHANGE_UNITS
        and len(carry.rates) > 1
        and (lang == "ko" or ctx.rate_word.search(s))
    ):
        good = _rate_of_its_order(a.value, good, carry.rates)
    return Name(a.start, a.start, good, "good")


# A list's next item that names its own thing: "..., soybean oil for KPW 20,000 per liter,
# and eggs for KPW 600 each": eggs are no good of the gazetteer, and no soybean oil either.
_UNKNOWN_ITEM = re.compile(
    r"\d[^.;]*?(?:,|;|\band)\s+(?:and\s+)?(?P<thing>[a-z]+(?:\s+[a-z]+)?)\s+for\s+(?:about\s+|around\s+)?"
    r"(?:KPW|KWP|NKW)?\s*$"
)
# ... but not a word that goes on the last item ("and then for", "and sold for", "a kilo for")
_NO_THING = frozenset(
    {
        *("and", "or", "but", "while", "whereas", "in", "on", "at", "by", "the", "a", "an"),
        *("then", "later", "again", "still", "only", "now", "just", "even", "it", "that"),
        *("this", "each", "all", "one", "kilo", "kilogram", "kg", "sold", "went", "goes"),
        *("going", "sells", "selling", "traded", "trading", "fetched", "fetching", "was"),
        *("were", "is", "are"),
    }
)


def _unknown_item(s: str, good_end: int, at: int) -> bool:
    """Does a list item naming something else (no good the gazetteer knows) stand between the
    last good, already priced, and the amount at `at`?"""
    m = _UNKNOWN_ITEM.search(s, good_end, at)
    return m is not None and not _NO_THING.intersection(m["thing"].split())


def _rate_of_its_order(value: int, last: str, rates: dict[str, int]) -> str:
    """Whose is a bare "the rate": the last currency's, unless its figure is of another
    currency's order only ("the dollar at KPW 5,000, the yuan at KPW 820. In Pyongyang the
    rate was KPW 5,200": a dollar is six or seven yuan, never near one)."""
    if rates.get(last, value) / 2 <= value <= rates.get(last, value) * 2:
        return last
    near = [c for c, v in rates.items() if v / 2 <= value <= v * 2]
    return near[0] if len(near) == 1 else last


# A unit of the good just named: "the same kilogram", "the same amount", "a kilogram of the same".
_SAME_UNIT = re.compile(
    r"\bthe\s+same\s+(?:kilogram|kilo|kg|amount|quantity|liter|litre)\b|"
    r"\b(?:a|one)\s+(?:kilogram|kilo|kg|liter|litre)\s+of\s+the\s+same\b",
    re.I,
)
# A sentence led by a unit of no good named ("A kilogram costs 12,000 won"): of the good
# just talked about (patterns.py EN.same_good lets it go on).
_UNIT_LED = re.compile(r"\W*(?:a|one)\s+(?:kilogram|kilo|kg|liter|litre)\s+(?!of\b)", re.I)
# "it was 9,200 won": the last good, right before its price, whatever goods come after.
_IT_WAS = re.compile(
    r"\b(?:[Ii]t|(?P<rate>[Tt]he\s+(?:exchange\s+)?rate))\s+(?:had\s+)?(?:was|is|been|"
    r"stood\s+at|sold\s+for|cost|went\s+for|fetched|traded\s+(?:for|at))\s+"
    r"(?:about\s+|around\s+)?(?:KPW\s?)?$"
)


def _paid_in(name: Name) -> bool:
    """Is the name the currency of a foreign sum (_as_meant made it "other")?"""
    return name.kind == "other" and name.id in EXCHANGE_UNITS


def _place_for(
    s: str,
    lang: str,
    a: Amount,
    places: list[Name],
    prev_end: int,
    next_start: int,
    after_bound: set[int],
) -> tuple[Name | None, bool]:
    """(place, bound after the amount?) for one amount."""
    for p in places:  # "KPW 5,000 (Pyongyang)", "5,000원(평양)"
        if a.end <= p.start < next_start and _PAREN_OPEN.match(s, a.end, p.start):
            return p, True
    if lang == "en":
        for p in places:
            if a.end <= p.start < next_start and p.start - a.end <= 45:
                between = s[a.end : p.start]
                if (
                    not P.CLAUSE_BREAK.search(between)
                    and re.search(r"\b(?:in|at)\b", between)
                    and not _NEXT_ITEM.search(between)
                ):
                    return p, True
                break
    before = [p for p in places if prev_end <= p.start and p.end <= a.start]
    before = [p for p in before if id(p) not in after_bound]
    if before:
        return before[-1], False
    earlier = [p for p in places if p.end <= a.start and id(p) not in after_bound]
    if earlier and lang == "ko":
        return earlier[-1], False
    return None, False


_PAREN_OPEN = re.compile(r"\s*(?:won\s*)?\(\s*$")
# "KPW 33,500 and in Hyesan KPW 34,000": the place after "and in" opens the list's next
# item, whose price follows it; the amount before is the last place's.
_NEXT_ITEM = re.compile(r"\b(?:and|while|whereas|but)\s+(?:in|at)\s+(?:the\s+)?$")


def _day_for(
    s: str,
    lang: str,
    a: Amount,
    free: list[dates.DateMention],
    prev_end: int,
    next_start: int,
    carry: Carry,
    pub: date,
    later: list[Amount] | None = None,
) -> tuple[date, bool]:
    """The day of an amount; `later`: the sentence's amounts after it."""
    if a.own_date is not None:
        return a.own_date.day, a.own_date.exact
    if lang == "en":
        after = date_after(s, a, next_start, free)
        if after:
            return after.day, after.exact
        if ", which " in s:  # "The dollar, which traded at KPW 26,000 on May 24, was at"
            clauses = _relative_clauses(s, a.start)
            free = [d for d in free if not _inside(d.start, clauses)]
    before = [d for d in free if d.end <= a.start]  # the nearest day before: "13일 ... 지난
    # 11일 ... 2,400원, 강냉이는 1,000원"
    if before and not before[-1].exact and lang == "en" and "as of" in s:
        closing = _closing_as_of(s, a, free)
        if closing is not None:  # "in early September: 1 USD = KPW 8,050 and 1 CNY = KPW
            return closing.day, closing.exact  # 1,310 as of Sept. 7": the list's own day
    if before and not before[-1].exact and any(d.exact for d in free):
        before = []  # "more than double the price in January, and flour went for ..."
    if before:
        return before[-1].day, before[-1].exact
    if free and lang == "en" and not free[0].exact and _later_clause(s, a, free[0]):
        # "Rice is 5,900 won, and even corn is too much for households whose distribution
        # ran out in March": a month of another clause is not the price's
        free = [d for d in free if d.exact]
    if free and lang == "en" and later and ";" in s[a.end : free[0].start]:
        # "costs 12,000 won now; it was 10,500 won as recently as Oct. 5," a source said on
        # Oct. 20: the day right after a price past a semicolon is that clause's price's
        limits = [b.start for b in later[1:]] + [len(s)]
        own = {
            id(date_after(s, b, n, free))
            for b, n in zip(later, limits, strict=True)
            if ";" in s[a.end : b.start]
        }
        free = [d for d in free if id(d) not in own]
    if free:
        return free[0].day, free[0].exact
    if carry.that_day is not None:
        return carry.that_day, True
    if carry.day is not None:
        return carry.day, True
    return pub, False


_LIST_BREAK = re.compile(r"[,;:\"\u201c\u201d](?!\d)")
_AS_OF_BEFORE = re.compile(r"\bas\s+of\s+(?:\w+,?\s+)?$", re.I)
# ... up to the sentence's end or its attribution: ", a source told Daily NK."
_SENTENCE_END = re.compile(
    r"[\s\"'\u201d\u2019)]*(?:,[\s\"'\u201d\u2019]*(?:an?|the)\s[^,;\d]*?\b(?:said|told)\b[^;\d]*)?"
    r"[\s.\"'\u201d\u2019)]*"
)


def _closing_as_of(s: str, a: Amount, free: list[dates.DateMention]) -> dates.DateMention | None:
    """An exact "as of <day>" that ends the sentence after `a` in the same clause: it dates
    the whole list it closes, over a month named before."""
    d = free[-1] if free else None
    if d is None or not d.exact or d.start < a.end or _LIST_BREAK.search(s, a.end, d.start):
        return None  # "4,000 won," the source said, adding that rice ... as of Saturday
    if not _AS_OF_BEFORE.search(s, max(0, d.start - 20), d.start):
        return None
    return d if _SENTENCE_END.fullmatch(s, d.end) else None


# A relative clause set off by commas: ", which traded at KPW 26,000 on May 24, ".
_EN_RELATIVE_CLAUSE = re.compile(r",\s(?:which|who)\s(?:[^,;]|,(?=\d))*?,\s")


def _relative_clauses(s: str, before: int) -> list[tuple[int, int]]:
    """Spans of the relative clauses closed before `before`: a day or price in one is that
    clause's, not the sentence's."""
    return [m.span() for m in _EN_RELATIVE_CLAUSE.finditer(s, 0, before)]


def _later_clause(s: str, a: Amount, d: dates.DateMention) -> bool:
    """Is the day named after the amount, past a clause break?"""
    return a.end <= d.start and P.CLAUSE_BREAK.search(s, a.end, d.start) is not None


def _unit(s: str, lang: str, a: Amount, good: Name) -> str:
    if good.id in EXCHANGE_UNITS:
        return EXCHANGE_UNITS[good.id]
    lo = min(good.start, a.start)
    hi = max(good.end, a.end)
    window = s[max(0, lo - 12) : hi + 16]
    return P.unit_in(window, lang) or DEFAULT_UNIT


def _name_market(lex: Lexicon, carry: Carry, names: list[Name]) -> None:
    """The one market a sentence without prices names is the one the next prices of its
    paragraph that name none are from ("Following the sanctions, traders in Sinuiju ...
    Gasoline sold for KPW 12,000 at the city's Chaeha market"). A province or a place
    abroad says nothing of a market; two markets, no guess: the carry stays."""
    markets = {n.id for n in names if n.kind == "place" and n.id in lex.markets}
    if len(markets) == 1:
        carry.market, carry.has_market, carry.ambiguous = markets.pop(), True, False
