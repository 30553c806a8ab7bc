"""What a search takes and returns: plain dataclasses that import nothing heavy, so the
search service's client can rebuild a result without loading Whoosh (search/query.py
produces them and re-exports them)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class Side:
    url: str
    title: str
    published: str | None
    snippet: str
    highlights: list[tuple[int, int]] = field(default_factory=list)
    matched: bool = False

    def to_json(self) -> dict[str, Any]:
        return {
            "url": self.url,
            "title": self.title,
            "published": self.published,
            "snippet": self.snippet,
            "highlights": [list(h) for h in self.highlights],
        }


@dataclass
class StoryHit:
    rank: int
    score: float
    en: Side | None
    ko: Side | None
    entities: list[str]
    commodities: list[str]

    def to_json(self) -> dict[str, Any]:
        return {
            "rank": self.rank,
            "score": round(self.score, 3),
            "en": self.en.to_json() if self.en else None,
            "ko": self.ko.to_json() if self.ko else None,
            "entities": self.entities,
            "commodities": self.commodities,
        }


@dataclass
class SearchResult:
    query: str
    parsed: str
    expansions: list[str]
    hits: list[StoryHit]
    total_matches: int  # matching articles (estimated), before collapsing into stories
    facets: dict[str, dict[str, int]]
    timed_out: bool = False


@dataclass
class Filters:
    lang: str | None = None
    since: str | None = None
    until: str | None = None
    entity: str | None = None
    commodity: str | None = None
