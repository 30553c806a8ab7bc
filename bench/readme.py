"""The README's "Measured at the archive's size" table, written from `results/archive.json`.

The README quotes the figures an analyst or operator plans by (how long a query, a search at
the prompt, a full rebuild take at 150k documents). They are written here from the latest
archive run, between two markers, never by hand: a figure in the README always names the
run and the commit it came from. `python -m bench.readme` rewrites the block from the
committed results; an archive run does it by itself.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from bench import report

REPO = Path(__file__).resolve().parent.parent
START = "<!-- bench:archive:start (written by bench/readme.py from bench/results/archive.json) -->"
END = "<!-- bench:archive:end -->"


def _ms(v: float | None) -> str:
    return "–" if v is None else f"{v:,.0f} ms"


def _s(v: float | None) -> str:
    return "–" if v is None else f"{v:.2f} s"


def block(result: dict[str, Any]) -> str:
    """The Markdown between the markers, from an archive run's JSON."""
    head = report.headline(result)  # recomputed: older results lack the newer keys
    n = head["largest_n"]
    top = result["sizes"][str(n)]
    build, real = top["build"], top.get("query_realistic", {})
    service = top.get("cli_service", {})
    crawl = result.get("crawl")
    met = {t["key"]: t["met"] for t in report.targets(head)}

    def mark(key: str) -> str:
        return {True: " (target met)", False: " (target not met)"}.get(met.get(key), "")

    rows = [
        (
            "query in process, p50 / p95 (common words)",
            f"{_ms(head['query_p50_ms'])} / {_ms(head['query_p95_ms'])}" + mark("query_p95_ms"),
        ),
        (
            "query in process, p50 / p95 (realistic mix)",
            f"{_ms(real.get('p50'))} / {_ms(real.get('p95'))}",
        ),
        (
            "`nkwatch search`, p50 / p95, with `nkwatch serve`",
            f"{_s(service.get('service', {}).get('p50'))} / "
            f"{_s(service.get('service', {}).get('p95'))}" + mark("cli_service_p95_s"),
        ),
        (
            "`nkwatch search`, p50 / p95, cold process",
            f"{_s(top['cli']['p50'])} / {_s(top['cli']['p95'])}",
        ),
        (
            "full index build",
            f"{build['docs_per_s']:.0f} docs/s ({build['seconds'] / 60:.0f} min)"
            + mark("index_docs_per_s"),
        ),
        (
            "index on disk",
            f"{build['index_mb']:,.0f} MB ({head['index_vs_tantivy_size']:.1f}x tantivy's)"
            + mark("index_vs_tantivy_size"),
        ),
        ("50 new articles into the index", _s(head["incremental_50_s"])),
        ("peak memory (build, queries, update)", f"{head['peak_rss_mb']:,.0f} MB"),
    ]
    if crawl:
        rows.append(
            (
                "crawl rate / `scrapy bench` on the same machine",
                f"{crawl['ratio']:.2f} ({crawl['pages_per_s']:.0f} vs "
                f"{crawl['scrapy_bench_pages_per_s']:.0f} pages/s)" + mark("crawl_vs_scrapy_bench"),
            )
        )
    lines = [
        START,
        f"Measured by `make bench-archive` on {result['started'][:10]} (commit "
        f"{result['machine'].get('commit')}, {result['machine']['cores']} cores, "
        f"{n:,} synthetic documents; `bench/results/archive.md` has every figure and the "
        "targets):",
        "",
        "| at the archive's size | measured |",
        "|---|---|",
        *(f"| {what} | {value} |" for what, value in rows),
        END,
    ]
    return "\n".join(lines)


def update(readme: Path, archive_json: Path) -> bool:
    """Rewrite the block in `readme` (which must hold both markers); True if it changed."""
    text = readme.read_text(encoding="utf-8")
    if START not in text or END not in text:
        raise ValueError(f"{readme} has no {START!r} ... {END!r} block")
    before, rest = text.split(START, 1)
    _, after = rest.split(END, 1)
    new = before + block(json.loads(archive_json.read_text())) + after
    if new == text:
        return False
    readme.write_text(new, encoding="utf-8")
    return True


if __name__ == "__main__":
    changed = update(REPO / "README.md", REPO / "bench" / "results" / "archive.json")
    print("README.md updated" if changed else "README.md already up to date")
