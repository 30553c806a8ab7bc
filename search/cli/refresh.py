"""refresh: the one command for the schedule (cron, systemd timer). Safe unattended:
single instance, crash-safe (the store is the truth, the index is swapped in whole), and
idempotent (a second run in a row changes nothing)."""

from __future__ import annotations

import json
import logging
import logging.handlers
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import click

from crawler import datadir, health
from search.cli import Context, cli
from search.cli.crawl import (
    _check_base_url,
    base_url_option,
    delay_option,
    print_summary,
    recrawl_days_option,
)
from search.cli.output import safe
from search.cli.watch import digest_dir_option, print_digest, write_digest

EXIT_CANNOT_RUN = health.EXIT_CODES["unreachable"]


def file_logging(base: Path) -> None:
    """Everything at INFO into DATA_DIR/logs/nkwatch.log (rotated), besides stderr."""
    log = datadir.log_path(base)
    log.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    handler = logging.handlers.RotatingFileHandler(
        log, maxBytes=2_000_000, backupCount=5, encoding="utf-8"
    )
    handler.setFormatter(logging.Formatter("%(asctime)s [%(name)s] %(levelname)s: %(message)s"))
    handler.setLevel(logging.INFO)
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(logging.INFO)


def staleness(base: Path, stale_after_h: float) -> tuple[dict[str, float], list[str]]:
    """Hours since each edition last brought something new; alarms past the threshold."""
    from crawler.store import Store

    store = Store(datadir.store_path(base), readonly=True)
    try:
        newest = store.newest_seen()
    finally:
        store.close()
    now = datetime.now(UTC)
    hours, alarms = {}, []
    for lang in ("en", "ko"):
        seen = newest.get(lang)
        if seen is None:
            alarms.append(f"no {lang} article has ever been stored")
            continue
        age = now - datetime.fromisoformat(seen.replace("Z", "+00:00"))
        hours[lang] = round(age / timedelta(hours=1), 2)
        if age > timedelta(hours=stale_after_h):
            alarms.append(
                f"nothing new in the {lang} edition for {hours[lang]:.0f} h "
                f"(more than --stale-after {stale_after_h:g} h)"
            )
    return hours, alarms


@cli.command()
@base_url_option
@click.option("--json", "as_json", is_flag=True, help="Print the run summary as JSON.")
@click.option("--wait", is_flag=True, help="Queue behind a running crawl instead of exiting.")
@click.option(
    "--stale-after",
    default=48.0,
    show_default=True,
    type=click.FloatRange(0),
    help="Alarm (exit 3) when an edition brought nothing new for this many hours.",
)
@recrawl_days_option(default=2)
@click.option(
    "--max-pages",
    default=3,
    show_default=True,
    type=click.IntRange(1, 1000),
    help="Listing pages to walk at most (it stops earlier at known URLs).",
)
@delay_option
@digest_dir_option
@click.pass_obj
def refresh(
    ctx: Context,
    base_url: str,
    as_json: bool,
    wait: bool,
    stale_after: float,
    recrawl_days: int,
    max_pages: int,
    delay: float | None,
    digest_dir: Path | None,
) -> None:
    """Bring store and index up to date: new articles from feeds and the first listing
    pages, the last days re-fetched for edits, the index updated and swapped in whole.

    Exit status: 0 ok, 1 partial (some pages failed), 2 could not run (another run holds
    the lock, the data directory is not writable, the site unreachable), 3 health alarm
    (layout changed, or an edition brought nothing new for --stale-after hours). The run
    summary is printed, stored with the crawl run, and logged to DATA_DIR/logs/nkwatch.log.

    \b
    Examples:
      nkwatch refresh                       # from cron or a systemd timer
      nkwatch refresh --json --stale-after 24
      nkwatch refresh --base-url http://127.0.0.1:8000 --wait
      nkwatch refresh --digest-dir ~/digests    # the saved searches' news, as Markdown
    """
    from crawler.run import run_crawl
    from crawler.store import Store, StoreError
    from search import indexer, locks
    from search.watch import run_watches

    base_url = _check_base_url(base_url)
    started = time.monotonic()
    started_at = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    try:
        ctx.base.mkdir(parents=True, exist_ok=True, mode=0o700)
        file_logging(ctx.base)
        with locks.exclusive(datadir.run_lock_path(ctx.base), wait=wait, what="crawl or refresh"):
            repaired = indexer.repair(ctx.base)
            crawl = run_crawl(
                ctx.base,
                base_url,
                max_pages=max_pages,
                since=None,
                recrawl_days=recrawl_days,
                full=False,
                delay=delay,
                verbose=False,
            )
            indexed = indexer.update(ctx.base)
            watch_run = run_watches(ctx.base, crawl.get("run_id"))  # after the swap
    except locks.Busy as exc:
        click.echo(f"nkwatch: {exc}", err=True)
        sys.exit(EXIT_CANNOT_RUN)
    except (StoreError, OSError) as exc:
        click.echo(f"nkwatch: error: cannot refresh {ctx.base}: {exc}", err=True)
        sys.exit(EXIT_CANNOT_RUN)
    hours, stale_alarms = staleness(ctx.base, stale_after)
    alarms = list(crawl.get("alarms", [])) + stale_alarms + watch_run.alarms()
    status = health.verdict(crawl, alarms, expect_pages=True)
    code = health.exit_code(status)
    summary = {
        "status": status,
        "exit_code": code,
        "started_at": started_at,
        "duration_s": round(time.monotonic() - started, 2),
        "base_url": base_url,
        "indexed": indexed,
        "repaired": repaired,
        "hours_since_new": hours,
        "alarms": alarms,
        "watch_hits": watch_run.counts,
        "crawl": crawl,
    }
    store = Store(datadir.store_path(ctx.base))
    try:
        if crawl.get("run_id"):
            store.annotate_run(
                crawl["run_id"],
                {"refresh": {k: v for k, v in summary.items() if k != "crawl"}},
                status,
            )
    finally:
        store.close()
    logging.getLogger("nkwatch.refresh").info(
        "refresh %s: %s", status, json.dumps(summary, ensure_ascii=False)
    )
    if as_json:
        click.echo(json.dumps(summary, ensure_ascii=False))
    else:
        print_summary(crawl, indexed)
        click.echo(f"hours since new: {hours}")
        for alarm in stale_alarms:
            click.echo(f"ALARM: {safe(alarm)}", err=True)
        click.echo(f"refresh {status} in {summary['duration_s']} s")
        print_digest(watch_run)
    if digest_dir:
        write_digest(watch_run, started_at, digest_dir)
    sys.exit(code)
