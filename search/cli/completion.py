"""completion: shell completion scripts (click's own machinery)."""

from __future__ import annotations

import click

from search.cli import cli


@cli.command()
@click.argument("shell", type=click.Choice(["bash", "zsh", "fish"]))
def completion(shell: str) -> None:
    """Print the completion script for a shell; source it from your shell's start-up file.

    \b
    Examples:
      eval "$(nkwatch completion bash)"        # in ~/.bashrc
      nkwatch completion fish > ~/.config/fish/completions/nkwatch.fish
    """
    from click.shell_completion import get_completion_class

    cls = get_completion_class(shell)
    if cls is None:  # pragma: no cover - click ships all three
        raise click.UsageError(f"no completion for {shell}")
    click.echo(cls(cli, {}, "nkwatch", "_NKWATCH_COMPLETE").source())
