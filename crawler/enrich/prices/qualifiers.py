"""What makes an amount no market price: a state-set price, pay, a bribe, a fine or a
forecast around it, or an earlier value without its own day."""

from __future__ import annotations

import re

from crawler.enrich.prices import dates
from crawler.enrich.prices import patterns as P
from crawler.enrich.prices.amounts import EN_NOT_MARKET, Amount, clause_left
from crawler.enrich.prices.any_of import ODD_CASES
from crawler.enrich.prices.names import Name


def _literals(words: tuple[str, ...]) -> re.Pattern[str]:
    """Is any of `words` in a text? One scan of the regex engine, not a Python loop of
    substring tests (the cues are tried several times on every amount)."""
    return re.compile("|".join(re.escape(w) for w in words))


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
    if ctx is P.EN and ", so " in s:
        end, on = _en_pay_then_so(s, start, first, end, on)
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


def _en_pay_then_so(s: str, start: int, first: int, end: int, on: int) -> tuple[int, int]:
    """Where a clause of pay words without a figure of its own ends at ", so" ("People who
    live on state wages cannot touch white rice, so they eat corn at 2,300 won"): what
    follows is what they do at the market's price. Not when the pay has a figure."""
    so = s.find(", so ", first, end)
    if so < 0 or not _PAY_WORD.match(s, first) or P.EN_PRICE.search(s, start, so):
        return end, on
    return so, so + 5


_PAY_WORD = re.compile(r"(?:wages?|salar(?:y|ies)|pay|paid|earn|income)\b", re.I)


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


_EN_MODALS = ("must", "have to", "has to", "had to")
_MODAL_PAY = re.compile(r"\s+pay(?=\s)")
_PASSIVE = re.compile(r"\b(?:is|are|was|were|be|been|being|get|gets|got|getting)\s+$", re.I)


def _rate_paid(s: str, m: re.Match[str], ctx: P.Context) -> bool:
    """Are the won paid ("원을 줘야", "had to pay KPW ...") paid for one unit of foreign
    money, its exchange rate, or for one unit of a good ("1kg은 ...원을 줘야"), its price?"""
    if ctx is P.EN:
        if m.group().lower() in ("paid", "pay") and P.EN_UNIT_PAID.match(s, m.end()):
            # "paid KPW 14,000 for a kilogram of pork": a buyer's price; not "farmers are
            # paid KPW 500 for a kilogram of corn" (what the state pays them)
            return _PASSIVE.search(s, 0, m.start()) is None
        if m.group().lower() in _EN_MODALS and "pay" in s:  # "you now have to pay 13,000
            pay = _MODAL_PAY.match(s, m.end())  # won for a kilogram": the buyer's, too
            if pay is not None and P.EN_UNIT_PAID.match(s, pay.end()):
                return True
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
