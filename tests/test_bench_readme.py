"""The README's archive figures are the committed archive run's, not typed by hand."""

from __future__ import annotations

import json
from pathlib import Path

from bench import readme

REPO = Path(__file__).resolve().parent.parent


def test_readme_quotes_the_committed_archive_run():
    text = (REPO / "README.md").read_text(encoding="utf-8")
    quoted = readme.START + text.split(readme.START, 1)[1].split(readme.END, 1)[0] + readme.END
    expected = readme.block(json.loads((REPO / "bench/results/archive.json").read_text()))
    assert quoted == expected, "README's archive table differs: run `python -m bench.readme`"
