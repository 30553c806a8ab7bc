"""Requests a backfill costs, by each path: `python -m bench.crawl_requests [--pairs N]`.

The real `nkwatch crawl --full` (through the pages with --pages, and through the WordPress
REST API, the default) over one synthetic site of N pairs served on 127.0.0.1, each into a
fresh data directory: requests counted by the site's server, articles stored, page fetches
for incomplete REST records. Requests per 1,000 articles, and what a backfill of the real
archive (ARCHIVE articles, both editions) takes at the polite 1 request/s. Part of the full
benchmark's crawl block; runnable alone (a 2,000-pair site takes about 3 minutes).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from bench import synth

REPO = Path(__file__).resolve().parent.parent
RESULTS = REPO / "bench" / "results"
ARCHIVE = 150_000  # Daily NK's archive, both editions (README)
PATHS = {"pages": ["--pages"], "rest": []}


def serve(pairs: int):
    """The synthetic site, its REST API answering for the same stories."""
    from crawler.sample_site.server import SampleSiteServer

    server = SampleSiteServer(port=0)
    server.load(list(synth.stories(pairs)))
    return server.start_background()


def crawl(server: Any, pairs: int, data: Path, path: str) -> dict[str, Any]:
    server.hits.clear()
    cmd = [sys.executable, "-m", "search", "--data-dir", str(data), "crawl"]
    cmd += ["--base-url", server.base_url, "--full", "--no-index", "--delay", "0", "--json"]
    pages = synth.listing_pages(pairs) + 2  # the listing walk reaches the end
    cmd += ["--max-pages", str(pages), *PATHS[path]]
    start = time.perf_counter()
    proc = subprocess.run(cmd, cwd=REPO, capture_output=True, text=True)
    wall = time.perf_counter() - start
    if proc.returncode not in (0, 1):
        raise RuntimeError(f"crawl failed ({proc.returncode}):\n{proc.stderr[-3000:]}")
    summary = json.loads(proc.stdout.strip().splitlines()[-1])
    articles = sum(sum(v.values()) for v in summary.get("articles", {}).values())
    requests = sum(server.hits.values())
    rest = summary.get("rest", {})
    return {
        "source": summary.get("source"),
        "articles": articles,
        "requests": requests,
        "rest_requests": sum(v for k, v in server.hits.items() if "wp-json" in k),
        "page_fetches_for_incomplete_records": rest.get("page_fetches", 0),
        "requests_per_1000_articles": 1000 * requests / max(articles, 1),
        "wall_s": wall,
    }


def archive_hours(run: dict[str, Any]) -> dict[str, float]:
    """The real archive's backfill: the requests that grow with the archive scaled to it,
    the others (robots.txt, feeds, the first listing pages, sitemaps after a REST walk)
    kept as they are. Through the pages every request is counted as growing."""
    scale = ARCHIVE / max(run["articles"], 1)
    growing = run["requests"]
    if run["source"] == "rest":
        growing = run["rest_requests"] + run["page_fetches_for_incomplete_records"]
    requests = (run["requests"] - growing) + growing * scale
    return {"requests": round(requests), "hours_at_1_per_s": requests / 3600}


def measure(pairs: int, tmp: Path) -> dict[str, Any]:
    server = serve(pairs)
    try:
        runs = {path: crawl(server, pairs, tmp / f"requests-{path}", path) for path in PATHS}
    finally:
        server.stop()
    for run in runs.values():
        run["archive"] = archive_hours(run)
    return {"pairs": pairs, "archive_articles": ARCHIVE, "paths": runs}


def markdown(result: dict[str, Any]) -> str:
    lines = [
        f"## Backfill requests ({result['pairs']:,} synthetic pairs; the real archive "
        f"{result['archive_articles']:,} articles at 1 request/s)",
        "",
        "| path | articles | requests | per 1,000 articles | page fetches for incomplete "
        "records | real archive: requests | hours at 1 request/s | crawl wall, ms per "
        "article (no delay) |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for name, run in result["paths"].items():
        lines.append(
            f"| {name} | {run['articles']:,} | {run['requests']:,} | "
            f"{run['requests_per_1000_articles']:.1f} | "
            f"{run['page_fetches_for_incomplete_records']} | "
            f"{run['archive']['requests']:,} | {run['archive']['hours_at_1_per_s']:.2f} | "
            f"{1000 * run['wall_s'] / max(run['articles'], 1):.1f} |"
        )
    lines += [
        "",
        "Hours count the requests only; the crawl's own work (parse, enrich, store) runs "
        "alongside, at the last column's pace on this machine.",
    ]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> None:
    import tempfile

    parser = argparse.ArgumentParser(prog="python -m bench.crawl_requests", description=__doc__)
    parser.add_argument("--pairs", type=int, default=2000)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        result = measure(args.pairs, Path(tmp))
    (RESULTS / "crawl-requests.json").write_text(json.dumps(result, indent=1) + "\n")
    (RESULTS / "crawl-requests.md").write_text(markdown(result))
    print(markdown(result))


if __name__ == "__main__":
    main()
