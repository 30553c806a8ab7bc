"""serve: the search service (search/service/), with its safety rules for where it listens."""

from __future__ import annotations

import errno
import ipaddress
import logging
import stat
from pathlib import Path

import click

from search.cli import Context, cli
from search.cli.errors import UserError


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False  # a name: it may resolve to anything


def read_token(path: Path) -> str:
    """The shared secret, from a file only its owner can read (never from the command line,
    where `ps` shows it to every user)."""
    try:
        st = path.stat()
        token = path.read_text(encoding="utf-8").strip()
    except (OSError, UnicodeDecodeError) as exc:
        raise UserError(f"cannot read --token-file {path}: {exc}") from exc
    if st.st_mode & (stat.S_IRWXG | stat.S_IRWXO):
        raise UserError(f"--token-file {path} is readable by others: chmod 600 {path}")
    if len(token) < 16 or any(ch.isspace() for ch in token):
        raise UserError(
            f"the token in {path} is too short or has spaces: use 16 or more characters, "
            "e.g. `python3 -c 'import secrets; print(secrets.token_urlsafe(32))'`"
        )
    return token


@cli.command()
@click.option(
    "--socket",
    "socket_path",
    metavar="PATH",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Unix socket to listen on (default: DATA_DIR/search.sock, where `nkwatch search` "
    "looks for it).",
)
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    help="Listen on TCP instead, on 127.0.0.1 unless --host says otherwise (0: any free port).",
)
@click.option(
    "--host",
    metavar="ADDRESS",
    help="Address for --port. Anything but loopback needs --token-file.",
)
@click.option(
    "--token-file",
    metavar="FILE",
    type=click.Path(dir_okay=False, path_type=Path),
    help="File holding a secret every request must send as `Authorization: Bearer TOKEN`.",
)
@click.pass_obj
def serve(
    ctx: Context,
    socket_path: Path | None,
    port: int | None,
    host: str | None,
    token_file: Path | None,
) -> None:
    """Keep the index open and answer searches over HTTP with JSON, so a search costs the
    search alone: `nkwatch search` uses the service for the same data directory when it
    runs, and prints exactly what it would print without it. The index is reopened when an
    update or rebuild swaps in a new one (checked at every request; writers also say so).

    \b
    Requests (JSON; errors are {"error": MESSAGE}):
      GET  /search?q=donju&lang=&since=&until=&entity=&commodity=&sort=&limit=
      POST /reload        GET /health
    \b
    Examples:
      nkwatch serve &                       # on DATA_DIR/search.sock, mode 0600
      nkwatch search donju                  # now answered by the service
      curl --unix-socket ~/.local/share/nkwatch/search.sock 'http://x/search?q=donju'
      nkwatch serve --port 8765             # 127.0.0.1 only
      nkwatch serve --host 0.0.0.0 --port 8765 --token-file /etc/nkwatch/token
    """
    from search.service import server

    if port is not None and socket_path is not None:
        raise UserError("give --socket or --port, not both")
    if host is not None and port is None:
        raise UserError("--host needs --port: the default is a Unix socket")
    host = host or "127.0.0.1"
    if port is not None and not is_loopback(host) and token_file is None:
        raise UserError(
            f"--host {host} is reachable from other machines: give --token-file FILE "
            "so that only holders of the token can search (or bind 127.0.0.1)"
        )
    token = read_token(token_file) if token_file else None
    ctx.base.mkdir(parents=True, exist_ok=True, mode=0o700)
    logging.basicConfig(level=logging.INFO, format="%(name)s: %(message)s")  # to the journal
    if port is None and socket_path is None:
        from crawler import datadir

        socket_path = datadir.service_socket_path(ctx.base)
    try:
        server.serve(
            ctx.base,
            socket_path=socket_path,
            host=host,
            port=port,
            token=token,
            announce=lambda line: click.echo(line, err=True),
        )
    except PermissionError as exc:
        raise UserError(f"cannot listen: {exc}") from exc
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            raise UserError(f"port {port} on {host} is in use: pick another --port") from exc
        raise
