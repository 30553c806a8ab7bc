"""watch: saved searches, run by every refresh; their reports and the refresh digest."""

from __future__ import annotations

import json
import re
import sys
from datetime import datetime
from pathlib import Path

import click

from search.cli import Context, cli
from search.cli.errors import UserError
from search.cli.options import entity_options, json_option
from search.cli.output import emit_json, print_note, safe, style, term_width, truncate

DIGEST_SHOWN = 5  # stories per watch in the digest refresh prints (the file has them all)


def since_option(what: str):
    return click.option(
        "--since",
        metavar="YYYY-MM-DD",
        help=f"{what} on or after this day, or this time (2025-06-01T08:00:00Z), UTC.",
    )


def utc_since(value: str | None) -> str | None:
    """A day or an ISO time (UTC) as the store's timestamps are written."""
    if value is None:
        return None
    for fmt in ("%Y-%m-%d", "%Y-%m-%dT%H:%M:%SZ", "%Y-%m-%dT%H:%M:%S"):
        try:
            return datetime.strptime(value, fmt).strftime("%Y-%m-%dT%H:%M:%SZ")
        except ValueError:
            continue
    raise UserError(f"bad date {value!r}: use YYYY-MM-DD (or YYYY-MM-DDTHH:MM:SSZ)")


@cli.group()
def watch() -> None:
    """Saved searches: every refresh runs them on what it indexed and records each new
    matching story once (a later translation of it is marked as a new translation).

    \b
    Examples:
      nkwatch watch add pyongjin 평진
      nkwatch watch add rice-prices prices --commodity rice --lang en
      nkwatch watch list
      nkwatch watch report --since 2025-06-01 --format markdown
    """


@watch.command("add")
@click.argument("name")
@click.argument("query")
@entity_options
@click.option("--lang", type=click.Choice(["en", "ko"]), help="Only articles in this language.")
@click.option("--backfill", is_flag=True, help="Report what already matches, too.")
@click.pass_obj
def watch_add(
    ctx: Context,
    name: str,
    query: str,
    entity: str | None,
    commodity: str | None,
    lang: str | None,
    backfill: bool,
) -> None:
    """Save a search as NAME. What already matches counts as seen, so the next refresh
    reports only new stories; --backfill reports the existing ones as well.

    \b
    Examples:
      nkwatch watch add pyongjin 평진
      nkwatch watch add musan-ore 'iron ore' --entity musan --backfill
      nkwatch watch add rice '' --commodity rice     # a filter alone
    """
    from search import watch as watches

    w = watches.Watch(name, query, entity, commodity, lang)
    for note in watches.check_query(ctx.base, w):
        print_note(note)
    hits = watches.add(ctx.base, w, backfill=backfill)
    seen = len(watches.report(ctx.base, name)) if backfill else None
    click.echo(f"watch {name} added: {w.describe()}")
    if backfill:
        click.echo(f"{seen} stories already match (reported: `nkwatch watch show {name}`)")
        for hit in hits[:DIGEST_SHOWN]:
            click.echo("  " + _story_line(hit.en, hit.ko, term_width() - 2))


@watch.command("list")
@json_option("one watch (to keep, or move with `watch import`)")
@click.pass_obj
def watch_list(ctx: Context, as_json: bool) -> None:
    """The saved searches (`--json` is their export; `watch import` reads it back).

    \b
    Examples:
      nkwatch watch list
      nkwatch watch list --json > watches.jsonl
    """
    from search import watch as watches

    rows = watches.listing(ctx.base)
    for row in rows:
        w = watches.Watch.from_row(row)
        if as_json:
            emit_json(w.to_json())
        else:
            click.echo(f"{safe(w.name):<20} {safe(w.describe())}  (since {row['created_at'][:10]})")
    if not rows and not as_json:
        click.echo("no watches: add one with `nkwatch watch add NAME QUERY`")


@watch.command("import")
@click.argument("source", type=click.File("r", encoding="utf-8"))
@click.pass_obj
def watch_import(ctx: Context, source) -> None:
    """Add the watches of a `watch list --json` export (what matches now counts as seen).

    \b
    Example:
      nkwatch watch import watches.jsonl
    """
    from search import watch as watches

    for n, line in enumerate(source, 1):
        if not line.strip():
            continue
        try:
            d = json.loads(line)
            w = watches.Watch(
                d["name"], d["query"], d.get("entity"), d.get("commodity"), d.get("lang")
            )
        except (ValueError, KeyError, TypeError) as exc:
            raise UserError(f"line {n} of {source.name} is not a watch ({exc})") from None
        watches.add(ctx.base, w)
        click.echo(f"watch {w.name} added: {w.describe()}")


@watch.command("remove")
@click.argument("name")
@click.pass_obj
def watch_remove(ctx: Context, name: str) -> None:
    """Delete a watch and its record of hits.

    \b
    Example:
      nkwatch watch remove pyongjin
    """
    from search import watch as watches

    watches.remove(ctx.base, name)
    click.echo(f"watch {name} removed")


@watch.command("show")
@click.argument("name")
@click.option("--limit", default=20, show_default=True, type=click.IntRange(1, 10000))
@click.pass_obj
def watch_show(ctx: Context, name: str, limit: int) -> None:
    """A watch and its latest hits, newest first.

    \b
    Example:
      nkwatch watch show pyongjin --limit 5
    """
    from search import watch as watches

    rows = watches.listing(ctx.base)
    row = next((r for r in rows if r["name"] == name), None)
    if row is None:
        raise UserError(f"no watch named {name!r} (see `nkwatch watch list`)")
    w = watches.Watch.from_row(row)
    click.echo(style(f"{safe(name)}: {safe(w.describe())}", bold=True))
    lines = watches.report(ctx.base, name)
    click.echo(f"{len(lines)} stories reported since {row['created_at'][:10]}")
    print_report(list(reversed(lines))[:limit], with_watch=False)


@watch.command("report")
@click.argument("name", required=False)
@since_option("Hits first seen")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json", "markdown"]),
    default="table",
    show_default=True,
    help="table; json: JSON Lines, one per (watch, story); markdown: the digest.",
)
@json_option("one (watch, story): watch, first_seen, en, ko, new_translation")
@click.pass_obj
def watch_report(
    ctx: Context, name: str | None, since: str | None, fmt: str, as_json: bool
) -> None:
    """The digest of what the watches found: one line per (watch, story), oldest first.

    \b
    Examples:
      nkwatch watch report --since 2025-06-01
      nkwatch watch report pyongjin --json
      nkwatch watch report --format markdown > digest.md
    """
    from search import watch as watches

    lines = watches.report(ctx.base, name, utc_since(since))
    fmt = "json" if as_json else fmt
    if fmt == "json":
        for line in lines:
            emit_json(line.to_json())
    elif fmt == "markdown":
        click.echo(markdown(lines, f"nkwatch watch report{' ' + name if name else ''}"), nl=False)
    else:
        print_report(lines, with_watch=name is None)


def _story_line(en: dict | None, ko: dict | None, cols: int) -> str:
    titles = " / ".join(safe(s["title"]) for s in (en, ko) if s)
    return truncate(titles, cols)


def print_report(lines, with_watch: bool = True) -> None:
    cols = term_width()
    if not lines:
        click.echo("no stories")
    for line in lines:
        lead = f"{line.first_seen[:10]} " + (f"{safe(line.watch)[:16]:<16} " if with_watch else "")
        tag = "+translation " if line.new_translation else ""
        click.echo(lead + tag + _story_line(line.en, line.ko, cols - len(lead) - len(tag)))
        url = (line.en or line.ko or {}).get("url", "")
        click.echo(" " * len(lead) + style(safe(url), dim=True))


def _md(text: str) -> str:
    """Markdown-inert form of web text: controls removed, markup characters escaped."""
    return re.sub(r"([\\`*_\[\]<>#|])", r"\\\1", safe(text))


def _md_story(en: dict | None, ko: dict | None) -> str:
    return " / ".join(f"[{_md(s['title'])}](<{s['url']}>)" for s in (en, ko) if s)


def markdown(lines, title: str) -> str:
    out = [f"# {_md(title)}", ""]
    by_watch: dict[str, list] = {}
    for line in lines:
        by_watch.setdefault(line.watch, []).append(line)
    if not lines:
        out += ["No new stories.", ""]
    for name, group in by_watch.items():
        out += [f"## {_md(name)} ({len(group)})", ""]
        for line in group:
            tag = " *(new translation)*" if line.new_translation else ""
            out.append(f"- {line.first_seen[:10]} {_md_story(line.en, line.ko)}{tag}")
        out.append("")
    return "\n".join(out)


# --- the refresh's digest -------------------------------------------------------------
digest_dir_option = click.option(
    "--digest-dir",
    metavar="DIR",
    type=click.Path(file_okay=False, path_type=Path),
    help="Also write this run's watch digest there, one Markdown file per run.",
)


def run_digest(run, started_at: str) -> str:
    """The Markdown digest of one refresh's watch run."""
    from search.watch import ReportLine

    lines = [ReportLine(h.watch, h.first_seen, h.en, h.ko, h.new_translation) for h in run.hits]
    text = markdown(lines, f"nkwatch digest, refresh of {started_at}")
    for name, error in run.errors.items():
        text += f"\n**{_md(name)} failed:** {_md(error)}\n"
    return text


def write_digest(run, started_at: str, folder: Path) -> Path:
    """DIR/nkwatch-digest-<start, UTC>.md, written whole (a temporary file renamed)."""
    folder.mkdir(parents=True, exist_ok=True)
    stamp = started_at.replace(":", "").replace("-", "")
    path = folder / f"nkwatch-digest-{stamp}.md"
    tmp = path.with_suffix(".md.tmp")
    tmp.write_text(run_digest(run, started_at), encoding="utf-8")
    tmp.replace(path)
    return path


def print_digest(run) -> None:
    """A few lines for cron's mail and the journal: new stories per watch."""
    if not run.counts and not run.errors:
        return
    cols = term_width()
    for name, count in run.counts.items():
        mine = [h for h in run.hits if h.watch == name]
        translations = sum(h.new_translation for h in mine)
        if not mine:
            continue
        extra = f", {translations} new translations" if translations else ""
        click.echo(f"watch {safe(name)}: {count} new stories{extra}")
        for h in mine[:DIGEST_SHOWN]:
            tag = "+translation " if h.new_translation else ""
            click.echo(f"  {tag}{_story_line(h.en, h.ko, cols - 4 - len(tag))}")
        if len(mine) > DIGEST_SHOWN:
            click.echo(f"  ... and {len(mine) - DIGEST_SHOWN} more (`nkwatch watch report`)")
    for name, error in run.errors.items():
        click.echo(f"watch {safe(name)} failed: {safe(error)}", err=True)
    sys.stdout.flush()
