"""Prices laid out as tables rather than sentences: markets by goods (table), one good's
cells on one line (one_line_table), one good over time (dated_rows)."""

from __future__ import annotations

import re
from datetime import date

from crawler.enrich.prices import dates
from crawler.enrich.prices import patterns as P
from crawler.enrich.prices.amounts import bare
from crawler.enrich.prices.binding import _without_redundant_provinces
from crawler.enrich.prices.names import DEFAULT_UNIT, EXCHANGE_UNITS, Lexicon, Name
from crawler.enrich.prices.records import Carry, Observation

_CELL_NUMBER = re.compile(r"(?<![\d,.])\d{1,3}(?:,\d{3})+(?![\d,])|(?<![\d,.])\d{3,7}(?![\d,.])")
# A Korean cell in 만: "2만 1000", "1만2000", "2만", "1만 2,500" (one number, spaces and all).
_MAN_CELL = re.compile(
    r"(?<![\d,.])(?P<man>\d{1,4})\s?만(?:\s?(?P<rest>\d,\d{3}|\d{1,4})(?![\d,.]|\s?만))?"
)
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
# ... "USD/1$", "CNY/1 yuan", "달러/1": the one unit after a slash, its own sign or not.
_ONE_AFTER = re.compile(
    rf"\s*(?:/\s*)?1(?![\d,.])(?:\s*(?:{P.KO_MONEY_UNIT}|{P.EN_MONEY_UNIT})(?![A-Za-z]))?(?:\s*당)?"
    r"|\s*당",
    re.I,
)
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


def table(
    lines: list[str],
    lang: str,
    lex: Lexicon,
    day: date,
    exact: bool,
    columns: list[Name] | None = None,
) -> list[Observation]:
    """A table of markets by goods (or goods by markets): a header line naming two or more
    of one kind, then rows naming one of the other kind followed by as many numbers.
    Numbers in parentheses or behind arrows are changes since the last survey: dropped.
    A table of one market has its column from the caption instead (one_market)."""
    out: list[Observation] = []
    header: list[Name] = columns or []
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
        numbers = [m for m in _cell_numbers(clean) if not _in_name(m, names)]
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
                Observation.on(
                    day,
                    date_exact=exact,
                    market=lex.market_of(place),
                    commodity=good.id,
                    price=_cell_value(num),
                    unit=unit,
                    quote=line.strip(),
                    lang=lang,
                )
            )
    return out


def _cell_numbers(line: str) -> list[re.Match[str]]:
    """A row's numbers in order; a cell in 만 ("2만 1000") is one, not a "2" and a "1000"."""
    if "만" not in line:
        return list(_CELL_NUMBER.finditer(line))
    man = list(_MAN_CELL.finditer(line))
    rest = [m for m in _CELL_NUMBER.finditer(line) if not _in_spans(m, man)]
    return sorted(man + rest, key=lambda m: m.start())


def _in_spans(m: re.Match[str], spans: list[re.Match[str]]) -> bool:
    return any(s.start() <= m.start() < s.end() for s in spans)


def _cell_value(m: re.Match[str]) -> int:
    if m.re is _MAN_CELL:
        return int(m["man"]) * 10_000 + (bare(m["rest"]) if m["rest"] else 0)
    return bare(m.group())


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


# The header of a one-market table's only column: "품목 가격(원)", "Item Price (KPW)".
_PRICE_COLUMN = re.compile(
    r"^\s*(?:(?:품목|상품|구분|items?|goods|commodit(?:y|ies))\s*)?(?:가격|시세|prices?)"
    r"\s*(?:\([^()]{0,12}\))?\s*$",
    re.I,
)


def one_market(above: list[str], lang: str, lex: Lexicon, pub: date) -> tuple[Name, date] | None:
    """The column and day of a table of one market, goods as rows: its caption names one
    market and the day ("양강도 혜산 시장 물가 (10월 8일)"), right above the rows or above
    a header of one price column ("품목 가격(원)"). Two markets, or no day: not this."""
    if above and _PRICE_COLUMN.match(above[-1]):
        above = above[:-1]
    if not above:
        return None
    caption = above[-1]
    day = _caption_day(caption, lang, pub)
    if day is None:
        return None
    places = [
        n
        for n in _without_redundant_provinces(lex, lex.names(caption, lang))
        if n.kind == "place" and n.id not in lex.abroad
    ]
    if len({n.id for n in places}) != 1 or not _not_the_whole_country(places[0], lex):
        return None
    return places[0], day


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
        Observation.on(
            day,
            date_exact=exact,
            market=lex.market_of(place),
            commodity=good,
            price=price,
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
        numbers = _cell_numbers(clean)
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
                Observation.on(
                    day,
                    date_exact=True,
                    market=lex.market_of(place),
                    commodity=good,
                    price=_cell_value(num),
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
