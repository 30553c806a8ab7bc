"""Why a page was not stored: the words the crawl summary uses, and how a failure maps to one.

A refusal raised on purpose (by crawler/middlewares/) is a `Skipped` carrying its reason and is
counted where it is raised; any other failure reaches the spider's errback and is named by
`failure_reason`. Both land in the stats as `nkwatch/dropped/<reason>`, which
crawler/health.py turns into the summary's `dropped` and `lost`.
"""

from __future__ import annotations

import logging
from typing import Any

from scrapy.exceptions import IgnoreRequest

logger = logging.getLogger(__name__)

DROPPED = "nkwatch/dropped/"


class Skipped(IgnoreRequest):
    """A request or response refused on purpose; `reason` is the summary's key. Already
    counted where it was raised, so the spider's errback does not count it again."""

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason


def drop(crawler: Any, reason: str, detail: str, level: int = logging.WARNING) -> Skipped:
    crawler.stats.inc_value(DROPPED + reason)
    logger.log(level, "not fetched (%s): %s", reason, detail)
    return Skipped(reason, detail)


def failure_reason(exc: BaseException) -> str:
    """A short reason for a request that produced no page, for the crawl summary."""
    from scrapy.spidermiddlewares.httperror import HttpError

    if isinstance(exc, Skipped):
        return exc.reason
    if isinstance(exc, HttpError):
        return f"http-{exc.response.status}"
    msg = str(exc)
    if isinstance(exc, IgnoreRequest):
        if "DOWNLOAD_MAXSIZE" in msg or "max size" in msg:
            return "too-large"
        if "robots.txt" in msg:
            return "robots-disallowed"
        if "max redirections" in msg:
            return "too-many-redirects"
        if "offsite" in msg.lower():
            return "offsite"
        return "ignored"
    name = type(exc).__name__
    if "Timeout" in name or "TimedOut" in name:
        return "timeout"
    if "DataLoss" in name or "_DataLoss" in msg:
        return "truncated"
    if "DNS" in name or "Resolve" in name:
        return "dns"
    if "Cancel" in name:
        return "too-large" if "max size" in msg else "cancelled"
    if "Connection" in name or "ResponseFailed" in name or "ResponseNeverReceived" in name:
        return "connection"
    return "download-error"
