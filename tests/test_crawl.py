"""The real crawler (through `nkwatch crawl`) against the sample site on 127.0.0.1."""

from __future__ import annotations

import json
import sqlite3

from tests.conftest import jsonl, nkwatch


def stored(data) -> dict[str, dict]:
    return {r["url"]: r for r in jsonl(nkwatch(data, "export", "--jsonl").stdout)}


def test_crawl_stores_every_article_of_both_editions(crawled, site, sample_pages):
    records = stored(crawled)
    expected = {site.base_url + p.path for p in sample_pages}
    assert set(records) == expected
    for p in sample_pages:
        rec = records[site.base_url + p.path]
        assert rec["lang"] == p.lang
        assert rec["title"] == p.rec["title"]
        assert rec["published"] == p.rec["published"]


def test_price_page_and_listings_are_not_stored(crawled, site):
    records = stored(crawled)
    assert not any("market-trends" in u or "/category/" in u for u in records)
    summary = json.loads((crawled / "crawl-output.json").read_text())
    assert summary["dropped"].get("not-an-article", 0) >= 1
    assert site.hits.get("/english/north-korea-market-trends-rice/", 0) >= 1


def test_pairs_are_stored_both_ways(crawled, site, sample_pages):
    records = stored(crawled)
    for p in sample_pages:
        if p.lang == "en" and p.pair_path and not p.extra.get("broken_pair"):
            en = records[site.base_url + p.path]
            ko = records[site.base_url + p.pair_path]
            assert en["pair_url"] == ko["url"]
            assert ko["pair_url"] == en["url"]


def test_unlisted_korean_originals_are_reached_through_read_in_korean(crawled, site, sample_pages):
    unlisted = [p for p in sample_pages if p.lang == "ko" and not p.listed]
    assert unlisted
    records = stored(crawled)
    for p in unlisted:
        assert site.base_url + p.path in records


def test_broken_pair_keeps_the_english_article(crawled, site, sample_pages):
    page = next(p for p in sample_pages if p.extra.get("broken_pair"))
    records = stored(crawled)
    assert site.base_url + page.path in records
    assert records[site.base_url + page.path]["pair_url"] is None
    out = nkwatch(crawled, "pairs", "--broken").stdout
    assert page.path in out and "broken" in out


def test_crawl_summary_is_printed_and_stored(crawled, sample_pages):
    summary = json.loads((crawled / "crawl-output.json").read_text())
    new = summary["articles"]["new"]
    assert new["en"] == sum(p.lang == "en" for p in sample_pages)
    assert new["ko"] == sum(p.lang == "ko" for p in sample_pages)
    assert summary["status"] == "ok" and summary["alarms"] == []
    assert summary["language_disagreements"] == 0
    assert summary["indexed"] == len(sample_pages)
    db = sqlite3.connect(crawled / "store.sqlite3")
    runs = db.execute("SELECT status, summary FROM crawl_runs").fetchall()
    assert runs and runs[0][0] == "ok" and json.loads(runs[0][1])["pages_fetched"] > 50


def test_second_crawl_fetches_no_known_article_and_changes_nothing(
    crawled_copy, site, sample_pages
):
    before = stored(crawled_copy)
    hits_before = dict(site.hits)
    proc = nkwatch(crawled_copy, "crawl", "--base-url", site.base_url, "--json")
    summary = json.loads(proc.stdout.strip().splitlines()[-1])
    assert summary["articles"] == {}  # nothing new, nothing updated
    article_paths = {p.path for p in sample_pages}
    refetched = [p for p in article_paths if site.hits.get(p, 0) > hits_before.get(p, 0)]
    assert refetched == []
    assert stored(crawled_copy) == before
    assert summary["indexed"] == 0


def test_recrawl_window_refetches_and_keeps_revisions(crawled_copy, site, sample_pages):
    page = max((p for p in sample_pages if p.lang == "en" and p.listed), key=lambda p: p.published)
    url = site.base_url + page.path
    original = site.resources[page.path]
    edited = original.body.replace(
        page.rec["title"].encode(), b"Corrected: " + page.rec["title"].encode()
    )
    site.resources[page.path] = original._replace(body=edited)
    try:
        proc = nkwatch(
            crawled_copy, "crawl", "--base-url", site.base_url, "--recrawl-days", "36500", "--json"
        )
    finally:
        site.resources[page.path] = original
    summary = json.loads(proc.stdout.strip().splitlines()[-1])
    arts = summary["articles"]
    assert arts["updated"] == {"en": 1}
    assert arts["unchanged"]["en"] + arts["unchanged"]["ko"] == len(sample_pages) - 1
    rec = stored(crawled_copy)[url]
    assert rec["title"].startswith("Corrected: ") and rec["revision"] == 2
    shown = json.loads(nkwatch(crawled_copy, "show", url, "--json").stdout.splitlines()[0])
    assert shown["revision"] == 2
    db = sqlite3.connect(crawled_copy / "store.sqlite3")
    (old,) = db.execute("SELECT data FROM revisions WHERE url=?", (url,)).fetchone()
    assert json.loads(old)["title"] == page.rec["title"]
    hits = jsonl(nkwatch(crawled_copy, "search", "Corrected", "--json").stdout)
    assert hits and hits[0]["en"]["url"] == url  # the index follows the edit


def test_crawl_rejects_a_bad_base_url(tmp_path):
    proc = nkwatch(tmp_path, "crawl", "--base-url", "ftp://example.org", check=False)
    assert proc.returncode == 2
    assert proc.stderr.count("\n") == 1 and "--base-url must be an http(s) URL" in proc.stderr


def test_jobdir_keeps_the_scheduler_state_of_a_pausable_backfill(site, sample_pages, tmp_path):
    job = tmp_path / "job"
    nkwatch(tmp_path / "d", "crawl", "--base-url", site.base_url, "--jobdir", str(job))
    assert (job / "requests.seen").exists() and (job / "spider.state").exists()
    assert len(stored(tmp_path / "d")) == len(sample_pages)


def test_a_changed_layout_raises_the_alarm_and_exits_3(tmp_path, sample_pages):
    """The theme changes overnight: no known body or title selector matches any more."""
    from crawler.sample_site.server import SampleSiteServer

    server = SampleSiteServer(port=0).start_background()
    try:
        renames = [
            (b"td-post-content", b"story-body"),
            (b"tdb_single_content", b"story-x"),
            (b"entry-title", b"headline"),
            (b"tdb-title-text", b"headline-x"),
            (b"entry-content", b"story-y"),
        ]
        for page in sample_pages:
            res = server.resources[page.path]
            body = res.body
            for old, new in renames:
                body = body.replace(old, new)
            server.resources[page.path] = res._replace(body=body)
        proc = nkwatch(
            tmp_path / "d", "crawl", "--base-url", server.base_url, "--json", check=False
        )
    finally:
        server.stop()
    assert proc.returncode == 3
    summary = json.loads(proc.stdout.strip().splitlines()[-1])
    assert summary["status"] == "alarm"
    assert any("layout changed" in a for a in summary["alarms"])
    assert "ALARM" not in proc.stdout  # machines get JSON; people get the ALARM line


def test_rest_api_discovery_backfills_without_listings(tmp_path, sample_pages):
    """With --rest, the WordPress REST API alone finds every listed article (here the HTML
    listings and feeds are gone), and Read in Korean links find the rest."""
    from crawler.sample_site.server import SampleSiteServer

    server = SampleSiteServer(port=0).start_background()
    try:
        for path in list(server.resources):
            if "/category/" in path or path.startswith("/all/") or path.endswith("/feed/"):
                server.faults[path] = 404
        summary = json.loads(
            nkwatch(tmp_path / "d", "crawl", "--base-url", server.base_url, "--rest", "--json")
            .stdout.strip()
            .splitlines()[-1]
        )
        rest_hits = sum(v for k, v in server.hits.items() if "wp-json" in k)
    finally:
        server.stop()
    assert rest_hits >= 2
    assert len(stored(tmp_path / "d")) == len(sample_pages)
    assert summary["articles"]["new"]["en"] == sum(p.lang == "en" for p in sample_pages)


def test_a_lost_listing_page_does_not_end_the_walk(tmp_path, sample_pages):
    from crawler.sample_site.server import SampleSiteServer

    server = SampleSiteServer(port=0).start_background()
    try:
        server.faults["/english/category/news/page/2/"] = 500
        proc = nkwatch(
            tmp_path / "d", "crawl", "--base-url", server.base_url, "--json", check=False
        )
        last_page = server.hits.get("/english/category/news/page/4/", 0)
    finally:
        server.stop()
    assert proc.returncode == 1  # a page was lost: partial
    assert last_page == 1, "the walk went on past the broken page"
    english = [p for p in sample_pages if p.lang == "en"]
    on_page_2 = sorted(english, key=lambda p: p.published, reverse=True)[8:16]
    stored_urls = set(stored(tmp_path / "d"))
    missing = [p for p in english if server.base_url + p.path not in stored_urls]
    assert {p.path for p in missing} <= {p.path for p in on_page_2}  # only that page's
