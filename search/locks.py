"""Single-instance locks in the data directory (flock: released by the kernel if the holder
dies, so a crash never leaves a stale lock behind)."""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from search.errors import NkwatchError


class Busy(NkwatchError):
    """Another process holds the lock."""


@contextmanager
def exclusive(path: Path, wait: bool, what: str) -> Iterator[None]:
    """Hold `path` exclusively; wait for it, or raise Busy naming the holder's pid."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
        except BlockingIOError:
            holder = os.pread(fd, 32, 0).decode(errors="replace").strip() or "?"
            raise Busy(
                f"another {what} is running (pid {holder}); wait for it, or pass "
                "--wait to queue behind it"
            ) from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        yield
    finally:
        fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)
