"""The data directory: every file and folder name nkwatch keeps there, in one place.

It lives in the crawler package because the crawl is the first to write here (the store);
search and the CLI read the same names from this module.

    DATA_DIR/
      store.sqlite3 (+ -wal, -shm)   the truth: articles, revisions, pairs, crawl runs
      last_crawl.json                 the summary of the last crawl (handed to the CLI)
      run.lock                        one crawl or refresh at a time
      index -> indexes/<generation>   the live index: a symlink swapped atomically
      indexes/                        index generations (the live one and leftovers)
      index.lock                      one index writer at a time
      lexicon.json                    translations learned from the pairs (search/lexicon.py)
      logs/nkwatch.log                refresh's rotated log
      search.sock                     `nkwatch serve`'s Unix socket (0600), while it runs
"""

from __future__ import annotations

import os
from pathlib import Path

ENV_VAR = "NKWATCH_DATA_DIR"

STORE = "store.sqlite3"
STORE_FILES = (STORE, f"{STORE}-wal", f"{STORE}-shm")
LAST_CRAWL = "last_crawl.json"
RUN_LOCK = "run.lock"
INDEX_LINK = "index"
INDEX_GENERATIONS = "indexes"
INDEX_LOCK = "index.lock"
LEXICON = "lexicon.json"
LOG_DIR = "logs"
LOG_FILE = "nkwatch.log"
SERVICE_SOCKET = "search.sock"


def data_dir(explicit: str | os.PathLike[str] | None = None) -> Path:
    """--data-dir, else $NKWATCH_DATA_DIR, else the per-user data directory."""
    if explicit:
        return Path(explicit).expanduser()
    if os.environ.get(ENV_VAR):
        return Path(os.environ[ENV_VAR]).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir("nkwatch", appauthor=False))


def store_path(base: Path) -> Path:
    return base / STORE


def last_crawl_path(base: Path) -> Path:
    return base / LAST_CRAWL


def run_lock_path(base: Path) -> Path:
    return base / RUN_LOCK


def index_path(base: Path) -> Path:
    """A symlink to the live index directory (swapped atomically on rebuild)."""
    return base / INDEX_LINK


def index_generations(base: Path) -> Path:
    return base / INDEX_GENERATIONS


def index_lock_path(base: Path) -> Path:
    return base / INDEX_LOCK


def lexicon_path(base: Path) -> Path:
    return base / LEXICON


def log_path(base: Path) -> Path:
    return base / LOG_DIR / LOG_FILE


def service_socket_path(base: Path) -> Path:
    """Where `nkwatch serve` listens by default, and where `nkwatch search` looks for it."""
    return base / SERVICE_SOCKET


def everything(base: Path) -> list[Path]:
    """What a fresh start removes (the demo's --fresh)."""
    names = (*STORE_FILES, INDEX_LINK, INDEX_GENERATIONS, LAST_CRAWL, LEXICON)
    return [base / name for name in names]
