"""stats' counts in a form that reads at archive scale: words instead of Python dicts,
and articles as a year x month table (twenty years are twenty lines, not 480)."""

from __future__ import annotations

from collections import defaultdict

import click

from search.cli.output import style

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
LANGS = {"en": "English", "ko": "Korean"}


def _counts(counts: dict[str, int], names: dict[str, str] | None = None) -> str:
    """{'en': 26, 'ko': 24} -> '26 English, 24 Korean'."""
    names = names or {}
    return ", ".join(f"{n} {names.get(k, k)}" for k, n in counts.items()) or "none"


def year_month_table(by_month: dict[str, int]) -> list[str]:
    """Rows of articles per month (both editions), one per year, with the year's total and
    its English and Korean shares; '·' for an empty month. `by_month` is stats' JSON shape:
    {"2025-03 en": 12, ...}; years without articles are kept (a gap is information), and
    articles without a date are counted under 'unknown'."""
    cells: dict[str, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    langs: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for key, n in by_month.items():
        month, _, lang = key.partition(" ")
        year = month[:4] if month[:4].isdigit() else "unknown"
        cells[year][int(month[5:7]) if year != "unknown" else 0] += n
        langs[year][lang] += n
    head = f"{'':<7}" + "".join(f"{m:>5}" for m in MONTHS) + f"{'year':>7}{'en':>6}{'ko':>6}"
    rows = [head]
    dated = sorted(int(y) for y in cells if y != "unknown")
    years = [str(y) for y in range(dated[0], dated[-1] + 1)] if dated else []
    for year in years + (["unknown"] if "unknown" in cells else []):
        months = "".join(
            f"{cells[year].get(m, 0) or '·':>5}" if year != "unknown" else f"{'':>5}"
            for m in range(1, 13)
        )
        total = sum(cells[year].values())
        en, ko = langs[year].get("en", 0), langs[year].get("ko", 0)
        rows.append(f"{year:<7}{months}{total:>7}{en:>6}{ko:>6}")
    return rows


def print_counts(out: dict) -> None:
    """The articles, pairs and months part of `nkwatch stats`."""
    articles = dict(out["articles"])
    click.echo(f"articles: {_counts(articles, LANGS)} ({sum(articles.values())} in all)")
    click.echo(
        f"pairs:    {_counts(dict(out['pairs']))}; unpaired: {_counts(out['unpaired'], LANGS)}"
    )
    click.echo("articles by month of publication (both editions):")
    rows = year_month_table(out["by_month"])
    click.echo(style(rows[0], bold=True))
    for row in rows[1:]:
        click.echo(row)
