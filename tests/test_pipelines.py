"""Pipelines one by one, with a stand-in crawler: what each step decides about an item."""

from __future__ import annotations

import sqlite3
from types import SimpleNamespace

import pytest
from scrapy.settings import Settings
from scrapy.statscollectors import MemoryStatsCollector

from crawler.items import Article
from crawler.pipelines import EntityPipeline, LanguagePipeline, PairPipeline, apply
from crawler.store import Store


def make(cls, hosts=("www.dailynk.com", "dailynk.com")):
    settings = Settings({"STATS_DUMP": False})
    crawler = SimpleNamespace(
        stats=MemoryStatsCollector(SimpleNamespace(settings=settings)),
        settings=settings,
        spider=SimpleNamespace(
            allowed_hosts=set(hosts), logger=SimpleNamespace(warning=lambda *a, **k: None)
        ),
    )
    return cls.from_crawler(crawler), crawler.stats


def english(pair_url):
    return Article(
        url="https://www.dailynk.com/english/x/",
        html_lang="en-US",
        lang="en",
        title="Smugglers move iron ore across the Tumen River",
        body=["Iron ore moved."],
        pair_url=pair_url,
    )


def test_pair_link_to_another_site_is_dropped():
    pipe, stats = make(PairPipeline)
    item = pipe.process_item(english("https://evil.example/20250211-1/"))
    assert item.pair_url is None and stats.get_value("nkwatch/pairs/rejected_link") == 1
    item = pipe.process_item(english("https://www.dailynk.com/20250211-1/"))
    assert item.pair_url == "https://www.dailynk.com/20250211-1/"


def test_pair_link_that_is_not_a_korean_article_is_dropped():
    pipe, _ = make(PairPipeline)
    assert pipe.process_item(english("https://www.dailynk.com/english/y/")).pair_url is None


def test_language_disagreement_with_the_page_is_counted():
    pipe, stats = make(LanguagePipeline)
    art = Article(
        url="https://www.dailynk.com/20250101-1/",
        html_lang="en-US",
        title="혜산 쌀값 상승",
        body=["양강도 혜산 시장에서 쌀값이 올랐다고 소식통이 전했다."],
    )
    assert pipe.process_item(art).lang == "ko"
    assert stats.get_value("nkwatch/language/disagreements") == 1


def test_entities_are_split_from_commodities():
    pipe, _ = make(EntityPipeline)
    pipe.open_spider()
    item = pipe.process_item(english(None))
    assert "iron_ore" in item.commodities and "tumen_river" in item.entities


def test_an_english_article_is_stored_only_with_its_originals_frontier_row(tmp_path):
    """A failed write (a full disk) between the English row and the frontier row of its Korean
    original would make the next crawl skip the known English page and never find the
    original: both commit together or not at all."""
    store = Store(tmp_path / "store.sqlite3")
    en = english("https://www.dailynk.com/20250211-1/")
    store.frontier_update(en.url, "queued")
    store.db.execute(
        "CREATE TEMP TRIGGER full BEFORE INSERT ON frontier BEGIN"
        " SELECT RAISE(ABORT, 'database or disk is full'); END"
    )
    with pytest.raises(sqlite3.DatabaseError):
        apply(store, en)
    assert store.get(en.url) is None and store.frontier() == [en.url]  # fetched again next run
    store.db.execute("DROP TRIGGER full")
    assert apply(store, en) == "new"
    assert store.frontier() == ["https://www.dailynk.com/20250211-1/"]
    assert store.pairs() and store.pairs()[0]["status"] == "pending"
    ko = Article(url="https://www.dailynk.com/20250211-1/", lang="ko", title="t", body=["b"])
    assert apply(store, ko) == "new" and store.frontier() == []
    assert apply(store, en) == "unchanged" and store.frontier() == []  # a stored original
