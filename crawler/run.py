"""Running a crawl in this process: settings assembly, politeness on loopback, scale-out.

The CLI (`nkwatch crawl`, `refresh`) only parses its options and calls `run_crawl`; `scrapy
crawl dailynk` reads the same `crawler.settings` without this module.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from crawler import datadir, urls
from crawler.errors import CrawlIncomplete, StoreUnwritable
from crawler.settings import ITEM_PIPELINES

# scrapy-redis: crawlers on any machine share one frontier and one seen set, and queue their
# finished items for `nkwatch ingest` instead of writing the store.
REDIS_SETTINGS: dict[str, Any] = {
    "SCHEDULER": "scrapy_redis.scheduler.Scheduler",
    "DUPEFILTER_CLASS": "scrapy_redis.dupefilter.RFPDupeFilter",
    "SCHEDULER_PERSIST": True,  # the frontier and the seen set outlive a run
    "ITEM_PIPELINES": {
        **{k: v for k, v in ITEM_PIPELINES.items() if not k.endswith(".StorePipeline")},
        "crawler.pipelines.QueuePipeline": 900,
    },
}


def crawl_settings(
    base: Path,
    base_url: str,
    *,
    max_pages: int,
    delay: float | None,
    verbose: bool,
    redis_url: str | None = None,
    jobdir: str | None = None,
):
    """crawler.settings with this run's choices on top (priority "cmdline")."""
    from scrapy.settings import Settings

    settings = Settings()
    settings.setmodule("crawler.settings", priority="project")
    settings.set("NKWATCH_DATA_DIR", str(base), priority="cmdline")
    settings.set("LOG_LEVEL", "INFO" if verbose else "WARNING", priority="cmdline")
    settings.set("DEPTH_LIMIT", max(10, max_pages + 4), priority="cmdline")
    settings.set("NKWATCH_PROGRESS", True, priority="cmdline")
    extensions = dict(settings.getdict("EXTENSIONS"))
    extensions["crawler.progress.Progress"] = 900
    settings.set("EXTENSIONS", extensions, priority="cmdline")
    if urls.is_loopback_host(urls.host_of(base_url)) and delay is None:
        delay = 0.0  # our own sample site: no need to be polite to ourselves
    if delay is not None:
        settings.set("DOWNLOAD_DELAY", delay, priority="cmdline")
        if delay == 0:
            settings.set("AUTOTHROTTLE_ENABLED", False, priority="cmdline")
            settings.set("CONCURRENT_REQUESTS_PER_DOMAIN", 8, priority="cmdline")
    if jobdir:
        # Pause with Ctrl-C, resume with the same --jobdir. Correctness after a crash does
        # not depend on it: the store's frontier and listing walks cover that.
        settings.set("JOBDIR", jobdir, priority="cmdline")
    if redis_url:
        for key, value in REDIS_SETTINGS.items():
            settings.set(key, value, priority="cmdline")
        settings.set("REDIS_URL", redis_url, priority="cmdline")
    return settings


def run_crawl(
    base: Path,
    base_url: str,
    *,
    max_pages: int,
    since: str | None,
    recrawl_days: int,
    full: bool,
    delay: float | None,
    verbose: bool,
    redis_url: str | None = None,
    jobdir: str | None = None,
    source: str = "auto",
) -> dict:
    """Run the Scrapy crawl in this process; return the crawl summary it stored.

    `source`: "auto" (the REST API for a backfill and after a complete REST run, else the
    pages), "rest" or "pages" (crawler/spiders/dailynk.py SOURCES).
    With `redis_url`, the crawl is one of N processes sharing a Redis frontier and
    dupefilter (scrapy-redis); its items go to a Redis list for `nkwatch ingest`."""
    from scrapy.crawler import CrawlerProcess

    settings = crawl_settings(
        base,
        base_url,
        max_pages=max_pages,
        delay=delay,
        verbose=verbose,
        redis_url=redis_url,
        jobdir=jobdir,
    )
    base.mkdir(parents=True, exist_ok=True, mode=0o700)
    summary_file = datadir.last_crawl_path(base)
    summary_file.unlink(missing_ok=True)
    process = CrawlerProcess(settings)
    process.crawl(
        "dailynk",
        base_url=base_url,
        max_pages=max_pages,
        since=since,
        recrawl_days=recrawl_days,
        full=full,
        source=source,
    )
    process.start()
    if not summary_file.exists():
        raise CrawlIncomplete(f"the crawl of {base_url} did not finish; run again with --verbose")
    summary = json.loads(summary_file.read_text(encoding="utf-8"))
    if summary.get("store_error"):
        raise StoreUnwritable(
            f"cannot write the store in {base}: {summary['store_error']} (disk full "
            "or read-only?); what was stored before is intact, run the crawl again "
            "once it is writable"
        )
    return summary
