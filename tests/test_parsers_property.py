"""Property-based: random and mutated pages thrown at the parsers, the encoding decision and
the spider's callbacks. Whatever comes in, no exception escapes (other than NotAnArticle,
the parser's one documented answer) and every output field has the right type."""

from __future__ import annotations

import re
from functools import cache

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from scrapy import Request
from scrapy.http import HtmlResponse, TextResponse, XmlResponse
from scrapy.utils.test import get_crawler

from crawler.items import Article
from crawler.middlewares.nontext import looks_binary
from crawler.parsers import NotAnArticle, parse_article
from crawler.parsers.generic import extract
from crawler.sample_site.build import render_site
from crawler.text.encoding import choose_encoding

BASE = "https://www.dailynk.com"
ISO_UTC = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")
FAST = settings(
    max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow], database=None
)


@cache
def sample_pages() -> list[tuple[str, str]]:
    site = render_site(BASE)
    return [
        (BASE + path, res.body.decode("utf-8"))
        for path, res in sorted(site.items())
        if res.content_type.startswith("text/html") and not path.startswith("__")
    ]


def check_article(art: Article) -> None:
    assert isinstance(art, Article)
    assert isinstance(art.url, str) and art.url.startswith(("http://", "https://"))
    assert isinstance(art.title, str) and art.title
    assert isinstance(art.body, list) and art.body
    assert all(isinstance(p, str) and p for p in art.body)
    for name in ("authors", "tags", "captions"):
        value = getattr(art, name)
        assert isinstance(value, list) and all(isinstance(v, str) for v in value), name
    for name in ("subtitle", "section", "translator", "editor", "pair_url", "canonical_url"):
        value = getattr(art, name)
        assert value is None or isinstance(value, str), name
    for name in ("published", "modified"):
        value = getattr(art, name)
        assert value is None or ISO_UTC.match(value), (name, value)
    assert art.post_id is None or isinstance(art.post_id, int)
    assert isinstance(art.template, str)
    assert all(isinstance(k, str) and isinstance(v, int) for k, v in art.selector_hits.items())


def parse_or_refuse(html: str, url: str) -> None:
    notes: list[str] = []
    try:
        art = parse_article(html, url, notes=notes)
    except NotAnArticle:
        return
    check_article(art)
    assert all(isinstance(n, str) for n in notes)


# Markup that looks like the templates, to get past the "is it an article" gate often.
TAGS = st.sampled_from(
    [
        "div",
        "p",
        "span",
        "a",
        "h1",
        "h3",
        "figure",
        "figcaption",
        "script",
        "time",
        "ul",
        "li",
        "article",
        "header",
        "meta",
        "br",
        "table",
        "svg",
        "math",
    ]
)
ATTRS = st.sampled_from(
    [
        "",
        ' class="td-post-content"',
        ' class="entry-title"',
        ' class="td-post-title"',
        ' id="post-12"',
        ' class="tdb_single_content"',
        ' href="/20250101-3/"',
        ' href="http://[::1"',
        ' href="https://www.dailynk.com:99999/x/"',
        ' property="article:published_time" content="9999-12-31T23:59:59-23:59"',
        ' property="article:published_time" content="0001-01-01T00:00:00+14:00"',
        ' property="og:type" content="article"',
        ' datetime="2025-02-30T10:00:00"',
        ' type="application/ld+json"',
    ]
)
TEXT = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=40
) | st.sampled_from(["Read in Korean", "Translated by A, edited by B", "TAGS", "쌀값", "&amp;"])


@st.composite
def html_trees(draw, depth: int = 0) -> str:
    parts = []
    for _ in range(draw(st.integers(0, 4 if depth < 4 else 0))):
        if draw(st.booleans()):
            parts.append(draw(TEXT))
        else:
            tag, attrs = draw(TAGS), draw(ATTRS)
            inner = draw(html_trees(depth + 1)) if depth < 4 else ""
            closing = draw(st.sampled_from([f"</{tag}>", "", f"</{tag}"]))
            parts.append(f"<{tag}{attrs}>{inner}{closing}")
    return "".join(parts)


@FAST
@given(st.text(max_size=300), st.sampled_from([BASE + "/english/a/", BASE + "/20250101-1/"]))
def test_random_text_never_raises(text, url):
    parse_or_refuse(text, url)
    assert isinstance(extract(text), list)


@FAST
@given(html_trees())
def test_random_markup_never_raises(body):
    page = (
        '<html lang="en-US"><head><meta property="og:type" content="article"></head>'
        f'<body><article id="post-1">{body}</article></body></html>'
    )
    parse_or_refuse(page, BASE + "/english/random/")
    assert all(isinstance(p, str) for p in extract(page))


MUTATIONS = st.sampled_from(["truncate", "delete", "insert", "controls", "duplicate", "deep"])


@FAST
@given(
    st.integers(0, 10_000),
    st.lists(st.tuples(MUTATIONS, st.floats(0, 1), st.floats(0, 1), TEXT), min_size=1, max_size=4),
)
def test_mutated_real_template_pages_never_raise(which, mutations):
    pages = sample_pages()
    url, html = pages[which % len(pages)]
    for kind, a, b, text in mutations:
        i, j = sorted((int(a * len(html)), int(b * len(html))))
        if kind == "truncate":
            html = html[:i]
        elif kind == "delete":
            html = html[:i] + html[j:]
        elif kind == "insert":
            html = html[:i] + text + html[i:]
        elif kind == "controls":
            html = html[:i] + "\x00\x1b[2J\x9b\u202e\x07\ufeff" + html[i:]
        elif kind == "duplicate":
            html = html[:j] + html[i:j] + html[j:]
        else:
            html = html[:i] + "<div>" * 3000 + html[i:]
    parse_or_refuse(html, url)


@FAST
@given(st.binary(max_size=2000), st.sampled_from([None, "utf-8", "euc-kr", "latin-1", "bogus"]))
@example(b"\xfe\xff\x00\x00\x00", None)  # a UTF-16 BOM before an odd number of bytes
def test_encoding_decision_is_total(body, declared):
    got = choose_encoding(body, declared)
    assert isinstance(got.note, str) and isinstance(got.body, bytes)
    if got.encoding is not None:
        text = got.body.decode(got.encoding, errors="replace")
        if "bad-bytes" not in got.note:
            assert "\ufffd" not in text
    assert isinstance(looks_binary(body), bool)


@FAST
@given(st.sampled_from(["ko", "en"]), st.binary(max_size=300))
def test_korean_pages_survive_any_declaration(lang, noise):
    url, html = next((u, h) for u, h in sample_pages() if ("/english/" in u) == (lang == "en"))
    raw = html.encode("utf-8") if lang == "en" else html.encode("cp949", errors="ignore")
    got = choose_encoding(raw, None)
    assert got.encoding is not None
    assert got.body.decode(got.encoding) == raw.decode("utf-8" if lang == "en" else "cp949")
    noisy = choose_encoding(raw + noise, "utf-8")  # a garbage tail: read right or refused
    if noisy.encoding in ("utf-8", "cp949") and "bad-bytes" not in noisy.note:
        assert noisy.body.decode(noisy.encoding).startswith(raw.decode(got.encoding)[:500])


@cache
def spider():
    from crawler.spiders.dailynk import DailyNKSpider
    from tests.test_hostile_units import SETTINGS

    crawler = get_crawler(DailyNKSpider, {**SETTINGS, "NKWATCH_DATA_DIR": "/nonexistent-nk"})
    return DailyNKSpider.from_crawler(crawler, base_url=BASE)


@FAST
@given(st.binary(max_size=1500) | html_trees().map(str.encode))
def test_spider_callbacks_survive_any_body(body):
    sp = spider()
    for cls, path, callback in (
        (HtmlResponse, "/all/", lambda r: sp.parse_listing(r, page=1, listing="/all/")),
        (XmlResponse, "/feed/", sp.parse_feed),
        (XmlResponse, "/sitemap.xml", sp.parse_sitemap),
        (TextResponse, "/robots.txt", sp.parse_robots),
        (HtmlResponse, "/english/a/", sp.parse_article),
    ):
        url = BASE + path
        response = cls(url, body=body, request=Request(url))
        for out in callback(response):
            assert isinstance(out, Request) or hasattr(out, "__dataclass_fields__"), out
