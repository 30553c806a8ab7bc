"""English side: a folding key that makes romanisations of one Korean name meet.

McCune-Reischauer (Hamgyŏng, P'yŏngyang), Revised Romanization (Hamgyeong) and press
spellings (Hamkyung, Ryangkang) of the same name fold to one key. The key is deliberately
coarse (it finds candidates exact matching misses); the stemmed text fields decide the rest.
"""

from __future__ import annotations

import functools
import re
import unicodedata

_APOSTROPHES = re.compile(r"['’‘`ʼ\-\s]")
_RULES = [
    (re.compile(r"eo|eu|u|oo"), "o"),  # ŏ/ŭ already stripped of their breve: o, u
    (re.compile(r"ae"), "e"),
    (re.compile(r"tch|ch|jj|j"), "j"),
    (re.compile(r"kk|gh|kh|k|g"), "g"),
    (re.compile(r"tt|th|t|d"), "d"),
    (re.compile(r"pp|ph|p|b"), "b"),
    (re.compile(r"sh|ss"), "s"),
    (re.compile(r"l"), "r"),
    (re.compile(r"wo"), "o"),
    (re.compile(r"(.)\1+"), r"\1"),
]


@functools.lru_cache(maxsize=1 << 16)  # names repeat: the index build asks for each mention
def roman_key(word: str) -> str:
    """'Hamgyŏng', 'Hamgyeong', 'Hamkyung' -> 'hamgyong'; 'Ryanggang', 'Yanggang' -> 'yangang'."""
    text = unicodedata.normalize("NFKD", word.lower())
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = _APOSTROPHES.sub("", text)
    if not text.isascii() or not text.isalpha():
        return ""
    # Initial-sound rule, as in Korean: r before i/y drops, other initial r is n.
    if text.startswith("ry") or text.startswith("ri") or text.startswith("ly"):
        text = text[1:]
    elif text.startswith(("r", "l")):
        text = "n" + text[1:]
    elif text.startswith("ny"):
        text = text[1:]
    for pattern, repl in _RULES:
        text = pattern.sub(repl, text)
    return text
