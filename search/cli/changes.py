"""changes: articles edited or withdrawn on the site; show --revisions' history."""

from __future__ import annotations

import click

from search.cli import Context, cli
from search.cli.options import json_option
from search.cli.output import emit_json, safe, style, term_width, truncate
from search.cli.watch import since_option, utc_since

LABELS = {"edited": "edited", "withdrawn": "WITHDRAWN", "restored": "restored"}


def print_diff(diff: dict[str, str], indent: str = "    ") -> None:
    """Each changed field's word diff; removed words red, added green on a colour terminal
    (the [- -] and {+ +} marks stay, so it reads the same when piped)."""
    from search.changes import split_marks

    for name, text in diff.items():
        pieces = []
        for kind, part in split_marks(safe(text)):
            colour = {"-": "red", "+": "green"}.get(kind)
            pieces.append(style(part, fg=colour) if colour else part)
        click.echo(f"{indent}{name}: " + "".join(pieces))


@cli.command()
@since_option("Changes noticed")
@json_option("one change (url, lang, change, at, revision)")
@click.option("--no-diff", is_flag=True, help="Only the list, without the word diffs.")
@click.pass_obj
def changes(ctx: Context, since: str | None, as_json: bool, no_diff: bool) -> None:
    """Articles edited (with a word diff of title and body), withdrawn (answering 404/410
    when re-fetched: kept, still searchable, marked) or restored, oldest first.

    Edits and withdrawals are noticed when a refresh re-fetches recent articles
    (--recrawl-days); `nkwatch show URL --revisions` shows an article's whole history.

    \b
    Examples:
      nkwatch changes --since 2025-06-01
      nkwatch changes --json | jq 'select(.change == "withdrawn") | .url'
    """
    from search import changes as log

    found = log.changes(ctx.base, utc_since(since), diffs=not (as_json or no_diff))
    if as_json:
        for change in found:
            emit_json(change.to_json())
        return
    if not found:
        click.echo("no edits or withdrawals noticed" + (f" since {since}" if since else ""))
    cols = term_width()
    for c in found:
        lead = f"{c.at[:16].replace('T', ' ')}  {LABELS[c.change]:<9}  {(c.lang or '?').upper()}"
        lead += f" r{c.revision}  "
        click.echo(lead + style(truncate(safe(c.title), cols - len(lead)), bold=True))
        click.echo("    " + style(safe(c.url), dim=True))
        if c.diff:
            print_diff(c.diff)


def print_revisions(base, url: str) -> None:
    """`show URL --revisions`: every kept version, when it was fetched, and what changed."""
    from search import changes as log

    versions = log.history(base, url)
    gone = log.withdrawn(base, [url])
    for version, diff in versions:
        click.echo(
            style(f"revision {version['revision']}", bold=True)
            + f"  fetched {version.get('fetched_at', '?')}  {safe(version.get('title', ''))}"
        )
        if diff:
            print_diff(diff)
        elif version["revision"] > 1:
            click.echo("    (no change in the text)")
    if url in gone:
        click.echo(style(f"withdrawn since {gone[url]} (the site answers 404/410)", bold=True))
