"""Registers every command on the group; one module per command family."""

from search.cli import (  # noqa: F401
    changes,
    completion,
    crawl,
    data,
    find,
    index,
    lexicon,
    prices,
    refresh,
    serve,
    trend,
    watch,
)
