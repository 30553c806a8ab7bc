"""Saved searches through `python -m search`, on a sample site that changes between
refreshes: a story appears in Korean only, then its translation a refresh later."""

from __future__ import annotations

import signal
import sqlite3
import time
from pathlib import Path

import pytest

from tests.changing_site import ALL_DAYS, ChangingSite, refresh
from tests.conftest import jsonl, nkwatch
from tests.test_refresh import spawn

NEW = "p2-grain-shops-versus-jangmadang"  # Korean first, translated a refresh later


@pytest.fixture
def changing():
    site = ChangingSite()
    site.show(drop=[NEW])
    yield site
    site.server.stop()


def _next_second() -> None:
    start = int(time.time())
    while int(time.time()) == start:
        time.sleep(0.05)


def report(data: Path, *args: str) -> list[dict]:
    return jsonl(nkwatch(data, "watch", "report", "--json", *args).stdout)


def test_watches_report_each_story_once_and_mark_its_translation(changing, tmp_path):
    data = tmp_path / "d"
    assert refresh(data, changing)["watch_hits"] == {}
    nkwatch(data, "watch", "add", "market", "jangmadang")
    nkwatch(data, "watch", "add", "shops", "양곡판매소", "--lang", "ko")
    old = jsonl(nkwatch(data, "search", "jangmadang", "--json", "--limit", "100").stdout)
    assert old and report(data) == []  # what matched already is seen, not reported

    changing.show(ko_only=[NEW])  # the story appears in Korean only
    proc = nkwatch(
        data, "refresh", "--base-url", changing.url, "--digest-dir", str(tmp_path / "digests")
    )
    ko_url = changing.article(NEW, "ko")
    ko_title = changing.story(NEW)["ko"]["title"]
    assert "watch market: 1 new stories" in proc.stdout and ko_title in proc.stdout
    lines = report(data)
    assert [(x["watch"], x["ko"]["url"], x["en"], x["new_translation"]) for x in lines] == [
        ("market", ko_url, None, False),
        ("shops", ko_url, None, False),
    ]

    changing.show()  # its translation, a refresh later
    # The store's times have one-second resolution: `--since` below must tell this refresh
    # from the first one.
    _next_second()
    summary = refresh(data, changing, "--digest-dir", str(tmp_path / "digests"))
    assert summary["watch_hits"] == {"market": 0, "shops": 0}
    en_url = changing.article(NEW, "en")
    latest = report(data, "market", "--since", summary["started_at"])
    assert len(latest) == 1 and latest[0]["new_translation"] is True
    assert latest[0]["en"]["url"] == en_url and latest[0]["ko"]["url"] == ko_url
    # over all time the story is one line, first seen when the Korean original came
    whole = report(data, "market")
    assert len(whole) == 1 and whole[0]["first_seen"] == lines[0]["first_seen"]

    again = refresh(data, changing, "--recrawl-days", ALL_DAYS)
    assert again["watch_hits"] == {"market": 0, "shops": 0}
    assert len(report(data)) == 2

    digests = sorted((tmp_path / "digests").glob("*.md"))
    assert len(digests) == 2  # one file per run
    first, second = (d.read_text() for d in digests)
    assert "## market (1)" in first and ko_url in first
    assert "[\\[기고\\] 양곡판매소가" in first  # web text cannot inject Markdown
    assert "new translation" in second and en_url in second
    assert "No new stories" not in second


def test_a_translation_of_a_story_stored_before_the_watch_is_not_a_new_story(changing, tmp_path):
    data = tmp_path / "d"
    changing.show(ko_only=[NEW])
    refresh(data, changing)
    nkwatch(data, "watch", "add", "market", "jangmadang")  # the Korean original is seen
    nkwatch(data, "watch", "add", "english", "jangmadang", "--lang", "en")
    changing.show()
    summary = refresh(data, changing)
    assert summary["watch_hits"] == {"english": 1, "market": 0}
    (line,) = report(data, "market")
    assert line["new_translation"] is True and line["en"]["url"] == changing.article(NEW, "en")
    (line,) = report(data, "english")  # for an English-only watch it is a new story
    assert line["new_translation"] is False and line["ko"] is None


def test_backfill_reports_what_already_matches(changing, tmp_path):
    data = tmp_path / "d"
    refresh(data, changing)
    search = jsonl(nkwatch(data, "search", "donju", "--json", "--limit", "1000").stdout)
    nkwatch(data, "watch", "add", "donju", "donju", "--backfill")
    lines = report(data, "donju")
    assert {(x["en"] or x["ko"])["url"] for x in lines} == {
        (h["en"] or h["ko"])["url"] for h in search
    }
    assert len(lines) == len(search) > 3


def test_watch_commands_explain_bad_input(crawled_copy, tmp_path):
    data = crawled_copy
    nkwatch(data, "watch", "add", "w1", "rice")
    for args, words in (
        (("watch", "add", "w1", "corn"), "exists"),
        (("watch", "add", "w 2", "corn"), "bad watch name"),
        (("watch", "add", "w3", "rice ("), "unclosed '('"),
        (("watch", "add", "w4", "x", "--entity", "Kangsong Trading Compny"), "unknown entity"),
        (("watch", "remove", "nope"), "no watch named"),
        (("watch", "report", "nope"), "no watch named"),
        (("watch", "report", "--since", "May 1"), "use YYYY-MM-DD"),
    ):
        proc = nkwatch(data, *args, check=False)
        assert proc.returncode == 2, args
        assert proc.stderr.startswith("nkwatch: error:") and words in proc.stderr, proc.stderr
        assert "Traceback" not in proc.stderr
    exported = nkwatch(data, "watch", "list", "--json").stdout
    nkwatch(data, "watch", "remove", "w1")
    assert nkwatch(data, "watch", "list", "--json").stdout == ""
    (tmp_path / "w.jsonl").write_text(exported)
    nkwatch(data, "watch", "import", str(tmp_path / "w.jsonl"))
    assert nkwatch(data, "watch", "list", "--json").stdout == exported


def _hits(data: Path) -> list[tuple[str, str]]:
    if not (data / "store.sqlite3").exists():
        return []
    db = sqlite3.connect(data / "store.sqlite3", timeout=30)
    try:
        return db.execute("SELECT watch, url FROM watch_hits").fetchall()
    finally:
        db.close()


def test_kill_during_the_watch_step_loses_no_hit_and_repeats_none(changing, tmp_path):
    data = tmp_path / "d"
    refresh(data, changing)
    names = [f"w{i:02d}" for i in range(12)]
    for name in names:
        nkwatch(data, "watch", "add", name, "jangmadang")
    changing.show(ko_only=[NEW])
    ko_url = changing.article(NEW, "ko")
    victim = spawn(data, "refresh", "--base-url", changing.url, "--json")
    deadline = time.time() + 60
    while not _hits(data) and time.time() < deadline:  # the first watch has recorded its hit
        time.sleep(0.01)
    victim.send_signal(signal.SIGKILL)
    victim.wait()
    recorded = len(_hits(data))
    assert 0 < recorded < len(names)  # the kill did land inside the watch step
    summary = refresh(data, changing)
    assert sum(summary["watch_hits"].values()) == len(names) - recorded
    assert sorted(_hits(data)) == [(name, ko_url) for name in names]
    assert refresh(data, changing)["watch_hits"] == dict.fromkeys(names, 0)
