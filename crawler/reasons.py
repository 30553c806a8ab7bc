"""Why a page was not stored: the one list of reasons the crawl summary uses, what each means,
whether it is a fault, and how a failure maps to one.

Refusals (crawler/middlewares/refusals.py) and the spider count them here, as
`nkwatch/dropped/<reason>`; crawler/health.py puts them under the summary's `dropped`, and the
faults also under `lost` (a partial run, exit 1). No Scrapy here: the CLI reads this too.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

DROPPED = "nkwatch/dropped/"  # the stats key prefix of every reason


class Reason(StrEnum):
    """A reason a page was not stored. `fault`: lost to the site, the network or the page's
    bytes (the run is partial and the URL stays in the frontier for the next run); otherwise
    left out by design. Answers that outlasted the retries are `http-<status>` (see
    `http_reason`), not members."""

    fault: bool
    meaning: str

    def __new__(cls, value: str, fault: bool, meaning: str) -> Reason:
        member = str.__new__(cls, value)
        member._value_ = value
        member.fault = fault
        member.meaning = meaning
        return member

    # where we may go (crawler/middlewares/destination.py, robotstxt.py)
    BAD_SCHEME = "bad-scheme", False, "not http(s): file:, data:, ftp: links"
    OFFSITE = "offsite", False, "another host than the crawled site's, linked or redirected to"
    PRIVATE_ADDRESS = "private-address", False, "a name resolving to a private/reserved address"
    DNS = "dns", True, "the host name does not resolve"
    ROBOTS_DISALLOWED = "robots-disallowed", False, "robots.txt forbids it"
    ROBOTS_UNREACHABLE = "robots-unreachable", True, "robots.txt answered 5xx/429 or not at all"
    # the network (the retries gave up)
    TIMEOUT = "timeout", True, "no answer within DOWNLOAD_TIMEOUT"
    CONNECTION = "connection", True, "connection refused, reset or lost"
    TRUNCATED = "truncated", True, "the connection closed before the promised length"
    CANCELLED = "cancelled", True, "the download was cancelled"
    DOWNLOAD_ERROR = "download-error", True, "any other download failure"
    IGNORED = "ignored", False, "refused by a Scrapy component for its own reason"
    # redirects (crawler/middlewares/redirect.py)
    REDIRECT_LOOP = "redirect-loop", True, "redirects that come back to a URL of the chain"
    TOO_MANY_REDIRECTS = "too-many-redirects", True, "more than REDIRECT_MAX_TIMES redirects"
    # what came back (crawler/middlewares/nontext.py, encoding.py; the spider)
    TOO_LARGE = "too-large", True, "over DOWNLOAD_MAXSIZE, compressed or not"
    NOT_TEXT = "not-text", True, "binary data, whatever its content type"
    BAD_ENCODING = "bad-encoding", True, "bytes that no encoding reads as Korean or English"
    REPLACEMENT_CHARS = "replacement-chars", True, "undecodable bytes in the article's own text"
    # pages that are not articles (the spider)
    NOT_AN_ARTICLE = "not-an-article", False, "a page that is not a post (a price chart)"
    NO_TITLE_OR_BODY = "no-title-or-body", False, "a post without title or text (layout alarm)"
    OLDER_THAN_SINCE = "older-than-since", False, "published before --since"
    # discovery pages (the spider)
    BAD_FEED = "bad-feed", False, "not RSS, or declaring XML entities (bombs, XXE)"
    FEED_NOT_TEXT = "feed-not-text", False, "a feed answering with binary data"
    BAD_SITEMAP = "bad-sitemap", False, "malformed, or declaring XML entities"
    BAD_REST_PAGE = "bad-rest-page", False, "a REST API page that is not a JSON list"
    BAD_REST_POST = "bad-rest-post", False, "a REST API post not an object, or of wrong types"
    LISTING_NOT_TEXT = "listing-not-text", False, "a listing page answering with binary data"


# HTTP answers that outlasted the retries: the server's fault (5xx), or it limited us (429)
# or gave up waiting (408). Any other status (404, 410) is the page's own answer.
HTTP_FAULTS = frozenset({429, 408})


def http_reason(status: int) -> str:
    """The reason for a page that answered `status` (after any retries): http-<status>."""
    return f"http-{status}"


def is_fault(reason: str) -> bool:
    """Whether a `dropped` reason means a page was lost, not left out by design."""
    try:
        return Reason(reason).fault
    except ValueError:  # http-<status>, or a reason this version does not know
        status = reason.removeprefix("http-")
        return status.isdigit() and (status.startswith("5") or int(status) in HTTP_FAULTS)


def count(stats: Any, reason: str, n: int = 1) -> None:
    """Count a page not stored, under its reason, for the crawl summary."""
    stats.inc_value(DROPPED + reason, n)
