"""The search side's exceptions, each with a meaning, in a module that imports nothing heavy
(the CLI catches them before Whoosh or Scrapy are loaded). The base class is the crawler's."""

from crawler.errors import NkwatchError

__all__ = ["IndexBroken", "IndexMissing", "NkwatchError", "QueryError"]


class IndexMissing(NkwatchError):
    """No index yet in the data directory."""


class IndexBroken(NkwatchError):
    """The index exists but cannot or must not be opened."""


class QueryError(NkwatchError, ValueError):
    """The query or a filter cannot be used; the message says why and what to do."""
