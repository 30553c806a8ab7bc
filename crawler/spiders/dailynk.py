"""The Daily NK spider: finds article URLs in both editions and hands pages to the parser.

Discovery: RSS feeds (newest items), paginated listings (stopping at known URLs unless
--full), sitemaps named in robots.txt, and each English article's "Read in Korean" link,
followed even when the Korean original is in no listing.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

import scrapy
from scrapy.http import Response, TextResponse

from crawler import urls
from crawler.items import PairLink
from crawler.parsers import NotAnArticle, parse_article
from crawler.store import Store

FEEDS = ("/english/feed/", "/feed/")
LISTINGS = ("/english/category/news/", "/all/")
LISTING_LINKS = (
    "h3.entry-title a::attr(href)",
    ".td-module-title a::attr(href)",
    ".tdb-module-title a::attr(href)",
)
NEXT_PAGE = (
    "link[rel=next]::attr(href)",
    ".page-nav a[aria-label=next-page]::attr(href)",
    "a.next.page-numbers::attr(href)",
)


def _as_bool(value: Any) -> bool:
    return str(value).lower() in ("1", "true", "yes", "on")


class DailyNKSpider(scrapy.Spider):
    """Crawl both editions of Daily NK (or a site shaped like it at -a base_url=...).

    @url https://www.dailynk.com/english/feed/
    @returns requests 0
    """

    name = "dailynk"

    @classmethod
    def from_crawler(cls, crawler, *args, **kwargs):
        spider = super().from_crawler(crawler, *args, **kwargs)
        spider.configure(crawler.settings, kwargs)
        return spider

    def configure(self, settings, kwargs: dict[str, Any]) -> None:
        base = kwargs.get("base_url") or settings.get("NKWATCH_BASE_URL") or urls.DEFAULT_BASE_URL
        self.base_url = base.rstrip("/")
        host = (urlsplit(self.base_url).hostname or "").lower()
        hosts = {host}
        if host.endswith("dailynk.com"):
            hosts |= {"dailynk.com", "www.dailynk.com"}
        self.allowed_hosts = hosts
        self.allowed_domains = sorted(hosts)
        self.max_pages = int(kwargs.get("max_pages") or settings.getint("NKWATCH_MAX_PAGES", 5))
        since = kwargs.get("since") or settings.get("NKWATCH_SINCE")
        self.since = f"{since}T00:00:00Z" if since and len(since) == 10 else since
        self.full = _as_bool(kwargs.get("full") or settings.get("NKWATCH_FULL"))
        days = int(kwargs.get("recrawl_days") or settings.getint("NKWATCH_RECRAWL_DAYS", 0))
        self.known, self.recrawl = self._load_known(settings, days)
        self.scheduled: set[str] = set()

    def _load_known(self, settings, days: int) -> tuple[set[str], set[str]]:
        from search.paths import data_dir, store_path

        path = store_path(data_dir(settings.get("NKWATCH_DATA_DIR")))
        if not path.exists():
            return set(), set()
        store = Store(path, readonly=True)
        try:
            known = store.known_urls()
            cutoff = (datetime.now(UTC) - timedelta(days=days)).strftime("%Y-%m-%dT%H:%M:%SZ")
            recrawl = store.recent_urls(cutoff) if days > 0 else set()
        finally:
            store.close()
        return known, recrawl

    # --- discovery ----------------------------------------------------------------------
    async def start(self):
        yield scrapy.Request(self.base_url + "/robots.txt", self.parse_robots, priority=10)
        for path in FEEDS:
            yield scrapy.Request(self.base_url + path, self.parse_feed, priority=5)
        for path in LISTINGS:
            yield scrapy.Request(self.base_url + path, self.parse_listing, cb_kwargs={"page": 1})

    def _wanted(self, url: str) -> bool:
        """Not fetched yet this run, and new or inside the re-crawl window."""
        if url in self.scheduled:
            return False
        return url not in self.known or url in self.recrawl

    def _article_request(self, url: str, **meta: Any) -> scrapy.Request:
        # Re-crawled URLs bypass Scrapy's dupefilter (it may persist in JOBDIR); our own
        # set keeps them to one request per run.
        self.scheduled.add(url)
        return scrapy.Request(
            url,
            self.parse_article,
            meta=meta,
            dont_filter=url in self.recrawl and url in self.known,
        )

    def _count(self, key: str, n: int = 1) -> None:
        self.crawler.stats.inc_value(f"nkwatch/{key}", n)

    def _candidate(self, href: str, base: str) -> str | None:
        url = urls.canonicalize(href, base=base)
        if not urls.same_site(url, self.allowed_hosts):
            return None
        return url if urls.is_article(url) else None

    def parse_robots(self, response: Response) -> Iterator[scrapy.Request]:
        if not isinstance(response, TextResponse) or response.status != 200:
            return
        for line in response.text.splitlines():
            key, _, value = line.partition(":")
            if key.strip().lower() == "sitemap" and value.strip():
                url = urls.canonicalize(value.strip(), base=response.url)
                if urls.same_site(url, self.allowed_hosts):
                    yield scrapy.Request(url, self.parse_sitemap)

    def parse_sitemap(self, response: Response) -> Iterator[scrapy.Request]:
        from scrapy.utils.sitemap import Sitemap

        try:
            sitemap = Sitemap(response.body)
        except Exception:  # malformed XML: counted, not fatal
            self._count("dropped/bad-sitemap")
            return
        for entry in sitemap:
            loc = entry.get("loc", "")
            if sitemap.type == "sitemapindex":
                url = urls.canonicalize(loc, base=response.url)
                if urls.same_site(url, self.allowed_hosts):
                    yield scrapy.Request(url, self.parse_sitemap)
                continue
            url = self._candidate(loc, response.url)
            lastmod = entry.get("lastmod")
            if url and self._wanted(url) and not (self.since and lastmod and lastmod < self.since):
                yield self._article_request(url, via="sitemap")

    def parse_feed(self, response: Response) -> Iterator[scrapy.Request]:
        if not isinstance(response, TextResponse):
            self._count("dropped/feed-not-text")
            return
        response.selector.remove_namespaces()
        for href in response.xpath("//item/link/text()").getall():
            url = self._candidate(href.strip(), response.url)
            if url and self._wanted(url):
                yield self._article_request(url, via="feed")

    def parse_listing(self, response: Response, page: int) -> Iterator[scrapy.Request]:
        if not isinstance(response, TextResponse):
            self._count("dropped/listing-not-text")
            return
        hrefs: list[str] = []
        for css in LISTING_LINKS:
            hrefs = response.css(css).getall()
            if hrefs:
                break
        else:  # no known listing markup: any article link on the page
            self._count("selector/listing/fallback")
            hrefs = response.css("a::attr(href)").getall()
        found = list(dict.fromkeys(u for h in hrefs if (u := self._candidate(h, response.url))))
        fresh = [u for u in found if self._wanted(u)]
        for url in fresh:
            yield self._article_request(url, via="listing")
        dates = [d[:10] + "T00:00:00Z" for d in response.css("time::attr(datetime)").getall()]
        too_old = bool(self.since and dates and max(dates) < self.since)
        if page >= self.max_pages or too_old or not found or (not self.full and not fresh):
            return
        for css in NEXT_PAGE:
            nxt = response.css(css).get()
            if nxt:
                url = urls.canonicalize(nxt, base=response.url)
                if urls.same_site(url, self.allowed_hosts):
                    yield scrapy.Request(url, self.parse_listing, cb_kwargs={"page": page + 1})
                return

    # --- articles -----------------------------------------------------------------------
    def parse_article(self, response: Response) -> Iterator[Any]:
        pair_of = response.meta.get("pair_of")
        if response.status in (404, 410):
            if pair_of:
                yield PairLink(
                    en_url=pair_of, ko_url=urls.canonicalize(response.url), status="broken"
                )
            self._count(f"dropped/http-{response.status}")
            return
        if not isinstance(response, TextResponse):
            self._count("dropped/not-text")
            return
        try:
            article = parse_article(response.text, response.url)
        except NotAnArticle as exc:
            reason = "no-title-or-body" if "no title" in str(exc) else "not-an-article"
            self._count(f"dropped/{reason}")
            self.logger.info("not stored: %s (%s)", response.url, exc)
            return
        self._count(f"template/{article.template}")
        for field, rank in article.selector_hits.items():
            self._count(f"selector/{field}/{rank}")
        if self.since and article.published and article.published < self.since:
            self._count("dropped/older-than-since")
            return
        if pair_of and response.url != urls.canonicalize(response.request.url):
            # the original redirected: record the pair under the final URL
            yield PairLink(en_url=pair_of, ko_url=article.url, status="ok")
        yield article
        target = article.pair_url
        if target and urls.same_site(target, self.allowed_hosts) and self._wanted(target):
            self.scheduled.add(target)
            yield scrapy.Request(
                target,
                self.parse_article,
                meta={"pair_of": article.url, "handle_httpstatus_list": [404, 410]},
            )
