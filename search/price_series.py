"""Stored price rows -> observations with their sources, series per market, sparklines.

The store keeps one row per source. Here the same observation reported by several sources
(both editions of a story, an article and the survey sheet) becomes one observation with
several sources; a date that an edition only inferred from its publication day yields to the
partner edition's printed date when everything else agrees.
"""

from __future__ import annotations

from collections import defaultdict
from itertools import groupby
from typing import Any

SPARKS = "▁▂▃▄▅▆▇█"
VALUE_FIELDS = ("market", "commodity", "price", "currency", "unit")


def _source(row: dict[str, Any]) -> dict[str, Any]:
    if row.get("survey"):
        return {"url": row["source"], "survey": row["survey"]}
    return {"url": row["source"], "lang": row.get("lang"), "quote": row.get("quote")}


def observations(rows: list[dict[str, Any]], partner=None) -> list[dict[str, Any]]:
    """Merge rows into observations (the stable JSON shape of `nkwatch prices --json`).
    `partner(url, lang)` names the other edition of an article, if any."""
    merged: dict[tuple, dict[str, Any]] = {}
    inferred = []
    for row in rows:
        if not row["date_exact"] and not row.get("survey"):
            inferred.append(row)
            continue
        _add(merged, row)
    for row in inferred:
        other = partner(row["source"], row.get("lang")) if partner else None
        match = None
        if other:
            for key, obs in merged.items():
                if key[1:] == tuple(row[f] for f in VALUE_FIELDS) and any(
                    s["url"] == other for s in obs["sources"]
                ):
                    match = obs
                    break
        if match is not None:
            match["sources"].append(_source(row))
        else:
            _add(merged, row)
    out = sorted(
        merged.values(), key=lambda o: (o["date"], o["commodity"], o["market"] or "", o["price"])
    )
    return out


def _add(merged: dict[tuple, dict[str, Any]], row: dict[str, Any]) -> None:
    key = (row["date"], *(row[f] for f in VALUE_FIELDS))
    obs = merged.get(key)
    if obs is None:
        merged[key] = obs = {
            "date": row["date"],
            "market": row["market"],
            "commodity": row["commodity"],
            "price": row["price"],
            "currency": row["currency"],
            "unit": row["unit"],
            "date_exact": bool(row["date_exact"]),
            "sources": [],
        }
    obs["date_exact"] = obs["date_exact"] or bool(row["date_exact"])
    source = _source(row)
    if source not in obs["sources"]:
        obs["sources"].append(source)


def series(obs: list[dict[str, Any]]) -> dict[tuple, list[tuple[str, int]]]:
    """(commodity, currency, unit, market) -> [(date, price)], one price per day (the
    survey's when it has one, else the median of what was reported)."""
    points: dict[tuple, dict[str, list[int]]] = defaultdict(lambda: defaultdict(list))
    for o in obs:
        key = (o["commodity"], o["currency"], o["unit"], o["market"])
        points[key][o["date"]].append(o["price"])
    out = {}
    for key, by_day in points.items():
        out[key] = [(day, sorted(v)[len(v) // 2]) for day, v in sorted(by_day.items())]
    return out


def sparkline(values: list[int]) -> str:
    if not values:
        return ""
    lo, hi = min(values), max(values)
    if hi == lo:
        return SPARKS[3] * len(values)
    return "".join(SPARKS[round((v - lo) / (hi - lo) * (len(SPARKS) - 1))] for v in values)


def by_commodity(obs: list[dict[str, Any]]):
    """Observations grouped by commodity, in order."""
    ordered = sorted(obs, key=lambda o: (o["commodity"], o["date"], o["market"] or ""))
    return groupby(ordered, key=lambda o: o["commodity"])
