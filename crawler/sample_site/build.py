"""Render the whole sample site for one base URL: path -> (content type, bytes)."""

from __future__ import annotations

import functools
from typing import NamedTuple

from crawler.sample_site.model import Page, build_pages, load_stories
from crawler.sample_site.templates import SiteIndexPages

HTML = "text/html; charset=UTF-8"
RSS = "application/rss+xml; charset=UTF-8"
JSON = "application/json; charset=UTF-8"


class Resource(NamedTuple):
    content_type: str
    body: bytes


@functools.cache
def pages() -> tuple[Page, ...]:
    return tuple(build_pages(load_stories()))


def site_of(base_url: str, records: list[dict] | None = None) -> SiteIndexPages:
    """The bundled site, or one made of other story `records` (the benchmark's synthetic
    archive)."""
    return SiteIndexPages(base_url, build_pages(records) if records is not None else list(pages()))


def render_site(
    base_url: str, records: list[dict] | None = None, site: SiteIndexPages | None = None
) -> dict[str, Resource]:
    """Every page the real site has for the site's stories (its REST API answers per query:
    crawler/sample_site/rest.py)."""
    site = site or site_of(base_url, records)
    out: dict[str, Resource] = {}

    def put(path: str, ctype: str, text: str) -> None:
        out[path] = Resource(ctype, text.encode("utf-8"))

    for page in site.pages:
        put(page.path, HTML, site.article(page))
    for lang, base_path in (("en", "/english/category/news/"), ("ko", "/all/")):
        n = 1
        while (html := site.listing(lang, n)) is not None:
            put(base_path if n == 1 else f"{base_path}page/{n}/", HTML, html)
            n += 1
    put("/english/feed/", RSS, site.feed("en"))
    put("/feed/", RSS, site.feed("ko"))
    put("/robots.txt", "text/plain; charset=UTF-8", site.robots())
    put("/sitemap-misc.xml", "application/xml; charset=UTF-8", site.sitemap())
    put("/", HTML, site.home("ko"))
    put("/english/", HTML, site.home("en"))
    put("/english/north-korea-market-trends-rice/", HTML, site.price_page())
    out["__404__en"] = Resource(HTML, site.not_found("en").encode())
    out["__404__ko"] = Resource(HTML, site.not_found("ko").encode())
    return out
