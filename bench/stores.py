"""Stores of N synthetic articles, generated once and cached under bench/results/tmp/.

Crawling 150k documents would take hours, so the index benchmark loads articles straight
into the store with the pipelines' own enrichment (synth.pair_articles). One master store
grows to the largest N asked for; the store for N holds its first N/2 pairs, so every size
is a prefix of the next. The cache key is a hash of the data the code makes (`fingerprint`).
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import multiprocessing
import shutil
import sqlite3
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench import synth
from crawler.items import Article
from crawler.store import Store

ROOT = Path(__file__).resolve().parent
CACHE = ROOT / "results" / "tmp"
SEED = 1
CHUNK = 100
PROBE = 30  # stories whose enriched articles key the cache
CHECKED = 20  # stories whose paragraph-wise entities are compared with the pipeline's


def fingerprint() -> str:
    """Changes when the data the benchmark stores would change: the generator, the store's
    schema, or what the enrichment code makes of a probe of stories. Keyed on content, not
    on source files, so an unrelated edit to the store or the item does not cost a 15-minute
    regeneration of the 150k store, while any change to the stored articles still does."""
    from crawler import store

    repo = ROOT.parent
    h = hashlib.sha1()
    h.update((repo / "bench/synth.py").read_bytes())
    h.update(store.SCHEMA.encode())
    for article in _probe():
        h.update(json.dumps(_non_default(article), sort_keys=True, ensure_ascii=False).encode())
    return h.hexdigest()[:10]


def _probe(stories: int = PROBE) -> list[Article]:
    records = list(synth.stories(stories, SEED))
    return [
        art
        for n, (s, k, e) in enumerate(synth.assign_urls(records))
        for art in synth.pair_articles(s, k, e, n, by_paragraph=True)
    ]


def _non_default(article: Article) -> dict[str, Any]:
    """The article's fields that differ from their defaults: a new field with a default
    leaves stored articles as they were."""
    blank = Article(url="")
    return {
        f.name: getattr(article, f.name)
        for f in dataclasses.fields(article)
        if getattr(article, f.name) != getattr(blank, f.name)
    }


def _enrich(chunk: list[tuple[int, dict[str, Any], str, str]]) -> list[list[Article]]:
    return [synth.pair_articles(s, k, e, n, by_paragraph=True) for n, s, k, e in chunk]


def _check(chunk: list[tuple[int, dict[str, Any], str, str]]) -> bool:
    return all(synth.same_entities(s, k, e) for _, s, k, e in chunk)


def master(pairs: int, log: Callable[[str], None] = print) -> Path:
    """The master store with at least `pairs` stories; returns its path."""
    folder = CACHE / f"gen-{fingerprint()}"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "store.sqlite3"
    have = _pairs_in(path)  # an interrupted generation resumes where it stopped
    if have >= pairs:
        return path
    started = time.monotonic()
    records = list(synth.stories(pairs, SEED))
    todo = [(n, s, k, e) for n, (s, k, e) in enumerate(synth.assign_urls(records)) if n >= have]
    chunks = [todo[i : i + CHUNK] for i in range(0, len(todo), CHUNK)]
    log(f"generating {2 * len(todo)} articles (cached in {folder.name}) ...")
    # Two workers enrich (the costly part), this process writes; the pool is forked before
    # the store is opened, so no SQLite handle crosses a fork.
    with multiprocessing.get_context("fork").Pool(2) as pool:
        check = pool.apply_async(_check, (todo[:CHECKED],))
        store = Store(path)
        try:
            for i, arts_per_story in enumerate(pool.imap(_enrich, chunks)):
                for ko, en in arts_per_story:
                    store.upsert_article(ko)
                    store.upsert_article(en)
                    store.add_pair(en.url, ko.url)
                if i % 50 == 49:
                    log(f"  {2 * CHUNK * (i + 1)} articles, {time.monotonic() - started:.0f} s")
            store.resolve_pairs()
        finally:
            store.close()
        if not check.get():
            raise RuntimeError("paragraph-wise entity matching differs from the pipeline's")
    log(f"generated in {time.monotonic() - started:.0f} s")
    return path


def _pairs_in(path: Path) -> int:
    """Stories stored so far: each story's pair row is written after its two articles."""
    if not path.exists():
        return 0
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return db.execute("SELECT COUNT(*) FROM pairs").fetchone()[0]
    except sqlite3.Error:
        return 0
    finally:
        db.close()


def data_dir(n_docs: int, log: Callable[[str], None] = print) -> Path:
    """A data directory whose store holds the first `n_docs` articles (n_docs/2 pairs) of
    the master store, without an index. Cached; call `fresh_copy` before writing to it."""
    pairs = n_docs // 2
    src = master(pairs, log)
    base = CACHE / f"n{n_docs}-{fingerprint()}"
    store = base / "store.sqlite3"
    if (base / "ready").exists():
        return base
    shutil.rmtree(base, ignore_errors=True)
    base.mkdir(parents=True)
    Store(store).close()  # the schema
    db = sqlite3.connect(store)
    try:
        db.execute("ATTACH ? AS m", (str(src),))
        with db:
            db.execute("INSERT INTO pairs SELECT * FROM m.pairs WHERE rowid <= ?", (pairs,))
            db.execute(
                "INSERT INTO articles SELECT * FROM m.articles WHERE url IN"
                " (SELECT en_url FROM pairs UNION SELECT ko_url FROM pairs)"
            )
            db.execute("UPDATE articles SET indexed_at=NULL")
        got = db.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
        db.execute("DETACH m")
    finally:
        db.close()
    if got != n_docs:
        raise RuntimeError(f"store for {n_docs} documents holds {got}")
    copy = Store(store)
    try:
        copy.resolve_pairs()
    finally:
        copy.close()
    (base / "ready").write_text(str(n_docs))
    return base


def drop_index(base: Path) -> None:
    """Leave the data directory with its store only (before a full build)."""
    link = base / "index"
    if link.is_symlink() or link.is_file():
        link.unlink()
    elif link.is_dir():
        shutil.rmtree(link)
    shutil.rmtree(base / "indexes", ignore_errors=True)


def fresh_copy(base: Path, dest: Path) -> Path:
    """A writable copy of a data directory, index included (the index link is relative)."""
    shutil.rmtree(dest, ignore_errors=True)
    shutil.copytree(base, dest, symlinks=True)
    return dest


def dir_mb(path: Path) -> float:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) / 1e6
