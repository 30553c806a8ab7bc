"""Dates in price passages, resolved against the article's publication date.

Daily NK rarely prints the year of a survey ("on Mar. 31", "지난 12일"), and often names only a
weekday ("as of Sunday"). Both resolve against the publication date in Korean time (the
articles are written in Seoul): the latest such day not after publication, with two days of
slack for a story published just after midnight.

A month without a day ("in October", "in mid-March", "10월") dates an observation to the first
of that month with `exact` false: an analyst still files the figure under its month, and the
flag keeps it apart from a surveyed day. "Since October" / "10월부터" is a span, not a date.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone

KST = timezone(timedelta(hours=9))
# The redenomination of 30 November 2009 cut two zeros: earlier prices are in old won.
CURRENCY_REFORM = date(2009, 11, 30)
SLACK = timedelta(days=2)  # a survey day may follow publication in UTC by a day

MONTHS = {
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "may": 5,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
WEEKDAYS_EN = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
WEEKDAYS_KO = "월화수목금토일"

EN_DATE = re.compile(
    r"\b(?P<month>Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|"
    r"Aug(?:ust)?|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?\s+"
    r"(?P<day>\d{1,2})(?:st|nd|rd|th)?\b(?:,?\s+(?P<year>(?:19|20)\d\d)\b)?"
)
EN_ORDINAL_DAY = re.compile(r"\b(?:[Oo]n|[Aa]s\s+of)\s+the\s+(?P<day>\d{1,2})(?:st|nd|rd|th)\b")
EN_WEEKDAY = re.compile(r"\b(?P<weekday>Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day\b")
# "지난해 1월 10일" in a January story is last year's, not this month's.
KO_DATE = re.compile(
    r"(?:(?P<last>지난\s?달|전달)\s*)?(?:(?P<lastyear>지난\s?해|작년)\s*(?=\d{1,2}월))?"
    r"(?:(?P<year>(?:19|20)\d\d)년\s*)?(?:(?P<month>\d{1,2})월\s*)?(?P<day>\d{1,2})일"
    r"(?!\s*(?:간|동안|째|만에|분))"
)
_EN_MONTH_CUE = re.compile(r"Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec")
KO_WEEKDAY = re.compile(r"(?P<weekday>[월화수목금토일])요일")
EN_MONTH_ONLY = re.compile(
    r"\b(?i:in|during|throughout)\s+(?:(?:early|mid|late)[\s-]+|the\s+(?:beginning|middle|end)"
    r"\s+of\s+)?(?P<month>January|February|March|April|May|June|July|August|September|October|"
    r"November|December|Jan\.|Feb\.|Mar\.|Apr\.|Aug\.|Sept?\.|Oct\.|Nov\.|Dec\.)"
    r"(?!\s*\d{1,2}(?!\d))(?:,?\s+(?P<year>(?:19|20)\d\d)\b)?"
)
# Words after a month that make it the start, end or yardstick of a span, not a date:
# "3월부터", "지난달 초보다".
_SPAN_AFTER = r"(?:부터|이후|이래|까지|보다|대비|에\s*비해|과|와|만에)"
KO_MONTH_ONLY = re.compile(
    r"(?<![\d.])(?:(?P<year>(?:19|20)\d\d)년\s*|(?P<lastyear>지난\s?해|작년)\s*)?"
    r"(?P<month>1[0-2]|0?[1-9])월"
    rf"(?!\s*\d{{1,2}}\s*일)(?!\s*(?:초순?|중순|하순|말|께|경)?\s*{_SPAN_AFTER})"
    r"(?:\s*(?:초순?|중순|하순|말|께|경))?"
)

# "early this month", "at the start of the month", "이달 초": the month of publication,
# dated to its first (not exact).
# Not "earlier this month" next to an earlier value: that day is unknown.
EN_THIS_MONTH = re.compile(
    r"\b(?:(?:early|mid|late)[\s-]+this\s+month|(?:the\s+)?(?:beginning|start|middle|end)\s+"
    r"of\s+this\s+month|this\s+month|(?:the\s+)?(?:beginning|start)\s+of\s+the\s+month)\b",
    re.I,
)
KO_THIS_MONTH = re.compile(r"(?:이달|이번\s?달)(?!\s*\d)(?:\s*(?:초순?|중순|하순|말))?")
# ... and "early last month", "지난달 초": the month before publication, as "early
# February" is (a part of it: "last month" alone is no date). Not "since early last month".
EN_LAST_MONTH = re.compile(
    r"(?<!since )\b(?:(?:early|mid|late)[\s-]+last\s+month|(?:the\s+)?(?:beginning|start|"
    r"middle|end)\s+of\s+last\s+month)\b",
    re.I,
)
KO_LAST_MONTH = re.compile(
    r"(?:지난\s?달|전달)\s*(?:초순?|중순|하순|말)(?!\s*\d{1,2}\s*일)"
    rf"(?!\s*{_SPAN_AFTER})"
)
# A decade or a year well before publication: "in the late 1990s", "1990년대", "in 2005",
# "2005년" (not "2009년 1월": a month of that year). Starts with a digit, for a fast scan.
_YEAR = re.compile(
    r"[12](?<![\w,.][12])(?:9|0)\d\d(?!\d|,\d)(?P<tail>'?s\b|년대|년(?!\s*\d{1,2}\s*월))?"
)
# ... or led by "in", "before" ("Before the July 2002 measures", "In 2005,").
_YEAR_BEFORE = re.compile(
    r"\b(?:since\s+|(?:[Ii]n|[Dd]uring|[Uu]ntil|[Bb]efore)\s+(?:the\s+)?"
    r"(?:(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?\s+)?)$"
)


# A named time long past: the famine of the 1990s.
_ERA = re.compile(r"고난의\s*행군\s*(?:시기|때|당시|시절)|\b(?i:during|in)\s+the\s+Arduous\s+March")
# ... unless today is likened to it ("고난의 행군 때와 다르지 않다", "... 시기를 떠올리게
# 한다", "... 때보다 심하다"): a comparison with an era is no price of that era.
_LIKE_AN_ERA = re.compile(
    r"\s*(?:와|과|보다|에\s*비해|처럼|같|못지않|에\s*버금|을\s*(?:떠올|연상|방불)|를\s*(?:떠올|연상|방불))"
)


def long_ago(text: str, pub: date) -> bool:
    """Does `text` speak of a time well before publication? Its prices are history."""
    return bool(eras(text)) or years_ago(text, pub)


def eras(text: str) -> list[tuple[int, int]]:
    """Where `text` names a time long past by name ("고난의 행군 때"), not likened to."""
    if "행군" not in text and "Arduous" not in text:
        return []
    return [m.span() for m in _ERA.finditer(text) if not _LIKE_AN_ERA.match(text, m.end())]


def years_ago(text: str, pub: date) -> bool:
    """Does `text` name a decade or a year well before publication?"""
    for m in _YEAR.finditer(text):
        year, tail = int(m.group()[:4]), m["tail"]
        if tail and tail.endswith(("s", "년대")):
            if year + 9 < pub.year:
                return True
        elif year < pub.year - 1 and (tail or _YEAR_BEFORE.search(text, 0, m.start())):
            return True
    return False


@dataclass(frozen=True)
class DateMention:
    start: int
    end: int
    day: date
    exact: bool = True  # false: a month without its day, dated to the first


def publication_day(published: str | date | None) -> date | None:
    """The publication date in Korean time (a UTC timestamp from the store, or a date)."""
    if published is None or isinstance(published, date) and not isinstance(published, datetime):
        return published
    if isinstance(published, datetime):
        moment = published
    else:
        text = published.strip().replace("Z", "+00:00")
        if len(text) == 10:
            return date.fromisoformat(text)
        try:
            moment = datetime.fromisoformat(text)
        except ValueError:
            return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(KST).date()


def _safe(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def resolve(pub: date, month: int | None, day: int, year: int | None = None) -> date | None:
    """A printed day, month and maybe year, as the latest such date not after publication."""
    if year and month:
        return _safe(year, month, day)
    if month:
        found = _safe(pub.year, month, day)
        if found and found > pub + SLACK:
            found = _safe(pub.year - 1, month, day)
        return found
    found = _safe(pub.year, pub.month, day)
    if found and found <= pub + SLACK:
        return found
    prev = pub.replace(day=1) - timedelta(days=1)
    return _safe(prev.year, prev.month, day)


def resolve_month(pub: date, month: int, year: int | None = None) -> date:
    """The first of the latest such month not after publication."""
    if year:
        return date(year, month, 1)
    return date(pub.year if month <= pub.month else pub.year - 1, month, 1)


def last_weekday(pub: date, weekday: int) -> date:
    """The last such weekday before publication ("as of Sunday" in a Monday story)."""
    back = (pub.weekday() - weekday) % 7 or 7
    return pub - timedelta(days=back)


def find(text: str, lang: str, pub: date) -> list[DateMention]:
    """Every date in `text`, resolved: days, weekdays, and months without a day."""
    out: list[DateMention] = []
    # Cheap substring tests first: most price sentences name no date at all.
    if lang == "en":
        months = _EN_MONTH_CUE.search(text) is not None
        for m in EN_DATE.finditer(text) if months else ():
            month = MONTHS[m["month"][:3].lower()]
            year = int(m["year"]) if m["year"] else None
            day = resolve(pub, month, int(m["day"]), year)
            if day:
                out.append(DateMention(m.start(), m.end(), day))
        for m in EN_ORDINAL_DAY.finditer(text) if "the " in text else ():
            day = resolve(pub, None, int(m["day"]))
            if day:
                out.append(DateMention(m.start(), m.end(), day))
        for m in EN_WEEKDAY.finditer(text) if "day" in text else ():
            index = [w[:3] for w in WEEKDAYS_EN].index(m["weekday"][:3].lower())
            out.append(DateMention(m.start(), m.end(), last_weekday(pub, index)))
        for m in EN_MONTH_ONLY.finditer(text) if months else ():
            month = MONTHS[m["month"][:3].lower()]
            year = int(m["year"]) if m["year"] else None
            out.append(DateMention(m.start(), m.end(), resolve_month(pub, month, year), False))
        low = text.lower() if "month" in text else ""
        for m in (
            EN_THIS_MONTH.finditer(text) if "this month" in low or "of the month" in low else ()
        ):
            out.append(DateMention(m.start(), m.end(), pub.replace(day=1), False))
        for m in EN_LAST_MONTH.finditer(text) if "last month" in text.lower() else ():
            out.append(DateMention(m.start(), m.end(), _month_before(pub), False))
    else:
        for m in KO_DATE.finditer(text) if "일" in text else ():
            if m.start() and text[m.start() - 1].isdigit():
                continue
            year = int(m["year"]) if m["year"] else None
            month = int(m["month"]) if m["month"] else None
            if m["lastyear"]:
                year = pub.year - 1
            if m["last"] and not month:  # "지난달 3일": the month before publication
                month = (pub.replace(day=1) - timedelta(days=1)).month
            day = resolve(pub, month, int(m["day"]), year)
            if day:
                out.append(DateMention(m.start(), m.end(), day))
        for m in KO_WEEKDAY.finditer(text) if "요일" in text else ():
            index = WEEKDAYS_KO.index(m["weekday"])
            out.append(DateMention(m.start(), m.end(), last_weekday(pub, index)))
        for m in KO_MONTH_ONLY.finditer(text) if "월" in text else ():
            year = int(m["year"]) if m["year"] else (pub.year - 1 if m["lastyear"] else None)
            day = resolve_month(pub, int(m["month"]), year)
            out.append(DateMention(m.start(), m.end(), day, False))
        for m in KO_THIS_MONTH.finditer(text) if "이달" in text or "이번" in text else ():
            out.append(DateMention(m.start(), m.end(), pub.replace(day=1), False))
        for m in KO_LAST_MONTH.finditer(text) if "달" in text else ():
            out.append(DateMention(m.start(), m.end(), _month_before(pub), False))
    return sorted(out, key=lambda d: d.start)


def _month_before(pub: date) -> date:
    """The first of the month before publication."""
    return (pub.replace(day=1) - timedelta(days=1)).replace(day=1)


def currency_on(day: date) -> str:
    """KPW, or KPW-old before the currency reform: the two never share a series."""
    return "KPW-old" if day < CURRENCY_REFORM else "KPW"
