"""The hostile web: downloader middlewares (and one extension) that decide, per request and
per response, what is fetched and what is kept; every refusal is counted with a reason.

Registered in crawler/settings.py (see "hostile web" there). From the engine to the network:

  SafeDestinationMiddleware   only the spider's own hosts, never a private/link-local address
  RobotsTxtRFC9309Middleware  robots.txt: 2xx parse, 4xx allow all, 5xx/429/unreachable disallow
  BackoffRetryMiddleware      exponential backoff with jitter, Retry-After honoured up to a cap
  LoopAware*RedirectMiddleware  redirect loops and over-long chains dropped with a reason
  NonTextGuardMiddleware      binary bodies (behind any content type) never reach a parser
  KoreanEncodingMiddleware    UTF-8, else CP949 when the Hangul says so, else dropped (mojibake)
  StoreGuard (extension)      a store that cannot be written (disk full, read-only) stops the crawl

Reasons land in the stats as `nkwatch/dropped/<reason>`; crawler/health.py turns them into the
crawl summary and tells which of them make a crawl partial.
"""

from __future__ import annotations

import asyncio
import codecs
import email.utils
import errno
import ipaddress
import logging
import random
import re
import sqlite3
import time
from typing import Any, NamedTuple

from scrapy import signals
from scrapy.downloadermiddlewares.redirect import MetaRefreshMiddleware, RedirectMiddleware
from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.downloadermiddlewares.robotstxt import RobotsTxtMiddleware
from scrapy.exceptions import IgnoreRequest, NotConfigured
from scrapy.http import HtmlResponse, Request, Response, TextResponse
from scrapy.utils.httpobj import urlparse_cached
from scrapy.utils.misc import build_from_crawler
from scrapy.utils.response import response_status_message
from w3lib.encoding import html_body_declared_encoding, http_content_type_encoding, read_bom

from crawler import urls
from crawler.text import hangul

logger = logging.getLogger(__name__)

DROPPED = "nkwatch/dropped/"


class Skipped(IgnoreRequest):
    """A request or response refused on purpose; `reason` is the summary's key. Already
    counted where it was raised, so the spider's errback does not count it again."""

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason


def _drop(crawler: Any, reason: str, detail: str, level: int = logging.WARNING) -> Skipped:
    crawler.stats.inc_value(DROPPED + reason)
    logger.log(level, "not fetched (%s): %s", reason, detail)
    return Skipped(reason, detail)


def failure_reason(exc: BaseException) -> str:
    """A short reason for a request that produced no page, for the crawl summary."""
    from scrapy.spidermiddlewares.httperror import HttpError

    if isinstance(exc, Skipped):
        return exc.reason
    if isinstance(exc, HttpError):
        return f"http-{exc.response.status}"
    msg = str(exc)
    if isinstance(exc, IgnoreRequest):
        if "DOWNLOAD_MAXSIZE" in msg or "max size" in msg:
            return "too-large"
        if "robots.txt" in msg:
            return "robots-disallowed"
        if "max redirections" in msg:
            return "too-many-redirects"
        if "offsite" in msg.lower():
            return "offsite"
        return "ignored"
    name = type(exc).__name__
    if "Timeout" in name or "TimedOut" in name:
        return "timeout"
    if "DataLoss" in name or "_DataLoss" in msg:
        return "truncated"
    if "DNS" in name or "Resolve" in name:
        return "dns"
    if "Cancel" in name:
        return "too-large" if "max size" in msg else "cancelled"
    if "Connection" in name or "ResponseFailed" in name or "ResponseNeverReceived" in name:
        return "connection"
    return "download-error"


# --- where we may go --------------------------------------------------------------------
def blocked_address(address: str, allow_loopback: bool = False) -> str | None:
    """Why an IP address must not be contacted (None: it may). Embedded IPv4 (mapped,
    6to4, NAT64) is judged as IPv4."""
    try:
        ip: Any = ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError:
        return "not an IP address"
    if ip.version == 6:
        if ip.ipv4_mapped:
            ip = ip.ipv4_mapped
        elif ip.sixtofour:
            ip = ip.sixtofour
        elif ip in ipaddress.ip_network("64:ff9b::/96"):
            ip = ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    if ip.is_loopback:
        return None if allow_loopback else "loopback"
    if ip.is_link_local:
        return "link-local"
    if ip.is_unspecified or ip.is_multicast or ip.is_reserved:
        return "reserved"
    if ip.is_private or not ip.is_global:
        return "private"
    return None


class SafeDestinationMiddleware:
    """Only http(s) to the spider's own hosts, and never to a private, link-local or reserved
    address after DNS resolution, whatever `dont_filter` or `allow_offsite` say.

    Replaces Scrapy's OffsiteMiddleware (which both of those bypass, and which drops
    redirects off-site without a trace). Loopback is allowed only when NKWATCH_ALLOW_LOOPBACK
    is true, or left at None and the crawl's own base URL is on loopback (the sample site,
    the tests). The resolved address goes through Scrapy's DNS cache, so the connection uses
    the answer that was checked.
    """

    def __init__(self, crawler: Any) -> None:
        self.crawler = crawler
        self.allow_loopback_setting = crawler.settings.get("NKWATCH_ALLOW_LOOPBACK")
        self._answers: dict[str, list[str]] = {}

    @classmethod
    def from_crawler(cls, crawler: Any) -> SafeDestinationMiddleware:
        return cls(crawler)

    def allow_loopback(self) -> bool:
        value = self.allow_loopback_setting
        if value is None or str(value).lower() == "auto":
            base = getattr(self.crawler.spider, "base_url", "") or ""
            return urls.is_loopback_host(urls.host_of(base))
        return str(value).lower() in ("1", "true", "yes", "on")

    def allowed_host(self, host: str) -> bool:
        spider = self.crawler.spider
        hosts = getattr(spider, "allowed_hosts", None)
        if hosts:
            return host in hosts
        domains = getattr(spider, "allowed_domains", None)
        if not domains:
            return True
        return any(host == d or host.endswith("." + d) for d in domains)

    async def resolve(self, host: str) -> list[str]:
        """IPv4 answers for host through the reactor's (caching) resolver; [] if none."""
        from scrapy.utils.defer import maybe_deferred_to_future
        from twisted.internet import reactor

        try:
            return [await maybe_deferred_to_future(reactor.resolve(host))]  # type: ignore[attr-defined]
        except Exception:
            return []

    async def process_request(self, request: Request, spider: Any = None) -> None:
        parts = urlparse_cached(request)
        if parts.scheme not in ("http", "https"):
            raise _drop(self.crawler, "bad-scheme", request.url, logging.INFO)
        host = (parts.hostname or "").lower().rstrip(".")
        if not host or not self.allowed_host(host):
            raise _drop(self.crawler, "offsite", request.url, logging.INFO)
        try:
            ipaddress.ip_address(host)
            addresses = [host]
        except ValueError:
            if host not in self._answers:
                self._answers[host] = await self.resolve(host)
            addresses = self._answers[host]
            if not addresses:
                raise _drop(
                    self.crawler, "dns", f"{request.url}: {host} does not resolve"
                ) from None
        allow = self.allow_loopback()
        for address in addresses:
            why = blocked_address(address, allow)
            if why:
                detail = f"{request.url}: {host} is {address} ({why})"
                raise _drop(self.crawler, "private-address", detail)
        return None


# --- robots.txt -------------------------------------------------------------------------
_DISALLOW_ALL = b"User-agent: *\nDisallow: /\n"


class RobotsTxtRFC9309Middleware(RobotsTxtMiddleware):
    """robots.txt as RFC 9309 says: 2xx is parsed; 4xx (robots.txt "unavailable") allows
    everything; 5xx, 429 and network errors or timeouts (robots.txt "unreachable") disallow the
    whole host for the rest of the run. Scrapy's own middleware parses a 5xx error page as
    rules, which allows everything."""

    def __init__(self, crawler: Any) -> None:
        super().__init__(crawler)
        self._unreachable: dict[str, str] = {}

    def _settle(self, netloc: str, body: bytes | None) -> None:
        parser = None if body is None else build_from_crawler(self._parserimpl, self.crawler, body)
        pending = self._parsers[netloc]
        self._parsers[netloc] = parser
        if hasattr(pending, "callback"):
            pending.callback(parser)

    def _mark_unreachable(self, netloc: str, why: str) -> None:
        self._unreachable[netloc] = why
        self._stats.inc_value("nkwatch/robots/unreachable")
        logger.warning(
            "robots.txt of %s is unreachable (%s): nothing on that host is fetched this run",
            netloc,
            why,
        )
        self._settle(netloc, _DISALLOW_ALL)

    async def _parse_robots(self, response: Response, netloc: str, request: Request) -> None:
        status = response.status
        if 200 <= status < 300:
            await super()._parse_robots(response, netloc, request)
            return
        self._stats.inc_value("robotstxt/response_count")
        self._stats.inc_value(f"robotstxt/response_status_count/{status}")
        if status >= 500 or status == 429:
            self._mark_unreachable(netloc, f"HTTP {status}")
        else:  # 4xx, or a redirect left unfollowed: "unavailable", crawl as if no rules
            self._settle(netloc, None)

    def _robots_error(self, exc: Exception, netloc: str) -> None:
        if isinstance(exc, Skipped) and exc.reason in ("too-many-redirects", "redirect-loop"):
            self._settle(netloc, None)  # RFC 9309: past five redirects, "unavailable"
            return
        self._mark_unreachable(netloc, failure_reason(exc))

    def process_request_2(self, rp: Any, request: Request) -> None:
        netloc = urlparse_cached(request).netloc
        if netloc in self._unreachable:
            raise _drop(self.crawler, "robots-unreachable", request.url, logging.INFO)
        try:
            super().process_request_2(rp, request)
        except IgnoreRequest:
            raise _drop(self.crawler, "robots-disallowed", request.url, logging.INFO) from None


# --- retries ----------------------------------------------------------------------------
def parse_retry_after(value: bytes | str | None, now: float | None = None) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or an HTTP date)."""
    if not value:
        return None
    text = value.decode("latin-1") if isinstance(value, bytes) else value
    text = text.strip()
    if text.isdigit():
        return float(text)
    try:
        when = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if when is None or when.tzinfo is None:
        return None
    return max(0.0, when.timestamp() - (time.time() if now is None else now))


def backoff_delay(
    attempt: int,
    base: float,
    cap: float,
    retry_after: float | None = None,
    jitter: float = 0.25,
    rng: random.Random | None = None,
) -> float:
    """base * 2**(attempt-1), up to cap, stretched by up to `jitter`; never shorter than
    Retry-After."""
    exp = base * 2 ** max(0, attempt - 1)
    delay = min(cap, exp * (1 + (rng or random).uniform(0, jitter)))
    return delay if retry_after is None else max(delay, retry_after)


async def _sleep(seconds: float) -> None:
    if seconds <= 0:
        return
    try:
        asyncio.get_running_loop()
    except RuntimeError:  # a non-asyncio reactor: wait on Twisted's clock
        from scrapy.utils.defer import maybe_deferred_to_future
        from twisted.internet import reactor, task

        await maybe_deferred_to_future(task.deferLater(reactor, seconds, lambda: None))
        return
    await asyncio.sleep(seconds)


class BackoffRetryMiddleware(RetryMiddleware):
    """Scrapy's retries (RETRY_TIMES, RETRY_HTTP_CODES, RETRY_EXCEPTIONS) with a wait before
    each: NKWATCH_RETRY_BACKOFF * 2**(n-1) seconds plus jitter, at least Retry-After, at most
    NKWATCH_RETRY_MAX_DELAY. A Retry-After longer than that cap is not waited for: the page is
    given up (counted) rather than fetched early. robots.txt gets NKWATCH_ROBOTS_RETRY_TIMES."""

    def __init__(self, settings: Any) -> None:
        super().__init__(settings)
        self.base = settings.getfloat("NKWATCH_RETRY_BACKOFF", 1.0)
        self.cap = settings.getfloat("NKWATCH_RETRY_MAX_DELAY", 60.0)
        self.robots_times = settings.getint("NKWATCH_ROBOTS_RETRY_TIMES", 1)

    def _limit(self, request: Request) -> None:
        if request.meta.get("dont_obey_robotstxt") and request.url.endswith("/robots.txt"):
            request.meta.setdefault("max_retry_times", self.robots_times)

    async def process_response(  # type: ignore[override]
        self, request: Request, response: Response, spider: Any = None
    ) -> Request | Response:
        if request.meta.get("dont_retry") or response.status not in self.retry_http_codes:
            return response
        wait = parse_retry_after(response.headers.get(b"Retry-After"))
        if wait is not None and wait > self.cap:
            self.crawler.stats.inc_value("nkwatch/retry/retry-after-over-cap")
            logger.warning(
                "not retrying %s: Retry-After %.0f s is over NKWATCH_RETRY_MAX_DELAY (%.0f s)",
                request.url,
                wait,
                self.cap,
            )
            return response
        self._limit(request)
        retry = self._retry(request, response_status_message(response.status))
        if retry is None:
            return response
        delay = backoff_delay(retry.meta["retry_times"], self.base, self.cap, wait)
        self.crawler.stats.inc_value("nkwatch/retry/waited_ms", int(delay * 1000))
        await _sleep(delay)
        return retry

    async def process_exception(  # type: ignore[override]
        self, request: Request, exception: Exception, spider: Any = None
    ) -> Request | Response | None:
        self._limit(request)
        retry = super().process_exception(request, exception)
        if isinstance(retry, Request):
            delay = backoff_delay(retry.meta["retry_times"], self.base, self.cap)
            self.crawler.stats.inc_value("nkwatch/retry/waited_ms", int(delay * 1000))
            await _sleep(delay)
        return retry


# --- redirects --------------------------------------------------------------------------
class _LoopAware:
    crawler: Any

    def _check(self, request: Request, result: Request | Response) -> Request | Response:
        if isinstance(result, Request):
            seen = result.meta.get("redirect_urls", [])  # request.url is the last of them
            if result.url in seen:
                chain = " -> ".join([*seen, result.url])
                raise _drop(self.crawler, "redirect-loop", chain)
        return result

    def process_response(
        self, request: Request, response: Response, spider: Any = None
    ) -> Request | Response:
        try:
            result = super().process_response(request, response)  # type: ignore[misc]
        except Skipped:
            raise
        except IgnoreRequest as exc:  # "max redirections reached"
            detail = f"{request.url} ({exc})"
            raise _drop(self.crawler, "too-many-redirects", detail) from None
        return self._check(request, result)


class LoopAwareRedirectMiddleware(_LoopAware, RedirectMiddleware):
    """3xx redirects; a loop or a chain past REDIRECT_MAX_TIMES is dropped with a reason
    (Scrapy drops loops silently through its duplicate filter)."""


class LoopAwareMetaRefreshMiddleware(_LoopAware, MetaRefreshMiddleware):
    """<meta http-equiv=refresh> redirects, with the same loop check."""


# --- what comes back --------------------------------------------------------------------
_MAGIC = (
    b"\x89PNG",
    b"GIF8",
    b"\xff\xd8\xff",
    b"%PDF",
    b"PK\x03\x04",
    b"\x1f\x8b",
    b"BZh",
    b"7z\xbc\xaf",
    b"\x7fELF",
    b"\x00asm",
    b"OggS",
    b"ID3",
    b"RIFF",
    b"\x28\xb5\x2f\xfd",  # zstd
    b"\xfd7zXZ",
)
_CONTROL_BYTES = frozenset(set(range(0x00, 0x09)) | {0x0B} | set(range(0x0E, 0x1B)) | {0x1C, 0x1D})


def looks_binary(body: bytes, sample: int = 4096) -> bool:
    """A known binary signature, or a start with many control bytes. A page with a few NULs
    or escape codes in its text is still text (it is stored; the CLI neutralises them)."""
    head = body[:sample]
    if not head or head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return False
    if head.lstrip().startswith(_MAGIC):
        return True
    controls = sum(1 for b in head if b in _CONTROL_BYTES)
    return controls / len(head) > 0.05


class NonTextGuardMiddleware:
    """A successful response that is not text (an image, an archive, random bytes served as
    text/html) is dropped here with the reason "not-text", before any parser sees it."""

    def __init__(self, crawler: Any) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Any) -> NonTextGuardMiddleware:
        return cls(crawler)

    def process_response(
        self, request: Request, response: Response, spider: Any = None
    ) -> Response:
        if not 200 <= response.status < 300 or request.meta.get("dont_obey_robotstxt"):
            return response
        if not isinstance(response, TextResponse) or looks_binary(response.body):
            ctype = response.headers.get(b"Content-Type", b"").decode("latin-1")
            raise _drop(self.crawler, "not-text", f"{response.url} ({ctype or 'no type'})")
        return response


KOREAN_CODECS = {"cp949", "euc_kr", "johab", "iso2022_kr"}
KO_SHARE = 0.5  # share of non-ASCII letters that must be Hangul to accept a CP949 reading
MAX_BAD = 16  # undecodable bytes tolerated (a stray byte in a sidebar), as U+FFFD


class Decoding(NamedTuple):
    encoding: str | None  # None: no reading is sound; the page would be mojibake
    body: bytes  # the body to use (a cut multi-byte tail or a double encoding undone)
    note: str  # what was decided, for the stats ("" when the declaration was right)


_NON_ASCII = re.compile(r"[^\x00-\x7f]")
_HANGUL = re.compile(f"[{hangul.ANY_HANGUL}]")


def korean_share(text: str) -> float:
    """Hangul share of the non-ASCII letters (markup and English do not dilute it)."""
    letters = [ch for ch in _NON_ASCII.findall(text) if ch.isalpha()]
    if not letters:
        return 0.0
    return len(_HANGUL.findall("".join(letters))) / len(letters)


# The commonest syllables of Korean prose: real text is full of them, while other CJK
# encodings read as CP949 give Hangul syllables at random (about 3 % of them from this set).
_COMMON = set(
    "이다의는에을를하고가지기사한로도있서대리자어나정인수시들해으적국게제전일조상아보것부"
    "주면거장라경동내원소만관했성요신우화과공여문마비연와세중북등물계위데방할되말업무안단개통후"
    "었습니까며던된러또그때람생간년월당민선실체결"
)


def looks_korean(text: str) -> bool:
    """Mostly Hangul among the non-ASCII letters, and, given enough of it, the syllables of
    real Korean rather than random ones (Big5 or GBK bytes read as CP949)."""
    if korean_share(text) < KO_SHARE:
        return False
    syllables = [ch for ch in _HANGUL.findall(text) if hangul.is_syllable(ch)]
    if len(syllables) < 30:
        return True
    return sum(ch in _COMMON for ch in syllables) / len(syllables) >= 0.15


def _codec(name: str | None) -> str | None:
    try:
        return codecs.lookup(name).name if name else None
    except LookupError:
        return None


def _strict(body: bytes, encoding: str) -> str | None:
    try:
        return body.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None


def _cut_utf8_tail(body: bytes) -> bytes:
    """Drop a multi-byte sequence cut off by the end of the body (a truncated page)."""
    for n in (1, 2, 3):
        if len(body) < n or body[-n] < 0x80:
            return body
        if body[-n] >= 0xC0:  # the lead byte: is its sequence complete?
            need = 2 if body[-n] < 0xE0 else 3 if body[-n] < 0xF0 else 4
            return body[:-n] if need > n else body
    return body


_CP1252 = {ch: i for i in range(0x80, 0xA0) if (ch := bytes([i]).decode("cp1252", "ignore"))}
# A Hangul syllable's UTF-8 lead byte (EA-ED) read as CP1252, then two continuation bytes.
_DOUBLE_HINT = re.compile("[\u00ea-\u00ed][\u0080-\u00bf" + "".join(_CP1252) + "]{2}")


def _undo_double_utf8(text: str) -> bytes | None:
    """UTF-8 that was read as CP1252/Latin-1 and written out as UTF-8 again ("ì•ˆë…•"):
    the original bytes, if every character maps back and they are Korean UTF-8."""
    if len(_DOUBLE_HINT.findall(text)) < 4:
        return None
    out = bytearray()
    for ch in text:
        o = ord(ch)
        if o < 0x100:
            out.append(o)
        elif ch in _CP1252:
            out.append(_CP1252[ch])
        else:
            return None
    fixed = _strict(bytes(out), "utf-8")
    return bytes(out) if fixed is not None and looks_korean(fixed) else None


def _mostly_ascii(text: str, share: float) -> bool:
    return korean_share(text) == 0 and len(_NON_ASCII.findall(text)) <= share * len(text)


def choose_encoding(body: bytes, declared: str | None) -> Decoding:
    """How to read an HTML body. Daily NK sends UTF-8, and its older Korean pages EUC-KR/CP949,
    declared or not and sometimes declared wrongly; nothing else. So: valid UTF-8 is UTF-8;
    else CP949 if its reading is real Korean; else a declared Western encoding for mostly-ASCII
    text; else UTF-8 or CP949 with a few bad bytes (shown as U+FFFD; the spider drops an
    article whose own text has one); else undeclared cp1252 for nearly-ASCII text; else None:
    every reading would be mojibake."""
    declared_codec = _codec(declared)
    bom = read_bom(body)[0]
    if bom:  # a byte-order mark outranks every declaration (as in browsers and Scrapy)
        return Decoding(_codec(bom), body, "")
    if body.isascii():
        return Decoding(declared_codec or "utf-8", body, "")
    cut = _cut_utf8_tail(body)
    text = _strict(cut, "utf-8")
    if text is not None:
        note = "" if declared_codec in (None, "utf-8") else "utf-8-misdeclared"
        if cut != body:
            note = "utf-8-cut-tail"
        if korean_share(text) < KO_SHARE and (orig := _undo_double_utf8(text)) is not None:
            return Decoding("utf-8", orig, "double-encoded-utf-8")
        return Decoding("utf-8", cut, note)
    ko = _strict(body, "cp949")
    if ko is not None and looks_korean(ko):
        note = (
            ""
            if declared_codec in KOREAN_CODECS
            else f"cp949-{'mis' if declared else 'un'}declared"
        )
        return Decoding("cp949", body, note)
    # A Western page, declared so (or, undeclared, as cp1252): only mostly-ASCII text.
    other = declared_codec if declared_codec not in KOREAN_CODECS | {"utf-8", None} else None
    western = _strict(body, other) if other else None
    if western is not None and _mostly_ascii(western, 0.1):
        return Decoding(other, body, "")
    for enc, need_korean in (("utf-8", False), ("cp949", True)):
        lenient = body.decode(enc, errors="replace")
        bad = lenient.count("\ufffd")
        few = bad <= MAX_BAD and bad <= 0.01 * len(lenient)
        if few and (not need_korean or looks_korean(lenient)):
            return Decoding(enc, body, f"{enc}-bad-bytes")
    western = None if other else _strict(body, "cp1252")
    if western is not None and _mostly_ascii(western, 0.05):
        return Decoding("cp1252", body, "cp1252-undeclared")
    return Decoding(None, body, "undecodable")


class KoreanEncodingMiddleware:
    """Reads every HTML page as what Daily NK is known to send (see choose_encoding), and
    drops, with the reason "bad-encoding", a page that no sound reading exists for, instead
    of storing mojibake. Scrapy's fallback decodes undeclared EUC-KR as cp1252 or big5hkscs
    without a single U+FFFD."""

    def __init__(self, crawler: Any) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Any) -> KoreanEncodingMiddleware:
        return cls(crawler)

    def process_response(
        self, request: Request, response: Response, spider: Any = None
    ) -> Response:
        if not isinstance(response, HtmlResponse) or not 200 <= response.status < 300:
            return response
        ctype = response.headers.get(b"Content-Type", b"").decode("latin-1")
        declared = http_content_type_encoding(ctype) or html_body_declared_encoding(response.body)
        decision = choose_encoding(response.body, declared)
        if decision.encoding is None:
            raise _drop(self.crawler, "bad-encoding", f"{response.url}: neither UTF-8 nor Korean")
        if decision.note:
            self.crawler.stats.inc_value(f"nkwatch/encoding/{decision.note}")
            logger.info("encoding of %s: %s", response.url, decision.note)
        if decision.body is response.body and decision.encoding == _codec(response.encoding):
            return response
        return response.replace(body=decision.body, encoding=decision.encoding)


# --- the store --------------------------------------------------------------------------
_STORE_ERRNOS = {errno.ENOSPC, errno.EROFS, errno.EDQUOT, errno.EFBIG, errno.EACCES, errno.EPERM}


class StoreGuard:
    """An item that cannot be written because the store cannot be (disk full, read-only data
    directory, quota) stops the crawl at once with one clear error, instead of fetching on
    and failing every item. SQLite's transactions keep the store as it was before that item."""

    def __init__(self, crawler: Any) -> None:
        self.crawler = crawler
        self.stopped = False

    @classmethod
    def from_crawler(cls, crawler: Any) -> StoreGuard:
        if not crawler.settings.getbool("NKWATCH_STORE_GUARD", True):
            raise NotConfigured
        guard = cls(crawler)
        crawler.signals.connect(guard.item_error, signal=signals.item_error)
        return guard

    @staticmethod
    def is_store_failure(exc: BaseException) -> bool:
        from crawler.store import StoreError

        if isinstance(exc, StoreError | sqlite3.OperationalError | sqlite3.DatabaseError):
            return True
        return isinstance(exc, OSError) and exc.errno in _STORE_ERRNOS

    def item_error(self, item: Any, response: Any, spider: Any, failure: Any) -> None:
        if self.stopped or not self.is_store_failure(failure.value):
            return
        self.stopped = True
        stop_for_store_failure(self.crawler, failure.value)


def stop_for_store_failure(crawler: Any, exc: BaseException) -> None:
    """Record the failure for the summary, say it once, and close the spider."""
    if crawler.stats.get_value("nkwatch/store_error"):
        return
    crawler.stats.set_value("nkwatch/store_error", str(exc))
    data_dir = crawler.settings.get("NKWATCH_DATA_DIR") or "the data directory"
    logger.error(
        "cannot write the store in %s: %s (disk full or read-only?); stopping the crawl. "
        "Everything stored before this is intact: free space or fix permissions, then run "
        "the crawl again",
        data_dir,
        exc,
    )
    from scrapy.utils.defer import deferred_from_coro

    deferred_from_coro(crawler.engine.close_spider_async(reason="store-unwritable"))
