"""Whoosh's matchers against the array path (search/vector.py), interleaved in one run.

`python -m bench.matchers --data-dir DIR [--rounds 2]`: on one indexed data directory
(built here when it has no index), each round runs both query mixes once per path, each
pass in a fresh process (bench/worker.py queries), the paths alternating so that both see
the same machine load. Per mix, path and kind: p50/p95 over all rounds' queries, and the
median 'collect' phase. The machine is shared: compare figures within one run only.
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
from pathlib import Path
from typing import Any

from bench import queries as qmix
from bench.run import log, percentile, worker

PATHS = ("whoosh", "vector")


def _stats(ms: list[float]) -> dict[str, float]:
    return {"p50": percentile(ms, 50), "p95": percentile(ms, 95), "n": len(ms)}


def compare(base: Path, rounds: int) -> dict[str, Any]:
    if not (base / "index").exists():
        log(f"building the index in {base} ...")
        build = worker("build", base=str(base))
        log(f"built {build['docs']} documents in {build['seconds']:.0f} s")
    tmp = Path(tempfile.mkdtemp(prefix="matchers-"))
    mixes = {
        "common": qmix.mix(),
        "realistic": qmix.realistic_mix(base / "store.sqlite3"),
    }
    files = {}
    for name, qs in mixes.items():
        files[name] = tmp / f"{name}.json"
        files[name].write_text(json.dumps([q.to_dict() for q in qs]))
    ms: dict[tuple[str, str], list[float]] = {}
    collect: dict[tuple[str, str], list[float]] = {}
    kinds = {name: [q.kind for q in qs] for name, qs in mixes.items()}
    for r in range(rounds):
        order = PATHS if r % 2 == 0 else PATHS[::-1]
        for name in mixes:
            for path in order:
                out = worker("queries", base=str(base), qfile=str(files[name]), matcher=path)
                ms.setdefault((name, path), []).extend(out["ms"])
                collect.setdefault((name, path), []).extend(
                    p.get("collect", 0.0) * 1000 for p in out["phases"]
                )
                log(
                    f"round {r + 1} {name} {path}: p50/p95 {percentile(out['ms'], 50):.0f}/"
                    f"{percentile(out['ms'], 95):.0f} ms"
                )
    docs = _doc_count(base)
    result: dict[str, Any] = {"data_dir": str(base), "docs": docs, "rounds": rounds, "mixes": {}}
    for name in mixes:
        per_path = {}
        for path in PATHS:
            times = ms[(name, path)]
            n = len(kinds[name])
            by_kind = {
                kind: _stats([t for i, t in enumerate(times) if kinds[name][i % n] == kind])
                for kind in qmix.KINDS
            }
            per_path[path] = {
                **_stats(times),
                "collect_p50": statistics.median(collect[(name, path)]),
                "by_kind": by_kind,
            }
        result["mixes"][name] = per_path
    return result


def _doc_count(base: Path) -> int:
    from search.indexer import open_index

    ix = open_index(base)
    try:
        return ix.doc_count()
    finally:
        ix.close()


def table(result: dict[str, Any]) -> str:
    lines = [
        "| mix | kind | Whoosh p50/p95 ms | arrays p50/p95 ms | p95 ratio |",
        "| --- | --- | --- | --- | --- |",
    ]
    for name, per_path in result["mixes"].items():
        old, new = per_path["whoosh"], per_path["vector"]
        rows = [("all", old, new)] + [(k, old["by_kind"][k], new["by_kind"][k]) for k in qmix.KINDS]
        for kind, a, b in rows:
            lines.append(
                f"| {name} | {kind} | {a['p50']:.0f} / {a['p95']:.0f} | "
                f"{b['p50']:.0f} / {b['p95']:.0f} | {a['p95'] / max(b['p95'], 1e-9):.1f}x |"
            )
        lines.append(
            f"| {name} | collect p50 | {old['collect_p50']:.0f} | {new['collect_p50']:.0f} | |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.matchers", description=__doc__)
    parser.add_argument("--data-dir", type=Path, required=True)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--out", type=Path, help="write the figures as JSON here")
    args = parser.parse_args(argv)
    result = compare(args.data_dir, args.rounds)
    result["commit"] = _commit()
    text = table(result)
    if args.out:
        args.out.write_text(json.dumps(result, indent=1) + "\n")
        docs = result.get("docs", "?")
        args.out.with_suffix(".md").write_text(
            f"# Whoosh's matchers vs the array path ({docs} documents)\n\n"
            f"`python -m bench.matchers`, commit {result['commit']}, {args.rounds} round(s): "
            "in-process `search.query.search` per query, ms; both paths in the same run.\n\n"
            + text
            + "\n"
        )
    print(text)


def _commit() -> str:
    import subprocess

    proc = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True)
    return proc.stdout.strip() or "unknown"


if __name__ == "__main__":
    main()
