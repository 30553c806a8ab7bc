"""What changed on the site: edits (a word-level diff between an article's revisions) and
withdrawals (a stored article answering 404/410 on a re-fetch; kept and still searchable).

The store logs each change as it happens (crawler/store.py); this module reads the log
and compares the versions it kept.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from crawler import datadir
from crawler.store import Store

CONTEXT_WORDS = 6  # unchanged words shown around each change


@dataclass
class Change:
    url: str
    lang: str | None
    change: str  # edited | withdrawn | restored
    at: str
    revision: int
    title: str = ""
    diff: dict[str, str] | None = None  # field -> marked-up word diff (edits only)

    def to_json(self) -> dict[str, Any]:
        """The stable `changes --json` shape."""
        return {
            "url": self.url,
            "lang": self.lang,
            "change": self.change,
            "at": self.at,
            "revision": self.revision,
        }


def word_diff(old: str, new: str, context: int = CONTEXT_WORDS) -> str:
    """`[-removed-]{+added+}` between two texts, word by word, with a little context;
    "" when they are the same. Distant changes are joined by " … "."""
    a, b = old.split(), new.split()
    if a == b:
        return ""
    pieces: list[str] = []
    groups = list(difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_grouped_opcodes(context))
    for group in groups:
        out = []
        for tag, i1, i2, j1, j2 in group:
            if tag == "equal":
                out.extend(b[j1:j2])
                continue
            if i2 > i1:
                out.append("[-" + " ".join(a[i1:i2]) + "-]")
            if j2 > j1:
                out.append("{+" + " ".join(b[j1:j2]) + "+}")
        pieces.append(" ".join(out))
    head = "… " if groups[0][0][3] > 0 else ""
    tail = " …" if groups[-1][-1][4] < len(b) else ""
    return head + " … ".join(pieces) + tail


def _text(version: dict[str, Any], name: str) -> str:
    value = version.get(name)
    if isinstance(value, list):
        return "\n\n".join(map(str, value))
    return "" if value is None else str(value)


DIFFED = ("title", "subtitle", "body")


def revision_diff(old: dict[str, Any], new: dict[str, Any]) -> dict[str, str]:
    """The word diff of title, subtitle and body; other changed fields by name."""
    out = {name: d for name in DIFFED if (d := word_diff(_text(old, name), _text(new, name)))}
    others = [
        k
        for k in ("authors", "published", "section", "tags", "captions", "translator", "editor")
        if old.get(k) != new.get(k)
    ]
    if others:
        out["also changed"] = ", ".join(others)
    return out


def changes(base: Path, since: str | None = None, diffs: bool = True) -> list[Change]:
    """Edits, withdrawals and returns logged since `since` (UTC ISO), oldest first."""
    store = Store(datadir.store_path(base), readonly=True)
    try:
        out = []
        for row in store.changes(since):
            rec = store.get(row["url"])
            change = Change(**row, title=(rec or {}).get("title", ""))
            if diffs and row["change"] == "edited":
                old = store.version(row["url"], row["revision"] - 1)
                new = store.version(row["url"], row["revision"])
                if old and new:
                    change.diff = revision_diff(old, new)
                    change.title = new.get("title", change.title)
            out.append(change)
        return out
    finally:
        store.close()


def history(base: Path, url: str) -> list[tuple[dict[str, Any], dict[str, str]]]:
    """Every kept version of an article, oldest first, each with its diff to the one
    before (empty for the first)."""
    store = Store(datadir.store_path(base), readonly=True)
    try:
        rec = store.get(url)
        if rec is None:
            return []
        versions = [store.version(url, r) for r in range(1, rec["revision"] + 1)]
    finally:
        store.close()
    kept = [v for v in versions if v]
    before = [None, *kept[:-1]]
    return [(v, revision_diff(p, v) if p else {}) for p, v in zip(before, kept, strict=True)]


def withdrawn(base: Path, urls: list[str]) -> dict[str, str]:
    """Which of these articles are withdrawn, and since when (for a search's markers)."""
    if not urls:
        return {}
    store = Store(datadir.store_path(base), readonly=True)
    try:
        return store.withdrawn(urls)
    finally:
        store.close()


_MARK = re.compile(r"(\[-.*?-\]|\{\+.*?\+\})", re.S)


def split_marks(diff: str) -> list[tuple[str, str]]:
    """A word diff as (kind, text) pieces: kind is '', '-' or '+' (for colouring)."""
    out = []
    for part in _MARK.split(diff):
        if part.startswith("[-") and part.endswith("-]"):
            out.append(("-", part))
        elif part.startswith("{+") and part.endswith("+}"):
            out.append(("+", part))
        elif part:
            out.append(("", part))
    return out
