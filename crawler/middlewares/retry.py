"""Retries that back off: exponential waits with jitter, Retry-After honoured up to a cap."""

from __future__ import annotations

import asyncio
import email.utils
import logging
import random
import time
from typing import Any

from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.http import Request, Response
from scrapy.utils.response import response_status_message

logger = logging.getLogger(__name__)


def parse_retry_after(value: bytes | str | None, now: float | None = None) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or an HTTP date)."""
    if not value:
        return None
    text = value.decode("latin-1") if isinstance(value, bytes) else value
    text = text.strip()
    if text.isdigit():
        return float(text)
    try:
        when = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if when is None or when.tzinfo is None:
        return None
    return max(0.0, when.timestamp() - (time.time() if now is None else now))


def backoff_delay(
    attempt: int,
    base: float,
    cap: float,
    retry_after: float | None = None,
    jitter: float = 0.25,
    rng: random.Random | None = None,
) -> float:
    """base * 2**(attempt-1), up to cap, stretched by up to `jitter`; never shorter than
    Retry-After."""
    exp = base * 2 ** max(0, attempt - 1)
    delay = min(cap, exp * (1 + (rng or random).uniform(0, jitter)))
    return delay if retry_after is None else max(delay, retry_after)


async def _sleep(seconds: float) -> None:
    if seconds <= 0:
        return
    try:
        asyncio.get_running_loop()
    except RuntimeError:  # a non-asyncio reactor: wait on Twisted's clock
        from scrapy.utils.defer import maybe_deferred_to_future
        from twisted.internet import reactor, task

        await maybe_deferred_to_future(task.deferLater(reactor, seconds, lambda: None))
        return
    await asyncio.sleep(seconds)


class BackoffRetryMiddleware(RetryMiddleware):
    """Scrapy's retries (RETRY_TIMES, RETRY_HTTP_CODES, RETRY_EXCEPTIONS) with a wait before
    each: NKWATCH_RETRY_BACKOFF * 2**(n-1) seconds plus jitter, at least Retry-After, at most
    NKWATCH_RETRY_MAX_DELAY. A Retry-After longer than that cap is not waited for: the page is
    given up (counted) rather than fetched early. robots.txt gets NKWATCH_ROBOTS_RETRY_TIMES."""

    def __init__(self, settings: Any) -> None:
        super().__init__(settings)
        self.base = settings.getfloat("NKWATCH_RETRY_BACKOFF", 1.0)
        self.cap = settings.getfloat("NKWATCH_RETRY_MAX_DELAY", 60.0)
        self.robots_times = settings.getint("NKWATCH_ROBOTS_RETRY_TIMES", 1)

    def _limit(self, request: Request) -> None:
        if request.meta.get("dont_obey_robotstxt") and request.url.endswith("/robots.txt"):
            request.meta.setdefault("max_retry_times", self.robots_times)

    async def process_response(  # type: ignore[override]
        self, request: Request, response: Response, spider: Any = None
    ) -> Request | Response:
        if request.meta.get("dont_retry") or response.status not in self.retry_http_codes:
            return response
        wait = parse_retry_after(response.headers.get(b"Retry-After"))
        if wait is not None and wait > self.cap:
            self.crawler.stats.inc_value("nkwatch/retry/retry-after-over-cap")
            logger.warning(
                "not retrying %s: Retry-After %.0f s is over NKWATCH_RETRY_MAX_DELAY (%.0f s)",
                request.url,
                wait,
                self.cap,
            )
            return response
        self._limit(request)
        retry = self._retry(request, response_status_message(response.status))
        if retry is None:
            return response
        delay = backoff_delay(retry.meta["retry_times"], self.base, self.cap, wait)
        self.crawler.stats.inc_value("nkwatch/retry/waited_ms", int(delay * 1000))
        await _sleep(delay)
        return retry

    async def process_exception(  # type: ignore[override]
        self, request: Request, exception: Exception, spider: Any = None
    ) -> Request | Response | None:
        self._limit(request)
        retry = super().process_exception(request, exception)
        if isinstance(retry, Request):
            delay = backoff_delay(retry.meta["retry_times"], self.base, self.cap)
            self.crawler.stats.inc_value("nkwatch/retry/waited_ms", int(delay * 1000))
            await _sleep(delay)
        return retry
