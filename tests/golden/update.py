"""Regenerate the golden files after a deliberate parser change:

    python -m tests.golden.update

One folder per template (`tests/golden/<template>/`), as Fundus keeps test data per parser
version: the two real pages where we have them, sample-site pages for the templates (and
the Korean edition) that have none, a tdb page with <div> paragraphs for tdb's legacy
version, and sample pages with the theme's classes renamed for the generic fallback.
Review the diff before committing it: the golden files are the parser's contract. Prose
fields (title, subtitle, body, captions) are kept as fingerprints (sha256 prefix and
length), as the real pages' prose is not ours to copy; metadata is kept as it is.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from crawler.parsers import parse_article
from crawler.sample_site.build import render_site
from tests.conftest import REAL_PAGES

HERE = Path(__file__).parent
BASE = "https://www.dailynk.com"
REAL = {
    "en-2019-north-korea-bolsters-combat-readiness-elite-military-unit.html": "https://www.dailynk.com/english/north-korea-bolsters-combat-readiness-elite-military-unit/",
    "en-2019-tyranny-of-the-weak-part-of-a-deca.html": "https://www.dailynk.com/english/tyranny-of-the-weak-part-of-a-deca/",
}
# A theme that renamed its classes overnight: no template's marker is left.
THEME_RENAMED = (
    ("td-post-content", "story-body"),
    ("tdb_single_content", "story-x"),
    ("entry-title", "headline"),
    ("tdb-title-text", "headline-x"),
    ("entry-content", "story-y"),
)
# A post migrated from the old system, shown in the tdb template: <div> paragraphs.
DIV_PARAGRAPHS = (("<p>", "<div>"), ("</p>", "</div>"))
# A plain WordPress theme: the body is `.entry-content`, nothing of tagDiv's is left.
PLAIN_WORDPRESS = (("td-post-content", "entry-content"), ("td-post-title", "post-title"))


@dataclass(frozen=True)
class Source:
    """The page a golden file is the parse of: a real page, or a sample-site path (with
    class names renamed, for pages no template matches)."""

    real: str | None = None
    sample: str | None = None
    renames: tuple[tuple[str, str], ...] = ()

    @property
    def url(self) -> str:
        return REAL[self.real] if self.real else BASE + str(self.sample)

    def html(self) -> str | None:
        """The page, or None where it is not here (../shared is not on a user's machine)."""
        if self.real:
            path = REAL_PAGES / self.real
            return path.read_text(encoding="utf-8") if path.exists() else None
        html = _sample_site()[str(self.sample)].body.decode("utf-8")
        for old, new in self.renames:
            html = html.replace(old, new)
        return html


# "<template>/<name>" -> the page; the folder is the template the page must be parsed as.
GOLDEN: dict[str, Source] = {
    "td-2019/en-2019-north-korea-bolsters-combat-readiness-elite-military-unit": Source(
        real="en-2019-north-korea-bolsters-combat-readiness-elite-military-unit.html"
    ),
    "td-2019/sample-en-military-run-trading-company": Source(
        sample="/english/military-run-trading-company-ships-rare-earth-concentrate-to-china-via-rason/"
    ),
    "td-2019/sample-ko-20260120-1": Source(sample="/20260120-1/"),
    "td-2019-legacy/en-2019-tyranny-of-the-weak-part-of-a-deca": Source(
        real="en-2019-tyranny-of-the-weak-part-of-a-deca.html"
    ),
    "td-2019-legacy/sample-en-rason-traders-turn-to-pine-nuts": Source(
        sample="/english/rason-traders-turn-to-pine-nuts-af/"
    ),
    "tdb/sample-en-group-109-json-ld-time": Source(
        sample="/english/group-109-and-state-security-target-women-caught-with-chinese-phones-in-hoeryong/"
    ),
    "tdb/sample-en-cabinet-reallocates-tracked-pair-link": Source(
        sample="/english/cabinet-reallocates-seafood-and-pine-nut-export-permits-puts-trade-ministry-in-direct-charge/"
    ),
    "tdb/sample-ko-20241121-1": Source(sample="/20241121-1/"),
    "tdb-legacy/sample-en-south-hwanghae-div-paragraphs": Source(
        sample="/english/south-hwanghae-collective-farms-receive-only-half-their-fertilizer-as-planting-season-begins/",
        renames=DIV_PARAGRAPHS,
    ),
    "generic/sample-en-wonsan-theme-renamed": Source(
        sample="/english/wonsan-bans-market-trading-on-fridays-orders-cash-payments-for-city-construction-funds/",
        renames=THEME_RENAMED,
    ),
    "generic/sample-en-wonsan-plain-wordpress": Source(
        sample="/english/wonsan-bans-market-trading-on-fridays-orders-cash-payments-for-city-construction-funds/",
        renames=PLAIN_WORDPRESS,
    ),
}

_SITE: dict = {}


def _sample_site() -> dict:
    if not _SITE:
        _SITE.update(render_site(BASE))
    return _SITE


def golden_path(key: str) -> Path:
    return HERE / f"{key}.json"


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


def parsed(source: Source) -> dict[str, Any] | None:
    html = source.html()
    return None if html is None else golden_view(parse_article(html, source.url).to_dict())


def main() -> None:
    for key, source in GOLDEN.items():
        view = parsed(source)
        if view is None:
            print("skipped (page not here)", key)
            continue
        path = golden_path(key)
        path.parent.mkdir(exist_ok=True)
        path.write_text(json.dumps(view, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        print("wrote", path)


if __name__ == "__main__":
    main()
