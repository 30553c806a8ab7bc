"""nkwatch's own exceptions, each with a meaning, in a module that imports nothing heavy
(the CLI catches them before Whoosh or Scrapy are loaded)."""


class NkwatchError(Exception):
    """An error the user can act on; its message names the fix."""


class IndexMissing(NkwatchError):
    """No index yet in the data directory."""


class IndexBroken(NkwatchError):
    """The index exists but cannot or must not be opened."""


class QueryError(NkwatchError, ValueError):
    """The query or a filter cannot be used; the message says why and what to do."""
