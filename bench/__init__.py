"""Benchmarks of nkwatch at archive scale (crawl, index, query, memory) next to reference
engines. Run with `make bench` (or `make bench-quick`); never part of `make test`."""
