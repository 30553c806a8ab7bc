"""What a search takes and returns: plain dataclasses that import nothing heavy, so the
search service's client can rebuild a result without loading Whoosh (search/query.py
produces them and re-exports them)."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

MAX_LIMIT = 1000  # stories one search may return (the CLI's --limit, the service's limit=)
SORTS = ("relevance", "date")


# Bidi marks, embeddings, overrides and isolates: they reorder what follows on the screen.
BIDI = r"\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
# What json.dumps(ensure_ascii=False) leaves raw but a terminal may act on: DEL, C1 (U+009B
# is CSI on some terminals), bidi controls; C0 too (json escapes most of it already), and the
# Unicode line separators, which line-splitting readers take for line ends.
_JSON_UNSAFE = re.compile(rf"[\x00-\x1f\x7f-\x9f\u2028\u2029{BIDI}]")


def json_line(obj: Any) -> str:
    """One JSON document on one line, safe to print on a terminal: non-ASCII text kept,
    controls and direction marks written as \\uXXXX (json.loads gives the same text back).
    Here, below the CLI, because the search service answers the very lines the CLI prints."""
    text = json.dumps(obj, ensure_ascii=False)
    # Every raw character left is inside a string literal, where \uXXXX means the same.
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


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
    total_matches: int  # matching articles, before collapsing into stories
    facets: dict[str, dict[str, int]]  # entity/commodity ids over the stories shown
    timed_out: bool = False
    total_exact: bool = False  # total_matches counted, not estimated from term statistics
    timings: dict[str, float] = field(default_factory=dict)  # seconds per phase (bench/)
    notes: list[str] = field(default_factory=list)  # about the filters: said on stderr


@dataclass
class Filters:
    lang: str | None = None
    since: str | None = None
    until: str | None = None
    entity: str | None = None
    commodity: str | None = None
