"""Scale-out on real engines: two crawler processes sharing a Redis frontier fetch every
article once between them, and `nkwatch ingest` stores and indexes what they queued; the
project deploys to a real Scrapyd and runs there."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request

import pytest

from tests.conftest import ROOT, jsonl, nkwatch


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_port(port: int, timeout: float = 30) -> None:
    deadline = time.time() + timeout
    while time.time() < deadline:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise AssertionError(f"nothing listens on 127.0.0.1:{port}")


@pytest.fixture
def redis_url(tmp_path):
    binary = shutil.which("redis-server")
    if binary is None:
        pytest.skip("redis-server is not installed (apt-get install redis-server)")
    port = free_port()
    proc = subprocess.Popen(
        [
            binary,
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            str(tmp_path),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_port(port)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        proc.terminate()
        proc.wait(10)


def test_two_crawlers_share_the_work_and_ingest_stores_it(redis_url, site, sample_pages, tmp_path):
    site.hits.clear()
    site.delay = 0.2  # slow enough for both crawlers to take part
    env = {**os.environ, "NO_COLOR": "1"}
    try:
        crawlers = [
            subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "search",
                    "--data-dir",
                    str(tmp_path / f"crawler{i}"),
                    "crawl",
                    "--base-url",
                    site.base_url,
                    "--redis",
                    redis_url,
                    "--json",
                ],
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
                env=env,
                cwd=ROOT,
            )
            for i in range(2)
        ]
        outputs = [c.communicate(timeout=180) for c in crawlers]
    finally:
        site.delay = 0
    assert [c.returncode for c in crawlers] == [0, 0], outputs
    queued = [
        json.loads(out.strip().splitlines()[-1])["articles"].get("queued", {})
        for out, _err in outputs
    ]
    per_crawler = [sum(q.values()) for q in queued]
    assert all(n > 0 for n in per_crawler), f"one crawler did all the work: {per_crawler}"
    assert sum(per_crawler) == len(sample_pages)
    for page in sample_pages:
        assert site.hits.get(page.path) == 1, f"{page.path} fetched {site.hits.get(page.path)}x"
    indexer_dir = tmp_path / "indexer"
    out = nkwatch(indexer_dir, "ingest", "--redis", redis_url).stdout
    assert f"indexed {len(sample_pages)} documents" in out
    rows = jsonl(nkwatch(indexer_dir, "export", "--jsonl").stdout)
    assert len(rows) == len(sample_pages)
    assert sum(1 for r in rows if r["pair_url"]) >= 40  # pairs survive the queue
    assert jsonl(nkwatch(indexer_dir, "search", "iron ore", "--json").stdout)


def _scrapyd_api(port: int, endpoint: str, data: dict | None = None) -> dict:
    url = f"http://127.0.0.1:{port}/{endpoint}"
    if data is None:
        with urllib.request.urlopen(url, timeout=30) as resp:
            return json.loads(resp.read())
    body = urllib.parse.urlencode(data, doseq=True).encode()
    with urllib.request.urlopen(url, body, timeout=60) as resp:
        return json.loads(resp.read())


def test_deploys_to_scrapyd_and_crawls_there(site, sample_pages, tmp_path):
    if shutil.which("scrapyd", path=os.path.dirname(sys.executable)) is None:
        pytest.skip("scrapyd is not installed (pip install '.[scrapyd]')")
    port = free_port()
    home = tmp_path / "scrapyd"
    home.mkdir()
    (home / "scrapyd.conf").write_text(
        "[scrapyd]\n"
        f"bind_address = 127.0.0.1\nhttp_port = {port}\n"
        f"eggs_dir = {home}/eggs\nlogs_dir = {home}/logs\ndbs_dir = {home}/dbs\n"
        "items_dir =\njobs_to_keep = 5\nmax_proc = 2\npoll_interval = 0.5\n"
    )
    bindir = os.path.dirname(sys.executable)
    daemon = subprocess.Popen(
        [os.path.join(bindir, "scrapyd")],
        cwd=home,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_port(port)
        egg = tmp_path / "nkwatch.egg"
        subprocess.run(
            [os.path.join(bindir, "scrapyd-deploy"), "--build-egg", str(egg)],
            cwd=ROOT,
            check=True,
            capture_output=True,
        )
        with open(egg, "rb") as fh:
            boundary = "nkwatchboundary"
            body = (
                f'--{boundary}\r\nContent-Disposition: form-data; name="project"\r\n\r\n'
                f"nkwatch\r\n--{boundary}\r\nContent-Disposition: form-data; "
                f'name="version"\r\n\r\n1\r\n--{boundary}\r\nContent-Disposition: '
                f'form-data; name="egg"; filename="nkwatch.egg"\r\n'
                f"Content-Type: application/octet-stream\r\n\r\n"
            ).encode()
            body += fh.read() + f"\r\n--{boundary}--\r\n".encode()
        req = urllib.request.Request(
            f"http://127.0.0.1:{port}/addversion.json",
            body,
            {"Content-Type": f"multipart/form-data; boundary={boundary}"},
        )
        with urllib.request.urlopen(req, timeout=120) as resp:
            added = json.loads(resp.read())
        assert added["status"] == "ok" and added["spiders"] == 1, added
        data = tmp_path / "data"
        job = _scrapyd_api(
            port,
            "schedule.json",
            {
                "project": "nkwatch",
                "spider": "dailynk",
                "base_url": site.base_url,
                "setting": [
                    f"NKWATCH_DATA_DIR={data}",
                    "DOWNLOAD_DELAY=0",
                    "AUTOTHROTTLE_ENABLED=False",
                ],
            },
        )
        assert job["status"] == "ok", job
        deadline = time.time() + 180
        while time.time() < deadline:
            jobs = _scrapyd_api(port, "listjobs.json?project=nkwatch")
            if any(j["id"] == job["jobid"] for j in jobs.get("finished", [])):
                break
            time.sleep(1)
        else:
            raise AssertionError("the Scrapyd job did not finish")
    finally:
        daemon.terminate()
        daemon.wait(20)
    rows = jsonl(nkwatch(data, "export", "--jsonl").stdout)
    assert len(rows) == len(sample_pages)
    nkwatch(data, "index", "update")
    assert jsonl(nkwatch(data, "search", "평진", "--json").stdout)
