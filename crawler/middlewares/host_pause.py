"""A 429 or 503 with Retry-After limits the client, not one URL (RFC 6585 section 4, RFC 9110
section 10.2.3): the whole host's download slot is paused for that long, capped at
NKWATCH_RETRY_MAX_DELAY, while the retry middleware retries the page itself afterwards.

An extension on Scrapy's `response_downloaded` signal, which the downloader sends before it
frees the transfer slot and looks at the slot's queue again: the pause is in place before any
other request to that host can leave, whether it waits in the slot's queue or arrives later.
The pause is the slot's own `latercall` (the timer Scrapy itself uses to hold a slot for
DOWNLOAD_DELAY): while it is set the slot sends nothing; when it fires, the queue is processed
as after any delay. So concurrency, AutoThrottle and DOWNLOAD_DELAY keep working, no request
sleeps while holding a concurrency slot, and closing the crawl cancels the timer.
"""

from __future__ import annotations

import logging
import time
from typing import Any

from scrapy import signals
from scrapy.http import Request, Response

from crawler.health import PAUSED
from crawler.middlewares.retry import parse_retry_after

logger = logging.getLogger(__name__)

PAUSING_STATUSES = frozenset({429, 503})


class HostPause:
    """Pause a host's download slot for a 429/503's Retry-After (at most the retry cap)."""

    def __init__(self, crawler: Any, cap: float) -> None:
        self.crawler = crawler
        self.cap = cap
        self.until: dict[str, float] = {}  # slot key -> monotonic time the pause ends

    @classmethod
    def from_crawler(cls, crawler: Any) -> HostPause:
        pause = cls(crawler, crawler.settings.getfloat("NKWATCH_RETRY_MAX_DELAY", 60.0))
        crawler.signals.connect(pause.response_downloaded, signal=signals.response_downloaded)
        return pause

    def response_downloaded(self, response: Response, request: Request, spider: Any) -> None:
        if response.status not in PAUSING_STATUSES:
            return
        wait = parse_retry_after(response.headers.get(b"Retry-After"))
        if not wait:
            return
        downloader = self.crawler.engine.downloader
        key = request.meta.get(downloader.DOWNLOAD_SLOT) or downloader.get_slot_key(request)
        slot = downloader.slots.get(key)
        if slot is not None:
            self.pause(key, slot, min(wait, self.cap), response, wait)

    def pause(self, key: str, slot: Any, seconds: float, response: Response, asked: float) -> None:
        """Hold the slot until now + seconds (a longer pause already running is kept)."""
        from twisted.internet import reactor

        now = time.monotonic()
        until = now + seconds
        before = self.until.get(key, 0.0)
        if until <= before:
            return
        if slot.latercall:
            slot.latercall.cancel()  # a DOWNLOAD_DELAY timer, or our shorter pause
        slot.latercall = reactor.callLater(seconds, self._resume, slot)  # type: ignore[attr-defined]
        self.until[key] = until
        self.crawler.stats.inc_value(PAUSED + key, round(until - max(now, before), 3))
        capped = f" (Retry-After {asked:.0f} s is over the cap)" if asked > seconds else ""
        logger.warning(
            "pausing every request to %s for %.1f s%s: %s answered %d with Retry-After",
            key,
            seconds,
            capped,
            response.url,
            response.status,
        )

    def _resume(self, slot: Any) -> None:
        slot.latercall = None
        self.crawler.engine.downloader._process_queue(slot)  # as Downloader._latercall does
