"""Crawl health: one summary per crawl, built from Scrapy's stats, and the alarms.

A template that stops matching shows up here as pages falling to fallback selectors or to
the generic extractor, instead of as silently empty articles.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from crawler import reasons

PREFIX = "nkwatch/"
PAUSED = PREFIX + "paused/"  # seconds a host was paused (crawler/middlewares/host_pause.py)
# The reasons that mean a page was lost (any of them makes the crawl partial, exit 1), from the
# one list in crawler/reasons.py; http-5xx/429/408 are faults too (reasons.is_fault).
FAULTS = frozenset(r for r in reasons.Reason if r.fault)
is_fault = reasons.is_fault


def summarize(stats: dict[str, Any], settings: Any = None) -> dict[str, Any]:
    """The crawl summary: pages, articles by outcome and language, pairs, drops, selectors."""
    articles: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    dropped: dict[str, int] = {}
    selectors: dict[str, dict[str, int]] = defaultdict(dict)
    templates: dict[str, int] = {}
    pairs: dict[str, int] = {}
    fixes: dict[str, int] = {}
    paused: dict[str, float] = {}
    rest: dict[str, Any] = {}  # the REST walk's figures (crawler/spiders/rest_walk.py)
    for key, value in stats.items():
        if not isinstance(key, str) or not key.startswith(PREFIX):
            continue
        parts = key[len(PREFIX) :].split("/")
        if parts[0] == "articles" and len(parts) == 3:
            articles[parts[1]][parts[2]] += value
        elif key.startswith(reasons.DROPPED):
            dropped[key.removeprefix(reasons.DROPPED)] = value
        elif key.startswith(PAUSED):
            paused[key.removeprefix(PAUSED)] = round(value, 1)
        elif parts[0] == "selector" and len(parts) == 3:
            selectors[parts[1]][parts[2]] = value
        elif parts[0] == "template":
            templates[parts[1]] = value
        elif parts[0] == "pairs":
            pairs[parts[1]] = value
        elif parts[0] in ("encoding", "parser") and len(parts) == 2:
            fixes[f"{parts[0]}/{parts[1]}"] = value
        elif parts[0] == "rest" and len(parts) >= 2:
            rest["/".join(parts[1:])] = value
    parsed = sum(templates.values())
    lost = {reason: n for reason, n in dropped.items() if is_fault(reason)}
    errors = int(stats.get("log_count/ERROR", 0)) + int(stats.get("spider_exceptions/count", 0))
    errors += sum(lost.values())  # counted by reason, not logged as errors one by one
    failed_http = sum(
        v
        for k, v in stats.items()
        if isinstance(k, str) and k.startswith("downloader/response_status_count/5")
    )
    summary: dict[str, Any] = {
        "pages_fetched": int(stats.get("downloader/response_count", 0)),
        "articles": {k: dict(v) for k, v in articles.items()},
        "pairs": pairs,
        "dropped": dropped,
        "templates": templates,
        "selectors": {k: dict(v) for k, v in selectors.items()},
        "language_disagreements": int(stats.get(PREFIX + "language/disagreements", 0)),
        "errors": errors,
        "lost": lost,
        "repaired": fixes,
        "http_5xx": failed_http,
        "paused": paused,  # host -> seconds it was paused for a 429/503's Retry-After
        "finish_reason": stats.get("finish_reason"),
        "source": stats.get(PREFIX + "source", "pages"),  # rest | pages
    }
    if rest:
        summary["rest"] = rest
    if stats.get(PREFIX + "store_error"):
        summary["store_error"] = str(stats[PREFIX + "store_error"])
    threshold = float(settings.getfloat("NKWATCH_FALLBACK_ALARM", 0.5)) if settings else 0.5
    summary["alarms"] = alarms(parsed, templates, selectors, dropped, threshold)
    return summary


def alarms(
    parsed: int,
    templates: dict[str, int],
    selectors: dict[str, dict[str, int]],
    dropped: dict[str, int],
    threshold: float = 0.5,
) -> list[str]:
    # Imported here: crawler.parsers loads bs4 and parsel (0.12 s), and every CLI command
    # imports this module for the exit-code rule; `nkwatch search` should not pay for them.
    from crawler.parsers.selectors import GENERIC, TEMPLATE_RANKS

    out = []
    empty = dropped.get(reasons.Reason.NO_TITLE_OR_BODY, 0)
    seen = parsed + empty
    if seen >= 4:
        off_template = templates.get(GENERIC.name, 0) + empty
        if off_template / seen > threshold:
            out.append(
                f"layout changed? {off_template} of {seen} article pages matched no template"
            )
        for field, known in TEMPLATE_RANKS.items():
            counts = selectors.get(field, {})
            off = sum(v for rank, v in counts.items() if not 0 <= int(rank) < known)
            if counts and off / seen > threshold:
                out.append(f"layout changed? {field}: {off} of {seen} pages used a fallback")
    return out


# The one rule from a run's outcome to its status and exit code (crawl, refresh, the store).
EXIT_CODES = {"ok": 0, "partial": 1, "unreachable": 2, "failed": 2, "alarm": 3}


def verdict(
    summary: dict[str, Any], alarms: list[str] | None = None, *, expect_pages: bool = False
) -> str:
    """ok, partial (pages lost), alarm (layout or staleness), or unreachable (nothing
    fetched, when the caller expected pages: a scheduled refresh, not an idle scale-out
    crawler)."""
    if expect_pages and not summary.get("pages_fetched"):
        return "unreachable"
    if summary.get("alarms") if alarms is None else alarms:
        return "alarm"
    return "partial" if summary.get("errors") else "ok"


def exit_code(status: str) -> int:
    return EXIT_CODES[status]
