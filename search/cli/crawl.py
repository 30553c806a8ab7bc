"""crawl, serve-sample, demo: getting pages into the store and the index."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

import click

from crawler import datadir, health
from search.cli import Context, cli
from search.cli.errors import UserError
from search.cli.options import (
    base_url_option,
    delay_option,
    json_option,
    max_pages_option,
    recrawl_days_option,
    since_option,
    wait_option,
)
from search.cli.output import emit_json, safe


def index_and_learn(base: Path) -> int:
    """After new articles are stored: index them, and relearn the lexicon if the pairs grew
    enough (crawl, refresh and ingest all end this way)."""
    from search import indexer, lexicon

    indexed = indexer.update(base)
    lexicon.keep_fresh(base)
    return indexed


def source_line(summary: dict) -> str:
    """Where the articles came from, and, once, why the REST API was not used."""
    rest = summary.get("rest") or {}
    fallback = {k.removeprefix("fallback/"): v for k, v in rest.items() if "fallback/" in k}
    said = ", ".join(f"{lang} {why}" for lang, why in sorted(fallback.items()))
    if summary.get("source") != "rest":
        why = f" (the REST API did not answer with posts: {said})" if said else ""
        return f"article pages{why}"
    line = (
        f"REST API: {rest.get('articles', 0)} articles from {rest.get('pages_done', 0)} "
        f"requests, {rest.get('page_fetches', 0)} pages fetched for incomplete records"
    )
    return line + (f"; pages instead for {said}" if said else "")


def print_summary(summary: dict, indexed: int) -> None:
    arts = summary.get("articles", {})

    def line(outcome: str) -> str:
        d = arts.get(outcome, {})
        return f"{d.get('en', 0)} en / {d.get('ko', 0)} ko"

    click.echo(f"pages fetched:   {summary.get('pages_fetched', 0)}")
    click.echo(f"source:          {source_line(summary)}")
    click.echo(f"articles new:    {line('new')}")
    click.echo(f"articles updated: {line('updated')}")
    click.echo(f"unchanged:       {line('unchanged')}")
    pairs = summary.get("pairs", {})
    click.echo(
        f"pairs found:     {pairs.get('found', 0)} (broken: {pairs.get('broken', 0)}, "
        f"Korean pages claimed twice: {summary.get('shared_originals', 0)})"
    )
    dropped = summary.get("dropped", {})
    if dropped:
        click.echo("not stored:      " + ", ".join(f"{k} {v}" for k, v in sorted(dropped.items())))
    tpl = summary.get("templates", {})
    if tpl:
        click.echo("templates:       " + ", ".join(f"{k} {v}" for k, v in sorted(tpl.items())))
    click.echo(
        f"language checks: {summary.get('language_disagreements', 0)} disagreements "
        "with the page's lang attribute"
    )
    click.echo(f"errors:          {summary.get('errors', 0)}")
    click.echo(f"indexed:         {indexed} documents")
    for alarm in summary.get("alarms", []):
        click.echo(f"ALARM: {safe(alarm)}", err=True)


@cli.command()
@base_url_option
@max_pages_option(5, "Listing pages to walk per listing.")
@since_option("Skip articles published before this day (UTC).")
@recrawl_days_option(default=0)
@click.option(
    "--full",
    is_flag=True,
    help="Backfill the whole archive: through the WordPress REST API (100 articles a "
    "request) when it answers, else by walking listings past known URLs.",
)
@click.option(
    "--rest",
    "source",
    flag_value="rest",
    help="Read articles from the WordPress REST API (wp-json) even without --full.",
)
@click.option(
    "--pages",
    "source",
    flag_value="pages",
    help="Fetch every article page (the REST API unused), as before it was read.",
)
@delay_option
@click.option("--no-index", is_flag=True, help="Store only; index later with `nkwatch index`.")
@json_option("the crawl summary on one line")
@wait_option
@click.option(
    "--jobdir",
    metavar="DIR",
    help="Pause a long backfill with Ctrl-C and resume it with the same --jobdir.",
)
@click.option(
    "--redis",
    "redis_url",
    metavar="redis://HOST:PORT/DB",
    help="Scale out: share the frontier with other crawlers through Redis and queue "
    "items for `nkwatch ingest` (no store or index written here).",
)
@click.option("-v", "--verbose", is_flag=True, help="Scrapy's log at INFO level.")
@click.pass_obj
def crawl(
    ctx: Context,
    base_url: str,
    max_pages: int,
    since: str | None,
    recrawl_days: int,
    full: bool,
    source: str | None,
    delay: float | None,
    no_index: bool,
    as_json: bool,
    wait: bool,
    jobdir: str | None,
    redis_url: str | None,
    verbose: bool,
) -> None:
    """Crawl both editions (feeds, listings, sitemaps, "Read in Korean" links), store every
    article, update the index and print the crawl summary.

    Exit status: 0 ok, 1 some pages failed, 3 the layout seems to have changed.

    \b
    Examples:
      nkwatch crawl                                  # www.dailynk.com, politely
      nkwatch crawl --base-url http://127.0.0.1:8000 # the sample site (serve-sample)
      nkwatch crawl --full                           # the whole archive, via REST
      nkwatch crawl --full --pages --max-pages 50 --since 2024-01-01
    """
    from crawler.run import run_crawl
    from search import locks

    ctx.base.mkdir(parents=True, exist_ok=True, mode=0o700)
    options = dict(
        source=source or "auto",
        max_pages=max_pages,
        since=since,
        recrawl_days=recrawl_days,
        full=full,
        delay=delay,
        verbose=verbose,
        jobdir=jobdir,
    )
    if redis_url:
        _check_redis(redis_url)
        summary = run_crawl(ctx.base, base_url, redis_url=redis_url, **options)
        queued = summary.get("articles", {}).get("queued", {})
        if as_json:
            emit_json(summary)
        else:
            click.echo(
                f"queued {queued} articles in {redis_url}; run "
                f"`nkwatch ingest --redis {redis_url}` on the indexer"
            )
        sys.exit(health.exit_code(health.verdict(summary)))
    with locks.exclusive(datadir.run_lock_path(ctx.base), wait=wait, what="crawl or refresh"):
        summary = run_crawl(ctx.base, base_url, **options)
        indexed = 0 if no_index else index_and_learn(ctx.base)
    summary["indexed"] = indexed
    if as_json:
        emit_json(summary)
    else:
        print_summary(summary, indexed)
    sys.exit(health.exit_code(health.verdict(summary)))


def _check_redis(url: str) -> None:
    parts = urlsplit(url)
    if parts.scheme not in ("redis", "rediss", "unix") or not (parts.hostname or parts.path):
        raise UserError(f"--redis must look like redis://HOST:PORT/DB, not {url!r}")


@cli.command()
@click.option(
    "--redis",
    "redis_url",
    required=True,
    metavar="redis://HOST:PORT/DB",
    help="The Redis that crawlers started with `nkwatch crawl --redis` fill.",
)
@click.option("--no-index", is_flag=True, help="Store only.")
@click.pass_obj
def ingest(ctx: Context, redis_url: str, no_index: bool) -> None:
    """Drain the items that scaled-out crawlers queued in Redis into the store (its single
    writer) and update the index.

    \b
    Example:
      nkwatch crawl --redis redis://10.0.0.5:6379/0 &   # on each crawler machine
      nkwatch ingest --redis redis://10.0.0.5:6379/0    # on the indexer machine
    """
    import redis

    from crawler.datadir import store_path
    from crawler.pipelines import QUEUE_KEY, apply, from_message
    from crawler.store import Store
    from search import locks

    _check_redis(redis_url)
    client = redis.Redis.from_url(redis_url)
    counts: dict[str, int] = {}
    with locks.exclusive(datadir.run_lock_path(ctx.base), wait=True, what="crawl or refresh"):
        store = Store(store_path(ctx.base))
        try:
            while batch := client.lpop(QUEUE_KEY, 500):
                for raw in batch:
                    item = from_message(raw)
                    outcome = apply(store, item) or type(item).__name__
                    counts[outcome] = counts.get(outcome, 0) + 1
            store.resolve_pairs()
        finally:
            store.close()
        indexed = 0 if no_index else index_and_learn(ctx.base)
    click.echo(f"ingested {counts}; indexed {indexed} documents")


@cli.command("serve-sample")
@click.option(
    "--port",
    default=8000,
    show_default=True,
    type=click.IntRange(0, 65535),
    help="Port on 127.0.0.1 (0: any free port).",
)
def serve_sample(port: int) -> None:
    """Serve the bundled Daily NK-shaped sample site on 127.0.0.1 until interrupted.

    \b
    Example:
      nkwatch serve-sample --port 8000 &
      nkwatch crawl --base-url http://127.0.0.1:8000
    """
    from crawler.sample_site.server import SampleSiteServer

    try:
        server = SampleSiteServer(port=port)
    except OSError as exc:
        raise UserError(
            f"cannot listen on 127.0.0.1:{port} ({exc.strerror}): "
            "try another --port, or 0 for any free one"
        ) from exc
    click.echo(f"serving the sample site at {server.base_url}/ (Ctrl-C to stop)", err=True)
    click.echo(server.base_url)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


DEMO_SEARCHES = (
    ("An English query also finds Korean-only stories", ["search", "iron ore", "--limit", "5"]),
    ("A Korean query finds the English translations", ["search", "평진", "--limit", "3"]),
    (
        "A commodity filter, either language's name",
        ["search", "prices", "--commodity", "쌀", "--limit", "3"],
    ),
)


@cli.command()
@click.option(
    "--keep/--fresh",
    default=False,
    help="Keep the demo data directory from a previous run instead of starting anew.",
)
@click.pass_obj
def demo(ctx: Context, keep: bool) -> None:
    """Serve the sample site on a free local port, crawl it, index it, and run three
    example searches with the real CLI. No internet needed.

    \b
    Example:
      make demo            # or: nkwatch --data-dir /tmp/nk demo
    """
    from crawler.sample_site.server import SampleSiteServer

    base = (
        ctx.base
        if os.environ.get("NKWATCH_DATA_DIR") or _explicit_data_dir()
        else (Path("data/demo").resolve())
    )
    if not keep and datadir.store_path(base).exists():
        import shutil

        for p in datadir.everything(base):
            if p.is_symlink() or p.is_file():
                p.unlink()
            elif p.is_dir():
                shutil.rmtree(p)
    server = SampleSiteServer(port=0).start_background()
    started = time.monotonic()
    try:
        exe = [sys.executable, "-m", "search", "--data-dir", str(base)]
        click.echo(f"== sample site at {server.base_url}/ ; data in {base}")
        click.echo(f"$ nkwatch crawl --base-url {server.base_url}")
        rc = subprocess.call([*exe, "crawl", "--base-url", server.base_url])
        if rc not in (health.EXIT_CODES["ok"], health.EXIT_CODES["partial"]):
            raise UserError(f"the demo crawl failed (exit {rc})")
        for title, args in DEMO_SEARCHES:
            shown = " ".join(a if " " not in a else f"'{a}'" for a in args)
            click.echo(f"\n== {title}\n$ nkwatch {shown}")
            subprocess.call([*exe, *args])
    finally:
        server.stop()
    click.echo(
        f"\ndemo finished in {time.monotonic() - started:.1f} s; try: "
        f"nkwatch --data-dir {base} search 'donju'"
    )


def _explicit_data_dir() -> bool:
    return any(a == "--data-dir" or a.startswith("--data-dir=") for a in sys.argv)
