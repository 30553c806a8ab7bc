"""Text hygiene shared by the parsers."""

from __future__ import annotations

import re
import unicodedata

_WS = re.compile(r"\s+")
# Zero-width and bidi controls that survive whitespace folding.
_INVISIBLE = re.compile(r"[\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]")


def clean_text(text: str) -> str:
    """NFC, no invisible characters, single spaces (nbsp included), trimmed."""
    text = unicodedata.normalize("NFC", text)
    text = _INVISIBLE.sub("", text)
    return _WS.sub(" ", text.replace("\xa0", " ")).strip()
