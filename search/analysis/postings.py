"""Compact postings: the text fields' positions packed, and whole-number weights as ints.

Both are read back by Whoosh's own W3 readers unchanged (the codec only changes how a block
is written), so an index written here opens anywhere whoosh-reloaded does. Whoosh pickles
the field format into the index's schema by module path: moving or renaming this module
makes every existing index unreadable (as search/analysis/analyzers.py).

Whoosh's `Positions` writes each posting's positions as a 4-byte count followed by a pickled
list (about 12 bytes for a word seen once in an article), and the text fields' positions
were most of the index. Here a posting is one byte giving the width of its numbers (1, 2
or 4 bytes), then the first position and the gaps to the next ones as an array of that
width: 2-3 bytes for a word seen once. What a reader gets back (frequency, weight,
positions) is the same, so phrase queries, BM25 and the length columns are unchanged.
"""

from __future__ import annotations

import sys
from array import array
from itertools import accumulate

from whoosh.codec.whoosh3 import W3Codec, W3FieldWriter, W3PostingsWriter
from whoosh.formats import Positions

_WIDTHS = ((1, "B", 0xFF), (2, "H", 0xFFFF), (4, "I", 0xFFFFFFFF))
_TYPECODE = {width: code for width, code, _ in _WIDTHS}
_BIG_ENDIAN = sys.byteorder == "big"  # little-endian on every machine: a data dir can move


class PackedPositions(Positions):
    """Positions stored as fixed-width gaps (see the module docstring)."""

    def encode(self, poslist) -> bytes:
        gaps = [poslist[0], *(b - a for a, b in zip(poslist, poslist[1:], strict=False))]
        top = max(gaps)
        for width, code, limit in _WIDTHS:
            if top <= limit:
                if width == 1:
                    return bytes((width,)) + bytes(gaps)
                packed = array(code, gaps)
                if _BIG_ENDIAN:
                    packed.byteswap()
                return bytes((width,)) + packed.tobytes()
        raise ValueError(f"position {top} does not fit in 32 bits")

    def decode_positions(self, valuestring: bytes) -> list[int]:
        width = valuestring[0]
        if width == 1:
            return list(accumulate(valuestring[1:]))
        packed = array(_TYPECODE[width], valuestring[1:])
        if _BIG_ENDIAN:
            packed.byteswap()
        return list(accumulate(packed))

    def decode_frequency(self, valuestring: bytes) -> int:
        return (len(valuestring) - 1) // valuestring[0]

    def decode_weight(self, valuestring: bytes) -> float:
        return self.decode_frequency(valuestring) * self.field_boost


class _CompactPostingsWriter(W3PostingsWriter):
    def _mini_weights(self):
        """A block's weights (frequency x field boost) as ints when they are whole numbers:
        Whoosh pickles a tuple of floats, 9 bytes a posting before compression, where a
        frequency takes one; its reader uses the tuple as it finds it."""
        mini = super()._mini_weights()
        if isinstance(mini, tuple) and all(w.is_integer() for w in mini):
            return tuple(int(w) for w in mini)
        return mini


class _Lengths:
    """A segment's field lengths decoded once per field: Whoosh's writer looks the length
    of every posting's document up in the column, one byte read through three calls each."""

    def __init__(self, perdoc) -> None:
        self._perdoc = perdoc
        self._fields: dict[str, list[int]] = {}

    def doc_field_length(self, docnum: int, fieldname: str, default: int = 0) -> int:
        lengths = self._fields.get(fieldname)
        if lengths is None:
            count = self._perdoc.doc_count_all()
            lengths = [self._perdoc.doc_field_length(d, fieldname, 0) or 0 for d in range(count)]
            self._fields[fieldname] = lengths
        return lengths[docnum] or default


class _FieldWriter(W3FieldWriter):
    def add_postings(self, schema, lengths, items):
        super().add_postings(schema, _Lengths(lengths) if lengths else lengths, items)


class CompactCodec(W3Codec):
    """Whoosh's W3 codec writing postings with `_CompactPostingsWriter`, reading field
    lengths through `_Lengths`."""

    def field_writer(self, storage, segment):
        return _FieldWriter(self, storage, segment)

    def postings_writer(self, dbfile, byteids=False):
        return _CompactPostingsWriter(
            dbfile,
            blocklimit=self._blocklimit,
            byteids=byteids,
            compression=self._compression,
            inlinelimit=self._inlinelimit,
        )
