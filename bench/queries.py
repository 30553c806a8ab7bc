"""The fixed query mix: 200 seeded queries in five kinds, as an analyst would type them.

Kinds: a single term, two terms, a quoted phrase, an entity named in one language (which
nkwatch expands to the other), and a term filtered by commodity and a date range. Half the
terms are English, half Korean. The reference engines get the same strings without the
expansion (they have none); filters become their own term and range clauses.
"""

from __future__ import annotations

import random
from dataclasses import asdict, dataclass

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
