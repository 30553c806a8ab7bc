"""nkwatch's own exceptions, each with a meaning, in a module that imports nothing heavy.

They live at the bottom of the dependency chain (crawler <- search <- CLI) so every layer can
raise them; the CLI catches NkwatchError and prints its message as one line."""


class NkwatchError(Exception):
    """An error the user can act on; its message names the fix."""


class CrawlIncomplete(NkwatchError):
    """The crawl process ended without writing its summary (killed, or crashed early)."""


class StoreUnwritable(NkwatchError):
    """The store could not be written (disk full, read-only); what it held stays whole."""
