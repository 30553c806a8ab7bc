"""Shared output helpers: safe terminal text, widths, colour, JSON lines.

Text from the web is untrusted: before anything reaches a terminal, escape sequences,
C0/C1 controls and bidi overrides are removed (JSON output escapes them instead, so a JSON
reader gets the text back unchanged).
"""

from __future__ import annotations

import os
import re
import sys
import unicodedata
from typing import Any

import click

from search.results import BIDI as _BIDI
from search.results import json_line

_ANSI = re.compile(r"\x1b(\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\)?|[@-Z\\-_])")
_CONTROL = re.compile(rf"[\x00-\x08\x0b-\x1f\x7f-\x9f{_BIDI}]")


def safe(text: Any, keep_newlines: bool = False) -> str:
    """Printable form of untrusted text: no escapes, controls or direction overrides."""
    text = _ANSI.sub("", str(text))
    text = _CONTROL.sub("", text)
    return text if keep_newlines else text.replace("\n", " ").replace("\t", " ")


def width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def truncate(text: str, cols: int) -> str:
    if width(text) <= cols:
        return text
    out, used = [], 0
    for ch in text:
        w = 2 if unicodedata.east_asian_width(ch) in "WF" else 1
        if used + w > cols - 1:
            break
        out.append(ch)
        used += w
    return "".join(out) + "…"


def use_colour() -> bool:
    return sys.stdout.isatty() and "NO_COLOR" not in os.environ


def style(text: str, **kw: Any) -> str:
    return click.style(text, **kw) if use_colour() else text


def mark(text: str, spans: list[tuple[int, int]] | list[list[int]]) -> str:
    """Highlight spans (bold on a colour terminal, «» otherwise)."""
    out, pos = [], 0
    colour = use_colour()
    for s, e in spans:
        out.append(safe(text[pos:s]))
        frag = safe(text[s:e])
        out.append(click.style(frag, bold=True, fg="yellow") if colour else f"«{frag}»")
        pos = e
    out.append(safe(text[pos:]))
    return "".join(out)


def emit_json(obj: Any) -> None:
    """Print one JSON Lines record; every JSON the CLI prints goes through here."""
    click.echo(json_line(obj))


def term_width() -> int:
    try:
        return max(60, min(160, os.get_terminal_size().columns))
    except OSError:
        return 100


def print_note(text: str) -> None:
    """A one-line note on stderr (what a filter was taken to mean), out of the results' way."""
    click.echo(f"nkwatch: note: {safe(text)}", err=True)
