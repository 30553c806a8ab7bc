"""Amounts of won in a sentence, and what each one is: a price, or a change, bound, range,
average or earlier value that is no observation of its own (sentences.py decides the rest)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import timedelta

from crawler.enrich.prices import dates
from crawler.enrich.prices import patterns as P
from crawler.enrich.prices.any_of import AnyOf


# --- amounts ---------------------------------------------------------------------------
@dataclass
class Amount:
    start: int
    end: int
    value: int
    role: str  # current | earlier | skip
    own_date: dates.DateMention | None = None
    unit_after: bool = True  # "5,000 won", "5,000원" (not "KPW 5,000")


def _listed(s: str, lang: str, found: list[Amount]) -> list[Amount]:
    """Bare numbers that share a listed price's currency: "5,000, 5,100 and 5,300 won",
    "각각 5,000, 5,100, 5,300원", "KPW 1,190, 1,195 and 1,200", "KPW 4,800 in Pyongyang,
    4,850 in Sinuiju and 4,900 in Hyesan". Only figures of the same order as that price
    (not a year, not a count)."""
    out: list[Amount] = []
    role = _role_en if lang == "en" else _role_ko
    for a in found:
        anchor = a
        while anchor.unit_after:  # backwards, to the list's first figure
            if not s[max(0, anchor.start - 6) : anchor.start].rstrip().endswith((",", "and")):
                break  # most prices: no list before them
            m = P.LISTED_BEFORE.search(s, max(0, anchor.start - 24), anchor.start)
            if not m or not _same_order(m[1], a.value):
                break
            anchor = Amount(m.start(1), m.end(1), bare(m[1]), role(s, m.start(1), m.end(1)))
            out.append(anchor)
        anchor = a
        while lang == "en":  # forwards, each figure with its own place or after a code
            if s[anchor.end : anchor.end + 1] not in (" ", ","):
                break
            m = P.LISTED_AFTER.match(s, anchor.end)
            if not m and not a.unit_after:
                m = P.LISTED_AFTER_CODE.match(s, anchor.end)
            if not m or not _same_order(m[1], a.value):
                break
            anchor = Amount(m.start(1), m.end(1), bare(m[1]), role(s, m.start(1), m.end(1)))
            out.append(anchor)
    taken = [(a.start, a.end) for a in found]
    return [b for b in out if not any(x <= b.start < y for x, y in taken)]


def bare(number: str) -> int:
    return int(number.replace(",", ""))


# A bare figure of a list under a "(KPW):" heading: "rice 11,500/kg; ...; USD 1 = 36,000."
_HEADED_FIGURE = re.compile(
    r"(?<![\w,.])(\d{1,3}(?:,\d{3})+|\d{2,})(?=\s*(?:/\s*(?:kg|kilogram|l|liter|litre)\b|[;.]|$))"
)


def _headed(s: str, found: list[Amount]) -> list[Amount]:
    """The heading's "(KPW):" makes the bare figures of the list after it prices."""
    taken = [(a.start, a.end) for a in found]
    head = s.index("(KPW):") + 6
    extra = [
        Amount(m.start(1), m.end(1), bare(m[1]), _role_en(s, m.start(1), m.end(1)))
        for m in _HEADED_FIGURE.finditer(s, head)
        if not any(x <= m.start(1) < y for x, y in taken)
    ]
    return sorted(found + extra, key=lambda a: a.start) if extra else found


# "KPW 10,200 a day earlier", "two days before": counted back from the day named before it.
_DAYS_EARLIER = re.compile(
    r"(?:\s*won)?(?:\s+(?:per|a)\s+(?:kilogram|kg))?\s+(a|one|two|three|\d)\s+days?\s+"
    r"(?:earlier|before)\b",
    re.I,
)
_COUNT = {"a": 1, "one": 1, "two": 2, "three": 3}


def _days_before_the_last(
    s: str, a: Amount, mentions: list[dates.DateMention]
) -> dates.DateMention | None:
    """The day of "a day earlier" after an amount: the exact day named last before it, less
    that many days (none named: unknowable, as any earlier value without its day)."""
    m = _DAYS_EARLIER.match(s, a.end)
    named = [d for d in mentions if d.exact and d.end <= a.start]
    if m is None or not named:
        return None
    n = _COUNT.get(m[1].lower()) or int(m[1])
    return dates.DateMention(m.start(), m.end(), named[-1].day - timedelta(days=n))


# A good's price told bare after a "while" clause: "while corn sold for 1,100."
_WHILE_BARE = re.compile(
    r"\swhile\s+(?:the\s+)?[a-z]+(?:\s+[a-z]+)?\s+(?:sold\s+for|went\s+for|fetched|cost|"
    r"traded\s+(?:at|for)|was)\s+(\d{1,3}(?:,\d{3})+)(?=\s*[.;]|$)"
)


def _while_bare(s: str, found: list[Amount]) -> list[Amount]:
    """The currency of the sentence's last price is that of a bare figure in a "while"
    clause after it, when the figure is of its order (a comma figure: not a year)."""
    last = found[-1]
    m = _WHILE_BARE.search(s, last.end)
    if m is None or not last.value / 4 <= bare(m[1]) <= last.value * 4:
        return found  # corn is a third to a half of rice: a looser order than a list's
    return [*found, Amount(m.start(1), m.end(1), bare(m[1]), _role_en(s, *m.span(1)))]


# A currency's rate told bare after a price in won: "the dollar traded for KPW 8,600, and
# one yuan for 1,390" (the yuan is a sixth of the dollar: no order to check, the named
# currency and "for" say it is its rate).
_RATE_BARE = re.compile(
    r",?\s+and\s+(?:one|1|a|the)\s+(?:Chinese\s+|U\.?S\.?\s+)?(?:yuan|dollar|CNY|RMB|USD)\s+"
    r"(?:for|at|fetched|cost|traded\s+(?:for|at)|sold\s+for|went\s+for|was)\s+"
    r"(\d{1,3}(?:,\d{3})+|\d{3,6})(?=\s*(?:[.;]|$))"
)
_RATE_GAP = re.compile(r"[\d,.;:]")  # no other figure or clause between price and rate


def _rate_bare(s: str, found: list[Amount]) -> list[Amount]:
    """The bare figure of a currency's rate after the sentence's last price in won."""
    last = found[-1]
    m = _RATE_BARE.search(s, last.end)
    if m is None or _RATE_GAP.search(s, last.end, m.start()) or m.start() - last.end > 40:
        return found  # only a few words ("in Hyesan") between the price and the rate
    return [*found, Amount(m.start(1), m.end(1), bare(m[1]), _role_en(s, *m.span(1)))]


# A good's price told bare after a price in won: "rice went for KPW 6,000 per 1kg on Feb. 15,
# and corn for 3,200", "the dollar was 8,050 won ..., and rice was 5,100" (the won and the
# unit are the first price's; its order guards against a count or a year: "and rice for
# 2,000 households").
_GOOD_BARE = re.compile(
    r",?\s+and\s+(?:(?:the\s+)?([a-z]+(?:\s+[a-z]+)?)\s+for|([a-z]+)\s+(?:was|is))\s+"
    r"(?P<n>\d{1,3}(?:,\d{3})+|\d{3,6})(?=\s*(?:[.;,\"'\u201d\u2019]|$))"
)
# ("and rice was 5,100": one bare word, not "and the count was 2,013")
_NOT_A_GOOD = ("one", "a", "the", "it", "that", "this", "there", "what", "which")


def _good_bare(s: str, found: list[Amount]) -> list[Amount]:
    """The bare figure after "and <good> for" (or "was") right after the sentence's last
    price in won, when it is of that price's order (corn is a third to a half of rice)."""
    last = found[-1]
    m = _GOOD_BARE.search(s, last.end)
    if m is None or m.start() - last.end > 40 or ";" in s[last.end : m.start()]:
        return found
    good, n = (m[1] or m[2]).split()[0], m["n"]
    if good in _NOT_A_GOOD or not last.value / 4 <= bare(n) <= last.value * 4:
        return found  # "and one yuan for" is a rate's (_rate_bare); a count is no price
    if "," not in n and 1900 <= int(n) <= 2099:
        return found  # a year
    return [*found, Amount(m.start("n"), m.end("n"), bare(n), _role_en(s, *m.span("n")))]


def _same_order(number: str, value: int) -> bool:
    if "," not in number and 1900 <= int(number) <= 2099:
        return False  # "In 2019, 2,000 won ...": a year
    return value / 2 <= bare(number) <= value * 2


def amounts(
    s: str,
    lang: str,
    day_mentions: list[dates.DateMention],
    matches: list[re.Match[str]] | None = None,
    offset: int = 0,
) -> list[Amount]:
    """Every number written as a price in sentence `s`, with what it is. `matches`: the
    price pattern's matches in the paragraph that holds `s` at `offset`, when its reader
    has them already (a match never crosses a sentence boundary)."""
    found = []
    if matches is None:
        matches = list(P.EN_PRICE.finditer(s) if lang == "en" else P.ko_prices(s))
    if lang == "en":
        for m in matches:
            start, end = P.en_start(m) - offset, m.end() - offset
            found.append(Amount(start, end, P.en_amount(m), _role_en(s, start, end)))
            found[-1].unit_after = m["b"] is not None
    else:
        for m in matches:
            value = P.ko_amount(m)
            if value:
                start, end = m.start() - offset, m.end() - offset
                found.append(Amount(start, end, value, _role_ko(s, start, end)))
    if not found and lang == "en" and "rate" in s:  # no price written with the won at all
        for m in P.EN_RATE_FIGURE.finditer(s):
            found.append(Amount(m.start(1), m.end(1), bare(m[1]), _role_en(s, *m.span(1))))
    if lang == "en" and "(KPW):" in s:  # "Market prices in Nampo (KPW): rice 11,500/kg; ..."
        found = _headed(s, found)
    if lang == "en" and found and " while " in s:  # "..., while corn sold for 1,100."
        found = _while_bare(s, found)
    if lang == "en" and found and ("yuan" in s or "dollar" in s) and " and " in s:
        found = _rate_bare(s, found)  # "KPW 8,600 in Hyesan, and one yuan for 1,390"
    if lang == "en" and found and " and " in s and (" for " in s or " was " in s or " is " in s):
        found = _good_bare(s, found)  # "KPW 6,000 per 1kg on Feb. 15, and corn for 3,200"
    listed = _listed(s, lang, found)
    if listed:
        found = sorted(found + listed, key=lambda a: a.start)
    if lang == "en":
        _ranges_without_from(s, found)
    if len(found) > 1:
        _changes_listed(s, lang, found)
    for i, a in enumerate(found):
        if a.role != "earlier":
            continue
        nxt = found[i + 1].start if i + 1 < len(found) else len(s)
        prev = found[i - 1].end if i else 0
        a.own_date = (
            own_date_after(s, a, nxt, day_mentions)
            if lang == "en"
            else _date_before(s, a, prev, day_mentions)
        )
        if a.own_date is None and lang == "en" and "day" in s:
            a.own_date = _days_before_the_last(s, a, day_mentions)
        if a.own_date is not None and lang == "en" and not a.own_date.exact:
            a.own_date = None  # "up from ... in mid-February": a month's part is no date of its
            # own (convention of session 7: an earlier value dated only by a month part is none)
        if a.own_date is None:
            a.role = "skip"  # an earlier value without its date: unknowable
    return found


# Between two amounts of one list, each of its own good: "KPW 300 and KPW 150", "KPW 300
# and corn KPW 150", "300원, 옥수수는 150원" (no verb: the list shares the one at its end).
# Not a bare comma: "KPW 5,000, KPW 200 higher than ..." tells a price and its change.
_EN_LIST_GAP = re.compile(r"\s*,?\s+and\s+(?:[a-z]+\s+){0,2}(?:KPW\s?)?", re.I)
_KO_LIST_GAP = re.compile(r"\s*,\s*[가-힣]{1,6}(?:은|는|이|가|도)\s*")


def _changes_listed(s: str, lang: str, found: list[Amount]) -> None:
    """ "쌀은 300원, 옥수수는 150원 (각각) 올랐다", "KPW 300 and KPW 150 higher", "went up KPW
    300 and corn KPW 150": amounts listed with one word of change, before or after them,
    are all changes."""
    gap = _EN_LIST_GAP if lang == "en" else _KO_LIST_GAP
    pairs = [
        (a, b)
        for a, b in zip(found, found[1:], strict=False)
        if gap.fullmatch(s, a.end, b.start) and not _verb_between(s, a.end, b.start, lang)
    ]
    if not pairs:
        return  # most sentences: no list of amounts
    ctx = P.EN if lang == "en" else P.KO
    for a, b in pairs:
        if a.role == "skip" and ctx.change_left.search(s, max(0, a.start - 56), a.start):
            b.role = "skip"  # "went up KPW 300 and corn KPW 150"
    for a, b in reversed(pairs):
        if b.role == "skip" and ctx.change_right.search(s[b.end : b.end + 40]):
            a.role = "skip"  # "300원, 옥수수는 150원 올랐다"


def _verb_between(s: str, start: int, end: int, lang: str) -> bool:
    """Does a word of its own tie the second amount ("and corn sold for KPW 2,100")?"""
    if lang != "en":
        return False
    return any(w.lower() in P.EN_PLAIN_BEFORE for w in s[start:end].split())


def _ranges_without_from(s: str, found: list[Amount]) -> None:
    """ "KPW 4,000 to KPW 4,500 per kilogram": a range, both ends, unless the first is a
    change ("rose by KPW 500 to KPW 5,500") or a movement's start ("from ... to ...")."""
    for a, b in zip(found, found[1:], strict=False):
        if not P.EN_TO_BETWEEN.match(s, a.end, b.start):
            continue
        left = s[max(0, a.start - 56) : a.start]
        if P.EN_FROM_TO_FIRST[0].search(left) or P.EN.change_left.search(left):
            continue
        a.role = b.role = "skip"


# What makes an amount no market price, by side of it: the checks of _role_en and
# _role_ko that all say "skip" and are tried one after the other, as one pass each.
_EN_SKIP_FIRST_LEFT = AnyOf(P.EN.foreign_money_left, P.EN.range_left)
_EN_SKIP_LEFT = AnyOf(P.EN.bound_left, P.EN.change_left)
_EN_SKIP_RIGHT = AnyOf(P.EN.bound_right, P.EN.change_right)
_EN_SKIP_RIGHT_ALL = AnyOf(P.EN.range_right, P.EN.bound_right, P.EN.change_right)
_KO_SKIP_LEFT = AnyOf(P.KO.foreign_money_left, P.KO.range_left, P.KO.bound_left, P.KO.change_left)
_KO_SKIP_RIGHT = AnyOf(P.KO.range_right, P.KO_RANGE_PAIR, P.KO.bound_right, P.KO.change_right)
# Case-blind word lists tried on most English amounts or sentences, as lower-case twins.
_EN_EARLIER_LEFT = AnyOf(P.EN.earlier_left)
EN_NOT_MARKET = AnyOf(P.EN.not_market)
_ON_AVERAGE = re.compile(r"^\s*on\s+average")
_DAY_BEFORE_PAREN = re.compile(r"일\s*(?:조사\s*)?(?:때\s*)?\($")


def _role_en(s: str, start: int, end: int) -> str:
    left, right = s[max(0, start - 56) : start], s[end : end + 40]
    ctx = P.EN
    if left.endswith(("to ", "to KPW ", "to KWP ")) and P.EN_MOVED_TO.search(left):
        if P.EN_FROM_TO_SECOND.search(left) or ctx.bound_right.search(right):
            pass  # "from KPW 5,000 to 6,000", "rose to KPW 6,000 or more": as below
        else:
            return "earlier" if ctx.earlier_right.search(right) else "current"
    if _plain_left(left):  # most amounts: no left-side pattern can match, skip them all
        return _role_en_right(s, start, right)
    if _EN_SKIP_FIRST_LEFT.search(left) or ctx.range_right.search(right):
        return "skip"
    first_of_pair = P.EN_FROM_TO_FIRST[0].search(left) and P.EN_FROM_TO_FIRST[1].search(right)
    second = P.EN_FROM_TO_SECOND.search(left)
    if first_of_pair or second:
        before_from = left if first_of_pair else left[: second.start()] + "from "
        if not P.EN_MOVED_BEFORE_FROM.search(before_from):
            return "skip"  # "from KPW 5,000 to 6,000": a range
        return "earlier" if first_of_pair else "current"
    if _EN_SKIP_LEFT.search(left) or _EN_SKIP_RIGHT.search(right):
        return "skip"
    if _average_left(s, start) or _ON_AVERAGE.match(right):
        return "skip"
    compared = _EN_COMPARED_LEFT.search(left) and _EN_MARKET_RIGHT.match(right)
    if compared and not ctx.earlier_right.search(right):
        return "current"  # "compared with KPW 5,150 in Sinuiju": that market's, that day
    if _EN_EARLIER_LEFT.search(left) or ctx.earlier_right.search(right):
        return "earlier"
    return "current"


# "compared with KPW 5,150 in Sinuiju", "than KPW 6,200 in Pyongyang": another market's
# price, not an earlier one (that needs "in March", "in the last survey", "ago").
_EN_COMPARED_LEFT = re.compile(
    rf"\b(?:compared\s+(?:to|with)|than|versus|vs\.?|{P.EN_MULTIPLE}\s+the)\s+(?:about\s+|around\s+)?"
    r"(?:(?:KPW|KWP|NKW)\s?)?$",
    re.I,
)
_EN_MARKET_RIGHT = re.compile(
    r"(?:\s*won)?(?:\s+(?:per|a)\s+(?:kilogram|kg))?\s+(?:in|at)\s+(?:the\s+)?"
    r"(?!(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\b)[A-Z]"
)


def _plain_left(left: str) -> bool:
    """Is the word before the amount ("for", "was") one no left-side pattern ends with?"""
    words = left.rsplit(None, 2)
    if words and words[-1] in P.CODES:
        words.pop()
    return bool(words) and left[-1:].isspace() and words[-1].lower() in P.EN_PLAIN_BEFORE


def _role_en_right(s: str, start: int, right: str) -> str:
    """_role_en with every left-side pattern known not to match."""
    if _EN_SKIP_RIGHT_ALL.search(right):
        return "skip"
    if _average_left(s, start) or _ON_AVERAGE.match(right):
        return "skip"
    if P.EN.earlier_right.search(right):
        return "earlier"
    return "current"


# An average that opens the sentence ("Averaged across Pyongyang, Sinuiju and Hyesan, rice
# cost ...", "On average, ...", "세 지역을 평균하면, ..."): its list's commas end no clause of
# it, so it holds up to a clause set against it.
_EN_AVERAGE_OPENING = re.compile(r"\W*(?:(?:the|an?|on)\s+)?(?:averag|mean\b)", re.I)
_KO_AVERAGE_OPENING = re.compile(
    r"[^.]{0,60}?평균(?:을\s*내면|하면|해\s*보면|적으로|으로\s*(?:보면|따지면|치면))"
)


def _average_left(s: str, start: int) -> bool:
    if _EN_AVERAGE_OPENING.match(s) and not P.EN_CONTRAST.search(s, 0, start):
        return True
    window = s[max(0, start - 160) : start]
    low = window.lower()
    if "verag" not in low and "mean" not in low:
        return False  # nor in its last clause, which is part of it: no need to cut it
    clause = clause_left(window)
    low = clause.lower()
    return ("verag" in low or "mean" in low) and P.EN.average.search(clause) is not None


def _role_ko(s: str, start: int, end: int) -> str:
    left, right = s[max(0, start - 40) : start], s[end : end + 30]
    ctx = P.KO
    if _KO_SKIP_LEFT.search(left) or _KO_SKIP_RIGHT.search(right):
        return "skip"
    if P.TABLE_CHANGE.match(s, start - 1 if start else 0) and left.endswith("("):
        return "skip"
    window = s[max(0, start - 100) : start]
    if _may_match(ctx.average, window) and ctx.average.search(clause_left(window)):
        return "skip"
    if (
        s.find("평균", 0, start) >= 0
        and _KO_AVERAGE_OPENING.match(s)
        and not P.KO_CONTRAST.search(s, 0, start)
    ):
        return "skip"
    if _earlier_left(ctx, left):
        return "earlier"
    if _compared_with_a_market(left, right):
        return "current"  # "평양(6,200원)보다 600원 비쌌다": another market's price that day
    if ctx.earlier_right.search(right):
        return "earlier"
    if left.rstrip().endswith("(") and _DAY_BEFORE_PAREN.search(left.rstrip()):
        return "earlier"  # "지난 1일(5,900원)": the last survey's value, with its day
    return "current"


# A value that another is compared with, after a name in front of it ("평양(6,200원)보다",
# "평양의 6,200원보다"): a market's or good's of the same day, unless what is in front of it
# is a time ("2주 전(5,900원)보다", "지난해의 ...").
_COMPARED = re.compile(rf"\)?\s*(?:{P.KO_COMPARED})")
_TIME_BEFORE = re.compile(
    r"(?:전|후|때|당시|작년|지난해|전년|예년|평년|평소|종전|연초|연말|초|말|순|기간|조사|무렵|"
    r"시기|시절|대목|동안|이맘때|직전|이전|직후|이후|날|번|평균|"
    r"\d\s*(?:주|달|일|월|년|개월)|(?:지난|전)\s*(?:주|달|해))"
    r"\s*(?:\(|의\s?)$"
)


def _compared_with_a_market(left: str, right: str) -> bool:
    if left.endswith("("):
        if not right.startswith(")"):
            return False
    elif not left.endswith(("의", "의 ")) or right.startswith(")"):
        return False
    return _COMPARED.match(right) is not None and _TIME_BEFORE.search(left) is None


def _earlier_left(ctx: P.Context, left: str) -> bool:
    """An earlier value's words before the amount, behind a substring test (most amounts
    have none of them: the end-anchored pattern is tried at every position)."""
    cues = ctx.earlier_left_cues
    if cues and not any(c in left for c in cues):
        return False
    return ctx.earlier_left.search(left) is not None


def clause_left(left: str) -> str:
    end = 0
    for m in P.CLAUSE_BREAK.finditer(left):
        end = m.end()
    return left[end:]


def _may_match(pattern: re.Pattern[str], text: str) -> bool:
    """False only when `pattern` is plain text (as "평균") absent from `text`, hence from
    any part of it: a substring test instead of cutting the part out and searching it."""
    plain = _PLAIN.get(pattern, "")
    if plain == "":
        source = pattern.pattern
        is_plain = not pattern.flags & re.IGNORECASE and re.escape(source) == source
        plain = _PLAIN[pattern] = source if is_plain else None
    return plain is None or plain in text


_PLAIN: dict[re.Pattern[str], str | None] = {}  # pattern -> its text, when it is plain


def date_after(
    s: str, a: Amount, limit: int, mentions: list[dates.DateMention]
) -> dates.DateMention | None:
    """A date right after an amount, in the same clause ("KPW 5,900 on Oct. 1")."""
    for d in mentions:
        near = a.end <= d.start < limit and d.start - a.end <= 60
        if near and not P.CLAUSE_BREAK.search(s[a.end : d.start]):
            if _QUOTE_CLOSED.search(s, a.end, d.start) and _day_before_it(s, a, mentions):
                return None  # "on the 30th, and gasoline to 20,000 won,” ... told on Oct. 1"
            return d
    return None


# A quote closed between a price and a day: the day is the telling's, not the price's.
_QUOTE_CLOSED = re.compile(r"[,.]?[”\"]\s")


def own_date_after(
    s: str, a: Amount, limit: int, mentions: list[dates.DateMention]
) -> dates.DateMention | None:
    """`date_after`, but not a day past the quote's close (", when it was 3,800 won
    before ...," the source said on May 12): the telling's day dates what the quote says
    is now, never an earlier value in it."""
    d = date_after(s, a, limit, mentions)
    if d is not None and _QUOTE_CLOSED.search(s, a.end, d.start):
        return None
    return d


def _day_before_it(s: str, a: Amount, mentions: list[dates.DateMention]) -> bool:
    """Is an exact day named before the amount, in the quote it closes?"""
    return any(d.exact and d.end <= a.start for d in mentions)


def _date_before(
    s: str, a: Amount, limit: int, mentions: list[dates.DateMention]
) -> dates.DateMention | None:
    """The nearest date before an amount and after the previous one ("지난 1일(5,900원)")."""
    near = [d for d in mentions if limit <= d.start and d.end <= a.start]
    if near and _DATE_TO_EARLIER.match(s[near[-1].end : a.start]):
        return near[-1]
    return None


# Only connecting words between a day and its earlier value: "지난 1일(", "20일) 때의 ",
# and a good's price: "지난달 27일 쌀값 350원과 비교하면".
_DATE_TO_EARLIER = re.compile(
    r"^\s*\)?\s*(?:조사\s*)?(?:때|당시)?\s*(?:의|에는|엔|에)?\s*\(?\s*"
    r"(?:[가-힣]{1,4}(?:값|\s?가격)(?:은|이|도)?\s*)?$"
    r"|^\s*\(\s*[가-힣]{1,4}\s+$"  # the good in parentheses: "12일(휘발유 8,000원)"
)
