"""index: bring the index up to date with the store, or rebuild it."""

from __future__ import annotations

import click

from search.cli import Context, cli


@cli.group()
def index() -> None:
    """Maintain the search index (the store is the truth; the index can always be rebuilt).

    \b
    Examples:
      nkwatch index update
      nkwatch index rebuild
    """


@index.command("update")
@click.pass_obj
def index_update(ctx: Context) -> None:
    """Index stored articles the index does not have yet.

    \b
    Example:
      nkwatch crawl --no-index && nkwatch index update
    """
    from search import indexer

    n = indexer.update(ctx.base)
    click.echo(f"indexed {n} documents")


@index.command("rebuild")
@click.pass_obj
def index_rebuild(ctx: Context) -> None:
    """Rebuild the whole index from the store into a new directory and swap it in
    atomically; searches keep working on the old one meanwhile.

    \b
    Example:
      nkwatch index rebuild
    """
    from crawler.store import Store
    from search import indexer, paths

    if not paths.store_path(ctx.base).exists():
        from search.cli.errors import UserError

        raise UserError(f"no store in {ctx.base}: run `nkwatch crawl` first")
    Store(paths.store_path(ctx.base)).close()
    n = indexer.rebuild(ctx.base)
    click.echo(f"rebuilt the index: {n} documents")
