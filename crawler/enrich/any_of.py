"""Does any of several patterns match? One regex pass, and a case-sensitive one if it can be.

The price extractor tries many small patterns on every amount's context, most of them
case-blind alternations of words ("over|more than|under|...") that match nowhere. Two
costs of Python's regex engine are avoidable without changing what matches:

- a call per pattern: patterns that mean the same thing are joined into one alternation;
- case-blind alternatives: the engine passes over an alternative that starts with a plain
  character at a glance, but enters every case-blind one to try it (2-3x slower). So a
  case-blind pattern also gets a lower-case twin, run over the lower-cased text.

The twin finds a match exactly when the pattern does, on text whose lower-casing keeps its
length and which holds none of the four characters the case-blind engine takes for ASCII
letters (ODD_CASES); other text gets the pattern itself. tests/test_prices.py checks both
facts over all of Unicode. Only patterns the twin can copy get one: ASCII, no inline flags
or group names, no upper-case escape (\\S, \\W) or class member ([A-Z]) that lower-casing
would change.
"""

from __future__ import annotations

import functools
import re

# Characters other than A-Z and a-z that a case-blind pattern takes for an ASCII letter:
# 'İ' and 'ı' for i, the long s for s, the Kelvin sign for k.
ODD_CASES = "\u0130\u0131\u017f\u212a"
_ODD = re.compile(f"[{ODD_CASES}]")
_INLINE_FLAGS = re.compile(r"\(\?[aiLmsux\-P]")


class AnyOf:
    """`search(text)`: does any of `patterns` match in `text`? Patterns without groups
    (their numbers would shift when joined). Compiled at the first search: a crawl
    without prices never pays for it."""

    def __init__(self, *patterns: re.Pattern[str]) -> None:
        for p in patterns:
            if p.groups or p.flags & ~(re.IGNORECASE | re.UNICODE):
                raise ValueError(f"cannot join {p.pattern!r}")
        self.patterns = patterns

    @functools.cached_property
    def pattern(self) -> re.Pattern[str]:
        """All of them as one, each with its own case flag."""
        return re.compile(
            "|".join(
                f"(?{'i' if p.flags & re.IGNORECASE else ''}:{p.pattern})" for p in self.patterns
            )
        )

    @functools.cached_property
    def lower(self) -> re.Pattern[str] | None:
        """The lower-case twin, when every pattern is case-blind and can have one."""
        if not all(p.flags & re.IGNORECASE and _foldable(p.pattern) for p in self.patterns):
            return None
        return re.compile("|".join(f"(?:{p.pattern.lower()})" for p in self.patterns))

    def search(self, text: str) -> bool:
        lower = self.lower
        if lower is not None:
            low = text.lower()
            if len(low) == len(text) and not _ODD.search(text):
                return lower.search(low) is not None
        return self.pattern.search(text) is not None


def _foldable(source: str) -> bool:
    """Does lower-casing `source` leave its meaning, up to case, alone?"""
    if not source.isascii() or _INLINE_FLAGS.search(source) or "[]" in source or "[^]" in source:
        return False
    escaped = in_class = False
    for ch in source:
        if escaped:
            if ch.isupper():
                return False  # \S, \W, \D, \B, \A, \Z: lower-cased, another meaning
            escaped = False
        elif ch == "\\":
            escaped = True
        elif in_class:
            if ch == "]":
                in_class = False
            elif ch.isupper():
                return False  # [A-Z] would lose the characters between Z and a
        elif ch == "[":
            in_class = True
    return True
