"""Binary bodies (images, archives, random bytes served as text/html) never reach a parser."""

from __future__ import annotations

import codecs
from typing import Any

from scrapy.http import Request, Response, TextResponse

from crawler.middlewares.refusals import drop
from crawler.reasons import Reason

_MAGIC = (
    b"\x89PNG",
    b"GIF8",
    b"\xff\xd8\xff",
    b"%PDF",
    b"PK\x03\x04",
    b"\x1f\x8b",
    b"BZh",
    b"7z\xbc\xaf",
    b"\x7fELF",
    b"\x00asm",
    b"OggS",
    b"ID3",
    b"RIFF",
    b"\x28\xb5\x2f\xfd",  # zstd
    b"\xfd7zXZ",
)
_CONTROL_BYTES = frozenset(set(range(0x00, 0x09)) | {0x0B} | set(range(0x0E, 0x1B)) | {0x1C, 0x1D})


def looks_binary(body: bytes, sample: int = 4096) -> bool:
    """A known binary signature, or a start with many control bytes. A page with a few NULs
    or escape codes in its text is still text (it is stored; the CLI neutralises them)."""
    head = body[:sample]
    if not head or head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return False
    if head.lstrip().startswith(_MAGIC):
        return True
    controls = sum(1 for b in head if b in _CONTROL_BYTES)
    return controls / len(head) > 0.05


class NonTextGuardMiddleware:
    """A successful response that is not text (an image, an archive, random bytes served as
    text/html) is dropped here with the reason "not-text", before any parser sees it."""

    def __init__(self, crawler: Any) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Any) -> NonTextGuardMiddleware:
        return cls(crawler)

    def process_response(
        self, request: Request, response: Response, spider: Any = None
    ) -> Response:
        if not 200 <= response.status < 300 or request.meta.get("dont_obey_robotstxt"):
            return response
        if not isinstance(response, TextResponse) or looks_binary(response.body):
            ctype = response.headers.get(b"Content-Type", b"").decode("latin-1")
            raise drop(self.crawler, Reason.NOT_TEXT, f"{response.url} ({ctype or 'no type'})")
        return response
