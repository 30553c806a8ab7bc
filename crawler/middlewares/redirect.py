"""Redirects (3xx and <meta refresh>) whose loops and over-long chains are dropped with a
reason instead of silently."""

from __future__ import annotations

from typing import Any

from scrapy.downloadermiddlewares.redirect import MetaRefreshMiddleware, RedirectMiddleware
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Request, Response

from crawler.middlewares.refusals import Skipped, drop
from crawler.reasons import Reason


class _LoopAware:
    crawler: Any

    def _check(self, request: Request, result: Request | Response) -> Request | Response:
        if isinstance(result, Request):
            seen = result.meta.get("redirect_urls", [])  # request.url is the last of them
            if result.url in seen:
                chain = " -> ".join([*seen, result.url])
                raise drop(self.crawler, Reason.REDIRECT_LOOP, chain)
        return result

    def process_response(
        self, request: Request, response: Response, spider: Any = None
    ) -> Request | Response:
        try:
            result = super().process_response(request, response)  # type: ignore[misc]
        except Skipped:
            raise
        except IgnoreRequest as exc:  # "max redirections reached"
            detail = f"{request.url} ({exc})"
            raise drop(self.crawler, Reason.TOO_MANY_REDIRECTS, detail) from None
        return self._check(request, result)


class LoopAwareRedirectMiddleware(_LoopAware, RedirectMiddleware):
    """3xx redirects; a loop or a chain past REDIRECT_MAX_TIMES is dropped with a reason
    (Scrapy drops loops silently through its duplicate filter)."""


class LoopAwareMetaRefreshMiddleware(_LoopAware, MetaRefreshMiddleware):
    """<meta http-equiv=refresh> redirects, with the same loop check."""
