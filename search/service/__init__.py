"""`nkwatch serve`: the index kept open in one long-running process, answering searches over
HTTP/1.1 with JSON on a Unix socket (or loopback TCP); `nkwatch search` uses it when it runs."""
