"""Attention over time: matching stories per month, quarter or year, and per edition.

The counts are exact: every match is collected (search/exact.py) and counted in the period
of its publication (the facets' top documents would be a sample). A story counts in each
period where one of its matching versions was published. Periods run from the first stored
article to the last (or the --since/--until bounds); empty periods are kept, since a gap in
attention is news too.
"""

from __future__ import annotations

import calendar
from dataclasses import asdict, dataclass
from datetime import date
from pathlib import Path

from crawler import datadir
from crawler.store import Store
from search.errors import QueryError
from search.exact import all_matches
from search.query import Filters

BY = ("month", "quarter", "year")


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


def period_of(published: str, by: str) -> str:
    """The label of the period holding an ISO date: 2025-03, 2025-Q1 or 2025."""
    if by == "month":
        return published[:7]
    if by == "quarter":
        return f"{published[:4]}-Q{(int(published[5:7]) - 1) // 3 + 1}"
    return published[:4]


def trend(base: Path, query: str, filters: Filters | None = None, by: str = "month"):
    """Matching stories (and English and Korean articles) per period, oldest first."""
    filters = filters or Filters()
    store = Store(datadir.store_path(base), readonly=True)
    try:
        days = store.published_days()
    finally:
        store.close()
    if not days:
        return []
    first = max(_parse_day(days[0]), _parse_day(filters.since or days[0])).isoformat()
    last = min(_parse_day(days[-1]), _parse_day(filters.until or days[-1])).isoformat()
    rows = {p.period: p for p in periods(date.fromisoformat(first), date.fromisoformat(last), by)}
    if not rows:
        return []
    stories: dict[str, set[str]] = {label: set() for label in rows}
    for hit in all_matches(base, query, filters, [d for d in days if first <= d <= last]):
        for lang, side in (("en", hit.en), ("ko", hit.ko)):
            if side is None or not side.matched or not side.published:
                continue
            label = period_of(side.published, by)
            if label not in rows:
                continue
            setattr(rows[label], lang, getattr(rows[label], lang) + 1)
            stories[label].add((hit.en or hit.ko).url)
    for label, row in rows.items():
        row.stories = len(stories[label])
    return list(rows.values())
