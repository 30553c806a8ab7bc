"""The failure vocabulary of the middlewares and the spider: a refusal on purpose (`Skipped`,
counted where it is raised), and the reason for any other failure (`failure_reason`)."""

from __future__ import annotations

import logging
from typing import Any

from scrapy.exceptions import IgnoreRequest

from crawler.reasons import Reason, count, http_reason

logger = logging.getLogger(__name__)


class Skipped(IgnoreRequest):
    """A request or response refused on purpose; `reason` is the summary's key. Already
    counted where it was raised, so the spider's errback does not count it again."""

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason


def drop(crawler: Any, reason: Reason, detail: str, level: int = logging.WARNING) -> Skipped:
    """Count and log a refusal; the caller raises what this returns."""
    count(crawler.stats, reason)
    logger.log(level, "not fetched (%s): %s", reason, detail)
    return Skipped(reason, detail)


def failure_reason(exc: BaseException) -> str:
    """A short reason for a request that produced no page, for the crawl summary."""
    from scrapy.spidermiddlewares.httperror import HttpError

    if isinstance(exc, Skipped):
        return exc.reason
    if isinstance(exc, HttpError):
        return http_reason(exc.response.status)
    msg = str(exc)
    if isinstance(exc, IgnoreRequest):
        if "DOWNLOAD_MAXSIZE" in msg or "max size" in msg:
            return Reason.TOO_LARGE
        if "robots.txt" in msg:
            return Reason.ROBOTS_DISALLOWED
        if "max redirections" in msg:
            return Reason.TOO_MANY_REDIRECTS
        if Reason.OFFSITE in msg.lower():  # "Filtered offsite request"
            return Reason.OFFSITE
        return Reason.IGNORED
    name = type(exc).__name__
    if "Timeout" in name or "TimedOut" in name:
        return Reason.TIMEOUT
    if "DataLoss" in name or "_DataLoss" in msg:
        return Reason.TRUNCATED
    if "DNS" in name or "Resolve" in name:
        return Reason.DNS
    if "Cancel" in name:
        return Reason.TOO_LARGE if "max size" in msg else Reason.CANCELLED
    if "Connection" in name or "ResponseFailed" in name or "ResponseNeverReceived" in name:
        return Reason.CONNECTION
    return Reason.DOWNLOAD_ERROR
