"""`nkwatch refresh` unattended: single instance, exit codes, idempotence, crash safety."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from crawler.sample_site.server import SampleSiteServer
from tests.conftest import ROOT, jsonl, nkwatch


def refresh(data: Path, base_url: str, *args: str, check: bool = False):
    proc = nkwatch(data, "refresh", "--base-url", base_url, "--json", *args, check=check)
    lines = proc.stdout.strip().splitlines()
    return proc, (json.loads(lines[-1]) if lines else None)


def spawn(data: Path, *args: str) -> subprocess.Popen:
    env = {**os.environ, "NO_COLOR": "1"}
    return subprocess.Popen(
        [sys.executable, "-m", "search", "--data-dir", str(data), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        cwd=ROOT,
    )


def store_counts(data: Path) -> tuple[int, int]:
    db = sqlite3.connect(data / "store.sqlite3")
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    total = db.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
    unindexed = db.execute("SELECT COUNT(*) FROM articles WHERE indexed_at IS NULL").fetchone()[0]
    return total, unindexed


def indexed_count(data: Path) -> int:
    from search.indexer import open_index

    ix = open_index(data)
    try:
        return ix.doc_count()
    finally:
        ix.close()


@pytest.fixture
def slow_site():
    server = SampleSiteServer(port=0).start_background()
    yield server
    server.stop()


def test_refresh_twice_changes_nothing_the_second_time(site, tmp_path):
    data = tmp_path / "d"
    proc, first = refresh(data, site.base_url)
    assert proc.returncode == 0 and first["status"] == "ok" and first["indexed"] > 40
    before = nkwatch(data, "export", "--jsonl").stdout
    proc, second = refresh(data, site.base_url)
    assert proc.returncode == 0
    assert second["crawl"]["articles"] == {} and second["indexed"] == 0
    assert nkwatch(data, "export", "--jsonl").stdout == before
    runs = json.loads(nkwatch(data, "stats", "--json").stdout)["runs"]
    assert [r["status"] for r in runs[:2]] == ["ok", "ok"]
    log = (data / "logs" / "nkwatch.log").read_text()
    assert log.count("refresh ok:") == 2


def test_unreachable_site_exits_2(tmp_path):
    proc, summary = refresh(tmp_path / "d", "http://127.0.0.1:9")
    assert proc.returncode == 2 and summary["status"] == "unreachable"


def test_stale_editions_raise_the_alarm(crawled_copy, site):
    time.sleep(0.1)
    proc, summary = refresh(crawled_copy, site.base_url, "--stale-after", "0.00001")
    assert proc.returncode == 3 and summary["status"] == "alarm"
    assert any("nothing new in the en edition" in a for a in summary["alarms"])


def test_failing_pages_make_a_partial_run(site, tmp_path, sample_pages):
    newest = max((p for p in sample_pages if p.lang == "en"), key=lambda p: p.published)
    site.faults[newest.path] = 500
    try:
        proc, summary = refresh(tmp_path / "d", site.base_url)
    finally:
        site.faults.clear()
    assert proc.returncode == 1 and summary["status"] == "partial"
    assert summary["crawl"]["http_5xx"] >= 1


def test_second_refresh_waits_or_leaves(slow_site, tmp_path):
    data = tmp_path / "d"
    slow_site.delay = 0.05
    first = spawn(data, "refresh", "--base-url", slow_site.base_url, "--json")
    deadline = time.time() + 20
    while not (data / "run.lock").exists() and time.time() < deadline:
        time.sleep(0.05)
    time.sleep(0.5)
    proc, _ = refresh(data, slow_site.base_url)
    assert proc.returncode == 2 and "another crawl or refresh is running" in proc.stderr
    waiting = spawn(data, "refresh", "--base-url", slow_site.base_url, "--json", "--wait")
    assert first.wait(120) == 0
    assert waiting.wait(120) == 0
    second = json.loads(waiting.stdout.read().strip().splitlines()[-1])
    assert second["crawl"]["articles"] == {}  # it ran after the first, and found it all done


@pytest.mark.parametrize(
    "after_s",
    [0.6, pytest.param(1.2, marks=pytest.mark.slow), pytest.param(2.0, marks=pytest.mark.slow)],
)
def test_kill_during_crawl_loses_nothing_committed(slow_site, tmp_path, sample_pages, after_s):
    data = tmp_path / "d"
    slow_site.delay = 0.03
    victim = spawn(data, "refresh", "--base-url", slow_site.base_url, "--max-pages", "5")
    time.sleep(after_s)
    victim.send_signal(signal.SIGKILL)
    victim.wait()
    if (data / "store.sqlite3").exists():
        store_counts(data)  # integrity holds after the kill
    slow_site.delay = 0
    proc, summary = refresh(data, slow_site.base_url, "--max-pages", "5")
    assert proc.returncode == 0, proc.stderr
    total, unindexed = store_counts(data)
    assert total == len(sample_pages) and unindexed == 0
    assert indexed_count(data) == total


def _grow_store(data: Path, copies: int) -> int:
    """Copies of the stored articles under new URLs, so an index build takes a while."""
    from crawler.items import Article
    from crawler.store import Store

    store = Store(data / "store.sqlite3")
    recs = list(store.articles())
    fields = Article.__dataclass_fields__
    for i in range(copies):
        for rec in recs:
            art = Article(**{k: v for k, v in rec.items() if k in fields})
            art.url = rec["url"].rstrip("/") + f"-copy{i}/"
            art.pair_url = None
            store.upsert_article(art)
    store.close()
    return len(recs) * (copies + 1)


def _lock_free_within(path: Path, seconds: float) -> bool:
    import fcntl

    deadline = time.monotonic() + seconds
    with open(path, "a") as fh:
        while True:
            try:
                fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
                fcntl.flock(fh, fcntl.LOCK_UN)
                return True
            except BlockingIOError:
                if time.monotonic() > deadline:
                    return False
                time.sleep(0.1)


@pytest.mark.parametrize(
    "after_s",
    [pytest.param(0.3, marks=pytest.mark.slow), 0.9, pytest.param(1.8, marks=pytest.mark.slow)],
)
def test_kill_during_index_build_leaves_a_working_index(crawled_copy, after_s, sample_pages):
    total = _grow_store(crawled_copy, 15)
    victim = spawn(crawled_copy, "index", "rebuild")
    time.sleep(after_s)
    victim.send_signal(signal.SIGKILL)
    victim.wait()
    # the build's writer processes die with it: nothing goes on holding the index lock
    assert _lock_free_within(crawled_copy / "index.lock", 5.0)
    # whatever moment it died, searches see a complete index: the old one or the new one
    hits = jsonl(nkwatch(crawled_copy, "search", "rice", "--json").stdout)
    assert hits
    assert indexed_count(crawled_copy) in (len(sample_pages), total)
    nkwatch(crawled_copy, "index", "update")
    assert indexed_count(crawled_copy) == total
    assert store_counts(crawled_copy) == (total, 0)
    assert len(list((crawled_copy / "indexes").iterdir())) <= 2
    assert not list(crawled_copy.glob(".index-*.tmp"))


def test_searches_never_fail_while_the_index_is_updated(crawled_copy):
    from search.query import search

    failures, done = [], threading.Event()

    def reader():
        while not done.is_set():
            try:
                search(crawled_copy, "rice prices", limit=5)
            except Exception as exc:  # any failure is what this test is about
                failures.append(repr(exc))

    threads = [threading.Thread(target=reader) for _ in range(2)]
    for t in threads:
        t.start()
    try:
        for i in range(4):
            _grow_store(crawled_copy, 1) if i == 0 else None
            nkwatch(crawled_copy, "index", "rebuild" if i % 2 else "update")
    finally:
        done.set()
        for t in threads:
            t.join()
    assert failures == []
