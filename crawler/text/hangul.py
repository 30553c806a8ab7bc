"""The Hangul ranges, written once."""

from __future__ import annotations

import re

FIRST_SYLLABLE, LAST_SYLLABLE = "\uac00", "\ud7a3"
SYLLABLES = f"{FIRST_SYLLABLE}-{LAST_SYLLABLE}"  # 가-힣, for use inside a character class
# Syllables plus conjoining jamo and compatibility jamo: any Hangul at all.
ANY_HANGUL = f"{SYLLABLES}\u1100-\u11ff\u3130-\u318f"

WORD = re.compile(f"[{SYLLABLES}]+")
SYLLABLE = re.compile(f"[{SYLLABLES}]")


def is_syllable(ch: str) -> bool:
    return FIRST_SYLLABLE <= ch <= LAST_SYLLABLE


def has_syllable(text: str) -> bool:
    return SYLLABLE.search(text) is not None
