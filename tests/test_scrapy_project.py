"""The Scrapy project works with Scrapy's own tools from the repository root."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import ROOT, jsonl, nkwatch


def scrapy(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "scrapy", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_scrapy_list():
    proc = scrapy("list")
    assert proc.returncode == 0 and proc.stdout.split() == ["dailynk"]


def test_scrapy_check_contracts_against_the_sample_site(site, tmp_path):
    proc = scrapy(
        "check",
        "dailynk",
        "-s",
        f"NKWATCH_BASE_URL={site.base_url}",
        "-s",
        f"NKWATCH_DATA_DIR={tmp_path}",
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "Ran 2 contracts" in proc.stderr


def test_scrapy_crawl_uses_the_same_settings_and_store(site, sample_pages, tmp_path):
    proc = scrapy(
        "crawl",
        "dailynk",
        "-a",
        f"base_url={site.base_url}",
        "-s",
        f"NKWATCH_DATA_DIR={tmp_path}",
        "-s",
        "DOWNLOAD_DELAY=0",
        "-s",
        "AUTOTHROTTLE_ENABLED=False",
        "-s",
        "CONCURRENT_REQUESTS_PER_DOMAIN=8",
        "-s",
        "LOG_LEVEL=WARNING",
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert len(jsonl(nkwatch(tmp_path, "export", "--jsonl").stdout)) == len(sample_pages)
