"""Crawls of hostile sites (tests/hostile/server.py), all run at once in one fixture.

The mix: `nkwatch crawl` of a site on 127.0.0.1 where most pages misbehave. Every page is
stored right or skipped with a reason in the summary, the crawl finishes, and its exit code
says it was partial. "Another site" is 127.0.0.2; it must never be contacted.
Then robots.txt per RFC 9309 (2xx parse, 4xx allow, 5xx/timeout disallow the host for the
run), timeouts and crawler traps, each case a site on its own loopback host."""

from __future__ import annotations

import contextlib

import pytest

from tests.conftest import jsonl, nkwatch
from tests.hostile import finish, start
from tests.hostile.server import (
    HostileServer,
    Site,
    article,
    bomb,
    feed,
    hang,
    listing,
    ok,
    redirect,
    reset,
    robots,
    slow,
    status,
    truncated,
)

KO_TITLE = "혜산 쌀값 급등, 똠방각하 시장 동향"  # 똠 exists in CP949 only, not in EUC-KR
EVIL_TITLE = "Rice \x1b[31mRED\x1b[0m \x1b]8;;http://x\x07link\x1b]8;;\x07 \x9b2J \x00end"
BOMB_DTD = (
    '<!DOCTYPE rss [<!ENTITY a "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa">'
    + "".join(
        f'<!ENTITY {b} "{("&" + a + ";") * 10}">'
        for a, b in zip("abcdefgh", "bcdefghi", strict=True)
    )
    + ']><rss version="2.0"><channel><item><title>&i;</title>'
    "<link>{link}</link></item></channel></rss>"
)


def ko_page(title: str = KO_TITLE, **kw) -> str:
    return article(title, lang="ko", **kw)


@pytest.fixture(scope="module")
def elsewhere():
    with HostileServer("127.0.0.2") as server:
        server.route("/english/elsewhere/", ok(article("Elsewhere")))
        yield server


def build_mix(server: HostileServer, elsewhere: HostileServer) -> None:
    """A site where most pages misbehave (crawled through `nkwatch crawl`)."""
    site = Site(server)
    url = server.url
    other = elsewhere.url
    # stored, whatever the bytes or the network did
    site.add(
        "/english/plain-good/",
        ok(article("Plain good", pair=other("/20250301-9/"))),  # an off-site original
    )
    site.add(
        "/20250301-1/",
        ok(ko_page(meta_charset=None).encode("cp949"), "text/html"),  # no charset at all
    )
    site.add(
        "/20250301-2/",
        ok(ko_page(meta_charset="euc-kr").encode("cp949"), "text/html"),  # meta only
    )
    site.add(
        "/20250301-3/",
        ok(ko_page(meta_charset=None).encode("cp949"), "text/html; charset=utf-8"),
    )
    double = ko_page().encode("utf-8").decode("latin-1").encode("utf-8")
    site.add("/20250301-4/", ok(double))  # UTF-8 read as Latin-1 and saved as UTF-8
    site.add("/english/flaky-503/", status(503), status(503), ok(article("Flaky 503")))
    site.add("/english/limited-429/", status(429, retry_after=2), ok(article("Limited")))
    site.add("/english/reset-once/", reset(), ok(article("Reset once")))
    site.add("/english/slow-ok/", slow(1.0, ok(article("Slow but fine"))))
    site.add("/english/moved/", redirect(url("/english/moved-here/"), 301))
    server.route("/english/moved-here/", ok(article("Moved here")))
    site.add(
        "/english/hostile-text/",
        ok(article(EVIL_TITLE, [f"Rice prices {EVIL_TITLE} rose again in Hyesan."])),
    )
    full = article("Cut short", ["A whole paragraph. " * 5, "A “cut” one"]).encode()
    cut = full[: full.index("“cut".encode()) + 2]  # mid-character, mid-document
    site.add("/english/truncated-html/", ok(cut))
    deep = "<div>" * 5000 + "sidebar" + "</div>" * 5000
    site.add(
        "/english/deep-nesting/",
        ok(article("Deep nesting", head="").replace("<body>", f"<body>{deep}")),
    )
    stray = article("Stray byte").encode().replace(b"<body>", b"<body><div>\xff\xfe</div>")
    site.add("/english/stray-byte-sidebar/", ok(stray))
    # skipped, each with its reason
    site.add("/english/gone-404/", status(404))
    site.add("/english/gone-410/", status(410))
    site.add("/english/down-500/", status(500))
    site.add("/english/binary/", ok(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 64))
    sjis = article("日本語のページ", ["これは日本語の記事です。" * 20], meta_charset=None)
    site.add("/english/mojibake/", ok(sjis.encode("shift_jis"), "text/html"))
    bad = article("Bad XXbytes title").encode().replace(b"XX", b"\xff\xfe\xfd")
    site.add("/english/invalid-utf8/", ok(bad))
    site.add("/english/loop-a/", redirect(url("/english/loop-b/")))
    server.route("/english/loop-b/", redirect(url("/english/loop-a/")))
    site.add("/english/chain-0/", redirect(url("/english/chain-1/")))
    for n in range(1, 12):
        server.route(f"/english/chain-{n}/", redirect(url(f"/english/chain-{n + 1}/")))
    site.add("/english/offsite-redirect/", redirect(other("/english/elsewhere/")))
    site.add("/english/gzip-bomb/", bomb("gzip"))
    site.add("/english/brotli-bomb/", bomb("br"))
    site.add("/english/oversized/", ok(article("Huge", ["word " * 2_000_000])))
    site.add("/english/truncated-conn/", truncated(article("Never complete")))
    site.add("/english/private-page/", ok(article("Private")))
    site.add("/english/chain-trap/", ok(article("Trap", pair=url("/english/trap-next/"))))
    server.route("/english/trap-next/", ok(article("Trap next")))
    # discovery pages that are hostile themselves
    server.route(
        "/english/category/news/",
        ok(
            listing(
                [url(p) for p in site.en]
                + [
                    "file:///etc/passwd",
                    "data:text/html,<p>x</p>",
                    "http://[bad",
                    "http://127.0.0.1:99999/english/p/",
                ]
                + [other("/english/elsewhere/"), "http://10.0.0.1/english/inside/"]
            )
        ),
    )
    rss = "application/rss+xml; charset=UTF-8"
    xxe = (
        f'<!DOCTYPE rss [<!ENTITY x SYSTEM "{other("/xxe")}">'
        '<!ENTITY f SYSTEM "file:///etc/hostname">]>'
    )
    site.publish(
        robots_txt=ok(robots("/english/private-", sitemap=url("/sitemap.xml")), "text/plain"),
        en_feed=ok(BOMB_DTD.replace("{link}", url("/english/plain-good/")), rss),
        ko_feed=ok(feed([url("/20250301-1/"), "&x;", "&f;"], head=xxe), rss),
    )
    sitemap = (
        BOMB_DTD.split("]>")[0].replace("DOCTYPE rss", "DOCTYPE urlset")
        + ']><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        f"<url><loc>&i;</loc></url><url><loc>{url('/english/plain-good/')}</loc></url>"
        "</urlset>"
    )
    server.route("/sitemap.xml", ok(sitemap, "application/xml"))


FAST = {"DOWNLOAD_TIMEOUT": 1, "NKWATCH_RETRY_BACKOFF": 0.2, "RETRY_TIMES": 2}


def _endless(server: HostileServer, base: str, fresh: bool):
    """A listing whose every page links to a next one: new articles on each page (endless
    pagination) or the same ones under an ever-changing date (a calendar trap)."""

    def reply(h) -> None:
        n = int(h.path.rsplit("=", 1)[1]) if "=" in h.path else 1
        links = [server.url(f"/english/item-{n if fresh else 0}-{i}/") for i in range(3)]
        ok(listing(links, next_href=f"{base}?page={n + 1}"))(h)

    return reply


def robots_4xx(server: HostileServer) -> dict:
    site = Site(server)
    site.add("/english/one/", ok(article("One")))
    site.add("/20250301-1/", ok(article("하나", lang="ko")))
    site.add("/english/hangs/", hang(5))
    site.add("/english/hangs-once/", hang(5), ok(article("Hangs once")))
    site.publish(robots_txt=status(404))
    return {"settings": FAST}


def robots_5xx(server: HostileServer) -> dict:
    site = Site(server)
    site.add("/english/one/", ok(article("One")))
    site.add("/20250301-1/", ok(article("하나", lang="ko")))
    site.publish(robots_txt=status(503))
    return {}


def robots_hangs(server: HostileServer) -> dict:
    site = Site(server)
    site.add("/english/one/", ok(article("One")))
    site.publish(robots_txt=hang(10))
    return {"settings": FAST}


def robots_2xx(server: HostileServer) -> dict:
    site = Site(server)
    site.add("/english/open/", ok(article("Open")))
    site.add("/english/closed-door/", ok(article("Closed")))
    site.publish(robots_txt=ok(robots("/english/closed-"), "text/plain"))
    return {}


def rate_limited(server: HostileServer) -> dict:
    """Twenty articles fetched one at a time (--delay), one of them answering 429 with
    Retry-After: 2 once."""
    site = Site(server)
    for n in range(20):
        first = [status(429, retry_after=2)] if n == 10 else []
        site.add(f"/english/story-{n}/", *first, ok(article(f"Story {n}")))
    site.publish()
    return {"args": ("--delay", "0.2")}


def over_the_cap(server: HostileServer) -> dict:
    """A 429 asking for an hour, with the retry cap at 2 s."""
    site = Site(server)
    site.add("/english/one/", ok(article("One")))
    site.add("/english/later-429/", status(429, retry_after=3600))
    site.publish()
    return {"settings": {"NKWATCH_RETRY_MAX_DELAY": 2, "LOG_LEVEL": "INFO"}}


def traps(server: HostileServer) -> dict:
    site = Site(server)
    server.route("/english/category/news/", _endless(server, "/english/category/news/", True))
    server.route("/all/", _endless(server, "/all/", False))
    for n in range(0, 40):
        for i in range(3):
            server.route(f"/english/item-{n}-{i}/", ok(article(f"Item {n} {i}")))
    site.publish()
    return {"args": ("--max-pages", "4")}


CASES = {
    "robots_4xx": ("127.0.0.2", robots_4xx),
    "robots_5xx": ("127.0.0.3", robots_5xx),
    "robots_hangs": ("127.0.0.2", robots_hangs),
    "robots_2xx": ("127.0.0.3", robots_2xx),
    "traps": ("127.0.0.1", traps),
    "rate_limited": ("127.0.0.2", rate_limited),
    "over_the_cap": ("127.0.0.3", over_the_cap),
}


@pytest.fixture(scope="module")
def runs(tmp_path_factory, elsewhere):
    """name -> (server, process, summary, data): the hostile mix and each robots.txt/trap
    case on its own loopback host, all crawled at once (they mostly wait on timeouts)."""
    with contextlib.ExitStack() as stack:
        started = {}
        mix = stack.enter_context(HostileServer())
        build_mix(mix, elsewhere)
        data = tmp_path_factory.mktemp("mix")
        started["mix"] = (mix, data, start(data, mix.base_url))
        for name, (host, build) in CASES.items():
            server = stack.enter_context(HostileServer(host))
            how = build(server)
            data = tmp_path_factory.mktemp(name)
            args = how.get("args", ())
            started[name] = (
                server,
                data,
                start(data, server.base_url, *args, settings=how.get("settings")),
            )
        out = {}
        for name, (server, data, handle) in started.items():
            proc, summary = finish(handle)
            out[name] = (server, proc, summary, data)
        data = out["mix"][3]
        _records[data] = {r["url"]: r for r in jsonl(nkwatch(data, "export", "--jsonl").stdout)}
        yield out


@pytest.fixture(scope="module")
def hostile(runs):
    """The mix: (server, summary, process, data)."""
    server, proc, summary, data = runs["mix"]
    return server, summary, proc, data


_records: dict = {}


def records(data) -> dict[str, dict]:
    """What the store holds after the crawl (one `nkwatch export` for the module)."""
    return _records[data]


def test_the_crawl_finishes_partial_with_exit_code_1(hostile):
    _, summary, proc, _ = hostile
    assert proc.returncode == 1, proc.stderr[-2000:]
    assert summary["status"] == "partial"
    # every error is a counted, named loss: nothing else went wrong
    assert summary["errors"] == sum(summary["lost"].values()), summary


@pytest.mark.parametrize(
    "path,title",
    [
        ("/english/plain-good/", "Plain good"),
        ("/20250301-1/", KO_TITLE),
        ("/20250301-2/", KO_TITLE),
        ("/20250301-3/", KO_TITLE),
        ("/20250301-4/", KO_TITLE),
        ("/english/flaky-503/", "Flaky 503"),
        ("/english/limited-429/", "Limited"),
        ("/english/reset-once/", "Reset once"),
        ("/english/slow-ok/", "Slow but fine"),
        ("/english/moved-here/", "Moved here"),
        ("/english/truncated-html/", "Cut short"),
        ("/english/deep-nesting/", "Deep nesting"),
        ("/english/stray-byte-sidebar/", "Stray byte"),
    ],
)
def test_pages_are_stored_right(hostile, path, title):
    server, _, _, data = hostile
    rec = records(data)[server.url(path)]
    assert rec["title"] == title
    assert rec["body"] and "\ufffd" not in rec["body"] + rec["title"]


def test_korean_is_decoded_right_whatever_the_declaration(hostile):
    server, summary, _, data = hostile
    recs = records(data)
    for n in (1, 2, 3, 4):
        rec = recs[server.url(f"/20250301-{n}/")]
        assert rec["lang"] == "ko" and "양강도 혜산시" in rec["body"]
    repaired = summary["repaired"]
    assert repaired["encoding/cp949-undeclared"] == 1
    assert repaired["encoding/cp949-misdeclared"] == 1
    assert repaired["encoding/double-encoded-utf-8"] == 1


@pytest.mark.parametrize(
    "path,reason",
    [
        ("/english/gone-404/", "http-404"),
        ("/english/gone-410/", "http-410"),
        ("/english/down-500/", "http-500"),
        ("/english/binary/", "not-text"),
        ("/english/mojibake/", "bad-encoding"),
        ("/english/invalid-utf8/", "replacement-chars"),
        ("/english/loop-a/", "redirect-loop"),
        ("/english/chain-0/", "too-many-redirects"),
        ("/english/offsite-redirect/", "offsite"),
        ("/english/gzip-bomb/", "too-large"),
        ("/english/brotli-bomb/", "too-large"),
        ("/english/oversized/", "too-large"),
        ("/english/truncated-conn/", "truncated"),
        ("/english/private-page/", "robots-disallowed"),
    ],
)
def test_pages_are_skipped_with_a_reason(hostile, path, reason):
    server, summary, _, data = hostile
    assert server.url(path) not in records(data)
    assert summary["dropped"].get(reason, 0) >= 1, summary["dropped"]


def test_faults_make_the_run_partial_and_design_does_not(hostile):
    _, summary, _, _ = hostile
    lost = summary["lost"]
    for reason in ("http-500", "not-text", "bad-encoding", "replacement-chars"):
        assert reason in lost
    for reason in ("redirect-loop", "too-many-redirects", "too-large", "truncated"):
        assert reason in lost
    for reason in ("http-404", "http-410", "offsite", "robots-disallowed", "bad-feed"):
        assert reason not in lost


def test_retries_back_off_exponentially_and_are_bounded(hostile):
    server, _, _, _ = hostile
    times = server.times["/english/down-500/"]
    assert len(times) == 4  # RETRY_TIMES = 3
    gaps = [b - a for a, b in zip(times, times[1:], strict=False)]
    assert gaps[0] >= 0.95 and gaps[1] >= 1.9 and gaps[2] >= 3.9, gaps
    flaky = server.times["/english/flaky-503/"]
    assert len(flaky) == 3 and flaky[1] - flaky[0] >= 0.95 and flaky[2] - flaky[1] >= 1.9


def test_retry_after_is_honoured_and_capped(hostile):
    server, _, _, _ = hostile
    limited = server.times["/english/limited-429/"]
    assert len(limited) == 2 and limited[1] - limited[0] >= 1.95


def test_nothing_outside_the_site_is_fetched(hostile, elsewhere):
    server, summary, _, _ = hostile
    assert sum(elsewhere.hits.values()) == 0, elsewhere.hits  # links, redirects, XXE
    assert server.hits["/english/private-page/"] == 0  # robots.txt
    assert server.hits["/english/trap-next/"] == 0  # "Read in Korean" to an English page


def test_xml_entities_are_never_expanded(hostile):
    server, summary, _, data = hostile
    assert summary["dropped"]["bad-feed"] == 2  # the entity bomb and the XXE feed
    assert summary["dropped"]["bad-sitemap"] == 1
    for rec in records(data).values():
        assert "aaaaaaaaaa" not in rec["title"] and "aaaaaaaaaa" not in " ".join(rec["body"])


def test_deep_nesting_is_flattened_with_a_logged_reason(hostile):
    _, summary, proc, _ = hostile
    assert summary["repaired"]["parser/flattened-deep-nesting"] == 1
    assert "nests too deep for lxml" in proc.stderr


def test_escapes_and_controls_are_stored_as_text(hostile):
    server, _, _, data = hostile
    rec = records(data)[server.url("/english/hostile-text/")]
    assert "\x1b[31m" in rec["title"] and "\x9b2J" in rec["title"] and "\x07" in rec["title"]
    assert "\x00" not in rec["title"]  # NUL never reaches the store
    shown = nkwatch(data, "show", server.url("/english/hostile-text/")).stdout
    assert "\x1b" not in shown and "\x9b" not in shown  # the CLI neutralises them


# --- robots.txt, timeouts and traps, each on its own host ---------------------------------
def test_robots_4xx_allows_everything_and_timeouts_are_bounded(runs):
    server, proc, summary, _ = runs["robots_4xx"]
    assert summary["articles"]["new"] == {"en": 2, "ko": 1}, proc.stderr[-2000:]
    assert server.hits["/english/hangs/"] == 3  # 1 + RETRY_TIMES, then given up
    assert server.hits["/english/hangs-once/"] == 2
    assert summary["dropped"]["timeout"] == 1 and summary["lost"] == {"timeout": 1}
    assert summary["status"] == "partial"


def test_robots_5xx_disallows_the_host_for_the_run(runs):
    server, proc, summary, _ = runs["robots_5xx"]
    assert proc.returncode == 1  # partial: the whole site was off limits
    assert server.hits["/robots.txt"] == 2  # one retry (NKWATCH_ROBOTS_RETRY_TIMES)
    fetched = {p for p in server.hits if p != "/robots.txt"}
    assert fetched == set(), fetched
    assert summary["dropped"]["robots-unreachable"] >= 3
    assert "unreachable" in proc.stderr


def test_robots_that_hangs_disallows_the_host(runs):
    server, proc, summary, _ = runs["robots_hangs"]
    assert set(server.hits) == {"/robots.txt"}, server.hits
    assert summary["dropped"]["robots-unreachable"] >= 1
    assert summary["status"] == "partial"


def test_robots_2xx_rules_are_obeyed(runs):
    server, proc, summary, _ = runs["robots_2xx"]
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert server.hits["/english/closed-door/"] == 0
    assert summary["articles"]["new"] == {"en": 1}
    assert summary["dropped"]["robots-disallowed"] == 1 and summary["status"] == "ok"


def test_endless_pagination_and_calendar_traps_are_bounded(runs):
    server, proc, summary, _ = runs["traps"]
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert server.hits["/english/category/news/"] == 4  # the page budget (--max-pages)
    assert server.hits["/all/"] <= 4
    items = {k: v for k, v in server.hits.items() if k.startswith("/english/item-")}
    assert len(items) == 4 * 3 + 3 and set(items.values()) == {1}  # each article once


# --- a 429 or 503 with Retry-After limits the client, not one URL -------------------------
def test_retry_after_pauses_the_whole_host(runs):
    server, proc, summary, _ = runs["rate_limited"]
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert summary["articles"]["new"] == {"en": 20}
    limited = server.times["/english/story-10/"]
    assert len(limited) == 2
    answered = limited[0]  # the 429, answered at once
    others = [t for path, ts in server.times.items() if path != "/english/story-10/" for t in ts]
    during = [t - answered for t in others if answered < t < answered + 1.95]
    assert during == [], f"requests {during} s after a 429 with Retry-After: 2"
    assert len([t for t in others if t > answered + 2]) >= 5  # the crawl went on after it
    assert summary["paused"] == {"127.0.0.2": 2.0}
    pauses = [line for line in proc.stderr.splitlines() if "pausing every request" in line]
    assert len(pauses) == 1 and "127.0.0.2 for 2.0 s" in pauses[0], proc.stderr[-2000:]


def test_a_retry_after_over_the_cap_gives_the_page_up_and_pauses_the_cap(runs):
    server, proc, summary, _ = runs["over_the_cap"]
    assert server.hits["/english/later-429/"] == 1  # an hour is over the cap: given up
    assert summary["lost"] == {"http-429": 1} and summary["articles"]["new"] == {"en": 1}
    assert summary["paused"] == {"127.0.0.3": 2.0}
    assert "Retry-After 3600 s is over the cap" in proc.stderr
