"""An article's observations (extract): its paragraphs, each read as a table or sentence by
sentence with what the last one carried, merged into one observation per key; and the same
for articles as stored (of_article, rederive)."""

from __future__ import annotations

import re
from datetime import date

from crawler.enrich import entities
from crawler.enrich.prices import dates
from crawler.enrich.prices import patterns as P
from crawler.enrich.prices.binding import _name_market
from crawler.enrich.prices.names import Lexicon, lexicon
from crawler.enrich.prices.records import Carry, Observation
from crawler.enrich.prices.sentences import sentence
from crawler.enrich.prices.survey_cues import survey_cued, survey_words
from crawler.enrich.prices.tables import (
    _ROW_DAY,
    _caption_day,
    _is_table_line,
    dated_rows,
    one_line_table,
    one_market,
    table,
)


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
            column = None if rows or not i else one_market(lines[max(0, i - 2) : i], lang, lex, pub)
            if column:  # a table of one market: its caption names it and the day
                rows = table(lines[i:j], lang, lex, column[1], True, columns=[column[0]])
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
        in_quote: date | None = None  # the day a source told the quote still open
        last = 0  # where the sentence before starts
        for begin, end in _sentence_spans(line, splitter):
            while k < len(matches) and matches[k].start() < begin:
                k += 1
            first = k
            while k < len(matches) and matches[k].start() < end:
                k += 1
            has_amount = first < k if matches else any(begin <= x < end for x in starts)
            if lang == "en" and begin and line.startswith(_OPENING_QUOTES, begin):
                in_quote = _told_before(line, last, begin, pub)
            # a sentence of a survey's paragraph without a price or survey words of its own
            # ("Diesel prices in Pyongyang have jumped again.") is talk, as in any paragraph
            if has_amount or (survey and survey_words(line[begin:end])):
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
                    said = in_quote if undated else None
                    if said is not None:  # '... told Daily NK on Sept. 6. "Diesel is ...'
                        out[-undated:] = [o.moved_to(said) for o in out[-undated:]]
                        undated = 0
                    elif undated and lang == "en" and found:
                        quoted.append((found[0].start(), told, undated))
                elif undated and carry.day is not None and carry.day != day:
                    # "휘발유는 9500원에 판매되고 있다. 지난 12일 데일리NK 조사 결과다."
                    out[-undated:] = [o.moved_to(carry.day) for o in out[-undated:]]
                    undated = 0
            else:
                talk = _PRICE_TALK.search(line, begin, end) is not None
                prices_after = bool(starts) and starts[-1] >= end  # a city for them to take
                if talk or prices_after:
                    _context(line[begin:end], lang, lex, carry, talk, prices_after)
            if quoted and ('"' in line[begin:end] or "”" in line[begin:end]):
                quoted = _told_on(line, begin, end, pub, quoted, out)
            if in_quote is not None and _QUOTE_CLOSES.search(line, begin + 1, end + 2):
                in_quote = None  # the source's words end; what follows is the writer's
            last = begin
    return _unique(out)


_OPENING_QUOTES = ('"', "“", "'", "‘")
# A quote's closing mark ("... 5,200 won.' Corn", '... won," he said'): before a space or
# the paragraph's end.
_QUOTE_CLOSES = re.compile(r"[\"”'’](?=\s|$)")


def _told_before(line: str, begin: int, end: int, pub: date) -> date | None:
    """The day a source told the quote that the sentence line[begin:end] closes ('..."
    a source told Daily NK on Sept. 6.'): a quote opened right after it goes on with
    what the source said that day, and its undated prices take it."""
    told = P.EN_TOLD_AFTER_QUOTE.search(line, begin, end)
    if told is None:
        return None
    days = [d for d in dates.find(told["rest"], "en", pub) if d.exact]
    return days[0].day if days else None


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
                o.moved_to(days[0].day) for o in out[first : first + count]
            ]
    return [q for q in quoted if q[0] < opening]


def _undated(out: list[Observation], told: int, pub: date) -> int:
    """How many of a sentence's observations (out[told:]) fell back on the publication
    day: all of them, or none (0)."""
    said = out[told:]
    if said and all(not o.date_exact and o.date == pub.isoformat() for o in said):
        return len(said)
    return 0


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
