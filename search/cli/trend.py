"""trend: attention to a topic over time, as a terminal bar chart, CSV, JSON or a plot."""

from __future__ import annotations

import csv
import sys
from pathlib import Path

import click

from search.cli import Context, cli
from search.cli.errors import UserError
from search.cli.options import Day, entity_options
from search.cli.output import emit_json, safe, term_width

BLOCKS = " ▏▎▍▌▋▊▉█"  # eighths of a character cell
PLOT_SIZE_IN = (10.0, 4.0)  # inches; at PLOT_DPI a PNG is 1000 x 400 pixels
PLOT_DPI = 100


def bar(value: float, cells: float) -> str:
    """A bar `cells` wide at `value` = 1, drawn to an eighth of a cell."""
    eighths = round(value * cells * 8)
    return "█" * (eighths // 8) + (BLOCKS[eighths % 8] if eighths % 8 else "")


def print_chart(rows, query: str, by: str) -> None:
    """Stories per period as Unicode bars that fit the terminal, with both editions'
    counts; a plain table when the output is not a terminal (a pipe, a file, cron)."""
    total = sum(r.stories for r in rows)
    click.echo(f"{safe(query) or '(all articles)'}: matching stories per {by}, {total} in all")
    if not sys.stdout.isatty():
        click.echo(f"{by:<8} {'stories':>7} {'en':>5} {'ko':>5}")
        for r in rows:
            click.echo(f"{r.period:<8} {r.stories:>7} {r.en:>5} {r.ko:>5}")
        return
    top = max((r.stories for r in rows), default=0) or 1
    counts = [f"{r.stories:>5}  en {r.en:<4} ko {r.ko:<4}" for r in rows]
    cells = max(10, term_width() - 8 - 2 - max((len(c) for c in counts), default=0) - 2)
    for r, count in zip(rows, counts, strict=True):
        drawn = bar(r.stories / top, cells)
        click.echo(f"{r.period:<8} │{drawn:<{cells}} {count}")


def _matplotlib():
    """matplotlib is an optional extra: without it, one line saying how to get it."""
    try:
        import matplotlib
    except ImportError:
        raise UserError(
            "--plot needs matplotlib: pip install 'nkwatch[plot]' (or use --format csv)"
        ) from None
    return matplotlib


def plot(rows, query: str, by: str, path: Path) -> None:
    """English and Korean matching articles per period, as PNG or SVG (matplotlib)."""
    import logging
    import warnings

    matplotlib = _matplotlib()
    matplotlib.use("Agg")
    from matplotlib import pyplot as plt

    logging.getLogger("matplotlib").setLevel(logging.ERROR)
    matplotlib.rcParams["font.family"] = ["DejaVu Sans", "Noto Sans CJK KR", "NanumGothic"]
    labels = [r.period for r in rows]
    xs = list(range(len(rows)))
    step = max(1, len(labels) // 12)
    fig, ax = plt.subplots(figsize=PLOT_SIZE_IN, dpi=PLOT_DPI)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # missing glyphs for a Korean query: drawn as boxes
        try:
            ax.plot(xs, [r.en for r in rows], marker="o", label="English edition")
            ax.plot(xs, [r.ko for r in rows], marker="s", label="Korean edition")
            ax.set_xticks(xs[::step], labels[::step], rotation=45, ha="right")
            ax.set_ylabel("matching articles")
            ax.set_title(f"{query or 'all articles'}: Daily NK articles per {by}")
            ax.legend()
            ax.grid(axis="y", alpha=0.3)
            fig.tight_layout()
            fig.savefig(path, format=path.suffix[1:].lower(), dpi=PLOT_DPI)
        finally:
            plt.close(fig)


@cli.command()
@click.argument("query", required=False, default="")
@click.option("--lang", type=click.Choice(["en", "ko"]), help="Only articles in this language.")
@click.option("--since", type=Day(), help="From this day (default: the first stored).")
@click.option("--until", type=Day(), help="To this day (default: the last stored).")
@entity_options
@click.option(
    "--by", type=click.Choice(["month", "quarter", "year"]), default="month", show_default=True
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["chart", "csv", "json"]),
    default="chart",
    show_default=True,
    help="chart (bars on a terminal, a table when piped), csv, json (JSON Lines).",
)
@click.option(
    "--plot",
    "plot_to",
    metavar="FILE.png|FILE.svg",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Also draw both editions as a chart in this file (needs nkwatch[plot]).",
)
@click.pass_obj
def trend(
    ctx: Context,
    query: str,
    lang: str | None,
    since: str | None,
    until: str | None,
    entity: str | None,
    commodity: str | None,
    by: str,
    fmt: str,
    plot_to: Path | None,
) -> None:
    """Attention over time: stories matching QUERY per month (quarter, year) and edition.

    Counts are exact (every match, not a sample), periods in order, empty ones included.

    \b
    Examples:
      nkwatch trend 'iron ore' --by quarter
      nkwatch trend 평진 --since 2020-01-01 --format csv > pyongjin.csv
      nkwatch trend '' --commodity rice --by year --plot rice.png
    """
    from search.query import Filters
    from search.trend import trend as count

    if plot_to and plot_to.suffix.lower() not in (".png", ".svg"):
        raise UserError(f"--plot {plot_to}: the file must end in .png or .svg")
    if plot_to:
        _matplotlib()  # before counting, not after
    rows = count(ctx.base, query, Filters(lang, since, until, entity, commodity), by)
    if fmt == "json":
        for r in rows:
            emit_json(r.to_json())
    elif fmt == "csv":
        writer = csv.writer(sys.stdout)
        writer.writerow(["period", "en", "ko", "stories"])
        for r in rows:
            writer.writerow([r.period, r.en, r.ko, r.stories])
    else:
        print_chart(rows, query, by)
    if plot_to:
        plot(rows, query, by, plot_to)
        click.echo(f"plot written to {plot_to}", err=True)
