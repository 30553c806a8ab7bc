"""Registers every command on the group; one module per command family."""

from search.cli import completion, crawl, data, find, index, refresh, trend, watch  # noqa: F401
