"""Slow reliability cases (`make reliability`): a whole site of transient faults loses
nothing, and a store that fills up mid-crawl stops the crawl with a clear error and stays
consistent, and the next crawl completes it."""

from __future__ import annotations

import json
import random
import resource
import signal
import sqlite3
import subprocess
import sys

import pytest

from tests.conftest import ROOT
from tests.hostile import crawl
from tests.hostile.server import HostileServer, Site, article, listing, ok, reset, slow, status

pytestmark = pytest.mark.slow


def test_a_site_full_of_transient_faults_loses_nothing(tmp_path):
    rng = random.Random(7)
    with HostileServer() as server:
        site = Site(server)
        paths = [f"/english/story-{n}/" for n in range(120)]
        faulty: dict[str, int] = {}
        for n, path in enumerate(paths):
            page = ok(article(f"Story {n}"))
            kind = rng.choice(["fine", "fine", "503", "429", "reset", "slow"])
            if kind == "503":
                site.add(path, status(503), page, listed=False)
            elif kind == "429":
                site.add(path, status(429, retry_after=1), page, listed=False)
            elif kind == "reset":
                site.add(path, reset(), page, listed=False)
            elif kind == "slow":
                site.add(path, slow(0.5, page), listed=False)
            else:
                site.add(path, page, listed=False)
            faulty[path] = 2 if kind in ("503", "429", "reset") else 1
        for page_no in range(12):  # ten a page, twelve pages
            links = [server.url(p) for p in paths[page_no * 10 : page_no * 10 + 10]]
            nxt = f"/english/category/news/page/{page_no + 2}/" if page_no < 11 else None
            key = "/english/category/news/" + (f"page/{page_no + 1}/" if page_no else "")
            server.route(key, ok(listing(links, next_href=nxt)))
        site.publish()
        proc, summary = crawl(tmp_path, server.base_url, "--max-pages", "20")
        assert proc.returncode == 0, proc.stderr[-3000:]
        assert summary["articles"]["new"] == {"en": 120}
        assert summary["lost"] == {}
        for path, hits in faulty.items():
            assert server.hits[path] == hits, path


def _limit_file_size(limit: int):
    def apply() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # EFBIG instead of being killed
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return apply


def test_a_full_disk_stops_the_crawl_cleanly_and_the_next_crawl_completes(
    site, sample_pages, tmp_path
):
    data = tmp_path / "data"
    data.mkdir()
    proc = subprocess.run(
        [sys.executable, "-m", "search", "--data-dir", str(data), "crawl"]
        + ["--base-url", site.base_url, "--no-index", "--json"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
        preexec_fn=_limit_file_size(400_000),  # the store may not grow past 400 kB
    )
    assert proc.returncode == 2
    last = proc.stderr.strip().splitlines()[-1]  # the CLI's own line names cause and fix
    assert last.startswith("nkwatch: error: cannot write the store") and "disk full" in last
    assert "Traceback" not in proc.stderr
    db = sqlite3.connect(data / "store.sqlite3")
    assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    rows = db.execute("SELECT url, data FROM articles").fetchall()
    assert 0 < len(rows) < len(sample_pages)
    for url, raw in rows:  # what was committed is whole
        rec = json.loads(raw)
        assert rec["url"] == url and rec["title"] and rec["body"]
    db.close()
    proc, summary = crawl(data, site.base_url)
    assert proc.returncode == 0, proc.stderr[-3000:]
    db = sqlite3.connect(data / "store.sqlite3")
    (count,) = db.execute("SELECT COUNT(*) FROM articles").fetchone()
    assert count == len(sample_pages)  # nothing lost
