"""A Whoosh segment's posting lists and length columns as numpy arrays, cached.

Whoosh's W3 codec decodes a block of postings with a Python generator (`delta_decode`)
and its matchers score one document per Python call: at the archive's size that loop is
most of a query. Here a term's blocks are read once (the same zlib + pickle Whoosh
writes), their id deltas summed with `numpy.cumsum`, and kept as two arrays (document
numbers, term frequencies). A segment's files never change once written, so entries are
keyed by (index folder, segment id, field, term) and stay valid across reopens; the cache
is bounded by bytes and forgets the least recently used entries first.
"""

from __future__ import annotations

import os
import threading
import zlib
from collections import OrderedDict
from pickle import loads
from typing import Any

import numpy as np
from whoosh.util.numeric import _length_byte_cache

DEFAULT_BUDGET_MB = 256  # NKWATCH_POSTINGS_CACHE_MB overrides; 0 turns the cache off
_BYTE_TO_LENGTH = np.asarray(_length_byte_cache, dtype=np.float64)
_INT_SIZE = 4


class ArrayCache:
    """An LRU of numpy arrays bounded by their total size in bytes (thread-safe)."""

    def __init__(self, budget_bytes: int) -> None:
        self.budget = budget_bytes
        self.used = 0
        self.hits = 0
        self.misses = 0
        self._items: OrderedDict[tuple, tuple[np.ndarray, ...]] = OrderedDict()
        self._sizes: dict[tuple, int] = {}
        self._lock = threading.Lock()

    def get(self, key: tuple) -> tuple[np.ndarray, ...] | None:
        with self._lock:
            value = self._items.get(key)
            if value is None:
                self.misses += 1
                return None
            self._items.move_to_end(key)
            self.hits += 1
            return value

    def put(self, key: tuple, value: tuple[np.ndarray, ...], size: int | None = None) -> None:
        """Keep `value`; `size` in bytes when nbytes undercounts it (object arrays)."""
        size = sum(a.nbytes for a in value) if size is None else size
        if size > self.budget:
            return
        with self._lock:
            if self._items.pop(key, None) is not None:
                self.used -= self._sizes.pop(key)
            self._items[key] = value
            self._sizes[key] = size
            self.used += size
            while self.used > self.budget:
                dropped, _value = self._items.popitem(last=False)
                self.used -= self._sizes.pop(dropped)

    def forget(self, folder: str) -> None:
        """Drop the entries of one index folder (a generation the service retired)."""
        with self._lock:
            for key in [k for k in self._items if k[0] == folder]:
                del self._items[key]
                self.used -= self._sizes.pop(key)

    def clear(self) -> None:
        with self._lock:
            self._items.clear()
            self._sizes.clear()
            self.used = 0


def _budget() -> int:
    try:
        mb = float(os.environ.get("NKWATCH_POSTINGS_CACHE_MB", DEFAULT_BUDGET_MB))
    except ValueError:
        mb = DEFAULT_BUDGET_MB
    return int(max(mb, 0) * 2**20)


CACHE = ArrayCache(_budget())


def _segment_key(reader: Any) -> tuple[str, str]:
    storage = reader._storage
    return (str(getattr(storage, "folder", id(storage))), reader.segment().segment_id())


def term_arrays(reader: Any, fieldname: str, btext: bytes) -> tuple[np.ndarray, np.ndarray]:
    """(document numbers, term weights) of one term in one segment reader, deleted documents
    included (the caller masks them): ids ascending, weights float64. The cache holds them
    narrowed (`_compact`); the weights are widened here, because numpy keeps float32 through
    arithmetic with Python floats and BM25 would then round differently from Whoosh."""
    key = (*_segment_key(reader), "t", fieldname, btext)
    found = CACHE.get(key)
    if found is None:
        found = _read_term(reader, fieldname, btext)
        CACHE.put(key, found)
    return found[0], found[1].astype(np.float64, copy=False)


def _read_term(reader: Any, fieldname: str, btext: bytes) -> tuple[np.ndarray, np.ndarray]:
    id_parts: list[np.ndarray] = []
    weight_parts: list[np.ndarray] = []
    for count, ids, weights, _values in _blocks(reader, fieldname, btext):
        id_parts.append(ids)
        weight_parts.append(_weights(weights, count))
    return _compact(np.concatenate(id_parts), np.concatenate(weight_parts))


def _compact(ids: np.ndarray, weights: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Half the bytes per posting where nothing is lost: a segment's document numbers fit
    in int32, and term frequencies (whole numbers) are exact in float32; `term_arrays`
    widens them again for scoring. The cache holds twice the lists for the same budget."""
    ids = ids.astype(np.int32) if len(ids) and ids[-1] < 2**31 else ids
    narrow = weights.astype(np.float32)
    return ids, narrow if np.array_equal(narrow, weights) else weights


def term_values(reader: Any, fieldname: str, btext: bytes) -> np.ndarray:
    """The term's posting values (encoded positions) aligned with `term_arrays`'s ids: only
    phrases need them, so they are read and cached apart."""
    key = (*_segment_key(reader), "v", fieldname, btext)
    found = CACHE.get(key)
    if found is None:
        values = [v for _c, _i, _w, vs in _blocks(reader, fieldname, btext) for v in vs]
        arr = np.empty(len(values), dtype=object)
        arr[:] = values
        found = (arr,)
        CACHE.put(key, found, size=arr.nbytes + sum(len(v) + 33 for v in values))
    return found[0]


def _blocks(reader: Any, fieldname: str, btext: bytes):
    """(count, ids, weights as stored, values) per posting block, as the W3 codec wrote them
    (whoosh.codec.whoosh3.W3PostingsWriter._write_block)."""
    from whoosh.codec.whoosh3 import WHOOSH3_HEADER_MAGIC

    terms = reader._terms  # W3TermsReader: the codec's term index and postings file
    info = terms.term_info(fieldname, btext)
    if info.is_inlined():
        ids, weights, values = info.inlined_postings()
        yield len(ids), np.asarray(ids, dtype=np.int64), weights, values
        return
    postfile = terms._postfile
    offset, _length = info.extent()
    if postfile.get(offset, 4) != WHOOSH3_HEADER_MAGIC:
        raise ValueError(f"postings of {fieldname}:{btext!r}: bad block header")
    pos = offset + 4
    while True:
        length = postfile.get_int(pos)
        last = length < 0
        length = abs(length)
        postfile.seek(pos + _INT_SIZE)
        count, _maxid, _maxweight, compression, _mn, _mx = postfile.read_pickle()
        start = postfile.tell()
        data = postfile.get(start, pos + _INT_SIZE + length - start)
        if compression:
            data = zlib.decompress(data)
        block = loads(data)
        yield count, np.cumsum(np.asarray(block[0], dtype=np.int64)), block[1], block[2]
        if last:
            break
        pos += _INT_SIZE + length


def _weights(weights: Any, count: int) -> np.ndarray:
    """Whoosh stores a block's weights as None (all 1.0), one float (all the same) or a
    tuple."""
    if weights is None:
        return np.ones(count, dtype=np.float64)
    if isinstance(weights, float):
        return np.full(count, weights, dtype=np.float64)
    return np.asarray(weights, dtype=np.float64)


def field_lengths(reader: Any, fieldname: str) -> np.ndarray:
    """Every document's length in `fieldname` as Whoosh's scorer sees it (the byte-encoded
    length column, decoded), float64 indexed by segment document number."""
    key = (*_segment_key(reader), "l", fieldname)
    found = CACHE.get(key)
    if found is None:
        found = (_read_lengths(reader, fieldname),)
        CACHE.put(key, found)
    return found[0]


def _read_lengths(reader: Any, fieldname: str) -> np.ndarray:
    from whoosh.codec.whoosh3 import LENGTHS_COLUMN, _lenfield

    doccount = reader.doc_count_all()
    perdoc = reader._perdoc
    column = perdoc._cached_reader(_lenfield(fieldname), LENGTHS_COLUMN)
    codes = np.zeros(doccount, dtype=np.uint8)
    if column is not None:
        count = min(column._count, doccount)
        raw = column._dbfile.get(column._basepos, count)
        codes[:count] = np.frombuffer(raw, dtype=np.uint8, count=count)
    return _BYTE_TO_LENGTH[codes]


def deleted(reader: Any) -> np.ndarray | None:
    """The segment's deleted document numbers (not cached: deletions change in place)."""
    if not reader.has_deletions():
        return None
    return np.fromiter(sorted(reader.deleted_docs_set), dtype=np.int64)


WARM_SHARE = 0.75  # of the cache's budget; the rest stays for what analysts go on to ask
WARM_MIN_DOCS = 1000  # shorter lists decode in about a millisecond: not worth holding ahead


def warm(searcher: Any, share: float = WARM_SHARE, min_docs: int = WARM_MIN_DOCS) -> int:
    """Decode the longest posting lists of every indexed field into the cache, longest
    first, until `share` of its budget is used; returns how many were loaded.

    At the archive's size a query's time is mostly the first decoding of its words' lists
    (zlib, unpickling, cumsum): 0.57 s for `합영회사 주민` cold, 0.22 s warm, at 150k. The
    lists that cost most are the common words', which are also the words analysts type most
    ("China", "prices", 쌀), so the warm service pays for them once per index generation
    instead of on each word's first query. Which words is read from the index itself (its
    document frequencies), not from any list of queries."""
    limit = CACHE.budget * share
    lists: list[tuple[int, Any, str, bytes]] = []
    for sub, _offset in searcher.leaf_searchers():
        reader = sub.reader()
        for field in reader.indexed_field_names():
            for btext, info in reader.iter_field(field):
                if info.doc_frequency() >= min_docs:
                    lists.append((info.doc_frequency(), reader, field, btext))
    lists.sort(key=lambda item: -item[0])
    loaded = 0
    for docs, reader, field, btext in lists:
        if CACHE.used + 8 * docs > limit:  # int32 ids and float32 weights (_compact)
            break
        term_arrays(reader, field, btext)
        loaded += 1
    return loaded
