"""Which module defines each command; a module is imported when its command is asked for.

`nkwatch search` through the warm service is an analyst's prompt-to-answer path: importing
every command family (refresh, crawl, changes, ...) for it cost about 30 ms of a 0.15 s
answer. `tests/test_cli.py` checks that this table names every command the modules define.
"""

from __future__ import annotations

COMMANDS: dict[str, str] = {
    "aliases": "data",
    "changes": "changes",
    "completion": "completion",
    "crawl": "crawl",
    "demo": "crawl",
    "entities": "data",
    "export": "data",
    "index": "index",
    "ingest": "crawl",
    "lexicon": "lexicon",
    "pairs": "data",
    "prices": "prices",
    "refresh": "refresh",
    "search": "find",
    "serve": "serve",
    "serve-sample": "crawl",
    "show": "find",
    "stats": "data",
    "trend": "trend",
    "watch": "watch",
}
MODULES = sorted(set(COMMANDS.values()))
