"""search and show: what analysts type most."""

from __future__ import annotations

import click

from crawler.text import hangul
from search.cli import Context, cli
from search.cli.errors import UserError
from search.cli.options import (
    entity_options,
    format_options,
    json_option,
    lang_option,
    limit_option,
    since_until_options,
)
from search.cli.output import emit_json, mark, print_note, safe, style, term_width, truncate
from search.results import MAX_LIMIT, SORTS


def _story_date(hit) -> str:
    dates = [s.published for s in (hit.en, hit.ko) if s and s.published]
    return min(dates)[:10] if dates else "????-??-??"


def print_table(result, show_query: bool = True, withdrawn: dict | None = None) -> None:
    """Readable results: both titles per story, the snippet of the side that matched."""
    cols = term_width()
    if not result.hits:
        click.echo("no stories matched")
    for hit in result.hits:
        first = True
        for tag, side in (("EN", hit.en), ("KO", hit.ko)):
            if side is None:
                continue
            lead = f"{hit.rank:>3}. {_story_date(hit)} " if first else " " * 16
            gone = "[withdrawn] " if side.url in (withdrawn or {}) else ""
            title = gone + truncate(safe(side.title), cols - 22 - len(gone))
            click.echo(f"{lead}{style(tag, fg='cyan')} {style(title, bold=side.matched)}")
            first = False
        korean_first = hangul.has_syllable(result.query)
        for side in (hit.ko, hit.en) if korean_first else (hit.en, hit.ko):
            if side and side.matched:
                click.echo("      " + mark(side.snippet, side.highlights))
                break
        tags = hit.entities[:5] + hit.commodities[:5]
        if tags:
            click.echo("      " + style("; ".join(tags), dim=True))
        url = (hit.en or hit.ko).url
        click.echo("      " + style(safe(url), dim=True))
    click.echo("")
    shown = len(result.hits)
    about = "" if result.total_exact else "about "
    click.echo(
        f"{shown} stories shown, of {about}{result.total_matches} matching articles"
        + (" (search stopped at the time limit)" if result.timed_out else "")
    )
    for name in ("commodities", "entities"):
        facet = result.facets.get(name) or {}
        if facet:
            top = ", ".join(f"{k} {v}" for k, v in list(facet.items())[:8])
            click.echo(f"{name}: {top}")
    if show_query:
        for note in result.expansions:
            click.echo(style(f"expanded: {safe(note)}", dim=True))
        click.echo(style(f"query: {safe(result.parsed)}", dim=True))


@cli.command()
@click.argument("query", required=False, default="")
@lang_option
@since_until_options
@entity_options
@click.option("--sort", type=click.Choice(SORTS), default=SORTS[0], show_default=True)
@limit_option(10, "stories", maximum=MAX_LIMIT)
@format_options("table", "json", "csv", record="story", default="table")
@json_option("one story per line (same as --format json)")
@click.option(
    "--service/--no-service",
    default=None,
    envvar="NKWATCH_SERVICE",
    show_envvar=True,
    help="Ask the running `nkwatch serve` (an error if none answers) / search in this "
    "process. Default: the service when one runs for the data directory.",
)
@click.pass_obj
def search(
    ctx: Context,
    query: str,
    lang: str | None,
    since: str | None,
    until: str | None,
    entity: str | None,
    commodity: str | None,
    sort: str,
    limit: int,
    fmt: str | None,
    as_json: bool,
    service: bool | None,
) -> None:
    """Search both editions; a hit is a story (an English translation and its Korean
    original together). Names in the gazetteer match across languages.

    Whoosh syntax works: AND, OR, NOT, "phrases", field:value (lang:ko, ids:iron_ore).

    \b
    Examples:
      nkwatch search 'iron ore'                   # also Korean stories on 철광석
      nkwatch search 평진 --lang en
      nkwatch search prices --commodity rice --since 2025-01-01 --sort date
      nkwatch search donju --json | jq .en.title
      nkwatch search 'exchange rate' --format csv > rates.csv
      nkwatch search donju --no-service           # in this process, even if serve runs
    """
    from search.results import Filters

    filters = Filters(lang, since, until, entity, commodity)
    result = None
    if service is not False:
        from search.service import client

        result = client.search(ctx.base, query, filters, limit, sort, required=bool(service))
    if result is None:
        from search.query import search as run

        result = run(ctx.base, query, filters, limit=limit, sort=sort)
    for note in result.notes:
        print_note(note)
    fmt = "json" if as_json else (fmt or "table")
    gone = withdrawn_in(ctx.base, result)
    if fmt == "json":
        for hit in result.hits:
            emit_json(mark_withdrawn(hit.to_json(), gone))
    elif fmt == "csv":
        print_csv(result)
    else:
        print_table(result, withdrawn=gone)


def withdrawn_in(base, result) -> dict[str, str]:
    """The hits' articles the site has taken down (still found, and marked)."""
    from search.changes import withdrawn

    urls = [s.url for h in result.hits for s in (h.en, h.ko) if s is not None]
    return withdrawn(base, urls)


def mark_withdrawn(hit: dict, gone: dict[str, str]) -> dict:
    """A withdrawn side gets "withdrawn": its date; the other sides are unchanged."""
    for lang in ("en", "ko"):
        if hit[lang] and hit[lang]["url"] in gone:
            hit[lang]["withdrawn"] = gone[hit[lang]["url"]]
    return hit


CSV_COLUMNS = (
    "rank",
    "score",
    "published",
    "en_title",
    "en_url",
    "ko_title",
    "ko_url",
    "entities",
    "commodities",
)


def print_csv(result) -> None:
    """One row per story, for spreadsheets: web text neutralised, no formula injection."""
    import csv
    import sys

    writer = csv.writer(sys.stdout)
    writer.writerow(CSV_COLUMNS)

    def cell(value) -> str:
        text = safe(value or "")
        return "'" + text if text[:1] in ("=", "+", "@") else text

    for hit in result.hits:
        en, ko = hit.en, hit.ko
        writer.writerow(
            [
                hit.rank,
                round(hit.score, 3),
                _story_date(hit),
                cell(en and en.title),
                cell(en and en.url),
                cell(ko and ko.title),
                cell(ko and ko.url),
                " ".join(hit.entities),
                " ".join(hit.commodities),
            ]
        )


@cli.command()
@click.argument("key", metavar="URL|POST_ID")
@click.option(
    "--side-by-side/--stacked",
    default=None,
    help="Both versions in two columns (default: when the terminal is wide).",
)
@json_option("the article, then its other-language version")
@click.option("--revisions", is_flag=True, help="Every kept version, with word diffs.")
@click.pass_obj
def show(ctx: Context, key: str, side_by_side: bool | None, as_json: bool, revisions: bool) -> None:
    """Show a story: the article and its other-language version, with metadata.

    \b
    Examples:
      nkwatch show https://www.dailynk.com/english/some-slug/
      nkwatch show 43170 --stacked
      nkwatch show https://www.dailynk.com/english/some-slug/ --revisions
    """
    store = ctx.store()
    try:
        rec = store.find(key)
        if rec is None:
            raise UserError(
                f"no stored article {key!r}: give its URL or post id (see `nkwatch search`)"
            )
        if revisions:
            from search.cli.changes import print_revisions

            return print_revisions(ctx.base, rec["url"])
        other = store.get(rec["pair_url"]) if rec.get("pair_url") else None
        sides = [r for r in (rec, other) if r]
        sides.sort(key=lambda r: r.get("lang") != "en")
        if as_json:
            for r in sides:
                emit_json(r)
            return
        cols = term_width()
        if side_by_side is None:
            side_by_side = len(sides) == 2 and cols >= 140
        for r in sides:
            _print_meta(r)
        if side_by_side and len(sides) == 2:
            _print_columns(sides[0], sides[1], cols)
        else:
            for r in sides:
                click.echo(style(f"\n--- {r.get('lang', '?').upper()} ---", bold=True))
                for para in r.get("body", []):
                    click.echo(safe(para) + "\n")
    finally:
        store.close()


def _print_meta(r: dict) -> None:
    click.echo(style(f"[{r.get('lang', '?').upper()}] {safe(r.get('title', ''))}", bold=True))
    if r.get("subtitle"):
        click.echo(f"     {safe(r['subtitle'])}")
    meta = [
        ("url", r.get("url")),
        ("published", r.get("published")),
        ("modified", r.get("modified")),
        ("author", ", ".join(r.get("authors", []))),
        ("translator", r.get("translator")),
        ("editor", r.get("editor")),
        ("section", r.get("section")),
        ("tags", ", ".join(r.get("tags", []))),
        ("entities", ", ".join(r.get("entities", {}))),
        ("commodities", ", ".join(r.get("commodities", {}))),
        ("revision", r.get("revision")),
        ("template", r.get("template")),
    ]
    for k, v in meta:
        if v:
            click.echo(f"     {k + ':':<12} {safe(v)}")


def _print_columns(left: dict, right: dict, cols: int) -> None:
    import textwrap

    from search.cli.output import width

    half = (cols - 3) // 2
    lp, rp = left.get("body", []), right.get("body", [])
    for i in range(max(len(lp), len(rp))):
        a = textwrap.wrap(safe(lp[i]) if i < len(lp) else "", half) or [""]
        b = _wrap_wide(safe(rp[i]) if i < len(rp) else "", half) or [""]
        for j in range(max(len(a), len(b))):
            la = a[j] if j < len(a) else ""
            lb = b[j] if j < len(b) else ""
            click.echo(la + " " * (half - width(la)) + " | " + lb)
        click.echo("")


def _wrap_wide(text: str, cols: int) -> list[str]:
    """Wrap text whose characters may be double width (Hangul)."""
    from search.cli.output import width

    lines, cur = [], ""
    for word in text.split(" "):
        cand = f"{cur} {word}".strip()
        if width(cand) > cols and cur:
            lines.append(cur)
            cur = word
        else:
            cur = cand
    if cur:
        lines.append(cur)
    return lines
