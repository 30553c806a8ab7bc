"""What learning the lexicon costs at index time, on a cached benchmark store.

`index rebuild` and `refresh` relearn the lexicon from the store's pairs (search/lexicon.py);
this times each step of that on one of bench/stores.py's stores, read-only, writing the
lexicon to a temporary directory (never to the shared cache):

    python -m bench.lexicon_cost bench/results/tmp/n50000-<key> [--runs N]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from crawler.store import Store
from search import lexicon


def measure(store_dir: Path) -> dict[str, float]:
    """Wall and CPU seconds per step of one relearn (what `index rebuild` and `refresh`
    pay), and the file's size. CPU time is given beside wall time because the benchmark
    machine is shared: wall time there says as much about the neighbours."""
    store = Store(store_dir / "store.sqlite3", readonly=True)
    out: dict[str, float] = {}

    def step(name: str, fn):
        wall, cpu = time.perf_counter(), time.process_time()
        value = fn()
        out[f"{name} wall s"] = time.perf_counter() - wall
        out[f"{name} cpu s"] = time.process_time() - cpu
        return value

    try:
        records = step("read pairs", lambda: lexicon.pair_records(store))
        units = step("terms", lambda: list(lexicon.units_with_names(records)))
        words = [(e, k) for e, k, _r, _n in units]
        lex = step("learn words", lambda: lexicon.learn(words, pairs=len(records)))
        step("learn names", lambda: lexicon.learn_all_names(records, lex, units))
        with tempfile.TemporaryDirectory() as tmp:
            step("write", lambda: lexicon.write(Path(tmp), lex))
            out["file KB"] = (Path(tmp) / "lexicon.json").stat().st_size / 1024
        for kind in ("wall", "cpu"):
            out[f"total {kind} s"] = sum(v for k, v in out.items() if k.endswith(f"{kind} s"))
        out["pairs learned from"] = float(len(records))
        out["store pairs"] = float(len(store.pairs("ok")))
        out["words en"] = float(len(lex.en_ko))
        out["names en"] = float(len(lex.names_en))
        return out
    finally:
        store.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("store_dir", type=Path)
    parser.add_argument("--runs", type=int, default=1)
    args = parser.parse_args(argv)
    runs = [measure(args.store_dir) for _ in range(args.runs)]
    for key in runs[0]:
        print(f"{key:<22}{statistics.median(r[key] for r in runs):>10.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
