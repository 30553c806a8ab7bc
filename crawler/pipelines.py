"""Item pipelines, in data-flow order: language -> pair -> entities -> prices -> store.

Each is a thin adapter over a pure module (crawler/enrich, search/entities, crawler/store),
so the logic is testable without Scrapy.
"""

from __future__ import annotations

import contextlib
import json
import logging
from dataclasses import asdict
from typing import Any

from scrapy.exceptions import DropItem

from crawler import datadir, health, urls
from crawler.enrich.language import detect, html_lang_code
from crawler.items import Article, Frontier, ListingWalk, PairLink, Withdrawn
from crawler.store import Store

logger = logging.getLogger(__name__)


class _StatsMixin:
    stats: Any

    @classmethod
    def from_crawler(cls, crawler):
        pipe = cls()
        pipe.stats = crawler.stats
        pipe.settings = crawler.settings
        pipe.crawler = crawler
        return pipe

    @property
    def spider(self):
        """Scrapy 2.13+ no longer passes the spider to pipeline methods."""
        return self.crawler.spider


class LanguagePipeline(_StatsMixin):
    """Decide the language from the text; the page's lang attribute is only compared."""

    def process_item(self, item, spider=None):
        if not isinstance(item, Article):
            return item
        lang, method = detect(f"{item.title}\n{item.text}")
        declared = html_lang_code(item.html_lang)
        if lang not in ("en", "ko"):
            lang, method = declared or urls.edition_of(item.url), "declared"
        if declared and declared != lang:
            self.stats.inc_value("nkwatch/language/disagreements")
            logger.warning("language: %s says %s, text is %s", item.url, declared, lang)
        item.lang, item.lang_method = lang, method
        self.stats.inc_value(f"nkwatch/language/{method}")
        return item


class PairPipeline(_StatsMixin):
    """Keep a pair link only if it points at a Korean article on the crawled site."""

    def process_item(self, item, spider=None):
        if not isinstance(item, Article) or not item.pair_url:
            return item
        hosts = set(getattr(self.spider, "allowed_hosts", ()) or ())
        if (
            item.lang != "en"
            or not urls.is_korean_article(item.pair_url)
            or (hosts and not urls.same_site(item.pair_url, hosts))
        ):
            self.stats.inc_value("nkwatch/pairs/rejected_link")
            item.pair_url = None
            return item
        self.stats.inc_value("nkwatch/pairs/found")
        return item


class EntityPipeline(_StatsMixin):
    """Recognise gazetteer entities and commodities in the article's own language."""

    def open_spider(self, spider=None):
        from crawler.enrich import entities

        self.gazetteer = entities.default()

    def process_item(self, item, spider=None):
        if not isinstance(item, Article):
            return item
        text = "\n".join([item.title, item.subtitle or "", *item.body])
        found = self.gazetteer.match(text, item.lang)
        item.entities, item.commodities = self.gazetteer.split(found)
        return item


class PricePipeline(_StatsMixin):
    """Market price observations (crawler/enrich/prices/), after the entities."""

    def process_item(self, item, spider=None):
        if not isinstance(item, Article):
            return item
        from crawler.enrich import prices

        item.prices = prices.of_article(item.body, item.lang, item.published)
        if item.prices:
            self.stats.inc_value("nkwatch/prices/observations", len(item.prices))
        return item


def apply(store: Store, item: Any) -> str | None:
    """Write one item to the store; returns the article outcome (new/updated/unchanged)."""
    if isinstance(item, Frontier):
        store.frontier_update(item.url, item.state)
    elif isinstance(item, ListingWalk):
        store.record_walk(item.listing, item.complete)
    elif isinstance(item, PairLink):
        store.add_pair(item.en_url, item.ko_url, item.status)
    elif isinstance(item, Withdrawn):
        return "withdrawn" if store.mark_withdrawn(item.url) else None
    elif isinstance(item, Article):
        outcome = store.store_crawled(item)  # with its prices, and a withdrawal ended
        return outcome
    else:
        raise DropItem(f"unknown item type {type(item).__name__}")
    return None


def _finish(
    base: Any,
    stats: dict[str, Any],
    settings: Any,
    store: Store | None = None,
    run_id: int | None = None,
) -> dict[str, Any]:
    """The crawl summary, stored with the run (when there is a store) and in last_crawl.json."""
    summary = health.summarize(stats, settings)
    if store is not None:
        store.resolve_pairs()
        summary["pairs_broken_total"] = len(store.pairs("broken"))
        summary["shared_originals"] = len(store.shared_originals())
    status = health.verdict(summary)
    summary["status"] = status
    summary["run_id"] = run_id
    if store is not None and run_id is not None:
        store.finish_run(run_id, status, summary)
    base.mkdir(parents=True, exist_ok=True, mode=0o700)
    datadir.last_crawl_path(base).write_text(
        json.dumps(summary, ensure_ascii=False, indent=1), encoding="utf-8"
    )
    return summary


class StorePipeline(_StatsMixin):
    """Write to the SQLite store, the source of truth; record the run and its summary."""

    failed = False  # the store could not be written: nothing more is, this run

    def open_spider(self, spider=None):
        self.base = datadir.data_dir(self.settings.get("NKWATCH_DATA_DIR"))
        self.store = Store(datadir.store_path(self.base))
        self.run_id = self.store.start_run(getattr(self.spider, "base_url", ""))

    def process_item(self, item, spider=None):
        """Write one item. After the first write that fails (a full disk), no later item is
        written, even one small enough to fit: what was committed is then a prefix of what
        the spider produced, so a listing walk cannot be marked complete, nor a URL done,
        after a discovery that was not recorded."""
        from crawler.middlewares.store_guard import StoreGuard, stop_for_store_failure

        if self.failed:
            raise DropItem("not stored: the store failed earlier in this crawl", "DEBUG")
        try:
            outcome = apply(self.store, item)
        except Exception as exc:
            if not StoreGuard.is_store_failure(exc):
                raise
            self.failed = True
            stop_for_store_failure(self.crawler, exc)  # one line, then the crawl stops
            raise DropItem(f"not stored: {exc}") from None
        if outcome:
            self.stats.inc_value(f"nkwatch/articles/{outcome}/{item.lang}")
        elif isinstance(item, PairLink):
            self.stats.inc_value(f"nkwatch/pairs/{item.status}")
        return item

    def close_spider(self, spider=None):
        from crawler.middlewares.store_guard import StoreGuard

        try:
            _finish(self.base, self.stats.get_stats(), self.settings, self.store, self.run_id)
        except Exception as exc:
            if not StoreGuard.is_store_failure(exc):
                raise
            # The store cannot take the summary either: say so where the CLI looks.
            self.stats.set_value("nkwatch/store_error", str(exc))
            summary = health.summarize(self.stats.get_stats(), self.settings)
            summary.update(status="failed", run_id=self.run_id)
            with contextlib.suppress(OSError):
                datadir.last_crawl_path(self.base).write_text(json.dumps(summary), "utf-8")
        finally:
            self.store.close()


QUEUE_KEY = "nkwatch:items"


def to_message(item: Any) -> str:
    return json.dumps({"type": type(item).__name__, "data": asdict(item)}, ensure_ascii=False)


def from_message(raw: bytes | str) -> Any:
    msg = json.loads(raw)
    kinds = {k.__name__: k for k in (Article, PairLink, Frontier, ListingWalk, Withdrawn)}
    return kinds[msg["type"]](**msg["data"])


class QueuePipeline(_StatsMixin):
    """Scale-out (scrapy-redis): crawler processes on any machine push finished items to
    one Redis list; `nkwatch ingest` on the indexer machine is the store's single writer."""

    def open_spider(self, spider=None):
        from scrapy_redis.connection import get_redis_from_settings

        self.base = datadir.data_dir(self.settings.get("NKWATCH_DATA_DIR"))
        self.redis = get_redis_from_settings(self.settings)

    def process_item(self, item, spider=None):
        self.redis.rpush(QUEUE_KEY, to_message(item))
        if isinstance(item, Article):
            self.stats.inc_value(f"nkwatch/articles/queued/{item.lang}")
        return item

    def close_spider(self, spider=None):
        _finish(self.base, self.stats.get_stats(), self.settings)
