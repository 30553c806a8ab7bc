"""The store: SQLite, the source of truth. The index can always be rebuilt from it.

One row per article (its latest version), every earlier version in `revisions`, pair edges
in `pairs`, one row per crawl in `crawl_runs`. Writes are transactions; WAL mode lets a
search read while a crawl writes, and a crash loses nothing that was committed.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from crawler.items import LANGS, Article

SCHEMA = """
CREATE TABLE IF NOT EXISTS articles (
    url TEXT PRIMARY KEY,
    lang TEXT,
    data TEXT NOT NULL,            -- the Article as JSON
    content_hash TEXT NOT NULL,
    published TEXT,
    first_seen TEXT NOT NULL,
    last_fetched TEXT NOT NULL,
    updated_at TEXT NOT NULL,      -- when the content last changed
    revision INTEGER NOT NULL DEFAULT 1,
    indexed_at TEXT                -- set only after the index commit that holds this version
);
CREATE INDEX IF NOT EXISTS articles_published ON articles(published);
CREATE INDEX IF NOT EXISTS articles_unindexed ON articles(indexed_at);
CREATE TABLE IF NOT EXISTS revisions (
    url TEXT NOT NULL,
    revision INTEGER NOT NULL,
    data TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    fetched_at TEXT NOT NULL,
    PRIMARY KEY (url, revision)
);
CREATE TABLE IF NOT EXISTS pairs (
    en_url TEXT NOT NULL,
    ko_url TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'pending',   -- pending | ok | broken
    first_seen TEXT NOT NULL,
    checked_at TEXT NOT NULL,
    PRIMARY KEY (en_url, ko_url)
);
CREATE INDEX IF NOT EXISTS pairs_ko ON pairs(ko_url);
CREATE TABLE IF NOT EXISTS frontier (
    url TEXT PRIMARY KEY,          -- discovered and requested, not yet stored or dropped
    added_at TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS listing_walks (
    listing TEXT PRIMARY KEY,      -- path of a listing's first page
    complete INTEGER NOT NULL,     -- did the last walk reach its end or known URLs?
    updated_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS crawl_runs (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    started_at TEXT NOT NULL,
    finished_at TEXT,
    base_url TEXT,
    status TEXT,
    summary TEXT
);
CREATE TABLE IF NOT EXISTS watches (
    name TEXT PRIMARY KEY,
    query TEXT NOT NULL,
    entity TEXT,
    commodity TEXT,
    lang TEXT,
    created_at TEXT NOT NULL,
    horizon TEXT NOT NULL,         -- articles first stored from then on are new to the watch
    checked_through TEXT NOT NULL  -- articles indexed at or after this are still to be run
);
CREATE TABLE IF NOT EXISTS watch_hits (
    watch TEXT NOT NULL,
    url TEXT NOT NULL,             -- an article of a matching story
    first_seen TEXT NOT NULL,
    run_id INTEGER,                -- the crawl run whose refresh recorded it (NULL: backfill)
    new_translation INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (watch, url)
);
CREATE TABLE IF NOT EXISTS article_changes (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    url TEXT NOT NULL,
    lang TEXT,
    change TEXT NOT NULL,          -- edited | withdrawn | restored
    at TEXT NOT NULL,
    revision INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS article_changes_at ON article_changes(at);
CREATE TABLE IF NOT EXISTS withdrawn (
    url TEXT PRIMARY KEY,          -- answered 404/410 when re-fetched; kept, not deleted
    at TEXT NOT NULL
);
-- Every new revision is an edit, logged in the transaction that stores it.
CREATE TRIGGER IF NOT EXISTS article_edited AFTER UPDATE OF revision ON articles
WHEN NEW.revision > OLD.revision BEGIN
    INSERT INTO article_changes (url, lang, change, at, revision)
    VALUES (NEW.url, NEW.lang, 'edited', NEW.updated_at, NEW.revision);
END;
"""

# Market price observations (issue 15): derived from articles (replaced whenever the article
# is stored again, so an edit updates them) and imported survey rows (kept as imported).
PRICES_SCHEMA = """
CREATE TABLE IF NOT EXISTS prices (
    source TEXT NOT NULL,          -- the article's URL, or the survey sheet's CSV URL
    survey TEXT,                   -- NULL for an article; the sheet's tab (rate, rice)
    lang TEXT,
    date TEXT NOT NULL,
    date_exact INTEGER NOT NULL,
    market TEXT,                   -- a gazetteer place id, NULL when no market is named
    commodity TEXT NOT NULL,       -- a gazetteer id (us_dollar, chinese_yuan for rates)
    price INTEGER NOT NULL,        -- in won
    currency TEXT NOT NULL,        -- KPW | KPW-old (before the 2009 reform)
    unit TEXT NOT NULL,
    quote TEXT
);
CREATE INDEX IF NOT EXISTS prices_source ON prices(source);
CREATE INDEX IF NOT EXISTS prices_series ON prices(commodity, date);
"""
SCHEMA += PRICES_SCHEMA
PRICE_FIELDS = ("date", "date_exact", "market", "commodity", "price", "currency", "unit", "quote")

# Fields whose change makes a new revision (fetch bookkeeping and enrichment do not).
CONTENT_FIELDS = (
    "title",
    "subtitle",
    "authors",
    "published",
    "section",
    "tags",
    "body",
    "captions",
    "translator",
    "editor",
    "pair_url",
)


def now_utc() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


class StoreError(RuntimeError):
    """The store cannot be opened or written (permissions, disk full, not a database)."""


@dataclass(frozen=True)
class ArticleFilter:
    """Which stored articles a caller wants. Callers say what, the store writes the SQL, so
    no SQL text leaves this module and a filter means the same in every command."""

    lang: str | None = None  # one of LANGS
    since: date | None = None  # published on or after this day (UTC)
    until: date | None = None  # published on or before this day (UTC)

    def __post_init__(self) -> None:
        if self.lang is not None and self.lang not in LANGS:
            raise ValueError(f"lang must be one of {LANGS}, not {self.lang!r}")

    def _sql(self) -> tuple[str, tuple[str, ...]]:
        clauses, params = ["1=1"], []
        if self.lang:
            clauses.append("lang=?")
            params.append(self.lang)
        if self.since:
            clauses.append("published>=?")
            params.append(self.since.isoformat())
        if self.until:  # published is ISO 8601: anything before the next day is on `until`
            clauses.append("published<?")
            params.append((self.until + timedelta(days=1)).isoformat())
        return " AND ".join(clauses), tuple(params)


class Store:
    def __init__(self, path: str | os.PathLike[str], readonly: bool = False) -> None:
        self.path = Path(path)
        try:
            if readonly:
                if not self.path.exists():
                    raise StoreError(f"no store at {self.path}")
                uri = f"file:{self.path}?mode=ro"
                self.db = sqlite3.connect(uri, uri=True, timeout=30)
            else:
                self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
                self.db = sqlite3.connect(self.path, timeout=30)
                self.db.execute("PRAGMA journal_mode=WAL")
                self.db.execute("PRAGMA synchronous=NORMAL")
                self.db.executescript(SCHEMA)
            self.db.row_factory = sqlite3.Row
        except sqlite3.Error as exc:
            raise StoreError(f"cannot open the store {self.path}: {exc}") from exc

    def close(self) -> None:
        self.db.close()

    # --- articles -----------------------------------------------------------------------
    @staticmethod
    def content_hash(article: Article) -> str:
        content = {k: getattr(article, k) for k in CONTENT_FIELDS}
        return hashlib.sha256(json.dumps(content, sort_keys=True).encode()).hexdigest()

    def upsert_article(self, article: Article) -> str:
        """Store one article; 'new', 'updated' (old version kept as a revision) or 'unchanged'."""
        with self.db:
            return self._upsert(article)

    def store_crawled(self, article: Article) -> str:
        """Store a crawled article in one transaction with what it settles: its price
        observations replace the earlier version's, a withdrawal ends if there was one, it
        leaves the frontier, and the Korean original an English article links to is paired
        and, unless stored, enters the frontier. An article must never count as known while
        the link it leads to is not committed: the next crawl does not fetch a known page
        again, so a full disk between two writes would lose that original for good."""
        with self.db:
            outcome = self._upsert(article)
            # its price observations too: an article never stands with its old ones, and a
            # crawl pays one commit per article, not two
            self._replace_prices(article.url, article.lang, article.prices)
            self._restore(article.url)  # a withdrawn article that answers again
            self.db.execute("DELETE FROM frontier WHERE url=?", (article.url,))
            if article.lang == "en" and article.pair_url:
                self._add_pair(article.url, article.pair_url, "pending")
                self.db.execute(
                    "INSERT OR IGNORE INTO frontier (url, added_at) SELECT ?, ?"
                    " WHERE NOT EXISTS (SELECT 1 FROM articles WHERE url=?)",
                    (article.pair_url, now_utc(), article.pair_url),
                )
        return outcome

    def _upsert(self, article: Article) -> str:
        """upsert_article inside the caller's transaction."""
        digest = self.content_hash(article)
        data = json.dumps(article.to_dict(), ensure_ascii=False)
        ts = now_utc()
        row = self.db.execute(
            "SELECT content_hash, revision, data, last_fetched FROM articles WHERE url=?",
            (article.url,),
        ).fetchone()
        if row is None:
            self.db.execute(
                "INSERT INTO articles (url, lang, data, content_hash, published, first_seen,"
                " last_fetched, updated_at) VALUES (?,?,?,?,?,?,?,?)",
                (article.url, article.lang, data, digest, article.published, ts, ts, ts),
            )
            return "new"
        if row["content_hash"] == digest:
            self.db.execute("UPDATE articles SET last_fetched=? WHERE url=?", (ts, article.url))
            return "unchanged"
        self.db.execute(
            "INSERT OR IGNORE INTO revisions (url, revision, data, content_hash, fetched_at)"
            " VALUES (?,?,?,?,?)",
            (
                article.url,
                row["revision"],
                row["data"],
                row["content_hash"],
                row["last_fetched"],
            ),
        )
        self.db.execute(
            "UPDATE articles SET lang=?, data=?, content_hash=?, published=?, last_fetched=?,"
            " updated_at=?, revision=revision+1, indexed_at=NULL WHERE url=?",
            (article.lang, data, digest, article.published, ts, ts, article.url),
        )
        return "updated"

    def get(self, url: str) -> dict[str, Any] | None:
        row = self.db.execute("SELECT * FROM articles WHERE url=?", (url,)).fetchone()
        return self._record(row) if row else None

    def find(self, key: str) -> dict[str, Any] | None:
        """By URL (any spelling), or by post id."""
        from crawler.urls import canonicalize

        if key.isdigit():
            for row in self.db.execute("SELECT * FROM articles"):
                rec = self._record(row)
                if rec.get("post_id") == int(key):
                    return rec
            return None
        return self.get(canonicalize(key))

    def _record(self, row: sqlite3.Row) -> dict[str, Any]:
        rec = json.loads(row["data"])
        rec.setdefault("source", "page")  # stored before articles came from REST records too
        rec.update(
            revision=row["revision"],
            first_seen=row["first_seen"],
            last_fetched=row["last_fetched"],
            updated_at=row["updated_at"],
        )
        rec["pair_url"] = self.partner(rec["url"], rec.get("lang"))
        return rec

    def articles(self, only: ArticleFilter | None = None) -> Iterator[dict[str, Any]]:
        """Stored articles, oldest first; all of them unless `only` narrows them."""
        return self._select(*(only or ArticleFilter())._sql())

    def _select(self, where: str, params: tuple = ()) -> Iterator[dict[str, Any]]:
        for row in self.db.execute(
            f"SELECT * FROM articles WHERE {where} ORDER BY published, url", params
        ):
            yield self._record(row)

    def known_urls(self) -> set[str]:
        return {r[0] for r in self.db.execute("SELECT url FROM articles")}

    def recent_urls(self, since_iso: str) -> set[str]:
        return {
            r[0]
            for r in self.db.execute("SELECT url FROM articles WHERE published>=?", (since_iso,))
        }

    def revisions(self, url: str) -> list[dict[str, Any]]:
        rows = self.db.execute(
            "SELECT revision, data, fetched_at FROM revisions WHERE url=? ORDER BY revision",
            (url,),
        )
        return [
            dict(json.loads(r["data"]), revision=r["revision"], fetched_at=r["fetched_at"])
            for r in rows
        ]

    def count(self) -> dict[str, int]:
        rows = self.db.execute("SELECT lang, COUNT(*) FROM articles GROUP BY lang")
        return {(r[0] or "unknown"): r[1] for r in rows}

    def by_month(self) -> Counter[tuple[str | None, str | None]]:
        """Articles per (lang, YYYY-MM of publication); None where the store has no value."""
        rows = self.db.execute(
            "SELECT lang, substr(published, 1, 7), COUNT(*) FROM articles GROUP BY 1, 2"
        )
        return Counter({(r[0], r[1]): r[2] for r in rows})

    # --- index bookkeeping --------------------------------------------------------------
    def unindexed(self) -> list[dict[str, Any]]:
        return list(self._select("indexed_at IS NULL"))

    def index_freshness(self) -> tuple[str | None, int]:
        """When an article was last indexed, and how many stored versions are not yet."""
        last, pending = self.db.execute(
            "SELECT MAX(indexed_at), SUM(indexed_at IS NULL) FROM articles"
        ).fetchone()
        return last, pending or 0

    def mark_indexed(self, urls: list[str], ts: str) -> None:
        with self.db:
            self.db.executemany(
                "UPDATE articles SET indexed_at=? WHERE url=?", [(ts, u) for u in urls]
            )

    # --- pairs --------------------------------------------------------------------------
    def add_pair(self, en_url: str, ko_url: str, status: str = "pending") -> None:
        with self.db:
            self._add_pair(en_url, ko_url, status)

    def _add_pair(self, en_url: str, ko_url: str, status: str) -> None:
        ts = now_utc()
        self.db.execute(
            "INSERT INTO pairs (en_url, ko_url, status, first_seen, checked_at)"
            " VALUES (?,?,?,?,?) ON CONFLICT(en_url, ko_url) DO UPDATE SET"
            " status=CASE WHEN excluded.status='pending' THEN pairs.status"
            " ELSE excluded.status END, checked_at=excluded.checked_at",
            (en_url, ko_url, status, ts, ts),
        )

    def resolve_pairs(self) -> None:
        """A pending pair whose Korean side is stored is ok."""
        with self.db:
            self.db.execute(
                "UPDATE pairs SET status='ok' WHERE status!='ok'"
                " AND ko_url IN (SELECT url FROM articles)"
            )

    def pairs(self, status: str | None = None) -> list[dict[str, Any]]:
        sql = "SELECT * FROM pairs" + (" WHERE status=?" if status else "") + " ORDER BY en_url"
        return [dict(r) for r in self.db.execute(sql, (status,) if status else ())]

    def partner(self, url: str, lang: str | None) -> str | None:
        """The other version of a story: the Korean original of an English article, or back."""
        if lang == "en":
            row = self.db.execute(
                "SELECT ko_url FROM pairs WHERE en_url=? AND status!='broken'", (url,)
            ).fetchone()
            return row[0] if row else None
        row = self.db.execute(
            "SELECT en_url FROM pairs WHERE ko_url=? AND status='ok' ORDER BY first_seen",
            (url,),
        ).fetchone()
        return row[0] if row else None

    def shared_originals(self) -> list[tuple[str, list[str]]]:
        """Korean pages claimed by more than one English page (reported, not fixed)."""
        rows = self.db.execute(
            "SELECT ko_url, GROUP_CONCAT(en_url, ' ') FROM pairs GROUP BY ko_url"
            " HAVING COUNT(*) > 1"
        )
        return [(r[0], r[1].split(" ")) for r in rows]

    def unpaired(self, lang: str) -> list[str]:
        if lang == "en":
            sql = (
                "SELECT url FROM articles WHERE lang='en' AND url NOT IN"
                " (SELECT en_url FROM pairs WHERE status='ok')"
            )
        else:
            sql = (
                "SELECT url FROM articles WHERE lang='ko' AND url NOT IN"
                " (SELECT ko_url FROM pairs WHERE status='ok')"
            )
        return [r[0] for r in self.db.execute(sql + " ORDER BY url")]

    # --- frontier -----------------------------------------------------------------------
    MAX_ATTEMPTS = 3  # runs in which a URL may fail before it is given up

    def frontier_update(self, url: str, state: str) -> None:
        with self.db:
            if state == "done":
                self.db.execute("DELETE FROM frontier WHERE url=?", (url,))
            elif state == "retry":
                self.db.execute("UPDATE frontier SET attempts=attempts+1 WHERE url=?", (url,))
            else:
                self.db.execute(
                    "INSERT OR IGNORE INTO frontier (url, added_at) VALUES (?,?)", (url, now_utc())
                )

    def frontier(self) -> list[str]:
        try:
            rows = self.db.execute(
                "SELECT url FROM frontier WHERE attempts < ? ORDER BY added_at",
                (self.MAX_ATTEMPTS,),
            )
        except sqlite3.OperationalError:  # a store from before the frontier was kept
            return []
        return [r[0] for r in rows]

    # --- listing walks -----------------------------------------------------------------
    def record_walk(self, listing: str, complete: bool) -> None:
        with self.db:
            self.db.execute(
                "INSERT INTO listing_walks (listing, complete, updated_at) VALUES (?,?,?)"
                " ON CONFLICT(listing) DO UPDATE SET complete=excluded.complete,"
                " updated_at=excluded.updated_at",
                (listing, int(complete), now_utc()),
            )

    def finished_listings(self) -> set[str]:
        try:
            rows = self.db.execute("SELECT listing FROM listing_walks WHERE complete=1")
        except sqlite3.OperationalError:  # a store from before listing walks were kept
            return set()
        return {r[0] for r in rows}

    # --- crawl runs ---------------------------------------------------------------------
    def start_run(self, base_url: str) -> int:
        with self.db:
            cur = self.db.execute(
                "INSERT INTO crawl_runs (started_at, base_url, status) VALUES (?,?, 'running')",
                (now_utc(), base_url),
            )
        return int(cur.lastrowid or 0)

    def finish_run(self, run_id: int, status: str, summary: dict[str, Any]) -> None:
        with self.db:
            self.db.execute(
                "UPDATE crawl_runs SET finished_at=?, status=?, summary=? WHERE id=?",
                (now_utc(), status, json.dumps(summary, ensure_ascii=False), run_id),
            )

    def annotate_run(self, run_id: int, extra: dict[str, Any], status: str | None = None) -> None:
        """Add the refresh's own figures (index, staleness, exit code) to a crawl run."""
        with self.db:
            row = self.db.execute("SELECT summary FROM crawl_runs WHERE id=?", (run_id,)).fetchone()
            if row is None:
                return
            summary = json.loads(row[0] or "{}")
            summary.update(extra)
            self.db.execute(
                "UPDATE crawl_runs SET summary=?, status=COALESCE(?, status) WHERE id=?",
                (json.dumps(summary, ensure_ascii=False), status, run_id),
            )

    def newest_seen(self) -> dict[str, str]:
        """When each language last got an article new to us (first_seen), for staleness."""
        rows = self.db.execute("SELECT lang, MAX(first_seen) FROM articles GROUP BY lang")
        return {r[0]: r[1] for r in rows if r[0]}

    def last_complete_rest_run(self, base_url: str) -> str | None:
        """When the last crawl of this site whose REST walk read every page started: edits
        since then are asked for with modified_after. None: no such run."""
        rows = self.db.execute(
            "SELECT started_at, summary FROM crawl_runs WHERE base_url=? AND summary IS NOT NULL"
            " ORDER BY id DESC LIMIT 200",
            (base_url,),
        )
        for started, summary in rows:
            try:
                rest = json.loads(summary).get("rest") or {}
            except (ValueError, AttributeError):
                continue
            if isinstance(rest, dict) and rest.get("complete"):
                return str(started)
        return None

    def runs(self, limit: int = 10) -> list[dict[str, Any]]:
        rows = self.db.execute("SELECT * FROM crawl_runs ORDER BY id DESC LIMIT ?", (limit,))
        out = []
        for r in rows:
            d = dict(r)
            d["summary"] = json.loads(d["summary"]) if d["summary"] else {}
            out.append(d)
        return out

    # --- prices -------------------------------------------------------------------------
    def replace_article_prices(self, url: str, lang: str | None, found: list[dict]) -> None:
        """The article's observations, replacing what an earlier version of it gave."""
        if (
            not found
            and not self.db.execute(
                "SELECT 1 FROM prices WHERE source=? AND survey IS NULL LIMIT 1", (url,)
            ).fetchone()
        ):
            return  # most articles: no prices before, none now, no transaction
        with self.db:
            self._replace_prices(url, lang, found)

    def _replace_prices(self, url: str, lang: str | None, found: list[dict]) -> None:
        """replace_article_prices inside the caller's transaction."""
        self.db.execute("DELETE FROM prices WHERE source=? AND survey IS NULL", (url,))
        if found:
            rows = [(url, None, lang, *(o[k] for k in PRICE_FIELDS)) for o in found]
            self.db.executemany(f"INSERT INTO prices VALUES ({','.join('?' * 11)})", rows)

    # --- watches (saved searches) -------------------------------------------------------
    def add_watch(self, watch: dict[str, Any]) -> None:
        """A new saved search; its horizon is now, or the first stored article the index
        does not hold yet (those are new to the watch: adding it could not see them)."""
        ts = now_utc()
        (pending,) = self.db.execute(
            "SELECT MIN(first_seen) FROM articles WHERE indexed_at IS NULL"
        ).fetchone()
        with self.db:
            self.db.execute(
                "INSERT INTO watches (name, query, entity, commodity, lang, created_at, horizon,"
                " checked_through) VALUES (?,?,?,?,?,?,?,?)",
                (
                    watch["name"],
                    watch["query"],
                    watch.get("entity"),
                    watch.get("commodity"),
                    watch.get("lang"),
                    ts,
                    min(ts, pending or ts),
                    ts,
                ),
            )

    def watches(self, name: str | None = None) -> list[dict[str, Any]]:
        sql = "SELECT * FROM watches" + (" WHERE name=?" if name else "") + " ORDER BY name"
        try:
            return [dict(r) for r in self.db.execute(sql, (name,) if name else ())]
        except sqlite3.OperationalError:  # a store from before watches were kept
            return []

    def remove_watch(self, name: str) -> bool:
        with self.db:
            self.db.execute("DELETE FROM watch_hits WHERE watch=?", (name,))
            return self.db.execute("DELETE FROM watches WHERE name=?", (name,)).rowcount > 0

    def watch_candidates(self, watch: dict[str, Any]) -> list[dict[str, Any]]:
        """Articles new to the watch, indexed since its last run, with no hit yet."""
        rows = self.db.execute(
            "SELECT url, lang, published, indexed_at FROM articles WHERE indexed_at IS NOT NULL"
            " AND indexed_at>=? AND first_seen>=? AND url NOT IN"
            " (SELECT url FROM watch_hits WHERE watch=?)",
            (watch["checked_through"], watch["horizon"], watch["name"]),
        )
        return [dict(r) for r in rows]

    def watch_hit_urls(self, name: str) -> set[str]:
        return {r[0] for r in self.db.execute("SELECT url FROM watch_hits WHERE watch=?", (name,))}

    def record_watch_hits(
        self, name: str, hits: list[dict[str, Any]], checked_through: str | None = None
    ) -> int:
        """Hits and the watch's new watermark in one transaction: a run killed halfway
        leaves either both or neither. A hit already recorded is kept as it was."""
        added = 0
        with self.db:
            for h in hits:
                added += self.db.execute(
                    "INSERT OR IGNORE INTO watch_hits (watch, url, first_seen, run_id,"
                    " new_translation) VALUES (?,?,?,?,?)",
                    (
                        name,
                        h["url"],
                        h.get("first_seen") or now_utc(),
                        h.get("run_id"),
                        int(h.get("new_translation", False)),
                    ),
                ).rowcount
            if checked_through:
                self.db.execute(
                    "UPDATE watches SET checked_through=MAX(checked_through, ?) WHERE name=?",
                    (checked_through, name),
                )
        return added

    def watch_hits(self, name: str | None = None, since: str | None = None) -> list[dict]:
        where, params = ["1=1"], []
        if name:
            where.append("watch=?")
            params.append(name)
        if since:
            where.append("first_seen>=?")
            params.append(since)
        sql = f"SELECT * FROM watch_hits WHERE {' AND '.join(where)} ORDER BY first_seen, url"
        try:
            return [dict(r) for r in self.db.execute(sql, params)]
        except sqlite3.OperationalError:
            return []

    def articles_between(self, first_day: str, last_day: str) -> int:
        """Stored articles published on these days (inclusive, UTC)."""
        (n,) = self.db.execute(
            "SELECT COUNT(*) FROM articles WHERE published>=? AND published<?",
            (first_day, last_day + "T23:59:60"),
        ).fetchone()
        return int(n)

    def published_days(self) -> list[str]:
        rows = self.db.execute(
            "SELECT DISTINCT substr(published, 1, 10) FROM articles WHERE published IS NOT NULL"
            " ORDER BY 1"
        )
        return [r[0] for r in rows]

    # --- edits and withdrawals ----------------------------------------------------------
    def mark_withdrawn(self, url: str) -> bool:
        """A stored article answered 404/410: kept and marked. True if it is news."""
        with self.db:
            row = self.db.execute("SELECT lang, revision FROM articles WHERE url=?", (url,))
            art = row.fetchone()
            if art is None:
                return False
            ts = now_utc()
            if not self.db.execute(
                "INSERT OR IGNORE INTO withdrawn (url, at) VALUES (?,?)", (url, ts)
            ).rowcount:
                return False
            self.db.execute(
                "INSERT INTO article_changes (url, lang, change, at, revision)"
                " VALUES (?,?,'withdrawn',?,?)",
                (url, art["lang"], ts, art["revision"]),
            )
            return True

    def _restore(self, url: str) -> bool:
        """A withdrawn article answers again: back to normal, inside the caller's
        transaction. True if it was withdrawn."""
        if not self.db.execute("DELETE FROM withdrawn WHERE url=?", (url,)).rowcount:
            return False
        self.db.execute(
            "INSERT INTO article_changes (url, lang, change, at, revision)"
            " SELECT url, lang, 'restored', ?, revision FROM articles WHERE url=?",
            (now_utc(), url),
        )
        return True

    def withdrawn(self, urls: list[str] | None = None) -> dict[str, str]:
        """Withdrawn articles (of `urls`, or all) and since when."""
        try:
            rows = self.db.execute("SELECT url, at FROM withdrawn").fetchall()
        except sqlite3.OperationalError:
            return {}
        wanted = set(urls) if urls is not None else None
        return {r[0]: r[1] for r in rows if wanted is None or r[0] in wanted}

    def changes(self, since: str | None = None) -> list[dict[str, Any]]:
        sql = "SELECT url, lang, change, at, revision FROM article_changes"
        sql += (" WHERE at>=?" if since else "") + " ORDER BY at, id"
        try:
            return [dict(r) for r in self.db.execute(sql, (since,) if since else ())]
        except sqlite3.OperationalError:
            return []

    def version(self, url: str, revision: int) -> dict[str, Any] | None:
        """One version of an article: the current one or a kept revision."""
        row = self.db.execute(
            "SELECT data, revision, updated_at FROM articles WHERE url=?", (url,)
        ).fetchone()
        if row is None:
            return None
        if row["revision"] == revision:
            return dict(json.loads(row["data"]), revision=revision, fetched_at=row["updated_at"])
        old = self.db.execute(
            "SELECT data, fetched_at FROM revisions WHERE url=? AND revision=?", (url, revision)
        ).fetchone()
        if old is None:
            return None
        return dict(json.loads(old["data"]), revision=revision, fetched_at=old["fetched_at"])

    def replace_survey(self, tab: str, url: str, found: list[dict]) -> None:
        """One tab of the survey sheet, as imported (the previous import of it goes)."""
        rows = [(url, tab, None, *(o.get(k) for k in PRICE_FIELDS)) for o in found]
        with self.db:
            self.db.execute("DELETE FROM prices WHERE survey=?", (tab,))
            self.db.executemany(f"INSERT INTO prices VALUES ({','.join('?' * 11)})", rows)

    def price_rows(
        self,
        commodity: str | None = None,
        market: str | None = None,
        since: str | None = None,
        until: str | None = None,
    ) -> list[dict[str, Any]]:
        """Stored observations, one row per source, oldest first."""
        where, params = ["1=1"], []
        for sql, value in (
            ("commodity=?", commodity),
            ("market=?", market),
            ("date>=?", since),
            ("date<=?", until),
        ):
            if value:
                where.append(sql)
                params.append(value)
        try:
            rows = self.db.execute(
                f"SELECT * FROM prices WHERE {' AND '.join(where)}"
                " ORDER BY date, commodity, market, survey IS NULL, source",
                params,
            )
            return [dict(r) for r in rows]
        except sqlite3.OperationalError:  # a store from before prices were kept
            return []
