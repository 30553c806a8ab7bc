"""Saved searches ("watches") run on what each refresh indexed; each new story recorded once.

A watch is a query with filters, kept in the store. Every refresh runs each watch on the
articles indexed since the watch last ran (its watermark) and records each matching story
once per watch; a translation of a story the watch already knows is recorded as a new
translation, not as a new story. Hits and the watermark are written in one transaction,
after the index swap: a run killed at any point leaves work that the next run finds still
to do, never a hit recorded twice.

Matching is exact (search/exact.py): every story matching on the days of the articles to
check, not the top of a ranking.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from crawler import datadir
from crawler.store import Store, now_utc
from search.errors import NkwatchError, QueryError
from search.exact import all_matches
from search.query import Filters, StoryHit, search

NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")


class WatchError(NkwatchError):
    """A watch cannot be added, found or run; the message says why."""


@dataclass
class Watch:
    name: str
    query: str
    entity: str | None = None
    commodity: str | None = None
    lang: str | None = None

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> Watch:
        return cls(row["name"], row["query"], row["entity"], row["commodity"], row["lang"])

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "query": self.query,
            "entity": self.entity,
            "commodity": self.commodity,
            "lang": self.lang,
        }

    def filters(self, since: str | None = None, until: str | None = None) -> Filters:
        return Filters(self.lang, since, until, self.entity, self.commodity)

    def describe(self) -> str:
        parts = [repr(self.query)] if self.query else []
        options = (("entity", self.entity), ("commodity", self.commodity), ("lang", self.lang))
        parts += [f"--{k} {v}" for k, v in options if v]
        return " ".join(parts)


@dataclass
class Hit:
    """One story a watch found in a run (the articles of it that were new)."""

    watch: str
    urls: list[str]
    en: dict[str, str] | None
    ko: dict[str, str] | None
    new_translation: bool
    first_seen: str


@dataclass
class WatchRun:
    """What one run of the watches found: new stories per watch, and the stories."""

    counts: dict[str, int] = field(default_factory=dict)
    hits: list[Hit] = field(default_factory=list)
    errors: dict[str, str] = field(default_factory=dict)

    def alarms(self) -> list[str]:
        """A watch that could not run needs a person (it is tried again next time)."""
        return [f"watch {name} could not run: {error}" for name, error in self.errors.items()]


def _open(base: Path, readonly: bool = False) -> Store:
    return Store(datadir.store_path(base), readonly=readonly)


def matches(base: Path, watch: Watch, days: Iterable[str]) -> list[StoryHit]:
    """Every story matching the watch with a matching article published on `days`."""
    return all_matches(base, watch.query, watch.filters(), days)


def check_query(base: Path, watch: Watch) -> list[str]:
    """Fail now, with the reason, on a query or filter a refresh could not run; returns
    the notes on its filters (a name the gazetteer lacks is searched as text)."""
    if not NAME.match(watch.name):
        raise WatchError(
            f"bad watch name {watch.name!r}: use letters, digits, '-', '_' or '.' (64 at most)"
        )
    try:
        return search(base, watch.query, watch.filters(), limit=1).notes
    except QueryError as exc:
        raise WatchError(f"watch {watch.name}: {exc}") from exc


def add(base: Path, watch: Watch, backfill: bool = False) -> list[Hit]:
    """Save a watch. What is stored already counts as seen: the watch's horizon is now, and
    only articles first stored after it are new to it. With `backfill`, every story that
    matches now is recorded (and reported) too: that searches the whole archive."""
    check_query(base, watch)
    store = _open(base)
    try:
        if store.watches(watch.name):
            raise WatchError(
                f"a watch named {watch.name!r} exists: `nkwatch watch remove {watch.name}` first"
            )
        store.add_watch({"name": watch.name, **watch.to_json()})
        days = store.published_days() if backfill else []
    finally:
        store.close()
    if not backfill:
        return []
    ts = now_utc()
    seen = [(hit, _urls(hit)) for hit in matches(base, watch, days)]
    store = _open(base)
    try:
        store.record_watch_hits(
            watch.name, [{"url": u, "first_seen": ts} for _hit, urls in seen for u in urls]
        )
    finally:
        store.close()
    return [_as_hit(watch.name, hit, urls, False, ts) for hit, urls in seen]


def _urls(hit: StoryHit) -> list[str]:
    return [side.url for side in (hit.en, hit.ko) if side is not None]


def _side(side) -> dict[str, str] | None:
    return {"url": side.url, "title": side.title} if side is not None else None


def _as_hit(name: str, hit: StoryHit, urls: list[str], translation: bool, ts: str) -> Hit:
    return Hit(name, urls, _side(hit.en), _side(hit.ko), translation, ts)


def remove(base: Path, name: str) -> None:
    store = _open(base)
    try:
        if not store.remove_watch(name):
            raise WatchError(f"no watch named {name!r} (see `nkwatch watch list`)")
    finally:
        store.close()


def listing(base: Path) -> list[dict[str, Any]]:
    store = _open(base, readonly=True)
    try:
        return store.watches()
    finally:
        store.close()


def run_watches(base: Path, run_id: int | None = None) -> WatchRun:
    """Run every watch on the articles indexed since it last ran; record new stories.

    Called after the index swap (an article is marked indexed only once the live index
    holds it). A watch that fails is reported in `errors` and tried again next time."""
    out = WatchRun()
    if not datadir.store_path(base).exists():  # nothing crawled yet, so nothing to watch
        return out
    store = _open(base, readonly=True)
    try:
        rows = store.watches()
    finally:
        store.close()
    for row in rows:
        try:
            hits = _run_one(base, row, run_id)
        except NkwatchError as exc:
            out.errors[row["name"]] = str(exc)
            continue
        out.counts[row["name"]] = sum(not h.new_translation for h in hits)
        out.hits += hits
    return out


def _run_one(base: Path, row: dict[str, Any], run_id: int | None) -> list[Hit]:
    watch = Watch.from_row(row)
    store = _open(base)
    try:
        pending = store.watch_candidates(row)
        if not pending:
            return []
        known = store.watch_hit_urls(watch.name)
        days = {p["published"][:10] for p in pending if p.get("published")}
        for p in pending:  # the story's other version may be the one that matches
            other = store.partner(p["url"], p["lang"])
            rec = store.get(other) if other else None
            if rec and rec.get("published"):
                days.add(rec["published"][:10])
        watermark = max(p["indexed_at"] for p in pending)
    finally:
        store.close()
    new = {p["url"] for p in pending}
    ts = now_utc()
    hits, rows = [], []
    for hit in matches(base, watch, days) if days else []:
        urls = _urls(hit)
        fresh = [u for u in urls if u in new]
        if not fresh:
            continue
        # A translation of a story already seen: its other version was reported before,
        # or it matches and was stored before the watch (so seen when it was added).
        translation = any(
            side.url in known or side.matched
            for side in (hit.en, hit.ko)
            if side is not None and side.url not in fresh
        )
        hits.append(_as_hit(watch.name, hit, fresh, translation, ts))
        rows += [
            {"url": u, "first_seen": ts, "run_id": run_id, "new_translation": translation}
            for u in fresh
        ]
    store = _open(base)
    try:
        store.record_watch_hits(watch.name, rows, checked_through=watermark)
    finally:
        store.close()
    return hits


@dataclass
class ReportLine:
    """One (watch, story) of a report: the stable `watch report --json` shape."""

    watch: str
    first_seen: str
    en: dict[str, str] | None
    ko: dict[str, str] | None
    new_translation: bool

    def to_json(self) -> dict[str, Any]:
        return {
            "watch": self.watch,
            "first_seen": self.first_seen,
            "en": self.en,
            "ko": self.ko,
            "new_translation": self.new_translation,
        }


def report(base: Path, name: str | None = None, since: str | None = None) -> list[ReportLine]:
    """Recorded hits (since a time), one line per (watch, story), oldest first, with the
    story's versions in the watch's languages. A story whose every hit in the period is a
    new translation is marked so."""
    store = _open(base, readonly=True)
    try:
        if name and not store.watches(name):
            raise WatchError(f"no watch named {name!r} (see `nkwatch watch list`)")
        langs = {w["name"]: w["lang"] for w in store.watches()}
        groups: dict[tuple[str, str], list[dict[str, Any]]] = {}
        sides: dict[str, dict[str, dict[str, str] | None]] = {}
        for h in store.watch_hits(name, since):
            rec = store.get(h["url"])
            if rec is None:
                continue
            en = rec["url"] if rec.get("lang") == "en" else rec.get("pair_url")
            ko = rec["url"] if rec.get("lang") == "ko" else rec.get("pair_url")
            key = en or rec["url"]
            groups.setdefault((h["watch"], key), []).append(h)
            if key not in sides:
                sides[key] = {
                    "en": _stored_side(store, en),
                    "ko": _stored_side(store, ko),
                }
    finally:
        store.close()
    lines = [
        ReportLine(
            watch,
            min(h["first_seen"] for h in hs),
            sides[key]["en"] if langs.get(watch) in (None, "en") else None,
            sides[key]["ko"] if langs.get(watch) in (None, "ko") else None,
            all(h["new_translation"] for h in hs),
        )
        for (watch, key), hs in groups.items()
    ]
    return sorted(lines, key=lambda x: (x.first_seen, x.watch))


def _stored_side(store: Store, url: str | None) -> dict[str, str] | None:
    rec = store.get(url) if url else None
    return {"url": rec["url"], "title": rec.get("title") or ""} if rec else None
