"""One sentence's observations (sentence()): its amounts (amounts.py), less those
qualified away (qualifiers.py, currencies.py), each tied to a good, place and day (binding.py)."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date

from crawler.enrich.prices import dates
from crawler.enrich.prices import patterns as P
from crawler.enrich.prices.amounts import Amount, amounts, date_after
from crawler.enrich.prices.any_of import AnyOf
from crawler.enrich.prices.binding import (
    _as_meant,
    _carry_from_context,
    _day_for,
    _good_for,
    _in_order,
    _name_market,
    _place_for,
    _relative_clauses,
    _unit,
    _without_redundant_provinces,
    _without_sources_province_of,
    _without_sources_provinces,
)
from crawler.enrich.prices.currencies import (
    _converted,
    _foreign_sums,
    _listed_rates,
    _per_hundred,
    _rate_amount,
)
from crawler.enrich.prices.names import EXCHANGE_UNITS, Lexicon, Name
from crawler.enrich.prices.qualifiers import (
    _EN_PER_ONE,
    _RELATIVE_PRICE,
    _after_dropped,
    _cued,
    _day_before,
    _figure_outside,
    _first_word,
    _inside,
    _listed_on,
    _may_keep_a_clause,
    _not_market_spans,
    _qualified_away,
)
from crawler.enrich.prices.records import Carry, Observation
from crawler.enrich.prices.survey_cues import survey_words


def _never(text: str) -> bool:
    return False


# Tried on every good and amount a sentence ties together.
_BULK_FIGURE, _BULK_WORD = AnyOf(P.BULK_FIGURE), AnyOf(P.BULK_WORD)


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
        obs = Observation.on(
            day,
            date_exact=exact,
            market=market,
            commodity=good.id,
            price=price,
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


def _per_one(s: str, lang: str, a: Amount) -> bool:
    """Is the amount told per one unit right before it ("1kg당 4800원")? Then a bulk
    quantity between it and its good is another clause's ("1톤에 3500위안에 넘겨지는데")."""
    if lang == "en":  # "less than 7 kg of rice: a kilogram sold for KPW 7,500"
        return _EN_PER_ONE.search(s, max(0, a.start - 40), a.start) is not None
    m = P.KO_PER_UNIT_BEFORE.search(s, max(0, a.start - 12), a.start)
    return m is not None and m.group("n") in ("", "1")


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
