"""Where nkwatch keeps its data: one directory with the store and the index."""

from __future__ import annotations

import os
from pathlib import Path

ENV_VAR = "NKWATCH_DATA_DIR"


def data_dir(explicit: str | os.PathLike[str] | None = None) -> Path:
    """--data-dir, else $NKWATCH_DATA_DIR, else the per-user data directory."""
    if explicit:
        return Path(explicit).expanduser()
    if os.environ.get(ENV_VAR):
        return Path(os.environ[ENV_VAR]).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir("nkwatch", appauthor=False))


def store_path(base: Path) -> Path:
    return base / "store.sqlite3"


def index_path(base: Path) -> Path:
    """A symlink to the live index directory (swapped atomically on rebuild)."""
    return base / "index"
