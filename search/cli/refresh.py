"""refresh: the one command for the schedule (cron, systemd timer). Safe unattended:
single instance, crash-safe (the store is the truth, the index is swapped in whole), and
idempotent (a second run in a row changes nothing)."""

from __future__ import annotations

import logging
import logging.handlers
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import click

from crawler import datadir, health
from search.cli import Context, cli
from search.cli.crawl import index_and_learn, print_summary
from search.cli.options import (
    base_url_option,
    delay_option,
    json_option,
    max_pages_option,
    recrawl_days_option,
    wait_option,
)
from search.cli.output import emit_json, json_line, safe
from search.cli.prices import survey_url_option
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
@json_option("the run summary on one line")
@wait_option
@click.option(
    "--stale-after",
    default=48.0,
    show_default=True,
    type=click.FloatRange(0),
    help="Alarm (exit 3) when an edition brought nothing new for this many hours.",
)
@recrawl_days_option(default=2)
@max_pages_option(3, "Listing pages to walk at most (it stops earlier at known URLs).")
@delay_option
@click.option(
    "--update-survey",
    is_flag=True,
    help="Also import Daily NK's price survey sheet (as `nkwatch prices --update-survey`).",
)
@survey_url_option
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
    update_survey: bool,
    survey_url: str | None,
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
    started = time.monotonic()
    started_at = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    repaired, crawl, indexed, survey, watch_run = _crawl_and_index(
        ctx.base, base_url, wait, recrawl_days, max_pages, delay, update_survey, survey_url
    )
    hours, stale_alarms = staleness(ctx.base, stale_after)
    alarms = list(crawl.get("alarms", [])) + stale_alarms + watch_run.alarms()
    if survey and "error" in survey:
        alarms.append(f"price survey sheet not imported: {survey['error']}")
    status = health.verdict(crawl, alarms, expect_pages=True)
    summary = {
        "status": status,
        "exit_code": health.exit_code(status),
        "started_at": started_at,
        "duration_s": round(time.monotonic() - started, 2),
        "base_url": base_url,
        "indexed": indexed,
        "repaired": repaired,
        "hours_since_new": hours,
        "alarms": alarms,
        "crawl": crawl,
        "watch_hits": watch_run.counts,
    }
    if survey is not None:
        summary["survey"] = survey
    _record(ctx.base, summary)
    _report(summary, stale_alarms, as_json)
    if not as_json:
        print_digest(watch_run)
    if digest_dir:
        write_digest(watch_run, started_at, digest_dir)
    sys.exit(summary["exit_code"])


def _crawl_and_index(
    base: Path,
    base_url: str,
    wait: bool,
    recrawl_days: int,
    max_pages: int,
    delay: float | None,
    update_survey: bool = False,
    survey_url: str | None = None,
) -> tuple[list[str], dict, int, dict | None, Any]:
    """Under the run lock: leftovers of a killed index update removed, the crawl, the index
    update, the price survey when asked, the saved searches on what was just indexed;
    (repaired, crawl summary, indexed, survey, watch run). Exits 2 when the run cannot
    happen."""
    from crawler.run import run_crawl
    from crawler.store import StoreError
    from search import indexer, locks
    from search.watch import run_watches

    try:
        base.mkdir(parents=True, exist_ok=True, mode=0o700)
        file_logging(base)
        with locks.exclusive(datadir.run_lock_path(base), wait=wait, what="crawl or refresh"):
            repaired = indexer.repair(base)
            crawl = run_crawl(
                base,
                base_url,
                max_pages=max_pages,
                since=None,
                recrawl_days=recrawl_days,
                full=False,
                delay=delay,
                verbose=False,
            )
            indexed = index_and_learn(base)
            survey = _update_survey(base, survey_url) if update_survey else None
            watch_run = run_watches(base, crawl.get("run_id"))  # after the swap
            return repaired, crawl, indexed, survey, watch_run
    except locks.Busy as exc:
        click.echo(f"nkwatch: {exc}", err=True)
        sys.exit(EXIT_CANNOT_RUN)
    except (StoreError, OSError) as exc:
        click.echo(f"nkwatch: error: cannot refresh {base}: {exc}", err=True)
        sys.exit(EXIT_CANNOT_RUN)


def _record(base: Path, summary: dict) -> None:
    """The refresh's own figures go with its crawl run (stats shows them) and into the log."""
    from crawler.store import Store

    run_id = summary["crawl"].get("run_id")
    if run_id:
        store = Store(datadir.store_path(base))
        try:
            own = {k: v for k, v in summary.items() if k != "crawl"}
            store.annotate_run(run_id, {"refresh": own}, summary["status"])
        finally:
            store.close()
    logging.getLogger("nkwatch.refresh").info(
        "refresh %s: %s", summary["status"], json_line(summary)
    )


def _report(summary: dict, stale_alarms: list[str], as_json: bool) -> None:
    if as_json:
        emit_json(summary)
        return
    print_summary(summary["crawl"], summary["indexed"])
    hours = summary["hours_since_new"]
    click.echo(
        "hours since new: " + (", ".join(f"{lang} {h:g} h" for lang, h in hours.items()) or "-")
    )
    for alarm in stale_alarms:
        click.echo(f"ALARM: {safe(alarm)}", err=True)
    click.echo(f"refresh {summary['status']} in {summary['duration_s']} s")


def _update_survey(base: Path, url: str | None) -> dict:
    """Rows imported per tab of the survey sheet, or the error (an alarm, not a crash)."""
    from crawler import survey
    from crawler.store import Store

    store = Store(datadir.store_path(base))
    try:
        return survey.update(store, url or survey.DEFAULT_URL)
    except survey.SurveyError as exc:
        return {"error": str(exc)}
    finally:
        store.close()
