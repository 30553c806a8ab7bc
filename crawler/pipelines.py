"""Item pipelines, in data-flow order: language -> pair -> entities -> store.

Each is a thin adapter over a pure module (crawler/enrich, search/entities, crawler/store),
so the logic is testable without Scrapy.
"""

from __future__ import annotations

import json
from typing import Any

from scrapy.exceptions import DropItem

from crawler import health, urls
from crawler.enrich.language import detect, html_lang_code
from crawler.items import Article, Frontier, ListingWalk, PairLink
from crawler.store import Store


class _StatsMixin:
    stats: Any

    @classmethod
    def from_crawler(cls, crawler):
        pipe = cls()
        pipe.stats = crawler.stats
        pipe.settings = crawler.settings
        return pipe


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
            spider.logger.warning("language: %s says %s, text is %s", item.url, declared, lang)
        item.lang, item.lang_method = lang, method
        self.stats.inc_value(f"nkwatch/language/{method}")
        return item


class PairPipeline(_StatsMixin):
    """Keep a pair link only if it points at a Korean article on the crawled site."""

    def process_item(self, item, spider=None):
        if not isinstance(item, Article) or not item.pair_url:
            return item
        hosts = set(getattr(spider, "allowed_hosts", ()) or ())
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
        from search import entities

        self.gazetteer = entities.default()

    def process_item(self, item, spider=None):
        if not isinstance(item, Article):
            return item
        text = "\n".join([item.title, item.subtitle or "", *item.body])
        found = self.gazetteer.match(text, item.lang)
        item.entities, item.commodities = self.gazetteer.split(found)
        return item


class StorePipeline(_StatsMixin):
    """Write to the SQLite store, the source of truth; record the run and its summary."""

    def open_spider(self, spider=None):
        from search.paths import data_dir, store_path

        self.base = data_dir(self.settings.get("NKWATCH_DATA_DIR"))
        self.store = Store(store_path(self.base))
        self.run_id = self.store.start_run(getattr(spider, "base_url", ""))

    def process_item(self, item, spider=None):
        if isinstance(item, Frontier):
            self.store.frontier_update(item.url, item.state)
            return item
        if isinstance(item, ListingWalk):
            self.store.record_walk(item.listing, item.complete)
            return item
        if isinstance(item, PairLink):
            self.store.add_pair(item.en_url, item.ko_url, item.status)
            self.stats.inc_value(f"nkwatch/pairs/{item.status}")
            return item
        if not isinstance(item, Article):
            raise DropItem(f"unknown item type {type(item).__name__}")
        outcome = self.store.upsert_article(item)
        self.store.frontier_update(item.url, "done")
        self.stats.inc_value(f"nkwatch/articles/{outcome}/{item.lang}")
        if item.lang == "en" and item.pair_url:
            self.store.add_pair(item.url, item.pair_url)
        return item

    def close_spider(self, spider=None):
        self.store.resolve_pairs()
        summary = health.summarize(self.stats.get_stats(), self.settings)
        summary["pairs_broken_total"] = len(self.store.pairs("broken"))
        summary["shared_originals"] = len(self.store.shared_originals())
        status = "alarm" if summary["alarms"] else ("partial" if summary["errors"] else "ok")
        summary["status"] = status
        summary["run_id"] = self.run_id
        self.store.finish_run(self.run_id, status, summary)
        (self.base / "last_crawl.json").write_text(
            json.dumps(summary, ensure_ascii=False, indent=1), encoding="utf-8"
        )
        self.store.close()
