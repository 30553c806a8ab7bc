"""Registers every command on the group; one module per command family."""

from search.cli import completion, crawl, data, find, index, refresh, watch  # noqa: F401
