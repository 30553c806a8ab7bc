"""WordPress REST API posts (`/wp-json/wp/v2/posts?_embed`) read into the same `Article` a
page fetch gives: the content through the page's body clean-up (body.py, base.py), so both
paths store the same text. Pure: (JSON, URL) in, records out; which to request, and what to
do with a record that lacks what its page has, is the spider's business.

Every field name is in selectors.py (REST_*); what the site's API answers is never trusted:
a post that is not an object, or whose fields have the wrong types, raises BadPost.
"""

from __future__ import annotations

import html as htmllib
import json
import re
from dataclasses import dataclass
from typing import Any

from crawler import urls
from crawler.items import Article
from crawler.parsers import selectors as S
from crawler.parsers.base import credits, iso_utc, paragraphs, split_authors
from crawler.parsers.body import Body
from crawler.parsers.document import Page
from crawler.parsers.text import clean_text
from crawler.reasons import Reason

TEMPLATE = "rest"  # an Article's `template` when it was read from a REST record
TAG = re.compile(r"<[^>]*>")


class BadPost(ValueError):
    """A post the crawl cannot use; `reason` is one of crawler/reasons.py."""

    def __init__(self, reason: Reason, detail: str) -> None:
        super().__init__(detail)
        self.reason = reason


@dataclass(frozen=True)
class RestPost:
    """One usable post: its canonical URL and UTC date, and the article when the record
    holds everything its page would give (None: fetch the page)."""

    url: str
    published: str | None
    article: Article | None
    missing: str = ""  # what the record lacks, when article is None


def read_page(text: str | None) -> list[Any] | None:
    """The posts of one answer, unchecked; None when it is not a JSON list (an HTML error
    page, an object, garbage)."""
    try:
        entries = json.loads(text) if text is not None else None
    except (ValueError, RecursionError):
        return None
    return entries if isinstance(entries, list) else None


def _get(post: dict[str, Any], path: str | tuple[str, ...], kind: type | tuple[type, ...]) -> Any:
    """post[a][b]... when every step is there; None when absent or null; BadPost when of
    another type than `kind` (a list where a string belongs)."""
    value: Any = post
    for key in (path,) if isinstance(path, str) else path:
        if not isinstance(value, dict):
            raise BadPost(Reason.BAD_REST_POST, f"{key}: not inside an object")
        value = value.get(key)
        if value is None:
            return None
    if isinstance(value, bool) and kind is not bool or not isinstance(value, kind):
        raise BadPost(Reason.BAD_REST_POST, f"{path}: {type(value).__name__}")
    return value


def plain(rendered: str) -> str:
    """Rendered HTML (a title, a term's name) as text: tags dropped, entities decoded."""
    return clean_text(htmllib.unescape(TAG.sub("", rendered)))


def _utc(value: str | None) -> str | None:
    """date_gmt and modified_gmt are UTC written without a zone."""
    return iso_utc(value + "Z") if value and not value.endswith("Z") else iso_utc(value)


def _objects(value: Any) -> list[dict[str, Any]]:
    return [v for v in value if isinstance(v, dict)] if isinstance(value, list) else []


def _terms(embedded: dict[str, Any], taxonomy: str) -> list[dict[str, Any]]:
    groups = embedded.get(S.REST_TERMS)
    found = []
    for group in groups if isinstance(groups, list) else []:
        found += [t for t in _objects(group) if t.get(S.REST_TAXONOMY) == taxonomy]
    return found


def _names(terms: list[dict[str, Any]]) -> list[str]:
    names = [plain(t[S.REST_NAME]) for t in terms if isinstance(t.get(S.REST_NAME), str)]
    return list(dict.fromkeys(n for n in names if n))


def _section(embedded: dict[str, Any]) -> str | None:
    """The most specific category: the one whose archive link is deepest (/news/economy/
    under /news/), as the page's breadcrumb ends with it."""
    cats = [t for t in _terms(embedded, S.REST_CATEGORY) if isinstance(t.get(S.REST_NAME), str)]
    if not cats:
        return None

    def depth(term: dict[str, Any]) -> int:
        link = term.get(S.REST_LINK)
        return urls.path_of(link).rstrip("/").count("/") if isinstance(link, str) else 0

    return plain(max(cats, key=depth)[S.REST_NAME]) or None


def _featured_caption(embedded: dict[str, Any]) -> str | None:
    for media in _objects(embedded.get(S.REST_FEATURED)):
        caption = media.get(S.REST_CAPTION[0])
        rendered = caption.get(S.REST_CAPTION[1]) if isinstance(caption, dict) else None
        if isinstance(rendered, str) and (text := plain(rendered)):
            return text
    return None


def _body(content: str, url: str) -> Body | None:
    """The content as the page's body container would hold it, cleaned the same way."""
    page = Page.load(f"<html><body><div>{content}</div></body></html>", url)
    node = page.sel.css("body > div")
    return Body(node[0].root, url, 0) if node else None


def read_post(post: Any, hosts: set[str] | frozenset[str]) -> RestPost:
    """One post of a REST answer. Raises BadPost for a post the crawl cannot use: not an
    object, wrong types, a link to another site or to no article."""
    if not isinstance(post, dict):
        raise BadPost(Reason.BAD_REST_POST, f"a post that is a {type(post).__name__}")
    link = _get(post, S.REST_LINK, str)
    try:
        url = urls.canonicalize(link) if link else None
    except ValueError:
        url = None
    if not url:
        raise BadPost(Reason.BAD_REST_POST, "no usable link")
    if not urls.same_site(url, hosts):
        raise BadPost(Reason.OFFSITE, f"link to another site: {url}")
    if not urls.is_article(url):
        raise BadPost(Reason.NOT_AN_ARTICLE, f"link to no article: {url}")
    published = _utc(_get(post, S.REST_DATE, str))
    post_id = _get(post, S.REST_ID, int)
    title = plain(_get(post, S.REST_TITLE, str) or "")
    content = _get(post, S.REST_CONTENT, str) or ""
    protected = _get(post, S.REST_PROTECTED, bool)
    embedded = _get(post, S.REST_EMBEDDED, dict)
    missing = [
        what
        for what, lacking in (
            ("date", not published),
            ("title", not title),
            ("content", not content.strip() or protected),
            ("embedded authors and terms", embedded is None),
        )
        if lacking
    ]
    found = _body(content, url) if not missing else None
    if found is None or not paragraphs(found):
        return RestPost(url, published, None, ", ".join(missing) or "body text")
    assert embedded is not None
    art = Article(url=url, template=TEMPLATE, source="rest")
    art.post_id = post_id
    art.title = title
    art.authors = split_authors(_names(_objects(embedded.get(S.REST_AUTHORS))))
    art.published = published
    art.modified = _utc(_get(post, S.REST_MODIFIED, str))
    art.section = _section(embedded)
    art.tags = _names(_terms(embedded, S.REST_TAG))
    art.canonical_url = url
    art.body = paragraphs(found)
    featured = _featured_caption(embedded)
    art.captions = list(dict.fromkeys([featured, *found.captions] if featured else found.captions))
    art.pair_url = found.pair_url
    art.translator, art.editor = credits(found)
    return RestPost(url, published, art)
