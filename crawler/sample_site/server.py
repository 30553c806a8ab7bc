"""Serve the sample site on 127.0.0.1, as WordPress would: trailing-slash redirects,
correct content types, themed 404s. Used by `nkwatch serve-sample`, the demo and the tests."""

from __future__ import annotations

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

from crawler.sample_site.build import JSON, Resource, render_site, site_of
from crawler.sample_site.rest import RestApi


class SampleSiteServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 128  # socketserver's default of 5 resets connections under load

    def __init__(self, host: str = "127.0.0.1", port: int = 0) -> None:
        super().__init__((host, port), _Handler)
        self.base_url = f"http://{host}:{self.server_address[1]}"
        self.load()
        self.hits: dict[str, int] = {}
        self._lock = threading.Lock()
        # For tests of an unreliable site: a status to answer per path, a delay per request.
        self.faults: dict[str, int] = {}
        self.delay = 0.0

    def load(self, records: list[dict] | None = None) -> None:
        """Serve the bundled stories, or these `records` (the benchmark's synthetic site)."""
        site = site_of(self.base_url, records)
        self.resources: dict[str, Resource] = render_site(self.base_url, site=site)
        self.rest = RestApi(site)
        # For tests of a site whose API answers otherwise: path -> (status, content type, body)
        self.rest_override: dict[str, tuple[int, str, bytes]] = {}

    def count(self, path: str) -> None:
        with self._lock:
            self.hits[path] = self.hits.get(path, 0) + 1

    def start_background(self) -> SampleSiteServer:
        threading.Thread(target=self.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        self.shutdown()
        self.server_close()


class _Handler(BaseHTTPRequestHandler):
    server: SampleSiteServer
    server_version = "nginx"
    sys_version = ""

    def log_message(self, format: str, *args: object) -> None:  # quiet: tests read hits
        pass

    def do_HEAD(self) -> None:
        self._serve(head=True)

    def do_GET(self) -> None:
        self._serve()

    def _serve(self, head: bool = False) -> None:
        parts = urlsplit(self.path)
        path = parts.path or "/"
        self.server.count(path)
        if self.server.delay:
            time.sleep(self.server.delay)
        res = self.server.resources
        if path in self.server.faults:
            lang = "en" if path.startswith("/english/") else "ko"
            return self._send(self.server.faults[path], res[f"__404__{lang}"], head)
        if path in self.server.rest_override:
            status, ctype, body = self.server.rest_override[path]
            return self._send(status, Resource(ctype, body), head)
        if (rest_lang := self.server.rest.lang_of(path)) is not None:
            status, headers, body = self.server.rest.answer(rest_lang, parts.query)
            return self._send(status, Resource(JSON, body), head, headers)
        if path in res and not path.startswith("__"):
            return self._send(200, res[path], head)
        last = path.rsplit("/", 1)[-1]
        if not path.endswith("/") and "." not in last and path + "/" in res:
            self.send_response(301)
            self.send_header("Location", self.server.base_url + path + "/")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return None
        lang = "en" if path.startswith("/english/") else "ko"
        return self._send(404, res[f"__404__{lang}"], head)

    def _send(
        self, status: int, resource: Resource, head: bool, headers: dict[str, str] | None = None
    ) -> None:
        self.send_response(status)
        self.send_header("Content-Type", resource.content_type)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(resource.body)))
        self.end_headers()
        if not head:
            self.wfile.write(resource.body)
