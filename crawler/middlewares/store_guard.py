"""A store that cannot be written (disk full, read-only, quota) stops the crawl at once, with
one error line, instead of fetching on and failing every item. An extension, not a
middleware: it listens to item errors, and the store pipeline calls it directly."""

from __future__ import annotations

import errno
import logging
import sqlite3
from typing import Any

from scrapy import signals
from scrapy.exceptions import NotConfigured

logger = logging.getLogger(__name__)

_STORE_ERRNOS = {errno.ENOSPC, errno.EROFS, errno.EDQUOT, errno.EFBIG, errno.EACCES, errno.EPERM}


class StoreGuard:
    """An item that cannot be written because the store cannot be (disk full, read-only data
    directory, quota) stops the crawl at once with one clear error, instead of fetching on
    and failing every item. SQLite's transactions keep the store as it was before that item."""

    def __init__(self, crawler: Any) -> None:
        self.crawler = crawler
        self.stopped = False

    @classmethod
    def from_crawler(cls, crawler: Any) -> StoreGuard:
        if not crawler.settings.getbool("NKWATCH_STORE_GUARD", True):
            raise NotConfigured
        guard = cls(crawler)
        crawler.signals.connect(guard.item_error, signal=signals.item_error)
        return guard

    @staticmethod
    def is_store_failure(exc: BaseException) -> bool:
        from crawler.store import StoreError

        if isinstance(exc, StoreError | sqlite3.OperationalError | sqlite3.DatabaseError):
            return True
        return isinstance(exc, OSError) and exc.errno in _STORE_ERRNOS

    def item_error(self, item: Any, response: Any, spider: Any, failure: Any) -> None:
        if self.stopped or not self.is_store_failure(failure.value):
            return
        self.stopped = True
        stop_for_store_failure(self.crawler, failure.value)


def stop_for_store_failure(crawler: Any, exc: BaseException) -> None:
    """Record the failure for the summary, say it once, and close the spider."""
    if crawler.stats.get_value("nkwatch/store_error"):
        return
    crawler.stats.set_value("nkwatch/store_error", str(exc))
    data_dir = crawler.settings.get("NKWATCH_DATA_DIR") or "the data directory"
    logger.error(
        "cannot write the store in %s: %s (disk full or read-only?); stopping the crawl. "
        "Everything stored before this is intact: free space or fix permissions, then run "
        "the crawl again",
        data_dir,
        exc,
    )
    from scrapy.utils.defer import deferred_from_coro

    deferred_from_coro(crawler.engine.close_spider_async(reason="store-unwritable"))
