"""The Daily NK spider: finds article URLs in both editions and hands pages to the parser.
What a listing, feed, REST page or robots.txt says is read by crawler/parsers/discovery.py
(selectors in crawler/parsers/selectors.py); the spider decides what to request.

Two sources: the WordPress REST API, whose records are whole articles (crawler/spiders/
rest_walk.py: a backfill, or a crawl after a complete REST run), and the pages. Page
discovery: RSS feeds (newest items), paginated listings (stopping at known URLs unless
--full), sitemaps named in robots.txt, each English article's "Read in Korean" link
(followed even when the Korean original is in no listing), and URLs an earlier, interrupted
run discovered but never fetched (the store's frontier).
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

import scrapy
from scrapy import signals
from scrapy.exceptions import DontCloseSpider
from scrapy.http import Response, TextResponse
from twisted.python.failure import Failure

from crawler import reasons, urls
from crawler.items import Article, Frontier, ListingWalk, PairLink, Withdrawn
from crawler.parsers import NotAnArticle, discovery, parse_article
from crawler.parsers import selectors as S
from crawler.reasons import Reason, http_reason
from crawler.spiders.rest_walk import SOURCE, RestWalk
from crawler.store import Store

FEEDS = ("/english/feed/", "/feed/")
LISTINGS = ("/english/category/news/", "/all/")
LISTING_EDITION = dict(zip(LISTINGS, ("en", "ko"), strict=True))
SOURCES = ("auto", "rest", "pages")  # crawl's choice: the API when it fits, or one forced


def _as_bool(value: Any) -> bool:
    return str(value).lower() in ("1", "true", "yes", "on")


class DailyNKSpider(RestWalk, scrapy.Spider):
    """Crawl both editions of Daily NK (or a site shaped like it at -a base_url=...)."""

    name = "dailynk"

    @classmethod
    def from_crawler(cls, crawler, *args, **kwargs):
        spider = super().from_crawler(crawler, *args, **kwargs)
        spider.configure(crawler.settings, kwargs)
        if "scrapy_redis" in str(crawler.settings.get("SCHEDULER")):
            crawler.signals.connect(spider._stay_while_shared_work, signal=signals.spider_idle)
            crawler.signals.connect(spider._busy, signal=signals.response_received)
        return spider

    _last_busy = 0.0

    def _busy(self, *args: Any, **kwargs: Any) -> None:
        self._last_busy = time.monotonic()

    def _stay_while_shared_work(self) -> None:
        """With a shared Redis frontier, an empty local moment is not the end: other
        crawlers may still be adding requests. Close only after a quiet spell, longer than
        the engine's 5 s heartbeat, which is when an idle crawler looks at the queue again."""
        quiet = self.crawler.settings.getfloat("NKWATCH_REDIS_IDLE_CLOSE", 15.0)
        if time.monotonic() - max(self._last_busy, self._started) < quiet:
            # Look at the shared queue again soon, not at the next 5 s heartbeat: a busy
            # crawler would otherwise take every request the moment it appears.
            slot = getattr(self.crawler.engine, "_slot", None)
            if slot is not None:
                slot.nextcall.schedule(0.25)
            raise DontCloseSpider

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
        source = kwargs.get("source") or settings.get("NKWATCH_SOURCE") or "auto"
        if _as_bool(kwargs.get("rest") or settings.get("NKWATCH_REST")):
            source = "rest"
        if source not in SOURCES:
            raise ValueError(f"source must be one of {SOURCES}, not {source!r}")
        days = int(kwargs.get("recrawl_days") or settings.getint("NKWATCH_RECRAWL_DAYS", 0))
        self.rest_since: str | None = None
        self.known, self.recrawl, self.unfinished, self.pending = self._load_known(settings, days)
        # The API by default for a backfill, and after a complete REST run (edits then show
        # through modified_after); --pages, or a plain first crawl, reads the pages.
        self.use_rest = source == "rest" or (
            source == "auto" and (self.full or self.rest_since is not None)
        )
        self.scheduled: set[str] = set()
        self._sitemaps: list[str] = []  # from robots.txt, read after the REST walk
        self._rest_setup()
        self._started = time.monotonic()

    def _load_known(self, settings, days: int) -> tuple[set[str], set[str], set[str], list[str]]:
        """Known article URLs, those inside the re-crawl window, listings whose last walk did
        not finish, and URLs discovered but never fetched (the frontier)."""
        from crawler.datadir import data_dir, store_path

        path = store_path(data_dir(settings.get("NKWATCH_DATA_DIR")))
        if not path.exists():
            return set(), set(), set(LISTINGS), []
        store = Store(path, readonly=True)
        try:
            known = store.known_urls()
            cutoff = (datetime.now(UTC) - timedelta(days=days)).strftime("%Y-%m-%dT%H:%M:%SZ")
            recrawl = store.recent_urls(cutoff) if days > 0 else set()
            finished = store.finished_listings()
            pending = [u for u in store.frontier() if urls.same_site(u, self.allowed_hosts)]
            self.rest_since = store.last_complete_rest_run(self.base_url)
        finally:
            store.close()
        return known, recrawl, set(LISTINGS) - finished, pending

    # --- discovery ----------------------------------------------------------------------
    async def start(self):
        for url in self.pending:  # discovered by an earlier run that did not fetch them
            yield Frontier(url, "retry")
            yield self._article_request(url, via="frontier")
        yield self._request(self.base_url + "/robots.txt", self.parse_robots, priority=10)
        if self.use_rest:
            for request in self.rest_start():
                yield request
            return
        self.crawler.stats.set_value(SOURCE, "pages")
        for request in self.page_discovery():
            yield request

    def page_discovery(self) -> Iterator[scrapy.Request]:
        """Feeds, listings and (once robots.txt has named them) sitemaps: the whole page
        path, or after a REST walk its pass over what the API does not list."""
        for path in FEEDS:
            yield self._request(self.base_url + path, self.parse_feed, priority=5)
        for path in LISTINGS:
            yield self._request(
                self.base_url + path, self.parse_listing, cb_kwargs={"page": 1, "listing": path}
            )
        for url in self._sitemaps:
            yield self._request(url, self.parse_sitemap)
        self._sitemaps = []

    def _wanted(self, url: str) -> bool:
        """Not fetched yet this run, and new or inside the re-crawl window."""
        if url in self.scheduled:
            return False
        return url not in self.known or url in self.recrawl

    def _discover(self, url: str, **meta: Any) -> Iterator[Any]:
        """Record the URL in the store's frontier, then request it: if the crawl dies before
        the page is stored, the next run requests it again (JOBDIR is not relied on)."""
        yield Frontier(url, "queued")
        yield self._article_request(url, **meta)

    def _article_request(self, url: str, **meta: Any) -> scrapy.Request:
        # Re-crawled URLs bypass Scrapy's dupefilter (it may persist in JOBDIR); our own
        # set keeps them to one request per run.
        self.scheduled.add(url)
        recrawl = url in self.recrawl and url in self.known
        if recrawl:  # a stored article answering 404/410 is news: it was withdrawn
            meta = {**meta, "handle_httpstatus_list": [404, 410], "recrawl": True}
        return self._request(url, self.parse_article, meta=meta, dont_filter=recrawl)

    def _count(self, key: str, n: int = 1) -> None:
        self.crawler.stats.inc_value(f"nkwatch/{key}", n)

    def _drop(self, reason: str) -> None:
        reasons.count(self.crawler.stats, reason)

    def _request(self, url: str, callback: Any, **kwargs: Any) -> scrapy.Request:
        """Every request gets the errback: no page goes missing without a counted reason."""
        return scrapy.Request(url, callback, errback=self.on_error, **kwargs)

    def on_error(self, failure: Failure) -> Iterator[Any]:
        """Count why a request produced no page (timeout, reset, 5xx after the retries,
        too large...); refusals by crawler/middlewares/ are counted where they happen.
        A page refused by design (robots rules, another site, 404) leaves the frontier; a
        page lost to a fault stays there, to be tried again by the next run."""
        from crawler.middlewares.refusals import Skipped, failure_reason

        reason = failure_reason(failure.value)
        request = getattr(failure, "request", None)
        if not isinstance(failure.value, Skipped):
            self._drop(reason)
            where = request.url if request is not None else failure.getErrorMessage()
            self.logger.warning("not fetched (%s): %s", reason, where)
        if request is not None and not reasons.is_fault(reason):
            yield Frontier(urls.canonicalize(request.url), "done")
        if request is not None and request.callback == self.parse_listing:
            yield from self._skip_listing_page(request)
        if request is not None and request.callback == self.parse_rest:
            yield from self.rest_failed_request(request, reason)

    def _skip_listing_page(self, request: scrapy.Request) -> Iterator[scrapy.Request]:
        """One listing page lost (a 500 after the retries, a timeout) must not end the walk
        and hide every older article behind it: go on with the next page by WordPress's
        /page/N/ pattern. The walk is not marked complete, so the next run walks it again."""
        page, listing = request.cb_kwargs.get("page", 1), request.cb_kwargs.get("listing")
        if not listing or page >= self.max_pages:
            return
        self._count("selector/listing/skipped-page")
        yield self._request(
            f"{self.base_url}{listing}page/{page + 1}/",
            self.parse_listing,
            cb_kwargs={"page": page + 1, "listing": listing},
        )

    @staticmethod
    def _canon(href: str, base: str) -> str | None:
        """The canonical URL, or None for an href no URL parser accepts ("http://[x")."""
        try:
            return urls.canonicalize(href, base=base)
        except ValueError:
            return None

    def _candidate(self, href: str, base: str) -> str | None:
        url = self._canon(href, base)
        if not url or not urls.same_site(url, self.allowed_hosts):
            return None
        return url if urls.is_article(url) else None

    def parse_robots(self, response: Response) -> Iterator[scrapy.Request]:
        if not isinstance(response, TextResponse) or response.status != 200:
            return
        for href in discovery.robots_sitemaps(response.text):
            url = self._canon(href, response.url)
            if url and urls.same_site(url, self.allowed_hosts):
                if self.use_rest and not self._rest_done:
                    self._sitemaps.append(url)  # read once the REST walk has listed its posts
                else:
                    yield self._request(url, self.parse_sitemap)

    def parse_sitemap(self, response: Response) -> Iterator[scrapy.Request]:
        from scrapy.utils.sitemap import Sitemap

        if discovery.declares_entities(response.body):  # entity bombs, XXE: not trusted
            self._drop(Reason.BAD_SITEMAP)
            return
        try:
            sitemap = Sitemap(response.body)
        except Exception:  # malformed XML: counted, not fatal
            self._drop(Reason.BAD_SITEMAP)
            return
        for entry in sitemap:
            loc = entry.get(S.SITEMAP_LOC, "")
            if sitemap.type == S.SITEMAP_INDEX:
                url = self._canon(loc, response.url)
                if url and urls.same_site(url, self.allowed_hosts):
                    yield self._request(url, self.parse_sitemap)
                continue
            url = self._candidate(loc, response.url)
            lastmod = entry.get(S.SITEMAP_LASTMOD)
            if url and self._wanted(url) and not (self.since and lastmod and lastmod < self.since):
                yield from self._discover(url, via="sitemap")

    def parse_feed(self, response: Response) -> Iterator[Any]:
        """Article links of an RSS feed (the newest items only).

        @site_path /english/feed/
        @returns requests 1
        """
        if not isinstance(response, TextResponse):
            self._drop(Reason.FEED_NOT_TEXT)
            return
        links = discovery.feed_links(response.selector, response.body)
        if links is None:  # not a feed, or one declaring entities (bombs, XXE)
            self._drop(Reason.BAD_FEED)
            return
        for href in links:
            url = self._candidate(href, response.url)
            if url and self._wanted(url):
                yield from self._discover(url, via="feed")

    def parse_listing(self, response: Response, page: int, listing: str = "") -> Iterator[Any]:
        """One listing page: request its new articles, then the next page unless the walk
        can stop. A walk stops at a page of known URLs only if the previous walk of this
        listing finished; an interrupted one (a crash, a kill) is walked again, so nothing
        behind the point where it died is skipped for good.

        @site_path /english/category/news/
        @cb_kwargs {"page": 1, "listing": "/english/category/news/"}
        @returns requests 2
        """
        listing = listing or urls.path_of(response.url)
        if page == 1:
            yield ListingWalk(listing, complete=False)
        if not isinstance(response, TextResponse):
            self._drop(Reason.LISTING_NOT_TEXT)
            return
        listed = discovery.read_listing(response.selector)
        if listed.fallback:  # no known listing markup: any article link on the page
            self._count("selector/listing/fallback")
        found = list(
            dict.fromkeys(u for h in listed.hrefs if (u := self._candidate(h, response.url)))
        )
        fresh = [u for u in found if self._wanted(u)]
        for url in fresh:
            yield from self._discover(url, via="listing")
        dates = [day + "T00:00:00Z" for day in listed.days]
        too_old = bool(self.since and dates and max(dates) < self.since)
        covered = self.rest_covers(LISTING_EDITION.get(listing, ""))
        caught_up = not fresh and (covered or (not self.full and listing not in self.unfinished))
        if too_old or not found or caught_up:
            yield ListingWalk(listing, complete=True)
            return
        if page >= self.max_pages:
            return  # page budget spent: the walk is not complete
        if listed.next_href:
            url = self._canon(listed.next_href, response.url)
            if url and urls.same_site(url, self.allowed_hosts):
                yield self._request(
                    url, self.parse_listing, cb_kwargs={"page": page + 1, "listing": listing}
                )
            return
        yield ListingWalk(listing, complete=True)  # the last page

    # --- articles -----------------------------------------------------------------------
    def parse_article(self, response: Response) -> Iterator[Any]:
        """Parse, then settle the frontier: a page that was not stored is done with; a
        stored article leaves the frontier in the store pipeline, after it is written."""
        requested = urls.canonicalize(response.request.url)
        stored_as = None
        for out in self._article(response):
            if isinstance(out, Article):
                stored_as = out.url
            yield out
        if stored_as != requested:
            yield Frontier(requested, "done")

    def _article(self, response: Response) -> Iterator[Any]:
        pair_of = response.meta.get("pair_of")
        if response.status in (404, 410):
            if pair_of:
                yield PairLink(
                    en_url=pair_of, ko_url=urls.canonicalize(response.url), status="broken"
                )
            if response.meta.get("recrawl"):
                url = urls.canonicalize(response.request.url)
                yield Withdrawn(url, urls.edition_of(url), response.status)
            self._drop(http_reason(response.status))
            return
        if not isinstance(response, TextResponse):
            self._drop(Reason.NOT_TEXT)
            return
        notes: list[str] = []
        try:
            article = parse_article(response.text, response.url, notes=notes)
        except NotAnArticle as exc:
            reason = Reason.NO_TITLE_OR_BODY if "no title" in str(exc) else Reason.NOT_AN_ARTICLE
            self._drop(reason)
            self.logger.info("not stored: %s (%s)", response.url, exc)
            return
        for note in notes:  # e.g. nesting too deep for lxml, flattened (and logged)
            self._count(f"parser/{note}")
        if "\ufffd" in f"{article.title}{article.subtitle or ''}{article.text}":
            # bytes that no encoding reads landed in the article's own text: never stored
            self._drop(Reason.REPLACEMENT_CHARS)
            self.logger.warning("not stored: %s (undecodable bytes in its text)", response.url)
            return
        self._count(f"template/{article.template}")
        for field, rank in article.selector_hits.items():
            self._count(f"selector/{field}/{rank}")
        if self.since and article.published and article.published < self.since:
            self._drop(Reason.OLDER_THAN_SINCE)
            return
        if pair_of and response.url != urls.canonicalize(response.request.url):
            # the original redirected: record the pair under the final URL
            yield PairLink(en_url=pair_of, ko_url=article.url, status="ok")
        yield article
        target = article.pair_url
        # Only a Korean article: "Read in Korean" links between English pages would be a
        # trap (Korean pages have no pair links, so a chain ends after one step).
        korean = bool(target) and urls.is_korean_article(target)
        if korean and self.rest_pair(article):
            return  # followed after the REST walk, unless the API lists it
        if korean and urls.same_site(target, self.allowed_hosts) and self._wanted(target):
            yield from self._discover(
                target, pair_of=article.url, handle_httpstatus_list=[404, 410], via="pair"
            )
