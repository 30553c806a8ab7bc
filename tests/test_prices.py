"""Market prices as a user sees them: stored from both editions, merged, re-derived on
edit, the survey sheet imported from 127.0.0.1, and `nkwatch prices` in every format."""

from __future__ import annotations

import http.server
import json
import threading
from pathlib import Path

import pytest

from crawler import datadir
from crawler.enrich import entities, prices
from crawler.items import Article
from crawler.pipelines import apply
from crawler.sample_site.server import SampleSiteServer
from crawler.store import Store
from tests.conftest import jsonl, nkwatch

EN_URL = "https://www.dailynk.com/english/rice-prices-climb-in-hyesan/"
KO_URL = "https://www.dailynk.com/20191014-3/"
EN_BODY = [
    "Rice prices rose again in the border city this month.",
    "A kilogram of rice sold for KPW 6,100 at a market in Hyesan on Oct. 12, up from "
    "KPW 5,900 on Sept. 28.",
]
KO_BODY = ["지난 12일 혜산 시장에서 쌀 1kg은 북한 돈 6,100원에 거래됐다."]


def _store_article(store: Store, url: str, lang: str, body: list[str], published: str) -> None:
    art = Article(url=url, lang=lang, title="t", body=body, published=published)
    if lang == "en":
        art.pair_url = KO_URL
    art.prices = prices.of_article(art.body, art.lang, art.published)
    apply(store, art)


@pytest.fixture
def data(tmp_path) -> Path:
    store = Store(datadir.store_path(tmp_path))
    _store_article(store, KO_URL, "ko", KO_BODY, "2019-10-14T01:00:00Z")
    _store_article(store, EN_URL, "en", EN_BODY, "2019-10-15T05:00:00Z")
    store.resolve_pairs()
    store.close()
    return tmp_path


def test_both_editions_give_one_observation_with_two_sources(data):
    out = jsonl(nkwatch(data, "prices", "쌀", "--json").stdout)
    assert [(o["date"], o["market"], o["price"]) for o in out] == [
        ("2019-09-28", "hyesan", 5900),
        ("2019-10-12", "hyesan", 6100),
    ]
    latest = out[1]
    assert list(latest) == [
        "date",
        "market",
        "commodity",
        "price",
        "currency",
        "unit",
        "date_exact",
        "sources",
    ]
    assert latest["commodity"] == "rice" and latest["currency"] == "KPW"
    assert latest["unit"] == "kg" and latest["date_exact"] is True
    assert {s["lang"] for s in latest["sources"]} == {"en", "ko"}
    assert any("KPW 6,100" in s["quote"] for s in latest["sources"])


def test_an_edited_article_updates_its_observations(data):
    store = Store(datadir.store_path(data))
    edited = [EN_BODY[0], EN_BODY[1].replace("6,100", "6,150")]
    _store_article(store, EN_URL, "en", edited, "2019-10-15T05:00:00Z")
    store.close()
    out = jsonl(nkwatch(data, "prices", "rice", "--since", "2019-10-01", "--json").stdout)
    assert sorted((o["price"], len(o["sources"])) for o in out) == [(6100, 1), (6150, 1)]


def test_index_rebuild_derives_prices_from_the_store_again(data):
    store = Store(datadir.store_path(data))
    store.db.execute("DELETE FROM prices")
    store.db.commit()
    store.close()
    assert jsonl(nkwatch(data, "prices", "--json").stdout) == []
    nkwatch(data, "index", "rebuild")
    assert len(jsonl(nkwatch(data, "prices", "--json").stdout)) == 2


def test_table_has_a_sparkline_per_market_and_csv_has_a_header(data):
    table = nkwatch(data, "prices", "rice", "--market", "혜산").stdout
    assert "2019-10-12" in table and "6,100" in table
    assert "hyesan" in table and "5,900 -> 6,100" in table
    assert any(ch in table for ch in "▁▂▃▄▅▆▇█")
    rows = nkwatch(data, "prices", "rice", "--format", "csv").stdout.splitlines()
    assert rows[0] == "date,market,commodity,price,currency,unit,date_exact,sources"
    assert len(rows) == 3


@pytest.mark.parametrize(
    "args, says",
    [
        (("prices", "unobtainium"), "unknown commodity"),
        (("prices", "rice", "--market", "Atlantis"), "unknown market"),
        (("prices", "rice", "--since", "12 Oct"), "YYYY-MM-DD"),
        (("prices", "rice", "--plot", "out.pdf"), ".png or .svg"),
        # a typo is told the commodity, never a place that happens to be spelt alike
        (("prices", "ric"), "did you mean rice?"),
        (("prices", "rice", "--market", "Hyesn"), "did you mean hyesan"),
        (("prices", "Hyesan"), "'Hyesan' is a place, not a commodity"),
    ],
)
def test_bad_input_is_one_line(data, args, says):
    proc = nkwatch(data, *args, check=False)
    assert proc.returncode != 0
    assert proc.stderr.startswith("nkwatch: error:") and says in proc.stderr
    assert "Traceback" not in proc.stderr and len(proc.stderr.strip().splitlines()) == 1


def test_plot_writes_a_file_or_names_the_missing_extra(data, tmp_path):
    target = tmp_path / "rice.svg"
    proc = nkwatch(data, "prices", "rice", "--plot", str(target), check=False)
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        assert proc.returncode == 2 and "nkwatch[plot]" in proc.stderr
        assert len(proc.stderr.strip().splitlines()) == 1
    else:
        assert proc.returncode == 0 and target.read_text().lstrip().startswith("<?xml")


# --- the survey sheet, served from 127.0.0.1 in its own format ----------------------------
SHEET = {
    "rate": "날짜,평양,신의주,혜산\n"
    '09-11-22,"3,600","3,650","3,700"\n'
    "09-11-29,0,0,0\n"
    "09-12-06,35,36,38\n"
    '19-10-13,"8,100","8,120","8,150"\n',
    "rice": "날짜,평양,신의주,혜산\n"
    '09-11-22,"2,200","2,250","2,300"\n'
    "09-11-29,0,0,0\n"
    '19-10-13,"5,000","5,050","6,100"\n',
}


class _Sheet(http.server.BaseHTTPRequestHandler):
    big = False

    def do_GET(self):  # noqa: N802 (http.server's name)
        from urllib.parse import parse_qs, urlsplit

        tab = parse_qs(urlsplit(self.path).query).get("sheet", [""])[0]
        body = ("x" * (9 * 1024 * 1024) if self.big else SHEET.get(tab, "")).encode()
        self.send_response(200 if tab in SHEET else 400)
        self.send_header("Content-Type", "text/csv; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def sheet():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Sheet)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield (
        server,
        f"http://127.0.0.1:{server.server_address[1]}/spreadsheets/d/x/gviz/tq?tqx=out:csv",
    )
    server.shutdown()
    server.server_close()
    _Sheet.big = False


def test_survey_import_keeps_old_won_apart_and_skips_the_reform_zeros(data, sheet):
    _server, url = sheet
    proc = nkwatch(data, "prices", "--update-survey", "--survey-url", url)
    assert "rate 9 observations" in proc.stdout and "rice 6 observations" in proc.stdout
    rates = jsonl(nkwatch(data, "prices", "dollar", "--json").stdout)
    assert {o["price"] for o in rates} >= {3600, 35, 8100}
    assert all(o["price"] for o in rates)
    old = [o for o in rates if o["date"] == "2009-11-22"]
    new = [o for o in rates if o["date"] == "2009-12-06"]
    assert {o["currency"] for o in old} == {"KPW-old"} and {o["currency"] for o in new} == {"KPW"}
    assert rates[-1]["sources"] == [{"url": url + "&sheet=rate", "survey": "rate"}]
    assert {o["unit"] for o in rates} == {"USD"}
    # The sheet and the articles agree on Hyesan's rice on Oct. 12/13? Different days: apart.
    rice = jsonl(nkwatch(data, "prices", "rice", "--market", "hyesan", "--json").stdout)
    assert [(o["date"], o["price"]) for o in rice if o["date"] >= "2019"] == [
        ("2019-09-28", 5900),
        ("2019-10-12", 6100),
        ("2019-10-13", 6100),
    ]
    # A second import replaces the first instead of doubling it.
    nkwatch(data, "prices", "--update-survey", "--survey-url", url)
    assert len(jsonl(nkwatch(data, "prices", "dollar", "--json").stdout)) == len(rates)


def test_survey_fetch_is_bounded_and_fails_in_one_line(data, sheet):
    _server, url = sheet
    _Sheet.big = True
    proc = nkwatch(data, "prices", "--update-survey", "--survey-url", url, check=False)
    assert proc.returncode == 2 and "larger than" in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1
    proc = nkwatch(
        data, "prices", "--update-survey", "--survey-url", "file:///etc/passwd", check=False
    )
    assert proc.returncode == 2 and "http(s)" in proc.stderr


def test_a_crawl_stores_the_sample_sites_price_reports(crawled):
    out = jsonl(nkwatch(crawled, "prices", "rice", "--market", "평양", "--json").stdout)
    assert out and all(o["market"] == "pyongyang" and o["commodity"] == "rice" for o in out)
    both = [o for o in out if {s.get("lang") for s in o["sources"]} == {"en", "ko"}]
    assert both, "an observation reported by both editions of a story is one, with two sources"


def test_refresh_imports_the_survey_when_asked_and_alarms_when_it_cannot(crawled_copy, site, sheet):
    import json

    _server, url = sheet
    args = ("refresh", "--base-url", site.base_url, "--json", "--update-survey")
    proc = nkwatch(crawled_copy, *args, "--survey-url", url, check=False)
    summary = json.loads(proc.stdout.strip().splitlines()[-1])
    assert summary["survey"] == {"rate": 9, "rice": 6}
    dead = "http://127.0.0.1:9/gviz/tq?tqx=out:csv"
    proc = nkwatch(crawled_copy, *args, "--survey-url", dead, check=False)
    summary = json.loads(proc.stdout.strip().splitlines()[-1])
    assert proc.returncode == 3 and "error" in summary["survey"]
    assert any("price survey sheet" in a for a in summary["alarms"])


def test_a_month_without_its_day_is_filed_under_the_first_and_flagged_inexact(tmp_path):
    store = Store(datadir.store_path(tmp_path))
    body = ["In October, a kilogram of rice sold for around KPW 5,800 in Pyongyang."]
    _store_article(store, EN_URL, "en", body, "2020-11-04T03:00:00Z")
    store.close()
    out = jsonl(nkwatch(tmp_path, "prices", "rice", "--json").stdout)
    assert [(o["date"], o["market"], o["price"], o["date_exact"]) for o in out] == [
        ("2020-10-01", "pyongyang", 5800, False)
    ]


def test_words_that_skip_the_left_side_patterns_end_none_of_them():
    """The shortcut for "sold for KPW 6,100" must never hide a bound, change, range or
    earlier value: no word in the list may end one of the patterns it skips."""
    from crawler.enrich.prices import patterns as P

    skipped = [
        P.EN.foreign_money_left,
        P.EN.range_left,
        P.EN_FROM_TO_FIRST[0],
        P.EN_FROM_TO_SECOND,
        P.EN.bound_left,
        P.EN.change_left,
        P.EN.earlier_left,
    ]
    for word in P.EN_PLAIN_BEFORE:
        for left in (f"rice {word} ", f"rice {word} KPW ", f"Rice {word.title()} "):
            assert not [p.pattern[:30] for p in skipped if p.search(left)], (word, left)


@pytest.mark.parametrize(
    "text, lang, want",
    [
        # the price told first stays; the wage / forecast clause after it goes
        (
            "Rice costs KPW 5,000 in Hyesan, but if the harvest fails it could hit KPW 8,000.",
            "en",
            [("hyesan", "rice", 5000)],
        ),
        (
            "혜산에서 쌀값이 kg당 6,000원이며 가을에는 7,000원까지 오를 것으로 예상된다.",
            "ko",
            [("hyesan", "rice", 6000)],
        ),
        # a hypothetical or pay clause first: what follows is still about it
        (
            "If rice reaches KPW 8,000 in Hyesan, traders say, corn will follow at KPW 4,000.",
            "en",
            [],
        ),
        ("혜산 노동자 월급은 3,000원이고 쌀 1kg은 5,000원이다.", "ko", []),
        # a forecast clause after the price, without a figure, leaves it
        (
            "Rice sold for KPW 5,000 in Hyesan on Oct. 9, and traders expect it to keep rising.",
            "en",
            [("hyesan", "rice", 5000)],
        ),
        # ... unless the price itself is told in the future
        ("Rice will cost KPW 6,000 in Hyesan by spring, traders predict.", "en", []),
        # the pay words in the first clause: they are about the whole sentence
        ("Miners receive KPW 150,000 a month, enough to buy 25 kilograms of rice.", "en", []),
        # ... unless a clause set against them names a good and its price
        (
            "Workers earn KPW 3,000 a month, while rice sells for KPW 6,000 a kilogram in Hyesan.",
            "en",
            [("hyesan", "rice", 6000)],
        ),
        (
            "혜산 노동자 월급은 3,000원인데, 쌀은 kg당 6,000원에 팔린다.",
            "ko",
            [("hyesan", "rice", 6000)],
        ),
        # ... or a clause of its time ("at a time when ...", "even as ...")
        (
            "Workers in Hyesan are paid a few thousand won a month, at a time when a kilogram "
            "of flour costs KPW 7,000 at the local market.",
            "en",
            [("hyesan", "flour", 7000)],
        ),
        # a price told first, its clause ended by "인데" without a comma, then the pay
        (
            "청진 시장에서 쌀 1kg이 5,200원인데 노동자 한 달 월급은 3,000원 수준이다.",
            "ko",
            [("chongjin", "rice", 5200)],
        ),
        # ... with a good of its own: the pay clause's good is not the later amount's
        ("Merchants selling rice are fined KPW 20,000, while repeat offenders pay more.", "en", []),
        ("Rice sellers are fined KPW 20,000, while repeat offenders face KPW 50,000.", "en", []),
        # ... and a sum paid there is no price ("1만원을 낸다": pays it)
        ("상인들은 매달 장세로 5,000원을 내는데, 쌀 장사꾼은 1만원을 낸다.", "ko", []),
        # "-한데," ends the clause of a levy per head as "-인데," does
        (
            "분배량은 1인당 옥수수 몇 kg에 불과한데, 해주 시장에서 옥수수 1kg은 2900원에 팔렸다.",
            "ko",
            [("haeju", "corn", 2900)],
        ),
        # won given for a kilogram of a good is its price; paid per kilogram, a levy
        (
            "혜산 장마당에서 휘발유 1kg은 2만 5000원을 줘야 산다.",
            "ko",
            [("hyesan", "gasoline", 25000)],
        ),
        ("혜산 장마당에서 쌀 1kg을 사려면 6000원을 줘야 한다.", "ko", [("hyesan", "rice", 6000)]),
        ("혜산 장마당에서 쌀 장사꾼은 1kg당 100원을 내야 한다.", "ko", []),
        # a forecast about a good whose price is told inside its own clause
        (
            "Rice, now KPW 6,000 in Hyesan, is expected to rise further.",
            "en",
            [("hyesan", "rice", 6000)],
        ),
        (
            "혜산에서 현재 kg당 6,000원인 쌀값은 더 오를 것으로 예상된다.",
            "ko",
            [("hyesan", "rice", 6000)],
        ),
        ("혜산에서 쌀값이 7,000원이 될 것으로 예상된다.", "ko", []),
    ],
)
def test_pay_and_forecast_words_drop_their_clause_not_an_earlier_price(text, lang, want):
    got = [(o.market, o.commodity, o.price) for o in prices.extract(text, lang, "2020-10-10")]
    assert got == want


def test_a_look_back_at_the_last_good_keeps_the_survey_day_for_the_next_sentences():
    text = (
        "Rice sold for KPW 5,100 per kilogram in Hyesan on July 14. "
        "On July 1, rice was KPW 4,900. Corn was KPW 2,100 per kilogram."
    )
    got = [(o.date, o.commodity, o.price) for o in prices.extract(text, "en", "2015-07-16")]
    assert got == [
        ("2015-07-14", "rice", 5100),
        ("2015-07-01", "rice", 4900),
        ("2015-07-14", "corn", 2100),
    ]


@pytest.mark.parametrize(
    "text, lang",
    [
        (
            "Rice sold for KPW 5,100 per kilogram in Hyesan on July 14. "
            "On July 1, it had been KPW 4,900. Corn was KPW 2,100 per kilogram.",
            "en",
        ),
        (
            "Rice sold for KPW 5,100 per kilogram in Hyesan on July 14. "
            "Two weeks earlier, on July 1, it had sold for KPW 4,900. "
            "Corn was KPW 2,100 per kilogram.",
            "en",
        ),
        (
            "14일 혜산 시장에서 쌀은 kg당 5,100원이었다. 2주 전인 지난 1일에는 4,900원에 팔렸다. "
            "강냉이는 kg당 2,100원이었다.",
            "ko",
        ),
        (
            "14일 혜산 시장에서 쌀은 kg당 5,100원이었다. 2주 전 지난 1일에는 4,900원에 팔렸다. "
            "강냉이는 kg당 2,100원이었다.",
            "ko",
        ),
    ],
)
def test_an_earlier_value_in_its_own_sentence_is_an_observation_of_its_own_day(text, lang):
    got = [(o.date, o.commodity, o.price) for o in prices.extract(text, lang, "2015-07-16")]
    assert got == [
        ("2015-07-14", "rice", 5100),
        ("2015-07-01", "rice", 4900),
        ("2015-07-14", "corn", 2100),
    ]


def test_an_earlier_value_without_its_own_day_is_none():
    text = (
        "Rice sold for KPW 5,100 per kilogram in Hyesan on July 14. "
        "Two weeks earlier it had been KPW 4,900."
    )
    got = [(o.date, o.price) for o in prices.extract(text, "en", "2015-07-16")]
    assert got == [("2015-07-14", 5100)]


@pytest.mark.parametrize(
    "text",
    [
        "RICE sold for KPW 6,100 in HYESAN, and Corn in Sinuiju.",
        "One USD fetched 8,100 won; one usd, USD's and USD'S rate in Tanch'Ŏn and TANCH’ŎN.",
        "The Ministry of Coal Industry set the price of coal in North Hamgyŏng Province.",
    ],
)
def test_english_names_are_what_one_case_blind_pattern_of_them_finds(text):
    """The fast path (lower-case names on lower-cased text, capitals as written) finds the
    names, spans and order that the one case-blind pattern of every name finds."""
    names = prices.lexicon(entities.default()).en_names
    fast = [m.span() for m in names.finditer(text)]
    assert len(fast) >= 3
    assert fast == [m.span() for m in names.blind.finditer(text)]


@pytest.mark.parametrize(
    "text, lang, want",
    [
        ("In Sinuiju, 100 Chinese yuan fetched KPW 122,000 on Jan. 26.", "en", [1220]),
        ("The yuan traded at KPW 122,000 per 100 yuan in Hyesan on Jan. 26.", "en", [1220]),
        ("26일 신의주에서 중국 돈 100위안은 북한 돈 12만 2,000원에 교환됐다.", "ko", [1220]),
        ("26일 혜산에서 위안화 환율은 100위안당 12만 2,000원이었다.", "ko", [1220]),
        # 100 yuan paid, told in won: no rate at all
        ("She paid 100 yuan, about KPW 120,000, for a phone in Hyesan.", "en", []),
        ("그는 혜산에서 휴대폰을 100위안, 북한 돈으로 약 12만원에 샀다.", "ko", []),
    ],
)
def test_a_rate_told_for_100_yuan_is_won_per_1_yuan(text, lang, want):
    got = prices.extract(text, lang, "2020-01-28")
    assert [o.price for o in got] == want
    assert all((o.commodity, o.unit) == ("chinese_yuan", "CNY") for o in got)


@pytest.mark.parametrize(
    "text, lang, want",
    [
        # a month and year well before publication, led by "before the": history
        ("Before the July 2002 measures, rice cost about KPW 70 in Pyongyang.", "en", []),
        ("In 2005, rice cost about KPW 800 in Pyongyang.", "en", []),
        # ... but "since" a year is a span up to now
        ("Since the 2009 reform, rice has risen to KPW 5,000 in Hyesan.", "en", [5000]),
        # a year ago without its day; a month's spending; a month's movement to a price
        ("작년 이맘때 혜산의 쌀값은 kg당 4,000원이었다.", "ko", []),
        ("1년 전 혜산에서 쌀 1kg은 4,000원이었다.", "ko", []),
        ("4인 가족의 한 달 쌀값은 약 20만원에 이른다.", "ko", []),
        ("혜산 쌀값은 한 달 새 5,000원에서 6,000원으로 뛰었다.", "ko", [6000]),
        # a difference per kilogram between two markets
        ("Rice in Hyesan is KPW 200 per kilogram cheaper than in Pyongyang.", "en", []),
        ("혜산의 쌀값은 평양보다 kg당 200원 싸다.", "ko", []),
        # changes told of several goods at once ("각각", "모두" between amount and verb)
        ("혜산의 쌀값은 2주 전보다 300원, 옥수수는 150원 각각 올랐다.", "ko", []),
        ("혜산의 쌀값은 2주 전보다 300원, 옥수수는 150원 모두 떨어졌다.", "ko", []),
        # ... and with one verb after (or before) the list, every amount of it is a change
        ("혜산에서 쌀은 300원, 옥수수는 150원 올랐다.", "ko", []),
        ("혜산에서 쌀과 옥수수는 2주 전보다 각각 300원, 150원 올랐다.", "ko", []),
        ("In Hyesan, rice and corn were KPW 300 and KPW 150 higher, respectively.", "en", []),
        ("Rice in Hyesan went up KPW 300 and corn KPW 150 over two weeks.", "en", []),
        # ... but a price and then its change stay a price
        (
            "Rice sold for KPW 5,000 in Hyesan on Nov. 6, KPW 200 higher than a week ago.",
            "en",
            [5000],
        ),
        # "~원 선을 유지했다" keeps a level (a price); "~원 선을 넘었다" passes it (a bound)
        ("평양 시장에서 쌀 1kg은 6일 현재 4,200원 선을 유지했다.", "ko", [4200]),
        ("평양 시장에서 쌀 1kg은 6일 4,200원 선을 넘었다.", "ko", []),
        ("6일 평양의 달러 환율은 8,000원 선이 무너졌다.", "ko", []),
        # a level a price moves around over a time is no day's price; "about" one is
        ("Rice prices have hovered around KPW 5,000 per kilogram in Hyesan.", "en", []),
        ("혜산 시장 쌀값은 kg당 5,000원 안팎을 오가고 있다.", "ko", []),
        ("Rice sold for around KPW 5,000 per kilogram in Hyesan on Nov. 6.", "en", [5000]),
        ("6일 혜산에서 옥수수는 kg당 2천원 안팎에 팔렸다.", "ko", [2000]),
    ],
)
def test_history_differences_and_levels(text, lang, want):
    assert [o.price for o in prices.extract(text, lang, "2015-11-08")] == want


TABLE_STORIES = Path(__file__).parent / "stories" / "price-tables.json"


def test_a_survey_table_in_the_page_gives_one_observation_per_cell(tmp_path):
    """The survey's tables are HTML tables in the body: the classic editor's bare <table>
    (English, its date in the caption) and the block editor's figure (Korean, changes in
    parentheses). Each row is read as one line; both editions' cells merge."""
    server = SampleSiteServer(port=0).start_background()
    try:
        server.load(json.loads(TABLE_STORIES.read_text("utf-8")))
        nkwatch(tmp_path, "crawl", "--base-url", server.base_url)
    finally:
        server.stop()
    out = jsonl(nkwatch(tmp_path, "prices", "--json").stdout)
    got = {(o["commodity"], o["market"]): o for o in out}
    assert len(out) == 15 and {o["date"] for o in out} == {"2019-04-20"}
    assert got[("rice", "sinuiju")]["price"] == 5050  # not the change, "(+50)"
    assert got[("us_dollar", "sinuiju")]["price"] == 8050
    assert got[("chinese_yuan", "hyesan")]["price"] == 1195
    assert got[("pork", "hyesan")]["unit"] == "kg"
    assert all({s["lang"] for s in o["sources"]} == {"en", "ko"} for o in out)
    shown = nkwatch(tmp_path, "export", "--jsonl").stdout
    assert "Rice (1kg) 5,000 5,050 5,100" in shown  # the row is stored as text too


@pytest.mark.parametrize(
    "rice, dollar, lang, sep",
    [
        ("Rice/kg", "US$1", "en", "\t"),
        ("Rice, kg", "USD 1", "en", " "),  # an HTML table's cells, joined by spaces
        ("Rice (KPW/kg)", "1 USD", "en", " | "),
        ("Rice (1 kg, KPW)", "Dollar (1$)", "en", " "),
        ("쌀 1kg", "1달러", "ko", "\t"),
        ("쌀(원/kg)", "달러(1$)", "ko", " "),
        ("쌀 (1kg)", "미화 1달러", "ko", " "),
        ("쌀(1kg)", "위안(1元)", "ko", " "),  # the yuan's own sign as its unit
        ("쌀(원/kg)", "위안(원/元)", "ko", " "),
    ],
)
def test_a_unit_written_onto_a_tables_label_is_no_cell(rice, dollar, lang, sep):
    """Real tables write a row's unit onto its label in many ways; the unit's "1" is no
    price, and a good's label with its unit is still a label."""
    places = ["Pyongyang", "Hyesan"] if lang == "en" else ["평양", "혜산"]
    corner = "Item" if lang == "en" else "구분"
    caption = "Market prices (May 11)" if lang == "en" else "북한 시장 물가(5월 11일 기준)"
    rows = [[corner, *places], [rice, "5,900", "6,150"], [dollar, "8,050", "8,150"]]
    text = "\n".join([caption] + [sep.join(r) for r in rows])
    got = {(o.market, o.commodity, o.price) for o in prices.extract(text, lang, "2013-05-14")}
    money = "chinese_yuan" if "위안" in dollar else "us_dollar"
    assert got == {
        ("pyongyang", "rice", 5900),
        ("hyesan", "rice", 6150),
        ("pyongyang", money, 8050),
        ("hyesan", money, 8150),
    }


def test_a_korean_header_of_goods_with_their_units_heads_a_table():
    rows = [
        "물가(9월 3일 기준)",
        "지역\t쌀 1kg\t옥수수 1kg\t달러",
        "평양\t5,080(+30)\t1,120(-10)\t8,060(+20)",
    ]
    text = "\n".join(rows)
    got = {(o.commodity, o.price) for o in prices.extract(text, "ko", "2016-09-07")}
    assert got == {("rice", 5080), ("corn", 1120), ("us_dollar", 8060)}


@pytest.mark.parametrize("spelling", ["Pyongsung", "Pyongsong"])
def test_the_press_spelling_of_a_city_names_its_market(spelling):
    text = f"The price of rice in {spelling} fell to 3,800 won on May 19, the source said."
    assert [(o.market, o.price) for o in prices.extract(text, "en", "2012-05-22")] == [
        ("pyongsong", 3800)
    ]


@pytest.mark.parametrize(
    "text, lang",
    [
        (
            "In Chongjin, rice sold for 2,100 won per kilogram on May 16, a source in North "
            "Hamgyong Province said, while corn sold for 900 won.",
            "en",
        ),
        (
            "Rice goes for 2,100 won and corn 900 won in the Chongjin market on May 16, a "
            "source from North Hamgyong Province said.",
            "en",
        ),
        (
            "함경북도 소식통은 16일 청진 시장에서 쌀 1kg은 2,100원, 옥수수는 900원이라고 전했다.",
            "ko",
        ),
    ],
)
def test_the_sources_province_does_not_take_the_market_the_sentence_names(text, lang):
    got = {(o.market, o.commodity, o.price) for o in prices.extract(text, lang, "2009-05-19")}
    assert got == {("chongjin", "rice", 2100), ("chongjin", "corn", 900)}


def test_the_sources_province_alone_is_no_market():
    text = "According to a source in South Hwanghae Province, rice sold for 5,600 won on Oct. 6."
    assert [(o.market, o.price) for o in prices.extract(text, "en", "2012-10-09")] == [(None, 5600)]


@pytest.mark.parametrize(
    "text, want",
    [
        # won paid for one unit of foreign money is the rate, not a sum paid
        ("신의주 소식통은 27일 “1달러에 1만 6천원을 줘야 바꿀 수 있다”고 말했다.", [16000]),
        ("27일 혜산에서는 1위안당 2,100원을 내야 바꿔준다.", [2100]),
        ("27일 신의주에서 1달러를 사려면 1만 6천원을 내야 했다.", [16000]),
        ("27일 신의주에서는 1만 6천원을 줘야 1달러를 살 수 있다.", [16000]),
        # ... and a sum paid for a good or a stall still is one
        ("27일 혜산 상인들은 장세로 5,000원을 낸다.", []),
        ("27일 혜산에서 달러를 바꾸려면 수수료로 1만원을 줘야 한다.", []),
        ("27일 혜산에서 달러를 바꾸려면 1만원을 더 줘야 한다.", []),
        ("On July 27 in Sinuiju, it took KPW 16,000 to buy a single US dollar.", [16000]),
        ("Traders in Sinuiju had to pay KPW 16,000 to get one dollar on July 27.", [16000]),
        ("Workers in Sinuiju are paid KPW 16,000 a month, about one dollar.", []),
    ],
)
def test_won_given_for_a_dollar_is_its_rate(text, want):
    lang = "ko" if any("가" <= c <= "힣" for c in text) else "en"
    assert [o.price for o in prices.extract(text, lang, "2024-07-30")] == want


@pytest.mark.parametrize(
    "text, lang, want",
    [
        # a sum taken from people is a bribe or levy, even without the word
        (
            "Cigarettes sell for 2,500 won a pack in the Wonsan market, a source said, adding "
            "that guards at checkpoints take 5,000 won from each trader.",
            "en",
            [2500],
        ),
        ("Market managers collect nothing, but police take KPW 3,000 from every vendor.", "en", []),
        ("Inspectors demand KPW 2,000 per household in Hyesan.", "en", []),
        # ... a sum: guards who "take a cut" take no price away from the clause after
        (
            "Traders say guards take a cut, and rice now sells for KPW 6,000 in Hyesan.",
            "en",
            [6000],
        ),
        ("혜산에서는 1인당 5,000원을 걷는다.", "ko", []),
        ("혜산에서는 세대마다 5,000원씩 바쳤다.", "ko", []),
        # ... but what every trader sells at is a price
        ("16일 혜산 시장에서는 상인마다 쌀을 5,000원에 팔았다.", "ko", [5000]),
        # a state-set word before a list covers every item of it
        ("당국은 국영상점에서 쌀을 kg당 24원, 옥수수를 10원에 팔도록 지시했다.", "ko", []),
        ("State shops in Hyesan were told to sell rice at KPW 24 and corn at KPW 10.", "en", []),
        # ... and an earlier time's word too, but not past a market of its own
        ("Two weeks earlier, rice was KPW 5,000 and corn KPW 2,000 in Hyesan.", "en", []),
        (
            "국영상점에서 쌀은 kg당 24원이지만 장마당에서는 옥수수가 1,500원에 팔렸다.",
            "ko",
            [1500],
        ),
    ],
)
def test_a_bribe_without_the_word_and_a_list_under_a_state_word_are_no_prices(text, lang, want):
    assert [o.price for o in prices.extract(text, lang, "2012-02-14")] == want


@pytest.mark.parametrize("odd", ["", "İ", "ı"])
def test_the_rarer_pay_words_drop_their_sum_whatever_else_the_sentence_holds(odd):
    """A name whose lower-casing changes its length (İ) or which the case-blind engine reads
    as ASCII (ı) sends the sentence to the case-blind patterns, not the lower-case twins:
    the cost of carrying goods ("Freight", capitalised) is no price all the same."""
    text = (
        "Rice sells for KPW 6,000 in Hyesan. Freight from Sinuiju costs KPW 5,000 a kilogram,"
        f" {odd}Ali said."
    )
    assert [o.price for o in prices.extract(text, "en", "2012-02-14")] == [6000]


@pytest.mark.parametrize(
    "tail, want",
    [
        # convention of session 7: an earlier value dated only by a month part is none
        (", up from 450 won early last month.", [950]),
        (", up from 450 won in mid-February.", [950]),
        (", from around 450 won at the start of the month.", [950]),
        (", up from 450 won in February.", [950]),
        # ... but one with its own day stays
        (", up from 450 won on Feb. 6.", [950, 450]),
    ],
)
def test_an_english_look_back_dated_only_by_a_month_part_is_none(tail, want):
    text = "Rice sold for 950 won in Pyongyang on Mar. 13" + tail
    assert [o.price for o in prices.extract(text, "en", "2010-03-16")] == want


def test_a_current_price_dated_only_by_a_month_stays_on_its_first():
    found = prices.extract("In October, rice sold for 4,500 won in Hyesan.", "en", "2012-10-20")
    assert [(o.date, o.price, o.date_exact) for o in found] == [("2012-10-01", 4500, False)]


@pytest.mark.parametrize(
    "text, lang",
    [
        ("Rice sold for 950 won in Pyongyang on Mar. 13. Early last month, it was 450 won.", "en"),
    ],
)
def test_a_look_back_to_early_last_month_in_its_own_sentence_is_dated_too(text, lang):
    got = {(o.date, o.price) for o in prices.extract(text, lang, "2010-03-16")}
    assert got == {("2010-03-13", 950), ("2010-02-01", 450)}


def test_last_month_without_a_part_of_it_is_no_date():
    text = "Rice sold for 950 won in Pyongyang on Mar. 13. Last month, it was 450 won."
    assert [o.price for o in prices.extract(text, "en", "2010-03-16")] == [950]


def test_since_early_last_month_dates_no_price():
    text = "평양 시장 쌀값은 지난달 초부터 올라 13일 950원에 거래됐다."
    assert [o.date for o in prices.extract(text, "ko", "2010-03-16")] == ["2010-03-13"]


def test_a_look_back_to_an_earlier_surveys_day_goes_on_about_the_same_good():
    text = (
        "신의주 달러 환율은 지난달 31일 6,300원으로 떨어졌다. 지난달 17일 조사에서는 "
        "7,800원이었다. 쌀값은 5,000원이었다."
    )
    got = [(o.date, o.commodity, o.price) for o in prices.extract(text, "ko", "2020-11-03")]
    # the look-back keeps the survey's day for what follows
    assert got == [
        ("2020-10-31", "us_dollar", 6300),
        ("2020-10-17", "us_dollar", 7800),
        ("2020-10-31", "rice", 5000),
    ]


@pytest.mark.parametrize(
    "lines, lang",
    [
        # a line that only gives the unit, between the header and the rows
        (
            ["Prices (May 11)", "Item | Pyongyang | Hyesan", "Unit: KPW", "Rice | 5,900 | 6,150"],
            "en",
        ),
        # markets named with the word "market"
        (
            [
                "Prices (May 11)",
                " | Pyongyang market | Hyesan market",
                "Rice (1kg) | 5,900 | 6,150",
            ],
            "en",
        ),
        (["물가(5월 11일 기준)", "구분 평양 시장 혜산 시장", "쌀(1kg) 5,900 6,150"], "ko"),
        (
            ["물가(5월 11일 기준)", "(단위: 원)", "품목\t평양\t혜산", "쌀 1kg당\t5,900원\t6,150원"],
            "ko",
        ),
    ],
)
def test_a_tables_unit_line_and_market_words_keep_it_a_table(lines, lang):
    got = {(o.market, o.price) for o in prices.extract("\n".join(lines), lang, "2013-05-14")}
    assert got == {("pyongyang", 5900), ("hyesan", 6150)}


def test_a_dollar_row_written_per_dollar_is_read():
    text = "물가(5월 11일 기준)\n품목\t평양\t혜산\n달러 1달러당\t8,050원\t8,150원"
    got = {(o.market, o.commodity, o.price) for o in prices.extract(text, "ko", "2013-05-14")}
    assert got == {("pyongyang", "us_dollar", 8050), ("hyesan", "us_dollar", 8150)}


@pytest.mark.parametrize(
    "row, want",
    [
        # a market without a price that week: the others' cells are still theirs
        ("Rice | 5,900 | - | 6,150", {("pyongyang", 5900), ("hyesan", 6150)}),
        ("Rice | N/A | 6,000 | 6,150", {("sinuiju", 6000), ("hyesan", 6150)}),
        # a cell with its unit
        (
            "Rice | 5,900 won/kg | 6,000 won/kg | 6,150 won/kg",
            {("pyongyang", 5900), ("sinuiju", 6000), ("hyesan", 6150)},
        ),
        # a range in a cell is no price, and no cell may shift to another market
        ("Rice | - | - | 6,150 - 6,200", set()),
    ],
)
def test_an_empty_cell_keeps_the_other_cells_under_their_markets(row, want):
    text = f"Prices (May 11)\nItem | Pyongyang | Sinuiju | Hyesan\n{row}"
    assert {(o.market, o.price) for o in prices.extract(text, "en", "2013-05-14")} == want


@pytest.mark.parametrize(
    "text, want",
    [
        # what a good used to cost, with its day, is an observation of that day
        (
            "평양에서 지난 1일 700원 하던 쌀값은 13일 950원까지 뛰었다.",
            {("2010-03-01", 700), ("2010-03-13", 950)},
        ),
        # ... without its day it is unknowable, not today's price
        ("평양에서 700원이던 쌀값은 13일 950원까지 뛰었다.", {("2010-03-13", 950)}),
    ],
)
def test_what_a_good_used_to_cost_is_an_earlier_value(text, want):
    assert {(o.date, o.price) for o in prices.extract(text, "ko", "2010-03-16")} == want


@pytest.mark.parametrize(
    "text, lang",
    [
        (
            "The dollar traded for KPW 8,050 in Pyongyang and KPW 8,080 in Sinuiju on July 7, "
            "while the yuan traded at KPW 1,205 and KPW 1,210, respectively.",
            "en",
        ),
        (
            "7일 평양과 신의주에서 달러는 각각 8,050원, 8,080원이었고 "
            "위안은 1,205원, 1,210원이었다.",
            "ko",
        ),
    ],
)
def test_respectively_pairs_each_goods_prices_with_the_markets_in_order(text, lang):
    got = {(o.market, o.commodity, o.price) for o in prices.extract(text, lang, "2018-07-10")}
    assert got == {
        ("pyongyang", "us_dollar", 8050),
        ("sinuiju", "us_dollar", 8080),
        ("pyongyang", "chinese_yuan", 1205),
        ("sinuiju", "chinese_yuan", 1210),
    }


def test_a_goods_unit_in_its_column_header_is_its_unit():
    text = "Prices (May 11)\nMarket | Rice (KPW/kg) | Gasoline (KPW/liter)\nHyesan | 5,900 | 12,000"
    got = {(o.commodity, o.unit) for o in prices.extract(text, "en", "2013-05-14")}
    assert got == {("rice", "kg"), ("gasoline", "l")}


@pytest.mark.parametrize(
    "lines, lang",
    [
        (
            [
                "물가(9월 3일 기준)",
                "구분 | 쌀 | 등락 | 달러 | 등락",
                "평양 | 5,080 | +300 | 8,060 | 0",
            ],
            "ko",
        ),
        (
            [
                "Prices (Sept. 3)",
                "Market\tRice\tChange\tUSD\tChange",
                "Pyongyang\t5,080\t+300\t8,060\t-120",
            ],
            "en",
        ),
    ],
)
def test_a_column_of_signed_changes_is_no_price(lines, lang):
    got = {(o.commodity, o.price) for o in prices.extract("\n".join(lines), lang, "2016-09-07")}
    assert got == {("rice", 5080), ("us_dollar", 8060)}


@pytest.mark.parametrize(
    "row, lang, market",
    [
        ("Pyongyang (Tongil market) | 5,900 | 2,600", "en", "pyongyang"),
        ("Sinuiju, North Pyongan | 5,900 | 2,600", "en", "sinuiju"),
        ("평양 통일시장 | 5,900 | 2,600", "ko", "pyongyang"),
    ],
)
def test_a_rows_market_name_or_province_after_its_city_is_part_of_the_label(row, lang, market):
    head = (
        ["Prices (May 11)", "Market | Rice | Corn"]
        if lang == "en"
        else ["물가", "구분 | 쌀 | 옥수수"]
    )
    text = "\n".join([*head, row])
    got = {(o.market, o.commodity, o.price) for o in prices.extract(text, lang, "2013-05-14")}
    assert got == {(market, "rice", 5900), (market, "corn", 2600)}


@pytest.mark.parametrize(
    "text, lang, want_day",
    [
        # the won only in the columns' units, cells without commas, a caption naming the
        # country and its day (the year is no cell, the caption no row)
        (
            "2022년 6월 4일 북한 시장 물가\n"
            "지역 쌀(원/kg) 옥수수(원/kg) 달러(원/달러)\n"
            "평양 4800 2300 5600\n신의주 4850 2350 5650\n혜산 4900 2400 5700",
            "ko",
            "2022-06-04",
        ),
        (
            "North Korea market prices, June 4, 2022 (won)\n"
            "Item Pyongyang Sinuiju Hyesan\n"
            "Rice (1kg) 4800 4850 4900\nCorn (1kg) 2300 2350 2400\nUS dollar ($1) 5600 5650 5700",
            "en",
            "2022-06-04",
        ),
        # a caption with no survey word, or its day in figures only, still dates the table
        (
            "Prices at North Korean markets on June 4, 2022\n"
            "Item Pyongyang Sinuiju Hyesan\n"
            "Rice (won/kg) 4800 4850 4900\nCorn (won/kg) 2300 2350 2400\n"
            "US dollar ($1) 5600 5650 5700",
            "en",
            "2022-06-04",
        ),
        (
            "북한 시장 동향 (2022.6.4)\n"
            "지역 쌀(원/kg) 옥수수(원/kg) 달러(원/달러)\n"
            "평양 4800 2300 5600\n신의주 4850 2350 5650\n혜산 4900 2400 5700",
            "ko",
            "2022-06-04",
        ),
    ],
)
def test_a_table_with_its_units_in_the_header_and_its_day_in_the_caption(text, lang, want_day):
    got = {
        (o.date, o.market, o.commodity, o.price) for o in prices.extract(text, lang, "2022-06-07")
    }
    assert len(got) == 9 and {d for d, *_ in got} == {want_day}
    assert (want_day, "sinuiju", "us_dollar", 5650) in got
    assert (want_day, "hyesan", "corn", 2400) in got


@pytest.mark.parametrize(
    "text, lang, want",
    [
        # a fine's "-고," clause ends where a clause naming its own good and price begins
        (
            "지난 5일 단속된 장사꾼은 벌금 30만 원을 물었고, 이날 혜산 시장에서 옥수수는 "
            "1kg에 2,900원에 팔렸다.",
            "ko",
            [("2019-11-05", "hyesan", "corn", 2900)],
        ),
        (
            "지난 5일 단속된 장사꾼은 벌금 30만 원을 물었으며, 이날 혜산 시장에서 옥수수는 "
            "1kg에 2,900원에 팔렸다.",
            "ko",
            [("2019-11-05", "hyesan", "corn", 2900)],
        ),
        # ... but a clause that goes on about the fine keeps no price
        ("지난 5일 장사꾼은 벌금 30만 원을 물었고, 그 뒤로 5만 원을 더 냈다.", "ko", []),
        # "이날", "that day": the day named before in the paragraph, not the publication's,
        # and the market named with it
        (
            "지난 5일 혜산 시장에 단속원들이 들이닥쳤다. 이날 옥수수는 1kg에 2,900원에 팔렸다.",
            "ko",
            [("2019-11-05", "hyesan", "corn", 2900)],
        ),
        (
            "Inspectors raided the Hyesan market on Nov. 5. That day, corn sold for KPW 2,900 "
            "per kilogram.",
            "en",
            [("2019-11-05", "hyesan", "corn", 2900)],
        ),
        # ... or in the paragraph before
        (
            "Inspectors raided the Hyesan market on Nov. 5, a source said.\n"
            "On the same day, corn sold for KPW 2,900 per kilogram.",
            "en",
            [("2019-11-05", "hyesan", "corn", 2900)],
        ),
    ],
)
def test_a_fine_ends_with_its_clause_and_that_day_is_the_day_named_before(text, lang, want):
    got = [
        (o.date, o.market, o.commodity, o.price) for o in prices.extract(text, lang, "2019-11-08")
    ]
    assert got == want


@pytest.mark.parametrize(
    "text, lang",
    [
        (
            "Corn went for KPW 2,050 per kilogram in Hyesan on Nov. 5, with Pyongyang and "
            "Sinuiju at KPW 2,100 and KPW 2,150.",
            "en",
        ),
        (
            "5일 혜산 시장에서 옥수수는 kg당 2,050원이었고, 평양과 신의주는 2,100원, "
            "2,150원이었다.",
            "ko",
        ),
        # ... or the prices listed right before it
        (
            "Corn went for KPW 2,050 per kilogram in Hyesan on Nov. 5, with KPW 2,100 and "
            "KPW 2,150 in Pyongyang and Sinuiju.",
            "en",
        ),
        (
            "5일 혜산에서 옥수수는 kg당 2,050원이었고, 2,100원과 2,150원에 거래된 평양과 "
            "신의주보다 쌌다.",
            "ko",
        ),
    ],
)
def test_a_list_of_markets_after_the_first_price_takes_its_listed_prices(text, lang):
    got = {(o.date, o.market, o.price) for o in prices.extract(text, lang, "2019-11-08")}
    assert got == {
        ("2019-11-05", "hyesan", 2050),
        ("2019-11-05", "pyongyang", 2100),
        ("2019-11-05", "sinuiju", 2150),
    }


@pytest.mark.parametrize(
    "text, lang, want",
    [
        # an average that opens the sentence holds past its list's commas
        ("Averaged across Pyongyang, Sinuiju and Hyesan, corn cost KPW 2,080 on Nov. 5.", "en", []),
        ("On average, corn cost KPW 2,080 per kilogram in the three cities on Nov. 5.", "en", []),
        ("평양, 신의주, 혜산 세 곳을 평균하면, 5일 옥수수 가격은 kg당 2,080원이었다.", "ko", []),
        # ... up to a clause set against it
        (
            "Averaged over the month, corn cost KPW 2,080, but in Hyesan it sold for KPW 2,200 "
            "on Nov. 5.",
            "en",
            [2200],
        ),
        (
            "평균적으로 옥수수는 2,080원이었지만, 5일 혜산에서는 kg당 2,200원에 팔렸다.",
            "ko",
            [2200],
        ),
    ],
)
def test_an_average_opening_the_sentence_is_no_market_price(text, lang, want):
    assert [o.price for o in prices.extract(text, lang, "2019-11-08")] == want


@pytest.mark.parametrize(
    "compared, lang, want",
    [
        # another market's price in parentheses, compared with: that market's, that day
        ("5,200원으로, 신의주(5,050원)보다 150원 비쌌다", "ko", {("sinuiju", 5050)}),
        ("5,200원으로, 신의주의 5,050원보다 150원 비쌌다", "ko", {("sinuiju", 5050)}),
        ("KPW 5,200, compared with KPW 5,050 in Sinuiju", "en", {("sinuiju", 5050)}),
        ("KPW 5,200, higher than KPW 5,050 in Sinuiju", "en", {("sinuiju", 5050)}),
        # ... an earlier time's without its day: no observation
        ("5,200원으로, 2주 전(5,050원)보다 150원 올랐다", "ko", set()),
        ("5,200원으로, 지난달(5,050원)에 비해 150원 올랐다", "ko", set()),
        ("5,200원으로, 2주 전의 5,050원보다 150원 올랐다", "ko", set()),
        ("5,200원으로, 화폐개혁 직후(5,050원)보다 크게 올랐다", "ko", set()),
        ("5,200원으로, 전국 평균(5,050원)보다 150원 비쌌다", "ko", set()),
        ("KPW 5,200, compared with KPW 5,050 in the previous survey", "en", set()),
        ("KPW 5,200, compared with KPW 5,050 in Sinuiju two weeks earlier", "en", set()),
    ],
)
def test_a_price_compared_with_is_that_markets_the_same_day(compared, lang, want):
    text = (
        f"5일 혜산 시장의 옥수수 가격은 1kg당 {compared}."
        if lang == "ko"
        else f"On Nov. 5, corn in Hyesan cost {compared}."
    )
    got = {(o.date, o.market, o.price) for o in prices.extract(text, lang, "2019-11-08")}
    assert got == {("2019-11-05", "hyesan", 5200)} | {("2019-11-05", m, p) for m, p in want}


@pytest.mark.parametrize("label", ["US dollar ($1)", "US dollar (1 dollar)", "Dollar (USD)"])
def test_a_rate_row_with_its_unit_in_parentheses_is_read(label):
    text = (
        "Market prices in North Korea as of June 4 (unit: KPW)\n"
        "Item Pyongyang Sinuiju Hyesan\n"
        "Rice (1kg) 4,800 4,850 4,900\n"
        f"{label} 5,600 5,650 5,700\n"
        "Chinese yuan (1 yuan) 790 795 800"
    )
    got = {(o.market, o.commodity, o.price) for o in prices.extract(text, "en", "2022-06-07")}
    assert ("sinuiju", "us_dollar", 5650) in got
    assert ("hyesan", "chinese_yuan", 800) in got
    assert len(got) == 9


@pytest.mark.parametrize(
    "mark", ["(-)", "(0)", "(±0)", "(―)", "(→)", "(보합)", "(▲0)", " -", " 보합", " →", ""]
)
def test_a_weekly_tables_mark_of_no_change_is_no_cell(mark):
    """Weekly tables mark an unchanged price in many ways; between two cells it is a
    change like any other, and the row's prices are still read."""
    text = "\n".join(
        [
            "북한 시장 물가(9월 28일 기준)",
            "구분 평양 신의주 혜산",
            f"달러(1달러) 8,300(▲50) 8,350{mark} 8,400(▲100)",
        ]
    )
    got = {(o.market, o.price) for o in prices.extract(text, "ko", "2013-09-30")}
    assert got == {("pyongyang", 8300), ("sinuiju", 8350), ("hyesan", 8400)}


@pytest.mark.parametrize(
    "then, want",
    [
        ("the source said, adding that corn in Musan was selling for 1,200 won", [1200]),
        ("the source said, noting that corn in Musan was selling for 1,200 won", [1200]),
        ("and the source said that corn in Musan was selling for 1,200 won", [1200]),
        ("and that corn in Musan was selling for 1,200 won", [1200]),
        # the new report's own pay words still take it
        ("the source said, adding that corn sellers pay a fee of 1,200 won", []),
    ],
)
def test_a_sources_new_report_after_pay_words_is_read_on_its_own(then, want):
    """ "..., adding that ...": what the source goes on to say names its own good; the pay
    words before it are not about it."""
    text = f"A smuggler must pay border guards as much as 10,000 yuan, {then} on Sept. 10."
    got = [o.price for o in prices.extract(text, "en", "2016-09-13")]
    assert got == want


@pytest.mark.parametrize(
    "topic, want",
    [
        ("Rice prices have risen across the country. ", {"rice"}),
        ("The price of corn has risen across the country. ", {"corn"}),
        # two goods: the amounts' good is unknown
        ("Rice and corn prices have risen across the country. ", set()),
        # the paragraph before is not this one's topic
        ("Rice prices have risen across the country.\n", set()),
    ],
)
def test_a_good_named_before_a_paragraphs_prices_is_theirs(topic, want):
    text = (
        f"{topic}In Pyongyang, a kilogram sold for KPW 4,700 on Sept. 28, while in Hyesan it "
        "fetched KPW 5,000."
    )
    got = prices.extract(text, "en", "2019-09-30")
    assert {o.commodity for o in got} == want
    assert {(o.market, o.price) for o in got} == (
        {("pyongyang", 4700), ("hyesan", 5000)} if want else set()
    )


def test_a_korean_good_named_before_its_prices_is_theirs():
    text = "쌀값이 전국적으로 올랐다. 28일 평양에서는 1kg에 4,700원, 혜산에서는 5,000원에 거래됐다."
    got = {(o.market, o.commodity, o.price) for o in prices.extract(text, "ko", "2019-09-30")}
    assert got == {("pyongyang", "rice", 4700), ("hyesan", "rice", 5000)}


@pytest.mark.parametrize(
    "back, want",
    [
        ("지난달 21일 2,500원에서 300원 오른 것이다.", "2011-08-21"),
        ("8월 21일 2,500원에서 보름 만에 300원이 오른 셈이다.", "2011-08-21"),
    ],
)
def test_a_korean_look_back_led_by_a_bare_day_and_its_price_is_the_last_goods(back, want):
    text = f"청진 수남시장에서 4일 쌀 1kg이 2,800원에 팔렸다. {back}"
    got = [
        (o.date, o.market, o.commodity, o.price) for o in prices.extract(text, "ko", "2011-09-06")
    ]
    assert got == [("2011-09-04", "chongjin", "rice", 2800), (want, "chongjin", "rice", 2500)]


@pytest.mark.parametrize(
    "lead",
    ["지난달", "화폐개혁 전인 지난달", "단속이 시작되기 전인 지난달", "그러나 지난달", "11월"],
)
def test_a_korean_look_back_led_by_a_few_words_is_the_last_goods_price_that_day(lead):
    text = (
        "평양 시장에서 쌀 1kg은 19일 현재 새 돈으로 50원에 거래되고 있다. "
        f"{lead} 28일에는 2200원(구화폐)이었다. 옥수수는 20원이었다."
    )
    got = [
        (o.date, o.market, o.commodity, o.price, o.currency)
        for o in prices.extract(text, "ko", "2009-12-21")
    ]
    assert got == [
        ("2009-12-19", "pyongyang", "rice", 50, "KPW"),
        ("2009-11-28", "pyongyang", "rice", 2200, "KPW-old"),
        ("2009-12-19", "pyongyang", "corn", 20, "KPW"),
    ]


@pytest.mark.parametrize(
    "paid, want",
    [
        ("had to hand over KPW 8,100 for one dollar", [8100]),
        ("handed over KPW 8,100 for one dollar", [8100]),
        ("had to pay KPW 8,100 for one dollar", [8100]),
        # a sum handed to someone is no price, nor a bound
        ("handed over KPW 8,100 to the guards", []),
        ("paid over KPW 8,100 for one dollar", []),
    ],
)
def test_won_handed_over_for_one_dollar_is_its_rate(paid, want):
    text = f"In Hyesan on Oct. 1, traders {paid}."
    assert [o.price for o in prices.extract(text, "en", "2019-10-03")] == want


@pytest.mark.parametrize(
    "text, want",
    [
        ("A trader paid a KPW 500,000 fine, and that day rice sold for KPW 5,000", [5000]),
        ("Workers are paid KPW 3,000 a month, and a kilogram of rice costs KPW 5,000", [5000]),
        ("Workers are paid KPW 3,000 a month, and the price of rice is KPW 5,000", [5000]),
        # no verb of its own: the list goes on with the forecast
        ("Traders expect rice to reach KPW 7,000, and corn KPW 3,000", []),
        ("Traders expect rice to reach KPW 7,000, and corn will cost KPW 3,000", []),
        ("Traders expect rice to reach KPW 7,000, and corn is likely to follow at KPW 3,000", []),
        # a clause with pay words of its own
        ("Merchants are fined KPW 20,000, and repeat offenders are fined KPW 50,000", []),
    ],
)
def test_a_clause_after_and_with_its_own_price_verb_ends_the_pay_words(text, want):
    got = prices.extract(f"{text} in Hyesan on Oct. 1.", "en", "2019-10-03")
    assert [(o.market, o.price) for o in got] == [("hyesan", p) for p in want]


@pytest.mark.parametrize(
    "text, want",
    [
        ("At the Hyesan market on Oct. 1, buyers paid KPW 14,000 for a kilogram of pork.", 14000),
        ("Shoppers in Hyesan paid 5,000 won per kilogram of rice on Oct. 1.", 5000),
        # what the state pays, a bribe, a fee: no market price
        ("On Oct. 1, farmers in Hyesan were paid KPW 500 for a kilogram of corn.", None),
        ("On Oct. 1, a trader in Hyesan paid KPW 500,000 in bribes for a kilogram of pork.", None),
        ("On Oct. 1, traders in Hyesan paid a fee of KPW 500 for a kilogram of pork.", None),
    ],
)
def test_a_buyers_price_paid_for_one_unit_of_a_good_is_a_market_price(text, want):
    got = [(o.date, o.market, o.price) for o in prices.extract(text, "en", "2019-10-03")]
    assert got == ([("2019-10-01", "hyesan", want)] if want else [])


@pytest.mark.parametrize(
    "text, lang, want",
    [
        ("1일 혜산 시장에서 단속이 벌어졌다. 이날 쌀은 5,000원이었다.", "ko", "hyesan"),
        ("지난 1일 혜산에서 검열이 시작됐다. 이날 시장에서 쌀은 5,000원이었다.", "ko", "hyesan"),
        (
            "A crackdown began at the Hyesan market on Oct. 1. That day, rice sold for KPW 5,000.",
            "en",
            "hyesan",
        ),
        # a province, or two markets, with the day: no market for the price
        ("1일 양강도에서 단속이 벌어졌다. 이날 쌀은 5,000원이었다.", "ko", None),
        ("1일 혜산과 신의주에서 단속이 벌어졌다. 이날 쌀은 5,000원이었다.", "ko", None),
    ],
)
def test_that_day_takes_the_market_named_with_the_day(text, lang, want):
    got = [(o.date, o.market, o.price) for o in prices.extract(text, lang, "2019-10-03")]
    assert got == [("2019-10-01", want, 5000)]


@pytest.mark.parametrize(
    "text, want",
    [
        ("평양 장마당에서 입쌀 1kg이 9,800원까지 올라 1만 원을 눈앞에 두고 있다.", [9800]),
        ("평양 장마당에서 입쌀 1kg이 9,800원까지 올랐다.", [9800]),
        ("평양 장마당에서 입쌀 1kg이 1만 원까지 오를 수 있다.", []),
        # below or above a sum is a bound too
        ("평양 시장에서 달러 환율이 7천원 아래로 내려가자 주민들이 달러를 사들였다.", []),
        ("혜산 시장에서 입쌀 1kg이 5,000원 밑으로 떨어졌다.", []),
        ("신의주 시장에서 달러 환율이 8,000원 위로 올라섰다.", []),
        ("혜산 시장에서 입쌀 1kg은 5,000원 위아래에서 거래됐다.", [5000]),  # "about"
    ],
)
def test_a_korean_price_risen_to_is_one_and_the_sum_ahead_of_it_a_bound(text, want):
    assert [o.price for o in prices.extract(text, "ko", "2025-04-15")] == want


@pytest.mark.parametrize(
    "first",
    [
        "중국 단둥에서 들여온 쌀은 1톤에 3500위안에 넘겨지는데, 되거리 장사꾼들이 이를",
        "중국 단둥에서 쌀 1kg은 4.5위안에 팔리고 있으며, 장사꾼들이 이를",
    ],
)
def test_a_bulk_or_yuan_clause_leaves_the_goods_later_won_price_per_kg(first):
    text = f"{first} 혜산 시장에서 1kg당 4800원에 팔고 있다."
    got = [(o.market, o.commodity, o.price) for o in prices.extract(text, "ko", "2016-06-14")]
    assert got == [("hyesan", "rice", 4800)]


def test_a_bulk_price_in_won_is_still_none():
    text = "혜산 시장에서 쌀 한 포대(25kg)는 12만원에 팔린다."
    assert prices.extract(text, "ko", "2016-06-14") == []


@pytest.mark.parametrize(
    "text, lang",
    [
        (
            "평양 장마당에서 휘발유는 1kg당 9500원, 디젤유는 6800원에 판매되고 있다. "
            "지난 12일 데일리NK 조사 결과다.",
            "ko",
        ),
        (
            "In Pyongyang, gasoline sold for KPW 9,500 and diesel KPW 6,800 per kilogram. "
            "Daily NK surveyed the market on Sept. 12.",
            "en",
        ),
    ],
)
def test_a_survey_day_told_in_the_next_sentence_dates_the_prices_before_it(text, lang):
    got = {(o.date, o.price, o.date_exact) for o in prices.extract(text, lang, "2015-09-15")}
    assert got == {("2015-09-12", 9500, True), ("2015-09-12", 6800, True)}


def test_a_korean_list_after_the_day_a_source_spoke_takes_the_day_the_source_named():
    text = (
        '혜산 소식통은 13일 데일리NK와 통화에서 "지난 11일 혜산 시장에서 입쌀 1kg이 '
        '2,400원, 강냉이는 1,000원에 팔렸다"고 전했다.'
    )
    got = {(o.date, o.commodity, o.price) for o in prices.extract(text, "ko", "2009-04-14")}
    assert got == {("2009-04-11", "rice", 2400), ("2009-04-11", "corn", 1000)}


def test_two_days_and_two_prices_told_respectively_pair_in_order():
    text = (
        "데일리NK가 지난달 28일과 이달 11일 두 차례 조사한 결과, 혜산 시장의 쌀값은 "
        "각각 4,100원과 4,350원으로 나타났다."
    )
    got = {(o.date, o.price) for o in prices.extract(text, "ko", "2020-01-14")}
    assert got == {("2019-12-28", 4100), ("2020-01-11", 4350)}


def test_the_same_day_is_the_surveys_not_the_day_it_was_compared_with():
    text = (
        "데일리NK 조사에 따르면 지난 8일 신의주 시장에서 쌀은 1kg당 5,900원에 거래됐다. "
        "이는 지난달 25일 조사(6,100원) 때보다 200원 하락한 것이다. "
        "같은 날 옥수수는 kg당 2,650원이었다."
    )
    got = {(o.date, o.commodity, o.price) for o in prices.extract(text, "ko", "2013-06-11")}
    assert got == {
        ("2013-06-08", "rice", 5900),
        ("2013-05-25", "rice", 6100),
        ("2013-06-08", "corn", 2650),
    }


def test_a_rate_naming_no_currency_is_the_last_currencys():
    text = (
        "12일 평양에서 1달러는 북한 돈 2만 2500원에 거래됐다. "
        "지난달 14일 평양 환율(1만 8000원)과 비교하면 한 달 새 25% 오른 것이다."
    )
    got = {(o.date, o.commodity, o.price) for o in prices.extract(text, "ko", "2024-10-15")}
    assert got == {("2024-10-12", "us_dollar", 22500), ("2024-09-14", "us_dollar", 18000)}


def test_a_rate_naming_no_currency_after_a_good_is_none():
    text = "12일 평양에서 쌀 1kg은 7,900원에 거래됐다. 지난달 14일 평양 환율은 1만 8000원이었다."
    got = {(o.commodity, o.price) for o in prices.extract(text, "ko", "2024-10-15")}
    assert got == {("rice", 7900)}


@pytest.mark.parametrize(
    "first, tail",
    [
        ("1달러는 1만 2000원, 1위안은 1650원에", "달러는 2주 만에 1500원이 올랐다."),
        ("1달러는 1만 2000원에", "2주 만에 1500원이 올랐다."),  # the last good's
    ],
)
def test_an_earlier_days_price_in_brackets_is_of_the_good_compared(first, tail):
    text = f"23일 평양 시장에서 {first} 거래됐다. 지난 9일(1만 500원)과 비교하면 {tail}"
    got = {(o.date, o.commodity, o.price) for o in prices.extract(text, "ko", "2024-03-26")}
    assert ("2024-03-09", "us_dollar", 10500) in got
    assert ("2024-03-23", "us_dollar", 12000) in got and len(got) == 2 + ("위안" in first)


@pytest.mark.parametrize(
    "first, want",
    [
        ("지난 3일 1만 8500원에서 크게 뛰었다.", {("2022-09-03", "diesel", 12000)}),
        ("크게 뛰었다.", set()),  # no day looked back to: the period's start is unknown
    ],
)
def test_a_rise_over_the_same_period_is_from_the_periods_first_day(first, want):
    text = (
        f"청진 시장에서 휘발유 가격은 17일 kg당 2만 1000원으로 {first} "
        "디젤유도 같은 기간 1만 2000원에서 1만 4500원으로 올랐다."
    )
    got = {(o.date, o.commodity, o.price) for o in prices.extract(text, "ko", "2022-09-20")}
    assert got - want == {("2022-09-17", "gasoline", 21000), ("2022-09-17", "diesel", 14500)} | (
        {("2022-09-03", "gasoline", 18500)} if want else set()
    )
    assert want <= got


def test_korean_text_writing_the_currency_codes_gives_their_rates():
    text = "14일 혜산 시장에서 1USD당 북한 돈 8,150원, 1CNY당 1,230원에 환전되고 있다."
    got = {(o.commodity, o.unit, o.price) for o in prices.extract(text, "ko", "2017-10-17")}
    assert got == {("us_dollar", "USD", 8150), ("chinese_yuan", "CNY", 1230)}


def test_a_sum_in_usd_told_in_won_is_no_dollar_rate():
    text = "혜산 시장에서 중고 오토바이는 1000USD(북한 돈 약 2400만원)에 팔린다."
    assert prices.extract(text, "ko", "2017-10-17") == []


@pytest.mark.parametrize(
    "tail, want",
    [
        ("USD 8,100, CNY 1,200", {("us_dollar", 8100), ("chinese_yuan", 1200)}),
        ("and the dollar at USD 8,100", {("us_dollar", 8100)}),
        # dollars paid, or the reader's dollars: no rate
        ("and a phone cost USD 300", set()),
        ("or about USD 0.62", set()),
    ],
)
def test_a_dollar_listed_among_won_prices_is_its_rate(tail, want):
    text = f"In Hyesan on Oct. 1, rice was KPW 5,000, corn KPW 2,000, {tail}."
    got = {(o.commodity, o.price) for o in prices.extract(text, "en", "2019-10-03")}
    assert got - {("rice", 5000), ("corn", 2000)} == want


@pytest.mark.parametrize(
    "lines, lang",
    [
        (
            [
                "Rice prices in North Korean markets (KPW/kg)",
                "Date Pyongyang Sinuiju Hyesan",
                "Oct. 1 5,000 5,100 5,200",
                "Oct. 15 5,100 - 5,300",
            ],
            "en",
        ),
        (
            [
                "쌀 가격 추이 (단위: 원/kg)",
                "날짜\t평양\t신의주\t혜산",
                "10월 1일\t5,000\t5,100\t5,200",
                "2023.10.15\t5,100(+100)\t-\t5,300(+100)",
            ],
            "ko",
        ),
        (
            ["쌀(원/kg) 평양 신의주 혜산", "10월 1일 5,000 5,100 5,200", "10월 15일 5,100 - 5,300"],
            "ko",
        ),
    ],
)
def test_a_table_with_one_row_per_survey_day_gives_each_row_its_day(lines, lang):
    """A table of one good over time: the good in the caption or the header's corner,
    markets as columns, each row labelled by its day (a change or an empty cell is none)."""
    got = {
        (o.date, o.market, o.commodity, o.price)
        for o in prices.extract("\n".join(lines), lang, "2023-10-20")
    }
    assert got == {
        ("2023-10-01", "pyongyang", "rice", 5000),
        ("2023-10-01", "sinuiju", "rice", 5100),
        ("2023-10-01", "hyesan", "rice", 5200),
        ("2023-10-15", "pyongyang", "rice", 5100),
        ("2023-10-15", "hyesan", "rice", 5300),
    }


def test_a_table_of_days_without_one_good_named_gives_nothing():
    text = "Rice and corn prices\nDate Pyongyang Sinuiju Hyesan\nOct. 1 5,000 5,100 5,200"
    assert prices.extract(text, "en", "2023-10-20") == []


@pytest.mark.parametrize("market, want", [("무산 시장", "musan"), ("나선장마당", "rason")])
def test_a_city_named_only_with_its_suffix_is_named_bare_before_its_market(market, want):
    """The gazetteer names 무산 and 나선 only as 무산군, 나선시 (bare, they are common
    words); before "시장" or "장마당" the bare name is the city's market."""
    text = f"10일 {market}에서 옥수수는 1kg에 1,200원에 팔렸다."
    assert [o.market for o in prices.extract(text, "ko", "2016-09-13")] == [want]


@pytest.mark.parametrize(
    "text, want",
    [
        ("한다면서 10일 무산 시장에서 옥수수가 1kg에 1,200원에 팔렸다고 덧붙였다.", [1200]),
        ("한다며 10일 무산 시장에서 옥수수는 1kg에 1,200원이라고 전했다.", [1200]),
        # what follows goes on about the payment: no good of its own, no price
        ("한다며 1,200원씩 걷었다고 전했다.", []),
    ],
)
def test_the_end_of_what_a_korean_source_said_ends_its_pay_words(text, want):
    got = prices.extract(f"밀수꾼은 경비대에게 1만 위안을 바쳐야 {text}", "ko", "2016-09-13")
    assert [(o.market, o.price) for o in got] == [("musan", p) for p in want]


@pytest.mark.parametrize("quote", ["'", "‘", '"'])
def test_a_good_right_after_an_opening_quote_is_named(quote):
    text = f"{quote}Corn is 1,900 won a kilogram at the Chongjin market,{quote} the source said."
    assert [(o.commodity, o.price) for o in prices.extract(text, "en", "2018-06-18")] == [
        ("corn", 1900)
    ]


def test_a_word_after_an_apostrophe_inside_a_word_is_no_name():
    """ "o'rice" is no rice: only a quote that opens a word lets a name start after it."""
    assert prices.extract("Its o'rice sold for 1,900 won in Hyesan.", "en", "2018-06-18") == []


def _markets(text: str, lang: str = "en", published: str = "2016-03-22") -> list:
    return [(o.market, o.commodity, o.price) for o in prices.extract(text, lang, published)]


def test_a_city_named_before_the_prices_is_their_market():
    """The lead names the city; the price names only the market's own name and the
    source's province, which holds that city."""
    text = (
        "Following the new UN sanctions, traders in Sinuiju have begun hoarding fuel. "
        "A kilogram of gasoline sold for KPW 12,000 at the city's Chaeha market on Mar. 19, "
        "and diesel for KPW 9,500, a source in North Pyongan Province reported."
    )
    assert _markets(text) == [("sinuiju", "gasoline", 12000), ("sinuiju", "diesel", 9500)]


def test_a_source_in_another_province_keeps_its_province():
    text = (
        "Traders in Sinuiju have begun hoarding fuel. Gasoline sold for KPW 12,000 on "
        "Mar. 19, a source in Ryanggang Province reported."
    )
    assert _markets(text) == [(None, "gasoline", 12000)]


@pytest.mark.parametrize(
    "text, lang",
    [
        (
            "Police in Hoeryong have fined offenders KPW 500,000, a source reported. "
            "The source said pork sold for KPW 12,000 a kilogram on Nov. 3.",
            "en",
        ),
        (
            "회령시 보안서가 적발된 주민들에게 벌금 30만원을 물리고 있다. "
            "소식통은 지난 3일 돼지고기 1kg이 1만 2000원에 팔렸다고 말했다.",
            "ko",
        ),
    ],
)
def test_the_city_of_a_fine_is_the_market_of_the_next_price(text, lang):
    assert _markets(text, lang, "2018-11-06") == [("hoeryong", "pork", 12000)]


def test_a_city_named_in_another_paragraph_or_beside_another_is_no_market():
    two = "Prices in Sinuiju and Hyesan have been rising. Rice sold for KPW 5,000 on Mar. 19."
    apart = "Traders in Sinuiju have begun hoarding fuel.\nRice sold for KPW 5,000 on Mar. 19."
    assert _markets(two) == [(None, "rice", 5000)]
    assert _markets(apart) == [(None, "rice", 5000)]


@pytest.mark.parametrize(
    "pair",
    [
        "in Sinuiju it was KPW 5,150 and in Hyesan KPW 5,300",
        "in Sinuiju for 5,150won and in Hyesan for 5,300won",
    ],
)
def test_a_place_after_and_in_opens_the_next_item_of_a_list(pair):
    text = f"Rice sold for KPW 5,050 in Pyongyang on May 24, while {pair}."
    assert _markets(text, "en", "2014-05-27") == [
        ("pyongyang", "rice", 5050),
        ("sinuiju", "rice", 5150),
        ("hyesan", "rice", 5300),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Rice prices are likely to fall to KPW 4,500 once the harvest reaches the markets, "
        "a source in South Pyongan Province predicted.",
        "The state sells rice through the public distribution system at 44 won per kilogram, "
        "but rations have not been handed out in Chongjin since the spring.",
        "The state bank will exchange one dollar for 30 won in the new currency.",
        "Rice at the grain shops was fixed at KPW 2,500 per kilogram this month, some KPW 1,500 "
        "below market prices, the source said.",
    ],
)
def test_forecasts_state_prices_and_differences_are_no_market_prices(text):
    assert prices.extract(text, "en", "2019-12-05") == []


@pytest.mark.parametrize(
    "text, want",
    [
        (
            "When trading resumed on Dec. 5, rice sold for KPW 25 per kilogram in Hyesan. "
            "Before the reform, the same kilogram cost about 2,000 won.",
            [25],
        ),
        (
            "In Chongjin, rice was going for 250 won per kilo on Jan. 9, compared with just "
            "22 won in the first days after the reform.",
            [250],
        ),
    ],
)
def test_an_earlier_value_without_its_day_is_no_observation(text, want):
    assert [o.price for o in prices.extract(text, "en", "2010-01-12")] == want


def _dated(text: str, published: str) -> list:
    return [(o.date, o.commodity, o.price) for o in prices.extract(text, "en", published)]


def test_a_look_backs_day_is_its_own_not_the_next_clauses():
    text = (
        "In Pyongyang, gasoline sold for KPW 18,000 on Apr. 22, nearly double the KPW 9,500 "
        "it fetched on Mar. 25; diesel went for KPW 13,000."
    )
    assert _dated(text, "2017-04-25") == [
        ("2017-04-22", "gasoline", 18000),
        ("2017-03-25", "gasoline", 9500),
        ("2017-04-22", "diesel", 13000),
    ]


def test_a_month_alone_does_not_date_a_later_clause_when_a_day_is_named():
    text = (
        "In Sinuiju, sugar sold for KPW 18,000 on Apr. 4, more than double the price in "
        "January, and flour went for KPW 7,500."
    )
    assert _dated(text, "2020-04-07") == [
        ("2020-04-04", "sugar", 18000),
        ("2020-04-04", "flour", 7500),
    ]


def test_the_next_sentence_takes_the_surveys_day_not_the_look_backs():
    text = (
        "In Hyesan, 1 yuan was traded for 1,120 won on Sept. 3, after falling to 1,030 won on "
        "Aug. 20. The dollar stood at 7,950 won."
    )
    assert ("2022-09-03", "us_dollar", 7950) in _dated(text, "2022-09-06")


def test_the_same_day_is_the_surveys_not_the_look_backs():
    text = (
        "A kilogram of rice sold for 2,100 won in Sinuiju on March 21, up from 1,850 won on "
        "March 7. Corn sold for 880 won per kilogram in Sinuiju on the same day."
    )
    assert ("2009-03-21", "corn", 880) in _dated(text, "2009-03-24")


@pytest.mark.parametrize(
    "tail, want",
    [
        ("diesel rose to 8,600 won over the same period.", [("2016-04-02", "diesel", 8600)]),
        (
            "the crackdown pushed the price of diesel up to KPW 8,600.",
            [("2016-04-02", "diesel", 8600)],
        ),
        ("diesel may sell for up to KPW 8,600.", []),
    ],
)
def test_a_movement_to_an_amount_is_the_new_price_and_up_to_alone_a_bound(tail, want):
    text = f"According to Daily NK's survey of Pyongyang on April 2, {tail}"
    assert _dated(text, "2016-04-05") == want


def test_the_start_of_the_month_dates_a_price_to_its_first():
    text = (
        'A source in Hyesan said "the price of rice was 4,200 won at the beginning of the '
        'month, but now it is 5,000 won on the 16th."'
    )
    assert ("2012-06-01", "rice", 4200) in _dated(text, "2012-06-18")


@pytest.mark.parametrize(
    "pay",
    [
        "Workers at the mine are paid around KPW 4,000 a month, not enough to buy a kilogram",
        "Police fined residents KPW 100,000, worth more than fifteen kilograms",
    ],
)
def test_a_relative_clause_after_pay_words_gives_the_price_of_its_good(pay):
    text = f"{pay} of rice, which cost KPW 4,350 at the Musan market on Mar. 16."
    assert _markets(text, "en", "2019-03-19") == [("musan", "rice", 4350)]


def test_a_relative_clause_of_the_pay_itself_is_no_price():
    text = "Workers are paid a salary, which comes to KPW 4,000 a month, not enough for rice."
    assert prices.extract(text, "en", "2019-03-19") == []


@pytest.mark.parametrize(
    "text, want",
    [
        (
            "A defector living in Seoul said that rice costs 3,000 won a kilogram at her "
            "supermarket, 'about the same number as back home.'",
            [],
        ),
        (
            "A defector in Seoul said that rice costs 6,000 won a kilogram in Hyesan, up from "
            "5,000 won.",
            [6000],
        ),
        (
            "In Pyongyang, rice is sold to workers at 44 won per kilogram, the state price, but "
            "supplies ran out in August.",
            [],
        ),
    ],
)
def test_prices_in_seoul_and_a_state_price_told_after_the_amount_are_no_market_prices(text, want):
    assert [o.price for o in prices.extract(text, "en", "2021-11-09")] == want


@pytest.mark.parametrize(
    "text, lang",
    [
        (
            "In Dandong, wholesalers sell a kilogram of rice for 5 yuan, and smugglers carry it "
            "to Sinuiju, where it fetched KPW 5,100 per kilogram as of Feb. 8.",
            "en",
        ),
        ("단둥에서 쌀은 1kg에 5위안인데, 신의주 시장에서는 지난 8일 5100원에 팔렸다.", "ko"),
    ],
)
def test_the_good_bought_with_yuan_abroad_is_the_won_prices_good(text, lang):
    assert _markets(text, lang, "2014-02-11") == [("sinuiju", "rice", 5100)]


def test_what_a_source_could_confirm_is_told_not_supposed():
    text = "The last rate a source could confirm was 3,500 won to the dollar in Sinuiju on Nov. 28."
    assert _markets(text, "en", "2009-12-08") == [("sinuiju", "us_dollar", 3500)]


@pytest.mark.parametrize(
    "text, lang, want",
    [
        # every tense of 내리다 is a change, as 올랐다 and 떨어졌다 are
        ("평양 시장의 쌀값은 1kg당 200원 내렸고, 달러 환율도 100원가량 떨어졌다.", "ko", []),
        ("혜산 시장의 쌀값은 200원 내려 지난 3일 5000원에 거래됐다.", "ko", [5000]),
        # a sentence set in state shops, the place cut off from its price by a comma
        (
            "In state-run shops, where prices are set by the authorities, diesel is supposedly "
            "3,000 won per kilogram, but the shelves have been empty for months.",
            "en",
            [],
        ),
        (
            "In state-run shops, rice is supposedly 40 won, but in the Hyesan market it sold "
            "for KPW 5,000 per kilogram on Dec. 16.",
            "en",
            [5000],
        ),
        # state + any shop noun
        (
            "Workers will be paid KPW 50,000 a month, and state grocery stores are to sell "
            "rice at KPW 2,000 per kilogram, far below the market rate.",
            "en",
            [],
        ),
    ],
)
def test_a_past_fall_and_prices_in_state_shops_are_no_market_prices(text, lang, want):
    assert [o.price for o in prices.extract(text, lang, "2017-12-19")] == want


@pytest.mark.parametrize("unit", ["단위: 북한 원", "단위: 북한 돈 원", "단위: 원"])
def test_a_table_whose_only_won_is_its_unit_note_is_read(unit):
    text = f"북한 시장 물가 (3월 5일 기준, {unit})\n품목 평양 혜산\n쌀(1kg) 5100(+100) 5300(-50)"
    assert _markets(text, "ko", "2016-03-08") == [
        ("pyongyang", "rice", 5100),
        ("hyesan", "rice", 5300),
    ]


def test_a_headings_kpw_makes_the_bare_figures_of_its_list_prices():
    text = (
        "Market prices in Hyesan as of Oct. 18 (KPW): rice 11,500/kg; corn 5,200/kg, "
        "up 300 from a week earlier; USD 1 = 36,000."
    )
    assert _markets(text, "en", "2025-10-21") == [
        ("hyesan", "rice", 11500),
        ("hyesan", "corn", 5200),
        ("hyesan", "us_dollar", 36000),
    ]


@pytest.mark.parametrize(
    "text, want",
    [
        # "around 40 to 50 won" is a range; "from about 4,000 to 5,000 won" a movement
        (
            "Rice was trading at 300 won per kilogram at the Hyesan market on Jan. 30, after "
            "hovering around 40 to 50 won in mid-December.",
            [300],
        ),
        ("Rice in Hyesan rose from about 4,000 to 5,000 won on Jan. 30.", [5000]),
        ("Rice in Hyesan sold for about 4,000 to 5,000 won on Jan. 30.", []),
        # "has passed 500 won" is a bound, as "topped" and "crossed" are
        ("Rice in Hamhung has passed 500 won for the first time on Jan. 30.", []),
    ],
)
def test_a_range_told_with_to_and_a_passed_mark_are_no_prices(text, want):
    assert [o.price for o in prices.extract(text, "en", "2010-02-02")] == want


@pytest.mark.parametrize(
    "text",
    [
        # a quote ended by "며" ends its clause: the pay or state words after it are not its
        '소식통은 "12일 혜산 시장에서 쌀 1kg이 9,200원에 거래됐다"며 "국가가 주는 월급 3만 '
        '원으로는 쌀 4kg도 못 산다"고 말했다.',
        '소식통은 "12일 혜산 시장에서 쌀 1kg이 9,200원에 팔렸다"며 "양곡판매소 가격은 '
        '5,000원이지만 쌀이 없다"고 말했다.',
        # "-으니" links a clause as "-고" does
        '소식통은 "12일 혜산 시장에서 쌀 1kg이 9,200원에 팔렸으니 월급으로 쌀 30kg 정도를 '
        '살 수 있는 셈"이라고 말했다.',
    ],
)
def test_a_price_before_a_quotes_end_or_a_connective_keeps_its_clause(text):
    assert _markets(text, "ko", "2025-04-15") == [("hyesan", "rice", 9200)]


@pytest.mark.parametrize("rate, good", [("KPW 5,200", "us_dollar"), ("KPW 830", "chinese_yuan")])
def test_a_bare_rate_is_the_currency_whose_order_its_figure_is_of(rate, good):
    text = (
        "The dollar fell to KPW 5,000 in Hyesan on June 12, while the yuan stood at KPW 820. "
        f"In Pyongyang the rate was {rate}."
    )
    assert _markets(text, "en", "2021-06-15")[-1] == (
        "pyongyang",
        good,
        int(rate[4:].replace(",", "")),
    )


@pytest.mark.parametrize(
    "text, want",
    [
        (
            "Workers at the Nampo port now earn KPW 150,000 a month, a source said, barely "
            "enough for a week's food when a kilogram of corn costs KPW 5,200 at the Nampo market.",
            [("nampo", "corn", 5200)],
        ),
        ("Workers at the Nampo port now earn KPW 150,000 a month, a source said.", []),
    ],
)
def test_a_price_of_a_kilogram_after_pay_and_when_is_the_markets(text, want):
    assert _markets(text, "en", "2025-11-04") == want


@pytest.mark.parametrize(
    "text, want",
    [
        (
            "In Wonsan, a kilogram of rice went for KPW 9,800 on Mar. 22, while in Haeju it "
            "cost KPW 10,200 a day earlier.",
            [("2025-03-22", "wonsan", 9800), ("2025-03-21", "haeju", 10200)],
        ),
        (
            "In Wonsan, a kilogram of rice went for KPW 9,800 on Mar. 22, up from KPW 9,500 "
            "two days before.",
            [("2025-03-22", "wonsan", 9800), ("2025-03-20", "wonsan", 9500)],
        ),
        # no day to count back from: unknowable
        ("In Haeju, a kilogram of rice cost KPW 10,200 a day earlier.", []),
    ],
)
def test_a_day_earlier_counts_back_from_the_day_named_before(text, want):
    got = [(o.date, o.market, o.price) for o in prices.extract(text, "en", "2025-03-25")]
    assert sorted(got) == sorted(want)


@pytest.mark.parametrize(
    "text, lang",
    [
        (
            "16일 평양 시장에서 1달러는 8,150원, 중국 돈 1위안은 1,280원에 거래됐다. "
            "지난 2일에는 각각 8,000원, 1,260원이었다.",
            "ko",
        ),
        (
            "In Pyongyang on May 16, one dollar traded for KPW 8,150 and one yuan for KPW 1,280. "
            "On May 2, they had been KPW 8,000 and KPW 1,260 respectively.",
            "en",
        ),
    ],
)
def test_respectively_without_goods_points_back_to_the_last_sentences_goods(text, lang):
    got = {(o.date, o.commodity, o.price) for o in prices.extract(text, lang, "2015-05-19")}
    assert ("2015-05-02", "us_dollar", 8000) in got
    assert ("2015-05-02", "chinese_yuan", 1260) in got
    assert ("2015-05-02", "chinese_yuan", 8000) not in got


def test_a_korean_day_before_a_price_in_the_next_clause_is_that_prices_own():
    text = "4일 혜산에서 설탕 1kg은 8,000원에 팔렸는데, 지난달 21일에는 6,500원이었다."
    got = [(o.date, o.price) for o in prices.extract(text, "ko", "2020-04-07")]
    assert got == [("2020-04-04", 8000), ("2020-03-21", 6500)]


def test_a_comparison_with_a_goods_price_on_its_own_day_is_that_days_observation():
    text = (
        "청진 수남시장에서 13일 쌀 1kg은 500원에 팔렸다. "
        "지난달 27일 쌀값 350원과 비교하면 보름 만에 40% 넘게 오른 것이다."
    )
    got = [(o.date, o.commodity, o.price) for o in prices.extract(text, "ko", "2010-03-16")]
    assert got == [("2010-03-13", "rice", 500), ("2010-02-27", "rice", 350)]


def test_an_earlier_value_naming_its_good_in_parentheses_after_its_day_is_that_days():
    text = (
        "26일 신의주에서 휘발유는 1kg에 9,500원에 거래됐다. "
        "이는 이달 12일(휘발유 8,000원)보다 크게 오른 것이다."
    )
    got = [(o.date, o.commodity, o.price) for o in prices.extract(text, "ko", "2016-03-29")]
    assert got == [("2016-03-26", "gasoline", 9500), ("2016-03-12", "gasoline", 8000)]


@pytest.mark.parametrize(
    "text, want",
    [
        # a sentence on a good's movement names the good "it" is
        (
            "The dollar just keeps going up. On Saturday it was 9,200 won at the Pyongyang "
            "market, and people are buying dollars instead of rice.",
            [("2023-11-11", "pyongyang", "us_dollar", 9200)],
        ),
        # no good before: "it" is nothing
        ("Things keep going up. On Saturday it was 9,200 won at the Pyongyang market.", []),
    ],
)
def test_it_right_before_a_price_is_the_last_good_whatever_goods_follow(text, want):
    got = [
        (o.date, o.market, o.commodity, o.price) for o in prices.extract(text, "en", "2023-11-14")
    ]
    assert got == want


@pytest.mark.parametrize(
    "tail, want",
    [
        ("", [3850, 3600]),
        (", and that traders now hold their savings in dollars and yuan", [3850, 3600]),
    ],
)
def test_the_rate_of_a_later_sentence_is_the_last_currencys(tail, want):
    text = (
        "In Hyesan, the exchange rate for one US dollar climbed to 3,850 won on Oct. 17, a "
        f"source reported. The source added that the rate had stood at 3,600 won on Oct. 3{tail}."
    )
    got = [(o.commodity, o.price) for o in prices.extract(text, "en", "2009-10-20")]
    assert got == [("us_dollar", p) for p in want]


def test_the_rate_after_a_good_that_is_no_currency_is_nothing():
    text = "Rice sold for 2,300 won in Hyesan on Oct. 17. The rate was 3,600 won on Oct. 3."
    assert [o.commodity for o in prices.extract(text, "en", "2009-10-20")] == ["rice"]


@pytest.mark.parametrize(
    "text, want",
    [
        # the day after the quote's end is the telling's; the quote named its own
        (
            "“Diesel went up to 14,000 won per kilogram at the Sinuiju market on the 30th, and "
            "gasoline to 20,000 won,” a source told Daily NK on Oct. 1.",
            [("2017-09-30", "diesel", 14000), ("2017-09-30", "gasoline", 20000)],
        ),
        # no day in the quote: the telling's day is all there is
        (
            "“Gasoline is 20,000 won at the Sinuiju market,” a source told Daily NK on Oct. 1.",
            [("2017-10-01", "gasoline", 20000)],
        ),
    ],
)
def test_a_day_after_a_quotes_end_does_not_override_the_quotes_own_day(text, want):
    got = [(o.date, o.commodity, o.price) for o in prices.extract(text, "en", "2017-10-03")]
    assert got == want


@pytest.mark.parametrize(
    "tail, want",
    [
        (", while corn sold for 1,100.", [("rice", 2300), ("corn", 1100)]),
        # not of a price's order: a count, not a price
        (", while traders numbered 45,000.", [("rice", 2300)]),
    ],
)
def test_a_bare_figure_in_a_while_clause_shares_the_last_prices_currency(tail, want):
    text = (
        "A kilogram of rice was selling for KWP 2,300 in the Sunam Market of Chongjin on "
        f"June 11, a source in the province reported{tail}"
    )
    got = [(o.commodity, o.price) for o in prices.extract(text, "en", "2011-06-14")]
    assert got == want


@pytest.mark.parametrize(
    "first, want",
    [
        ("Nobody can buy rice any more.", [("rice", 6800)]),
        # two goods before: "it" is neither
        ("Nobody can buy rice or corn any more.", []),
    ],
)
def test_it_is_the_one_good_the_sentence_before_named(first, want):
    text = f"{first} In the Sariwon market it was 6,800 won a kilogram on Saturday."
    got = [(o.commodity, o.price) for o in prices.extract(text, "en", "2021-10-19")]
    assert got == want


@pytest.mark.parametrize(
    "verb, want",
    [
        ("has gone up to", [("chongjin", "rice", 2200)]),
        ("has crept up to", [("chongjin", "rice", 2200)]),
        # a bound still: what it may reach, not what it is
        ("may go up to", []),
    ],
)
def test_a_price_that_has_gone_up_to_a_sum_is_that_sum(verb, want):
    text = (
        "“People are afraid. A kilogram of rice at the Sunam market in Chongjin "
        f"{verb} 2,200 won because nobody dares to bring grain in,” the source said."
    )
    got = [(o.market, o.commodity, o.price) for o in prices.extract(text, "en", "2011-06-21")]
    assert got == want


@pytest.mark.parametrize(
    "item, want",
    [
        # eggs are no good of the gazetteer: their price is nobody's, not soybean oil's
        ("and eggs for KPW 600 each", [("pork", 16000), ("soybean_oil", 20000)]),
        ("and rice for KPW 6,000", [("pork", 16000), ("soybean_oil", 20000), ("rice", 6000)]),
        # the same good again, on another day: no new item
        (
            "and then for KPW 21,000 on Sept. 10",
            [("pork", 16000), ("soybean_oil", 20000), ("soybean_oil", 21000)],
        ),
    ],
)
def test_a_list_item_naming_an_unknown_good_takes_no_good_before_it(item, want):
    text = (
        "On Sept. 9, pork sold for KPW 16,000 per kilogram at the Sariwon market, soybean oil "
        f"for KPW 20,000 per liter, {item}, a source in North Hwanghae Province said."
    )
    got = [(o.commodity, o.price) for o in prices.extract(text, "en", "2023-09-12")]
    assert got == want


@pytest.mark.parametrize(
    "first",
    [
        "“돈주들이 단속을 피하려고 보안원에게 한 번에 50달러씩 찔러준다”면서",
        "“한 달 월급 3,000원으로는 입쌀 1kg도 못 산다”며",
        # however the first quote ends
        "“벌금을 낼 돈이 없어…”며",
        "“벌금을 낼 돈이 없어요”라며",
        "“보안원에게 뇌물을 얼마나 더 줘야 할까”라면서",
    ],
)
def test_bribe_or_wage_words_in_a_sources_first_quote_leave_the_next_quote(first):
    text = f"평안남도 소식통은 {first} “평성 장마당 쌀값은 지금 1kg에 6,000원”이라고 말했다."
    got = [(o.market, o.commodity, o.price) for o in prices.extract(text, "ko", "2013-06-04")]
    assert got == [("pyongsong", "rice", 6000)]


@pytest.mark.parametrize(
    "verb, want",
    [
        ("넘기고 있다", [("chongjin", "corn", 3500)]),  # 넘기다 after 에: sells at it
        ("넘겼다", [("chongjin", "corn", 3500)]),
        ("팔아넘기고 있다", [("chongjin", "corn", 3500)]),
        ("처분하고 있다", [("chongjin", "corn", 3500)]),
        # went past it: a bound, no price
        ("넘어섰다", []),
    ],
)
def test_a_korean_good_handed_on_at_a_sum_is_sold_at_it(verb, want):
    text = f"청진 수남시장에서 되거리 장사꾼들이 강냉이를 1kg당 3500원에 {verb}."
    got = [(o.market, o.commodity, o.price) for o in prices.extract(text, "ko", "2021-08-10")]
    assert got == want


def test_a_korean_sum_gone_past_is_no_price():
    text = "청진 수남시장에서 강냉이 1kg은 3500원을 넘겼다."
    assert prices.extract(text, "ko", "2021-08-10") == []


@pytest.mark.parametrize(
    "text, want",
    [
        (
            '소식통은 "회령 장마당에서 강냉이도 3,100원이어서 사람들이 구경만 한다"며 '
            '"식량 사정이 고난의 행군 때와 다르지 않다"고 말했다.',
            [("hoeryong", "corn", 3100)],
        ),
        (
            "회령 장마당에서 강냉이가 3,100원이어서 고난의 행군 시기를 떠올리게 한다.",
            [("hoeryong", "corn", 3100)],
        ),
        (
            "회령 장마당에서 강냉이가 3,100원이니 고난의 행군 때보다 심하다.",
            [("hoeryong", "corn", 3100)],
        ),
        # a price told of the era itself is history
        ("고난의 행군 때 회령 장마당에서 강냉이는 100원이었다.", []),
    ],
)
def test_likening_today_to_the_famine_keeps_todays_korean_price(text, want):
    got = [(o.market, o.commodity, o.price) for o in prices.extract(text, "ko", "2021-05-04")]
    assert got == want


@pytest.mark.parametrize(
    "day, want",
    [
        ("지난해 12월 16일", "2023-12-16"),
        ("지난해 1월 6일", "2023-01-06"),  # not this January's 6th
        ("작년 1월 6일", "2023-01-06"),
        ("지난 6일", "2024-01-06"),
    ],
)
def test_a_korean_day_of_last_year_dates_the_earlier_value(day, want):
    text = (
        "데일리NK 조사 결과 13일 신의주 시장에서 미 달러 환율은 1달러당 1만 2500원을 기록했다. "
        f"{day} 9800원에서 크게 오른 것이다."
    )
    got = [(o.date, o.commodity, o.price) for o in prices.extract(text, "ko", "2024-01-16")]
    assert got == [("2024-01-13", "us_dollar", 12500), (want, "us_dollar", 9800)]


@pytest.mark.parametrize(
    "back, want",
    [
        (
            "지난달 22일 조사(평양 4900원) 때보다 소폭 오른 것으로, 쌀을 사두려는 주민이 늘었다.",
            [("2014-04-05", "rice", 5000), ("2014-03-22", "rice", 4900)],
        ),
        (
            "지난달 22일 조사(4900원) 때보다 소폭 올랐다.",
            [("2014-04-05", "rice", 5000), ("2014-03-22", "rice", 4900)],
        ),
        # a clause after it with a price of its own good: that good's, not the comparison's
        (
            "지난달 22일 조사(4900원) 때보다 오른 것으로, 강냉이는 2000원이었다.",
            [("2014-04-05", "rice", 5000), ("2014-04-05", "corn", 2000)],
        ),
    ],
)
def test_an_earlier_surveys_korean_value_in_parentheses_is_the_last_goods(back, want):
    text = f"지난 5일 평양 시장에서 쌀 1kg은 북한 돈 5000원에 거래됐다. {back}"
    got = [(o.date, o.commodity, o.price) for o in prices.extract(text, "ko", "2014-04-08")]
    assert got == want


def test_bribe_words_in_the_same_korean_quote_still_take_its_price():
    text = (
        "평안남도 소식통은 “보안원에게 뇌물로 쌀 1kg 값인 6,000원을 줘야 한다”며 "
        "“살기 힘들다”고 말했다."
    )
    assert prices.extract(text, "ko", "2013-06-04") == []


@pytest.mark.parametrize(
    "verb, want",
    [
        ("올라, 주민들이 걱정한다", [("hoeryong", "corn", 3100)]),  # reached it, then a comma
        ("올라 주민들이 걱정한다", [("hoeryong", "corn", 3100)]),
        # what it may reach is a bound
        ("오를 수 있다", []),
    ],
)
def test_a_korean_price_risen_up_to_a_sum_before_a_comma_is_that_sum(verb, want):
    text = f"지난 1일 회령 장마당에서 강냉이가 3100원까지 {verb}."
    got = [(o.market, o.commodity, o.price) for o in prices.extract(text, "ko", "2021-05-04")]
    assert got == want


@pytest.mark.parametrize(
    "text, want",
    [
        (
            "고난의 행군 때는 회령 장마당에서 강냉이 1kg이 100원이었지만, 지금은 3100원이다.",
            [("hoeryong", "corn", 3100)],
        ),
        (
            '소식통은 "회령 장마당에서 강냉이가 3100원이다"며 "고난의 행군 때 사람들이 굶어 '
            '죽었다"고 말했다.',
            [("hoeryong", "corn", 3100)],
        ),
        # a list of the era's own prices is all history
        ("고난의 행군 때 회령 장마당에서 쌀은 100원, 강냉이는 50원이었다.", []),
        # ... and a decade takes the whole sentence
        ("1990년대 고난의 행군 시기에는 100원이었지만, 회령 장마당 강냉이는 지금 3100원이다.", []),
    ],
)
def test_an_era_in_another_korean_clause_leaves_todays_price(text, want):
    got = [(o.market, o.commodity, o.price) for o in prices.extract(text, "ko", "2021-05-04")]
    assert got == want


@pytest.mark.parametrize(
    "back, want",
    [
        # (convention of session 7: an earlier value dated only by a month part is none)
        ("3월 중순에는 4800원이었다.", []),
        ("지난해 3월에는 4800원이었다.", []),
        # a span from a month is no date
        ("3월부터는 4800원이었다.", []),
        # ... but a day of that month is: the last good's then
        ("3월 12일에는 4800원이었다.", [("2024-03-12", "rice", 4800)]),
    ],
)
def test_a_korean_sentence_looking_back_to_a_month_is_no_observation(back, want):
    text = f"지난 13일 신의주 시장에서 쌀 1kg은 6000원이다. {back}"
    got = [(o.date, o.commodity, o.price) for o in prices.extract(text, "ko", "2024-05-16")]
    assert got == [("2024-05-13", "rice", 6000)] + want


_TABLE = "Item Pyongyang Hyesan\nRice (1kg) 640 710\nCorn (1kg) 310 335"


@pytest.mark.parametrize(
    "caption, want",
    [
        ("Market prices (Apr. 2, 2010, unit: won)", [640, 710, 310, 335]),
        ("Market prices (Apr. 2, 2010) Unit: KPW", [640, 710, 310, 335]),
        ("Market prices (Apr. 2, 2010, in won)", [640, 710, 310, 335]),
        ("Market prices (Apr. 2, 2010) (North Korean won)", [640, 710, 310, 335]),
        # another currency's figures are no prices in won
        ("Market prices (Apr. 2, 2010, unit: yuan)", []),
    ],
)
def test_a_table_of_small_figures_under_an_english_caption_naming_the_won_is_read(caption, want):
    text = f"{caption}\n{_TABLE}"
    found = prices.extract(text, "en", "2010-04-05")
    assert [o.price for o in found] == want
    assert {o.date for o in found} <= {"2010-04-02"}


@pytest.mark.parametrize(
    "second, want",
    [
        # the month is of another clause: the price is the source's, of June 3
        (
            "Rice is 6,100 won, and farm households ran out of grain in April.",
            ("2012-06-03", True),
        ),
        # ... but a month in the price's own clause is its month
        ("Rice was 6,100 won in April.", ("2012-04-01", False)),
    ],
)
def test_a_month_named_in_a_later_clause_does_not_date_an_undated_price(second, want):
    text = (
        '"Pork is 12,000 won a kilo at the Sunam market," a source in Chongjin told Daily NK '
        f'on June 3. "{second}"'
    )
    found = prices.extract(text, "en", "2012-06-05")
    rice = [(o.date, o.date_exact) for o in found if o.commodity == "rice"]
    assert rice == [want]


@pytest.mark.parametrize(
    "text, want",
    [
        (
            '"Rice now goes for 2,000 won a kilo in the Hyesan market, and corn is 800 won. '
            'Nobody can afford it," the source said on Mar. 4.',
            {("rice", "2011-03-04"), ("corn", "2011-03-04")},
        ),
        # the prices are outside the quote: not what the source told that day
        (
            "Rice now goes for 2,000 won a kilo in the Hyesan market, and corn is 800 won. "
            '"Nobody can afford it," the source said on Mar. 4.',
            {("rice", "2011-03-07"), ("corn", "2011-03-07")},
        ),
    ],
)
def test_the_day_a_source_told_a_quote_dates_the_prices_of_its_earlier_sentences(text, want):
    found = prices.extract(text, "en", "2011-03-07")
    assert {(o.commodity, o.date) for o in found} == want


@pytest.mark.parametrize(
    "rate, want",
    [
        ("and one yuan for 1,390.", [("us_dollar", 8600), ("chinese_yuan", 1390)]),
        ("and the Chinese yuan at 1,390.", [("us_dollar", 8600), ("chinese_yuan", 1390)]),
        # an earlier rate without its day is none
        ("and one yuan for 1,390 two weeks earlier.", [("us_dollar", 8600)]),
    ],
)
def test_a_bare_figure_of_a_named_currency_after_a_price_in_won_is_its_rate(rate, want):
    text = f"On Aug. 17, the dollar traded for KPW 8,600 in Hyesan, {rate}"
    found = prices.extract(text, "en", "2013-08-20")
    assert [(o.commodity, o.price) for o in found] == want
    assert {(o.date, o.market) for o in found} == {("2013-08-17", "hyesan")}


@pytest.mark.parametrize(
    "multiple, want",
    [
        # a multiple of an earlier value without a day of its own: no observation
        ("three times the 100 won it fetched in the first week of December", []),
        ("twice the KPW 150 it cost after the reform", []),
        ("half the KPW 600 it fetched before the holiday", []),
        # ... with its own day, that day's price
        ("double the 150 won it fetched on Dec. 28", [("2009-12-28", 150)]),
    ],
)
def test_a_multiple_of_an_earlier_value_is_an_observation_only_with_its_own_day(multiple, want):
    text = f"On Jan. 9, a kilogram of rice traded for 300 won at the Hyesan market, {multiple}."
    found = prices.extract(text, "en", "2010-01-12")
    assert [(o.date, o.price) for o in found] == [("2010-01-09", 300), *want]


@pytest.mark.parametrize(
    "second, want",
    [
        # the state sets it: a state price, whether or not an aside cuts its subject off
        ("The state, by contrast, sets the price of soybean oil in its shops at KPW 350.", []),
        ("The state, however, sets the price of soybean oil in its shops at KPW 350.", []),
        ("The state sets the price of soybean oil in its shops at KPW 350.", []),
        # ... but a market price after a clause about the state stays
        (
            "The state has stopped supplying oil, and soybean oil now sells for KPW 9,900.",
            [("2016-10-18", 9900)],
        ),
    ],
)
def test_a_price_the_state_sets_is_none_even_past_an_aside(second, want):
    text = f"A kilogram of soybean oil traded for KPW 9,700 in Sinuiju on Oct. 18. {second}"
    found = prices.extract(text, "en", "2016-10-21")
    assert [(o.date, o.price) for o in found] == [("2016-10-18", 9700), *want]


@pytest.mark.parametrize(
    "after, want",
    [
        # a colon and a price seen of one unit: the market's, past the pay words
        ("a kilogram sold for KPW 7,400 at the Chongjin market on July 12.", [7400]),
        ("one kilogram went for KPW 7,400 at the Chongjin market on July 12.", [7400]),
        # ... not the pay told after the colon, nor a sum for a bulk quantity
        ("a worker gets KPW 7,400 a month on July 12.", []),
        ("a 10 kg sack sold for KPW 74,000 at the Chongjin market on July 12.", []),
    ],
)
def test_a_colon_ends_the_clause_of_pay_words_before_a_price_per_unit(after, want):
    text = (
        "Although monthly wages at some factories have risen to KPW 50,000, they still buy "
        f"less than 7 kg of rice: {after}"
    )
    found = prices.extract(text, "en", "2024-07-15")
    assert [o.price for o in found] == want
    assert all((o.date, o.market, o.commodity) == ("2024-07-12", "chongjin", "rice") for o in found)


@pytest.mark.parametrize(
    "end", ['팔린다"며', '팔려요"며', '팔릴까"며', '팔려"라며', '팔려요"라면서']
)
@pytest.mark.parametrize("then", ["국정가격은 46원", "노동자 월급은 3000원"])
def test_a_korean_quote_ends_however_it_ends_before_the_sources_next_words(end, then):
    text = f'소식통은 "회령 장마당에서 입쌀 1kg이 5500원에 {end} "{then}"이라고 말했다.'
    found = prices.extract(text, "ko", "2016-03-10")
    assert [(o.market, o.commodity, o.price) for o in found] == [("hoeryong", "rice", 5500)]


@pytest.mark.parametrize(
    "earlier, want",
    [
        # an earlier value far from the last rate named (the yuan's) but near the dollar's
        ("지난 3일(1만 6500원)", "us_dollar"),
        # ... one near the last rate's order stays the last rate's
        ("지난 3일(2300원)", "chinese_yuan"),
    ],
)
def test_a_korean_earlier_rate_goes_to_the_currency_of_its_order(earlier, want):
    text = (
        "데일리NK가 17일 조사한 결과 신의주에서 1달러는 1만 8000원, 1위안은 2450원에 "
        f"거래됐다. {earlier}에 비해 보름 만에 올랐다."
    )
    found = prices.extract(text, "ko", "2024-08-20")
    assert [(o.date, o.commodity) for o in found if o.date == "2024-08-03"] == [
        ("2024-08-03", want)
    ]


@pytest.mark.parametrize(
    "pay, want",
    [
        # the pay's figure told of a noun ends the pay's clause: the main clause's price stays
        ("월급이 3000원에 불과한 노동자들에게 26일 해주 장마당의 입쌀값 5200원(kg)은", [5200]),
        ("월급이 3000원밖에 안 되는 노동자들에게 26일 해주 장마당의 입쌀값 5200원(kg)은", [5200]),
        ("월급이 3000원인 노동자들에게 26일 해주 장마당의 입쌀값 5200원(kg)은", [5200]),
        # ... but the pay's figure is no price of the good named after it
        ("월급이 3000원에 불과한 노동자들은 26일 해주 장마당에서 입쌀을", []),
    ],
)
def test_a_korean_pay_figure_told_of_a_noun_leaves_the_main_clauses_price(pay, want):
    found = prices.extract(f"{pay} 감당하기 어렵다.", "ko", "2015-12-29")
    assert [o.price for o in found] == want
    assert all((o.date, o.market, o.commodity) == ("2015-12-26", "haeju", "rice") for o in found)


@pytest.mark.parametrize(
    "fine, want",
    [
        # a clause of fine words without a figure, linked by "-어": the price after is the market's
        ("벌금을 낼 돈이 없어 회령 장마당에서 입쌀 1kg이 5500원에 팔린다", [5500]),
        ("뇌물을 바칠 돈이 모자라 회령 장마당에서 입쌀 1kg이 5500원에 팔린다", [5500]),
        # ... a figure in the fine's clause stays the fine's
        ("벌금 5000원을 낼 돈이 없어 회령 장마당에서 입쌀을 팔았다", []),
    ],
)
def test_a_korean_clause_of_fine_words_linked_by_eo_leaves_the_next_clauses_price(fine, want):
    text = f'소식통은 "{fine}"고 전했다.'
    found = prices.extract(text, "ko", "2016-03-10")
    assert [o.price for o in found] == want
    assert all((o.market, o.commodity) == ("hoeryong", "rice") for o in found)


@pytest.mark.parametrize(
    "text, want",
    [
        # an era named after the price's clause linked by "-어" is the next clause's time
        (
            "회령 장마당에서 강냉이 1kg이 3100원으로 올라 "
            "주민들은 고난의 행군 시기가 다시 올까 걱정한다.",
            [3100],
        ),
        (
            "회령 장마당에서 강냉이 1kg이 3100원까지 치솟아 "
            "주민들은 고난의 행군 때가 다시 올까 두려워한다.",
            [3100],
        ),
        # ... an era before the price is the price's own time: history
        ("고난의 행군 시기에 회령 장마당에서 강냉이 1kg이 100원으로 올라 주민들이 굶었다.", []),
    ],
)
def test_a_korean_era_in_a_later_clause_does_not_date_the_price(text, want):
    found = prices.extract(text, "ko", "2016-03-10")
    assert [o.price for o in found] == want
    assert all((o.market, o.commodity) == ("hoeryong", "corn") for o in found)


@pytest.mark.parametrize(
    "text, want",
    [
        # the state or its organs as the one who buys, sells, fixes: a state price
        ("In Pyongyang the state buys corn from the farms at a fixed 1,200 won per kilogram.", []),
        ("In Pyongyang the state has fixed the price of corn at its shops at 24 won per kg.", []),
        ("The authorities began selling corn from military reserves at KPW 1,200 per kg.", []),
        ("Officials at the state grain sales stations are selling corn at KPW 1,200 per kg.", []),
        ("Corn is sold at KPW 1,200 per kg at distribution centers in Pyongyang.", []),
        (
            "In Pyongyang, corn from reserves went for KPW 1,200, about half the going rate.",
            [],
        ),
        # ... but a market price in another clause stays, and so does the market's own
        (
            "The state buys corn from the farms at 500 won, while in Pyongyang it sells for "
            "KPW 1,200 per kg.",
            [1200],
        ),
        (
            "Since the authorities set up checkpoints, corn has sold for KPW 1,200 in Pyongyang.",
            [1200],
        ),
        ("In Pyongyang, corn sold for KPW 1,200 a kg, about half the price of rice.", [1200]),
    ],
)
def test_a_price_the_state_or_its_organs_set_buy_or_sell_at_is_none(text, want):
    found = prices.extract(text, "en", "2020-10-27")
    assert [o.price for o in found if o.commodity == "corn"] == want


@pytest.mark.parametrize(
    "text, want",
    [
        # pay words in a leading clause end at its comma: the main clause's price stays
        ("While workers are paid a monthly wage of just 3,000 won, a kilogram of rice", [4600]),
        ("Although workers earn 3,000 won a month, a kilogram of rice", [4600]),
        ("Even though a worker's wage is 3,000 won, a kilogram of rice", [4600]),
        ("With monthly wages at 3,000 won, a kilogram of rice", [4600]),
        # ... but not pay or forecast words of the main clause
        ("While workers are paid 3,000 won a month, a kilogram of rice would", []),
        ("With wages of 3,000 won a month, a kilogram of rice is expected to", []),
    ],
)
def test_pay_words_in_a_leading_clause_end_at_its_comma(text, want):
    found = prices.extract(f"{text} cost KPW 4,600 in Haeju on Nov. 5.", "en", "2016-11-08")
    assert [(o.date, o.market, o.commodity, o.price) for o in found] == [
        ("2016-11-05", "haeju", "rice", p) for p in want
    ]


@pytest.mark.parametrize(
    "cause, want",
    [
        # a forecast in a clause of rumors or fears after the price is theirs, not the price's
        ("after rumors spread that China would cut off crude oil", [18000]),
        ("amid fears that the border would close again", [18000]),
        ("because of reports that fuel imports might stop", [18000]),
        # ... but a forecast of the price's own clause still takes it
        ("and traders expect it to keep rising", []),
        ("if rumors that China would cut off crude oil prove true", []),
    ],
)
def test_a_forecast_in_a_clause_of_rumors_after_a_price_leaves_the_price(cause, want):
    text = f"Gasoline in Pyongyang jumped to KPW 18,000 per kilogram on April 29 {cause}."
    found = prices.extract(text, "en", "2017-05-02")
    assert [(o.date, o.market, o.price) for o in found] == [
        ("2017-04-29", "pyongyang", p) for p in want
    ]


@pytest.mark.parametrize(
    "told, second, want",
    [
        # the day a source told the quote before dates the next quote's undated prices
        ("a source told Daily NK on Sept. 6.", '"Diesel is going for 7,800 won', "2015-09-06"),
        ("said a source in Hyesan on Sept. 6.", '"Diesel is going for 7,800 won', "2015-09-06"),
        # ... not without a day, nor prices told outside a quote
        ("a source told Daily NK.", '"Diesel is going for 7,800 won', "2015-09-08"),
        ("a source told Daily NK on Sept. 6.", "Diesel is going for 7,800 won", "2015-09-08"),
    ],
)
def test_the_day_a_source_told_a_quote_dates_the_prices_of_the_quote_after_it(told, second, want):
    text = (
        f'"Nobody has time for trading," {told} {second} a kilo at the Hyesan market, and '
        'people grumble."'
    )
    found = prices.extract(text, "en", "2015-09-08")
    assert [(o.date, o.market, o.commodity, o.price) for o in found] == [
        (want, "hyesan", "diesel", 7800)
    ]


@pytest.mark.parametrize(
    "second, want",
    [
        # a relative clause's day is its own price's, not the main clause's
        (
            "The dollar, which traded at KPW 26,000 on May 24, was at KPW 28,500 in the city.",
            [("2025-05-24", 26000), ("2025-06-07", 28500)],
        ),
        (
            "The dollar, which had traded at KPW 26,000 on May 24, stood at KPW 28,500.",
            [("2025-05-24", 26000), ("2025-06-07", 28500)],
        ),
        # ... but the main clause's own day stays its
        (
            "The dollar, which traded at KPW 26,000 on May 24, was at KPW 28,500 on May 31.",
            [("2025-05-24", 26000), ("2025-05-31", 28500)],
        ),
        ("The dollar was at KPW 28,500 in the city on May 24.", [("2025-05-24", 28500)]),
    ],
)
def test_a_day_in_a_relative_clause_stays_inside_it(second, want):
    text = f"Rice sold for KPW 9,800 per kilogram in Hyesan on June 7, a survey found. {second}"
    found = prices.extract(text, "en", "2025-06-10")
    dollar = [(o.date, o.price) for o in found if o.commodity == "us_dollar"]
    assert dollar == want
    assert {o.market for o in found} == {"hyesan"}


@pytest.mark.parametrize(
    "lead, want",
    [
        # a sentence led by a unit of no good named is of the good the lead just named
        ("Pork has become a luxury for ordinary residents.", [("pork", 12000)]),
        ("Few can afford pork these days.", [("pork", 12000)]),
        # ... not when the lead names no good, or several
        ("Meat has become a luxury for ordinary residents.", []),
        ("Pork and rice have become luxuries.", []),
    ],
)
def test_a_sentence_led_by_a_unit_is_of_the_good_just_named(lead, want):
    text = f"{lead} A kilogram costs 12,000 won at the Sunam market in Chongjin on Oct. 20."
    found = prices.extract(text, "en", "2013-10-22")
    assert [(o.commodity, o.price) for o in found] == want
    assert all((o.date, o.market) == ("2013-10-20", "chongjin") for o in found)


@pytest.mark.parametrize(
    "told, want",
    [
        # the day of a clause past a semicolon is its own price's, not the first clause's
        (
            '"Pork costs 12,000 won a kilo in Chongjin now; it was 10,500 won as recently as '
            'Oct. 5," a source said on Oct. 20.',
            [("2013-10-20", 12000), ("2013-10-05", 10500)],
        ),
        # ... but a list's last day is every item's
        (
            "Pork cost 12,000 won a kilo in Chongjin and 10,500 won in Hyesan on Oct. 5.",
            [("2013-10-05", 12000), ("2013-10-05", 10500)],
        ),
    ],
)
def test_a_day_past_a_semicolon_is_its_own_clauses(told, want):
    found = prices.extract(told, "en", "2013-10-22")
    assert [(o.date, o.price) for o in found] == want


@pytest.mark.parametrize(
    "tail, want",
    [
        # "in both cities": the two markets named before, one observation each
        ("while rice stood at 5,000 won per kg in both cities.", {"pyongyang", "sinuiju"}),
        ("and rice sold for KPW 5,000 in both markets.", {"pyongyang", "sinuiju"}),
        # ... not one city's price
        ("while rice stood at 5,000 won per kg in Sinuiju.", {"sinuiju"}),
    ],
)
def test_a_price_in_both_cities_is_each_citys(tail, want):
    text = (
        "One US dollar fetched KPW 13,500 in Pyongyang on Mar. 16 and KPW 13,700 in "
        f"Sinuiju, {tail}"
    )
    found = prices.extract(text, "en", "2024-03-19")
    rice = {(o.market, o.date, o.price) for o in found if o.commodity == "rice"}
    assert rice == {(m, "2024-03-16", 5000) for m in want}


@pytest.mark.parametrize(
    "earlier, want",
    [
        # the value a price moved from is of the same good, though another good follows
        ("from KPW 8,050 on Sept. 26", [("2020-10-10", 7080), ("2020-09-26", 8050)]),
        ("down from KPW 8,050 on Sept. 26", [("2020-10-10", 7080), ("2020-09-26", 8050)]),
        # ... but an earlier value without its day is still none
        ("from KPW 8,050 two weeks earlier", [("2020-10-10", 7080)]),
    ],
)
def test_the_value_a_price_moved_from_is_its_goods(earlier, want):
    text = (
        "The dollar fell sharply in early October. In Pyongyang it traded for KPW 7,080 on "
        f"Oct. 10, {earlier}, and the yuan slipped to KPW 1,060."
    )
    found = prices.extract(text, "en", "2020-10-13")
    assert [(o.date, o.price) for o in found if o.commodity == "us_dollar"] == want
    assert [(o.date, o.price) for o in found if o.commodity == "chinese_yuan"] == [
        ("2020-10-10", 1060)
    ]


_KO_TODAY = "지난 14일 혜산 시장에서 쌀 1kg은 5000원에 거래됐다. "


@pytest.mark.parametrize(
    "back, want",
    [
        ("화폐개혁 전에는 쌀 1kg이 2,200원이었다.", []),
        ("화폐교환 전 쌀 1kg은 2,200원이었다.", []),
        ("화폐 개혁 이전에는 쌀 1kg이 2,200원이었다.", []),
        ("화폐개혁 때만 해도 쌀 1kg이 2,200원이었다.", []),
        # near miss: after the reform is today's time, and the sentence's own day stays
        ("화폐개혁 이후 청진 시장에서 쌀 1kg은 지난 15일 5200원이었다.", [("2015-03-15", 5200)]),
    ],
)
def test_a_korean_price_before_the_currency_reform_is_history(back, want):
    """An undated price "before the reform" is neither the last sentence's day nor new won."""
    got = [(o.date, o.price) for o in prices.extract(_KO_TODAY + back, "ko", "2015-03-20")]
    assert got == [("2015-03-14", 5000)] + want


@pytest.mark.parametrize(
    "text, want",
    [
        # (convention of session 7: an earlier value dated only by a month part is none)
        ("지난 14일 혜산 시장에서 쌀 1kg이 5000원에 팔렸는데 이달 초만 해도 4600원이었다.", []),
        ("혜산 시장에서 옥수수 1kg은 지난 14일 5000원으로 지난달 말 4600원에서 올랐다.", []),
        ("지난 14일 혜산 시장에서 쌀 1kg은 5000원으로 지난달 중순(4600원)보다 올랐다.", []),
        ("지난달 말 4600원이던 혜산 시장 쌀값이 지난 14일 5000원으로 올랐다.", []),
        # near misses: an earlier value with its own day is an observation of that day ...
        (
            "혜산 시장에서 쌀 1kg은 지난 14일 5000원으로 지난달 말인 28일 4600원에서 올랐다.",
            [("2015-02-28", 4600, True)],
        ),
        # the value it rose from, told first, is a look-back all the same
        ("혜산 시장 쌀값은 지난달 말 4600원에서 지난 14일 5000원으로 올랐다.", []),
    ],
)
def test_a_korean_look_back_to_a_part_of_a_month_is_no_observation(text, want):
    got = [(o.date, o.price, o.date_exact) for o in prices.extract(text, "ko", "2015-03-20")]
    assert got == [("2015-03-14", 5000, True)] + want


@pytest.mark.parametrize(
    "text, want",
    [
        ("이달 초 혜산 시장에서 쌀 1kg은 4600원에 거래됐다.", [("2015-03-01", 4600, False)]),
        ("지난달 중순 혜산 시장 쌀값은 4600원이었다.", [("2015-02-01", 4600, False)]),
    ],
)
def test_a_current_korean_price_dated_by_a_month_part_stays_on_its_first(text, want):
    got = [(o.date, o.price, o.date_exact) for o in prices.extract(text, "ko", "2015-03-20")]
    assert got == want


@pytest.mark.parametrize(
    "text, want",
    [
        # the state as buyer with a modal and the bare verb: a state price
        ("Under the new rules, the state will buy corn from farms at 40 won per kilogram.", []),
        ("The state is to purchase corn from cooperatives at 40 won per kilogram.", []),
        ("The government would procure corn from farmers at 40 won per kilogram.", []),
        # ... but the market's price in another clause stays
        (
            "The state will buy corn from farms at 40 won, while in Hyesan corn sells for "
            "KPW 2,900 per kg.",
            [2900],
        ),
    ],
)
def test_the_state_as_buyer_with_a_modal_is_no_market_price(text, want):
    found = prices.extract(text, "en", "2011-08-10")
    assert [o.price for o in found if o.commodity == "corn"] == want


@pytest.mark.parametrize(
    "tail, want",
    [
        # a bare figure after "and <good> for" right after a won price: that good's, in won
        (", and corn for 3,200.", [("rice", 6000), ("corn", 3200)]),
        (', and corn for 3,200," a source said.', [("rice", 6000), ("corn", 3200)]),
        # ... not a count or a year, nor a figure of another order
        (", and corn for 2,000 households.", [("rice", 6000)]),
        (", and corn for 30.", [("rice", 6000)]),
    ],
)
def test_a_bare_figure_after_and_a_good_for_is_its_price(tail, want):
    text = "Rice at the Sinuiju market went for KPW 6,000 per 1kg on Feb. 15" + tail
    found = prices.extract(text, "en", "2022-02-20")
    assert [(o.commodity, o.price) for o in found] == want
    assert all((o.market, o.date) == ("sinuiju", "2022-02-15") for o in found)


@pytest.mark.parametrize(
    "tail, want",
    [
        # a trailing "as of <day>" dates the whole list it closes, over the month before it
        (" as of Sept. 7.", ["2013-09-07", "2013-09-07"]),
        (' as of Sept. 7," a source told Daily NK.', ["2013-09-07", "2013-09-07"]),
        # ... but not when it is no list's end: the month stays for the first
        (" as of Sept. 7, down from KPW 1,330 a week before.", ["2013-09-01", "2013-09-07"]),
        # ... nor a later clause's day past a quote's end
        (
            '," a source said, adding that rice sold for KPW 5,000 as of Sept. 7.',
            ["2013-09-01"] * 2,
        ),
    ],
)
def test_a_closing_as_of_day_dates_the_list_over_a_month_before(tail, want):
    text = (
        '"Rates held steady in early September: in Pyongyang, 1 USD = KPW 8,050 and '
        "1 CNY = KPW 1,310" + tail
    )
    found = prices.extract(text, "en", "2013-09-10")
    got = [str(o.date) for o in found if o.commodity in ("us_dollar", "chinese_yuan")]
    assert got == want


@pytest.mark.parametrize(
    "second, want",
    [
        # "the same kilogram" after a sentence whose only price was the state's: that good
        ("At the Nampo market, the same kilogram sold for KPW 5,050 on Nov. 1.", ["rice"]),
        ("At the Nampo market, the same amount sold for KPW 5,050 on Nov. 1.", ["rice"]),
        ("At the Nampo market, a kilogram of the same sold for KPW 5,050 on Nov. 1.", ["rice"]),
        # ... but a unit that does not point back names no good
        ("At the Nampo market, a kilogram sold for KPW 5,050 on Nov. 1.", []),
    ],
)
def test_the_same_kilogram_is_of_the_good_named_before(second, want):
    text = "At state food shops rice is officially priced at 44 won per kilogram. " + second
    found = prices.extract(text, "en", "2014-11-04")
    assert [o.commodity for o in found] == want
    assert all((o.market, o.price, o.date) == ("nampo", 5050, "2014-11-01") for o in found)


def test_the_same_kilogram_after_two_goods_names_none():
    text = (
        "At state food shops rice and corn are officially priced at 44 won per kilogram. "
        "At the Nampo market, the same kilogram sold for KPW 5,050 on Nov. 1."
    )
    assert prices.extract(text, "en", "2014-11-04") == []


@pytest.mark.parametrize(
    "text",
    [
        '"On the 9th rice was 5,200 won a kilo in Hyesan," the source said.',
        "As of the 9th, rice was 5,200 won a kilo in Hyesan.",
        "Rice was 5,200 won a kilo in Hyesan on the 9th.",
    ],
)
def test_the_ordinal_day_opening_a_sentence_dates_its_price(text):
    got = [(o.date, o.market, o.price) for o in prices.extract(text, "en", "2012-06-11")]
    assert got == [("2012-06-09", "hyesan", 5200)]


def _ko(text: str, published: str = "2010-09-14") -> list[tuple]:
    return [(o.date, o.market, o.commodity, o.price) for o in prices.extract(text, "ko", published)]


@pytest.mark.parametrize(
    "text, want",
    [
        # the North's "1원" for one yuan is the rate's foreign unit, not a price of 1 won
        (
            "지난 11일 혜산에서 중국 돈 1원(위안)이 200원, 미국 딸라 1달러는 1350원 한다",
            [
                ("2010-09-11", "hyesan", "chinese_yuan", 200),
                ("2010-09-11", "hyesan", "us_dollar", 1350),
            ],
        ),
        (
            "지난 11일 혜산에서 중국 돈 1원(元)이 200원이다",
            [("2010-09-11", "hyesan", "chinese_yuan", 200)],
        ),
        # near miss: a won price with the yuan told after it in brackets stays a price
        (
            "지난 11일 혜산에서 쌀 1kg이 1,000원(위안 환산 약 5위안)에 팔렸다",
            [("2010-09-11", "hyesan", "rice", 1000)],
        ),
    ],
)
def test_korean_won_for_a_yuan_is_the_rate_not_a_price(text, want):
    assert _ko(text) == want


@pytest.mark.parametrize("won", ["북한돈 ", "북한 돈 ", "북한원 ", ""])
def test_korean_north_korean_money_written_as_one_word_keeps_the_market(won):
    text = f'해주 장마당 상인은 "지난 6일 중국돈 1위안이 {won}5,200원에 거래됐다"고 전했다.'
    assert _ko(text, "2025-12-09") == [("2025-12-06", "haeju", "chinese_yuan", 5200)]


def test_korean_north_korea_is_still_no_market():
    # near miss: the country itself (not its money) names no market
    text = "지난 6일 북한 장마당에서 쌀 1kg이 5,200원에 거래됐다."
    assert _ko(text, "2025-12-09") == [("2025-12-06", None, "rice", 5200)]


@pytest.mark.parametrize(
    "text, want",
    [
        ("지난 5일 청진 장마당에서 달러 1장에 1만 6000원을 줘야 바꿀 수 있다", [16000]),
        ("지난 5일 청진 장마당에서 달러 한 장에 1만 6000원을 줘야 바꿀 수 있다", [16000]),
        # near misses: two notes are no rate of one dollar; won given to an official is a bribe
        ("지난 5일 청진 장마당에서 달러 두 장에 3만 2000원을 줘야 바꿀 수 있다", []),
        ("지난 5일 청진 장마당에서 단속원에게 1만원을 줘야 풀려난다", []),
    ],
)
def test_korean_won_given_for_one_dollar_note_is_its_rate(text, want):
    found = _ko(text, "2024-05-07")
    assert [p for *_, p in found] == want
    assert all(f[:3] == ("2024-05-05", "chongjin", "us_dollar") for f in found)


@pytest.mark.parametrize(
    "text, want",
    [
        # "-는 동안" ends the pay clause, as "-인데," does: the rice after it is the market's
        (
            "공장 노동자들에게 월 4,000원의 임금을 주는 동안 신의주 장마당 쌀값은 "
            "5일 기준 1kg에 5,000원을 기록했다.",
            [("2015-12-05", "sinuiju", "rice", 5000)],
        ),
        (
            "신의주 장마당 쌀값이 5일 5,000원으로 오르는 동안에도 노동자 월급은 "
            "4,000원에 머물렀다.",
            [("2015-12-05", "sinuiju", "rice", 5000)],
        ),
        # near miss: without the clause's end the pay words take the sentence
        ("신의주 장마당에서 5일 노동자 월급 4,000원으로 쌀 1kg 5,000원을 살 수 없다.", []),
    ],
)
def test_korean_meanwhile_clause_ends_the_pay_words(text, want):
    assert _ko(text, "2015-12-08") == want


@pytest.mark.parametrize(
    "ending, want",
    [
        ("까지 한다", [23000]),  # goes as high as it: the price reached, as "까지 올랐다"
        ("까지 올랐다", [23000]),
        # near misses: may reach it, would, or passes it: bounds
        ("까지 한다면 장사를 접겠다", []),
        ("까지 할 것으로 보인다", []),
        ("까지 오를 것으로 보인다", []),
        ("을 넘는다", []),
    ],
)
def test_korean_price_goes_as_high_as_is_the_price_reached(ending, want):
    text = f"혜산 장마당에서 28일 휘발유가 1kg에 2만 3000원{ending}."
    found = _ko(text, "2022-05-31")
    assert [p for *_, p in found] == want
    assert all(f[:3] == ("2022-05-28", "hyesan", "gasoline") for f in found)


def _seen(text: str, published: str) -> list[tuple[str, str | None, str, int]]:
    return [(o.date, o.market, o.commodity, o.price) for o in prices.extract(text, "en", published)]


@pytest.mark.parametrize(
    "text, want",
    [
        # a list's rates without "=": won per one unit, not dollars paid
        (
            "Prices in Sinuiju (June 9): rice 4,200 won/kg, 1 USD 5,400 won, 1 CNY 830 won.",
            [
                ("2012-06-09", "sinuiju", "rice", 4200),
                ("2012-06-09", "sinuiju", "us_dollar", 5400),
                ("2012-06-09", "sinuiju", "chinese_yuan", 830),
            ],
        ),
        ("In Sinuiju on June 9, 1 USD 5,400 won.", [("2012-06-09", "sinuiju", "us_dollar", 5400)]),
        # near miss: dollars paid stay no price
        ("A trader in Sinuiju paid USD 5,400 for a truck, about 30 million won, on June 9.", []),
    ],
)
def test_a_rate_listed_without_equals_is_the_currencys_price(text, want):
    assert _seen(text, "2012-06-12") == want


@pytest.mark.parametrize(
    "text, want",
    [
        (
            "'Pork has gone up, and you now have to pay 13,000 won for a kilogram at the "
            "Sariwon market,' a source told Daily NK on Aug. 12.",
            [("2018-08-12", "sariwon", "pork", 13000)],
        ),
        (
            "In Sariwon, you must pay KPW 6,000 for a kilogram of rice on Aug. 12.",
            [("2018-08-12", "sariwon", "rice", 6000)],
        ),
        (
            "In Sariwon, buyers had to pay 6,000 won for one kilogram of rice on Aug. 12.",
            [("2018-08-12", "sariwon", "rice", 6000)],
        ),
        # near misses: a levy per kilogram, a fee, what porters are paid
        ("In Sariwon, traders have to pay 500 won for a kilogram to the guards on Aug. 12.", []),
        ("In Sariwon, traders have to pay a fee of 5,000 won on Aug. 12.", []),
        ("In Sariwon, porters are paid 300 won for a kilogram of rice on Aug. 12.", []),
    ],
)
def test_what_a_buyer_has_to_pay_for_a_kilogram_is_its_price(text, want):
    assert _seen(text, "2018-08-14") == want


@pytest.mark.parametrize("open_, close", [('"', '"'), ("'", "'"), ("“", "”")])
def test_a_quote_opened_after_the_day_it_was_told_keeps_that_day_to_its_end(open_, close):
    text = (
        f"{open_}Prices went up,{close} the source told Daily NK on Sunday. {open_}In the "
        f"Sunchon market pork is 13,000 won and rice is 5,200 won. Corn is 2,300 won.{close}"
    )
    assert _seen(text, "2015-02-24") == [
        ("2015-02-22", "sunchon", "pork", 13000),
        ("2015-02-22", "sunchon", "rice", 5200),
        ("2015-02-22", "sunchon", "corn", 2300),
    ]


QUOTE_NOW = (
    "'A kilogram of rice goes for 7,800 won at the Chongjin market these days,' a source "
    "told Daily NK on Aug. 17. "
)


@pytest.mark.parametrize(
    "then, want",
    [
        ("'Last spring rice was only 6,000 won, so people are struggling.'", []),
        ("'In the summer, corn was only 2,000 won.'", []),
        ("'A few months ago, corn was only 2,000 won.'", []),
        ("'Last year corn was only 2,000 won.'", []),
        # near misses: the quote goes on in the present, on the day it was told
        ("'Corn is 3,900 won.'", [("2024-08-17", "chongjin", "corn", 3900)]),
        ("'Pork is dear. Corn is 3,900 won.'", [("2024-08-17", "chongjin", "corn", 3900)]),
    ],
)
def test_a_season_or_vague_time_gives_an_earlier_price_no_day(then, want):
    told = [("2024-08-17", "chongjin", "rice", 7800)]
    assert _seen(QUOTE_NOW + then, "2024-08-20") == told + want


@pytest.mark.parametrize(
    "first, market",
    [
        ("Diesel prices in Pyongyang have jumped again.", "pyongyang"),
        ("Inspectors raided traders at Chongjin's Sunam Market this week.", "chongjin"),
        # near misses: two cities, or none, name no market for the survey's prices
        ("Diesel prices in Pyongyang and Sinuiju have jumped again.", None),
        ("Diesel prices have jumped again.", None),
    ],
)
def test_the_city_named_before_a_survey_sentence_is_its_market(first, market):
    text = (
        f"{first} Daily NK's survey found that a kilogram of diesel cost KPW 17,800 at the "
        "market on Mar. 19, compared to KPW 15,000 on Mar. 5."
    )
    assert _seen(text, "2022-03-22") == [
        ("2022-03-19", market, "diesel", 17800),
        ("2022-03-05", market, "diesel", 15000),
    ]


@pytest.mark.parametrize(
    "then, want",
    [
        # an earlier value without a day of its own: the telling's day past the quote is not its
        (" when it was 3,800 won before the guards changed", []),
        (", up from 3,800 won", []),
        # near miss: a day of its own, inside the quote, still dates it
        (", up from 3,800 won on May 1", [("2012-05-01", "sinuiju", "sugar", 3800)]),
    ],
)
def test_the_day_a_quote_was_told_dates_its_price_not_an_earlier_one(then, want):
    text = f'"A kilo of sugar costs 5,000 won in the Sinuiju market,{then}," one said on May 12.'
    now = [("2012-05-12", "sinuiju", "sugar", 5000)]
    assert sorted(_seen(text, "2012-05-15")) == sorted(now + want)


@pytest.mark.parametrize(
    "then, want",
    [
        # a good's bare figure after a price in won: the same won and unit
        (", and corn was 2,300.", [("2014-02-08", "hyesan", "corn", 2300)]),
        (", and corn for 2,300.", [("2014-02-08", "hyesan", "corn", 2300)]),
        # near misses: no good named, or a count of another order
        (", and the count was 2,013.", []),
        (", and corn was 90.", []),
    ],
)
def test_a_bare_figure_after_a_good_takes_the_last_price_s_won(then, want):
    text = f"On Feb. 8 rice was 5,100 won at the Hyesan market{then}"
    assert _seen(text, "2014-02-11") == [("2014-02-08", "hyesan", "rice", 5100)] + want


@pytest.mark.parametrize(
    "pay, want",
    [
        # pay words without a figure: the clause after ", so" is the market's again
        ("People on state wages cannot touch rice", [("2014-02-08", "hyesan", "corn", 2300)]),
        ("Workers are paid too little for rice", [("2014-02-08", "hyesan", "corn", 2300)]),
        # near misses: the pay has its figure, or no ", so" ends its clause
        ("People on state wages of 3,000 won cannot touch rice", []),
        ("People on state wages cannot touch rice and eat corn at 2,300 won", []),
    ],
)
def test_pay_without_a_figure_drops_no_price_after_so(pay, want):
    then = "." if pay.endswith("won") else ", so they eat corn at 2,300 won."
    text = f"On Feb. 8 rice was 5,100 won at the Hyesan market. {pay}{then}"
    assert _seen(text, "2014-02-11") == [("2014-02-08", "hyesan", "rice", 5100)] + want


@pytest.mark.parametrize(
    "then, day",
    [
        # the next sentence says when the price was checked: that is its day
        ("The corn price was checked at the Sapo market on Apr. 6.", "2013-04-06"),
        ("A source said prices were checked on Apr. 6.", "2013-04-06"),
        # near misses: no day, or a day of something else than the checking
        ("The corn price was checked by a source.", "2013-04-09"),
        ("The corn price was raised by the state on Apr. 6.", "2013-04-09"),
    ],
)
def test_a_next_sentence_of_a_price_checked_on_a_day_dates_it(then, day):
    text = f"A kilogram of corn costs 2,700 won at the market in Hamhung. {then}"
    assert _seen(text, "2013-04-09") == [(day, "hamhung", "corn", 2700)]


def _table_seen(text: str, lang: str, published: str) -> list[tuple[str, str | None, str, int]]:
    return sorted(
        (o.date, o.market, o.commodity, o.price) for o in prices.extract(text, lang, published)
    )


def _three_markets(rows: list[int], good: str) -> list[tuple[str, str | None, str, int]]:
    markets = ("pyongyang", "sinuiju", "hyesan")
    return sorted(("2025-09-13", m, good, p) for m, p in zip(markets, rows, strict=True))


@pytest.mark.parametrize(
    "lang, header, label, want",
    [
        ("en", "Pyongyang Sinuiju Hyesan", "USD/1$", "us_dollar"),
        ("en", "Pyongyang Sinuiju Hyesan", "USD/1", "us_dollar"),
        ("en", "Pyongyang Sinuiju Hyesan", "CNY/1 yuan", "chinese_yuan"),
        ("ko", "구분 평양 신의주 혜산", "달러/1", "us_dollar"),
        ("ko", "구분 평양 신의주 혜산", "위안(1元)", "chinese_yuan"),
        # near misses: a cross rate names two currencies; per 100 dollars is no rate per 1
        ("en", "Pyongyang Sinuiju Hyesan", "USD/CNY", None),
        ("en", "Pyongyang Sinuiju Hyesan", "USD/100$", None),
    ],
)
def test_an_exchange_rate_label_with_its_unit_after_a_slash_is_one_rate(lang, header, label, want):
    caption = "North Korean market prices, Sept. 13" if lang == "en" else "시장 물가 (9월 13일)"
    text = f"{caption}\n{header}\n{label} 38,000 38,500 39,000"
    expected = _three_markets([38000, 38500, 39000], want) if want else []
    assert _table_seen(text, lang, "2025-09-16") == expected


@pytest.mark.parametrize(
    "cells, want",
    [
        ("2만 1000 2만 1500 2만 2000", [21000, 21500, 22000]),
        ("1만2000 1만2500 2만", [12000, 12500, 20000]),
        ("2만 1,000 2만 9500 1만", [21000, 29500, 10000]),
        ("9800 1만 1만 200", [9800, 10000, 10200]),
        # near miss: two cells for three markets; "1000" is the rest of "2만", no third cell
        ("2만 2만 1000", None),
    ],
)
def test_a_korean_table_cell_in_man_is_one_number(cells, want):
    text = f"시장 물가 (9월 13일)\n구분 평양 신의주 혜산\n돼지고기(원/kg) {cells}"
    expected = _three_markets(want, "pork") if want else []
    assert _table_seen(text, "ko", "2025-09-16") == expected


@pytest.mark.parametrize(
    "lang, caption, header, want",
    [
        ("ko", "양강도 혜산 시장 물가 (10월 8일)", "품목 가격(원)", "hyesan"),
        ("ko", "혜산 시장 가격 (10월 8일)", "품목 가격(원)", "hyesan"),
        ("ko", "신의주 시장 물가 (10월 8일)", None, "sinuiju"),
        ("en", "Hyesan market prices (Oct. 8)", "Item Price (KPW)", "hyesan"),
        # near misses: two markets, or no day, in the caption say nothing of one market's prices
        ("ko", "평양·혜산 시장 물가 (10월 8일)", "품목 가격(원)", None),
        ("ko", "혜산 시장 물가", "품목 가격(원)", None),
    ],
)
def test_a_one_market_table_takes_its_market_and_day_from_the_caption(lang, caption, header, want):
    rows = ["쌀(1kg) 4,800", "옥수수(1kg) 1,700"] if lang == "ko" else ["Rice/kg 4,800"]
    rows += ["Corn/kg 1,700"] if lang == "en" else []
    text = "\n".join([caption, *([header] if header else []), *rows])
    expected = [("2016-10-08", want, "corn", 1700), ("2016-10-08", want, "rice", 4800)]
    assert _table_seen(text, lang, "2016-10-11") == (expected if want else [])
