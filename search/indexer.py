"""Store -> index. Incremental updates in place; full rebuilds into a new directory that
is swapped in atomically (a symlink replaced with rename), so a search never sees a
half-built index. An article is marked indexed only after the commit that holds it.

Segments are written as separate files, not Whoosh's compound file: a reader opening a
compound segment copies each of its parts into memory (the postings too), which cost every
search tens of milliseconds at 10k documents and grew with the archive."""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from crawler import datadir
from crawler.store import Store, now_utc
from search import glossary, mpwriter
from search.analysis.postings import CompactCodec
from search.errors import IndexBroken, IndexMissing
from search.schema import SCHEMA_VERSION, ArticleSchema, published_key

MARKER = ".nkwatch-index"


__all__ = ["IndexBroken", "IndexMissing", "open_index", "rebuild", "update"]


def _parse_time(value: str | None) -> datetime | None:
    if not value:
        return None
    return datetime.fromisoformat(value.replace("Z", "+00:00")).astimezone(UTC).replace(tzinfo=None)


def _with_parents(ids: list[str]) -> list[str]:
    """An article about Hyesan is also about Ryanggang: a province (or parent body) query
    finds it through `ids`; the stored entity list stays what the text names."""
    from crawler.enrich import entities

    entries = entities.default().entries
    out = dict.fromkeys(ids)
    for ident in ids:
        parent = entries[ident].parent if ident in entries else None
        while parent and parent not in out:
            out[parent] = None
            parent = entries[parent].parent if parent in entries else None
    return list(out)


def day_terms(published: datetime) -> str:
    """The `days` terms of a publication time: its year, month and day (see plan.date_terms)."""
    return f"y{published:%Y},m{published:%Y-%m},d{published:%Y-%m-%d}"


def story_key(rec: dict[str, Any]) -> str:
    if rec.get("lang") == "ko" and rec.get("pair_url"):
        return rec["pair_url"]
    return rec["url"]


def to_document(rec: dict[str, Any]) -> dict[str, Any]:
    """One Whoosh document from one stored article record."""
    ents, comms = rec.get("entities") or {}, rec.get("commodities") or {}
    body = "\n".join([rec.get("subtitle") or "", *rec.get("body", [])])
    doc: dict[str, Any] = {
        "url": rec["url"],
        "story": story_key(rec),
        "lang": rec.get("lang") or "",
        "section": rec.get("section") or "",
        "title": rec.get("title") or "",
        "entities": ",".join(ents),
        "commodities": ",".join(comms),
        "ids": ",".join(_with_parents([*ents, *comms])),
    }
    published = _parse_time(rec.get("published"))
    if published:
        doc["published"] = published_key(published)
        doc["days"] = day_terms(published)
    text = f"{doc['title']}\n{body}"
    lang = "ko" if rec.get("lang") == "ko" else "en"
    doc[f"concepts_{lang}"] = ",".join(glossary.default().concepts_in(text, lang).elements())
    if rec.get("lang") == "ko":
        doc.update(title_ko=doc["title"], body_ko=body)
    else:
        doc.update(title_en=doc["title"], body_en=body, names=text)
    return doc


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_tree(path: Path) -> None:
    for f in path.iterdir():
        if f.is_file():
            with open(f, "rb") as fh:
                os.fsync(fh.fileno())
    _fsync_dir(path)


def live_dir(base: Path) -> Path | None:
    link = datadir.index_path(base)
    if not link.exists():
        return None
    return link.resolve()


def check_ours(base: Path, target: Path) -> None:
    """Refuse an index directory nkwatch did not make: Whoosh unpickles what it finds there.

    Ours means: inside DATA_DIR/indexes, owned by this user, not writable by group or
    others, and carrying nkwatch's marker file.
    """
    root = datadir.index_generations(base).resolve()
    if target.parent != root:
        raise IndexBroken(
            f"{datadir.index_path(base)} points outside {root}; refusing it: "
            "remove it and run `nkwatch index rebuild`"
        )
    for path in (target, target / MARKER):
        try:
            st = path.stat()
        except FileNotFoundError:
            raise IndexBroken(
                f"{target} was not created by nkwatch; refusing to open it "
                "(run `nkwatch index rebuild`)"
            ) from None
        if hasattr(os, "getuid") and st.st_uid != os.getuid():
            raise IndexBroken(f"{path} belongs to another user; refusing to open it")
        if st.st_mode & 0o022:
            raise IndexBroken(
                f"{path} is writable by others; refusing to open it "
                f"(chmod go-w {path}, or `nkwatch index rebuild`)"
            )


def open_index(base: Path):
    """The live index, or IndexMissing / IndexBroken with the fix in the message.

    Ownership is checked before Whoosh reads a byte: it unpickles what it finds.
    """
    from whoosh import index as windex

    from search.safe_pickle import UnsafePickle, harden_whoosh

    harden_whoosh()
    target = live_dir(base)
    if target is None:
        raise IndexMissing(f"no index in {base}: run `nkwatch crawl` (or `make demo`) first")
    check_ours(base, target)
    if (target / MARKER).read_text().strip() != str(SCHEMA_VERSION):
        raise IndexBroken(
            f"the index in {base} is from another nkwatch version: run `nkwatch index rebuild`"
        )
    try:
        return windex.open_dir(str(target))
    except UnsafePickle as exc:
        raise IndexBroken(
            f"the index in {base} refers to code no nkwatch index holds ({exc}); "
            "refusing it: run `nkwatch index rebuild`"
        ) from exc
    except Exception as exc:  # whoosh raises many kinds on a damaged index
        raise IndexBroken(
            f"the index in {base} is damaged ({type(exc).__name__}): run `nkwatch index rebuild`"
        ) from exc


def _new_index_dir(base: Path) -> Path:
    root = datadir.index_generations(base)
    root.mkdir(parents=True, exist_ok=True, mode=0o700)
    target = root / f"idx-{time.time_ns()}-{os.getpid()}"
    target.mkdir(mode=0o700)
    (target / MARKER).write_text(str(SCHEMA_VERSION))
    (target / MARKER).chmod(0o600)
    return target


def _snapshot(live: Path, base: Path) -> Path:
    """A writable copy of the live index made of hard links: Whoosh never rewrites a file in
    place, so writing and merging in the copy leaves the live index untouched for readers."""
    target = _new_index_dir(base)
    for f in live.iterdir():
        if f.is_file() and f.name != MARKER and not f.name.endswith("LOCK"):
            os.link(f, target / f.name)
    return target


def _swap_in(base: Path, target: Path) -> None:
    """Point `index` at `target` atomically (rename of a symlink), prune, and tell a
    running search service (every writer swaps here: crawl, refresh, ingest, index)."""
    link = datadir.index_path(base)
    tmp = base / f".index-{os.getpid()}.tmp"
    if tmp.is_symlink() or tmp.exists():
        tmp.unlink()
    os.symlink(os.path.relpath(target, base), tmp)
    if link.exists() and not link.is_symlink():
        shutil.rmtree(link)  # an index directory from before symlinks: replaced
    os.replace(tmp, link)
    _fsync_dir(base)
    repair(base)
    from search.service import client

    client.notify_reload(base)  # a running `nkwatch serve` reopens now, not at its next search


def repair(base: Path) -> list[str]:
    """Remove what an interrupted build or update left behind: temporary links and index
    directories that were never swapped in. The live index and the one before it stay (a
    search that resolved the link just before a swap may still be reading the older one)."""
    removed = []
    for tmp in base.glob(".index-*.tmp"):
        tmp.unlink(missing_ok=True)
        removed.append(tmp.name)
    root = datadir.index_generations(base)
    live = live_dir(base)
    if not root.is_dir():
        return removed
    # resolved like `live`: a data dir reached through a symlink must not prune its own index
    dirs = sorted((d.resolve() for d in root.iterdir() if d.is_dir()), key=lambda d: d.name)
    keep = {live} if live else set()
    if live in dirs:
        older = dirs[: dirs.index(live)]
        if older:
            keep.add(older[-1])
    for d in dirs:
        if d not in keep:
            shutil.rmtree(d, ignore_errors=True)
            removed.append(d.name)
    return removed


def _write(
    writer,
    records: Iterable[dict[str, Any]],
    progress: Callable[[int], None] | None,
    fresh: bool = False,
):
    """Feed records to a writer; a fresh index needs no delete-before-add."""
    urls = []
    add = writer.add_document if fresh else writer.update_document
    for rec in records:
        add(**to_document(rec))
        urls.append(rec["url"])
        if progress:
            progress(1)
    return urls


def _commit_and_swap(base: Path, target: Path, writer, store: Store, urls: list[str]) -> None:
    """Commit, make it durable, publish it, and only then mark the articles indexed."""
    from whoosh import index as windex

    writer.commit()
    held = windex.open_dir(str(target)).doc_count()
    if held < len(urls):  # a lost worker segment must not be published as complete
        raise IndexBroken(
            f"the new index holds {held} of {len(urls)} documents; the live index is "
            "unchanged: run `nkwatch index rebuild`"
        )
    _fsync_tree(target)
    _swap_in(base, target)
    store.mark_indexed(urls, now_utc())


def rebuild(base: Path, progress: Callable[[int], None] | None = None) -> int:
    """Build a fresh index from the whole store and swap it in. Returns documents indexed."""
    from whoosh import index as windex

    from search.locks import exclusive
    from search.safe_pickle import harden_whoosh

    harden_whoosh()
    with exclusive(datadir.index_lock_path(base), wait=True, what="index writer"):
        store = Store(datadir.store_path(base))
        try:
            target = _new_index_dir(base)
            ix = windex.create_in(str(target), ArticleSchema())
            writer = mpwriter.writer(ix, limitmb=128, compound=False, codec=CompactCodec())
            try:
                urls = _write(writer, store.articles(), progress, fresh=True)
            except BaseException:
                writer.cancel()
                raise
            _commit_and_swap(base, target, writer, store, urls)
            return len(urls)
        finally:
            store.close()


def update(base: Path, progress: Callable[[int], None] | None = None) -> int:
    """Index what the store holds that the index does not, in a snapshot swapped in when
    complete; builds the index if there is none, rebuilds it if it is damaged."""
    from search.locks import exclusive

    if live_dir(base) is None:
        return rebuild(base, progress)
    try:
        open_index(base).close()
    except IndexBroken:
        return rebuild(base, progress)
    with exclusive(datadir.index_lock_path(base), wait=True, what="index writer"):
        store = Store(datadir.store_path(base))
        try:
            pending = {r["url"]: r for r in store.unindexed()}
            if not pending:
                repair(base)
                return 0
            # a new pair changes the story key of the other side too
            for rec in list(pending.values()):
                other = rec.get("pair_url")
                if other and other not in pending:
                    partner = store.get(other)
                    if partner:
                        pending[other] = partner
            from whoosh import index as windex

            target = _snapshot(live_dir(base), base)
            writer = windex.open_dir(str(target)).writer(
                limitmb=128, compound=False, codec=CompactCodec()
            )
            try:
                urls = _write(writer, pending.values(), progress)
            except BaseException:
                writer.cancel()
                shutil.rmtree(target, ignore_errors=True)
                raise
            _commit_and_swap(base, target, writer, store, urls)
            return len(urls)
        finally:
            store.close()
