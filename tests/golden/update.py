"""Regenerate the golden JSON of the real pages after a deliberate parser change:

    python -m tests.golden.update

Review the diff before committing it: the golden files are the parser's contract. The
real pages' prose is not ours to copy, so prose fields (title, subtitle, body, captions)
are kept as fingerprints (sha256 prefix and length); metadata is kept as it is.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from crawler.parsers import parse_article
from tests.conftest import REAL_PAGES

HERE = Path(__file__).parent
REAL = {
    "en-2019-north-korea-bolsters-combat-readiness-elite-military-unit.html": "https://www.dailynk.com/english/north-korea-bolsters-combat-readiness-elite-military-unit/",
    "en-2019-tyranny-of-the-weak-part-of-a-deca.html": "https://www.dailynk.com/english/tyranny-of-the-weak-part-of-a-deca/",
}


def golden_path(name: str) -> Path:
    return HERE / (name.removesuffix(".html") + ".json")


PROSE = ("title", "subtitle", "body", "captions")


def fingerprint(text: str | None) -> dict[str, Any] | None:
    if text is None:
        return None
    return {"sha256": hashlib.sha256(text.encode()).hexdigest()[:16], "chars": len(text)}


def golden_view(record: dict[str, Any]) -> dict[str, Any]:
    """The parser's output with prose replaced by fingerprints."""
    out = dict(record)
    for key in PROSE:
        value = out.get(key)
        out[key] = (
            [fingerprint(v) for v in value] if isinstance(value, list) else (fingerprint(value))
        )
    return out


def parsed(name: str) -> dict:
    html = (REAL_PAGES / name).read_text(encoding="utf-8")
    return golden_view(parse_article(html, REAL[name]).to_dict())


def main() -> None:
    for name in REAL:
        golden_path(name).write_text(
            json.dumps(parsed(name), ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
        )
        print("wrote", golden_path(name))


if __name__ == "__main__":
    main()
