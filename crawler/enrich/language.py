"""Which language an article is in.

langdetect alone misfires on short English full of romanised names ("Kim Jong Un visits
Hyesan" comes out as af or tl) and is random unless seeded. The Hangul share of letters
settles nearly every Daily NK page; a seeded langdetect that knows only English and Korean
decides the unclear middle.
"""

from __future__ import annotations

import functools
import os
import re
import unicodedata

from crawler.text import hangul

KO_ABOVE = 0.5  # Hangul share of letters above which a text is Korean
EN_BELOW = 0.05  # ... and below which it is English

_ANY_HANGUL = re.compile(f"[{hangul.ANY_HANGUL}]")


def hangul_share(text: str) -> float:
    """Share of letters that are Hangul. Counted with C-level map/findall: a Python loop
    per character was 5% of the crawl's CPU."""
    letters = sum(map(str.isalpha, text))
    if not letters:
        return 0.0
    found = sum(map(str.isalpha, _ANY_HANGUL.findall(text)))  # the ranges hold 2 non-letters
    return found / letters


@functools.cache
def _factory():
    from langdetect.detector_factory import PROFILES_DIRECTORY, DetectorFactory

    factory = DetectorFactory()
    profiles = []
    for code in ("en", "ko"):
        with open(os.path.join(PROFILES_DIRECTORY, code), encoding="utf-8") as fh:
            profiles.append(fh.read())  # load_json_profile wants JSON strings
    factory.load_json_profile(profiles)
    factory.set_seed(0)
    return factory


def detect(text: str) -> tuple[str | None, str]:
    """(language, method): 'en' / 'ko' / None, and how it was decided."""
    text = unicodedata.normalize("NFC", text)
    share = hangul_share(text)
    if share >= KO_ABOVE:
        return "ko", "hangul"
    if share <= EN_BELOW and any(ch.isalpha() for ch in text):
        return "en", "hangul"
    try:
        detector = _factory().create()
        detector.append(text[:5000])
        return detector.detect(), "langdetect"
    except Exception:  # langdetect raises on text without features
        return None, "none"


def html_lang_code(value: str | None) -> str | None:
    """'en-US' -> 'en', 'ko-KR' -> 'ko'."""
    return value.split("-")[0].lower() if value else None
