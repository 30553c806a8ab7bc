"""nkwatch's command line. Heavy libraries (Scrapy, Whoosh, mecab) load inside commands, so
`nkwatch --help` and a search start fast."""

from __future__ import annotations

import importlib
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from crawler.datadir import ENV_VAR, data_dir, store_path
from search.cli.errors import UserError, run_guarded

if TYPE_CHECKING:
    from crawler.store import Store


class Context:
    def __init__(self, data: str | None, debug: bool) -> None:
        self.base: Path = data_dir(data)
        self.debug = debug

    def store(self, writable: bool = False) -> Store:
        """The data directory's store, or one line saying how to get one; never created here
        (only a crawl makes a store), though `writable` brings an older one's schema up."""
        from crawler.store import Store, StoreError

        path = store_path(self.base)
        try:
            if not path.exists():
                raise StoreError(f"no store at {path}")
            return Store(path, readonly=not writable)
        except StoreError as exc:
            raise UserError(
                f"no store in {self.base}: run `nkwatch crawl` (or `make demo`) first"
            ) from exc


class LazyGroup(click.Group):
    """Commands registered by importing their module when one is asked for (click's own
    pattern for lazy subcommands); listing them (help, completion) imports them all."""

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        from search.cli.commands import COMMANDS

        if name not in self.commands and name in COMMANDS:
            importlib.import_module(f"search.cli.{COMMANDS[name]}")
        return super().get_command(ctx, name)

    def list_commands(self, ctx: click.Context) -> list[str]:
        load_all()
        return super().list_commands(ctx)


def load_all() -> None:
    """Import every command module (what `nkwatch --help` and the tests list)."""
    from search.cli.commands import MODULES

    for module in MODULES:
        importlib.import_module(f"search.cli.{module}")


@click.group(
    cls=LazyGroup,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
    epilog="Example: nkwatch crawl && nkwatch search 'iron ore' --since 2025-01-01",
)
@click.option(
    "--data-dir",
    "data",
    metavar="DIR",
    envvar=ENV_VAR,
    show_envvar=True,
    help="Directory holding the store and the index (default: per-user data dir).",
)
@click.option("--debug", is_flag=True, help="Show tracebacks instead of one-line errors.")
@click.version_option(package_name="nkwatch")
@click.pass_context
def cli(ctx: click.Context, data: str | None, debug: bool) -> None:
    """Crawl Daily NK in English and Korean, and search both editions at once.

    An English query finds the Korean originals too (`iron ore` finds 철광석), and a Korean
    one the English translations; entities and commodities work as filters in both.
    """
    ctx.obj = Context(data, debug)


def main() -> None:
    debug = "--debug" in sys.argv
    sys.exit(run_guarded(cli, debug))


__all__ = ["cli", "main", "load_all", "Context", "UserError"]
