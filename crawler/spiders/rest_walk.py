"""The WordPress REST API walk of the Daily NK spider: whole articles, 100 a request.

A backfill (`crawl --full`) reads every post of both editions newest first, each record
stored as an article (crawler/parsers/rest.py) without fetching its page; a page is fetched
only for a record that lacks what the page has (protected or empty content, no date, no
embeds). An incremental crawl after a complete REST run asks for what is new (`after`) and
what was edited anywhere in the archive (`modified_after`) since that run. When an edition's
API does not answer with posts (absent, blocked by robots.txt, an error, garbage), that
edition is crawled through its pages as before, and the summary says so once.

When every REST request has answered, the page path's own discovery runs once over what REST
does not list: feeds, the first listing page, sitemaps, "Read in Korean" targets not seen.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlencode

import scrapy
from scrapy.http import Response, TextResponse

from crawler import urls
from crawler.items import Article
from crawler.parsers import rest
from crawler.parsers import selectors as S
from crawler.reasons import Reason

logger = logging.getLogger(__name__)

REST_POSTS = {"en": "/english/wp-json/wp/v2/posts", "ko": "/wp-json/wp/v2/posts"}
REST_PER_PAGE = 100  # WordPress's largest page
MAX_REST_PAGES = 10_000  # per query: a header promising more is not believed
SOURCE = "nkwatch/source"  # stats: "rest" or "pages", for the summary
REST = "nkwatch/rest/"  # stats prefix of the walk's figures (crawler/health.py reads them)
EDIT_MARGIN = timedelta(days=1)  # WordPress compares `after` in site time: any zone fits
# An answer of 100 whole posts waits while the crawl stores the one before it (seconds of
# work): on a fast site, with several in flight, DOWNLOAD_TIMEOUT expired on answers that
# had arrived, and each was fetched again.
REST_TIMEOUT = 180.0


@dataclass(frozen=True)
class Walk:
    """One query of one edition's posts: a backfill (`date`), new posts (`after`) or edits
    (`modified`)."""

    lang: str
    kind: str  # date | after | modified
    since: str | None = None  # the after / modified_after value

    def params(self, page: int) -> dict[str, str]:
        out = {"per_page": str(REST_PER_PAGE), "page": str(page), "_embed": "1"}
        if self.kind == "modified":
            out.update(orderby="modified", modified_after=self.since or "")
        elif self.since:
            out["after"] = self.since
        return out


def _header_int(response: Response, name: str) -> int | None:
    raw = response.headers.get(name)
    try:
        value = int(raw.decode("ascii")) if raw else None
    except (UnicodeDecodeError, ValueError):
        return None
    return value if value is not None and value >= 0 else None


class RestWalk:
    """Mixin of DailyNKSpider: the REST API walk and the page path's pass after it."""

    base_url: str
    allowed_hosts: set[str]
    crawler: Any
    full: bool
    since: str | None
    max_pages: int
    use_rest: bool
    rest_since: str | None  # start of the last complete REST run (incremental walks)

    def _rest_setup(self) -> None:
        self._rest_open = 0  # REST requests not answered yet
        self._rest_faults = 0
        self._rest_done = False
        self.rest_seen: set[str] = set()  # every post URL the API listed this run
        self.rest_failed: dict[str, str] = {}  # edition -> why its API was not used
        self._rest_pairs: dict[str, str] = {}  # Korean original -> the English article
        self._rest_started = datetime.now()

    def rest_walks(self) -> list[Walk]:
        if self.rest_since and not self.full:
            since = datetime.fromisoformat(self.rest_since.replace("Z", "")) - EDIT_MARGIN
            mark = since.strftime("%Y-%m-%dT%H:%M:%S")
            return [Walk(lang, kind, mark) for lang in REST_POSTS for kind in ("after", "modified")]
        since = f"{self.since[:19]}" if self.since else None
        return [Walk(lang, "date", since) for lang in REST_POSTS]

    def rest_start(self) -> Iterator[scrapy.Request]:
        stats = self.crawler.stats
        stats.set_value(SOURCE, "rest")
        for figure in ("articles", "page_fetches", "pages_done", "pages_total"):
            stats.set_value(REST + figure, 0)  # in the summary even when none
        for walk in self.rest_walks():
            yield self._rest_request(walk, 1)

    def _rest_request(self, walk: Walk, page: int) -> scrapy.Request:
        self._rest_open += 1
        url = f"{self.base_url}{REST_POSTS[walk.lang]}?{urlencode(walk.params(page))}"
        return self._request(  # type: ignore[attr-defined]
            url,
            self.parse_rest,
            cb_kwargs={"walk": walk, "page": page},
            priority=20,  # before any article page
            dont_filter=True,
            meta={"download_timeout": REST_TIMEOUT},
        )

    def _walks_all_pages(self, walk: Walk) -> bool:
        """A backfill or an incremental query reads every page of its answer; a plain
        `--rest` crawl on a store without a complete REST run stops at known posts."""
        return self.full or walk.kind != "date"

    def parse_rest(self, response: Response, walk: Walk, page: int) -> Iterator[Any]:
        """One page of posts: each a stored article, or a page to fetch for the incomplete.
        Page 1 schedules the rest of the query from X-WP-TotalPages (all at once, newest
        first: no depth limit reached by a chain of 750 pages)."""
        self._rest_open -= 1
        self.crawler.stats.inc_value(REST + "pages_done")
        entries = rest.read_page(response.text if isinstance(response, TextResponse) else None)
        if entries is None:
            self._drop(Reason.BAD_REST_PAGE)  # type: ignore[attr-defined]
            logger.warning("not a REST answer: %s", response.url)
            yield from self._rest_lost(walk, page, Reason.BAD_REST_PAGE)
            return
        fresh = usable = 0
        dates = []
        for entry in entries:
            outcome = yield from self._rest_post(entry, walk)
            if outcome is not None:
                usable += 1
                fresh += outcome[0]
                if outcome[1]:
                    dates.append(outcome[1])
        if page == 1 and entries and not usable:  # posts, none usable (links elsewhere...)
            yield from self._rest_lost(walk, page, Reason.BAD_REST_POST)
            yield from self._rest_settle()
            return
        too_old = bool(self.since and dates and max(dates) < self.since)
        if page == 1:  # page by page unless every page was requested from its headers
            chained = not (yield from self._rest_first_page(response, walk))
        else:
            headers = _header_int(response, S.REST_TOTAL_PAGES) is not None
            chained = not (self._walks_all_pages(walk) and headers)
        more = self._walks_all_pages(walk) or (fresh and page < self.max_pages)
        if chained and more and len(entries) == REST_PER_PAGE and not too_old:
            self.crawler.stats.inc_value(REST + "pages_total")
            yield self._rest_request(walk, page + 1)
        yield from self._rest_settle()

    def _rest_first_page(self, response: Response, walk: Walk) -> Iterator[Any]:
        """Count the query's posts and pages; request all its pages when it is read whole
        and says how many (then return True), else leave the walk to go page by page."""
        stats = self.crawler.stats
        total = _header_int(response, S.REST_TOTAL)
        pages = _header_int(response, S.REST_TOTAL_PAGES)
        if total is not None:
            stats.inc_value(f"{REST}posts_listed/{walk.lang}", total)
        if pages is None or not self._walks_all_pages(walk):
            stats.inc_value(REST + "pages_total")
            return False
        pages = min(pages, MAX_REST_PAGES)
        stats.inc_value(REST + "pages_total", max(pages, 1))
        for n in range(pages, 1, -1):  # the scheduler is last-in first-out: page 2 first
            yield self._rest_request(walk, n)
        return True

    def _rest_post(self, entry: Any, walk: Walk) -> Iterator[Any]:
        """Yield what one post gives; return (1 if it was fresh, its date) or None."""
        try:
            post = rest.read_post(entry, self.allowed_hosts)
        except rest.BadPost as exc:
            self._drop(exc.reason)  # type: ignore[attr-defined]
            logger.info("REST post not used (%s): %s", exc.reason, exc)
            return None
        self.rest_seen.add(post.url)
        if self.since and post.published and post.published < self.since:
            return (0, post.published)
        if post.url in self.scheduled:  # type: ignore[attr-defined]
            return (0, post.published)
        if walk.kind != "modified" and not self._wanted(post.url):  # type: ignore[attr-defined]
            return (0, post.published)
        if post.article is None:
            self.crawler.stats.inc_value(REST + "page_fetches")
            logger.info("REST record lacks %s: fetching %s", post.missing, post.url)
            yield from self._discover(post.url, via="rest")  # type: ignore[attr-defined]
        else:
            yield from self._rest_article(post.article)
        return (1, post.published)

    def _rest_article(self, article: Article) -> Iterator[Any]:
        self.scheduled.add(article.url)  # type: ignore[attr-defined]
        if "\ufffd" in f"{article.title}{article.text}":
            self._drop(Reason.REPLACEMENT_CHARS)  # type: ignore[attr-defined]
            return
        self.crawler.stats.inc_value(REST + "articles")
        self.crawler.stats.inc_value(f"nkwatch/template/{article.template}")
        yield article
        self.rest_pair(article)

    def rest_pair(self, article: Article) -> bool:
        """Keep a "Read in Korean" target for after the walk (the API may list it yet);
        False when no REST walk is running, so the caller follows it now."""
        if not self.use_rest or self._rest_done:
            return False
        target = article.pair_url
        if target and urls.is_korean_article(target) and article.lang != "ko":
            self._rest_pairs.setdefault(target, article.url)
        return True

    def rest_failed_request(self, request: scrapy.Request, reason: str) -> Iterator[Any]:
        """The errback's part for a REST request: count, fall back, settle."""
        self._rest_open -= 1
        yield from self._rest_lost(request.cb_kwargs["walk"], request.cb_kwargs["page"], reason)
        yield from self._rest_settle()

    def _rest_lost(self, walk: Walk, page: int, reason: str) -> Iterator[Any]:
        """A first page lost: that edition's API is not used this run (its pages are).
        A later page lost: a fault; the run is not a complete REST run."""
        self._rest_faults += 1
        if page == 1 and walk.lang not in self.rest_failed:
            self.rest_failed[walk.lang] = reason
            self.crawler.stats.set_value(f"{REST}fallback/{walk.lang}", reason)
            logger.warning(
                "the %s REST API did not answer with posts (%s): crawling its pages instead",
                walk.lang,
                reason,
            )
        return iter(())

    def _rest_settle(self) -> Iterator[Any]:
        """After the last REST answer: the page path's pass over what REST does not list."""
        if self._rest_open > 0 or self._rest_done:
            return
        self._rest_done = True
        if not self._rest_faults:
            self.crawler.stats.set_value(REST + "complete", 1)
        if len(self.rest_failed) == len(REST_POSTS):
            self.crawler.stats.set_value(SOURCE, "pages")
        for target, english in self._rest_pairs.items():
            seen = target in self.rest_seen or not urls.same_site(target, self.allowed_hosts)
            if not seen and self._wanted(target):  # type: ignore[attr-defined]
                yield from self._discover(  # type: ignore[attr-defined]
                    target, pair_of=english, handle_httpstatus_list=[404, 410], via="pair"
                )
        yield from self.page_discovery()  # type: ignore[attr-defined]

    def rest_covers(self, lang: str) -> bool:
        """Whether this run's REST walk read the edition (its listing need not be walked)."""
        return self.use_rest and self._rest_done and lang not in self.rest_failed
