"""Shared fixtures: the sample site served on 127.0.0.1, and one crawl of it into a data
directory that read-only tests share (tests that change data copy it first)."""

from __future__ import annotations

import http.client
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
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


READY_WAIT_S = 120  # a generous wait for start-up, not a speed requirement


class Served:
    """`python -m search --data-dir D serve ARGS` in the background, stopped in teardown."""

    def __init__(self, data: Path, *args: str) -> None:
        self.data = data
        self.log = data.parent / f"serve-{os.getpid()}-{time.monotonic_ns()}.log"
        env = {k: v for k, v in os.environ.items() if k not in ("NKWATCH_DATA_DIR",)}
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "search", "--data-dir", str(data), "serve", *args],
            stdout=subprocess.DEVNULL,
            stderr=self.log.open("w"),
            cwd=ROOT,
            env=env,
        )
        self.where = self._wait_until_serving()

    def _wait_until_serving(self) -> str:
        deadline = time.monotonic() + READY_WAIT_S
        while time.monotonic() < deadline:
            found = re.search(r"serving .* on (\S+)", self.log.read_text())
            if found:
                return found.group(1)
            if self.proc.poll() is not None:
                raise AssertionError(f"serve exited {self.proc.returncode}: {self.log.read_text()}")
            time.sleep(0.1)
        raise AssertionError(f"serve did not start: {self.log.read_text()}")

    def request(
        self, method: str, target: str, headers: dict[str, str] | None = None
    ) -> tuple[int, bytes]:
        if self.where.startswith("unix:"):
            conn: http.client.HTTPConnection = UnixHTTPConnection(self.where[5:])
        else:
            host, port = self.where.removeprefix("http://").rsplit(":", 1)
            conn = http.client.HTTPConnection(host, int(port), timeout=60)
        try:
            conn.request(method, target, headers=headers or {})
            resp = conn.getresponse()
            return resp.status, resp.read()
        finally:
            conn.close()

    def health(self) -> dict:
        status, body = self.request("GET", "/health")
        assert status == 200, body
        return json.loads(body)

    def stop(self) -> int:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        return self.proc.returncode


class UnixHTTPConnection(http.client.HTTPConnection):
    def __init__(self, path: str) -> None:
        super().__init__("localhost", timeout=60)
        self._path = path

    def connect(self) -> None:
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.connect(self._path)  # blocking: waits for room in the listen backlog
        self.sock.settimeout(60)


def real_page(name: str) -> str:
    path = REAL_PAGES / name
    if not path.exists():
        pytest.skip("../shared/real-pages is not here (as on a user's machine)")
    return path.read_text(encoding="utf-8")
