"""Where a search gets its index: opened for the one search (the CLI), or kept open by a
long-running service, one generation at a time.

`open_index(base)` is what search/query.py calls. Without a warm index registered for `base`
it is indexer.open_index. With one (`keep_warm`, called by `nkwatch serve`), it returns the
live generation's index, whose `searcher()` lends a searcher from a pool instead of opening
the segment files again: the searchers, their term caches and the readers stay warm between
searches. Each call compares the live symlink (one readlink) with the generation held and
reopens when an update or rebuild swapped in a new one.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from crawler import datadir
from search import indexer, posting_arrays

_warm: dict[Path, WarmIndex] = {}


def open_index(base: Path) -> Any:
    """The index a search should use: the warm one if this process keeps one for `base`."""
    warm = _warm.get(Path(base))
    return warm.current() if warm else indexer.open_index(base)


def keep_warm(base: Path) -> WarmIndex:
    """Keep `base`'s index open in this process from now on (the search service)."""
    return _warm.setdefault(Path(base), WarmIndex(Path(base)))


def link_target(base: Path) -> str | None:
    """The live symlink's text: a cheap name for the generation (one system call)."""
    link = datadir.index_path(base)
    try:
        return os.readlink(link)
    except FileNotFoundError:
        return None
    except OSError:  # an index directory from before symlinks
        return str(link.resolve()) if link.exists() else None


class Generation:
    """One index generation held open, with a pool of idle searchers over it.

    A Whoosh searcher is not safe to share between threads, so each search borrows one
    (opening another only when all are busy) and gives it back; a retired generation's
    searchers are closed as they come back.
    """

    def __init__(self, name: str, ix: Any) -> None:
        self.name = name
        self.ix = ix
        self.schema = ix.schema
        self._idle: list[Any] = []
        self._lock = threading.Lock()
        self._retired = False

    @contextmanager
    def searcher(self) -> Iterator[Any]:
        with self._lock:
            s = self._idle.pop() if self._idle else None
        if s is None:
            s = self.ix.searcher()
        try:
            yield s
        finally:
            with self._lock:
                keep = not self._retired
                if keep:
                    self._idle.append(s)
            if not keep:
                s.close()

    def doc_count(self) -> int:
        return self.ix.doc_count()

    def close(self) -> None:
        """Nothing for a search to do: the generation stays open for the next one."""

    def retire(self) -> None:
        with self._lock:
            self._retired, idle, self._idle = True, self._idle, []
        for s in idle:
            s.close()
        folder = getattr(self.ix.storage, "folder", None)
        if folder is not None:  # its posting arrays (search/posting_arrays.py) serve no one now
            posting_arrays.CACHE.forget(str(folder))


class WarmIndex:
    """The live generation of one data directory's index, reopened after every swap."""

    def __init__(self, base: Path) -> None:
        self.base = base
        self.generation: Generation | None = None
        self.reopened = 0
        self.opened_at = time.time()
        self._lock = threading.Lock()

    def current(self) -> Generation:
        """The live generation, opened now if the symlink moved since the last call."""
        live = self.generation
        if live is not None and live.name == link_target(self.base):
            return live
        return self.reload()

    def reload(self, force: bool = False) -> Generation:
        """Open the generation the symlink points at (IndexMissing/IndexBroken as the CLI
        would raise them); the one it replaces is retired. Without `force`, a generation
        another thread has just opened is kept."""
        with self._lock:
            name = link_target(self.base)
            old = self.generation
            if old is not None and old.name == name and not force:
                return old
            new = Generation(name or "", indexer.open_index(self.base))
            self.generation = new
            self.opened_at = time.time()
            self.reopened += 1 if old is not None else 0
        if old is not None:
            old.retire()
        return new
