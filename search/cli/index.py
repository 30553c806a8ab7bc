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
    from search import indexer, lexicon

    store = ctx.store(writable=True)  # brings an older store's schema up before the rebuild
    try:  # the store is the truth: price observations are derived from it again too
        from crawler.enrich import prices

        observations = prices.rederive(store)
        total = sum(store.count().values())
    finally:
        store.close()
    with _progress(total, "rebuilding") as step:
        n = indexer.rebuild(ctx.base, step)
    click.echo(f"rebuilt the index: {n} documents; {observations} price observations derived")
    store = ctx.store()
    try:
        lex = lexicon.rebuild(ctx.base, store)
    finally:
        store.close()
    click.echo(f"learned {len(lex)} translations from {lex.pairs} pairs")


def _progress(total: int, label: str):
    """A progress bar on a terminal; nothing in pipes and logs."""
    import contextlib
    import sys

    if not sys.stderr.isatty():
        return contextlib.nullcontext(None)

    @contextlib.contextmanager
    def bar():
        with click.progressbar(length=total, label=label, file=sys.stderr) as b:
            yield b.update

    return bar()
