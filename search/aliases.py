"""Alias harvesting: Daily NK's English articles name Korean originals in parentheses,
"Pyongjin Joint Venture Company (평진합영무역회사)". Those pairs are candidates for the
gazetteer: a review list for a person to accept, never written into the gazetteer."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from crawler.enrich.entities import Gazetteer
from crawler.text import hangul

_NAME = r"(?:[A-Z][\w'’.\-]*|of|and|for|the|on|in|de)"
PARENS = re.compile(
    r"((?:the\s+)?[A-Z][\w'’.\-]*(?:\s+" + _NAME + r"){0,8})\s*"
    rf"\(\s*([{hangul.SYLLABLES}][{hangul.SYLLABLES}\s·]{{0,30}}?)\s*(?:[,;][^)]*)?\)"
)
_LEADING = re.compile(r"^(?:the|a|an|in|of|and)\s+", re.I)
_TRAILING = re.compile(r"\s+(?:of|and|for|the|on|in|de)$", re.I)


@dataclass
class Candidate:
    en: str
    ko: str
    status: str  # new entry | new Korean alias of ID | new English alias of ID
    entry: str | None
    count: int = 0
    examples: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "en": self.en,
            "ko": self.ko,
            "status": self.status,
            "entry": self.entry,
            "count": self.count,
            "examples": self.examples,
        }


def harvest(text: str) -> list[tuple[str, str]]:
    """(English name, Korean name) pairs written as "Name (한국어)" in `text`."""
    out = []
    for m in PARENS.finditer(text):
        en = _TRAILING.sub("", _LEADING.sub("", m.group(1).strip()))
        ko = re.sub(r"\s+", " ", m.group(2).strip())
        if len(en) >= 3 and len(ko) >= 2 and any(c.isupper() for c in en):
            out.append((en, ko))
    return out


def candidates(
    records: list[dict[str, Any]], gaz: Gazetteer, min_count: int = 1
) -> list[Candidate]:
    """Harvested pairs that would teach the gazetteer something, most frequent first."""
    found: dict[tuple[str, str], Candidate] = {}
    counts: dict[tuple[str, str], int] = defaultdict(int)
    for rec in records:
        if rec.get("lang") != "en":
            continue
        text = "\n".join([rec.get("title", ""), *rec.get("body", [])])
        for en, ko in harvest(text):
            by_en, by_ko = gaz.resolve(en), gaz.resolve(ko)
            if by_en and by_ko:
                continue  # both names known
            if by_en:
                status, entry = f"new Korean alias of {by_en.id}", by_en.id
            elif by_ko:
                status, entry = f"new English alias of {by_ko.id}", by_ko.id
            else:
                status, entry = "new entry", None
            key = (en, ko)
            counts[key] += 1
            cand = found.setdefault(key, Candidate(en, ko, status, entry))
            if rec["url"] not in cand.examples and len(cand.examples) < 3:
                cand.examples.append(rec["url"])
    out = []
    for key, cand in found.items():
        cand.count = counts[key]
        if cand.count >= min_count:
            out.append(cand)
    return sorted(out, key=lambda c: (-c.count, c.en))
