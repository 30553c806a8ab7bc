"""`nkwatch changes` and `show --revisions`: an article edited, another taken down and
back again, noticed by refreshes that re-fetch what is stored."""

from __future__ import annotations

import pytest

from tests.changing_site import ALL_DAYS, ChangingSite, refresh
from tests.conftest import jsonl, nkwatch

EDITED = "sinuiju-private-sales-ban"
GONE = "fuel-prices-gasoline-diesel-sept-2025"
ADDED = "Officials later said the ban would be reviewed in the spring."


@pytest.fixture
def changing():
    changing = ChangingSite()
    changing.show()
    yield changing
    changing.server.stop()


def changes(data, *args: str) -> list[dict]:
    return jsonl(nkwatch(data, "changes", "--json", *args).stdout)


def test_edits_and_withdrawals_are_listed_with_their_diff(changing, tmp_path):
    site, data = changing, tmp_path / "d"
    refresh(data, site)
    assert changes(data) == []
    story = site.story(EDITED)["en"]
    title = "Corrected: " + story["title"]
    site.show(edit={EDITED: (title, story["body"][0] + " " + ADDED)}, withdrawn=[GONE])
    summary = refresh(data, site, "--recrawl-days", ALL_DAYS)
    assert summary["status"] == "ok", summary
    assert summary["crawl"]["articles"]["updated"] == {"en": 1}
    assert summary["crawl"]["articles"]["withdrawn"] == {"en": 1}
    edited, gone = site.article(EDITED, "en"), site.article(GONE, "en")
    listed = changes(data)
    assert sorted((c["url"], c["lang"], c["change"], c["revision"]) for c in listed) == [
        (gone, "en", "withdrawn", 1),
        (edited, "en", "edited", 2),
    ]
    assert all(c["at"] >= summary["started_at"] for c in listed)

    text = nkwatch(data, "changes").stdout
    assert "{+Corrected:+}" in text and "{+" + ADDED.split()[0] in text and "WITHDRAWN" in text
    history = nkwatch(data, "show", edited, "--revisions").stdout
    assert "revision 1" in history and "revision 2" in history
    assert "title: {+Corrected:+} " + story["title"].split()[0] in history
    assert "[-" not in history  # only words were added

    # withdrawn: kept, still found, and marked
    exported = {r["url"] for r in jsonl(nkwatch(data, "export", "--jsonl").stdout)}
    assert gone in exported
    query = site.story(GONE)["en"]["title"]
    hits = jsonl(nkwatch(data, "search", query, "--json", "--lang", "en").stdout)
    marked = [h["en"] for h in hits if h["en"]["url"] == gone]
    assert marked and marked[0]["withdrawn"] >= summary["started_at"]
    assert all("withdrawn" not in h["en"] for h in hits if h["en"]["url"] != gone)
    table = nkwatch(data, "search", query, "--lang", "en").stdout
    assert "[withdrawn] " + query[:20] in table
    assert "withdrawn since" in nkwatch(data, "show", gone, "--revisions").stdout

    # a second look changes nothing; the article coming back is a change of its own
    again = refresh(data, site, "--recrawl-days", ALL_DAYS)
    assert again["crawl"]["articles"].get("withdrawn") is None and changes(data) == listed
    site.show(edit={EDITED: (title, story["body"][0] + " " + ADDED)})
    refresh(data, site, "--recrawl-days", ALL_DAYS)
    back = changes(data, "--since", again["started_at"])
    assert [(c["url"], c["change"]) for c in back] == [(gone, "restored")]
    hits = jsonl(nkwatch(data, "search", query, "--json", "--lang", "en").stdout)
    assert all("withdrawn" not in h["en"] for h in hits)


def test_changes_rejects_a_bad_date(crawled):
    proc = nkwatch(crawled, "changes", "--since", "yesterday", check=False)
    assert proc.returncode == 2 and proc.stderr.startswith("nkwatch: error: bad date")
