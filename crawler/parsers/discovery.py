"""What the discovery pages say: a listing page's article links, dates and next page, a
feed's item links, robots.txt's sitemaps (REST API answers: rest.py). Pure functions of the
page; which of these URLs to request is the spider's business."""

from __future__ import annotations

from dataclasses import dataclass

from parsel import Selector

from crawler.parsers import selectors as S


def declares_entities(body: bytes) -> bool:
    """XML that declares entities (a DTD before the root): feeds and sitemaps never need
    them, and bombs and external entities (XXE) live there. The parsers would not expand
    them either (lxml with resolve_entities=False); such XML is simply not used."""
    return b"<!ENTITY" in body[:65536]


@dataclass(frozen=True)
class Listing:
    """One listing page."""

    hrefs: list[str]  # article links as written, in page order
    fallback: bool  # no known listing markup: these are every link on the page
    days: list[str]  # YYYY-MM-DD of the listed posts
    next_href: str | None


def read_listing(sel: Selector) -> Listing:
    hrefs: list[str] = []
    for css in S.LISTING_LINKS:
        hrefs = sel.css(css).getall()
        if hrefs:
            break
    fallback = not hrefs
    if fallback:
        hrefs = sel.css(S.LISTING_ANY_LINK).getall()
    days = [d[:10] for d in sel.css(S.LISTING_DATES).getall()]
    next_href = next((v for css in S.NEXT_PAGE if (v := sel.css(css).get())), None)
    return Listing(hrefs, fallback, days, next_href)


def feed_links(sel: Selector, body: bytes) -> list[str] | None:
    """The item links of an RSS (or RDF) feed; None for anything else, and for a feed that
    declares entities (bombs, XXE: never expanded, not trusted)."""
    if declares_entities(body) or sel.xpath(S.FEED_ROOT).get() not in S.FEED_ROOTS:
        return None
    sel.remove_namespaces()
    return [href.strip() for href in sel.xpath(S.FEED_LINKS).getall()]


def robots_sitemaps(text: str) -> list[str]:
    """The URLs of robots.txt's "Sitemap:" lines, as written."""
    found = []
    for line in text.splitlines():
        key, _, value = line.partition(":")
        if key.strip().lower() == S.ROBOTS_SITEMAP and value.strip():
            found.append(value.strip())
    return found
