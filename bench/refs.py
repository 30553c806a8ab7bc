"""The anchors: the same documents and queries in tantivy and in SQLite FTS5.

Both use simple tokenisation (tantivy's `default` tokenizer, FTS5's `unicode61`: split on
non-letters, lowercase), so Korean is indexed by whole words with their particles; neither
does morphology, North/South folding or cross-language expansion. They answer "what does
a plain inverted index cost here", which is what the Whoosh figures are divided by.
"""

from __future__ import annotations

import json
import re
import sqlite3
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench.queries import BenchQuery

TOKENS = re.compile(r'"[^"]*"|\S+')


def quoted(query: str) -> list[str]:
    """Each word or phrase of `query` as a quoted string: both engines' syntax for "these
    tokens in this order", and no punctuation (Workers') can break their parsers. All are
    required, as in nkwatch's AND grouping."""
    return ['"' + tok.strip('"').replace('"', "") + '"' for tok in TOKENS.findall(query)]


def read_docs(store_path: Path) -> list[dict[str, Any]]:
    """Every stored article as {url, title, body, commodities, published}: what Whoosh's
    searchable text holds (title, subtitle and body, either language)."""
    db = sqlite3.connect(f"file:{store_path}?mode=ro", uri=True)
    try:
        docs = []
        for (raw,) in db.execute("SELECT data FROM articles ORDER BY published, url"):
            rec = json.loads(raw)
            docs.append(
                {
                    "url": rec["url"],
                    "title": rec.get("title") or "",
                    "body": "\n".join([rec.get("subtitle") or "", *rec.get("body", [])]),
                    "commodities": list(rec.get("commodities") or {}),
                    "published": rec.get("published") or "",
                }
            )
        return docs
    finally:
        db.close()


def _dt(iso: str, end: bool = False) -> datetime:
    day = datetime.strptime(iso[:10], "%Y-%m-%d").replace(tzinfo=UTC)
    return day.replace(hour=23, minute=59, second=59) if end else day


class Tantivy:
    """tantivy with one indexing thread (Whoosh's writer has one too)."""

    name = "tantivy"

    def __init__(self, path: Path) -> None:
        import tantivy

        self.t = tantivy
        sb = tantivy.SchemaBuilder()
        sb.add_text_field("url", stored=True, tokenizer_name="raw")
        sb.add_text_field("title", stored=True)
        sb.add_text_field("body")
        sb.add_text_field("commodities", tokenizer_name="raw")
        sb.add_date_field("published", indexed=True, fast=True)
        self.schema = sb.build()
        path.mkdir(parents=True, exist_ok=True)
        self.index = tantivy.Index(self.schema, path=str(path))

    def build(self, docs: list[dict[str, Any]]) -> None:
        writer = self.index.writer(heap_size=256_000_000, num_threads=1)
        for d in docs:
            fields: dict[str, Any] = {
                "url": d["url"],
                "title": d["title"],
                "body": d["body"],
                "commodities": d["commodities"],
            }
            if d["published"]:
                fields["published"] = datetime.fromisoformat(d["published"].replace("Z", "+00:00"))
            writer.add_document(self.t.Document(**fields))
        writer.commit()
        writer.wait_merging_threads()
        self.index.reload()

    def search(self, bq: BenchQuery) -> int:
        t = self.t
        text = " AND ".join(quoted(bq.q))
        q = self.index.parse_query(text, ["title", "body"])
        if bq.commodity or bq.since:
            parts = [(t.Occur.Must, q)]
            if bq.commodity:
                parts.append(
                    (t.Occur.Must, t.Query.term_query(self.schema, "commodities", bq.commodity))
                )
            if bq.since:
                rng = t.Query.range_query(
                    self.schema,
                    "published",
                    t.FieldType.Date,
                    _dt(bq.since),
                    _dt(bq.until or "2100-01-01", end=True),
                )
                parts.append((t.Occur.Must, rng))
            q = t.Query.boolean_query(parts)
        searcher = self.index.searcher()
        hits = searcher.search(q, 10).hits
        for _score, addr in hits:
            searcher.doc(addr)["title"]  # fetch stored fields, as a result list would
        return len(hits)


class Fts5:
    """SQLite FTS5, `unicode61` tokenizer, bm25 ranking."""

    name = "fts5"

    def __init__(self, path: Path) -> None:
        path.mkdir(parents=True, exist_ok=True)
        self.db = sqlite3.connect(path / "fts.sqlite3")
        self.db.execute(
            "CREATE VIRTUAL TABLE IF NOT EXISTS docs USING fts5(url UNINDEXED, title, body,"
            " commodities, published UNINDEXED, tokenize='unicode61')"
        )

    def build(self, docs: list[dict[str, Any]]) -> None:
        with self.db:
            self.db.executemany(
                "INSERT INTO docs (url, title, body, commodities, published) VALUES (?,?,?,?,?)",
                (
                    (d["url"], d["title"], d["body"], " ".join(d["commodities"]), d["published"])
                    for d in docs
                ),
            )

    @staticmethod
    def match_expr(bq: BenchQuery) -> str:
        """All words (or phrases) required, in title or body."""
        expr = "{title body} : (" + " AND ".join(quoted(bq.q)) + ")"
        if bq.commodity:
            expr += f' AND commodities : "{bq.commodity}"'
        return expr

    def search(self, bq: BenchQuery) -> int:
        sql = "SELECT url, title FROM docs WHERE docs MATCH ?"
        params: list[str] = [self.match_expr(bq)]
        if bq.since:
            sql += " AND published >= ? AND published <= ?"
            params += [bq.since, (bq.until or "2100-01-01") + "T23:59:59Z"]
        rows = self.db.execute(sql + " ORDER BY rank LIMIT 10", params).fetchall()
        return len(rows)

    def close(self) -> None:
        self.db.close()


def timed(fn, *args) -> tuple[float, Any]:
    start = time.perf_counter()
    out = fn(*args)
    return time.perf_counter() - start, out


def run_queries(engine: Any, queries: list[BenchQuery]) -> Iterator[float]:
    """Milliseconds per query."""
    for bq in queries:
        seconds, _ = timed(engine.search, bq)
        yield seconds * 1000
