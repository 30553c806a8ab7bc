"""Market price observations from article text, in English and Korean.

    extract(text, lang, published, gazetteer) -> [Observation]

An observation is a price in North Korean won of one good (a gazetteer commodity, or the US
dollar or Chinese yuan for exchange rates: won per 1 unit) on one day, in one market (a
gazetteer place id; None when only a province or no place is named), with the quoted span.

Precision comes first: a number is an observation only when it is written as a price ("KPW
6,100", "6,100 won", "6,100원", "1만 2500원"), is not a change, bound, range, average or an
earlier value without its own date, sits in a sentence that is not about bribes, fines, wages
or state-set prices, and a good can be tied to it. When unsure, nothing is emitted.
Pure functions; only articles with a price-like string get past the first regex.
The pieces: price_patterns.py (every pattern), price_names.py (goods, places, markets),
price_amounts.py (amounts and what each is), price_dates.py (days); this module ties them
together sentence by sentence, table by table.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, fields, replace
from datetime import date

from crawler.enrich import entities
from crawler.enrich.prices import dates
from crawler.enrich.prices import patterns as P
from crawler.enrich.prices.amounts import (
    EN_NOT_MARKET,
    Amount,
    amounts,
    bare,
    clause_left,
    date_after,
)
from crawler.enrich.prices.any_of import ODD_CASES, AnyOf
from crawler.enrich.prices.names import (
    COUNTRIES,
    DEFAULT_UNIT,
    EXCHANGE_UNITS,
    Lexicon,
    Name,
    lexicon,
)


def _literals(words: tuple[str, ...]) -> re.Pattern[str]:
    """Is any of `words` in a text? One scan of the regex engine, not a Python loop of
    substring tests (the cues are tried several times on every amount)."""
    return re.compile("|".join(re.escape(w) for w in words))


# A sentence without a price may still set the survey date or market for the next ones.
_SURVEY_WORDS = re.compile(r"\bsurvey|\bas of\b|\bconducted\b|조사|기준", re.I)
# So does a heading of prices ("Market prices, Oct. 25 (per kg)", "시장 물가"), not a sentence.
_HEADING_WORDS = re.compile("arket prices|arket Prices|ARKET PRICES|물가")
# What both patterns need, as literals (one pass of the regex engine's fast literal scan
# instead of a case-blind try at every position).
_SURVEY_CUES = re.compile(
    "urvey|URVEY|as of|As of|AS OF|onducted|ONDUCTED|arket prices|arket Prices|ARKET PRICES|물가"
)


# ... and so does a report of prices looked into: "checked prices at the markets of Sinuiju
# on Mar. 4", "신의주 시장의 물가를 알아봤다".
_CHECKED_PRICES = re.compile(
    r"\b(?:checked|looked\s+(?:at|into)|examined|monitored|tracked)\b.{0,40}?\bprices?\b"
    r"|(?:물가|가격|시세)[을를]?\s*(?:알아보|알아봤|알아본|살펴보|살펴봤|살펴본|확인|파악|점검)"
)


def survey_cued(text: str) -> bool:
    """Is any of the words that survey_words looks for in `text` at all? Without one, no
    part of it names a survey either: its sentences need no test of their own."""
    return (
        "조사" in text
        or "기준" in text
        or _SURVEY_CUES.search(text) is not None
        or any(c in text for c in _CHECKED_CUES)
    )


def _never(text: str) -> bool:
    return False


def survey_words(text: str) -> bool:
    """Does `text` name a survey or its day ("as of", "기준"), or head a list of prices?
    Substrings first: the case-blind pattern alone cost a tenth of the extraction."""
    if "조사" in text or "기준" in text:
        return True
    if _SURVEY_CUES.search(text) is None:
        return _checked_prices(text)
    if _SURVEY_WORDS.search(text) is not None:
        return True
    if _HEADING_WORDS.search(text) is not None and not text.rstrip().endswith((".", "다")):
        return True
    return _checked_prices(text)


_CHECKED_CUES = (
    "checked",
    "looked",
    "examined",
    "monitored",
    "tracked",
    "알아",
    "살펴",
    "확인",
    "파악",
    "점검",
)


def _checked_prices(text: str) -> bool:
    """Substrings first: most paragraphs with a price word report no looking into them."""
    return any(c in text for c in _CHECKED_CUES) and _CHECKED_PRICES.search(text) is not None


RESPECTIVELY = re.compile(r"\brespectively\b|각각")


@dataclass(frozen=True)
class Observation:
    date: str
    date_exact: bool
    market: str | None
    commodity: str
    price: int
    currency: str
    unit: str
    quote: str
    lang: str

    def key(self) -> tuple:
        """What makes two reports the same observation (sources aside)."""
        return (self.date, self.market, self.commodity, self.price, self.currency, self.unit)

    def to_dict(self) -> dict:
        return dict(vars(self))  # the fields, in their order


FIELDS = tuple(f.name for f in fields(Observation))


# Tried on every good and amount a sentence ties together.
_BULK_FIGURE, _BULK_WORD = AnyOf(P.BULK_FIGURE), AnyOf(P.BULK_WORD)


# --- one sentence ----------------------------------------------------------------------
@dataclass
class Carry:
    """What a sentence hands to the next: the survey date, and the market and good being
    talked about. What a survey sentence says ("Daily NK checked prices in Sinuiju on
    Mar. 4") holds for the whole article; the market and good of a price sentence ("In
    Hyesan, rice sold for ...") until a paragraph without prices (Daily NK's paragraphs
    are a sentence or two: "In Hyesan, it sold for ..." is often the next one)."""

    day: date | None = None
    market: str | None = None
    has_market: bool = False
    ambiguous: bool = False  # the last sentence named several markets: do not guess
    good: str | None = None
    survey: tuple[str | None, bool, str | None] = (None, False, None)  # market, has, good
    that_day: date | None = None  # "이날", "that day": the day named just before
    that_market: str | None = None  # ... and the one market named with it, if any
    since: date | None = None  # the day the last prices looked back to ("지난 3일 ...에서")
    rates: dict[str, int] = field(default_factory=dict)  # the last price of each currency
    told: list[str] = field(default_factory=list)  # the goods of the last prices, in order
    named: str | None = None  # the one good a sentence without prices just named ("it")
    unpriced: str | None = None  # ... the one good of a sentence whose prices were no market's

    def new_paragraph(self) -> None:
        """Back to what the survey said: the last prices' market and good are done."""
        self.market, self.has_market, self.good = self.survey
        self.ambiguous = False
        self.told = []
        self.named = None
        self.unpriced = None


def sentence(
    s: str,
    lang: str,
    pub: date,
    lex: Lexicon,
    carry: Carry,
    survey: bool = True,
    has_amount: bool | None = None,
    matches: list[re.Match[str]] | None = None,
    offset: int = 0,
    cued: bool = True,
) -> list[Observation]:
    """Observations of one sentence. The paragraph's reader may already know that it has
    no survey word (`survey`), or its price matches (`matches`, in the paragraph, where
    the sentence starts at `offset`), or that not even a cue of a survey word is in it
    (`cued`: no substring of a paragraph without one has one)."""
    ctx = P.EN if lang == "en" else P.KO
    surveyed = survey_words if cued else _never
    if has_amount is None:
        has_amount = bool((P.EN_PRICE if lang == "en" else P.KO_PRICE).search(s)) or bool(
            lang == "en" and "rate" in s and P.EN_RATE_FIGURE.search(s)
        )
    if not has_amount and not (survey and surveyed(s)):
        return []  # most sentences: nothing to find, nothing to carry
    first_word = _first_word(s, ctx) if has_amount else None  # of pay, bribes, forecasts
    not_market = first_word is not None
    dropped: list[tuple[int, int]] = []  # spans of what pay or forecast words are about
    if first_word is not None:
        dropped = (
            _not_market_spans(s, ctx, first_word) if _may_keep_a_clause(s, lang) else [(0, len(s))]
        )
        if not surveyed(s) and not _figure_outside(s, lang, dropped, matches, offset):
            _name_market(lex, carry, lex.names(s, lang))  # "Police in Hoeryong ... fining"
            return []  # a bribe, a wage: no price in it, only its city for the next sentences
    names = _without_redundant_provinces(lex, lex.names(s, lang))
    money = "$" in s or any(n.id in EXCHANGE_UNITS for n in names)  # "10 yuan", "$3,000"
    sums, cents = _foreign_sums(s, lang) if money else ([], [])
    rates = _listed_rates(s, lang, sums) if sums else []
    if rates:  # "rice KPW 5,000, corn KPW 2,000, USD 8,100": the dollar's rate, in won
        sums = [x for x in sums if x not in rates]
    hundreds = _per_hundred(s, lang) if money and "100" in s else []
    if hundreds:  # "100위안은 북한 돈 12만 2,000원": a rate, not yuan paid
        sums = [(x, y) for x, y in sums if not any(x < b and a < y for a, b in hundreds)]
    if cents:  # "USD 0.62, or KPW 5,000": the reader's dollars, gone
        names = [n for n in names if not any(x - 4 <= n.start < y for x, y in cents)]
    names = _as_meant(s, lang, names, sums)
    places = [n for n in names if n.kind == "place"]
    if len(places) > 1 and _cued(P.SOURCE_CUES, s):
        places = _without_sources_provinces(s, lang, lex, places)
    elif places and carry.has_market and carry.market and _cued(P.SOURCE_CUES, s):
        places = _without_sources_province_of(s, lang, lex, places, carry.market)
    if (
        not_market
        and ("Seoul" in s or "South Korea" in s)
        and not any(p.id in lex.regions for p in places)
    ):
        return []  # "A defector living in Seoul said that rice costs 3,000 won": there
    goods = [n for n in names if n.kind in ("good", "other")]
    if goods and lang == "ko" and has_amount and carry.good:
        goods = _before_a_clause_without_prices(s, goods)
    goes_on = False  # no good named, but the sentence goes on about the last one
    if has_amount and not any(g.kind == "good" for g in goods):
        # Only one that points back ("it sold for") or lists markets ("신의주는 5,700원,
        # 혜산은 5,600원") can take the last good.
        markets_only = bool(places) and all(p.id in lex.markets for p in places)
        goes_on = bool(
            (carry.good or carry.named or carry.unpriced)
            and not goods
            and (markets_only or ctx.same_good.search(s))
        )
        if not goods and len(carry.told) > 1 and ("respectively" in s or "각각" in s):
            goes_on = True  # "they were KPW 8,000 and KPW 1,260 respectively": the last goods
        has_amount = goes_on
        if not has_amount and not surveyed(s):
            return []  # no price after all, and nothing for the next sentences
    mentions = dates.find(s, lang, pub)
    found = amounts(s, lang, mentions, matches, offset) if has_amount else []
    if found and carry.since is not None and "기간" in s:
        _from_the_periods_start(s, found, carry.since)
    found = [a for a in found if a.role != "skip"]
    if found and sums:
        found = [a for a in found if not _converted(s, lang, a, sums)]
    if found and rates:
        found = sorted(found + [_rate_amount(s, x, y) for x, y in rates], key=lambda a: a.start)
    if found and not_market:
        found = [a for a in found if not _inside(a.start, dropped)]
        if not found:
            return []
    if found and not any(d.exact for d in mentions) and dates.long_ago(s, pub):
        found = _outside_an_eras_clauses(s, lang, found, pub)
        if not found:
            return []  # "In the late 1990s, corn sold for around 100 won": history
    if not found:
        if cued:
            _carry_from_context(s, lex, carry, mentions, places, goods)
        return []
    taken = {id(a.own_date) for a in found if a.own_date}
    free_dates = [d for d in mentions if id(d) not in taken]
    current = [a for a in found if a.role == "current"]
    # "북한 평양 시장에서 쌀 ..., 옥수수 ...": a country does not take a price of a list.
    by_order_place = _in_order(
        s, [p for p in places if p.id in lex.regions], current, found, places=True
    )
    by_order_good = _in_order(s, goods, current, found)
    if not goods and len(carry.told) == len(found) > 1 and ("각각" in s or "respectively" in s):
        # "1달러는 8,150원, 1위안은 1,280원 ... 지난 2일에는 각각 8,000원, 1,260원이었다"
        by_order_good = {
            id(a): Name(a.start, a.start, g, "good") for a, g in zip(found, carry.told, strict=True)
        }
    out: list[Observation] = []
    each = _respectively(s, lang, free_dates, found) if "각각" in s or "respectively" in s else {}
    # A sentence on the last good ("지난 1일에는 4,900원", "지난 1일 쌀값은 ...") at an
    # earlier day is a look back: the survey's day stays for the next sentences.
    back = goes_on or any(g.id == carry.good for g in goods)
    after_bound: set[int] = set()
    bound = False  # has an amount of this sentence been tied to a place?
    last_away: Amount | None = None  # the last amount a state-set or earlier word took
    told_last: Amount | None = None  # the amount of the last observation
    for i, a in enumerate(found):
        prev_end = found[i - 1].end if i else 0
        next_start = found[i + 1].start if i + 1 < len(found) else len(s)
        dated = (  # "On July 1, it had been KPW 4,900.", "2주 전 지난달 26일에는 ..."
            lang == "en" and date_after(s, a, next_start, free_dates) is not None
        ) or _day_before(a, free_dates, prev_end)
        away = _qualified_away(s, ctx, a, prev_end, next_start, dated) or (
            last_away is not None and not dated and _listed_on(s, last_away, a, names)
        )
        last_away = a if away else None
        if away or (
            lang == "ko" and _ko_month_look_back(s, a, prev_end, next_start, found, bool(goods))
        ):
            continue
        good = by_order_good.get(id(a)) or _good_for(s, lang, a, goods, carry, goes_on)
        if (
            good is None
            and a.role == "earlier"
            and told_last is not None
            and told_last is found[i - 1]
            and _EN_FROM_GAP.fullmatch(s, prev_end, a.start)
        ):  # "it traded for KPW 7,080 on Oct. 10, from KPW 8,050 on Sept. 26": its good
            good = Name(a.start, a.start, out[-1].commodity, "good")
        if good is None or good.kind != "good":
            continue
        if (
            dropped
            and good.start < _after_dropped(a.start, dropped)
            and not _RELATIVE_PRICE.match(s, good.end)
        ):
            continue  # "fined KPW 20,000 for selling rice, while others ... KPW 50,000"
        place, bound_after = by_order_place.get(id(a)), False
        if place is None:
            place, bound_after = _place_for(s, lang, a, places, prev_end, next_start, after_bound)
        if bound_after and place is not None:
            after_bound.add(id(place))
        bound = bound or place is not None
        if place is None and len({p.id for p in places}) == 1:
            place = places[0]  # "Gasoline was KPW 12,000 and diesel ... in Hyesan"
        if place is not None and place.id in lex.abroad:
            continue  # "in Dandong it cost ...": a price abroad
        if place is not None:
            market = lex.market_of(place)
        elif out and bound:
            market = out[-1].market  # "KPW 6,100 in Hyesan, up from KPW 5,900 on Oct. 1"
        elif not places and carry.that_market and a.own_date is None and not free_dates:
            market = carry.that_market  # "1일 혜산 시장에서 단속이 ... 이날 쌀은 ..."
        elif not places and carry.ambiguous:
            continue
        elif not places and carry.has_market:
            market = carry.market
        else:
            market = None
        lo = min(good.start, a.start)
        between = s[max(0, lo - 16) : max(good.end, a.end)]
        if (_BULK_FIGURE.search(between) or _BULK_WORD.search(between)) and not _per_one(
            s, lang, a
        ):
            continue  # "a 25kg sack of rice for KPW 125,000": not a price per unit
        if id(a) in each:
            day, exact = each[id(a)].day, each[id(a)].exact
        else:
            later = found[i + 1 :]
            day, exact = _day_for(s, lang, a, free_dates, prev_end, next_start, carry, pub, later)
            if (
                exact
                and out
                and a.own_date is None
                and day.isoformat() < out[0].date
                and not (lang == "en" and date_after(s, a, next_start, free_dates))
                # "8,000원에 팔렸는데, 지난달 21일에는 6,500원": a Korean day before its price
                and not (lang == "ko" and _day_before(a, free_dates, prev_end))
            ):
                # "KPW 18,000 on Apr. 22, double the KPW 9,500 it fetched on Mar. 25; diesel
                # went for KPW 13,000": the look-back's day is its own, the rest are the survey's
                day, exact = date.fromisoformat(out[0].date), out[0].date_exact
        unit = _unit(s, lang, a, good)
        price = a.value
        if hundreds and good.id in EXCHANGE_UNITS and _inside(good.start, hundreds):
            price = round(price / 100)  # won per 1 unit, as every rate is
        obs = Observation(
            date=day.isoformat(),
            date_exact=exact,
            market=market,
            commodity=good.id,
            price=price,
            currency=dates.currency_on(day),
            unit=unit,
            quote=s.strip(),
            lang=lang,
        )
        out.append(obs)
        told_last = a
        if lang == "en" and " both " in s and _IN_BOTH.match(s, a.end, next_start):
            # "rice stood at 5,000 won in both cities": the two markets named before
            both = list(dict.fromkeys(lex.market_of(p) for p in places if p.end <= a.start))
            if len(both) == 2 and market in both and None not in both:
                out[-1:] = [replace(obs, market=m) for m in both]
        if good.id in EXCHANGE_UNITS:
            carry.rates[good.id] = price
        if a.role == "current":
            carry.market, carry.has_market = market, True
            carry.good = good.id
            latest = max(o.date for o in out) == obs.date  # not "after falling to ... on"
            aside = ", which " in s and _inside(a.start, _relative_clauses(s, len(s)))
            if exact and latest and not (back and carry.day and day < carry.day) and not aside:
                carry.day = day  # not a relative clause's: "The dollar, which traded at ..."
    carry.ambiguous = len({o.market for o in out}) > 1
    carry.told = [o.commodity for o in out]
    carry.named = None
    carry.unpriced = None
    if not out and lang == "en" and goods:  # "At state shops rice is 44 won. At the market,
        kinds = {g.id for g in goods if g.kind == "good"}  # the same kilogram sold for"
        carry.unpriced = kinds.pop() if len(kinds) == 1 else None
    back_to = [a.own_date.day for a in found if a.role == "earlier" and a.own_date]
    carry.since = min(back_to) if back_to and out else None
    return out


def _ko_month_look_back(
    s: str, a: Amount, prev_end: int, next_start: int, found: list[Amount], own_good: bool
) -> bool:
    """ "이달 초만 해도 5800원이었다", "지난달 말 1만 1000원에서", "지난달 중순(5000원)보다":
    an earlier value whose time is only a month or a part of one is no observation (blind
    writers read it as dateless), as is a sentence on the last good ("3월 중순에는 4800원이었다");
    "이달 초 ... 4500원에 거래됐다", "10월 쌀값은 ...", current prices, stay."""
    seg = s[prev_end : a.start]
    if "월" not in seg and "달" not in seg:
        return False  # the cheap cue: no month named before this amount
    m = next(reversed(list(_KO_MONTH_TIME.finditer(seg))), None)  # the time nearest it
    if m is None or _KO_DAY.search(seg, m.end()):
        return False  # "지난달 말인 28일 1800원에서": a day of its own
    if m["then"]:
        return True  # "이달 초만 해도": an earlier time by its words
    after = s[a.end : next_start]
    if _KO_BACK_AFTER.match(after):
        return True  # "1800원에서 (올랐다)", "(5000원)보다", "1만 1000원이던"
    if not _KO_WAS_AFTER.match(after):
        return False
    return len(found) > 1 or (bool(m["topic"]) and not own_good)


# A month, or a part of one, without its day: "이달 초", "지난달 중순", "9월 말만 해도".
_KO_MONTH_TIME = re.compile(
    r"(?:이달|이번\s?달|지난\s?달|전달|(?<!\d)\d{1,2}월)\s*(?:초순?|중순|하순|말|께|경)?"
    r"(?:(?P<then>\s*(?:까지)?만\s*해도)|(?P<topic>\s*(?:에는|엔)))?"
)
_KO_DAY = re.compile(r"\d{1,2}\s*일")
# After an amount: what makes it the value a price moved from.
_KO_BACK_AFTER = re.compile(r"\)?\s*(?:에서(?!\s*\d)|보다|이던|였던|이었던|대비|에\s*비해)")
_KO_WAS_AFTER = re.compile(r"\)?\s*(?:이었|였)")


# Between a price (and its day) and the earlier value it moved from: "on Oct. 10, from ".
_EN_FROM_GAP = re.compile(
    r"(?:\s+on\s+[A-Z][a-z]{2,8}\.?\s+\d{1,2})?,?\s+(?:up\s+|down\s+)?from\s+"
)
# A price of two markets at once: "KPW 5,000 per kg in both cities".
_IN_BOTH = re.compile(r"[^,.;]{0,30}?\bin\s+both\s+(?:cities|markets|places|towns)\b")


def _outside_an_eras_clauses(s: str, lang: str, found: list[Amount], pub: date) -> list[Amount]:
    """ "고난의 행군 때는 강냉이가 100원이었지만, 지금은 3100원이다", "... 3100원이다"며 "고난의
    행군 때 ...": an era names the time of its own clause, up to a contrast, not the
    sentence's (a year or decade still takes the sentence)."""
    if lang != "ko" or dates.years_ago(s, pub):
        return []
    breaks = (P.CLAUSE_BREAK, P.KO_CLAUSE_END, P.KO_CONTRAST, P.KO_CONNECTIVE)
    spans = []
    for x, y in dates.eras(s):
        start = max((m.end() for b in breaks for m in b.finditer(s, 0, x)), default=0)
        ends = [m.start() for b in (P.KO_CLAUSE_END, P.KO_CONTRAST) if (m := b.search(s, y))]
        spans.append((start, min(ends, default=len(s))))
    return [a for a in found if not _inside(a.start, spans)]


def _before_a_clause_without_prices(s: str, goods: list[Name]) -> list[Name]:
    """ "지난달 22일 조사(평양 4900원) 때보다 소폭 오른 것으로, ... 쌀을 사두려는 주민이":
    a good named only in a clause after the last price is that clause's, not the price's:
    the price stays the last sentence's good's."""
    last = s.rfind("원", 0, goods[0].start)
    cut = s.find(", ", last) if last >= 0 else -1
    if cut < 0 or cut > goods[0].start or "원" in s[cut:]:
        return goods
    return []


def _from_the_periods_start(s: str, found: list[Amount], since: date) -> None:
    """ "디젤유도 같은 기간 1만 2000원에서 1만 4500원으로": over the period the last sentence
    looked back on, the price it rose from is of the period's first day."""
    period = _SAME_PERIOD.search(s)
    if period is None:
        return
    for a, b in zip(found, found[1:], strict=False):
        if (
            a.role == "skip"
            and a.start > period.end()
            and _FROM_TO.match(s, a.end, b.start)
            and s.startswith(("으로", "로"), b.end)
        ):
            a.role = "earlier"
            a.own_date = dates.DateMention(period.start(), period.end(), since)


_SAME_PERIOD = re.compile(r"같은\s*기간|이\s*기간|그\s*사이")
_FROM_TO = re.compile(r"\s*에서\s*$")


_NOT_CENTS = re.compile("yuan|CNY|RMB|위안|thousand|million|만")


def _per_one(s: str, lang: str, a: Amount) -> bool:
    """Is the amount told per one unit right before it ("1kg당 4800원")? Then a bulk
    quantity between it and its good is another clause's ("1톤에 3500위안에 넘겨지는데")."""
    if lang == "en":  # "less than 7 kg of rice: a kilogram sold for KPW 7,500"
        return _EN_PER_ONE.search(s, max(0, a.start - 40), a.start) is not None
    m = P.KO_PER_UNIT_BEFORE.search(s, max(0, a.start - 12), a.start)
    return m is not None and m.group("n") in ("", "1")


def _foreign_sums(s: str, lang: str) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """Spans of money in another currency: "10 yuan", "USD 8,000", "3,000달러" (not "1 USD",
    "1위안": the unit of an exchange rate); and apart, dollars with cents ("USD 0.62",
    "0.62달러"): no market goods are paid in cents, so that is the reporter converting a
    won price for the reader, and the won figure is the price."""
    pattern = P.EN_FOREIGN_SUM if lang == "en" else P.KO_FOREIGN_SUM
    sums, cents = [], []
    for m in pattern.finditer(s):
        if (m["n"] or m.groupdict().get("n2")) != "1" or m.group().rstrip()[-1] == "만":
            text = m.group()
            reader = "." in text and not _NOT_CENTS.search(text)
            (cents if reader else sums).append((m.start(), m.end()))
    return sums, cents


# A won price just before a list's next item: "KPW 2,000, ", "2,000 won per kg and the
# dollar at ".
_WON_BEFORE = re.compile(
    r"(?:(?:KPW|KWP|NKW)\s?\d[\d,]*|\d[\d,]*\s+won)(?:\s+(?:per|a)\s+(?:kilogram|kg))?$"
)
_LIST_GAP = re.compile(
    r"(?:\s*,\s*(?:and\s+)?|\s+and\s+)"
    r"(?:(?:the\s+)?(?:US\s+|U\.S\.\s+|Chinese\s+)?(?:dollar|yuan)\s+(?:for\s+|at\s+)?)?$"
)
_DIGITS = re.compile(r"\d[\d,]*")


def _listed_rates(s: str, lang: str, sums: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The foreign sums that are items of a list of won prices ("rice KPW 5,000, corn KPW
    2,000, USD 8,100, CNY 1,200"): a currency's rate in won, not dollars paid."""
    out: list[tuple[int, int]] = []
    last = -1
    for x, y in sums:
        text = s[x:y]
        if lang != "en" or not text.startswith(P.EN_RATE_CODES) or not text[-1].isdigit():
            continue  # "USD 8,100", not "8,100 dollars", "USD 3 million"
        if "." in text:
            continue  # "USD 0.62": the reader's dollars
        window = max(0, x - 40)
        gap = _LIST_GAP.search(s[window:x])
        if gap is None:
            continue
        at = window + gap.start()
        if at == last or _WON_BEFORE.search(s[max(0, at - 40) : at]):
            out.append((x, y))
            last = y
    return out


def _rate_amount(s: str, x: int, y: int) -> Amount:
    """The won figure of a listed rate ("USD 8,100"), as an amount of its own."""
    m = _DIGITS.search(s, x, y)
    assert m is not None  # a sum has its figure
    return Amount(m.start(), m.end(), bare(m.group()), "current", unit_after=False)


def _per_hundred(s: str, lang: str) -> list[tuple[int, int]]:
    """Spans of a rate's 100 units ("100 yuan fetched", "per 100 yuan", "100위안당")."""
    pattern = P.EN_PER_HUNDRED if lang == "en" else P.KO_PER_HUNDRED
    return [m.span() for m in pattern.finditer(s)]


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


def _converted(s: str, lang: str, a: Amount, sums: list[tuple[int, int]]) -> bool:
    """Is the amount another currency's sum told in won ("10 yuan per kilogram, about 1,400
    won", "3,000달러, 북한 돈으로 2,400만원")?"""
    pattern = P.EN_CONVERTED if lang == "en" else P.KO_CONVERTED
    return any(end <= a.start and pattern.fullmatch(s, end, a.start) for _, end in sums)


def _qualified_away(
    s: str, ctx: P.Context, a: Amount, prev_end: int, next_start: int, dated: bool
) -> bool:
    """A state-set price ("at the state purchase price", "양곡판매소에서"), or an earlier
    value without its day ("Two weeks earlier, ...", "2주 전만 해도"), next to this amount."""
    before = s[prev_end : a.start]
    right = s[a.end : next_start]
    cut = P.CLAUSE_BREAK.search(right)
    right = right[: cut.start()] if cut else right
    if ctx is P.KO:  # "4,300원이었지만 국정가격은 46원": the state price is the next clause's
        cuts = [
            m.start() for m in (P.KO_CLAUSE_END.search(right), P.KO_QUOTE_END.search(right)) if m
        ]
        right = right[: min(cuts)] if cuts else right  # ... or the quote's: "팔렸다"며 "국정가격은
    # The clause before the amount is part of `before`: no cue in `before`, none in it.
    if ctx is P.EN and "price" in s and _STATE_APPOSITION.match(s, a.end, next_start):
        return True  # "rice is sold at 44 won per kilogram, the state price"
    if ctx is P.EN and "going rate" in s and _BELOW_GOING_RATE.match(s, a.end, next_start):
        return True  # "at KPW 2,900, about half the going rate": set against the market's
    state = _cued(ctx.state_cues, before + " " + right)
    earlier = a.role == "current" and not dated and _cued(ctx.earlier_cues, before)
    if not state and not earlier:
        return False  # nor, when `before` is the sentence's opening, in the opening
    left = clause_left(before)
    # "The state, by contrast, sets the price ... at KPW 400": an aside is no clause of its own
    state_left = clause_left(_EN_ASIDE.sub(" ", before)) if state and ctx is P.EN else left
    if (
        state
        and _cued(ctx.state_cues, state_left + " " + right)
        and (ctx.state.search(state_left) or ctx.state.search(right))
    ):
        return True
    if state and ctx is P.EN and not prev_end and _state_setting(before):
        return True
    if a.role != "current" or dated:
        return False
    if _cued(ctx.earlier_cues, left) and ctx.earlier_clause.search(left):
        return True
    if prev_end or not _cued(ctx.earlier_cues, s[: a.start]):
        return False
    cut = P.CLAUSE_BREAK.search(s, 0, a.start)  # "Back then, ...": the sentence's opening,
    opening = s[: cut.start()] if cut else ""  # unless it holds a price of its own
    if not _cued(ctx.earlier_cues, opening) or _FIGURE.search(opening):
        return False
    return bool(ctx.earlier_clause.search(opening))


_FIGURE = re.compile(r"\d[\d,]{2,}")
_EN_ASIDE = re.compile(
    r",\s(?:by\s+contrast|in\s+contrast|however|meanwhile|for\s+its\s+part|in\s+turn|instead|"
    r"on\s+the\s+other\s+hand|though|too|also|of\s+course),\s",
    re.I,
)
# A sentence set in state shops ("In state-run shops, where ..., diesel is 3,000 won"):
# the place cut off by the comma still covers the sentence's first price.
_STATE_SETTING = re.compile(
    r"\W*(?:in|at)\s+(?:the\s+)?(?:state|government)(?:[- ](?:run|owned))?\s+"
    r"(?:[a-z]+\s+)?(?:shops?|stores?|outlets?)\b",
    re.I,
)
_SETTING_ENDS = re.compile(r"[;:]|\b(?:market|jangmadang|but|while|whereas)\b", re.I)


def _state_setting(before: str) -> bool:
    """Does the sentence open in state shops, with no market or contrast up to `before`'s end?"""
    m = _STATE_SETTING.match(before)
    return m is not None and not _SETTING_ENDS.search(before, m.end())


_STATE_APPOSITION = re.compile(
    r"[^,.;]{0,25},\s+(?:the|an?)\s+(?:state|official|government)(?:[- ]set)?\s+price", re.I
)
# A price told as a part of the market's ("KPW 2,900 per kilogram, about half the going
# rate"): a price someone set below it, not the market's own.
_BELOW_GOING_RATE = re.compile(
    r"[^,.;]{0,25},\s+(?:(?:about|roughly|around|nearly|almost|just|only|less\s+than|barely)\s+)?"
    r"(?:half|a\s+third|a\s+quarter|two[- ]thirds|\d+\s*(?:%|percent)\s+of)\s+the\s+going\s+rate",
    re.I,
)
# What ends a list that a state-set or earlier-time word covers: a market, a contrast,
# a time of its own, the clause or sentence.
_LIST_ENDS = re.compile(
    r"[.;:]|시장|장마당|market|jangmadang|\b(?:while|whereas|but|now|today|currently)\b"
    r"|반면|지만|[는인]데|으나|현재|지금|요즘",
    re.I,
)


def _listed_on(s: str, last: Amount, a: Amount, names: list[Name]) -> bool:
    """Is `a` the next item of a list whose last item a state-set or earlier-time word
    took away ("국영상점에서 쌀을 kg당 24원, 옥수수를 10원에", "state shops sell rice at
    KPW 24 and corn at KPW 10")? Only a short gap without a place, market or contrast."""
    gap = s[last.end : a.start]
    if len(gap) > 30 or _LIST_ENDS.search(gap):
        return False
    return not any(n.kind == "place" and last.end <= n.start < a.start for n in names)


def _day_before(a: Amount, free: list[dates.DateMention], prev_end: int) -> bool:
    """Is a day named between the last amount and this one? Then words of an earlier time
    ("had been", "two weeks earlier") date the amount to that day, not to an unknown one."""
    return any(d.exact and prev_end <= d.start and d.end <= a.start for d in free)


def _may_keep_a_clause(s: str, lang: str) -> bool:
    """Could a price stay next to pay, bribe or forecast words (_not_market_from)?
    Only in a clause of its own, before them."""
    if lang == "en":
        return (
            ", " in s or "; " in s or " but " in s or " while " in s or " whereas " in s
        ) or " that " in s  # "... after rumors that China would": _EN_CAUSE_CLAUSE
    return any(
        pattern.search(s) is not None
        for pattern in (
            P.CLAUSE_BREAK,
            P.KO_CLAUSE_END,
            P.KO_CONNECTIVE,
            P.KO_CONTRAST,
            P.KO_ADNOMINAL,
            P.KO_FIGURE_ADNOMINAL,
        )
    )


def _not_market_spans(s: str, ctx: P.Context, first: int) -> list[tuple[int, int]]:
    """Spans of what pay, bribe or forecast words are about: from their clause on
    (_not_market_from) to a clause set against it ("Workers earn KPW 3,000 a month, while
    rice sells for KPW 6,000", "월급은 3,000원인데, 쌀은 6,000원"), whose amounts are the
    market's again unless it has such words of its own. `first`: where the first word is."""
    start = _not_market_from(s, ctx, first)
    cut = (P.EN_CONTRAST if ctx is P.EN else P.KO_CONTRAST).search(s, first)
    end, on = (cut.start(), cut.end()) if cut else (len(s), len(s))
    if ctx is P.KO:
        end, on = _ko_clause_of_pay(s, first, end, on)
    elif s.lstrip('"“ ').startswith(_EN_LEADING_WORDS):
        lead = _EN_LEADING_CLAUSE.match(s)  # "While workers are paid KPW 3,000, rice costs"
        if lead and first < lead.start("end") and lead.end() <= end:
            end, on = lead.span("end")
    if on >= len(s):
        return [(start, end)]
    rest = s[on:]
    again = _first_word(rest, ctx)
    if again is None:
        return [(start, end)]
    later = _not_market_spans(rest, ctx, again)
    return [(start, end)] + [(on + x, on + y) for x, y in later]


def _ko_clause_of_pay(s: str, first: int, end: int, on: int) -> tuple[int, int]:
    """Where a Korean clause of pay words ends before `end` (the contrast's; `on`: where the
    next clause starts): at the adnominal end of the pay's figure ("월급이 3000원에 불과한
    노동자들에게 ... 입쌀값 5200원은"), or at a linking ending of a clause without a figure
    ("벌금을 낼 돈이 없어 회령 장마당에서 입쌀 1kg이 5500원에"): the main clause goes on."""
    m = P.KO_FIGURE_ADNOMINAL.search(s, first, end)
    if m:
        return m.start() + 1, m.end()
    m = P.KO_CONNECTIVE.search(s, first, end)
    if m and not P.KO_PRICE.search(s, first, m.start()):
        return m.start(), m.end()
    return end, on


# A sentence led by a clause of its own ("While workers are paid a monthly wage of 3,000
# won, a kilogram of rice cost ..."): the pay words there end at its comma.
_EN_LEADING_WORDS = ("While", "Although", "Though", "Even though", "Whereas", "With")
_EN_LEADING_CLAUSE = re.compile(
    r"[\"“ ]*(?:While|Although|Though|Even\s+though|Whereas|With)\s(?:[^,;]|,(?=\d))*?(?P<end>,\s)"
)


# "..., enough for a kilogram of rice, which cost KPW 4,350": the good right before the
# relative clause is the one its price is of, though the clause before is about pay; so is
# the good before a colon and its unit ("buy less than 7 kg of rice: a kilogram sold for").
_COLON_PER_ONE = r":\s+(?:a|one)\s+(?:kilogram|kilo|liter|litre)\s"
_RELATIVE_PRICE = re.compile(rf",\s+which\s+(?:{P.EN_RELATIVE_PRICE_VERBS})\b|{_COLON_PER_ONE}")
_EN_PER_ONE = re.compile(_COLON_PER_ONE)


def _inside(at: int, spans: list[tuple[int, int]]) -> bool:
    return any(x <= at < y for x, y in spans)


def _after_dropped(at: int, spans: list[tuple[int, int]]) -> int:
    """Where the last span of pay or forecast words before `at` ends (0: none): a price
    after it names its own good."""
    return max((y for _, y in spans if y <= at), default=0)


def _not_market_from(s: str, ctx: P.Context, first: int) -> int:
    """Where what the pay, bribe or forecast words are about begins: their own clause and
    what follows it ("쌀 1kg이 5,800원인데, 노동자 월급은 3,000원", "6,200원에 팔려 가을에는
    7,000원을 기록할 것으로", "..., and traders expect it to keep rising"); a price told in
    a clause before them stays. 0 when they are in the first clause ("If rice reaches ...",
    "Miners receive ..., enough to buy"): they take the sentence. `first`: where the
    first such word is."""
    breaks = [P.CLAUSE_BREAK]
    if ctx is P.KO:
        breaks += [P.KO_CLAUSE_END, P.KO_CONNECTIVE, P.KO_ADNOMINAL]
    start = max((m.end() for b in breaks for m in b.finditer(s, 0, first)), default=0)
    if ctx is P.EN and _cued(_FUTURE_CUES, s[:start]) and _FUTURE.search(s, 0, start):
        return 0  # "Rice will cost KPW 6,000 by fall, traders predict": no price seen
    if ctx is P.EN and " that " in s[start:first]:
        # "jumped to KPW 18,000 on April 29 after rumors spread that China would cut off
        # crude oil": the words are the rumor's, a clause after the price
        causes = [m.start() for m in _EN_CAUSE_CLAUSE.finditer(s, start, first)]
        return causes[-1] if causes else start
    return start


# A clause of what was said or feared, told as the cause of a price: "after rumors spread
# that", "amid fears that", "because of reports that".
_EN_CAUSE_CLAUSE = re.compile(
    r"\b(?:after|because(?:\s+of)?|as|amid|following|over|with)\s+(?:[\w'’-]+\s+){0,3}?"
    r"(?:rumou?rs?|fears?|reports?|news|speculation|talk|worries|concerns?|word)\b"
    r"[^,;]{0,30}?\bthat\s",
    re.I,
)


_FUTURE = re.compile(r"\b(?:will|shall|going\s+to)\b|['’]ll\b", re.I)
_FUTURE_CUES = ("will", "shall", "going", "ll")


def _first_word(s: str, ctx: P.Context) -> int | None:
    """Where the first word of pay, bribes or expectations is (`ctx.not_market`, or its
    rarer words behind a substring test); in English by the lower-case twin where the
    two agree (any_of.py), the case-blind list being slow."""
    twin = EN_NOT_MARKET.lower if ctx is P.EN else None
    low = s.lower() if twin is not None else ""
    if twin is not None and len(low) == len(s) and not any(c in s for c in ODD_CASES):
        pattern, text = twin, low
    else:
        pattern, text = ctx.not_market, s
    m = pattern.search(text)
    while m and _rate_paid(s, m, ctx):
        m = pattern.search(text, m.end())  # "1달러에 1만원을 줘야", "paid ... for a dollar"
    starts = [m.start()] if m else []
    if ctx.not_market_rare is not None and _cued(ctx.rare_cues, s):
        rare = ctx.not_market_rare.search(s)
        starts += [rare.start()] if rare else []
    return min(starts, default=None)


_PASSIVE = re.compile(r"\b(?:is|are|was|were|be|been|being|get|gets|got|getting)\s+$", re.I)


def _rate_paid(s: str, m: re.Match[str], ctx: P.Context) -> bool:
    """Are the won paid ("원을 줘야", "had to pay KPW ...") paid for one unit of foreign
    money, its exchange rate, or for one unit of a good ("1kg은 ...원을 줘야"), its price?"""
    if ctx is P.EN:
        if m.group().lower() in ("paid", "pay") and P.EN_UNIT_PAID.match(s, m.end()):
            # "paid KPW 14,000 for a kilogram of pork": a buyer's price; not "farmers are
            # paid KPW 500 for a kilogram of corn" (what the state pays them)
            return _PASSIVE.search(s, 0, m.start()) is None
        cued = "dollar" in s or "yuan" in s
        return cued and P.EN_RATE_PAID.match(s, m.end()) is not None
    if not m.group().startswith("원을"):
        return False
    if m.group()[-1] in "줘준줬고" and P.KO_UNIT_GIVEN.search(s, 0, m.start()):
        return True  # "1kg은 2만 5000원을 줘야 산다": the good's price
    return bool(P.KO_RATE_PAID.search(s, 0, m.start()) or P.KO_RATE_BOUGHT.match(s, m.end()))


def _figure_outside(
    s: str,
    lang: str,
    spans: list[tuple[int, int]],
    matches: list[re.Match[str]] | None,
    offset: int,
) -> bool:
    """Is a price written outside `spans` (matches: the paragraph's, `s` at `offset`)?"""
    if matches is None:
        matches = list((P.EN_PRICE if lang == "en" else P.KO_PRICE).finditer(s))
        offset = 0
    return any(not _inside(m.start() - offset, spans) for m in matches)


def _cued(cues: tuple[str, ...], text: str) -> bool:
    """Could a case-blind pattern match `text`? Only if one of its words is there."""
    if not cues:
        return True
    pattern = _CUE_PATTERNS.get(cues)
    if pattern is None:
        pattern = _CUE_PATTERNS[cues] = _literals(cues)
    return pattern.search(text.lower()) is not None


_CUE_PATTERNS: dict[tuple[str, ...], re.Pattern[str]] = {}


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
# just talked about (price_patterns EN.same_good lets it go on).
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


# --- tables ----------------------------------------------------------------------------
_CELL_NUMBER = re.compile(r"(?<![\d,.])\d{1,3}(?:,\d{3})+(?![\d,])|(?<![\d,.])\d{3,7}(?![\d,.])")
# A quantity or money a table's label is counted in, and the units of exchange rates.
_MEASURE = r"kg|㎏|kilograms?|kilos?|킬로그램|킬로|l|ℓ|lit(?:er|re)s?|리터|KPW|won|원|₩"
_UNIT = rf"(?:(?:1\s*)?(?:{_MEASURE}|{P.KO_MONEY_UNIT}|{P.EN_MONEY_UNIT})|\$\s*1)"
# "(1kg)", "(KPW/kg)", "(원/kg)", "(won per kg)", "(1 kg, KPW)", "(1$)": a column's unit
_UNIT_PAREN = re.compile(rf"\(\s*(?:per\s+)?{_UNIT}(?:\s*(?:/|per|당|,)\s*{_UNIT})*\s*\)", re.I)
# ... and one written onto a good's label: "Rice/kg", "Rice, kg", "Rice per kg", "쌀 1kg",
# "쌀 1kg당", "Rice KPW/kg"; and the one unit an exchange rate is for: "USD 1", "1달러".
_LABEL_UNIT = re.compile(
    rf"(?:\s*[/,]\s*|\s*per\s+|\s*)(?:1\s*)?(?:{_MEASURE})(?:\s*(?:/|per)\s*(?:1\s*)?"
    rf"(?:{_MEASURE}))?\s*당?(?![A-Za-z가-힣])",
    re.I,
)
_ONE_AFTER = re.compile(r"\s*1(?![\d,.])(?:\s*당)?|\s*당")
_ONE_BEFORE = re.compile(r"(?<![\d,.])1\s*$")
# A city's market by its own name, after the city: "통일시장", "(Tongil market)".
_MARKET_NAME = re.compile(
    r"\s*\(?\s*(?:[A-Z][\w'’-]*\s+|[가-힣]{1,6}\s*)?(?:시장|[Mm]arket|장마당|jangmadang)\s*\)?"
)
# Between a table's cells: marks, the currency or unit of a cell ("5,900 won/kg"),
# "market" after a market's name, and the header of a column of changes ("등락").
_SEPARATOR = re.compile(
    r"^[\s|,\t/:·]*(?:(?:KPW|won|원|₩|kg|㎏|ℓ|당|markets?|시장|장마당|changes?|등락|변동|증감|±?0)"
    r"[\s|,\t/:·]*)*$",
    re.I,
)
# A number with its sign is a change since the last survey, in a column of its own.
_SIGNED = re.compile(r"(?<![\w,.])[+\-−]\d[\d,]*")
# An empty cell of a row: a dash or "N/A" where a market had no price that week.
_EMPTY_CELL = re.compile(r"(?<![^\s|])(?:-{1,2}|–|—|N/?A|n/?a|없음|미조사)(?![^\s|])")
# A line of a table that only says its unit: "Unit: KPW", "(단위: 원)", "KPW".
_UNIT_NOTE = re.compile(
    r"^\s*\(?\s*(?:(?:unit|단위)\s*[:：]?\s*)?(?:KPW|won|원|North\s+Korean\s+won|북한\s*(?:돈\s*)?원)"
    r"\s*\)?\s*$",
    re.I,
)


def table(lines: list[str], lang: str, lex: Lexicon, day: date, exact: bool) -> list[Observation]:
    """A table of markets by goods (or goods by markets): a header line naming two or more
    of one kind, then rows naming one of the other kind followed by as many numbers.
    Numbers in parentheses or behind arrows are changes since the last survey: dropped."""
    out: list[Observation] = []
    header: list[Name] = []
    header_line = ""
    for line in lines:
        clean = _UNIT_PAREN.sub(lambda m: " " * len(m.group()), P.TABLE_CHANGE.sub(_blank, line))
        if "+" in clean or "-" in clean:
            clean = _SIGNED.sub(_blank, clean)  # a change column: "5,080 | +30 | 8,060"
        found = lex.names(clean, lang)
        names = _without_redundant_provinces(lex, found)
        if len(names) < len(found):  # "Hyesan, Ryanggang | 6,000": the province only locates
            clean = _blank_spans(clean, [(n.start, n.end) for n in found if n not in names])
        clean = _label_units_blanked(clean, names)
        names = _one_per_label(clean, names)
        numbers = [m for m in _CELL_NUMBER.finditer(clean) if not _in_name(m, names)]
        if len(names) >= 2 and not numbers and _separated(clean, names):
            header = names if len({n.kind for n in names}) == 1 else []
            header_line = line
            continue
        if not header or len(names) != 1 or not numbers:
            continue
        if len(numbers) < len(header) and _EMPTY_CELL.search(clean):  # "5,900 | - | 6,150"
            empty = [m for m in _EMPTY_CELL.finditer(clean) if m.start() > names[0].end]
            numbers = sorted(numbers + empty, key=lambda m: m.start())
        if len(numbers) != len(header):
            continue
        label = names[0]
        if label.kind == header[0].kind or label.start > numbers[0].start():
            continue
        pieces = [clean[label.end : numbers[0].start()]] + [
            clean[x.end() : y.start()] for x, y in zip(numbers, numbers[1:], strict=False)
        ]
        if not all(_SEPARATOR.match(p) for p in pieces) and not _unchanged_marks(line, pieces):
            continue
        for i, (col, num) in enumerate(zip(header, numbers, strict=True)):
            good, place = (label, col) if label.kind != "place" else (col, label)
            if good.kind != "good" or not num.group()[0].isdigit():
                continue
            # the unit on the good's own label: its row, or its column's header cell
            cell = line if good is label else header_line[col.start : _next_start(header, i)]
            unit = EXCHANGE_UNITS.get(good.id) or P.unit_in(cell, lang) or DEFAULT_UNIT
            out.append(
                Observation(
                    date=day.isoformat(),
                    date_exact=exact,
                    market=lex.market_of(place),
                    commodity=good.id,
                    price=int(num.group().replace(",", "")),
                    currency=dates.currency_on(day),
                    unit=unit,
                    quote=line.strip(),
                    lang=lang,
                )
            )
    return out


# A cell's mark of no change written bare: "8,350 - 8,400", "8,350 보합 8,400", "→".
_UNCHANGED = re.compile(r"(?<![^\s|])(?:[-–—―→]|보합|불변)(?![^\s|])")


def _unchanged_marks(line: str, pieces: list[str]) -> bool:
    """In a row whose other cells carry their change ("8,300 ▲50 8,350 - 8,400 ▲100"), a
    bare dash or "보합" after a price is its no-change mark, not an empty cell (the row
    has a number for every column)."""
    if not (P.TABLE_CHANGE.search(line) or _SIGNED.search(line)):
        return False
    first, *between = pieces  # the label's gap: no price before it to be unchanged
    if not _SEPARATOR.match(first):
        return False
    return all(_SEPARATOR.match(_UNCHANGED.sub(_blank, p)) for p in between)


def _next_start(names: list[Name], i: int) -> int | None:
    return names[i + 1].start if i + 1 < len(names) else None


def _blank(m: re.Match[str]) -> str:
    return " " * len(m.group())


def _one_per_label(line: str, names: list[Name]) -> list[Name]:
    """Two names of one thing side by side are one label: "미화 1달러", "US dollar USD"."""
    out: list[Name] = []
    for n in names:
        if out and out[-1].id == n.id and not line[out[-1].end : n.start].strip():
            out[-1] = Name(out[-1].start, n.end, n.id, n.kind)
            continue
        out.append(n)
    return out


def _label_units_blanked(line: str, names: list[Name]) -> str:
    """The line with a unit written onto a good's label blanked ("Rice/kg", "쌀 1kg",
    "USD 1", "1달러"): a label's unit is no cell, and its "1" is no price; and so the
    market named after a city ("평양 통일시장", "Pyongyang (Tongil market)"). Never a
    span that holds another name ("쌀 달러" names two goods)."""
    spans = []
    for i, n in enumerate(names):
        limit = names[i + 1].start if i + 1 < len(names) else len(line)
        if n.kind == "place":
            market = _MARKET_NAME.match(line, n.end, limit)
            if market:
                spans.append(market.span())
            continue
        if n.kind != "good":
            continue
        after = _LABEL_UNIT.match(line, n.end, limit)
        if n.id in EXCHANGE_UNITS:
            after = after if after and after.end() > n.end else _ONE_AFTER.match(line, n.end, limit)
            before = _ONE_BEFORE.search(line, names[i - 1].end if i else 0, n.start)
            if before:
                spans.append(before.span())
        if after and after.end() > n.end:
            spans.append(after.span())
    return _blank_spans(line, spans)


def _blank_spans(line: str, spans: list[tuple[int, int]]) -> str:
    for x, y in spans:
        line = line[:x] + " " * (y - x) + line[y:]
    return line


def _in_name(m: re.Match[str], names: list[Name]) -> bool:
    return any(n.start <= m.start() < n.end for n in names)


def _separated(line: str, names: list[Name]) -> bool:
    """A header: names with nothing but separators (and a label like 구분, Market) between."""
    gaps = [line[x.end : y.start] for x, y in zip(names, names[1:], strict=False)]
    return all(_SEPARATOR.match(g) for g in gaps)


_PROSE_END = (".", "다", "?", "!", '"', "”", "’", ")")


def _is_table_line(line: str, lex: Lexicon, lang: str) -> bool:
    """A header or row of a table: short, not a sentence, naming a place or good."""
    if len(line) < 40 and _UNIT_NOTE.match(line):
        return True  # "Unit: KPW" between a table's header and rows: read on
    text = (_UNIT_PAREN.sub("", line) if "(" in line else line).rstrip()  # "달러(원)"
    if len(text) > 160 or text.endswith(_PROSE_END) and not _CELL_NUMBER.search(text[-12:]):
        return False
    if P.EN_SENTENCE.search(text) or ". " in text:
        return False
    # "North Korea", "북한": the whole country names no row's market (a caption's words)
    names = [
        n for n in lex.names(line, lang) if n.kind != "place" or _not_the_whole_country(n, lex)
    ]
    if not names or not (len(names) >= 2 or _CELL_NUMBER.search(line)):
        return False
    # A caption with its day ("2023년 10월 29일 ...", "Oct. 29, 2023"): read as a sentence,
    # it dates the table below; its year is no cell.
    return _DATED.search(line) is None


def _not_the_whole_country(place: Name, lex: Lexicon) -> bool:
    """A market or province, or a place abroad: not the country as a whole."""
    return place.id in lex.regions or place.id in lex.abroad


# A day written with figures only: "2023.10.29", "2023. 10. 29", "2023-10-29".
_NUMERIC_DAY = re.compile(
    r"(?<![\d,.])(?P<year>(?:19|20)\d\d)[./-]\s?(?P<month>\d{1,2})[./-]\s?(?P<day>\d{1,2})(?!\d)"
)
# A day or a year as written in a caption: "2023년", "10월 29일", "2023.10.29", "Oct. 29".
_DATED = re.compile(
    r"(?:19|20)\d\d\s?년|\d{1,2}\s?월\s?\d{1,2}\s?일|"
    + _NUMERIC_DAY.pattern
    + r"|\b(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
    r"Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?\s+\d{1,2}(?:st|nd|rd|th)?\b(?!,\d)"
)


def _caption_day(line: str, lang: str, pub: date) -> date | None:
    """The day named by the line right above a table, when that line is its caption (short,
    no sentence, no price: "Prices at North Korean markets on Oct. 29, 2023", "북한 시장 물가
    동향 (2023.10.29)"): the table's day, whether or not it names a survey."""
    text = line.strip()
    if len(text) > 120 or text.endswith((".", "다")) or _DATED.search(text) is None:
        return None
    if (P.EN_PRICE if lang == "en" else P.KO_PRICE).search(text):
        return None
    m = _NUMERIC_DAY.search(text)
    if m:
        return dates.resolve(pub, int(m["month"]), int(m["day"]), int(m["year"]))
    days = [d for d in dates.find(text, lang, pub) if d.exact]
    return days[0].day if days else None


# A table written on one line: "Dollar rate, May 12 (KPW): Pyongyang 8,100 / Sinuiju 8,120".
_CELL_SPLIT = re.compile(r"\s+[/|]\s+|;\s*")
_CELL_PRICE = re.compile(
    r"\s*:?\s*(?:(?:KPW|KWP|NKW)\s?)?(\d{1,3}(?:,\d{3})+|\d{3,7})\s*(?:won|KPW|원)?\s*\.?\s*$"
)


def one_line_table(
    line: str, lang: str, lex: Lexicon, carry: Carry, pub: date
) -> list[Observation]:
    """A heading naming one good (and maybe its day), then cells of a market and a number
    each, split by slashes, bars or semicolons. Every cell must be just that, or nothing
    is read: a sentence listing markets is read as a sentence."""
    cells = _CELL_SPLIT.split(P.TABLE_CHANGE.sub(_blank, line))
    if len(cells) < 2:
        return []
    pairs: list[tuple[Name, int]] = []
    heading = ""
    for n, cell in enumerate(cells):
        places = [x for x in lex.names(cell, lang) if x.kind == "place"]
        if not places:
            return []
        place = places[-1]
        m = _CELL_PRICE.match(cell, place.end)
        if not m or (n and cell[: place.start].strip()):
            return []
        pairs.append((place, bare(m[1])))
        heading = heading if n else cell[: place.start]
    goods = {g.id for g in lex.names(heading, lang) if g.kind == "good"}
    if len(goods) != 1 or any(p.id in lex.abroad for p, _ in pairs):
        return []
    good = goods.pop()
    days = [d for d in dates.find(heading, lang, pub) if d.exact]
    day, exact = (days[0].day, True) if days else (carry.day, True) if carry.day else (pub, False)
    unit = EXCHANGE_UNITS.get(good) or P.unit_in(heading, lang) or DEFAULT_UNIT
    return [
        Observation(
            date=day.isoformat(),
            date_exact=exact,
            market=lex.market_of(place),
            commodity=good,
            price=price,
            currency=dates.currency_on(day),
            unit=unit,
            quote=line.strip(),
            lang=lang,
        )
        for place, price in pairs
    ]


# A table's row labelled by its survey day: "10월 1일 5,000 5,100", "2023.10.1 5,000",
# "Oct. 1 5,000", "Oct. 1, 2023 5,000".
_ROW_DAY = re.compile(
    r"\s*(?P<label>(?:19|20)\d\d[./-]\s?\d{1,2}[./-]\s?\d{1,2}\.?"
    r"|(?:(?:19|20)\d\d\s?년\s*)?\d{1,2}\s?월\s?\d{1,2}\s?일"
    r"|(?:Jan|Feb|Mar|Apr|May|June?|July?|Aug|Sept?|Oct|Nov|Dec)[a-z]*\.?\s+\d{1,2}"
    r"(?:,\s*(?:19|20)\d\d)?)(?=[\s|,\t])"
)


def dated_rows(
    above: str, header: str, rows: list[str], lang: str, lex: Lexicon, pub: date
) -> list[Observation]:
    """A table of one good over time: markets as columns (the header), a survey day as
    each row's label, the good named in the header's corner or the line above it ("Rice
    prices (KPW/kg)"). Every row must be its day and one number per market, or it is
    skipped."""
    names = _one_per_label(header, lex.names(header, lang))
    places = [n for n in names if n.kind == "place"]
    corner = [n for n in names if n.kind != "place"]
    if len(places) < 2 or len({p.id for p in places}) < len(places) or len(corner) > 1:
        return []
    if corner and corner[0].start > places[0].start or not _separated(header, places):
        return []
    goods = corner or [n for n in lex.names(above, lang) if n.kind == "good"]
    if len({g.id for g in goods}) != 1 or goods[0].kind != "good":
        return []
    good = goods[0].id
    unit = EXCHANGE_UNITS.get(good) or P.unit_in(f"{above} {header}", lang) or DEFAULT_UNIT
    out: list[Observation] = []
    for row in rows:
        m = _ROW_DAY.match(row)
        day = _row_day(m["label"], lang, pub) if m else None
        if day is None:
            continue
        clean = P.TABLE_CHANGE.sub(_blank, row[m.end() :])
        clean = _SIGNED.sub(_blank, clean) if "+" in clean or "-" in clean else clean
        numbers = list(_CELL_NUMBER.finditer(clean))
        if len(numbers) < len(places) and _EMPTY_CELL.search(clean):  # "5,050 - 5,250"
            numbers = sorted(numbers + list(_EMPTY_CELL.finditer(clean)), key=lambda m: m.start())
        gaps = [clean[: numbers[0].start()]] if numbers else []
        gaps += [clean[x.end() : y.start()] for x, y in zip(numbers, numbers[1:], strict=False)]
        if len(numbers) != len(places) or not all(_SEPARATOR.match(g) for g in gaps):
            continue
        for place, num in zip(places, numbers, strict=True):
            if place.id in lex.abroad or not num.group()[0].isdigit():
                continue
            out.append(
                Observation(
                    date=day.isoformat(),
                    date_exact=True,
                    market=lex.market_of(place),
                    commodity=good,
                    price=bare(num.group()),
                    currency=dates.currency_on(day),
                    unit=unit,
                    quote=row.strip(),
                    lang=lang,
                )
            )
    return out


def _row_day(label: str, lang: str, pub: date) -> date | None:
    m = _NUMERIC_DAY.match(label)
    if m:
        return dates.resolve(pub, int(m["month"]), int(m["day"]), int(m["year"]))
    days = [d for d in dates.find(label, lang, pub) if d.exact]
    return days[0].day if days else None


# --- the article -----------------------------------------------------------------------
def extract(
    text: str,
    lang: str,
    published: str | date | None,
    gazetteer: entities.Gazetteer | None = None,
) -> list[Observation]:
    """Every market price observation in an article's text (paragraphs split by newlines)."""
    if lang not in ("en", "ko") or not P.ANY_PRICE.search(text):
        return []
    pub = dates.publication_day(published)
    if pub is None:
        return []
    lex = lexicon(gazetteer or entities.default())
    splitter = P.EN_SENTENCE if lang == "en" else P.KO_SENTENCE
    find_amounts = P.EN_PRICE.finditer if lang == "en" else P.ko_prices
    cues = P.EN_PRICE_CUES if lang == "en" else ("원",)
    carry = Carry()
    out: list[Observation] = []
    lines = [line for line in text.split("\n") if line.strip()]
    i = 0
    while i < len(lines):
        j = i
        while j < len(lines) and _is_table_line(lines[j], lex, lang):
            j += 1
        if j > i and j < len(lines) and _ROW_DAY.match(lines[j]):
            k = j + 1
            while k < len(lines) and _ROW_DAY.match(lines[k]):
                k += 1
            above = lines[j - 2] if j - 2 >= max(0, i - 1) else ""
            rows = dated_rows(above, lines[j - 1], lines[j:k], lang, lex, pub)
            if rows:
                out.extend(rows)
                i = k
                continue
        if j - i >= 2:
            caption = _caption_day(lines[i - 1], lang, pub) if i else None
            day, exact = (
                (caption, True) if caption else (carry.day, True) if carry.day else (pub, False)
            )
            rows = table(lines[i:j], lang, lex, day, exact)
            if rows:
                out.extend(rows)
                i = j
                continue
        line, i = lines[i], i + 1
        if " / " in line or " | " in line or ";" in line:
            rows = one_line_table(line, lang, lex, carry, pub)
            if rows:
                out.extend(rows)
                continue
        cued = survey_cued(line)
        survey = cued and survey_words(line)
        # No price without its currency ("won", "KPW", "원"): many paragraphs need no scan.
        matches = list(find_amounts(line)) if any(c in line for c in cues) else []
        starts = [m.start() for m in matches]
        if not starts and lang == "en" and " rate" in line:
            starts = [m.start(1) for m in P.EN_RATE_FIGURE.finditer(line)]
        if not starts and lang == "en" and "(KPW):" in line:  # a list's heading names the won
            starts = [line.index("(KPW):")]
        if not survey and not starts:
            carry.new_paragraph()  # the talk has moved on from the last prices
            continue  # most paragraphs: no price, nothing for the next ones either
        k = 0  # the paragraph's price matches, handed to the sentences they start in
        undated = 0  # how many of the last observations are of a sentence without a day
        quoted: list[tuple[int, int, int]] = []  # undated prices: (where, first, how many)
        last = 0  # where the sentence before starts
        for begin, end in _sentence_spans(line, splitter):
            while k < len(matches) and matches[k].start() < begin:
                k += 1
            first = k
            while k < len(matches) and matches[k].start() < end:
                k += 1
            has_amount = first < k if matches else any(begin <= x < end for x in starts)
            if has_amount or survey:
                s = line[begin:end]
                found = matches[first:k]
                previous = lines[i - 2] if i >= 2 else ""  # the paragraph before
                carry.that_day, carry.that_market = _that_day(
                    s, previous, line[:begin], lang, pub, lex
                )
                told, day = len(out), carry.day
                out.extend(
                    sentence(s, lang, pub, lex, carry, survey, has_amount, found, begin, cued)
                )
                if has_amount:
                    undated = _undated(out, told, pub)
                    opened = lang == "en" and begin and line.startswith(('"', "“"), begin)
                    said = _told_before(line, last, begin, pub) if undated and opened else None
                    if said is not None:  # '... told Daily NK on Sept. 6. "Diesel is ...'
                        out[-undated:] = [_dated(o, said) for o in out[-undated:]]
                        undated = 0
                    elif undated and lang == "en" and found:
                        quoted.append((found[0].start(), told, undated))
                elif undated and carry.day is not None and carry.day != day:
                    # "휘발유는 9500원에 판매되고 있다. 지난 12일 데일리NK 조사 결과다."
                    out[-undated:] = [_dated(o, carry.day) for o in out[-undated:]]
                    undated = 0
            else:
                talk = _PRICE_TALK.search(line, begin, end) is not None
                prices_after = bool(starts) and starts[-1] >= end  # a city for them to take
                if talk or prices_after:
                    _context(line[begin:end], lang, lex, carry, talk, prices_after)
            if quoted and ('"' in line[begin:end] or "”" in line[begin:end]):
                quoted = _told_on(line, begin, end, pub, quoted, out)
            last = begin
    return _unique(out)


def _told_before(line: str, begin: int, end: int, pub: date) -> date | None:
    """The day a source told the quote that the sentence line[begin:end] closes ('..."
    a source told Daily NK on Sept. 6.'): a quote opened right after it goes on with
    what the source said that day, and its undated prices take it."""
    told = P.EN_TOLD_AFTER_QUOTE.search(line, begin, end)
    if told is None:
        return None
    days = [d for d in dates.find(told["rest"], "en", pub) if d.exact]
    return days[0].day if days else None


def _respectively(
    s: str, lang: str, free: list[dates.DateMention], found: list[Amount]
) -> dict[int, dates.DateMention]:
    """Days and prices paired in order ("28일과 11일 ... 각각 4,100원과 4,350원", "on Dec.
    28 and Jan. 11 ... KPW 4,100 and KPW 4,350 respectively"): as many exact days, all
    before the first price, as prices."""
    days = [d for d in free if d.exact]
    if len(days) < 2 or len(days) != len(found) or days[-1].end > found[0].start:
        return {}
    return {id(a): d for a, d in zip(found, days, strict=True)}


def _told_on(
    line: str,
    begin: int,
    end: int,
    pub: date,
    quoted: list[tuple[int, int, int]],
    out: list[Observation],
) -> list[tuple[int, int, int]]:
    """'"Rice goes for 1,800 won. ...," the source explained on Feb. 6.': the day a source
    told a quote dates the undated prices of its earlier sentences (in place, in `out`);
    what is left of `quoted` (the undated prices outside that quote)."""
    told = P.EN_TOLD_AFTER_QUOTE.search(line, begin, end)
    if told is None:
        return quoted
    days = [d for d in dates.find(told["rest"], "en", pub) if d.exact]
    if not days:
        return quoted
    close = told.start() + 1
    opening = max(line.rfind('"', 0, close), line.rfind("“", 0, close))
    if opening < 0 or "”" in line[opening:close]:
        return quoted
    for where, first, count in quoted:
        if where > opening:
            out[first : first + count] = [
                _dated(o, days[0].day) for o in out[first : first + count]
            ]
    return [q for q in quoted if q[0] < opening]


def _undated(out: list[Observation], told: int, pub: date) -> int:
    """How many of a sentence's observations (out[told:]) fell back on the publication
    day: all of them, or none (0)."""
    said = out[told:]
    if said and all(not o.date_exact and o.date == pub.isoformat() for o in said):
        return len(said)
    return 0


def _dated(o: Observation, day: date) -> Observation:
    """The observation on the survey day a next sentence names."""
    return replace(o, date=day.isoformat(), date_exact=True, currency=dates.currency_on(day))


# A sentence on a good's price without a figure: "Rice prices have risen across the
# country.", "쌀값이 크게 올랐다." (tried only in a paragraph that has prices).
# ... or on its movement: "The dollar just keeps going up."
_PRICE_TALK = re.compile(
    r"[Pp]rices?\b|값|가격|시세|\b(?:going\s+(?:up|down)|rising|soaring|climbing|falling)\b"
)


def _context(
    s: str, lang: str, lex: Lexicon, carry: Carry, price_talk: bool, prices_after: bool
) -> None:
    """What a sentence without prices says for the next ones of its paragraph: the good
    their prices are about, when it talks of prices ("Rice prices have risen across the
    country. In Pyongyang, a kilogram sold for KPW 4,700"; several goods, none of them),
    and the one city it is about ("In Chongjin, ...", "Police in Hoeryong ...")."""
    names = lex.names(s, lang)
    goods = {n.id for n in names if n.kind == "good"}
    carry.named = next(iter(goods)) if len(goods) == 1 else None
    if price_talk and goods:
        carry.good = goods.pop() if len(goods) == 1 else None
    if prices_after:
        _name_market(lex, carry, names)


def _name_market(lex: Lexicon, carry: Carry, names: list[Name]) -> None:
    """The one market a sentence without prices names is the one the next prices of its
    paragraph that name none are from ("Following the sanctions, traders in Sinuiju ...
    Gasoline sold for KPW 12,000 at the city's Chaeha market"). A province or a place
    abroad says nothing of a market; two markets, no guess: the carry stays."""
    markets = {n.id for n in names if n.kind == "place" and n.id in lex.markets}
    if len(markets) == 1:
        carry.market, carry.has_market, carry.ambiguous = markets.pop(), True, False


# A day some price is compared with: "지난달 25일 조사(6,100원) 때보다", "9일과 비교하면".
_COMPARED = re.compile(rf"[^.\n]{{0,20}}?(?:{P.KO_COMPARED})")
# "이날", "그날", "같은 날", "that day", "the same day": the day named just before.
_THAT_DAY = re.compile(r"이날|그날|당일|같은\s?날|\b(?:that|the\s+same)\s+day\b", re.I)


# The day of an earlier survey's value: "up from 1,850 won on", "compared to KPW 7,500 on".
_LOOK_BACK_DAY = re.compile(
    r"\b(?:from|than|compared\s+(?:to|with)|versus)\s+(?:KPW\s?|KWP\s?)?\d[\d,]*\s*(?:won\s+)?"
    r"(?:on\s+)?$"
)


def _that_day(
    s: str, previous: str, before: str, lang: str, pub: date, lex: Lexicon
) -> tuple[date | None, str | None]:
    """The last day named before a sentence that points back to it, in its paragraph or the
    one before ("지난 12일 혜산 시장에서 단속이 벌어졌다. 이날 쌀은 ..."), and the market
    named in that day's sentence when it names one only; substrings first, most sentences
    have none."""
    if ("날" not in s and "day" not in s and "Day" not in s) or not _THAT_DAY.search(s):
        return None, None
    text = f"{previous}\n{before}"
    days = [d for d in dates.find(text, lang, pub) if d.exact]
    if len(days) > 1:
        if lang == "en":  # "..., up from 1,850 won on March 7. ... that day"
            days = [d for d in days if not _LOOK_BACK_DAY.search(text, 0, d.start)] or days
        else:  # not a day compared with ("25일 조사(6,100원) 때보다")
            days = [d for d in days if not _COMPARED.match(text, d.end)] or days
    if not days:
        return None, None
    splitter = P.EN_SENTENCE if lang == "en" else P.KO_SENTENCE
    start = max((m.end() for m in splitter.finditer(text, 0, days[-1].start)), default=0)
    start = max(start, text.rfind("\n", 0, days[-1].start) + 1)
    end = splitter.search(text, days[-1].end)
    said = text[start : end.start() if end else len(text)]
    markets = {lex.market_of(n) for n in lex.names(said, lang) if n.kind == "place"}
    return days[-1].day, markets.pop() if len(markets) == 1 else None


def _sentence_spans(line: str, splitter: re.Pattern[str]) -> list[tuple[int, int]]:
    """(start, end) of each sentence of a paragraph."""
    spans, begin = [], 0
    for m in splitter.finditer(line):
        spans.append((begin, m.start("gap")))
        begin = m.end("gap")
    spans.append((begin, len(line)))
    return spans


def _unique(found: list[Observation]) -> list[Observation]:
    """One observation per key within an article (a figure repeated in the summary)."""
    seen: dict[tuple, Observation] = {}
    for obs in found:
        seen.setdefault(obs.key(), obs)
    return list(seen.values())


# --- articles as stored ----------------------------------------------------------------
def of_article(body: list[str], lang: str | None, published: str | None) -> list[dict]:
    """Observations of a stored (or just parsed) article's paragraphs, as dicts for the
    store."""
    found = extract("\n".join(body or []), lang or "", published)
    return [o.to_dict() for o in found]


def rederive(store) -> int:
    """Derive every stored article's observations again (after the extractor changed);
    survey rows stay as imported. Returns the number of observations."""
    total = 0
    for rec in store.articles():
        found = of_article(rec.get("body") or [], rec.get("lang"), rec.get("published"))
        store.replace_article_prices(rec["url"], rec.get("lang"), found)
        total += len(found)
    return total
