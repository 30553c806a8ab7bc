"""`nkwatch search` wall time with `nkwatch serve` running, next to the same command in a
cold process (`--no-service`): what an analyst waits for at the prompt either way.

Both are `python -m search --data-dir D search ... --json`, interpreter start-up included;
they alternate query by query (service first on even queries, cold first on odd ones), so
drift on a shared machine falls on both alike. The service is started on D's default socket,
warmed by its own start-up search, and stopped afterwards.
"""

from __future__ import annotations

import os
import signal
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench.queries import BenchQuery

REPO = Path(__file__).resolve().parent.parent
START_WAIT_S = 600.0


def _start(base: Path) -> tuple[subprocess.Popen, float]:
    from crawler.datadir import service_socket_path
    from search.service.client import answers

    started = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-m", "search", "--data-dir", str(base), "serve"],
        cwd=REPO,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    sock = service_socket_path(base)
    while not answers(sock):
        if proc.poll() is not None or time.perf_counter() - started > START_WAIT_S:
            proc.kill()
            raise RuntimeError(f"nkwatch serve did not start on {sock}")
        time.sleep(0.05)
    return proc, time.perf_counter() - started


def _stop(proc: subprocess.Popen) -> float:
    """Stop the service; its peak RSS in MB (Linux), read just before."""
    rss = 0.0
    try:
        for line in Path(f"/proc/{proc.pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                rss = int(line.split()[1]) / 1024
    except OSError:
        pass
    proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
    return rss


def _wall(base: Path, bq: BenchQuery, mode: str) -> float:
    cmd = [sys.executable, "-m", "search", "--data-dir", str(base), "search", *bq.cli_args()]
    env = {k: v for k, v in os.environ.items() if k != "NKWATCH_SERVICE"}
    start = time.perf_counter()
    proc = subprocess.run([*cmd, mode], cwd=REPO, capture_output=True, text=True, env=env)
    took = time.perf_counter() - start
    if proc.returncode != 0:
        raise RuntimeError(f"nkwatch search {bq.q!r} {mode} failed:\n{proc.stderr[-2000:]}")
    return took


def measure(
    base: Path,
    subset: list[BenchQuery],
    runs: int,
    percentile: Callable[[list[float], float], float],
    log: Callable[[str], None] = print,
) -> dict[str, Any]:
    """p50/p95 per run of both paths (medians over runs), the cold/service ratio of the
    p50s, the service's start-up (until /health answers) and its peak RSS."""
    proc, startup = _start(base)
    walls: dict[str, list[list[float]]] = {"--service": [], "--no-service": []}
    try:
        for _ in range(runs):
            run = {mode: [] for mode in walls}
            for i, bq in enumerate(subset):
                order = (
                    ("--service", "--no-service") if i % 2 == 0 else ("--no-service", "--service")
                )
                for mode in order:
                    run[mode].append(_wall(base, bq, mode))
            for mode, seconds in run.items():
                walls[mode].append(seconds)
    finally:
        rss = _stop(proc)

    def stats(per_run: list[list[float]]) -> dict[str, float]:
        return {
            "p50": statistics.median(percentile(r, 50) for r in per_run),
            "p95": statistics.median(percentile(r, 95) for r in per_run),
        }

    out = {
        "queries": len(subset),
        "runs": runs,
        "service": stats(walls["--service"]),
        "cold": stats(walls["--no-service"]),
        "service_startup_s": round(startup, 2),
        "service_peak_rss_mb": round(rss, 1),
    }
    out["cold_over_service_p50"] = round(out["cold"]["p50"] / out["service"]["p50"], 2)
    log(
        f"nkwatch search wall: service p50 {out['service']['p50']:.3f} s, p95 "
        f"{out['service']['p95']:.3f} s; cold p50 {out['cold']['p50']:.3f} s, p95 "
        f"{out['cold']['p95']:.3f} s"
    )
    return out
