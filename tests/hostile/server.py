"""A fault-injecting web server for the reliability tests: a small Daily NK-shaped site whose
every path can be scripted to misbehave (status codes, Retry-After, slowness, hangs, resets,
redirect loops, wrong charsets, truncation, binary bodies, compression bombs...).

It binds loopback addresses only (127.0.0.1, or 127.0.0.2 / 127.0.0.3 to stand in for
"another site"), and every wait in it is bounded, so a test can never hang on it.

    with HostileServer() as server:
        site = Site(server)
        site.add("/english/fine/", ok(article("Fine", ["A paragraph ..."])))
        site.add("/english/flaky/", status(503, retry_after=1), ok(article(...)))
        site.publish()
        ... crawl server.base_url ...
        assert server.hits["/english/flaky/"] == 2
"""

from __future__ import annotations

import contextlib
import gzip
import html
import ipaddress
import socket
import struct
import threading
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import urlsplit

Reply = Callable[["_Handler"], None]
HTML_UTF8 = "text/html; charset=UTF-8"
MAX_WAIT = 30.0  # no reply waits longer than this, whatever a test asks


# --- replies ------------------------------------------------------------------------------
def ok(
    body: bytes | str,
    content_type: str = HTML_UTF8,
    status: int = 200,
    headers: dict[str, str] | None = None,
) -> Reply:
    """A complete response; a str body is sent as UTF-8."""
    data = body.encode("utf-8") if isinstance(body, str) else body

    def reply(h: _Handler) -> None:
        h.send_response(status)
        if content_type:
            h.send_header("Content-Type", content_type)
        for k, v in (headers or {}).items():
            h.send_header(k, v)
        h.send_header("Content-Length", str(len(data)))
        h.end_headers()
        h.wfile.write(data)

    return reply


def status(code: int, retry_after: int | str | None = None, body: str = "") -> Reply:
    """An error status with a small HTML page (what real servers send), optionally with
    Retry-After."""
    page = body or f"<html><body><h1>{code}</h1><p>Error {code}</p></body></html>"
    headers = {"Retry-After": str(retry_after)} if retry_after is not None else None
    return ok(page, status=code, headers=headers)


def redirect(location: str, code: int = 302) -> Reply:
    return ok(b"", content_type="", status=code, headers={"Location": location})


def slow(seconds: float, then: Reply) -> Reply:
    """Answer after a delay."""

    def reply(h: _Handler) -> None:
        h.server.stopping.wait(min(seconds, MAX_WAIT))
        then(h)

    return reply


def hang(seconds: float = MAX_WAIT) -> Reply:
    """Read the request, say nothing, and drop the connection after `seconds`."""

    def reply(h: _Handler) -> None:
        h.server.stopping.wait(min(seconds, MAX_WAIT))
        h.drop()

    return reply


def reset() -> Reply:
    """A TCP reset instead of an answer."""

    def reply(h: _Handler) -> None:
        h.drop(rst=True)

    return reply


def truncated(body: bytes | str, claimed: int | None = None) -> Reply:
    """Headers promise more bytes than are sent; the connection closes early."""
    data = body.encode("utf-8") if isinstance(body, str) else body

    def reply(h: _Handler) -> None:
        h.send_response(200)
        h.send_header("Content-Type", HTML_UTF8)
        h.send_header("Content-Length", str(claimed or len(data) * 2))
        h.end_headers()
        h.wfile.write(data)
        h.wfile.flush()
        h.drop()

    return reply


_BOMBS: dict[tuple[str, int], bytes] = {}


def bomb(encoding: str, size: int = 16 * 1024 * 1024) -> Reply:
    """A small compressed body that inflates to `size` bytes of HTML-ish filler."""
    key = (encoding, size)
    if key not in _BOMBS:
        raw = b"<html><body>" + b" " * size
        if encoding == "gzip":
            _BOMBS[key] = gzip.compress(raw, compresslevel=9)
        else:
            import brotli

            _BOMBS[key] = brotli.compress(raw, quality=5)
    return ok(_BOMBS[key], headers={"Content-Encoding": encoding})


def sequence(*replies: Reply) -> list[Reply]:
    """The n-th request gets the n-th reply; the last one repeats."""
    return list(replies)


# --- the server ---------------------------------------------------------------------------
class HostileServer(ThreadingHTTPServer):
    """Per-path scripted replies on a loopback address; records hits and their times."""

    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 64

    def __init__(self, host: str = "127.0.0.1", port: int = 0) -> None:
        if not ipaddress.ip_address(host).is_loopback:
            raise ValueError(f"the hostile server binds loopback addresses only, not {host}")
        super().__init__((host, port), _Handler)
        self.base_url = f"http://{host}:{self.server_address[1]}"
        self.routes: dict[str, list[Reply]] = {}
        self.hits: Counter[str] = Counter()
        self.times: dict[str, list[float]] = defaultdict(list)
        self.stopping = threading.Event()
        self._lock = threading.Lock()

    def route(self, path: str, *replies: Reply | list[Reply]) -> None:
        flat: list[Reply] = []
        for r in replies:
            flat.extend(r if isinstance(r, list) else [r])
        self.routes[path] = flat

    def next_reply(self, path: str) -> Reply | None:
        with self._lock:
            n = self.hits[path]
            self.hits[path] += 1
            self.times[path].append(time.monotonic())
        replies = self.routes.get(path)
        if not replies:
            return None
        return replies[min(n, len(replies) - 1)]

    def url(self, path: str) -> str:
        return self.base_url + path

    def start(self) -> HostileServer:
        threading.Thread(target=self.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        self.stopping.set()
        self.shutdown()
        self.server_close()

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # resets and dropped connections are the point, not errors

    def __enter__(self) -> HostileServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


class _Handler(BaseHTTPRequestHandler):
    server: HostileServer
    server_version = "nginx"
    sys_version = ""

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        parts = urlsplit(self.path)
        key = parts.path + (f"?{parts.query}" if parts.query else "")
        if key not in self.server.routes:
            key = parts.path or "/"
        reply = self.server.next_reply(key)
        if reply is None:
            reply = status(404)
        reply(self)

    def drop(self, rst: bool = False) -> None:
        """Close the connection now, without (the rest of) an answer; with rst, as a TCP
        reset (SO_LINGER 0, no FIN first)."""
        self.close_connection = True
        if rst:
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        else:
            with contextlib.suppress(OSError):
                self.connection.shutdown(socket.SHUT_RDWR)
        self.connection.close()
        self.wfile = _Void()  # finish() flushes; there is nothing left to flush into


class _Void:
    def write(self, data: bytes) -> int:
        return len(data)

    def flush(self) -> None:
        pass

    def close(self) -> None:
        pass


# --- a Daily NK-shaped site ---------------------------------------------------------------
EN_BODY = [
    "Rice prices in the markets of Hyesan rose sharply this week as traders held back stock "
    "ahead of the spring planting season, a source in Ryanggang Province told Daily NK.",
    "The source said a kilogram of rice now sells for about 6,000 won, up from 5,200 won two "
    "weeks ago, while corn prices have stayed flat.",
]
KO_BODY = [
    "양강도 혜산시 시장에서 이번 주 쌀값이 크게 올랐다고 현지 소식통이 데일리NK에 전했다. "
    "상인들이 봄철 모내기를 앞두고 물량을 풀지 않고 있기 때문이라는 설명이다.",
    "소식통에 따르면 쌀 1kg 가격은 2주 전 5200원에서 현재 6000원 수준으로 올랐으며 "
    "강냉이 가격은 큰 변동이 없는 것으로 알려졌다.",
]


def article(
    title: str,
    paragraphs: list[str] | None = None,
    *,
    lang: str = "en",
    post_id: int = 1,
    published: str = "2025-03-01T01:02:03+00:00",
    meta_charset: str | None = "UTF-8",
    pair: str | None = None,
    head: str = "",
    body_extra: str = "",
    escape: bool = True,
) -> str:
    """An article page in the 2019 td-post template, as the parser knows it."""
    paras = paragraphs if paragraphs is not None else (EN_BODY if lang == "en" else KO_BODY)
    esc = html.escape if escape else (lambda s: s)
    body = "".join(f"<p>{esc(p)}</p>" for p in paras)
    if pair:
        body += f'<p><a href="{pair}">Read in Korean</a></p>'
    charset = f'<meta charset="{meta_charset}">' if meta_charset else ""
    return (
        f'<!DOCTYPE html><html lang="{"en-US" if lang == "en" else "ko-KR"}"><head>{charset}'
        f"<title>{esc(title)} - Daily NK</title>"
        f'<meta property="og:type" content="article">'
        f'<meta property="article:published_time" content="{published}">{head}</head><body>'
        f'<article id="post-{post_id}" class="post-{post_id} post type-post">'
        f'<header class="td-post-title"><h1 class="entry-title">{esc(title)}</h1>'
        f'<div class="td-post-author-name"><a href="/author/x/">Daily NK</a></div></header>'
        f'<div class="td-post-content">{body}{body_extra}</div></article></body></html>'
    )


def listing(links: list[str], next_href: str | None = None) -> str:
    items = "".join(f'<h3 class="entry-title"><a href="{html.escape(u)}">x</a></h3>' for u in links)
    nxt = f'<link rel="next" href="{html.escape(next_href)}">' if next_href else ""
    return f"<!DOCTYPE html><html><head>{nxt}</head><body>{items}</body></html>"


def feed(links: list[str], head: str = "") -> str:
    items = "".join(f"<item><title>t</title><link>{html.escape(u)}</link></item>" for u in links)
    decl = '<?xml version="1.0" encoding="UTF-8"?>'
    return f'{decl}{head}<rss version="2.0"><channel>{items}</channel></rss>'


def robots(*disallow: str, sitemap: str | None = None) -> str:
    rules = [f"Disallow: {d}" for d in disallow] or ["Disallow:"]
    lines = ["User-agent: *", *rules]
    if sitemap:
        lines.append(f"Sitemap: {sitemap}")
    return "\n".join(lines) + "\n"


class Site:
    """The site's skeleton around scripted articles: robots.txt, both feeds (empty unless
    given items) and both listings, each listing every article added to its edition."""

    def __init__(self, server: HostileServer) -> None:
        self.server = server
        self.en: list[str] = []
        self.ko: list[str] = []

    def add(self, path: str, *replies: Reply | list[Reply], listed: bool = True) -> str:
        self.server.route(path, *replies)
        if listed:
            (self.en if path.startswith("/english/") else self.ko).append(path)
        return self.server.url(path)

    def publish(
        self,
        robots_txt: Reply | list[Reply] | None = None,
        en_feed: Reply | None = None,
        ko_feed: Reply | None = None,
    ) -> None:
        s = self.server
        s.route("/robots.txt", robots_txt or ok(robots(), "text/plain; charset=UTF-8"))
        rss = "application/rss+xml; charset=UTF-8"
        s.route("/english/feed/", en_feed or ok(feed([]), rss))
        s.route("/feed/", ko_feed or ok(feed([]), rss))
        if "/english/category/news/" not in s.routes:
            s.route("/english/category/news/", ok(listing([s.url(p) for p in self.en])))
        if "/all/" not in s.routes:
            s.route("/all/", ok(listing([s.url(p) for p in self.ko])))
