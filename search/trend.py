"""Attention over time: matching stories per month, quarter or year, and per edition.

The counts are exact: each period is one search limited to its days, with a `limit` no
smaller than the articles stored in it, so every match is collected (the facets' top
documents would be a sample). Periods run from the first stored article to the last (or
the --since/--until bounds); empty periods are kept, since a gap in attention is news too.
"""

from __future__ import annotations

import calendar
from dataclasses import asdict, dataclass
from datetime import date
from pathlib import Path

from crawler import datadir
from crawler.store import Store
from search.errors import NkwatchError, QueryError
from search.query import Filters, search

BY = ("month", "quarter", "year")
PERIOD_TIME_LIMIT_S = 60.0


@dataclass
class Period:
    period: str  # 2025-03, 2025-Q1 or 2025
    first: str  # first day, YYYY-MM-DD
    last: str  # last day
    en: int = 0  # matching English articles published in the period
    ko: int = 0  # matching Korean articles
    stories: int = 0  # stories with a matching article published in the period

    def to_json(self) -> dict[str, int | str]:
        d = asdict(self)
        return {k: d[k] for k in ("period", "en", "ko", "stories")}


def _parse_day(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise QueryError(f"bad date {value!r}: use YYYY-MM-DD") from None


def periods(first: date, last: date, by: str) -> list[Period]:
    """Every period from the one holding `first` to the one holding `last`, in order."""
    if by not in BY:
        raise QueryError(f"--by must be one of {', '.join(BY)}, not {by!r}")
    step = {"month": 1, "quarter": 3, "year": 12}[by]
    year, month = first.year, first.month - (first.month - 1) % step
    out = []
    while (year, month) <= (last.year, last.month):
        end_month = month + step - 1
        label = {
            "month": f"{year}-{month:02d}",
            "quarter": f"{year}-Q{(month - 1) // 3 + 1}",
            "year": f"{year}",
        }[by]
        end_day = calendar.monthrange(year, end_month)[1]
        out.append(Period(label, f"{year}-{month:02d}-01", f"{year}-{end_month:02d}-{end_day}"))
        month += step
        if month > 12:
            year, month = year + 1, month - 12
    return out


def trend(base: Path, query: str, filters: Filters | None = None, by: str = "month"):
    """Matching stories (and English and Korean articles) per period, oldest first."""
    filters = filters or Filters()
    store = Store(datadir.store_path(base), readonly=True)
    try:
        days = store.published_days()
        if not days:
            return []
        first = max(_parse_day(days[0]), _parse_day(filters.since or days[0]))
        last = min(_parse_day(days[-1]), _parse_day(filters.until or days[-1]))
        rows = periods(first, last, by) if first <= last else []
        stored = [store.articles_between(max(p.first, str(first)), p.last) for p in rows]
    finally:
        store.close()
    for row, n in zip(rows, stored, strict=True):
        if not n:
            continue
        window = Filters(
            filters.lang,
            max(row.first, str(first)),
            min(row.last, str(last)),
            filters.entity,
            filters.commodity,
        )
        result = search(base, query, window, limit=n, time_limit=PERIOD_TIME_LIMIT_S)
        if result.timed_out:
            raise NkwatchError(f"counting {row.period} ran too long; narrow the query or --by")
        row.stories = len(result.hits)
        row.en = sum(1 for h in result.hits if h.en is not None and h.en.matched)
        row.ko = sum(1 for h in result.hits if h.ko is not None and h.ko.matched)
    return rows
