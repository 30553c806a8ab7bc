"""Every match of a query, not a ranked top: the public search run on date windows.

A search limited to some days, with a `limit` no smaller than the articles stored on those
days, returns every matching story there. The days are cut into windows of at most
WINDOW_ARTICLES stored articles (one search each: fewer windows, less overhead per search);
a story found in two windows is merged, keeping which of its versions matched.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from crawler import datadir
from crawler.store import Store
from search.errors import NkwatchError
from search.query import Filters, StoryHit, search

WINDOW_ARTICLES = 4000  # stored articles per search window at most (a day may hold more)
WINDOW_TIME_LIMIT_S = 60.0  # a window search cut short would not be exact: it is an error


def windows(store: Store, days: Iterable[str], cap: int = WINDOW_ARTICLES):
    """Runs of the given days (YYYY-MM-DD, in order), each holding at most `cap` stored
    articles: (first day, last day, articles stored from the first to the last)."""
    out: list[tuple[str, str, int]] = []
    for day in sorted(set(days)):
        if out:
            first, _last, _n = out[-1]
            n = store.articles_between(first, day)
            if n <= cap:
                out[-1] = (first, day, n)
                continue
        out.append((day, day, store.articles_between(day, day)))
    return out


def all_matches(
    base: Path, query: str, filters: Filters, days: Iterable[str], cap: int = WINDOW_ARTICLES
) -> list[StoryHit]:
    """Every story matching `query` and `filters` with a matching article published on
    one of `days` (or a day between two of them); `Side.matched` says which versions
    matched. The filters' own since/until are replaced by each window's."""
    store = Store(datadir.store_path(base), readonly=True)
    try:
        spans = windows(store, days, cap)
    finally:
        store.close()
    found: dict[str, StoryHit] = {}
    for first, last, stored in spans:
        if not stored:
            continue
        window = Filters(filters.lang, first, last, filters.entity, filters.commodity)
        result = search(base, query, window, limit=stored, time_limit=WINDOW_TIME_LIMIT_S)
        if result.timed_out:
            raise NkwatchError(
                f"searching {first}..{last} for {query!r} ran too long: narrow the query"
            )
        for hit in result.hits:
            seen = found.setdefault((hit.en or hit.ko).url, hit)
            for mine, other in ((seen.en, hit.en), (seen.ko, hit.ko)):
                if mine is not None and other is not None:
                    mine.matched = mine.matched or other.matched
    return list(found.values())
