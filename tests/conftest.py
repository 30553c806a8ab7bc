"""Shared fixtures: the sample site served on 127.0.0.1, and one crawl of it into a data
directory that read-only tests share (tests that change data copy it first)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from crawler.sample_site.model import build_pages, load_stories
from crawler.sample_site.server import SampleSiteServer

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
REAL_PAGES = SHARED / "real-pages"


def nkwatch(
    data_dir: Path, *args: str, check: bool = True, env: dict | None = None, timeout: float = 300
) -> subprocess.CompletedProcess:
    """Run the real entry point (`python -m search`) as a user would."""
    full_env = {**os.environ, "NO_COLOR": "1", **(env or {})}
    full_env.pop("NKWATCH_DATA_DIR", None)
    proc = subprocess.run(
        [sys.executable, "-m", "search", "--data-dir", str(data_dir), *args],
        capture_output=True,
        text=True,
        env=full_env,
        timeout=timeout,
        cwd=ROOT,
    )
    if check and proc.returncode != 0:
        raise AssertionError(
            f"nkwatch {' '.join(args)} exited {proc.returncode}:\n{proc.stdout}\n{proc.stderr}"
        )
    return proc


def jsonl(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines() if line.strip()]


@pytest.fixture(scope="session")
def site():
    server = SampleSiteServer(port=0).start_background()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def sample_pages():
    return build_pages(load_stories())


@pytest.fixture(scope="session")
def crawled(site, tmp_path_factory) -> Path:
    """A data dir holding one full crawl of the sample site (store + index)."""
    data = tmp_path_factory.mktemp("crawled")
    proc = nkwatch(data, "crawl", "--base-url", site.base_url, "--json")
    (data / "crawl-output.json").write_text(proc.stdout.strip().splitlines()[-1])
    return data


@pytest.fixture
def crawled_copy(crawled, tmp_path) -> Path:
    """A private copy of the crawled data dir, for tests that change it."""
    dest = tmp_path / "data"
    shutil.copytree(crawled, dest, symlinks=True)
    return dest


def real_page(name: str) -> str:
    path = REAL_PAGES / name
    if not path.exists():
        pytest.skip("../shared/real-pages is not here (as on a user's machine)")
    return path.read_text(encoding="utf-8")
