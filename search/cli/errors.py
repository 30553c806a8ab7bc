"""One-line errors with the fix named, a non-zero exit, and no traceback unless --debug."""

from __future__ import annotations

import sqlite3
import sys

import click


class UserError(click.ClickException):
    """An error the user can fix; printed as one line."""

    exit_code = 2

    def show(self, file=None) -> None:
        click.echo(f"nkwatch: error: {self.format_message()}", err=True)


def run_guarded(cli: click.Group, debug: bool) -> int:
    from crawler.store import StoreError
    from search.errors import NkwatchError

    try:
        cli.main(prog_name="nkwatch", standalone_mode=False)
        return 0
    except click.exceptions.Exit as exc:
        return exc.exit_code
    except click.UsageError as exc:  # bad input is one line too, naming where help is
        where = exc.ctx.command_path if exc.ctx else "nkwatch"
        click.echo(f"nkwatch: error: {exc.format_message()} (see `{where} --help`)", err=True)
        return exc.exit_code
    except click.ClickException as exc:
        exc.show()
        return exc.exit_code
    except click.exceptions.Abort:
        click.echo("nkwatch: aborted", err=True)
        return 130
    except (NkwatchError, StoreError, sqlite3.Error, OSError) as exc:
        if debug:
            raise
        click.echo(f"nkwatch: error: {exc}", err=True)
        return 2
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # a bug: still one line, with the way to see more
        if debug:
            raise
        click.echo(
            f"nkwatch: internal error: {type(exc).__name__}: {exc} "
            "(run with --debug for the traceback)",
            err=True,
        )
        return 70
    finally:
        sys.stdout.flush()
