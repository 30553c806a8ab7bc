"""The tree's one-way rule, checked: crawler <- search <- CLI.

The crawler package is everything up to the store; it must run (under `scrapy crawl`,
Scrapyd, a scale-out machine) without the search side, so it never imports it. The data
directory's names are written once, in crawler/datadir.py.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _imports(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            found.append((node.lineno, node.module))
    return found


def _modules(package: str) -> list[Path]:
    return sorted((ROOT / package).rglob("*.py"))


@pytest.mark.parametrize("path", _modules("crawler"), ids=lambda p: str(p.relative_to(ROOT)))
def test_the_crawler_never_imports_the_search_side(path: Path) -> None:
    bad = [
        f"line {n}: {name}"
        for n, name in _imports(path)
        if name == "search" or name.startswith("search.")
    ]
    assert not bad, f"{path.relative_to(ROOT)} imports search/: {bad}"


def test_search_below_the_cli_never_imports_the_cli() -> None:
    bad = [
        f"{path.relative_to(ROOT)}:{n}: {name}"
        for path in _modules("search")
        if not ({"cli", "__main__.py"} & set(path.relative_to(ROOT / "search").parts))
        for n, name in _imports(path)
        if name.startswith("search.cli")
    ]
    assert not bad


def test_the_data_directory_names_are_written_once() -> None:
    names = re.compile(
        r"""["'](store\.sqlite3|last_crawl\.json|run\.lock|index\.lock|indexes|nkwatch\.log|lexicon\.json)["']"""
    )
    offenders = [
        f"{path.relative_to(ROOT)}: {m.group(1)}"
        for package in ("crawler", "search")
        for path in _modules(package)
        if path.name != "datadir.py"
        for m in names.finditer(path.read_text(encoding="utf-8"))
    ]
    assert not offenders, "use crawler.datadir instead: " + ", ".join(offenders)


def test_the_reasons_a_page_is_dropped_are_written_once() -> None:
    """Every drop reason is a member of crawler.reasons.Reason; no module spells one out (a
    typo there would be a new, silent reason in the summary, never counted as a fault)."""
    from crawler.reasons import Reason

    words = {r.value for r in Reason}
    offenders = [
        f"{path.relative_to(ROOT)}:{node.lineno}: {node.value!r}"
        for path in _modules("crawler")
        if path.name != "reasons.py"
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and (node.value in words or "dropped/" in node.value)
    ]
    assert not offenders, "use crawler.reasons instead: " + ", ".join(offenders)


def test_every_nkwatch_setting_the_code_reads_is_declared() -> None:
    """`scrapy crawl` and Scrapyd users learn the knobs from crawler/settings.py: a setting
    read anywhere must be declared there, with its default."""
    import crawler.settings

    read = re.compile(r"""settings\.(?:get\w*|set)\(\s*["'](NKWATCH_\w+)["']""")
    names = {
        (m.group(1), f"{path.relative_to(ROOT)}")
        for package in ("crawler", "search")
        for path in _modules(package)
        for m in read.finditer(path.read_text(encoding="utf-8"))
    }
    assert len(names) >= 10  # the pattern still finds them
    missing = sorted(
        f"{name} ({where})" for name, where in names if not hasattr(crawler.settings, name)
    )
    assert not missing, "declare in crawler/settings.py: " + ", ".join(missing)
