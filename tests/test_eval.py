"""Search quality gate: the judged queries must not get worse than the committed baseline
(`make eval` prints the full table and the analyser comparison)."""

from __future__ import annotations

import json

from search import evaluate

TOLERANCE = 1e-3


def test_judged_queries_are_numerous_and_varied():
    judged = evaluate.load()
    kinds = {q.kind for q in judged}
    assert len(judged) >= 40 and len(kinds) >= 10
    assert {
        "en_finds_ko",
        "ko_finds_en",
        "romanisation",
        "nk_sk_spelling",
        "particles",
        "entity_filter",
        "commodity_filter",
        "date_range",
        "phrase",
        "distractor",
        "vocab_outside_glossary",
        "names_outside_gazetteer",
        "ko_finds_en_only",
        "lexicon_heldout",
        "ko_compounds",
    } <= kinds
    assert any(q.learn_without for q in judged)  # the held-out lexicon check runs


def test_metrics_hold_the_baseline(crawled, site):
    result = evaluate.evaluate(crawled, site.base_url, evaluate.load())
    baseline = json.loads(evaluate.BASELINE.read_text())
    drops = []
    for kind, want in baseline["kinds"].items():
        got = result["kinds"][kind]
        for metric in ("ndcg@10", "recall@10", "mrr"):
            if got[metric] < want[metric] - TOLERANCE:
                drops.append(f"{kind} {metric}: {got[metric]:.3f} < baseline {want[metric]:.3f}")
    assert not drops, "search quality dropped:\n" + "\n".join(drops)
    assert result["distractor_violations"] <= baseline["distractor_violations"]


def test_metric_functions():
    grades = {"a": 2, "b": 1}
    assert evaluate.ndcg(["a", "b"], grades) == 1.0
    assert evaluate.ndcg(["x", "a"], grades) < evaluate.ndcg(["a", "x"], grades)
    assert evaluate.recall(["a", "x"], grades) == 0.5
    assert evaluate.rr(["x", "y", "b"], grades) == 1 / 3
