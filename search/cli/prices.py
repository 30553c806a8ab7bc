"""prices: North Korean market prices as data, from the articles and the survey sheet."""

from __future__ import annotations

import csv
import re
import sys

import click

from search.cli import Context, cli
from search.cli.errors import UserError
from search.cli.options import Day, format_options, json_option, since_option
from search.cli.output import emit_json, safe, style

CSV_COLUMNS = ("date", "market", "commodity", "price", "currency", "unit", "date_exact", "sources")


def _entry(gaz, name: str, kinds: set[str], what: str):
    """A gazetteer entry: observations are kept by gazetteer id, so a name the gazetteer
    lacks can hold none (unlike search, which takes it as text)."""
    entry = gaz.resolve(name)
    if entry is None:
        listed = "commodity" if what == "commodity" else "place"
        raise UserError(
            gaz.unknown_message(name, what)
            + f" (`nkwatch entities --type {listed}` lists the names prices are kept by)"
        )
    if entry.type not in kinds:
        raise UserError(f"{name!r} is a {entry.type}, not a {what}")
    return entry


survey_url_option = click.option(
    "--survey-url",
    metavar="URL",
    help="The sheet's CSV endpoint (default: Daily NK's public sheet on docs.google.com).",
)


@cli.command()
@click.argument("commodity", required=False)
@click.option("--market", metavar="NAME", help="Only this market (id or any name: 혜산, Hyesan).")
@since_option("Observed on or after this day.")
@click.option("--until", type=Day(), help="Observed on or before this day.")
@format_options("table", "csv", "json", record="observation", default="table")
@json_option("one observation (date, market, commodity, price, currency, unit, sources)")
@click.option("--plot", metavar="FILE.png|FILE.svg", help="Draw the series (needs nkwatch[plot]).")
@click.option(
    "--update-survey",
    is_flag=True,
    help="Import Daily NK's survey sheet (tabs rate and rice) into the store.",
)
@survey_url_option
@click.pass_obj
def prices(
    ctx: Context,
    commodity: str | None,
    market: str | None,
    since: str | None,
    until: str | None,
    fmt: str,
    as_json: bool,
    plot: str | None,
    update_survey: bool,
    survey_url: str | None,
) -> None:
    """Market prices (won) by date and market, from the articles of both editions and
    Daily NK's survey sheet. COMMODITY is an id or any name in either language (rice, 쌀,
    dollar, 위안); several are separated by commas. Without it, every commodity.

    An observation reported by several sources (both editions, the sheet) is listed once
    with all of them. Prices before the currency reform of 30 Nov 2009 are KPW-old and never
    share a series with new won.

    \b
    Examples:
      nkwatch prices rice --market Hyesan --since 2024-01-01
      nkwatch prices 달러 --json | jq .price
      nkwatch prices corn --format csv > corn.csv
      nkwatch prices us_dollar,chinese_yuan --plot rates.svg
      nkwatch prices --update-survey
    """
    from crawler.enrich import entities

    gaz = entities.default()
    if survey_url and not update_survey:
        raise UserError("--survey-url goes with --update-survey")
    if update_survey:
        _update_survey(ctx, survey_url)
        return
    goods = (
        [
            _entry(gaz, name, {"commodity", "currency"}, "commodity").id
            for name in re.split(r"\s*,\s*", commodity.strip())
            if name
        ]
        if commodity
        else []
    )
    place = _entry(gaz, market, {"place"}, "market").id if market else None
    if plot and not plot.lower().endswith((".png", ".svg")):
        raise UserError(f"--plot writes .png or .svg files, not {plot!r}")
    obs = _observations(ctx, goods, place, since, until)
    fmt = "json" if as_json else fmt
    if plot:
        _plot(obs, plot)
    if fmt == "json":
        for o in obs:
            emit_json(o)
    elif fmt == "csv":
        _csv(obs)
    elif not plot or obs:
        _table(obs, gaz)


def _observations(ctx: Context, goods, place, since, until) -> list[dict]:
    from search import price_series

    store = ctx.store()
    try:
        rows = []
        for good in goods or [None]:
            rows.extend(store.price_rows(good, place, since, until))
        return price_series.observations(rows, store.partner)
    finally:
        store.close()


def _update_survey(ctx: Context, url: str | None) -> None:
    from crawler import datadir, survey
    from crawler.store import Store, StoreError

    try:
        store = Store(datadir.store_path(ctx.base))
    except StoreError as exc:
        raise UserError(str(exc)) from None
    try:
        counts = survey.update(store, url or survey.DEFAULT_URL)
    except survey.SurveyError as exc:
        raise UserError(str(exc)) from None
    finally:
        store.close()
    click.echo(
        "imported the survey sheet: "
        + ", ".join(f"{tab} {n} observations" for tab, n in counts.items())
    )


def _csv(obs: list[dict]) -> None:
    writer = csv.writer(sys.stdout)
    writer.writerow(CSV_COLUMNS)
    for o in obs:
        sources = " ".join(safe(s["url"]) for s in o["sources"])
        writer.writerow([*(o[c] for c in CSV_COLUMNS[:-1]), sources])


def _table(obs: list[dict], gaz) -> None:
    from search import price_series

    if not obs:
        click.echo("no price observations matched (nkwatch crawl, or --update-survey, first?)")
        return
    for good, group in price_series.by_commodity(obs):
        group = list(group)
        entry = gaz.entries.get(good)
        click.echo(style(f"{entry.label() if entry else good}", bold=True))
        for o in group:
            where = o["market"] or "-"
            exact = "" if o["date_exact"] else "~"
            kinds = sorted(
                {"survey" if "survey" in s else s.get("lang", "?") for s in o["sources"]}
            )
            click.echo(
                f"  {o['date']}{exact:<1} {where:<12} {o['price']:>9,} {o['currency']:<7}"
                f" /{o['unit']:<5} {','.join(kinds)}"
            )
    click.echo("")
    click.echo(style("series per market (oldest -> newest):", bold=True))
    for (good, currency, unit, market), points in sorted(
        price_series.series(obs).items(), key=lambda kv: (kv[0][0], kv[0][1], kv[0][3] or "")
    ):
        values = [p for _d, p in points]
        click.echo(
            f"  {good:<14} {market or '-':<12} {currency:<7}/{unit:<5} "
            f"{price_series.sparkline(values[-40:])}  {_span(points)}"
        )
    click.echo(style("~ date not printed: the article's publication day", dim=True))


def _plot(obs: list[dict], path: str) -> None:
    """One line per market; two exchange rates asked for together get an axis each."""
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        raise UserError(
            "--plot needs matplotlib: pip install 'nkwatch[plot]' (or use --format csv)"
        ) from None
    from datetime import date as _date

    from search import price_series

    if not obs:
        raise UserError("nothing to plot: no price observations matched")
    lines = price_series.series(obs)
    goods = sorted({k[0] for k in lines})
    twin = set(goods) == {"us_dollar", "chinese_yuan"}
    fig, axes = plt.subplots(
        1 if twin else len(goods), 1, figsize=(10, 4 * (1 if twin else len(goods))), squeeze=False
    )
    axis_of = {}
    if twin:
        axis_of["us_dollar"] = axes[0][0]
        axis_of["chinese_yuan"] = axes[0][0].twinx()
    else:
        axis_of = {g: axes[i][0] for i, g in enumerate(goods)}
    for (good, currency, unit, market), points in sorted(lines.items(), key=str):
        ax = axis_of[good]
        style_ = "--" if twin and good == "chinese_yuan" else "-"
        label = f"{good} {market or 'unknown market'}" + (
            " (old won)" if currency == "KPW-old" else ""
        )
        ax.plot(
            [_date.fromisoformat(d) for d, _p in points],
            [p for _d, p in points],
            style_,
            marker=".",
            label=label,
        )
        ax.set_ylabel(f"{currency} per {unit}")
    for ax in axis_of.values():
        ax.legend(loc="upper left", fontsize="small")
    fig.autofmt_xdate()
    fig.tight_layout()
    try:
        fig.savefig(path)
    except OSError as exc:
        raise UserError(f"cannot write {path}: {exc.strerror or exc}") from None
    finally:
        plt.close(fig)
    click.echo(f"wrote {path}", err=True)


def _span(points: list[tuple[str, int]]) -> str:
    """First and last value with their dates; one survey is one value, not a change."""
    (first_day, first), (last_day, last) = points[0], points[-1]
    if len(points) == 1:
        return f"{first:,} (1 date, {first_day})"
    return f"{first:,} -> {last:,} ({len(points)} dates, {first_day} to {last_day})"
