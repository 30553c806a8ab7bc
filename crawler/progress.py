"""Crawl progress: a status line on a terminal, plain log lines otherwise (Scrapy extension,
enabled by NKWATCH_PROGRESS)."""

from __future__ import annotations

import logging
import sys
import time
from typing import Any

from scrapy import signals
from scrapy.exceptions import NotConfigured

from crawler import reasons
from crawler.spiders.rest_walk import REST

logger = logging.getLogger(__name__)


def _duration(seconds: float) -> str:
    return f"{seconds / 3600:.1f} h" if seconds >= 5400 else f"{max(seconds / 60, 1):.0f} min"


class Progress:
    def __init__(self, stats: Any, interval: float) -> None:
        self.stats = stats
        self.interval = interval
        self.tty = sys.stderr.isatty()
        self.task = None
        self.started: float | None = None

    @classmethod
    def from_crawler(cls, crawler):
        if not crawler.settings.getbool("NKWATCH_PROGRESS"):
            raise NotConfigured
        ext = cls(crawler.stats, 1.0 if sys.stderr.isatty() else 30.0)
        crawler.signals.connect(ext.opened, signal=signals.spider_opened)
        crawler.signals.connect(ext.closed, signal=signals.spider_closed)
        return ext

    def line(self) -> str:
        stats = self.stats.get_stats()
        stored = sum(
            v
            for k, v in stats.items()
            if isinstance(k, str) and k.startswith("nkwatch/articles/") and "/unchanged/" not in k
        )
        dropped = sum(
            v for k, v in stats.items() if isinstance(k, str) and k.startswith(reasons.DROPPED)
        )
        return (
            f"fetched {stats.get('downloader/response_count', 0)} pages, "
            f"{stored} articles new or updated, {dropped} pages not stored" + self.rest_part(stats)
        )

    def rest_part(self, stats: dict[str, Any]) -> str:
        """The REST walk's share: its requests done of the total X-WP-TotalPages promised,
        and the time left at the rate so far."""
        total = int(stats.get(REST + "pages_total", 0) or 0)
        done = int(stats.get(REST + "pages_done", 0) or 0)
        if not total or self.started is None:
            return ""
        elapsed = time.monotonic() - self.started
        left = max(total - done, 0)
        eta = f", about {_duration(elapsed / done * left)} left" if done and left else ""
        return f"; REST API {done}/{total} requests{eta}"

    def tick(self) -> None:
        if self.tty:
            sys.stderr.write("\r\x1b[2K" + self.line())
            sys.stderr.flush()
        else:
            logger.info("progress: %s", self.line())

    def opened(self, spider: Any = None) -> None:
        from twisted.internet import task

        self.started = time.monotonic()
        self.task = task.LoopingCall(self.tick)
        self.task.start(self.interval, now=False)

    def closed(self, spider: Any = None, reason: str = "") -> None:
        if self.task is not None and self.task.running:
            self.task.stop()
        if self.tty:
            sys.stderr.write("\r\x1b[2K")
            sys.stderr.flush()
