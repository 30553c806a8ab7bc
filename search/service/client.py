"""`nkwatch search`'s side of the service: ask the one running for this data directory, if
any. Imports nothing heavy (no Whoosh): the point is a search without loading it.

A missing, stale or foreign socket, or a service that cannot search (no index, damaged,
busy past the timeout, a token required), means None: the CLI then searches in-process and
prints exactly what it would have printed anyway. Only a query the service refuses is an
error here, with the message the in-process search gives.
"""

from __future__ import annotations

import http.client
import json
import os
import socket
import stat
from pathlib import Path

from crawler import datadir
from crawler.errors import NkwatchError
from search.errors import QueryError
from search.results import Filters, SearchResult
from search.service import protocol

CONNECT_TIMEOUT_S = 0.5
ANSWER_TIMEOUT_S = 15.0  # a search stops itself after 5 s; longer means a service in trouble
RELOAD_TIMEOUT_S = 5.0


class _UnixConnection(http.client.HTTPConnection):
    """http.client over a Unix socket."""

    def __init__(self, path: Path, timeout: float) -> None:
        super().__init__("localhost", timeout=timeout)
        self._path = path

    def connect(self) -> None:
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            sock.settimeout(CONNECT_TIMEOUT_S)
            sock.connect(str(self._path))
            sock.settimeout(self.timeout)
        except BaseException:
            sock.close()
            raise
        self.sock = sock


def _ours(path: Path) -> bool:
    """A socket owned by this user: a socket someone else put there could answer anything."""
    try:
        st = path.lstat()
    except OSError:
        return False
    return stat.S_ISSOCK(st.st_mode) and st.st_uid == os.getuid()


class OtherProtocol(http.client.HTTPException):
    """The service speaks another protocol version (another nkwatch): not to be used."""


def _request(path: Path, method: str, target: str, timeout: float) -> tuple[int, bytes]:
    conn = _UnixConnection(path, timeout)
    try:
        conn.request(method, target, headers={"Content-Length": "0"} if method == "POST" else {})
        resp = conn.getresponse()
        body = resp.read()
        spoken = resp.getheader(protocol.PROTOCOL_HEADER)
        if spoken != protocol.PROTOCOL:
            raise OtherProtocol(f"protocol {spoken}, not {protocol.PROTOCOL}: restart it")
        return resp.status, body
    finally:
        conn.close()


def answers(path: Path) -> bool:
    """Whether a service answers on `path` right now."""
    try:
        return _request(path, "GET", protocol.HEALTH, CONNECT_TIMEOUT_S)[0] in (200, 401, 503)
    except (OSError, http.client.HTTPException):
        return False


class _Unusable(Exception):
    """Why the service cannot answer this search (the CLI then searches in-process)."""


def _ask(path: Path, target: str) -> SearchResult:
    if not _ours(path):
        raise _Unusable(f"no search service answers on {path}")
    try:
        status, body = _request(path, "GET", target, ANSWER_TIMEOUT_S)
    except (OSError, http.client.HTTPException) as exc:
        raise _Unusable(f"the search service on {path} did not answer ({exc})") from exc
    if status == 400:
        raise QueryError(_message(body))
    if status != 200:
        raise _Unusable(f"the search service on {path} answered {status}: {_message(body)}")
    try:
        return protocol.result_from_wire(json.loads(body))
    except (ValueError, KeyError, TypeError) as exc:
        raise _Unusable(f"the search service on {path} answered in an unknown form") from exc


def search(
    base: Path, query: str, filters: Filters, limit: int, sort: str, *, required: bool = False
) -> SearchResult | None:
    """The result from the service for `base`, or None when there is none to ask (with
    `required`, that is an error naming the fix instead)."""
    path = datadir.service_socket_path(base)
    try:
        return _ask(path, protocol.search_target(query, filters, limit, sort, fmt="result"))
    except _Unusable as exc:
        if required:
            hint = "start `nkwatch serve`, or search without --service"
            raise NkwatchError(f"{exc}: {hint}") from None
        return None


def _message(body: bytes) -> str:
    try:
        return str(json.loads(body)["error"])
    except (ValueError, KeyError, TypeError):
        return body[:200].decode("utf-8", "replace")


def notify_reload(base: Path) -> bool:
    """Tell the service for `base`, if one runs, to reopen the index now (an index writer
    just swapped one in). Best effort: no service, or one that fails, is not an error."""
    path = datadir.service_socket_path(base)
    if not _ours(path):
        return False
    try:
        return _request(path, "POST", protocol.RELOAD, RELOAD_TIMEOUT_S)[0] == 200
    except (OSError, http.client.HTTPException):
        return False
