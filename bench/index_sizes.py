"""What an index's bytes are made of: `python -m bench.index_sizes DATA_DIR [--json]`.

Per field: postings bytes (`.pst`, positions and frequencies included), term-table bytes
(`.trm`), its length column and any other column; then stored fields, vectors and the
rest. Read from the segment files with Whoosh's own readers, so it needs no change to the
index and works on any nkwatch index (used to decide what the schema should keep).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any


def breakdown(index_dir: Path) -> dict[str, Any]:
    """Bytes per field and kind of file, summed over the segments of `index_dir`."""
    from whoosh import index as windex
    from whoosh.codec.whoosh3 import W3Codec, W3TermInfo

    ix = windex.open_dir(str(index_dir))
    fields: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    other: dict[str, int] = defaultdict(int)
    files = {f.name: f.stat().st_size for f in index_dir.iterdir() if f.is_file()}
    accounted: set[str] = set()
    try:
        for seg in ix._segments():
            codec = seg.codec()
            terms = codec.terms_reader(ix.storage, seg)
            trm = seg.make_filename(W3Codec.TERMS_EXT)
            pst = seg.make_filename(W3Codec.POSTS_EXT)
            term_bytes = 0
            names = {num: name for name, num in terms._fieldmap.items()}
            for keybytes, valbytes in terms._tindex.items():
                fieldname = names[int.from_bytes(keybytes[:2], "big")]
                row = len(keybytes) + len(valbytes) + 8  # key, value, hash slot
                fields[fieldname]["terms"] += 1
                fields[fieldname]["trm_bytes"] += row
                term_bytes += row
                info = W3TermInfo.from_bytes(valbytes)
                if not info.is_inlined():
                    length = info.extent()[1]
                    fields[fieldname]["postings_bytes"] += (
                        length[0] if isinstance(length, tuple) else length
                    )
            terms.close()
            other["trm overhead"] += files.get(trm, 0) - term_bytes
            accounted |= {trm, pst}
            prefix = f"{seg.indexname}_{seg.segid}."
            for name, size in files.items():
                if not name.startswith(prefix) or not name.endswith(W3Codec.COLUMN_EXT):
                    continue
                column = name[len(prefix) : -len(W3Codec.COLUMN_EXT)]
                accounted.add(name)
                if column == "_stored":
                    other["stored fields"] += size
                elif column.startswith("_") and column.endswith("_len"):
                    fields[column[1:-4]]["length_column_bytes"] += size
                elif column.startswith("_") and "_vec" in column:
                    fields[column[1:].split("_vec")[0]]["vector_column_bytes"] += size
                else:
                    fields[column]["column_bytes"] += size
            vps = seg.make_filename(W3Codec.VPOSTS_EXT)
            if vps in files:
                other["vector postings"] += files[vps]
                accounted.add(vps)
        pst_total = sum(size for name, size in files.items() if name.endswith(".pst"))
        other["pst overhead"] = pst_total - sum(f["postings_bytes"] for f in fields.values())
        for name, size in files.items():
            if name not in accounted and not name.endswith(".pst"):
                other["other files"] += size
    finally:
        ix.close()
    per_field = {
        name: {**counts, "total_bytes": sum(v for k, v in counts.items() if k.endswith("bytes"))}
        for name, counts in sorted(fields.items())
    }
    return {"total_bytes": sum(files.values()), "fields": per_field, "other": dict(other)}


def table(data: dict[str, Any]) -> str:
    rows = ["| field | terms | postings MB | terms MB | columns MB | total MB | share |"]
    rows.append("|---|---|---|---|---|---|---|")
    total = data["total_bytes"]

    def mb(x: float) -> str:
        return f"{x / 1e6:.2f}"

    for name, f in sorted(data["fields"].items(), key=lambda kv: -kv[1]["total_bytes"]):
        cols = sum(v for k, v in f.items() if "column" in k)
        rows.append(
            f"| {name} | {f.get('terms', 0):,} | {mb(f.get('postings_bytes', 0))} | "
            f"{mb(f.get('trm_bytes', 0))} | {mb(cols)} | {mb(f['total_bytes'])} | "
            f"{f['total_bytes'] / total:.1%} |"
        )
    for name, size in sorted(data["other"].items(), key=lambda kv: -kv[1]):
        rows.append(f"| ({name}) | | | | | {mb(size)} | {size / total:.1%} |")
    rows.append(f"| **all** | | | | | **{mb(total)}** | |")
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.index_sizes", description=__doc__)
    parser.add_argument("data_dir", type=Path, help="an nkwatch data directory")
    parser.add_argument("--json", action="store_true", help="JSON instead of a table")
    args = parser.parse_args(argv)
    data = breakdown((args.data_dir / "index").resolve())
    sys.stdout.write((json.dumps(data) if args.json else table(data)) + "\n")


if __name__ == "__main__":
    main()
