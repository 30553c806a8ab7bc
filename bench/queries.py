"""The fixed query mix: 200 seeded queries in five kinds, as an analyst would type them.

Kinds: a single term, two terms, a quoted phrase, an entity named in one language (which
nkwatch expands to the other), and a term filtered by commodity and a date range. Half the
terms are English, half Korean. `mix` draws from the synthetic vocabulary (common words:
the worst case); `realistic_mix` draws terms spread over document frequency. The reference
engines get the same strings without the expansion (they have none); filters become their
own term and range clauses.
"""

from __future__ import annotations

import random
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from bench import synth

KINDS = ("single", "two_terms", "phrase", "entity", "filtered")
PER_KIND = 40
CLI_PER_KIND = 6  # 30 CLI invocations: each costs a Python start-up


@dataclass(frozen=True)
class BenchQuery:
    kind: str
    q: str
    commodity: str | None = None  # a gazetteer id
    since: str | None = None
    until: str | None = None

    def to_dict(self) -> dict[str, str | None]:
        return asdict(self)

    def cli_args(self) -> list[str]:
        args = [self.q, "--json", "--limit", "10"]
        if self.commodity:
            args += ["--commodity", self.commodity]
        if self.since:
            args += ["--since", self.since]
        if self.until:
            args += ["--until", self.until]
        return args


def _words(lang: int) -> list[str]:
    """One-word nouns of the synthetic vocabulary in one language (0 en, 1 ko)."""
    return [n[lang] for n in synth.NOUNS if " " not in n[lang]]


def _phrases(lang: int) -> list[str]:
    return [n[lang] for n in synth.NOUNS if " " in n[lang]]


def mix(seed: int = 2026) -> list[BenchQuery]:
    """The 200 queries, in a fixed order (kinds interleaved)."""
    r = random.Random(seed)
    names = synth.Names.from_gazetteer()
    en_extra = ["prices", "market", "source", "smuggling", "officials", "residents", "won"]
    ko_extra = ["가격", "장마당", "소식통", "밀수", "간부", "주민", "환율"]
    terms = (_words(0) + en_extra, _words(1) + ko_extra)
    entity_names = names.places + names.commodities + names.orgs + names.people
    from crawler.enrich import entities

    commodity_ids = sorted(e.id for e in entities.default().entries.values() if e.is_commodity)
    out: list[BenchQuery] = []
    for i in range(PER_KIND):
        lang = i % 2
        out.append(BenchQuery("single", r.choice(terms[lang])))
        out.append(BenchQuery("two_terms", " ".join(r.sample(terms[lang], 2))))
        out.append(BenchQuery("phrase", f'"{r.choice(_phrases(lang))}"'))
        out.append(BenchQuery("entity", r.choice(entity_names)[lang]))
        year = r.randint(2005, 2023)
        out.append(
            BenchQuery(
                "filtered",
                r.choice(terms[lang]),
                commodity=r.choice(commodity_ids),
                since=f"{year}-01-01",
                until=f"{year + r.randint(0, 3)}-12-31",
            )
        )
    return out


def cli_subset(queries: list[BenchQuery], per_kind: int = CLI_PER_KIND) -> list[BenchQuery]:
    """The first `per_kind` queries of each kind."""
    out: list[BenchQuery] = []
    for kind in KINDS:
        out += [q for q in queries if q.kind == kind][:per_kind]
    return out


# --- the realistic mix ---------------------------------------------------------------------
REALISTIC_SAMPLE = 4000  # articles read to measure document frequencies


def _vocabulary(store: Path, sample: int) -> dict[str, Any]:
    """Document frequencies (share of that language's articles) of single words, adjacent
    word pairs and gazetteer names in the first `sample` articles of `store`."""
    import re
    from collections import Counter
    from itertools import islice

    from whoosh.analysis import STOP_WORDS

    from crawler.enrich import entities
    from crawler.store import Store
    from crawler.text import korean

    words = {"en": Counter(), "ko": Counter()}
    pairs = {"en": Counter(), "ko": Counter()}
    names = {"en": Counter(), "ko": Counter()}
    docs = Counter()
    gaz = entities.default().entries.values()
    db = Store(store, readonly=True)
    try:
        for rec in islice(db.articles(), sample):
            lang = "ko" if rec.get("lang") == "ko" else "en"
            text = "\n".join([rec.get("title") or "", *rec.get("body", [])])
            docs[lang] += 1
            if lang == "en":
                toks = [w.lower() for w in re.findall(r"[A-Za-z][A-Za-z'-]+", text)]
                toks = [w for w in toks if len(w) > 3 and w not in STOP_WORDS]
                adjacent = re.findall(r"\b([A-Za-z]{4,}) ([A-Za-z]{4,})\b", text)
                grams = {
                    f"{a.lower()} {b.lower()}"
                    for a, b in adjacent
                    if a.lower() not in STOP_WORDS and b.lower() not in STOP_WORDS
                }
            else:
                nouns = [m for m in korean.morphemes(text) if m.pos in ("NNG", "NNP")]
                toks = [m.surface for m in nouns if len(m.surface) > 1]
                grams = {
                    f"{a.surface} {b.surface}"
                    for a, b in zip(nouns, nouns[1:], strict=False)
                    if text[a.end : b.start] == " " and len(a.surface) > 1 < len(b.surface)
                }
            words[lang].update(set(toks))
            pairs[lang].update(grams)
            low = text.lower()
            for e in gaz:
                name = e.en if lang == "en" else e.ko
                if name and (name.lower() if lang == "en" else name) in low:
                    names[lang][name] += 1
    finally:
        db.close()
    return {"docs": docs, "words": words, "pairs": pairs, "names": names}


def _log_uniform(r: random.Random, counts: Any, n_docs: int) -> tuple[str, float]:
    """A term whose document frequency is drawn log-uniformly between the rarest (2 docs)
    and the commonest: most picks are rare terms, a few common, as analysts' queries are."""
    import math

    items = sorted((c, t) for t, c in counts.items() if c >= 2)
    lo, hi = math.log(items[0][0]), math.log(items[-1][0])
    target = math.exp(r.uniform(lo, hi))
    near = min(abs(c - target) for c, _ in items)
    choices = sorted(t for c, t in items if abs(c - target) == near)
    term = r.choice(choices)
    return term, counts[term] / n_docs


def realistic_mix(
    store: Path, seed: int = 2027, sample: int = REALISTIC_SAMPLE
) -> list[BenchQuery]:
    """200 queries in the same five kinds, their terms spread over document frequency
    log-uniformly (measured on the store) instead of drawn from the synthetic nouns, which
    each match 12-35% of the archive."""
    voc = _vocabulary(store, sample)
    r = random.Random(seed)
    from crawler.enrich import entities

    commodity_ids = sorted(e.id for e in entities.default().entries.values() if e.is_commodity)
    out: list[BenchQuery] = []
    for i in range(PER_KIND):
        lang = ("en", "ko")[i % 2]
        n = voc["docs"][lang]
        out.append(BenchQuery("single", _log_uniform(r, voc["words"][lang], n)[0]))
        two = [_log_uniform(r, voc["words"][lang], n)[0] for _ in range(2)]
        out.append(BenchQuery("two_terms", " ".join(two)))
        out.append(BenchQuery("phrase", f'"{_log_uniform(r, voc["pairs"][lang], n)[0]}"'))
        out.append(BenchQuery("entity", _log_uniform(r, voc["names"][lang], n)[0]))
        year = r.randint(2005, 2023)
        out.append(
            BenchQuery(
                "filtered",
                _log_uniform(r, voc["words"][lang], n)[0],
                commodity=r.choice(commodity_ids),
                since=f"{year}-01-01",
                until=f"{year + r.randint(0, 3)}-12-31",
            )
        )
    return out
