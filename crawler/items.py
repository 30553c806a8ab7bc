"""Items that flow through the pipelines, as dataclasses (Scrapy handles them via itemadapter)."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any

LANGS = ("en", "ko")  # the two editions; an article's `lang` is one of them once stored
SOURCES = ("page", "rest")  # an article page, or a WordPress REST API record


@dataclass
class Article:
    """One article page, as parsed; enriched by the pipelines before it is stored."""

    url: str
    html_lang: str | None = None
    post_id: int | None = None
    title: str = ""
    subtitle: str | None = None
    authors: list[str] = field(default_factory=list)
    published: str | None = None  # ISO 8601, UTC
    modified: str | None = None
    section: str | None = None
    tags: list[str] = field(default_factory=list)
    canonical_url: str | None = None
    body: list[str] = field(default_factory=list)  # clean paragraphs
    captions: list[str] = field(default_factory=list)
    translator: str | None = None
    editor: str | None = None
    pair_url: str | None = None  # the "Read in Korean" target, canonical
    template: str = "generic"  # the parser that read it: td-2019, tdb (or -legacy), generic
    source: str = "page"  # where it came from: SOURCES
    selector_hits: dict[str, int] = field(default_factory=dict)  # field -> fallback rank used
    # Set by the pipelines:
    lang: str | None = None
    lang_method: str | None = None
    entities: dict[str, int] = field(default_factory=dict)  # id -> mentions
    commodities: dict[str, int] = field(default_factory=dict)
    prices: list[dict[str, Any]] = field(default_factory=list)  # market price observations

    @property
    def text(self) -> str:
        return "\n\n".join(self.body)

    def to_dict(self) -> dict[str, Any]:
        """The stored record; price observations live in the store's own prices table.
        A shallow view, read once to serialise: asdict's deep copy of every paragraph list
        cost 3% of the crawl's CPU for nothing."""
        return {f.name: getattr(self, f.name) for f in fields(self) if f.name != "prices"}


@dataclass
class PairLink:
    """A pair edge learnt outside an article page, e.g. a Korean original answering 404."""

    en_url: str
    ko_url: str
    status: str  # "ok" | "broken"


@dataclass
class Withdrawn:
    """A stored article that answered 404/410 when re-fetched: marked, never deleted."""

    url: str
    lang: str
    status: int


@dataclass
class Frontier:
    """A URL entering ("queued", "retry") or leaving ("done") the store's frontier."""

    url: str
    state: str


@dataclass
class ListingWalk:
    """A listing walk started (complete=False) or reached its end or known URLs (True)."""

    listing: str
    complete: bool
