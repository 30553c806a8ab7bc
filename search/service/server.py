"""The search service: search/query.py's `search()` answered over HTTP/1.1 with the index
kept open (search/readers.py) and everything a search loads (Whoosh, mecab, the gazetteer
and the glossary) loaded once.

The standard library's http.server is enough: requests are small, answers are one JSON
document, and a thread per connection (ThreadingMixIn) lets /health and /reload answer
while a long search runs. No web framework becomes a dependency of an analyst's tool.
"""

from __future__ import annotations

import contextlib
import hmac
import json
import logging
import os
import signal
import socket
import socketserver
import stat
import threading
import time
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from crawler.errors import NkwatchError
from crawler.store import StoreError
from search import readers
from search.errors import QueryError
from search.results import json_line
from search.service import protocol

log = logging.getLogger("nkwatch.serve")

# Searches at once; more wait (on 2 cores more would only share them). Threads are safe
# here: each borrows its own Whoosh searcher, and mecab-ko's binding holds the GIL while it
# parses, so the Korean analyser's one tagger is never entered twice at a time.
MAX_SEARCHES = 4
IDLE_TIMEOUT_S = 30.0  # a connection that sends nothing for this long is closed
MAX_CONNECTIONS = 64  # open at once (a thread each); more are closed unanswered
WARM_UP_QUERY = "prices 가격"  # loads both languages' analysis, the gazetteer and the glossary
MAX_UNIX_PATH = 107  # sockaddr_un's sun_path, less its terminating NUL


class Service:
    """What the requests do, apart from HTTP."""

    def __init__(self, base: Path, token: str | None) -> None:
        from search import query  # Whoosh and the analysers, loaded once

        self.base = base
        self.token = token
        self.warm = readers.keep_warm(base)
        self.started = time.monotonic()
        self._query = query
        self._slots = threading.BoundedSemaphore(MAX_SEARCHES)
        self.searches = 0  # search requests, refused ones included (for /health)
        self._count = threading.Lock()

    def warm_up(self) -> None:
        """One search, so the first analyst's is as fast as the next, then the longest
        posting lists decoded ahead (search/posting_arrays.warm). Errors are for later
        requests to report: there may be no index yet."""
        from search import posting_arrays

        try:
            self._query.search(self.base, WARM_UP_QUERY, limit=1)
            clock = time.monotonic()
            with self.warm.current().searcher() as searcher:
                loaded = posting_arrays.warm(searcher)
            log.info(
                "warm-up: %d posting lists decoded ahead in %.1f s (%.0f MB)",
                loaded,
                time.monotonic() - clock,
                posting_arrays.CACHE.used / 2**20,
            )
        except (NkwatchError, StoreError, OSError) as exc:
            log.info("warm-up search skipped: %s", exc)

    def search(self, query_string: str) -> tuple[int, str, bytes]:
        with self._count:
            self.searches += 1
        query, filters, limit, sort, fmt = protocol.parse_search(query_string)
        with self._slots:
            result = self._query.search(self.base, query, filters, limit=limit, sort=sort)
        if fmt == "result":
            return 200, protocol.JSON, _json(protocol.result_to_wire(result))
        body = "".join(json_line(hit.to_json()) + "\n" for hit in result.hits)
        return 200, protocol.JSONL, body.encode("utf-8")

    def reload(self) -> dict[str, Any]:
        self.warm.reload(force=True)
        threading.Thread(target=self.warm_up, name="warm-up", daemon=True).start()
        return self.health()

    def health(self) -> dict[str, Any]:
        generation = self.warm.generation or self.warm.current()
        return {
            "status": "ok",
            "generation": Path(generation.name).name,
            "documents": generation.doc_count(),
            "uptime_s": round(time.monotonic() - self.started, 1),
            "reloads": self.warm.reopened,
            "searches": self.searches,
        }


def _json(obj: Any) -> bytes:
    return json.dumps(obj, ensure_ascii=False).encode("utf-8")


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "nkwatch"
    timeout = IDLE_TIMEOUT_S
    service: Service  # set on the subclass made for each server

    def do_GET(self) -> None:
        self._route("GET")

    def do_POST(self) -> None:
        self._route("POST")

    def _route(self, method: str) -> None:
        started = time.monotonic()
        status = self._answer(method)
        log.info(
            "%s %s %d %.0f ms",
            method,
            urlsplit(self.path).path,
            status,
            (time.monotonic() - started) * 1000,
        )

    def _answer(self, method: str) -> int:
        if len(self.path.encode("utf-8", "replace")) > protocol.MAX_TARGET_BYTES:
            return self._error(414, f"request target over {protocol.MAX_TARGET_BYTES} bytes")
        if not self._authorised():
            return self._error(401, "missing or wrong token: send Authorization: Bearer TOKEN")
        if not self._drain_body():
            return self._error(413, f"request body over {protocol.MAX_BODY_BYTES} bytes")
        url = urlsplit(self.path)
        routes = {
            ("GET", protocol.SEARCH): lambda: self.service.search(url.query),
            ("POST", protocol.RELOAD): lambda: (200, protocol.JSON, _json(self.service.reload())),
            ("GET", protocol.HEALTH): lambda: (200, protocol.JSON, _json(self.service.health())),
        }
        route = routes.get((method, url.path))
        if route is None:
            if any(path == url.path for _, path in routes):
                return self._error(405, f"{method} is not allowed on {url.path}")
            return self._error(404, f"no such path {url.path!r}: use /search, /reload, /health")
        try:
            status, ctype, body = route()
        except QueryError as exc:
            return self._error(400, str(exc))
        except (NkwatchError, StoreError, OSError) as exc:
            return self._error(503, str(exc))
        except Exception as exc:  # a bug: answered, logged, and the service goes on
            log.exception("internal error")
            return self._error(500, f"internal error: {type(exc).__name__}: {exc}")
        self._send(status, ctype, body)
        return status

    def _authorised(self) -> bool:
        token = self.service.token
        if token is None:
            return True
        given = self.headers.get("Authorization", "")
        scheme, _, value = given.partition(" ")
        return scheme.lower() == "bearer" and hmac.compare_digest(
            value.strip().encode(), token.encode()
        )

    def _drain_body(self) -> bool:
        """Read a (small) body so the connection stays usable; refuse a large one."""
        if self.headers.get("Transfer-Encoding"):
            self.close_connection = True
            return False
        try:
            length = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            length = protocol.MAX_BODY_BYTES + 1
        if not 0 <= length <= protocol.MAX_BODY_BYTES:
            self.close_connection = True
            return False
        if length:
            self.rfile.read(length)
        return True

    def _error(self, status: int, message: str) -> int:
        extra = {"WWW-Authenticate": "Bearer"} if status == 401 else {}
        self._send(status, protocol.JSON, _json({"error": message}), extra)
        return status

    def _send(
        self, status: int, ctype: str, body: bytes, extra: dict[str, str] | None = None
    ) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.send_header(protocol.PROTOCOL_HEADER, protocol.PROTOCOL)
        for name, value in (extra or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002  (http.server's name)
        log.debug(format, *args)

    def address_string(self) -> str:
        return str(self.client_address[0]) if self.client_address else "unix"


class _Threads(socketserver.ThreadingMixIn):
    """A thread per connection, at most MAX_CONNECTIONS of them: idle connections cannot
    pile up threads without bound (over TCP, before any token is checked)."""

    daemon_threads = True
    block_on_close = False
    request_queue_size = MAX_CONNECTIONS  # listen backlog: a burst of searches waits, not fails

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self._open = threading.BoundedSemaphore(MAX_CONNECTIONS)
        super().__init__(*args, **kwargs)

    def process_request(self, request: Any, client_address: Any) -> None:
        if not self._open.acquire(blocking=False):
            log.warning("%d connections open: closing a new one", MAX_CONNECTIONS)
            self.shutdown_request(request)
            return
        super().process_request(request, client_address)

    def process_request_thread(self, request: Any, client_address: Any) -> None:
        try:
            super().process_request_thread(request, client_address)
        finally:
            self._open.release()

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A client that went away mid-answer is no news (the default prints a traceback)."""
        log.debug("connection ended with an error", exc_info=True)


class UnixServer(_Threads, socketserver.UnixStreamServer):
    pass


class TcpServer(_Threads, HTTPServer):
    pass


class TcpServer6(TcpServer):
    address_family = socket.AF_INET6


def bind_unix(path: Path, handler: type[Handler]) -> UnixServer:
    """Listen on `path`, created 0600 (never wider, not even for a moment); a socket left by
    a killed service is replaced, a live one or any other file is refused."""
    if len(os.fsencode(path)) > MAX_UNIX_PATH:
        raise NkwatchError(
            f"socket path too long ({len(os.fsencode(path))} bytes; at most {MAX_UNIX_PATH}): "
            "give a shorter --socket"
        )
    if path.is_symlink() or path.exists():
        if not stat.S_ISSOCK(path.lstat().st_mode):
            raise NkwatchError(f"{path} exists and is not a socket: remove it or give --socket")
        from search.service import client

        if client.answers(path):
            raise NkwatchError(f"a search service already answers on {path}: stop it first")
        path.unlink()
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    old = os.umask(0o177)
    try:
        server = UnixServer(str(path), handler)
    finally:
        os.umask(old)
    path.chmod(0o600)
    return server


def bind_tcp(host: str, port: int, handler: type[Handler]) -> TcpServer:
    cls = TcpServer6 if ":" in host else TcpServer
    return cls((host, port), handler)


class _Stopped(Exception):
    """SIGTERM (systemctl stop), raised like Ctrl-C's KeyboardInterrupt in the main thread, so
    the clean-up runs whatever it was doing: warming up, or serving."""


def _on_sigterm(signum: int, frame: Any) -> None:
    raise _Stopped


def serve(
    base: Path,
    *,
    socket_path: Path | None = None,
    host: str = "127.0.0.1",
    port: int | None = None,
    token: str | None = None,
    announce: Any = print,
) -> None:
    """Run until SIGTERM or Ctrl-C; the socket file is removed on the way out."""
    signal.signal(signal.SIGTERM, _on_sigterm)
    with contextlib.suppress(KeyboardInterrupt, _Stopped):
        _serve(base, socket_path, host, port, token, announce)


def _serve(
    base: Path,
    socket_path: Path | None,
    host: str,
    port: int | None,
    token: str | None,
    announce: Any,
) -> None:
    service = Service(base, token)
    handler = type("BoundHandler", (Handler,), {"service": service})
    if port is None:
        assert socket_path is not None
        server: socketserver.BaseServer = bind_unix(socket_path, handler)
        where = f"unix:{socket_path}"
        inode = socket_path.stat().st_ino
    else:
        server = bind_tcp(host, port, handler)
        where = f"http://{host if ':' not in host else f'[{host}]'}:{server.server_address[1]}"
    try:
        service.warm_up()
        announce(f"nkwatch: serving {base} on {where}")
        server.serve_forever(poll_interval=0.5)
    finally:
        server.server_close()
        if port is None and socket_path is not None:
            try:  # only our socket: a newer service may have taken the name since
                if socket_path.stat().st_ino == inode:
                    socket_path.unlink()
            except FileNotFoundError:
                pass
