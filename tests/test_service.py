"""`nkwatch serve` through the real entry point: a search answered by the service prints
exactly what an in-process search prints, swaps are picked up, and it listens only where it
is safe to."""

from __future__ import annotations

import http.client
import json
import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from crawler.datadir import index_generations, index_path, service_socket_path
from crawler.items import Article
from crawler.store import Store
from tests.conftest import ROOT, Served, UnixHTTPConnection, jsonl, nkwatch


@pytest.fixture(scope="module")
def served(crawled, tmp_path_factory):
    """A service on the default socket of a private copy of the crawled data directory."""
    data = tmp_path_factory.mktemp("served") / "data"
    shutil.copytree(crawled, data, symlinks=True)
    service = Served(data)
    yield service
    service.stop()


CASES = [
    ("donju", "--json"),
    ("iron ore", "--format", "csv"),
    ("평진",),  # the table, Korean first
    ("prices", "--commodity", "rice", "--sort", "date", "--limit", "3", "--json"),
    ("Hyesan", "--lang", "ko", "--since", "2024-01-01", "--json"),
    ("", "--entity", "pyongjin_trade_guidance_bureau", "--format", "table"),
    ("nothing-matches-this-zzz",),
    # refused queries: the same one line and exit status
    ("*ore",),
    ('"unclosed',),
    ("rice", "--entity", "nowhere-at-all"),
    ("",),
]


@pytest.mark.parametrize("args", CASES, ids=lambda a: " ".join(a) or "empty")
def test_the_service_prints_what_the_in_process_search_prints(served, args):
    before = served.health()["searches"]
    via = nkwatch(served.data, "search", *args, "--service", check=False)
    local = nkwatch(served.data, "search", *args, "--no-service", check=False)
    auto = nkwatch(served.data, "search", *args, check=False)
    assert (via.returncode, via.stdout, via.stderr) == (
        local.returncode,
        local.stdout,
        local.stderr,
    )
    assert (auto.returncode, auto.stdout, auto.stderr) == (via.returncode, via.stdout, via.stderr)
    assert served.health()["searches"] > before, "the search did not go through the service"
    if "--json" in args and via.returncode == 0 and "zzz" not in args[0]:
        assert jsonl(via.stdout)


def test_the_socket_is_private_and_the_json_is_the_clis(served):
    sock = service_socket_path(served.data)
    assert sock.stat().st_mode & 0o777 == 0o600
    status, body = served.request("GET", "/search?q=donju&limit=3")
    assert status == 200
    cli = nkwatch(served.data, "search", "donju", "--limit", "3", "--json", "--no-service")
    assert body.decode("utf-8") == cli.stdout
    status, body = served.request("GET", "/search?q=*ore")
    refused = nkwatch(served.data, "search", "*ore", "--no-service", check=False)
    assert status == 400
    assert refused.stderr.strip() == "nkwatch: error: " + json.loads(body)["error"]
    assert served.request("GET", "/search?q=rice&limit=5000")[0] == 400
    assert served.request("GET", "/search?q=rice&colour=red")[0] == 400
    assert served.request("GET", "/search?q=" + "a" * 40_000)[0] == 414
    assert served.request("GET", "/elsewhere")[0] == 404
    assert served.request("POST", "/search?q=rice")[0] == 405


def _until(check, seconds: float = 60.0):
    """Wait for the service to settle (connections closing are noticed asynchronously)."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            return check()
        except (http.client.HTTPException, OSError):
            if time.monotonic() > deadline:
                raise
            time.sleep(0.05)


def test_idle_connections_cannot_pile_up(served):
    from search.service.server import MAX_CONNECTIONS

    path = str(service_socket_path(served.data))
    held: list = []
    try:
        for _ in range(MAX_CONNECTIONS - 1):
            sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            sock.connect(path)
            held.append(sock)

        def keep_alive_health() -> int:
            conn = UnixHTTPConnection(path)
            try:
                conn.request("GET", "/health")
                status = conn.getresponse()
                status.read()
            except BaseException:
                conn.close()
                raise
            held.append(conn)  # kept open: it holds the last connection slot
            return status.status

        assert _until(keep_alive_health) == 200  # with one slot left, it still answers
        with pytest.raises((http.client.HTTPException, ConnectionError)):
            served.health()  # none left: closed unanswered
    finally:
        for conn in held:
            conn.close()
    assert _until(served.health)["status"] == "ok"


def test_a_search_through_the_service_does_not_load_whoosh(served):
    code = (
        "import sys\n"
        f"sys.argv = ['nkwatch', '--data-dir', {str(served.data)!r}, 'search', 'rice', '--json']\n"
        "from search.cli import main\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print('HEAVY', [m for m in ('whoosh', 'mecab_ko', 'scrapy') if m in sys.modules])"
    )
    env = {k: v for k, v in os.environ.items() if k != "NKWATCH_DATA_DIR"}
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, env=env
    ).stdout
    assert out.strip().endswith("HEAVY []"), out[-500:]


def _add_article(data: Path, title: str) -> None:
    store = Store(data / "store.sqlite3")
    store.upsert_article(
        Article(
            url="https://www.dailynk.com/english/zinc-smugglers-of-manpo/",
            lang="en",
            title=title,
            body=["Zinc smugglers in Manpo are paying border guards in yuan, sources said."],
            published="2025-06-01T00:00:00Z",
        )
    )
    store.close()


def test_the_service_picks_up_each_new_index_generation(served):
    first = served.health()["generation"]
    _add_article(served.data, "Zinc smugglers of Manpo")
    nkwatch(served.data, "index", "update")
    # the update told the service: it reopened before any search asked it to
    second = served.health()["generation"]
    assert second != first
    hits = jsonl(nkwatch(served.data, "search", "zinc smugglers", "--json", "--service").stdout)
    assert hits[0]["en"]["title"] == "Zinc smugglers of Manpo"
    nkwatch(served.data, "index", "rebuild")
    third = served.health()["generation"]
    assert third not in (first, second)
    # a swap nobody announces (another tool renaming the link) is seen at the next search
    live = index_path(served.data).resolve()
    copy = index_generations(served.data) / f"{live.name}-copy"
    shutil.copytree(live, copy)
    tmp = served.data / ".index-test.tmp"
    os.symlink(os.path.relpath(copy, served.data), tmp)
    os.replace(tmp, index_path(served.data))
    assert served.health()["generation"] == third
    via = nkwatch(served.data, "search", "zinc smugglers", "--json", "--service").stdout
    assert served.health()["generation"] == copy.name
    assert via == nkwatch(served.data, "search", "zinc smugglers", "--json", "--no-service").stdout


def test_a_killed_service_leaves_searches_working_and_is_replaced(crawled_copy):
    service = Served(crawled_copy)
    service.proc.kill()  # kill -9: the socket file stays behind
    service.proc.wait()
    sock = service_socket_path(crawled_copy)
    assert sock.exists()
    local = nkwatch(crawled_copy, "search", "donju", "--json", "--no-service").stdout
    assert nkwatch(crawled_copy, "search", "donju", "--json").stdout == local
    forced = nkwatch(crawled_copy, "search", "donju", "--service", check=False)
    assert forced.returncode == 2 and forced.stderr.startswith("nkwatch: error: ")
    assert "nkwatch serve" in forced.stderr and "Traceback" not in forced.stderr
    again = Served(crawled_copy)
    try:
        assert nkwatch(crawled_copy, "search", "donju", "--json", "--service").stdout == local
        second = nkwatch(crawled_copy, "serve", check=False)
        assert second.returncode == 2 and "already answers" in second.stderr
    finally:
        assert again.stop() == 0
    assert not sock.exists(), "a stopped service removes its socket"


def test_a_public_address_needs_a_token(tmp_path):
    proc = nkwatch(tmp_path / "d", "serve", "--host", "0.0.0.0", "--port", "0", check=False)
    assert proc.returncode == 2
    assert proc.stderr.startswith("nkwatch: error: ") and "--token-file" in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1
    loose = tmp_path / "token"
    loose.write_text("a-long-enough-secret-token\n")
    loose.chmod(0o644)
    proc = nkwatch(tmp_path / "d", "serve", "--port", "0", "--token-file", str(loose), check=False)
    assert proc.returncode == 2 and "chmod 600" in proc.stderr


def test_with_a_token_every_request_must_carry_it(crawled_copy, tmp_path):
    token = tmp_path / "token"
    token.write_text("s3cret-s3cret-s3cret-s3cret\n")
    token.chmod(0o600)
    service = Served(crawled_copy, "--port", "0", "--token-file", str(token))
    try:
        assert service.where.startswith("http://127.0.0.1:")
        good = {"Authorization": "Bearer s3cret-s3cret-s3cret-s3cret"}
        for target in ("/health", "/search?q=donju"):
            assert service.request("GET", target)[0] == 401
            assert service.request("GET", target, {"Authorization": "Bearer wrong"})[0] == 401
        assert service.request("POST", "/reload", {"Authorization": "Basic x"})[0] == 401
        status, body = service.request("GET", "/search?q=donju&lang=ko", good)
        assert status == 200
        cli = nkwatch(crawled_copy, "search", "donju", "--lang", "ko", "--json", "--no-service")
        assert body.decode("utf-8") == cli.stdout
    finally:
        assert service.stop() == 0


@pytest.mark.parametrize("spoken", ["0", "1"])
def test_a_service_of_another_version_is_not_used(crawled_copy, spoken):
    """An older or newer nkwatch serve still running after an upgrade: its protocol header
    differs (or its answer is not a result this version reads), so the search runs here."""
    import socketserver
    import threading
    from http.server import BaseHTTPRequestHandler

    class Stranger(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            body = b'{"hits": "not what this version sends"}'
            self.send_response(200)
            self.send_header("X-Nkwatch-Protocol", spoken)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args) -> None:
            pass

    server = socketserver.UnixStreamServer(str(service_socket_path(crawled_copy)), Stranger)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        local = nkwatch(crawled_copy, "search", "donju", "--json", "--no-service").stdout
        assert nkwatch(crawled_copy, "search", "donju", "--json").stdout == local
        forced = nkwatch(crawled_copy, "search", "donju", "--service", check=False)
        assert forced.returncode == 2 and "nkwatch: error: the search service" in forced.stderr
    finally:
        server.shutdown()
        server.server_close()
