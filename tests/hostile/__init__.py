"""The hostile web, served on loopback addresses only (server.py), and a way to crawl it
through either real entry point: `nkwatch crawl`, or `scrapy crawl dailynk` when a test needs
settings the CLI does not expose (a short DOWNLOAD_TIMEOUT, a short backoff). Crawls can run
side by side (start() several, then finish() each): they mostly wait on timeouts."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from tests.conftest import ROOT

# As `nkwatch crawl` does for a loopback site: no politeness delay towards ourselves.
LOOPBACK_FAST = {
    "DOWNLOAD_DELAY": 0,
    "AUTOTHROTTLE_ENABLED": False,
    "CONCURRENT_REQUESTS_PER_DOMAIN": 8,
    "LOG_LEVEL": "WARNING",
}


def start(
    data: Path, base_url: str, *args: str, settings: dict[str, Any] | None = None
) -> tuple[subprocess.Popen, Path]:
    """Start a crawl of base_url into data. Without settings: `nkwatch crawl --no-index
    --json` (its exit code tells a partial run); with: `scrapy crawl dailynk -s KEY=VALUE`."""
    if settings is None:
        cmd = [sys.executable, "-m", "search", "--data-dir", str(data), "crawl"]
        cmd += ["--base-url", base_url, "--no-index", "--json", *args]
    else:
        opts = [f"-s{k}={v}" for k, v in {**LOOPBACK_FAST, **settings}.items()]
        cmd = [sys.executable, "-m", "scrapy", "crawl", "dailynk", "-a", f"base_url={base_url}"]
        cmd += [f"-sNKWATCH_DATA_DIR={data}", *opts, *args]
    env = {**os.environ, "NO_COLOR": "1"}
    env.pop("NKWATCH_DATA_DIR", None)
    proc = subprocess.Popen(
        cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT, env=env
    )
    return proc, data


def finish(started: tuple[subprocess.Popen, Path]) -> tuple[subprocess.CompletedProcess, dict]:
    """Wait for a crawl; (the finished process, the crawl summary it stored)."""
    proc, data = started
    try:
        out, err = proc.communicate(timeout=300)
    except subprocess.TimeoutExpired:
        proc.kill()
        out, err = proc.communicate()
    done = subprocess.CompletedProcess(proc.args, proc.returncode, out, err)
    summary_file = data / "last_crawl.json"
    summary = json.loads(summary_file.read_text("utf-8")) if summary_file.exists() else {}
    return done, summary


def crawl(
    data: Path, base_url: str, *args: str, settings: dict[str, Any] | None = None
) -> tuple[subprocess.CompletedProcess, dict]:
    return finish(start(data, base_url, *args, settings=settings))
