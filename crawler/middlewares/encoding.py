"""Every HTML page read as what Daily NK is known to send (crawler/text/encoding.py), or
dropped as "bad-encoding" rather than stored as mojibake."""

from __future__ import annotations

import logging
from typing import Any

from scrapy.http import HtmlResponse, Request, Response
from w3lib.encoding import html_body_declared_encoding, http_content_type_encoding

from crawler.middlewares.refusals import drop
from crawler.reasons import Reason
from crawler.text.encoding import choose_encoding, codec_name

logger = logging.getLogger(__name__)


class KoreanEncodingMiddleware:
    """Reads every HTML page as what Daily NK is known to send (see choose_encoding), and
    drops, with the reason "bad-encoding", a page that no sound reading exists for, instead
    of storing mojibake. Scrapy's fallback decodes undeclared EUC-KR as cp1252 or big5hkscs
    without a single U+FFFD."""

    def __init__(self, crawler: Any) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Any) -> KoreanEncodingMiddleware:
        return cls(crawler)

    def process_response(
        self, request: Request, response: Response, spider: Any = None
    ) -> Response:
        if not isinstance(response, HtmlResponse) or not 200 <= response.status < 300:
            return response
        ctype = response.headers.get(b"Content-Type", b"").decode("latin-1")
        declared = http_content_type_encoding(ctype) or html_body_declared_encoding(response.body)
        decision = choose_encoding(response.body, declared)
        if decision.encoding is None:
            raise drop(
                self.crawler, Reason.BAD_ENCODING, f"{response.url}: neither UTF-8 nor Korean"
            )
        if decision.note:
            self.crawler.stats.inc_value(f"nkwatch/encoding/{decision.note}")
            logger.info("encoding of %s: %s", response.url, decision.note)
        if decision.body is response.body and decision.encoding == codec_name(response.encoding):
            return response
        return response.replace(body=decision.body, encoding=decision.encoding)
