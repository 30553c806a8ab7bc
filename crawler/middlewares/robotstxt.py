"""robots.txt as RFC 9309 says, including what to do when it cannot be read."""

from __future__ import annotations

import logging
from typing import Any

from scrapy.downloadermiddlewares.robotstxt import RobotsTxtMiddleware
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Request, Response
from scrapy.utils.httpobj import urlparse_cached
from scrapy.utils.misc import build_from_crawler
from twisted.internet.defer import Deferred

from crawler.middlewares.refusals import Skipped, drop, failure_reason
from crawler.reasons import Reason

logger = logging.getLogger(__name__)

_DISALLOW_ALL = b"User-agent: *\nDisallow: /\n"


class RobotsTxtRFC9309Middleware(RobotsTxtMiddleware):
    """robots.txt as RFC 9309 says: 2xx is parsed; 4xx (robots.txt "unavailable") allows
    everything; 5xx, 429 and network errors or timeouts (robots.txt "unreachable") disallow the
    whole host for the rest of the run. Scrapy's own middleware parses a 5xx error page as
    rules, which allows everything."""

    def __init__(self, crawler: Any) -> None:
        super().__init__(crawler)
        self._unreachable: dict[str, str] = {}

    def _settle(self, netloc: str, body: bytes | None) -> None:
        parser = None if body is None else build_from_crawler(self._parserimpl, self.crawler, body)
        pending = self._parsers[netloc]
        self._parsers[netloc] = parser
        if hasattr(pending, "callback"):
            pending.callback(parser)

    def _mark_unreachable(self, netloc: str, why: str) -> None:
        self._unreachable[netloc] = why
        self._stats.inc_value("nkwatch/robots/unreachable")
        logger.warning(
            "robots.txt of %s is unreachable (%s): nothing on that host is fetched this run",
            netloc,
            why,
        )
        self._settle(netloc, _DISALLOW_ALL)

    async def _parse_robots(self, response: Response, netloc: str, request: Request) -> None:
        status = response.status
        if 200 <= status < 300:
            await super()._parse_robots(response, netloc, request)
            return
        self._stats.inc_value("robotstxt/response_count")
        self._stats.inc_value(f"robotstxt/response_status_count/{status}")
        if status >= 500 or status == 429:
            self._mark_unreachable(netloc, f"HTTP {status}")
        else:  # 4xx, or a redirect left unfollowed: "unavailable", crawl as if no rules
            self._settle(netloc, None)

    def _robots_error(self, exc: Exception, netloc: str) -> None:
        if isinstance(exc, Skipped) and exc.reason in (
            Reason.TOO_MANY_REDIRECTS,
            Reason.REDIRECT_LOOP,
        ):
            self._settle(netloc, None)  # RFC 9309: past five redirects, "unavailable"
            return
        self._mark_unreachable(netloc, failure_reason(exc))

    async def robot_parser(self, request: Request) -> Any:
        """The host's rules, for every request that waited for them. Scrapy hands the parsed
        rules to the first request waiting on robots.txt only: the Deferred they all await
        passes None on to the next awaiter, so the second and later requests queued before
        robots.txt arrived were fetched unchecked (a REST API disallowed in robots.txt was
        read anyway). Once settled, the rules are in _parsers: read them from there."""
        parser = await super().robot_parser(request)
        settled = self._parsers.get(urlparse_cached(request).netloc)
        return parser if isinstance(settled, Deferred) else settled

    def process_request_2(self, rp: Any, request: Request) -> None:
        netloc = urlparse_cached(request).netloc
        if netloc in self._unreachable:
            raise drop(self.crawler, Reason.ROBOTS_UNREACHABLE, request.url, logging.INFO)
        try:
            super().process_request_2(rp, request)
        except IgnoreRequest:
            raise drop(self.crawler, Reason.ROBOTS_DISALLOWED, request.url, logging.INFO) from None
