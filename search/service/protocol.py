"""The search service's protocol, written once for the server and the client.

HTTP/1.1, JSON bodies:

    GET  /search?q=&lang=&since=&until=&entity=&commodity=&sort=&limit=[&format=]
         format=jsonl (default): exactly the lines `nkwatch search --json` prints
         format=result: the whole result as one object (what `nkwatch search` prints from)
    POST /reload    reopen the live index now (index writers call it after a swap)
    GET  /health    {"status", "generation", "documents", "uptime_s", "reloads", "searches"}

An error is {"error": MESSAGE}, MESSAGE being what the CLI prints after `nkwatch: error:`;
400 for a query the search refuses, 503 when the service cannot search (no index, damaged).
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any
from urllib.parse import parse_qs, urlencode

from crawler.items import LANGS
from search.errors import QueryError
from search.results import MAX_LIMIT, SORTS, Filters, SearchResult, Side, StoryHit

SEARCH, RELOAD, HEALTH = "/search", "/reload", "/health"
# Sent as a header on every answer; the client uses only a service speaking its own version
# (bump it when the result's wire form changes). Restart the service after an upgrade.
PROTOCOL = "1"
PROTOCOL_HEADER = "X-Nkwatch-Protocol"
FORMATS = ("jsonl", "result")
FILTER_PARAMS = ("lang", "since", "until", "entity", "commodity")
PARAMS = ("q", *FILTER_PARAMS, "sort", "limit", "format")
JSON = "application/json; charset=utf-8"
JSONL = "application/x-ndjson; charset=utf-8"
# The request target: a query is at most 2,000 characters; in Hangul, percent-encoded,
# that is 18 KB. Bodies are not used (POST /reload takes none).
MAX_TARGET_BYTES = 32 * 1024
MAX_BODY_BYTES = 1024


def search_target(query: str, filters: Filters, limit: int, sort: str, fmt: str = "jsonl") -> str:
    """The request target for a search (only the parameters that are set)."""
    params = {"q": query, **{k: getattr(filters, k) for k in FILTER_PARAMS}}
    params.update(sort=sort, limit=str(limit), format=fmt)
    return SEARCH + "?" + urlencode({k: v for k, v in params.items() if v})


def parse_search(query_string: str) -> tuple[str, Filters, int, str, str]:
    """(query, filters, limit, sort, format) from a request's query string; QueryError, with
    what to send instead, for anything else."""
    try:
        raw = parse_qs(query_string, keep_blank_values=True, strict_parsing=False, errors="strict")
    except UnicodeDecodeError as exc:
        raise QueryError("the query string is not UTF-8: percent-encode UTF-8 text") from exc
    unknown = sorted(set(raw) - set(PARAMS))
    if unknown:
        raise QueryError(f"unknown parameter {unknown[0]!r}: use {', '.join(PARAMS)}")
    twice = sorted(k for k, v in raw.items() if len(v) > 1)
    if twice:
        raise QueryError(f"parameter {twice[0]!r} given twice: give it once")
    get = {k: v[0] for k, v in raw.items()}
    sort = get.get("sort") or "relevance"
    if sort not in SORTS:
        raise QueryError(f"sort must be {' or '.join(SORTS)}, not {sort!r}")
    fmt = get.get("format") or "jsonl"
    if fmt not in FORMATS:
        raise QueryError(f"format must be {' or '.join(FORMATS)}, not {fmt!r}")
    lang = get.get("lang") or None
    if lang is not None and lang not in LANGS:
        raise QueryError(f"lang must be {' or '.join(LANGS)}, not {lang!r}")
    limit_text = get.get("limit") or "10"
    if not limit_text.isdigit() or not 1 <= int(limit_text) <= MAX_LIMIT:
        raise QueryError(f"limit must be a whole number from 1 to {MAX_LIMIT}, not {limit_text!r}")
    filters = Filters(**{k: get.get(k) or None for k in FILTER_PARAMS})
    return get.get("q", ""), filters, int(limit_text), sort, fmt


def result_to_wire(result: SearchResult) -> dict[str, Any]:
    """Everything the CLI prints from, losslessly (scores unrounded, sides' match flags)."""
    return asdict(result)


def result_from_wire(obj: dict[str, Any]) -> SearchResult:
    def side(d: dict[str, Any] | None) -> Side | None:
        if d is None:
            return None
        return Side(**{**d, "highlights": [tuple(h) for h in d["highlights"]]})

    hits = [StoryHit(**{**h, "en": side(h["en"]), "ko": side(h["ko"])}) for h in obj["hits"]]
    return SearchResult(**{**obj, "hits": hits})
