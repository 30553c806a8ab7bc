"""A WordPress REST API that misbehaves: never worse than no API. Bad posts are counted and
dropped with a reason, an edition whose API does not answer with posts is crawled through
its pages, robots.txt rules /wp-json/ too, and no answer crashes the run."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from crawler.parsers import rest
from crawler.reasons import Reason
from crawler.sample_site.rest import POSTS
from crawler.sample_site.server import SampleSiteServer
from tests.conftest import jsonl, nkwatch

HOSTS = {"www.dailynk.com"}
GOOD = {
    "id": 7,
    "link": "https://www.dailynk.com/english/rice-prices-climb/",
    "date_gmt": "2024-03-01T02:00:00",
    "title": {"rendered": "Rice prices climb"},
    "content": {"rendered": "<p>Rice prices climbed in Hyesan.</p>", "protected": False},
    "_embedded": {"author": [{"name": "Jeong Tae Joo"}]},
}


def _with(**fields) -> dict:
    return {**GOOD, **fields}


@pytest.mark.parametrize(
    ("post", "reason"),
    [
        ("a string", Reason.BAD_REST_POST),
        ([GOOD], Reason.BAD_REST_POST),
        (None, Reason.BAD_REST_POST),
        (_with(link=["https://www.dailynk.com/english/x/"]), Reason.BAD_REST_POST),
        (_with(link="http://[x"), Reason.BAD_REST_POST),
        (_with(link="https://evil.example/english/rice-prices-climb/"), Reason.OFFSITE),
        (_with(link="https://www.dailynk.com/english/category/news/"), Reason.NOT_AN_ARTICLE),
        (_with(title=["Rice"]), Reason.BAD_REST_POST),
        (_with(title="Rice"), Reason.BAD_REST_POST),
        (_with(date_gmt=20240301), Reason.BAD_REST_POST),
        (_with(id="7"), Reason.BAD_REST_POST),
        (_with(id=True), Reason.BAD_REST_POST),
        (_with(content={"rendered": 5}), Reason.BAD_REST_POST),
        (_with(content={"rendered": "<p>x</p>", "protected": "no"}), Reason.BAD_REST_POST),
        (_with(_embedded=[1, 2]), Reason.BAD_REST_POST),
    ],
)
def test_a_post_of_the_wrong_shape_is_refused_with_a_reason(post, reason):
    with pytest.raises(rest.BadPost) as caught:
        rest.read_post(post, HOSTS)
    assert caught.value.reason == reason


def test_odd_but_harmless_embeds_are_ignored_not_fatal():
    post = _with(_embedded={"author": "x", "wp:term": [[1, "a", {"taxonomy": 3}], None]})
    art = rest.read_post(post, HOSTS).article
    assert art is not None and art.authors == [] and art.tags == [] and art.section is None


@pytest.mark.parametrize(
    ("fields", "lacks"),
    [
        ({"content": {"rendered": "", "protected": True}}, "content"),
        ({"content": {"rendered": "  "}}, "content"),
        ({"date_gmt": None}, "date"),
        ({"title": {"rendered": ""}}, "title"),
        ({"_embedded": None}, "embedded"),
    ],
)
def test_a_record_lacking_what_the_page_has_asks_for_the_page(fields, lacks):
    post = rest.read_post(_with(**fields), HOSTS)
    assert post.article is None and lacks in post.missing
    assert post.url == GOOD["link"]


def test_answers_that_are_not_a_list_of_posts_are_not_read():
    for text in (None, "<html>Error</html>", '{"code": "rest_no_route"}', "[" * 100_000, "nul"):
        assert rest.read_page(text) is None


# --- whole crawls ---------------------------------------------------------------------------
def _crawl(server: SampleSiteServer, data: Path) -> tuple[int, dict, str]:
    server.hits.clear()
    proc = nkwatch(
        data, "crawl", "--base-url", server.base_url, "--full", "--no-index", "--json", check=False
    )
    assert "Traceback" not in proc.stderr, proc.stderr[-3000:]
    return proc.returncode, json.loads(proc.stdout.strip().splitlines()[-1]), proc.stderr


@pytest.fixture
def server():
    site = SampleSiteServer(port=0).start_background()
    yield site
    site.stop()


def _stored(data: Path) -> list[dict]:
    return jsonl(nkwatch(data, "export", "--jsonl").stdout)


def test_html_where_json_was_expected_falls_back_to_that_editions_pages(server, tmp_path):
    server.rest_override[POSTS["en"]] = (200, "text/html", b"<html><body>Maintenance</body>")
    code, summary, _ = _crawl(server, tmp_path / "d")
    records = _stored(tmp_path / "d")
    assert code == 0
    assert len(records) == len(server.rest.site.pages)  # nothing lost
    assert {r["source"] for r in records if r["lang"] == "ko"} == {"rest"}
    assert {r["source"] for r in records if r["lang"] == "en"} == {"page"}
    assert summary["rest"]["fallback/en"] == Reason.BAD_REST_PAGE
    assert summary["dropped"][Reason.BAD_REST_PAGE] == 1
    shown = nkwatch(tmp_path / "e", "crawl", "--base-url", server.base_url, "--full", "--no-index")
    said = [line for line in shown.stdout.splitlines() if "pages instead" in line]
    korean = sum(1 for r in records if r["lang"] == "ko")
    assert said == [
        f"source:          REST API: {korean} articles from 2 requests, 0 pages fetched "
        "for incomplete records; pages instead for en bad-rest-page"
    ]


def test_hostile_posts_are_counted_and_dropped_and_the_rest_stored(server, tmp_path):
    status, headers, body = server.rest.answer("en", "per_page=100&page=1&_embed=1")
    posts = json.loads(body)
    good = len(posts)
    offsite = dict(posts[0], link="http://127.0.0.2:9/english/elsewhere/")
    posts += ["a string", None, [1, 2], offsite, dict(posts[1], title=["x"])]
    server.rest_override[POSTS["en"]] = (200, "application/json", json.dumps(posts).encode())
    code, summary, _ = _crawl(server, tmp_path / "d")
    assert code == 0
    assert summary["dropped"][Reason.BAD_REST_POST] == 4
    assert summary["dropped"][Reason.OFFSITE] == 1
    assert summary["rest"]["articles"] >= good - 1  # the post whose title was a list
    assert len(_stored(tmp_path / "d")) == len(server.rest.site.pages)


def test_a_50_mb_answer_is_refused_and_the_pages_crawled_instead(server, tmp_path):
    huge = b"[" + b'"x",' * (12_500_000) + b'"x"]'
    server.rest_override[POSTS["ko"]] = (200, "application/json", huge)
    code, summary, _ = _crawl(server, tmp_path / "d")
    assert summary["dropped"][Reason.TOO_LARGE] == 1
    assert summary["rest"]["fallback/ko"] == Reason.TOO_LARGE
    assert code == 1  # a fault: the run says it was partial
    assert len(_stored(tmp_path / "d")) == len(server.rest.site.pages)


def test_robots_txt_rules_the_api_too(server, tmp_path):
    robots = server.resources["/robots.txt"]
    rule = "Disallow: /wp-admin/\n"
    text = robots.body.decode().replace(
        rule, rule + "Disallow: /wp-json/\nDisallow: /english/wp-json/\n"
    )
    server.resources["/robots.txt"] = robots._replace(body=text.encode())
    code, summary, _ = _crawl(server, tmp_path / "d")
    assert not [path for path in server.hits if "wp-json" in path]
    assert summary["source"] == "pages"
    assert set(summary["rest"]).issuperset({"fallback/en", "fallback/ko"})
    assert code == 0
    assert len(_stored(tmp_path / "d")) == len(server.rest.site.pages)


def test_a_site_without_the_api_is_crawled_through_its_pages(server, tmp_path):
    for path in POSTS.values():
        server.faults[path] = 404
    code, summary, _ = _crawl(server, tmp_path / "d")
    assert code == 0 and summary["source"] == "pages"
    assert summary["rest"]["fallback/en"] == summary["rest"]["fallback/ko"] == "http-404"
    assert len(_stored(tmp_path / "d")) == len(server.rest.site.pages)


def test_an_api_whose_posts_all_link_elsewhere_is_not_trusted_for_that_edition(server, tmp_path):
    """A misconfigured API (every link on another host): that edition's pages are crawled."""
    status, headers, body = server.rest.answer("en", "per_page=100&page=1&_embed=1")
    moved = body.replace(server.base_url.encode(), b"https://elsewhere.example")
    server.rest_override[POSTS["en"]] = (200, "application/json", moved)
    code, summary, _ = _crawl(server, tmp_path / "d")
    assert code == 0
    assert summary["rest"]["fallback/en"] == Reason.BAD_REST_POST
    assert len(_stored(tmp_path / "d")) == len(server.rest.site.pages)
