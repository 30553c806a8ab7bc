"""The words of price passages, per language: named patterns and one table of units.

Names of goods, currencies and places come from the gazetteer; this module holds only what
the gazetteer does not: how a price is written, which words make a number something other
than a market price (a change, a bound, a range, a bribe), and the units.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

# --- amounts ---------------------------------------------------------------------------
_NUM = r"\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?"
# "KPW 6,100", "KWP 6,100" (a source typo), "NKW 6,100", "6,100 won", "6,100 North Korean
# won", "6,100 KPW", "3.2 thousand won", "KPW 1.5 million".
# Each alternative starts with a character, not an assertion (the word boundary and the
# no-digit-before checks come right after it): Python's regex engine then skips ahead to
# the candidate characters instead of trying the pattern at every position (3x faster).
CODES = ("KPW", "KWP", "NKW")  # how the won is written as a code (KWP: a source typo)
_CODE = "(?:" + "|".join(rf"{c}\s?" for c in CODES) + ")?"  # before an amount, if any
_TIMES = r"(?:\s(?P<times_{}>thousand|million))?"  # "3.2 thousand won"
# NKW is matched from its K: an alternative starting with N would stop the scan at every
# capital N ("North Korea"), a third slower; en_start gives the amount's real start.
EN_PRICE = re.compile(
    rf"K(?:(?<!\wK)(?:PW|WP)|(?<=(?<!\w)NK)W)\s?(?P<a>{_NUM})"
    + _TIMES.format("a")
    + r"(?!\s*(?:million|billion|thousand|%|percent))"
    r"|(?P<b>\d(?<![\d,.]\d)(?:\d{0,2}(?:,\d{3})+|\d*(?:\.\d+)?))"
    + _TIMES.format("b")
    + r"\s?(?:North\s+Korean\s+|new\s+)?(?:won|KPW|NKW)\b"
)
# Every EN_PRICE match holds one of these (and every KO_PRICE match a 원): a paragraph
# without them needs no scan for amounts.
EN_PRICE_CUES = ("won", *CODES)
# "8200원", "5,800원", "1만 2500원", "8천원", "1만원", "2천 500원"
KO_PRICE = re.compile(
    r"(?=\d)(?<![\d,.])(?:(?P<man>\d{1,3}(?:,\d{3})*|\d+)\s?만\s?)?"
    r"(?:(?P<cheon>\d)\s?천\s?)?(?:(?P<baek>\d)\s?백\s?)?"
    # not "1원(위안)", "1원(元)": the North's word for a yuan, the foreign unit of a rate
    r"(?P<n>\d{1,3}(?:,\d{3})+|\d+)?\s?원(?!\s?[대화]|\s?\((?:위안|元)\))"
)
# What a KO_PRICE match holds before its closing 원, besides digits and spaces: keep in step
# with KO_PRICE (tests/test_price_scan.py checks ko_prices against it).
_KO_AMOUNT_CHARS = frozenset(",만천백")


def ko_prices(text: str) -> Iterator[re.Match[str]]:
    """KO_PRICE.finditer(text), found from each 원 back. The pattern opens with a look-ahead
    for a digit, which the engine tries at every position of a paragraph; but a match ends
    at a 원 and begins in the run of digits, spaces, commas and 만/천/백 just before it, so
    the search can start there (nothing before that run can begin a match)."""
    pos, find, search = 0, text.find, KO_PRICE.search
    while (won := find("원", pos)) >= 0:
        start = won
        while start > pos and (
            (c := text[start - 1]).isdecimal() or c.isspace() or c in _KO_AMOUNT_CHARS
        ):
            start -= 1
        m = search(text, start)
        if m is None:
            return
        yield m
        pos = m.end()


# A bare number listed before a price that carries the currency ("5,000, 5,100 and 5,300
# won"), and one listed after a price and its place ("KPW 4,800 in Pyongyang, 4,850 in ...").
_BARE = r"(?<![\w.,])(\d{1,3}(?:,\d{3})+|\d{3,6})(?![\w%]|[.,]\d)"
_LIST_SEP = r"(?:\s*,\s*(?:and\s+)?|\s+and\s+)"
LISTED_BEFORE = re.compile(rf"{_BARE}{_LIST_SEP}$")
LISTED_AFTER = re.compile(
    r"\s+(?:in|at)\s+(?:the\s+)?[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*){0,3}"
    rf"{_LIST_SEP}{_BARE}(?=\s+(?:in|at)\s+[A-Z])"
)
# ... and one listed right after a price whose code comes first ("KPW 1,190, 1,195 and 1,200").
LISTED_AFTER_CODE = re.compile(rf"{_LIST_SEP}{_BARE}")
# The codes English text writes a foreign currency with, written once.
EN_RATE_CODES = ("USD", "CNY", "RMB")
_CODES = "|".join(EN_RATE_CODES)

# An exchange rate written without the won: "the won-dollar exchange rate was 8,250 on Dec. 4".
EN_RATE_FIGURE = re.compile(
    r"rate(?<![A-Za-z]rate)\b[^.;:]{0,60}?\b(?:was|were|stood\s+at|stands\s+at|remained\s+at|reached|hit|"
    r"at|(?:climbed|rose|risen|jumped|surged|soared|fell|fallen|dropped|slipped|edged\s+(?:up|down))\s+to)"
    r"\s+(?:about\s+|around\s+)?(\d{1,3}(?:,\d{3})+|\d{3,6})(?![\w%]|[.,]\d)"
    rf"(?!\s*(?:[-–~]|to\b|percent|won|KPW|NKW|yuan|dollars?|{_CODES}))"
)

# What a Korean value is compared with: "평양(6,200원)보다", "9일과 비교하면".
KO_COMPARED = r"보다|에\s*비해|대비|[과와]\s*비교"

# The foreign units of an exchange rate as Korean text writes them, written once: the
# dollar ("달러", "딸라", "USD") and the yuan ("위안", "元" in a table's label, "CNY").
KO_DOLLAR = r"달러|딸라|USD"
KO_YUAN = r"위안|元|CNY"
KO_MONEY_UNIT = rf"{KO_DOLLAR}|{KO_YUAN}"
EN_MONEY_UNIT = rf"{_CODES}|yuan|dollars?|US\$|\$"

# Money in another currency ("10 yuan", "USD 8,000", "$3,000", "6위안", "3,000달러"), and the
# words between it and the same sum told in won ("..., about 1,400 won", "북한 돈으로 약").
_SUM = r"(?<![\d,.])(?P<{}>\d{{1,3}}(?:,\d{{3}})+|\d+)(?:\.\d+)?"  # group: the whole number
EN_FOREIGN_SUM = re.compile(
    rf"(?:US\$|\$|\b(?:{_CODES})\s?)" + _SUM.format("n") + r"(?:\s?(?:thousand|million))?"
    r"|" + _SUM.format("n2") + rf"(?:\s?(?:thousand|million))?\s?(?:yuan|dollars?|{_CODES})\b"
)
KO_FOREIGN_SUM = re.compile(_SUM.format("n") + rf"\s?(?:만\s?)?(?:{KO_MONEY_UNIT})")
# An exchange rate told for 100 units ("100 Chinese yuan fetched KPW 122,000", "KPW 122,000
# per 100 yuan", "100위안은 북한 돈 12만 2,000원", "100위안당"): won per 100, not per 1.
_HUNDRED_EN = r"(?<![\d,.])100\s+(?:Chinese\s+|U\.?S\.?\s+)?(?:yuan|CNY|RMB|dollars|USD)\b"
EN_PER_HUNDRED = re.compile(
    rf"{_HUNDRED_EN}(?=\s*=|\s+(?:traded|fetched|sold|went|was|were|equal|exchanged|bought|cost))"
    rf"|\b(?:per|for|to|against)\s+(?:every\s+)?{_HUNDRED_EN}"
)
KO_PER_HUNDRED = re.compile(
    rf"(?<![\d,.])100\s?(?:{KO_MONEY_UNIT})(?:당|(?=(?:은|는|이|에)\s*(?:북한\s*돈\s*)?\d))"
)
EN_CONVERTED = re.compile(
    r"(?:\s+(?:per|a|for\s+(?:one|a|1))\s+(?:kilogram|kilo|kg|liter|litre)s?)?[\s,(]*"
    r"(?:(?:or|about|roughly|around|approximately|some|nearly|almost|equivalent\s+to|worth)"
    rf"[\s,]+)*{_CODE}",
    re.I,
)
KO_CONVERTED = re.compile(
    r"(?:\s*(?:kg|㎏|킬로그램)?당)?[\s,(]*(?:(?:북한\s*)?돈으로|내화로|북한\s*원화로)?\s*"
    r"(?:약|대략|환산하면|환산\s*시)?\s*"
)
# Quick test: could this text hold a price (or a table of them) at all? Most articles do not.
# A table may name the won only in its column units ("쌀(원/kg)", "(won/kg)", "단위: 원",
# "단위: 북한 돈 원") or its caption ("unit: won", "(in won)", "(North Korean won)", "...,
# in won)"), and write its cells without commas ("5400").
ANY_PRICE = re.compile(
    r"KPW|KWP|NKW|\d\s?(?:North Korean |thousand |million |new )?won\b|\d\s?[만천백]?\s?원"
    r"|\d,\d\d\d|\(\s?(?:원|(?:in )?(?:North Korean )?won\b)|단위\s?:\s?(?:북한\s?(?:돈\s?)?)?원"
    r"|nits?\s?:\s?(?:North Korean )?[Ww]on\b|in (?:North Korean )?won\)"
)


_TIMES_VALUE = {None: 1, "thousand": 1_000, "million": 1_000_000}


def en_start(m: re.Match[str]) -> int:
    """Where an EN_PRICE amount starts ("NKW 5,150" is matched from its K)."""
    start = m.start()
    return start - 1 if m["a"] and m.string.startswith("NKW", start - 1) else start


def en_amount(m: re.Match[str]) -> int:
    raw = m["a"] or m["b"]
    return round(float(raw.replace(",", "")) * _TIMES_VALUE[m["times_a"] or m["times_b"]])


def ko_amount(m: re.Match[str]) -> int | None:
    if not (m["man"] or m["cheon"] or m["baek"] or m["n"]):
        return None
    man = int(m["man"].replace(",", "")) if m["man"] else 0
    cheon = int(m["cheon"]) if m["cheon"] else 0
    baek = int(m["baek"]) if m["baek"] else 0
    n = int(m["n"].replace(",", "")) if m["n"] else 0
    return man * 10_000 + cheon * 1_000 + baek * 100 + n


# --- what a number next to a price means ------------------------------------------------
# Words of movement: "up from KPW 5,900" is an earlier value, "from KPW 5,000 to 6,000" a range.
_MOVED = (
    r"up|down|rose|risen|rising|jumped|jumping|climbed|climbing|increased|increasing|fell|"
    r"fallen|falling|dropped|dropping|declined|declining|decreased|went\s+up|went\s+down|"
    r"soared|surged|plunged|plummeted|spiked|skyrocketed|slipped|edged\s+(?:up|down)|"
    r"rise|increase|jump|drop|decrease|decline|fall|gain|surge|hike|spike|climb|dip"
)
EN_MOVED_BEFORE_FROM = re.compile(rf"\b(?:{_MOVED})\s+(?:\w+\s+){{0,3}}from\s+{_CODE}$", re.I)
EN_FROM_TO_FIRST = (
    re.compile(rf"\bfrom\s+{_CODE}$", re.I),
    re.compile(rf"^(?:\s*won)?\s+to\s+{_CODE}\d", re.I),
)
EN_FROM_TO_SECOND = re.compile(rf"\bfrom\s+{_CODE}[\d,]+\s*(?:won\s+)?to\s+{_CODE}$", re.I)
# A movement to the amount: "rose to 8,600 won over the same period", "went up to KPW
# 3,500", "has gone up to 2,200 won", "pushed the price of rice up to KPW 6,300": the new
# price, not a change or bound.
EN_MOVED_TO = re.compile(
    r"\b(?:(?:rose|risen|climbed|jumped|soared|surged|fell|fallen|dropped|declined|plunged|"
    r"plummeted|skyrocketed|spiked|tumbled|slipped|increased|decreased|edged\s+(?:up|down)|"
    r"(?:went|gone|goes|crept|shot)\s+(?:up|down))"
    r"(?:\s+(?:again|further|sharply|quickly))?\s+to"
    r"|(?:pushed|drove|driven|sent)\b[^.;]{0,40}?\b(?:up|down)\s+to)"
    rf"\s+(?:about\s+|around\s+)?{_CODE}$",
    re.I,
)
# A multiple or part of another value: "three times", "twice", "double", "half".
EN_MULTIPLE = (
    r"(?:(?:two|three|four|five|six|ten|\d+(?:\.\d+)?)\s+times|twice|double|triple|treble|"
    r"quadruple|half)"
)
# Between two amounts: "KPW 4,000 to KPW 4,500" (a range unless a movement or change).
EN_TO_BETWEEN = re.compile(rf"(?:\s*(?:North\s+Korean\s+)?won)?\s+to\s+{_CODE}$", re.I)
# Last words before an amount that end none of the EN left-side patterns (bound, change,
# range, earlier, foreign money): "sold for KPW 6,100" needs none of them tried. Keep this
# in step with those patterns: a word here must never be their last word (nor a filler).
EN_PLAIN_BEFORE = frozenset(
    [
        "for",
        "at",
        "was",
        "were",
        "is",
        "are",
        "be",
        "been",
        "cost",
        "costs",
        "costing",
        "fetched",
        "fetch",
        "fetches",
        "fetching",
        "sold",
        "selling",
        "sells",
        "traded",
        "trading",
        "trades",
        "priced",
        "reached",
        "hit",
        "stood",
        "stands",
        "remained",
        "remains",
        "stayed",
        "stays",
        "recorded",
        "demanded",
        "asked",
        "charged",
        "went",
        "going",
        "goes",
        "currently",
        "now",
    ]
)
KO_RANGE_PAIR = re.compile(
    r"^\s*(?:에서|과|와|~|-|–)\s*\d[\d,]*\s?(?:만\s?[\d,]*)?\s?원?\s*(?:사이|선)"
)


@dataclass(frozen=True)
class Context:
    """Patterns on the text just before (`left`) and after (`right`) an amount."""

    bound_left: re.Pattern[str]
    bound_right: re.Pattern[str]
    change_left: re.Pattern[str]
    change_right: re.Pattern[str]
    range_left: re.Pattern[str]
    range_right: re.Pattern[str]
    earlier_left: re.Pattern[str]
    earlier_right: re.Pattern[str]
    average: re.Pattern[str]
    not_market: re.Pattern[str]  # bribes, fines, wages, state-set prices: the whole sentence
    rate_word: re.Pattern[str]
    state: re.Pattern[str]  # a state-set price: next to the one amount it qualifies
    earlier_clause: re.Pattern[str]  # "Two weeks earlier, ...", "2주 전만 해도"
    same_good: re.Pattern[str]  # a sentence that goes on about the last good: "it sold for"
    foreign_money_left: re.Pattern[str]
    # Rarer words of `not_market`, tried only when one of `rare_cues` is in the sentence.
    not_market_rare: re.Pattern[str] | None = None
    rare_cues: tuple[str, ...] = ()
    # Lower-case words without one of which `state` / `earlier_clause` cannot match (a
    # substring test is cheaper than the case-blind pattern); empty: always try it.
    state_cues: tuple[str, ...] = ()
    earlier_cues: tuple[str, ...] = ()
    earlier_left_cues: tuple[str, ...] = ()  # ... and so for `earlier_left` (as written)


EN = Context(
    bound_left=re.compile(
        # not "hand over KPW 8,100 for one dollar": a sum handed, not a bound
        r"\b(?:(?<!hand\s)(?<!hands\s)(?<!handed\s)(?<!handing\s)over|more\s+than|less\s+than|fewer\s+than|under|above|below|at\s+least|"
        r"at\s+most|up\s+to|nearly|almost|exceed(?:ing|ed|s)?|top(?:ped|ping)?|past|beyond|"
        r"surpass(?:ed|ing)?|pass(?:ed|es|ing)|upwards\s+of|as\s+(?:much|high|low)\s+as|no\s+more\s+than|"
        r"broke(?:\s+through)?|crossed|near|short\s+of|shy\s+of|close\s+to|approach(?:ing|ed|es)?)"
        rf"\s+(?:the\s+)?{_CODE}$",
        re.I,
    ),
    bound_right=re.compile(
        r"^\S*\s*(?:or\s+(?:more|higher|less|lower|above|so)|and\s+(?:above|up)|plus|mark|level|line)\b",
        re.I,
    ),
    change_left=re.compile(
        r"(?:\bby|\b(?:rose|risen|jumped|climbed|increased|fell|fallen|dropped|declined|"
        r"decreased|went\s+up|went\s+down|gained|lost|up|down|rise|drop|increase|decrease|"
        r"jump|fall|hike|gain)(?:\s+(?:of|by))?|"
        r"(?:increase|rise|drop|decrease|fall|jump|gain|hike|spike|surge|decline|difference)s?"
        rf"\s+of)\s+(?:about\s+|around\s+|roughly\s+|some\s+)?{_CODE}$",
        re.I,
    ),
    change_right=re.compile(
        r"^(?:\s+won)?\s*(?:\([^)]{0,12}\)\s*)?"
        r"(?:(?:per|a)\s+(?:kilogram|kilo|kg|liter|litre)\s+)?(?:higher|lower|more|less|cheaper|dearer|"
        r"(?:up|down)(?!\s+from)|increase|decrease|"
        r"rise|drop|jump|hike|gain|fall|over\s+the|compared|difference|"
        # "some KPW 1,500 below market prices": how far from a price, not one
        r"(?:below|above|under)\s+(?:the\s+)?(?:market|state|official|average|jangmadang))\b",
        re.I,
    ),
    range_left=re.compile(
        rf"\d\s*(?:won)?\s*(?:[-–~]|\sor\s)\s*{_CODE}$|\bbetween\s+{_CODE}(?:[\d,]+\s*(?:won\s+)?and\s+"
        rf"{_CODE})?$|\brang(?:e|ed|es|ing)\s+(?:from\s+)?{_CODE}$"
        # "hovered around KPW 5,000": a level over a time, as "5,000원 선에서 오르내리고"
        rf"|\b(?:hover|fluctuat|oscillat)\w*\s+(?:around|about|near)\s+(?:the\s+)?{_CODE}$"
        # "around 40 to 50 won": a range told with "to" (not "from 40 to 50", "by 400 to")
        rf"|(?<!from\s)(?<!by\s)\b(?:around|about|roughly|approximately|some|between)\s+"
        rf"\d[\d,]*\s+to\s+{_CODE}$",
        re.I,
    ),
    range_right=re.compile(
        rf"^(?:\s*won)?\s*(?:[-–~]|\sor\s)\s*{_CODE}\d|^\s*(?:won\s+)?range\b", re.I
    ),
    earlier_left=re.compile(
        rf"\b(?:{_MOVED})\s+(?:\w+\s+){{0,2}}from\s+(?:the\s+|a\s+)?"
        rf"(?:about\s+|around\s+)?{_CODE}$"
        r"|\b(?:compared\s+(?:to|with)|than|previously|earlier|before|versus|vs\.?|from|"
        r"from\s+a\s+(?:previous|prior)\s+)\s+(?:about\s+|around\s+|just\s+|only\s+)?"
        rf"{_CODE}$"
        # "three times the 100 won it fetched in December": a multiple of an earlier value
        rf"|\b{EN_MULTIPLE}\s+(?:the\s+)?(?:about\s+|around\s+)?{_CODE}$",
        re.I,
    ),
    earlier_right=re.compile(
        r"^\s*(?:\w+\s+){0,2}(?:in|from|at|of|during)\s+the\s+(?:previous|last|prior|earlier)\s+"
        r"(?:survey|week|month|check|report)|^[^,.;]{0,30}\b(?:ago|earlier|before)\b"
        r"|^[^,.;]{0,30}?\b(?:last|previous)\s+(?:week|month|year|survey)"
        r"|^[^,.;]{0,30}?\b(?:(?:beginning|start)\s+of\s+the\s+year|earlier\s+this\s+year)",
        re.I,
    ),
    average=re.compile(r"\baverag(?:e|ed|ing)\b|\bmean\b", re.I),
    not_market=re.compile(
        r"\b(?:brib\w*|fine[sd]?|fining|penalt\w+|wages?|salar\w+|paid|pay|payment|earn\w*|"
        r"income|profits?|hand(?:ed)?\s+over|collect\w*|quotas?|levy|levies|charg\w+|"
        r"must|have\s+to|has\s+to|had\s+to|forced\s+to|required\s+to|ordered\s+to|made\s+to|"
        r"fees?|tax\w*|tuition|rent|"
        r"(?:per|a)\s+(?:month|day)(?!\s+(?:earlier|ago|before|later|after))|monthly|reward|ransom|smuggl\w+\s+fee|loan|"
        r"debt|interest|donation|contribut\w+|forecast\w*|expect\w*|predict\w*|will\s+(?:\w+\s+)?"
        r"(?:rise|fall|reach|climb|hit|top|soar|jump|drop)|in\s+South\s+Korea|in\s+Seoul|"
        r"South\s+Korean\s+(?:won|supermarkets?|stores?|shops?|marts?|shoppers?|consumers?)|"
        # not "the last rate a source could confirm": what a source could learn is told
        r"KRW|if|would|could(?!\s+(?:confirm|verify|check|find|learn|tell|say)\b)|might)\b",
        re.I,
    ),
    rate_word=re.compile(r"\b(?:exchange\s+)?rates?\b", re.I),
    state=re.compile(
        r"\bstate[- ](?:set|fixed|run|owned|designated|controlled|purchase|procurement)|"
        # "state grocery stores", "state grain shops", "state-run food outlets"
        r"\bstate\s+(?:[a-z]+\s+)?(?:prices?|stores?|shops?|outlets?)\b|"
        r"\bofficial\s+(?:prices?|rates?|exchange)|"
        r"\bgovernment[- ](?:set|run)|\bset\s+by\s+the\s+(?:state|government|authorities)|"
        r"\b(?:grain|food)\s+(?:shops?|stores?|distribution)|\bthe\s+shops\b|\brations?\b|"
        r"\bnational\s+price|\bofficially\b|\bpublic\s+distribution|\bstate\s+banks?\b|"
        # the state or its organs as the one who sets, buys or sells at the price: "the state
        # buys corn from the farms at", "the authorities began selling rice ... at", "the state
        # has fixed the price of rice at", "state grain sales stations", "distribution centers"
        r"\b(?:the\s+)?(?:state|government|authorities|regime|party|military|army)\s+"
        r"(?:(?:has|have|had|is|are|was|were|now|also|then|only|again|still|began|begun|"
        r"started|continues|continued|been|will|would|shall|must|may|can|could|plans?|"
        r"intends?|wants?|to)\s+){0,3}"
        # ... with a modal and the bare verb: "the state will buy corn from farms at"
        r"(?:buy|sell|supply|provide|pay|offer|"
        r"sells|sold|selling|supplies|supplied|supplying|provides|provided|providing|"
        r"sets|set(?!\s+up)|setting|fix(?:es|ed|ing)?|buys|bought|buying|procur\w+|purchas\w+|"
        r"distribut\w+|pays|paid|paying|offers|offered|offering)\b|"
        r"\b(?:grain|food|rice)\s+(?:sales\s+|distribution\s+)?(?:stations?|cent(?:er|re)s?|points?)\b|"
        r"\bdistribution\s+(?:cent(?:er|re)s?|stations?|points?)\b|"
        r"\bmilitary\s+(?:reserves?|stocks?|stores?|stockpiles?)\b|\bat\s+(?:a\s+)?fixed\b",
        re.I,
    ),
    earlier_clause=re.compile(
        r"\b(?:(?:a|one|two|three|four|\d+|a\s+few|a\s+couple\s+of|several|some)\s+"
        r"(?:weeks?|months?|days?|years?|decades?)\s+(?:earlier|ago|before)|had\s+been|previously|"
        # not "early last month": a part of a month is its date (dates.EN_LAST_MONTH)
        r"(?<!early\s)(?<!mid\s)(?<!mid-)(?<!late\s)(?<!of\s)last\s+"
        r"(?:week|month|year|spring|summer|fall|autumn|winter)|"
        # a season gives no day: "In the summer, rice was only 6,000 won"
        r"(?:in|during|over)\s+the\s+(?:spring|summer|fall|autumn|winter)(?!\s+of\s+\d)|"
        r"in\s+the\s+(?:previous|last)\s+survey|back\s+then|at\s+(?:the|that)\s+time|"
        r"(?:before|prior\s+to)\s+(?:the\s+)?(?:COVID|coronavirus|pandemic|border\s+closure|"
        r"(?:currency\s+)?reform|redenomination))\b",
        re.I,
    ),
    same_good=re.compile(
        r"\b(?:it|its|the\s+price|the\s+same|the\s+figure|the\s+(?:exchange\s+)?rate)\b"
        # "A kilogram costs 12,000 won": a unit of no good named, the one talked about
        r"|^\W*(?:a|one)\s+(?:kilogram|kilo|kg|liter|litre)\s+(?!of\b)",
        re.I,
    ),
    # ... not a rate's unit before its won: "1 USD 5,400 won"
    foreign_money_left=re.compile(
        r"(?:South\s+Korean|S\.\s*Korean|KRW|(?<!(?<![\d,.])1\s)(?:CNY|RMB|USD)|\$)\s*$"
    ),
    # take-home pay, a guard's cut, price caps, expectations, the cost of moving goods
    not_market_rare=re.compile(
        r"\b(?:takes?\s+home|took\s+home|take-home|guard['’]s|(?:to|for)\s+(?:the\s+|a\s+)?"
        r"(?:border\s+)?guards?|price\s+(?:caps?|ceilings?|limits?)|capped|ceiling|"
        r"brac(?:e|ed|ing)\s+for|anticipat\w+|(?:likely|poised|set)\s+to\s+(?:reach|hit|top|"
        r"exceed|surpass|climb\s+to|rise\s+to)|(?:likely|poised)\s+to\s+(?:fall|drop|decline|"
        r"slip|sink|ease|rise|climb|jump|soar|go)|freight|(?:transport(?:ation)?|shipping)\s+"
        r"(?:costs?|fees?|charges?)|cost\s+of\s+(?:carrying|moving|delivering|hauling|"
        r"transporting|shipping)"
        # a sum taken from people, bribe or levy, without the word: "guards at checkpoints
        # take 5,000 won from each trader", "KPW 2,000 per household"
        r"|(?:guards?|police(?:men)?|officers?|officials?|inspectors?|soldiers?|cadres?)\s+"
        r"(?:\w+\s+){0,3}?(?:take|takes|took|taking|extort\w*|demand\w*|squeez\w*|skim\w*|"
        r"pocket\w*)\s+(?:(?:about|around|some|up\s+to|as\s+much\s+as)\s+)?(?=KPW|KWP|NKW|\d)"
        r"|(?:from|off)\s+(?:each|every)\s+(?:\w+\s+)?(?:traders?|vendors?|"
        r"merchants?|persons?|households?|smugglers?|passengers?|famil(?:y|ies)|travell?ers?|"
        r"sellers?|drivers?)|per\s+(?:trader|vendor|merchant|head|household|person|passenger|"
        r"smuggler|seller|driver|family))\b",
        re.I,
    ),
    rare_cues=(
        "home",
        "guard",
        "police",
        "officer",
        "official",
        "inspector",
        "soldier",
        "cadre",
        "each",
        "every",
        "per ",
        "cap",
        "ceiling",
        "brac",
        "anticipat",
        "likely",
        "poised",
        "set to",
        "freight",
        "transport",
        "shipping",
        "cost of",
    ),
    state_cues=(
        "state",
        "official",
        "government",
        "set",
        "grain",
        "food",
        "shop",
        "ration",
        "national",
        "public",
        "authorit",
        "regime",
        "party",
        "military",
        "army",
        "distribution",
        "fixed",
        "station",
    ),
    earlier_cues=(
        "earlier",
        "ago",
        "before",
        "had",
        "previously",
        "last",
        "then",
        "time",
        "prior",
        "the spring",
        "the summer",
        "the fall",
        "the autumn",
        "the winter",
    ),
)

# Hangul syllables ending in ㄹ (할, 갈, 찍을, 오를): the Korean future and possible tenses.
_FINAL_RIEUL = "".join(chr(0xAC00 + 28 * i + 8) for i in range(19 * 21))

KO = Context(
    bound_left=re.compile(r"(?:최고|최대|최소|무려)\s*$"),
    bound_right=re.compile(
        # "3500원을 넘겼다" went past it (a bound); "3500원에 넘기고 있다" sells at it
        r"^(?!에\s*넘[기겨긴겼])(?:을|를|이|가|에)?\s*(?:이상|이하|넘|넘어|넘는|넘게|넘었|넘긴|미만|초과|웃돌|밑돌|"
        # "7천원 아래로 내려가자", "5,000원 밑으로", "8,000원 위로 올라서": below or above it
        r"아래|밑으로|밑에|위로|"
        r"상회|하회|돌파|육박|가까이|근접|눈앞|대를|대로|대에|대까지|선을(?!\s*(?:유지|지키|지켰|기록))|선까지|선이\s*(?:무너|깨|붕괴)|선을\s*넘|못\s*미[치친쳐쳤]|미치지|미달)"
        # "7,000원까지 올랐다", "9,800원까지 올라 ..." reached it (a price), and so "2만
        # 3000원까지 한다" goes as high as it now; "7,000원까지 오를", "...까지 한다면" may
        # reach it (a bound)
        r"|^(?:을|를)?\s*까지(?!\s*[가-힣]{0,4}(?:었|았|였|랐|졌|렸|했|됐)|\s*(?:올라|뛰어|치솟아)[\s,]"
        r"|\s*(?:한다(?!면)|해요|합니다))"
    ),
    change_left=re.compile(r"(?:[+\-▲▼↑↓△]|전보다|보다|대비|비해|비하면|만에)\s*(?:각각\s*)?$"),
    change_right=re.compile(
        # "150원 각각 올랐다", "150원 모두 떨어졌다", "150원 더 비싸다": still a change
        r"^\s*(?:\([^)]{0,12}\)\s*)?(?:[이가씩]|가량|정도|쯤|나|이나|여|각각|모두|일제히|나란히|더|\s)*"
        r"\s*(?:올|오른|오르|"
        # every tense of 내리다: "내렸고", "내린", "내려", "내리고"
        r"상승|인상|인하|뛰|뛴|하락|내[리린려렸]|떨어|증가|감소|높|낮|비싸|비싼|싸|싼|저렴|폭등|"
        r"폭락|급등|급락|차이|[↑↓▲▼])"
    ),
    range_left=re.compile(r"\d\s?원?\s*(?:[~\-–]|이나|또는|혹은)\s*$|(?:사이|범위)\s*$"),
    # "5,200원 선에서 거래됐다" is a price told roughly; "선에서 오르내리고" hovers (a bound)
    range_right=re.compile(
        r"^\s*[~\-–]\s*\d|^\s*(?:이나|또는|혹은)\s*\d"
        r"|^(?:\s*(?:사이|선에서(?!\s*(?:거래|팔|판매))|범위|대))"
        r"|^\s*(?:안팎|선|수준)(?:을|에서)\s*(?:오가|오르내|등락|맴돌)"
    ),
    earlier_left=re.compile(
        r"(?:직전|이전|지난|앞선|(?<![가-힣])전)\s*(?:조사|주|달|번)?\s*(?:때|당시)?\s*(?:의)?\s*\(?\s*$"
        r"|(?:\d+|한|두|세|네|몇)\s*(?:주|일|달|개월|해|년)\s*전\s*(?:조사)?\s*(?:때|당시)?\s*"
        r"(?:의|에는|에|엔|만\s*해도)?\s*\(?\s*$"
    ),
    # ... and "700원 하던 쌀값", "5,000원이던": what a good used to cost
    earlier_right=re.compile(
        r"^\)?\s*(?:보다|에서|과\s*비교|대비|에\s*비해)|^\s*(?:하던|이던|였던|이었던)\s"
    ),
    average=re.compile(r"평균"),
    # Every alternative starts with a plain character (no group): the engine then scans
    # for those characters instead of trying the alternation at every position.
    not_market=re.compile(
        r"뇌물|벌금|과태료|월급|임금|노임|생활비|급여|요금|수수료|세금|상납|대출|이자|기부|"
        r"충성\s*자금|내야|바쳐|바치|걷어|걷는|할당|부담|이윤|이익|소득|요구|"
        r"전망|예상|예측|남한|한국\s*돈|한국\s*원|원화로|달마다|매달|한\s*달에|한\s*달\s*(?:치|분|쌀값|식비|생활)|만약|만일|"
        r"받(?:는|아|고|았|으)|뜯|원을\s*(?:더\s*)?(?:내|낸|냈|줘|준|줬|주고)|찔러|서울|봉급|일당|품삯|로임|상한선|상한가|하한선|하한가|가격\s*상한|"
        r"경비대(?:들)?(?:에게|한테)|경비대원(?:들)?(?:에게|한테)|경비원(?:들)?(?:에게|한테)|"
        r"보안원(?:들)?(?:에게|한테)|보위원(?:들)?(?:에게|한테)|단속원(?:들)?(?:에게|한테)|"
        r"건네|건넨|건넸|운반(?:비|료|\S*\s*비용)|운송(?:비|료|\S*\s*비용)|"
        r"수송(?:비|료|\S*\s*비용)|배송(?:비|료|\S*\s*비용)|운임|자릿세|사용료|떼어|"
        r"한국(?:에서|의\s*(?:마트|시장|상점)|\s*(?:마트|슈퍼|대형\s*마트))"
        # a levy per head: "1인당 5,000원", "세대마다 2,000원씩"
        r"|1\s*(?:인|명|세대|가구)당|한\s*(?:사람|명|세대|가구)당"
        r"|세대마다|가구마다|세대별로|가구별로"
    ),
    # a verb in the future or the possible ("찍을 것", "갈 수도 있다"): not a price seen
    not_market_rare=re.compile(rf"[{_FINAL_RIEUL}]\s*(?:것|듯|수\s*도\s*있)"),
    rare_cues=("것", "듯", "수"),
    rate_word=re.compile(r"환율|시세"),
    state=re.compile(
        r"양곡판매소|판매소|국영|국정|국가\s*가격|수매|배급|공급가|공식\s*환율"
        r"|국가가\s*(?:정한|매긴|책정한)|(?:정한|책정한|책정된)\s*가격"
        r"|^\s*으로\s*(?:정했|정해|정하|책정|고정)"  # "3,000원으로 정했다": a price set
    ),
    earlier_clause=re.compile(
        r"(?:\d+|한|두|세|네|몇)\s*(?:주|달|개월|일|해|년)\s*전(?:만\s*해도|에는|에|엔|까지|\s(?!\s*인))"
        r"|지난\s*(?:주|달|해)(?:에는|에|엔|만\s*해도)|지난\s*조사|이전(?:에는|엔|만\s*해도)"
        r"|작년(?:에는|에|엔|만\s*해도|\s*이맘때)|지난\s*해\s*이맘때|이맘때"
        # ... or before an event: "화폐개혁 전에는", "화폐교환 전", "화폐 개혁 이전",
        # "화폐개혁 때만 해도" (as "before the reform")
        r"|(?:개혁|교환|조치)\s*(?:이?전(?:만\s*해도|에는|에|엔|까지|\s)|때(?:만\s*해도|에는|는))"
    ),
    # "가격은 ...", "이는 ...", and a sentence led by a day: "지난달 23일에는 4,250원이었다",
    # or by a bare day and its price: "지난달 21일 2500원에서", "6월 23일 1만 4500원에서"
    same_good=re.compile(
        r"(?:가격|값|시세)(?:은|는|이|도)|^\s*이는"
        r"|^\s*(?:(?:\d+|한|두|세)\s*주\s*전인?\s*,?\s*)?"
        r"(?:지난\s*달\s*|지난\s*|전달\s*|(?:(?:지난\s*해|작년)\s*)?\d{1,2}월\s*)?"
        r"\d{1,2}일\s*(?:(?:조사\s*)?(?:에서는|에는|엔|에서|때는|때)|만\s*해도|에|(?:조사\s*)?(?=\(?\d))"
        r"|^\s*(?:지난\s*달|전달)\s*(?:초순?|중순|하순|말)\s*(?:에는|엔|만\s*해도|에)"
        # ... or a month of its own: "12월 중순에는", "지난해 12월에는" (its 1st, inexact)
        r"|^\s*(?:(?:지난\s*해|작년)\s*)?\d{1,2}월\s*(?:초순?|중순|하순|말)?\s*(?:에는|엔|만\s*해도)"
        # ... or by a few words on that time first, or its month: "화폐개혁 전인 지난달
        # 28일에는 2200원", "11월 28일에는"
        r"|^\s*(?:[가-힣]+\s+){0,3}?(?:지난\s*달|지난|전달|\d{1,2}월)\s*\d{1,2}일\s*"
        r"(?:에는|엔|만\s*해도|때는)"
    ),
    foreign_money_left=re.compile(
        r"(?:한국\s*돈|남한\s*돈|한화|원화)\s*(?:로\s*)?(?:약|대략)?\s*$"
    ),
    # every alternative of earlier_clause has one
    earlier_cues=("전", "지난", "작년", "이맘때", "때"),
    earlier_left_cues=("전", "지난", "앞선"),  # every alternative of earlier_left has one
)

# Where a source is ("a source in North Hamgyong Province said", "a Yangkang Province
# source", "양강도 소식통", "함경북도의 한 소식통"): the place before or after it.
SOURCE_CUES = ("source", "informant", "resident", "소식통")
EN_SOURCE_BEFORE = re.compile(
    r"\b(?:sources?|informants?|residents?)\s+(?:\w+\s+){0,2}?(?:in|from|inside)\s+(?:the\s+)?$",
    re.I,
)
EN_SOURCE_AFTER = re.compile(
    r"^(?:\s+Province)?(?:-based|\s+based)?\s+(?:\w+\s+)?(?:sources?|informants?|residents?)\b",
    re.I,
)
KO_SOURCE_AFTER = re.compile(r"^\s*(?:의\s*)?(?:한\s*)?(?:내부\s*)?소식통")

# The end of a quote and who told it ('," the source explained on Feb. 6', '." said a
# source'): the day the source spoke dates the quote's undated prices, as "18일 전했다" does.
EN_TOLD_AFTER_QUOTE = re.compile(
    r"[,.!?][\"”'’]\s+(?:[\w'’-]+\s+){0,8}?(?:said|says|told|tells|explained|explains|added|"
    r"adds|noted|notes|reported|reports|stated|states|claimed|claims|recalled|continued)\b"
    r"(?P<rest>[^,;:\"“”]{0,40})"
)

# Won paid for a unit of foreign money is its exchange rate, not a sum paid ("1달러에 1만
# 6천원을 줘야 바꿀 수 있다", "달러 1장에", "한 장에": one note, "1달러를 사려면 ...원을
# 내야", "...원을 줘야 1달러를 살 수"): the `not_market` words "원을 줘/낸" right after (or
# right before) such a rate.
_KO_GET_MONEY = r"(?:사|살|산|바꾸|바꿀|바꾼|바꿔)"
KO_RATE_PAID = re.compile(
    rf"(?:(?:{KO_MONEY_UNIT})\s*(?:(?:1|한)\s*장\s*)?(?:에|당)|(?:1|한)\s*(?:{KO_MONEY_UNIT})[를을]\s*"
    rf"{_KO_GET_MONEY}[가-힣]{{0,3}}(?:\s*(?:데|때))?)\s*(?:북한\s*돈\s*)?[\d,\s만천백]+$"
)
KO_RATE_BOUGHT = re.compile(
    rf"[가-힣]{{0,2}}\s*(?:1\s*)?(?:{KO_MONEY_UNIT})[를을]\s*{_KO_GET_MONEY}"
)

# ... and won given for a kilogram or a litre of a good is its price: "휘발유 1kg은 2만
# 5000원을 줘야 산다", "쌀 1kg을 사려면 6000원을 줘야" (not "원을 내야": a levy per kg is
# paid, not given).
KO_UNIT_GIVEN = re.compile(
    r"(?:1\s*)?(?:kg|㎏|킬로그램|킬로|키로|리터|ℓ)\s*(?:[은는을를이가에]|당)\s*"
    rf"(?:{_KO_GET_MONEY}[가-힣]{{0,3}}\s*)?(?:북한\s*돈\s*)?[\d,\s만천백]+$"
)

# ... and in English: "paid KPW 16,000 for one dollar", "had to pay KPW 16,000 to get
# one dollar": right after the pay words, a sum for one unit.
EN_RATE_PAID = re.compile(
    r"\s+(?:[a-z]+\s+){0,3}?(?:(?:KPW|KWP|NKW)\s?)?\d[\d,]*(?:\s+(?:North\s+Korean\s+)?won)?"
    r"\s+(?:for|to\s+(?:get|buy|obtain)|in\s+exchange\s+for)\s+(?:one|a|1|each|every)\s+"
    r"(?:single\s+)?(?:U\.?S\.?\s+|Chinese\s+)?(?:dollar|yuan)\b"
)

# ... and a buyer's price: "paid KPW 14,000 for a kilogram of pork", "paid 5,000 won per
# kilogram of rice", "pay 13,000 won for a kilogram at the market": won paid, right after
# the word, for one unit of a good (not "per kilogram" of no good, nor "for a kilo to").
EN_UNIT_PAID = re.compile(
    r"\s+(?:(?:KPW|KWP|NKW)\s?)?\d[\d,]*(?:\s+(?:North\s+Korean\s+)?won)?\s+"
    r"(?:for\s+(?:one|a|1|each|every)\s+(?:kilogram|kilo|kg|liter|litre)"
    r"(?:\s+of\s|(?=\s+(?:at|in|on|these|now|today)\b|[,.;]))"
    r"|per\s+(?:kilogram|kilo|kg|liter|litre)\s+of\s)",
    re.I,
)

# --- units: one table per language -----------------------------------------------------
EN_UNITS = {
    "kg": r"kilograms?|kilos?|kgs?",
    "l": r"lit(?:er|re)s?|l",
    "piece": r"pieces?|packs?|packets?|units?",
}
KO_UNITS = {
    "kg": r"kg|㎏|킬로그램|킬로|키로",
    "l": r"리터|ℓ|L",
    "piece": r"개|갑|포기",
}


def _unit_pattern(table: dict[str, str], en: bool) -> re.Pattern[str]:
    alternatives = "|".join(f"(?P<{unit}>{words})" for unit, words in table.items())
    return re.compile(rf"(?<![A-Za-z])(?:{alternatives})(?![A-Za-z])" if en else alternatives)


EN_UNIT = _unit_pattern(EN_UNITS, True)
KO_UNIT = _unit_pattern(KO_UNITS, False)


def unit_in(text: str, lang: str) -> str | None:
    m = (EN_UNIT if lang == "en" else KO_UNIT).search(text)
    return m.lastgroup if m else None


# A good named after its price: "KPW 8,000 per dollar", "KPW 6,100 for a kilogram of rice".
EN_GOOD_AFTER = re.compile(
    r"^\s*(?:won\s+)?(?:per|to\s+the|to\s+one|to\s+1|a|"
    r"(?:for|to\s+buy|to\s+get|buys?)\s+(?:one|a|an|1|every)(?:\s+single)?)\s+"
    r"(?:(?:kilograms?|kilos?|kg|liters?|litres?)\s+of\s+)?(?:100\s+)?(?:U\.?S\.?\s+|Chinese\s+)?$",
    re.I,
)

# ... and in Korean, what a sum buys: "8,030원이면 1달러를 살 수 있다", "5,000원이면 쌀 1kg";
# and a good its price describes: "6,000원인 쌀값은", "6,000원 하는 쌀".
KO_GOOD_AFTER = re.compile(
    r"^(?:이면\s*(?:1\s*)?|을\s*(?:줘야|내야|주면|내면)\s*(?:1\s*)?"
    r"|(?:\s*(?:수준|선|정도|가량|안팎))?\s?(?:인|하는|하던|이던|였던|이었던)\s+"
    # an earlier day's price in brackets, then the good compared: "9일(1만 500원)과
    # 비교하면 달러는"
    r"|\)\s*(?:과|와)\s*비교하면\s+)$"
)

# A quantity other than one unit between a good and its price: a sack, a ton, 25 kg. One
# pattern led by the figure, one by the word: each alternative starts with a digit or a
# plain letter (the engine scans for it), the word start (\b) checked after that character.
BULK_FIGURE = re.compile(
    r"\d(?:(?<!\w\d)(?:(?<=[2-9])|\d+)\s?-?(?:kg|kilograms?|kilos?|l|liters?|litres?)\b"
    r"|(?:(?<=[2-9])|\d+)\s?(?:kg|㎏|킬로|리터))",
    re.I,
)
BULK_WORD = re.compile(
    r"t(?<!\wt)(?:ons?|onnes?|rucks?|ruckloads?)\b|s(?<!\ws)acks?\b"
    r"|b(?<!\wb)(?:ags?|ox(?:es)?|undles?)\b|c(?<!\wc)rates?\b"
    r"|포대|마대|톤|자루|상자|박스|트럭",
    re.I,
)
# ... unless the price itself is told per one unit: "1톤에 3500위안에 넘겨지는데, ... 1kg당
# 4800원에 팔고 있다" (group "n": the count of units, none or 1).
KO_PER_UNIT_BEFORE = re.compile(r"(?P<n>[\d,.]*)\s*(?:kg|㎏|킬로그램|킬로|리터|ℓ)\s*(?:당|에)\s*$")

# Sentence and clause boundaries: the gap between two sentences is group "gap". The
# pattern starts with the stop itself, not a look-behind at it: Python's regex engine then
# scans for the stops instead of trying the pattern at every position.
EN_SENTENCE = re.compile(r"[.!?](?P<gap>[\"”’]?\s+)(?=[A-Z\"“‘'(])")
KO_SENTENCE = re.compile(r"[.!?](?P<gap>[\"”’]?\s+)")
# The words after one \s: the engine enters one alternative at each space, not four.
CLAUSE_BREAK = re.compile(r"[;:]|,\s|\.\s|\s(?:—\s|while\s|whereas\s|but\s)")
KO_CLAUSE_END = re.compile(
    r"(?:지만|[는인]데|(?<=[가-힣])한데|으나|는\s?동안(?:에도?)?),?\s"
)  # a connective ends a Korean clause ("-는 동안": meanwhile)
# A price told of what a sentence is about ("현재 6,000원인 쌀값은 더 오를 것으로 예상된다"):
# the forecast or pay words after it are the sentence's, not the price's own.
KO_ADNOMINAL = re.compile(r"원(?:\s*(?:수준|선|정도|가량|안팎))?\s?(?:인|하는)\s")
# ... and the figure of pay words told of a noun ("월급이 3,000원에 불과한 노동자들에게 ...
# 쌀값 5,200원은", "3,000원밖에 안 되는"): the pay's clause ends there, the main clause goes on
# (not before "것", "셈": "월급이 3,000원인 셈이다" is the pay's own clause; nor "직원인 ").
KO_FIGURE_ADNOMINAL = re.compile(
    r"원(?<=[\d만천백]원)(?:\s*(?:수준|선|정도|가량|안팎))?"
    r"(?:\s?(?:인|하는)|에\s*불과한|밖에\s*(?:안\s*|못\s*)?되는|뿐인)"
    r"\s(?![것셈수듯줄탓때])"
)
# A clause set against the one before ("..., while rice sells for", "..., 반면 쌀은"), a new
# report of the source's ("..., the source said, adding that corn ..."), or a clause of its
# own after ", and" with a verb of a price seen ("paid a KPW 500,000 fine, and a kilogram of
# rice sold for"; not "expect rice to reach KPW 7,000, and corn KPW 3,000", nor "and corn
# will cost", "and corn is likely to"): where what pay or forecast words are about ends.
_EN_SEEN = (
    r"sold|sells|cost|costs|fetched|fetches|traded|trades|went\s+for|goes\s+for|was|were|is|are"
)
EN_RELATIVE_PRICE_VERBS = "cost|costs|sold|sells|fetched|fetches|traded|trades|went|goes"
EN_CONTRAST = re.compile(
    r";\s|\swhile\s|\swhereas\s|\sbut\s"
    # "paid KPW 4,000 a month, not enough for a kilogram of rice, which cost KPW 4,350":
    # a relative clause of the market's price of the good right before it
    rf"|,\s(?=which\s+(?:{EN_RELATIVE_PRICE_VERBS})\b)"
    r"|,\s(?:at\s+a\s+time\s+when|even\s+as|even\s+though|although|though|yet|when)\s"
    # "barely enough for a week's food when a kilogram of corn costs KPW 5,200"
    r"|\swhen\s(?=(?:a|one)\s+(?:kilogram|kilo|kg|liter|litre)\s+of\s)"
    r"|\s(?:adding|added|adds|noting|noted|notes|said|says|saying|explaining|and)\s+that\s"
    r"|(?:,\sand|:)\s(?=(?:(?!(?:will|would|could|might|may|should|must|to)\b)[\w'’-]+\s+){0,6}?"
    rf"(?:{_EN_SEEN})\b(?!\s+(?:likely|expected|set|poised|going|projected|bound|sure)\b))"
)
# A quote's end before the source's next words ("찔러준다"면서 "쌀값은 ...", "돈이 없어…"며,
# "없어요"라며, "있을까"라면서), however the quote itself ends.
_KO_QUOTE_END = r"(?<=[가-힣…?!.~])[\"”'’]\s?라?(?:면서|며),?\s"
# "벌금을 물었고, 이날 쌀은 ...": a "-고,", "-며," clause too, when what follows names its
# own good (sentences.py checks that); and the end of what a source said ("바쳐야 한다면서
# 무산 시장에서 옥수수는 ...", "...라며"), the Korean "adding that".
KO_CONTRAST = re.compile(
    r"(?:지만|[인는은]데|으나|반면에?)[,\s]|한데(?<=[가-힣]{2}데)[,\s]"  # "불과한데,"
    # "임금을 주는 동안 쌀값은": what went on meanwhile, a clause of its own
    r"|는\s?동안(?:에도?)?[,\s]"
    r"|고(?<=[가-힣]고),\s|며(?<=[가-힣]며),\s|면서,\s"
    r"|다(?<=[가-힣]다)(?:면서|며),?\s|라(?<=[가-힣]라)(?:면서|며),?\s"
    # a quote's end before the source's next quote
    rf"|{_KO_QUOTE_END}"
)
# A verb's linking ending after a price ("5,000원에 팔려 ", "거래되며 ", "3,100원으로 올라 ",
# "돈이 없어 ", "치솟아 "): where a sentence of pay or forecast words is cut into clauses,
# to tell which amount they are about (not "올해 ", "통해 ", "따라 ", "러시아 ", "중국어 ").
# ... and a quote's end ("거래됐다"며 "...), "팔렸으니 ": a clause ends there too.
KO_QUOTE_END = re.compile(_KO_QUOTE_END)
KO_CONNECTIVE = re.compile(
    r"(?<=[가-힣])(?:려|며|면서|고|어서|아서|해서|으니|(?<![시리])아|(?<![국영선])어|여|워|(?<!따)라"
    rf"|져|쳐|(?<![올난작새통위대의])해|돼)\s|{KO_QUOTE_END.pattern}"
)
# A change since the last survey in a weekly table: "(+50)", "(▲200)", "▼100", and the marks
# of no change: "(-)", "(0)", "(±0)", "(―)", "(→)", "(보합)".
TABLE_CHANGE = re.compile(
    r"\(\s*(?:[+\-±▲▼↑↓△]?\s*\d[\d,]*\s*[↑↓]?|[-–—―→=]|보합|불변|변동\s*없음)\s*\)|[▲▼↑↓△]\s*\d[\d,]*"
)
