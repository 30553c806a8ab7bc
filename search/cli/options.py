"""Options several commands share, each defined once (as sqlite-utils shares its output
options): the same flag has the same name, type, validation and wording in every command.

`--json` means JSON Lines everywhere: one JSON document per line, each line a whole record;
a command's help says what one line holds.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any, TypeVar
from urllib.parse import urlsplit

import click

from crawler.items import LANGS
from crawler.urls import DEFAULT_BASE_URL
from search.cli.errors import UserError

F = TypeVar("F", bound=Callable[..., Any])


def _all(*decorators: Callable[[F], F]) -> Callable[[F], F]:
    """Several options as one decorator, in the order they are listed in --help."""

    def apply(fn: F) -> F:
        for decorator in reversed(decorators):
            fn = decorator(fn)
        return fn

    return apply


# --- what to show ------------------------------------------------------------------------
class Day(click.ParamType):
    """A day written YYYY-MM-DD, checked where it is typed and passed on as that text."""

    name = "YYYY-MM-DD"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> str:
        try:
            datetime.strptime(value, "%Y-%m-%d")
        except (TypeError, ValueError):
            self.fail(f"bad date {value!r}: use YYYY-MM-DD", param, ctx)
        return value


def since_option(help: str = "Only articles published on or after this day (UTC).") -> Any:
    """--since; a command whose --since means more than a filter says so in `help`."""
    return click.option("--since", type=Day(), help=help)


until_option = click.option(
    "--until", type=Day(), help="Only articles published on or before this day (UTC)."
)
since_until_options = _all(since_option(), until_option)

lang_option = click.option(
    "--lang", type=click.Choice(LANGS), help="Only articles in this language."
)

# A name the gazetteer lacks is searched as text, with a note on stderr (search/plan.py).
entity_options = _all(
    click.option("--entity", metavar="NAME", help="Must mention this entity (id or any name)."),
    click.option("--commodity", metavar="NAME", help="Must mention this commodity (id or name)."),
)


def limit_option(default: int, what: str, maximum: int = 1000) -> Any:
    return click.option(
        "--limit",
        default=default,
        show_default=True,
        type=click.IntRange(1, maximum),
        help=f"{what.capitalize()} to show at most.",
    )


# --- how to print it ---------------------------------------------------------------------
def json_option(line: str) -> Any:
    """--json (as `as_json`): JSON Lines; `line` says what one line holds."""
    return click.option("--json", "as_json", is_flag=True, help=f"JSON Lines: {line}.")


_FORMATS = {
    "table": "for reading",
    "json": "JSON Lines, one {record} per line",
    "jsonl": "JSON Lines, one {record} per line",
    "csv": "CSV with a header row, one {record} per row",
}


def format_options(*formats: str, record: str, default: str, flags: bool = False) -> Any:
    """--format NAME (as `fmt`); with `flags`, also one --NAME flag per format, the way
    export has always spelt them (--jsonl, --csv)."""
    described = "; ".join(
        f"{name}: {_FORMATS[name].format(record=record)}"
        + (" (default)" if name == default else "")
        for name in formats
    )
    options = [
        click.option(
            "--format", "fmt", type=click.Choice(formats), default=default, help=described + "."
        )
    ]
    if flags:
        options += [
            click.option(f"--{name}", "fmt", flag_value=name, help=f"Same as --format {name}.")
            for name in formats
        ]
    return _all(*options)


# --- crawling ----------------------------------------------------------------------------
def _base_url(_ctx: click.Context, _param: click.Parameter, url: str) -> str:
    """The site root as scheme://host[:port]; anything else is refused in one line."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise UserError(
            f"--base-url must be an http(s) URL such as {DEFAULT_BASE_URL}, not {url!r}"
        )
    return f"{parts.scheme}://{parts.netloc}"


base_url_option = click.option(
    "--base-url",
    default=DEFAULT_BASE_URL,
    show_default=True,
    callback=_base_url,
    help="Root of a Daily NK-shaped site (both editions are crawled).",
)


def max_pages_option(default: int, help: str) -> Any:
    """--max-pages, whose default differs: a few for refresh, more for a crawl."""
    return click.option(
        "--max-pages", default=default, show_default=True, type=click.IntRange(1, 10000), help=help
    )


def recrawl_days_option(default: int) -> Any:
    """--recrawl-days, whose default differs: none for a crawl, the last days for refresh."""
    return click.option(
        "--recrawl-days",
        default=default,
        show_default=bool(default),
        type=click.IntRange(0, 36500),
        help="Re-fetch articles of the last N days to catch edits.",
    )


delay_option = click.option(
    "--delay",
    type=click.FloatRange(0, 60),
    default=None,
    help="Seconds between requests (default 1 on the real site, 0 on loopback).",
)

wait_option = click.option(
    "--wait", is_flag=True, help="Queue behind a running crawl or refresh instead of exiting."
)
