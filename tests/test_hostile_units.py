"""The hostile-web components one by one, without a network: the destination guard (with a
stubbed DNS answer: no private address is ever contacted), robots.txt per status, retry
timing, the encoding decision, the binary guard, failure reasons, and the settings."""

from __future__ import annotations

import asyncio
import random
import sqlite3
from types import SimpleNamespace

import pytest
from scrapy import Request, Spider
from scrapy.http import HtmlResponse, Response, TextResponse, XmlResponse
from scrapy.utils.test import get_crawler
from twisted.internet.defer import Deferred

import crawler.settings as project_settings
from crawler import health
from crawler.middlewares.destination import SafeDestinationMiddleware, blocked_address
from crawler.middlewares.encoding import KoreanEncodingMiddleware
from crawler.middlewares.nontext import NonTextGuardMiddleware, looks_binary
from crawler.middlewares.refusals import Skipped, failure_reason
from crawler.middlewares.retry import BackoffRetryMiddleware, backoff_delay, parse_retry_after
from crawler.middlewares.robotstxt import RobotsTxtRFC9309Middleware
from crawler.middlewares.store_guard import StoreGuard
from crawler.text.encoding import choose_encoding

SETTINGS = {k: getattr(project_settings, k) for k in dir(project_settings) if k.isupper()}
KO = (
    "<html><head><title>혜산 쌀값 급등</title></head><body><p>양강도 혜산시장에서 쌀값이 "
    "크게 올랐다고 소식통이 전했다. 똠방각하</p></body></html>"
)
LONG_EN = "<html><body>" + "<p>Kim’s words on rice in Hyesan’s markets.</p>" * 80 + "</body>"
EN = "<html><head><title>Rice in Hamgyŏng – “prices”</title></head><body><p>Kim’s</p></body>"


def make_crawler(base_url: str = "https://www.dailynk.com", **settings):
    crawler = get_crawler(Spider, {**SETTINGS, **settings})
    host = base_url.split("//", 1)[1].split(":")[0].split("/")[0]
    crawler.spider = SimpleNamespace(allowed_hosts={host}, base_url=base_url, crawler=crawler)
    return crawler


def guard(base_url: str = "https://www.dailynk.com", answers=None, **settings):
    mw = SafeDestinationMiddleware.from_crawler(make_crawler(base_url, **settings))

    async def resolve(host: str) -> list[str]:  # stubbed DNS: no lookup, no connection
        return list((answers or {}).get(host, ["203.0.113.10"]))

    mw.resolve = resolve
    return mw


def refused(mw, request) -> str | None:
    try:
        asyncio.run(mw.process_request(request))
    except Skipped as exc:
        return exc.reason
    return None


# --- where requests may go -------------------------------------------------------------
@pytest.mark.parametrize(
    "address,why",
    [
        ("10.1.2.3", "private"),
        ("172.16.0.1", "private"),
        ("192.168.1.1", "private"),
        ("100.64.0.1", "private"),
        ("169.254.169.254", "link-local"),
        ("fe80::1", "link-local"),
        ("fc00::1", "private"),
        ("::ffff:192.168.0.1", "private"),
        ("64:ff9b::a00:1", "private"),
        ("0.0.0.0", "reserved"),
        ("224.0.0.1", "reserved"),
        ("127.0.0.1", "loopback"),
        ("::1", "loopback"),
        ("203.0.113.10", "private"),  # documentation range: not global either
        ("8.8.8.8", None),
        ("2606:4700::1111", None),
    ],
)
def test_address_check(address, why):
    assert blocked_address(address) == why


def test_loopback_only_when_allowed():
    assert blocked_address("127.0.0.2", allow_loopback=True) is None
    assert blocked_address("10.0.0.1", allow_loopback=True) == "private"


def test_private_answers_are_refused_after_dns():
    mw = guard(answers={"www.dailynk.com": ["10.0.0.7"]})
    assert refused(mw, Request("https://www.dailynk.com/english/x/")) == "private-address"
    mw = guard(answers={"www.dailynk.com": ["169.254.169.254"]})
    assert refused(mw, Request("https://www.dailynk.com/robots.txt")) == "private-address"
    mw = guard(answers={"www.dailynk.com": ["8.8.8.8"]})
    assert refused(mw, Request("https://www.dailynk.com/english/x/")) is None
    assert mw.crawler.stats.get_value("nkwatch/dropped/private-address") is None


def test_unresolvable_hosts_are_refused():
    mw = guard(answers={"www.dailynk.com": []})
    assert refused(mw, Request("https://www.dailynk.com/")) == "dns"


def test_dont_filter_and_allow_offsite_do_not_bypass_the_host_check():
    mw = guard()
    for req in (
        Request("https://evil.example/english/x/", dont_filter=True),
        Request("https://evil.example/english/x/", meta={"allow_offsite": True}),
        Request("https://dailynk.com.evil.example/english/x/"),
        Request("http://169.254.169.254/latest/meta-data/", dont_filter=True),
    ):
        assert refused(mw, req) == "offsite", req
    assert mw.crawler.stats.get_value("nkwatch/dropped/offsite") == 4


def test_only_http_and_https():
    mw = guard()
    for url in ("file:///etc/passwd", "data:text/html,x", "ftp://www.dailynk.com/x"):
        assert refused(mw, Request(url)) == "bad-scheme", url


def test_loopback_follows_the_base_url_unless_set():
    assert refused(guard("http://127.0.0.1:8000"), Request("http://127.0.0.1:8000/")) is None
    mw = guard("http://127.0.0.1:8000", NKWATCH_ALLOW_LOOPBACK=False)
    assert refused(mw, Request("http://127.0.0.1:8000/")) == "private-address"
    # a public site's name answering with loopback is refused
    mw = guard(answers={"www.dailynk.com": ["127.0.0.1"]})
    assert refused(mw, Request("https://www.dailynk.com/")) == "private-address"


def test_settings_close_the_doors():
    assert SETTINGS["TELNETCONSOLE_ENABLED"] is False
    assert all(SETTINGS["DOWNLOAD_HANDLERS"][s] is None for s in ("file", "data", "ftp", "s3"))
    mws = SETTINGS["DOWNLOADER_MIDDLEWARES"]
    for scrapy_mw in ("offsite.OffsiteMiddleware", "robotstxt.RobotsTxtMiddleware"):
        assert mws[f"scrapy.downloadermiddlewares.{scrapy_mw}"] is None
    assert mws["scrapy.downloadermiddlewares.retry.RetryMiddleware"] is None
    assert SETTINGS["ROBOTSTXT_OBEY"] and SETTINGS["DEPTH_LIMIT"] > 0
    # responses pass decompression (590) before the binary guard and the encoding fix
    assert mws["crawler.middlewares.nontext.NonTextGuardMiddleware"] < 590
    assert (
        mws["crawler.middlewares.nontext.NonTextGuardMiddleware"]
        > mws["crawler.middlewares.encoding.KoreanEncodingMiddleware"]
    )


# --- robots.txt ---------------------------------------------------------------------------
def robots_after(status: int | Exception, body: bytes = b"User-agent: *\nDisallow: /x/\n"):
    crawler = make_crawler()
    mw = RobotsTxtRFC9309Middleware.from_crawler(crawler)
    netloc = "www.dailynk.com"
    mw._parsers[netloc] = Deferred()
    if isinstance(status, Exception):
        mw._robots_error(status, netloc)
    else:
        resp = TextResponse("https://www.dailynk.com/robots.txt", status=status, body=body)
        asyncio.run(mw._parse_robots(resp, netloc, Request("https://www.dailynk.com/")))

    def outcome(path: str) -> str | None:
        try:
            mw.process_request_2(mw._parsers[netloc], Request("https://www.dailynk.com" + path))
        except Skipped as exc:
            return exc.reason
        return None

    return outcome


@pytest.mark.parametrize("status", [500, 502, 503, 429])
def test_robots_5xx_and_429_disallow_the_host(status):
    outcome = robots_after(status, b"<html>Service unavailable</html>")
    assert outcome("/english/a/") == "robots-unreachable"
    assert outcome("/") == "robots-unreachable"


@pytest.mark.parametrize("status", [401, 403, 404, 410])
def test_robots_4xx_allows_everything(status):
    outcome = robots_after(status, b"User-agent: *\nDisallow: /\n")  # the body is not rules
    assert outcome("/english/a/") is None


def test_robots_network_errors_disallow_and_redirect_chains_allow():
    assert robots_after(TimeoutError("timed out"))("/a/") == "robots-unreachable"
    assert robots_after(ConnectionRefusedError())("/a/") == "robots-unreachable"
    assert robots_after(Skipped("too-many-redirects"))("/a/") is None


# --- retries ------------------------------------------------------------------------------
def test_retry_after_parsing():
    assert parse_retry_after(b"120") == 120.0
    assert parse_retry_after("Thu, 01 Jan 2037 00:00:30 GMT", now=2114380800.0) == 30.0
    assert parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT") == 0.0  # in the past
    assert parse_retry_after("soon") is None and parse_retry_after(None) is None


def test_backoff_is_exponential_capped_and_never_shorter_than_retry_after():
    rng = random.Random(0)
    delays = [backoff_delay(n, 1.0, 60.0, rng=rng) for n in range(1, 10)]
    for n, d in enumerate(delays, start=1):
        assert min(60.0, 2 ** (n - 1)) <= d <= min(60.0, 1.25 * 2 ** (n - 1))
    assert backoff_delay(1, 1.0, 60.0, retry_after=30) == 30
    assert max(delays) == 60.0


def test_retry_waits_then_gives_up(monkeypatch):
    waits: list[float] = []

    async def fake_sleep(seconds: float) -> None:
        waits.append(seconds)

    monkeypatch.setattr("crawler.middlewares.retry._sleep", fake_sleep)
    mw = BackoffRetryMiddleware.from_crawler(make_crawler())
    req = Request("https://www.dailynk.com/english/a/")
    resp = Response(req.url, status=503, headers={"Retry-After": "7"})
    for _ in range(3):
        req = asyncio.run(mw.process_response(req, resp))
        assert isinstance(req, Request)
    assert asyncio.run(mw.process_response(req, resp)) is resp  # bounded: 3 retries
    assert len(waits) == 3 and all(w >= 7 for w in waits)
    later = Response(req.url, status=429, headers={"Retry-After": "3600"})
    fresh = Request("https://www.dailynk.com/english/b/")
    assert asyncio.run(mw.process_response(fresh, later)) is later  # over the cap: no wait
    assert len(waits) == 3


# --- what comes back ----------------------------------------------------------------------
@pytest.mark.parametrize(
    "body,declared,encoding,note",
    [
        (KO.encode("cp949"), None, "cp949", "cp949-undeclared"),
        (KO.encode("cp949"), "utf-8", "cp949", "cp949-misdeclared"),
        (KO.encode("cp949"), "iso-8859-1", "cp949", "cp949-misdeclared"),
        (KO.replace("똠", "").encode("euc-kr"), "euc-kr", "cp949", ""),
        (KO.encode("cp949"), "ks_c_5601-1987", "cp949", ""),
        (KO.encode(), None, "utf-8", ""),
        (KO.encode(), "euc-kr", "utf-8", "utf-8-misdeclared"),
        (KO.encode().decode("latin-1").encode(), "utf-8", "utf-8", "double-encoded-utf-8"),
        (KO.encode()[:-19], None, "utf-8", "utf-8-cut-tail"),
        (EN.encode(), "utf-8", "utf-8", ""),
        (EN.replace("ŏ", "o").encode("cp1252") * 3, "windows-1252", "cp1252", ""),
        (LONG_EN.encode("cp1252"), "windows-1252", "cp1252", ""),  # not "utf-8, bad bytes"
        (LONG_EN.encode("cp1252"), None, "cp1252", "cp1252-undeclared"),
        (("日本語のテキストです。" * 20).encode("shift_jis"), None, None, "undecodable"),
        (("中文新聞報導內容" * 20).encode("big5"), "big5", None, "undecodable"),
        (bytes(range(128, 256)) * 8, None, None, "undecodable"),
    ],
)
def test_encoding_decision(body, declared, encoding, note):
    got = choose_encoding(body, declared)
    assert (got.encoding, got.note) == (encoding, note)
    if encoding:
        text = got.body.decode(encoding)
        assert "\ufffd" not in text
        if encoding == "cp949" or note == "double-encoded-utf-8":
            assert "혜산 쌀값 급등" in text


def test_the_encoding_middleware_fixes_or_drops():
    crawler = make_crawler()
    mw = KoreanEncodingMiddleware.from_crawler(crawler)
    req = Request("https://www.dailynk.com/20250301-1/")
    resp = HtmlResponse(req.url, body=KO.encode("cp949"), headers={"Content-Type": "text/html"})
    fixed = mw.process_response(req, resp)
    assert "혜산 쌀값 급등" in fixed.text and "똠방각하" in fixed.text
    sjis = HtmlResponse(req.url, body=("日本語です。" * 30).encode("shift_jis"))
    with pytest.raises(Skipped) as exc:
        mw.process_response(req, sjis)
    assert exc.value.reason == "bad-encoding"
    assert crawler.stats.get_value("nkwatch/dropped/bad-encoding") == 1
    error_page = HtmlResponse(req.url, status=503, body=b"\xff\xfe\xfd" * 100)
    assert mw.process_response(req, error_page) is error_page  # retries decide, not us


def test_binary_detection():
    assert looks_binary(b"\x89PNG\r\n\x1a\n....")
    assert looks_binary(b"%PDF-1.7\n")
    assert looks_binary(bytes(range(256)) * 16)
    assert not looks_binary(KO.encode())
    assert not looks_binary(b"<p>NUL \x00 and ESC \x1b[31m in a title</p>" * 50)
    assert not looks_binary("<p>utf-16</p>".encode("utf-16"))


def test_binary_responses_never_reach_a_parser():
    crawler = make_crawler()
    mw = NonTextGuardMiddleware.from_crawler(crawler)
    req = Request("https://www.dailynk.com/english/a/")
    for resp in (
        HtmlResponse(req.url, body=b"\x89PNG\r\n\x1a\n" + bytes(range(256))),
        Response(req.url, body=b"\x00\x01\x02" * 100),
    ):
        with pytest.raises(Skipped):
            mw.process_response(req, resp)
    xml = XmlResponse(req.url, body=b"<?xml version='1.0'?><rss/>")
    assert mw.process_response(req, xml) is xml
    assert crawler.stats.get_value("nkwatch/dropped/not-text") == 2


# --- reasons ------------------------------------------------------------------------------
def test_failure_reasons():
    from scrapy.exceptions import DownloadTimeoutError, IgnoreRequest
    from scrapy.http import Response as R
    from scrapy.spidermiddlewares.httperror import HttpError
    from twisted.internet.error import ConnectionLost, DNSLookupError, TimeoutError

    assert failure_reason(HttpError(R("https://x/", status=503))) == "http-503"
    assert failure_reason(TimeoutError()) == "timeout"
    assert failure_reason(DownloadTimeoutError()) == "timeout"
    assert failure_reason(ConnectionLost()) == "connection"
    assert failure_reason(DNSLookupError()) == "dns"
    assert failure_reason(IgnoreRequest("Forbidden by robots.txt")) == "robots-disallowed"
    assert failure_reason(IgnoreRequest("... exceeded DOWNLOAD_MAXSIZE (8 B)")) == "too-large"
    assert failure_reason(Skipped("redirect-loop", "a -> b -> a")) == "redirect-loop"


def test_health_tells_faults_from_design():
    for reason in ("http-500", "http-503", "http-429", "timeout", "bad-encoding", "not-text"):
        assert health.is_fault(reason), reason
    for reason in ("http-404", "http-410", "offsite", "robots-disallowed", "not-an-article"):
        assert not health.is_fault(reason), reason
    summary = health.summarize({"nkwatch/dropped/timeout": 2, "nkwatch/dropped/http-404": 1})
    assert summary["lost"] == {"timeout": 2} and summary["errors"] == 2


def test_store_failures_are_recognised():
    from crawler.store import StoreError

    assert StoreGuard.is_store_failure(sqlite3.OperationalError("database or disk is full"))
    assert StoreGuard.is_store_failure(StoreError("cannot open"))
    assert StoreGuard.is_store_failure(OSError(28, "No space left on device"))
    assert not StoreGuard.is_store_failure(ValueError("a bug"))


def test_a_lang_attribute_that_disagrees_with_the_text_does_not_lose_the_page():
    from crawler.items import Article
    from crawler.pipelines import LanguagePipeline

    pipe = LanguagePipeline.from_crawler(make_crawler())
    item = Article(
        url="https://www.dailynk.com/english/x/",
        html_lang="en-US",
        title="혜산 쌀값",
        body=["양강도 혜산시장에서 쌀값이 크게 올랐다."],
    )
    assert pipe.process_item(item).lang == "ko"


def test_every_reason_says_what_it_means_and_faults_alone_are_lost():
    from crawler.reasons import DROPPED, Reason

    assert all(r.meaning for r in Reason)
    summary = health.summarize({DROPPED + r: 1 for r in Reason})
    assert summary["dropped"] == {r.value: 1 for r in Reason}
    assert summary["lost"] == {r.value: 1 for r in Reason if r.fault}
    assert {"timeout", "bad-encoding", "robots-unreachable"} <= set(summary["lost"])
    assert not {"offsite", "not-an-article", "bad-feed"} & set(summary["lost"])
