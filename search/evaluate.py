"""Search quality on judged queries: nDCG@10, recall@10 and MRR per kind of query.

`make eval` serves the sample site, crawls it into a temporary data directory with the real
CLI, runs every query of tests/eval/judged.toml, prints the table per kind, and compares
analyser variants (without the romanisation names field, without cross-language
expansion). tests/test_eval.py fails if a change drops a kind below tests/eval/baseline.json.
"""

from __future__ import annotations

import argparse
import json
import math
import shutil
import subprocess
import sys
import tempfile
import tomllib
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from search.schema import SEARCH_FIELDS

ROOT = Path(__file__).resolve().parent.parent
JUDGED = ROOT / "tests" / "eval" / "judged.toml"
BASELINE = ROOT / "tests" / "eval" / "baseline.json"
K = 10

VARIANTS: dict[str, dict[str, Any]] = {
    "default": {},
    "no names": {"fields": tuple(f for f in SEARCH_FIELDS if f != "names")},
    "no expansion": {"expansion": False},
}


@dataclass
class Judged:
    id: str
    kind: str
    query: str
    relevant: dict[str, int]
    not_relevant: list[str]
    filters: dict[str, str]
    learn_without: list[str]  # stories the lexicon must not learn from (held-out check)


def load(path: Path = JUDGED) -> list[Judged]:
    raw = tomllib.loads(path.read_text(encoding="utf-8"))["query"]
    keys = ("lang", "since", "until", "entity", "commodity")
    return [
        Judged(
            q["id"],
            q["kind"],
            q["query"],
            dict(q["relevant"]),
            list(q.get("not_relevant", [])),
            {k: q[k] for k in keys if k in q},
            list(q.get("learn_without", [])),
        )
        for q in raw
    ]


def ndcg(ranked: list[str], grades: dict[str, int], k: int = K) -> float:
    dcg = sum((2 ** grades.get(key, 0) - 1) / math.log2(i + 2) for i, key in enumerate(ranked[:k]))
    ideal = sorted(grades.values(), reverse=True)[:k]
    idcg = sum((2**g - 1) / math.log2(i + 2) for i, g in enumerate(ideal))
    return dcg / idcg if idcg else 0.0


def recall(ranked: list[str], grades: dict[str, int], k: int = K) -> float:
    rel = {key for key, g in grades.items() if g > 0}
    return len(rel & set(ranked[:k])) / len(rel) if rel else 0.0


def rr(ranked: list[str], grades: dict[str, int]) -> float:
    for i, key in enumerate(ranked):
        if grades.get(key, 0) > 0:
            return 1.0 / (i + 1)
    return 0.0


def story_map(base_url: str) -> dict[str, str]:
    """URL -> story key of the sample site."""
    from crawler.sample_site.build import pages

    return {base_url.rstrip("/") + p.path: p.story for p in pages()}


def evaluate(
    data_dir: Path, base_url: str, judged: list[Judged], variant: dict[str, Any] | None = None
) -> dict[str, Any]:
    """Metrics per kind and overall for one variant, plus per-query detail."""
    from search.query import Filters, search

    stories = story_map(base_url)
    per_kind: dict[str, list[tuple[float, float, float]]] = defaultdict(list)
    detail, violations = [], 0
    held_out: dict[frozenset[str], Path] = {}
    scratch = tempfile.TemporaryDirectory(prefix="nkwatch-heldout-")
    for q in judged:
        where = data_dir
        if q.learn_without:
            key = frozenset(q.learn_without)
            if key not in held_out:
                into = Path(scratch.name) / str(len(held_out))
                held_out[key] = held_out_copy(data_dir, stories, key, into)
            where = held_out[key]
        result = search(where, q.query, Filters(**q.filters), limit=K, **(variant or {}))
        ranked = [stories.get((h.en or h.ko).url, "?") for h in result.hits]
        scores = (ndcg(ranked, q.relevant), recall(ranked, q.relevant), rr(ranked, q.relevant))
        bad = [k for k in q.not_relevant if k in ranked]
        violations += bool(bad)
        per_kind[q.kind].append(scores)
        per_kind["all"].append(scores)
        detail.append(
            {
                "id": q.id,
                "kind": q.kind,
                "query": q.query,
                "ndcg": scores[0],
                "recall": scores[1],
                "rr": scores[2],
                "distractors_returned": bad,
            }
        )
    table = {
        kind: {
            "n": len(v),
            "ndcg@10": sum(s[0] for s in v) / len(v),
            "recall@10": sum(s[1] for s in v) / len(v),
            "mrr": sum(s[2] for s in v) / len(v),
        }
        for kind, v in per_kind.items()
    }
    scratch.cleanup()
    return {"kinds": table, "distractor_violations": violations, "queries": detail}


def held_out_copy(
    data_dir: Path, stories: dict[str, str], without: frozenset[str], copy: Path
) -> Path:
    """A copy of the data directory whose lexicon never saw the `without` stories' pairs:
    a query on them can only be answered through what the other pairs taught."""
    from crawler import datadir
    from crawler.store import Store
    from search import lexicon

    shutil.copytree(data_dir, copy, symlinks=True)
    store = Store(datadir.store_path(copy), readonly=True)
    try:
        records = [
            (en, ko)
            for en, ko in lexicon.pair_records(store)
            if stories.get(en["url"]) not in without and stories.get(ko["url"]) not in without
        ]
    finally:
        store.close()
    lexicon.write(copy, lexicon.learn_from(records))
    return copy


def crawl_sample(data_dir: Path) -> str:
    """Serve the sample site and crawl it with the real CLI; returns the base URL."""
    from crawler.sample_site.server import SampleSiteServer

    server = SampleSiteServer(port=0).start_background()
    try:
        subprocess.run(
            [
                sys.executable,
                "-m",
                "search",
                "--data-dir",
                str(data_dir),
                "crawl",
                "--base-url",
                server.base_url,
            ],
            check=True,
            capture_output=True,
        )
        return server.base_url
    finally:
        server.stop()


def format_table(name: str, res: dict[str, Any]) -> str:
    lines = [f"{name}", f"{'kind':<18}{'n':>4}{'nDCG@10':>10}{'recall@10':>11}{'MRR':>8}"]
    kinds = sorted(k for k in res["kinds"] if k != "all") + ["all"]
    for kind in kinds:
        m = res["kinds"][kind]
        lines.append(
            f"{kind:<18}{m['n']:>4}{m['ndcg@10']:>10.3f}{m['recall@10']:>11.3f}{m['mrr']:>8.3f}"
        )
    lines.append(f"distractor violations: {res['distractor_violations']}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--write-baseline",
        action="store_true",
        help="store the default variant's figures as the new baseline",
    )
    parser.add_argument("--json", action="store_true", help="print all results as JSON")
    args = parser.parse_args(argv)
    judged = load()
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp)
        base_url = crawl_sample(data)
        results = {name: evaluate(data, base_url, judged, v) for name, v in VARIANTS.items()}
    if args.json:
        print(json.dumps(results, ensure_ascii=False, indent=1))
    else:
        for name, res in results.items():
            print(format_table(name, res) + "\n")
        misses = [q for q in results["default"]["queries"] if q["recall"] < 1]
        if misses:
            print("queries below full recall (default variant):")
            for q in misses:
                print(f"  {q['id']} [{q['kind']}] {q['query']!r} recall={q['recall']:.2f}")
    if args.write_baseline:
        BASELINE.write_text(
            json.dumps(
                {
                    "kinds": results["default"]["kinds"],
                    "distractor_violations": results["default"]["distractor_violations"],
                },
                indent=1,
            )
            + "\n"
        )
        print(f"wrote {BASELINE}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
