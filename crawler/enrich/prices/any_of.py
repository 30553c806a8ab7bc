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
letters (ODD_CASES); other text gets the pattern itself. tests/test_any_of.py checks these
facts over all of Unicode. Only patterns whose meaning survives lower-casing get a twin
(see _lower_twin).
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
        twins = [_lower_twin(p.pattern) for p in self.patterns]
        if not all(p.flags & re.IGNORECASE for p in self.patterns) or None in twins:
            return None
        return re.compile("|".join(f"(?:{t})" for t in twins))

    def search(self, text: str) -> bool:
        lower = self.lower
        if lower is not None:
            low = text.lower()
            if lowers_safely(text, low):
                return lower.search(low) is not None
        return self.pattern.search(text) is not None


def lowers_safely(text: str, low: str) -> bool:
    """Can a lower-case twin run on `low` (`text` lower-cased) in the pattern's place?"""
    return len(low) == len(text) and not _ODD.search(text)


def _lower_twin(source: str) -> str | None:
    """`source` with its letters lower-cased, or None where that could change what it
    means: an escape that names a character (\\x41, \\N{...}, octal), an upper-case letter
    in a set ([A-z] holds more than [a-z]), a cased character outside ASCII, an inline flag
    or group name. Escapes stay as they are (\\S, \\W, \\B mean the same on lower-cased
    text: lower-casing keeps word characters, spaces and digits what they are)."""
    if _INLINE_FLAGS.search(source) or "[]" in source or "[^]" in source:
        return None
    out = []
    escaped = in_class = False
    for ch in source:
        if not ch.isascii() and ch.lower() + ch.upper() != ch + ch:
            return None  # "É" would find "é" case-blind, and never in lower-cased text
        if escaped:
            if ch in "xuUN0123456789":
                return None
            escaped = False
            out.append(ch)
            continue
        if ch == "\\":
            escaped = True
        elif in_class and ch == "]":
            in_class = False
        elif in_class and ch.isupper():
            return None
        elif ch == "[":
            in_class = True
        out.append(ch.lower())
    return "".join(out)
