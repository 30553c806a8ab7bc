"""One measurement per process: `python -m bench.worker COMMAND JSON-ARGS`.

Each build, query pass or update runs in a fresh process, so its peak RSS is its own
(ru_maxrss of the process) and no cache warmed by an earlier measurement helps it. The
result is one JSON line on stdout.
"""

from __future__ import annotations

import contextlib
import cProfile
import json
import pstats
import resource
import sys
import threading
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench import refs, synth
from bench.queries import BenchQuery


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


class TreeRss:
    """Peak resident memory of this process and its children together, sampled every
    50 ms: a parallel build's workers are processes of their own, which ru_maxrss of this
    one does not see (and RUSAGE_CHILDREN gives only the largest child, not the sum)."""

    def __init__(self) -> None:
        self.peak = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def _sample(self) -> None:
        import psutil

        me = psutil.Process()
        while not self._stop.is_set():
            total = 0
            for proc in [me, *me.children(recursive=True)]:
                with contextlib.suppress(psutil.Error):
                    total += proc.memory_info().rss
            self.peak = max(self.peak, total / 2**20)
            self._stop.wait(0.05)

    def __enter__(self) -> TreeRss:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, peak_rss_mb())


def _queries(path: str) -> list[BenchQuery]:
    return [BenchQuery(**q) for q in json.loads(Path(path).read_text())]


def build(base: str) -> dict[str, Any]:
    """A full Whoosh build from the store: search.indexer.rebuild, as `nkwatch index rebuild`
    (a parent reading the store and two writer processes, where the platform allows)."""
    from search import indexer, mpwriter

    with TreeRss() as rss:
        start = time.perf_counter()
        docs = indexer.rebuild(Path(base))
        seconds = time.perf_counter() - start
    index = Path(base, "index").resolve()
    size = sum(f.stat().st_size for f in index.iterdir() if f.is_file())
    return {
        "docs": docs,
        "seconds": seconds,
        "docs_per_s": docs / seconds,
        "index_mb": size / 1e6,
        "peak_rss_mb": rss.peak,
        "writer_processes": mpwriter.PROCESSES if mpwriter.parallel_ok() else 0,
    }


def _search(base: Path, bq: BenchQuery) -> tuple[int, dict[str, float]]:
    """Hits shown and the search's own phase timings (seconds; none from older code)."""
    from search.query import Filters, search

    filters = Filters(commodity=bq.commodity, since=bq.since, until=bq.until)
    result = search(base, bq.q, filters, limit=10)
    return len(result.hits), dict(getattr(result, "timings", {}))


def queries(base: str, qfile: str, matcher: str | None = None) -> dict[str, Any]:
    """One pass over the mix with search.query.search (what `nkwatch search` calls), after a
    warm-up of three queries: in-process latency, start-up excluded (the CLI figure has it),
    and the phase split the search reports (plan, open, parse, collect, stories, snippets,
    facets). `matcher` "whoosh" runs Whoosh's matchers instead of the array path
    (bench/matchers.py compares the two)."""
    if matcher:
        import os

        os.environ["NKWATCH_MATCHER"] = matcher
    qs = _queries(qfile)
    for bq in qs[:3]:
        _search(Path(base), bq)
    ms, hits, phases = [], [], []
    for bq in qs:
        start = time.perf_counter()
        shown, timings = _search(Path(base), bq)
        ms.append((time.perf_counter() - start) * 1000)
        hits.append(shown)
        phases.append(timings)
    return {"ms": ms, "hits": hits, "phases": phases, "peak_rss_mb": peak_rss_mb()}


def incremental(base: str, n_new: int, seed: int) -> dict[str, Any]:
    """Store `n_new` new articles (as a crawl would), then time search.indexer.update."""
    from crawler import datadir
    from crawler.store import Store
    from search import indexer

    store = Store(datadir.store_path(Path(base)))
    try:
        after = datetime(2026, 11, 1, tzinfo=UTC)
        records = list(synth.stories(n_new // 2, seed=seed, start=10_000_000 + seed, after=after))
        for n, (s, k, e) in enumerate(synth.assign_urls(records, taken=store.known_urls())):
            for art in synth.pair_articles(s, k, e, 10_000_000 + seed + n):
                if store.upsert_article(art) != "new":
                    raise RuntimeError(f"{art.url} was already stored")
            store.add_pair(e, k)
        store.resolve_pairs()
    finally:
        store.close()
    start = time.perf_counter()
    docs = indexer.update(Path(base))
    seconds = time.perf_counter() - start
    return {"docs": docs, "seconds": seconds, "peak_rss_mb": peak_rss_mb()}


def reference(
    engine: str, base: str, qfile: str, out: str, passes: int, qfile2: str | None = None
) -> dict[str, Any]:
    """Build the reference index from the same store, then `passes` passes of the mix (and
    of a second mix, `qfile2`, if given)."""
    docs = refs.read_docs(Path(base, "store.sqlite3"))
    eng = refs.Tantivy(Path(out)) if engine == "tantivy" else refs.Fts5(Path(out))
    seconds, _ = refs.timed(eng.build, docs)
    qs = _queries(qfile)
    for bq in qs[:3]:
        eng.search(bq)
    runs = [list(refs.run_queries(eng, qs)) for _ in range(passes)]
    hits = [eng.search(bq) for bq in qs]
    size = sum(f.stat().st_size for f in Path(out).rglob("*") if f.is_file())
    second: dict[str, Any] = {}
    if qfile2:
        qs2 = _queries(qfile2)
        second["runs_ms2"] = [list(refs.run_queries(eng, qs2)) for _ in range(passes)]
        second["hits2"] = [eng.search(bq) for bq in qs2]
    return {
        **second,
        "docs": len(docs),
        "build_seconds": seconds,
        "docs_per_s": len(docs) / seconds,
        "index_mb": size / 1e6,
        "runs_ms": runs,
        "hits": hits,
    }


# --- profiles ----------------------------------------------------------------------------
# Functions whose cumulative time says where a stage goes: label -> "module:Qualified.name".
COMPONENTS = {
    "crawl": {
        "parse_article (parsel/lxml)": "crawler.parsers.dailynk:parse_article",
        "  of which body clean-up (on the lxml tree)": "crawler.parsers.body:Body.__init__",
        "language detection": "crawler.pipelines:LanguagePipeline.process_item",
        "entity matching": "crawler.pipelines:EntityPipeline.process_item",
        "  of which Korean (mecab + folding)": "crawler.enrich.entities:Gazetteer.match_ko",
        "  of which English (gazetteer regex)": "crawler.enrich.entities:Gazetteer.match_en",
        "store writes (a commit per item)": "crawler.pipelines:StorePipeline.process_item",
    },
    "build": {
        "Korean morphological analysis": "search.analysis.analyzers:KoreanTokenizer.terms",
        "English names key (roman_key)": "crawler.text.roman:roman_key",
        "Whoosh add_document (analysis + postings)": "whoosh.writing:SegmentWriter.add_document",
        "Whoosh commit (segment write, merge)": "whoosh.writing:SegmentWriter.commit",
        "reading the store (JSON + pair lookups)": "crawler.store:Store.articles",
    },
    "query": {
        "open the index": "search.indexer:open_index",
        "the query plan (gazetteer, glossary, filters)": "search.plan:make",
        "collect the page (Whoosh matching)": "whoosh.searching:Searcher.search_with_collector",
        "collapse to stories, snippets, store reads": "search.query:_collapse",
        "  of which gazetteer in_query (mecab)": "crawler.enrich.entities:Gazetteer.in_query",
    },
}


def _where(spec: str) -> tuple[str, int, str] | None:
    """(file, first line, name) of "module:Qualified.name", as cProfile keys functions."""
    import importlib
    import inspect

    module, _, qual = spec.partition(":")
    try:
        obj: Any = importlib.import_module(module)
        for part in qual.split("."):
            obj = getattr(obj, part)
        obj = inspect.unwrap(obj)
        code = obj.__code__
    except (ImportError, AttributeError):
        return None
    return code.co_filename, code.co_firstlineno, code.co_name


def _summarise(stats: pstats.Stats, kind: str, top: int = 12) -> dict[str, Any]:
    raw = stats.stats  # type: ignore[attr-defined]
    total = max(ct for (_, _, _, ct, _) in raw.values())
    components = {}
    for label, spec in COMPONENTS[kind].items():
        key = _where(spec)
        cum = raw[key][3] if key in raw else 0.0
        components[label] = {"seconds": round(cum, 2), "share": round(cum / total, 3)}
    by_tottime = sorted(raw.items(), key=lambda kv: kv[1][2], reverse=True)[:top]
    functions = [
        {
            "function": f"{Path(file).name}:{line}({fn})",
            "tottime_s": round(tt, 2),
            "cumtime_s": round(ct, 2),
            "calls": nc,
        }
        for (file, line, fn), (_cc, nc, tt, ct, _callers) in by_tottime
    ]
    return {"total_s": round(total, 2), "components": components, "top_by_tottime": functions}


def profile_build(base: str) -> dict[str, Any]:
    """The build in one process (cProfile cannot see into the parallel writer's workers):
    the same work each worker does, plus the parent's reading of the store."""
    from search import indexer, mpwriter

    mpwriter.parallel_ok = lambda: False
    prof = cProfile.Profile()
    prof.runcall(indexer.rebuild, Path(base))
    out = _summarise(pstats.Stats(prof), "build")
    out["note"] = "profiled in one process; the timed builds use two writer processes"
    return out


def profile_queries(base: str, qfile: str) -> dict[str, Any]:
    qs = _queries(qfile)
    _search(Path(base), qs[0])
    prof = cProfile.Profile()
    for bq in qs:
        prof.runcall(_search, Path(base), bq)
    out = _summarise(pstats.Stats(prof), "query")
    out["queries"] = len(qs)
    return out


def profile_crawl(prof_file: str) -> dict[str, Any]:
    """Summarise a profile written by `python -m cProfile -o FILE -m search crawl ...`."""
    return _summarise(pstats.Stats(prof_file), "crawl")


def prepare(sizes: list[int]) -> dict[str, Any]:
    """Generate (or find cached) the stores for `sizes`, in a process of its own: a worker
    started by a parent that grew while generating inherits its ru_maxrss on Linux, and
    every peak RSS of the run would be the generator's."""
    from bench import stores

    stores.master(max(sizes) // 2, lambda msg: print(msg, file=sys.stderr, flush=True))
    return {"data_dirs": [str(stores.data_dir(n, lambda msg: None)) for n in sizes]}


COMMANDS = {
    "prepare": prepare,
    "build": build,
    "queries": queries,
    "incremental": incremental,
    "reference": reference,
    "profile_build": profile_build,
    "profile_queries": profile_queries,
    "profile_crawl": profile_crawl,
}


def main(argv: list[str]) -> None:
    command, args = argv[0], json.loads(argv[1]) if len(argv) > 1 else {}
    result = COMMANDS[command](**args)
    sys.stdout.write(json.dumps(result) + "\n")


if __name__ == "__main__":
    main(sys.argv[1:])
