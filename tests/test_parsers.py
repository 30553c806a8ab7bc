"""The parser's contract: golden files of the real pages, and every sample page against
the record it was rendered from (an independent truth), field by field."""

from __future__ import annotations

import json
from collections import Counter

import pytest

from crawler.parsers import NotAnArticle, parse_article
from crawler.parsers.dailynk import TEMPLATE_NAMES
from crawler.sample_site.build import render_site
from crawler.sample_site.templates import SiteIndexPages
from tests.conftest import real_page
from tests.golden.update import GOLDEN, REAL, golden_path, golden_view

BASE = "https://www.dailynk.com"


@pytest.mark.parametrize("key", sorted(GOLDEN))
def test_every_template_matches_its_golden_set(key):
    """Fundus's one test over every parser: each golden file, field by field."""
    source = GOLDEN[key]
    html = real_page(source.real) if source.real else source.html()
    got = golden_view(parse_article(html, source.url).to_dict())
    want = json.loads(golden_path(key).read_text(encoding="utf-8"))
    assert got["template"] == key.split("/")[0], f"{key}: parsed as another template"
    for field in want:
        assert got[field] == want[field], f"{key}: field {field} changed"


def test_every_template_has_a_golden_set():
    """As Fundus checks that every parser version has test data. The names are those the
    crawl summary reports (`templates`), so they stay."""
    assert set(TEMPLATE_NAMES) == {"td-2019", "td-2019-legacy", "tdb", "tdb-legacy", "generic"}
    assert {key.split("/")[0] for key in GOLDEN} == set(TEMPLATE_NAMES)
    assert all(golden_path(key).exists() for key in GOLDEN)


def test_real_2019_page_fields_a_reader_would_check():
    name = "en-2019-north-korea-bolsters-combat-readiness-elite-military-unit.html"
    art = parse_article(real_page(name), REAL[name])
    # article:published_time is true UTC; the <time> element says 16:00 "+00:00" (KST).
    assert art.published == "2019-12-17T07:00:11Z"
    assert art.translator == "Violet Kim" and art.editor == "Laura Geigenberger"
    assert art.authors == ["Jeong Tae Joo"]
    assert art.post_id == 43170 and art.template == "td-2019"
    text = " ".join(art.body)
    assert "Please direct any comments" not in text and "Translated by" not in text
    assert not any(c in text for c in art.captions), "captions leaked into the body"
    assert len(art.captions) == 2 and all("/ Image:" in c for c in art.captions)
    assert "TAGS" not in art.tags and len(art.tags) == 7
    assert art.pair_url is None  # the header's "Korean" item is a site switch, not a pair


def test_real_legacy_page_div_paragraphs():
    name = "en-2019-tyranny-of-the-weak-part-of-a-deca.html"
    art = parse_article(real_page(name), REAL[name])
    assert art.template == "td-2019-legacy"
    assert len(art.body) >= 8 and all(p.strip() for p in art.body)
    assert art.section == "Guest Columns"


def expected_from_record(page, site: SiteIndexPages) -> dict:
    rec = page.rec
    blocks = [b for b in rec["body"] if isinstance(b, str) or "crosshead" in b]
    body = [b if isinstance(b, str) else b["crosshead"] for b in blocks]
    captions = [
        f"{b['figure']['caption']} / Image: {b['figure']['credit']}"
        for b in rec["body"]
        if isinstance(b, dict) and "figure" in b
    ]
    return {
        "title": rec["title"],
        "subtitle": rec.get("subtitle"),
        "authors": rec["authors"],
        "published": rec["published"].replace("+00:00", "Z"),
        "section": rec["section"],
        "tags": rec["tags"],
        "body": body,
        "captions": captions,
        "translator": rec.get("translator") if page.lang == "en" else None,
        "editor": rec.get("editor") if page.lang == "en" else None,
        "pair_url": site.url(page.pair_path) if page.pair_path else None,
        "post_id": page.post_id,
        "html_lang": "en-US" if page.lang == "en" else "ko-KR",
    }


def test_every_sample_page_parses_to_its_record(sample_pages):
    resources = render_site(BASE)
    site = SiteIndexPages(BASE, sample_pages)
    wrong: Counter = Counter()
    fields_checked = 0
    for page in sample_pages:
        art = parse_article(resources[page.path].body.decode(), BASE + page.path)
        want = expected_from_record(page, site)
        for field, value in want.items():
            fields_checked += 1
            if getattr(art, field) != value:
                wrong[field] += 1
                print(page.path, field, getattr(art, field), "!=", value)
        assert art.template.split("-")[0] == ("tdb" if page.template == "tdb" else "td")
    assert len(sample_pages) >= 45 and fields_checked >= 45 * 13
    assert not wrong, f"per-field mismatches: {dict(wrong)}"


def test_non_article_pages_are_refused():
    resources = render_site(BASE)
    for path in ("/english/north-korea-market-trends-rice/", "/english/category/news/", "/"):
        with pytest.raises(NotAnArticle):
            parse_article(resources[path].body.decode(), BASE + path)


def test_pair_link_is_canonical_and_never_the_site_switch(sample_pages):
    resources = render_site(BASE)
    with_tracking = [p for p in sample_pages if p.lang == "en" and p.pair_path and p.post_id % 2]
    assert with_tracking, "the sample site should carry tracking parameters on some links"
    for page in with_tracking:
        art = parse_article(resources[page.path].body.decode(), BASE + page.path)
        assert art.pair_url == BASE + page.pair_path  # utm_* and #fragment dropped
    korean = next(p for p in sample_pages if p.lang == "ko")
    art = parse_article(resources[korean.path].body.decode(), BASE + korean.path)
    assert art.pair_url is None


def test_tdb_page_without_opengraph_time_falls_back_to_json_ld(sample_pages):
    resources = render_site(BASE)
    pages = [p for p in sample_pages if p.template == "tdb" and p.post_id % 3 == 0]
    assert pages
    for page in pages:
        html = resources[page.path].body.decode()
        assert "article:published_time" not in html
        art = parse_article(html, BASE + page.path)
        assert art.selector_hits["published"] == 1
        assert art.published == page.rec["published"].replace("+00:00", "Z")


def test_time_element_is_read_as_korean_time_when_nothing_else_exists():
    html = """<html lang="en-US"><head><title>T - Daily NK</title></head><body>
    <article id="post-5" class="post-5 post type-post"><header class="td-post-title">
    <h1 class="entry-title">Rice prices climb in Hyesan</h1>
    <time class="entry-date" datetime="2024-03-18T16:00:00+00:00">2024.03.18</time></header>
    <div class="td-post-content"><p>Rice rose to 6,000 won per kilogram this week.</p></div>
    </article></body></html>"""
    art = parse_article(html, "https://www.dailynk.com/english/rice-prices/")
    assert art.published == "2024-03-18T07:00:00Z"
    assert art.selector_hits["published"] == 2


def test_unknown_layout_falls_back_to_generic_extractor():
    paras = "".join(
        f"<p>Paragraph {i} about coal exports from Nampo to China, with enough "
        f"words to count as article text.</p>"
        for i in range(5)
    )
    html = (
        f'<html lang="en-US"><head><meta property="og:type" content="article"/>'
        f'<meta property="og:title" content="Coal leaves Nampo - Daily NK"/></head><body>'
        f'<div class="new-theme-story"><h1>Coal leaves Nampo</h1>{paras}</div></body></html>'
    )
    art = parse_article(html, "https://www.dailynk.com/english/coal-leaves-nampo/")
    assert art.template == "generic"
    assert art.title == "Coal leaves Nampo"
    assert len(art.body) == 5


def post_page(body: str, head: str = "") -> str:
    return (
        f'<html lang="en-US"><head><title>T - Daily NK</title>{head}</head><body>'
        '<article id="post-5" class="post-5 post type-post"><header class="td-post-title">'
        '<h1 class="entry-title">Rice prices climb in Hyesan</h1></header>'
        f'<div class="td-post-content">{body}</div></article></body></html>'
    )


def test_junk_removed_from_a_paragraph_leaves_its_words_apart_and_the_page_whole():
    """The clean-up skips scripts and ads inside the body without gluing the words around
    them, and without taking them out of the page: JSON-LD a plugin put inside the body
    still dates the article."""
    json_ld = '{"@type": "Article", "datePublished": "2024-03-18T07:00:00+00:00"}'
    html = post_page(
        f'<script type="application/ld+json">{json_ld}</script>'
        "<p>Rice rose<script>ad()</script>sharply<ins class='adsbygoogle'></ins>in Hyesan.</p>"
        "<figure><img src='/a.jpg'><figcaption>The market in Hyesan</figcaption></figure>"
        "<p>Traders<!-- a note -->blame the border closure.</p>"
    )
    art = parse_article(html, "https://www.dailynk.com/english/rice-prices/")
    assert art.body == ["Rice rose sharply in Hyesan.", "Traders blame the border closure."]
    assert art.captions == ["The market in Hyesan"]
    assert art.published == "2024-03-18T07:00:00Z" and art.selector_hits["published"] == 1


def test_a_table_in_the_body_is_read_row_by_row():
    """Price tables are article text: each row one line, cells in order, a <caption> its
    own line; a picture's figure stays out of the body, a table block's figure does not."""
    html = post_page(
        "<p>Prices held steady.</p>"
        '<figure class="wp-block-table"><table><thead><tr><th>구분</th><th>평양</th>'
        "<th>혜산</th></tr></thead><tbody><tr><td>쌀(kg)</td><td>5,000(+50)</td>"
        "<td>5,100</td></tr></tbody></table><figcaption>자료: 데일리NK</figcaption></figure>"
        "<figure><img src='/a.jpg'><figcaption>The market in Hyesan</figcaption></figure>"
        "<table><caption>Market prices as of Apr. 20 (KPW)</caption><tbody><tr><td></td>"
        "<td>Pyongyang</td></tr><tr><td>Rice (kg)</td><td>5,000</td></tr></tbody></table>"
    )
    art = parse_article(html, "https://www.dailynk.com/english/rice-prices/")
    assert art.body == [
        "Prices held steady.",
        "구분 평양 혜산",
        "쌀(kg) 5,000(+50) 5,100",
        "Market prices as of Apr. 20 (KPW)",
        "Pyongyang",
        "Rice (kg) 5,000",
    ]
    assert art.captions == ["자료: 데일리NK", "The market in Hyesan"]


def test_a_body_nested_deeper_than_python_recursion_still_parses():
    """libxml2 builds a tree 2,000 levels deep without complaint (only deeper is
    flattened): the clean-up must walk it without recursing."""
    html = post_page("<div>" * 1500 + "<p>Rice rose to 6,000 won per kilogram.</p>")
    art = parse_article(html, "https://www.dailynk.com/english/rice-prices/")
    assert art.body == ["Rice rose to 6,000 won per kilogram."]
