"""Daily NK's own price survey: the public Google Sheet behind the site's `/market/` charts.

Tabs `rate` (won per US dollar) and `rice` (won per kg), read as CSV: a header whose city
columns are named in Korean (평양, 신의주, 혜산), then one row per survey, the date first as
YY-MM-DD, numbers with thousands commas; a row of zeros in the week of the 2009 currency
reform, old won before it. This is the one fetch outside the crawled site, so it is narrow:
one named host, one path, by an explicit command, with the crawler's size and time limits.
"""

from __future__ import annotations

import csv
import io
import re
import urllib.error
import urllib.request
from datetime import date
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from crawler import settings
from crawler.enrich import entities
from crawler.enrich.prices import dates
from crawler.errors import NkwatchError

SHEET_ID = "1l78JcbokjkdlJ1aSU6F8cuqgC0AbfMkuXOKWiEEbueo"
DEFAULT_URL = f"https://docs.google.com/spreadsheets/d/{SHEET_ID}/gviz/tq?tqx=out:csv"
# tab -> (commodity id, unit)
TABS = {"rate": ("us_dollar", "USD"), "rice": ("rice", "kg")}
MAX_BYTES = settings.DOWNLOAD_MAXSIZE
TIMEOUT_S = settings.DOWNLOAD_TIMEOUT
_DATE = re.compile(r"^\s*(\d{2}|\d{4})[-./](\d{1,2})[-./](\d{1,2})\s*$")


class SurveyError(NkwatchError):
    """The survey sheet could not be fetched or read; the message says which and why."""


def tab_url(base: str, tab: str) -> str:
    """The CSV URL of one tab: the base URL with its `sheet` parameter set."""
    parts = urlsplit(base)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise SurveyError(f"the survey URL must be http(s)://HOST/PATH, not {base!r}")
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k != "sheet"]
    return urlunsplit(parts._replace(query=urlencode([*query, ("sheet", tab)], safe=":")))


def fetch(url: str, max_bytes: int = MAX_BYTES, timeout: float = TIMEOUT_S) -> str:
    """The tab's CSV text, or SurveyError (too large, too slow, not CSV, HTTP error)."""
    request = urllib.request.Request(url, headers={"User-Agent": settings.USER_AGENT})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as resp:  # noqa: S310 (http(s) only)
            length = resp.headers.get("Content-Length")
            if length and length.isdigit() and int(length) > max_bytes:
                raise SurveyError(f"{url} is larger than {max_bytes} bytes")
            raw = resp.read(max_bytes + 1)
    except urllib.error.HTTPError as exc:
        raise SurveyError(f"{url} answered HTTP {exc.code}") from None
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise SurveyError(f"cannot fetch {url}: {reason}") from None
    if len(raw) > max_bytes:
        raise SurveyError(f"{url} is larger than {max_bytes} bytes")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise SurveyError(f"{url} did not answer UTF-8 CSV") from None


def _day(cell: str) -> date | None:
    m = _DATE.match(cell)
    if not m:
        return None
    year = int(m[1]) + (2000 if len(m[1]) == 2 else 0)
    try:
        return date(year, int(m[2]), int(m[3]))
    except ValueError:
        return None


def _number(cell: str) -> int | None:
    cell = cell.strip().replace(",", "")
    if not cell:
        return None
    try:
        return round(float(cell))
    except ValueError:
        return None


def parse(text: str, tab: str, gazetteer: entities.Gazetteer | None = None) -> list[dict]:
    """Observations of one tab: one per city and survey date; zero cells are skipped."""
    commodity, unit = TABS[tab]
    gaz = gazetteer or entities.default()
    rows = list(csv.reader(io.StringIO(text)))
    if not rows:
        raise SurveyError(f"the survey tab {tab!r} is empty")
    markets = [gaz.resolve(name) if name.strip() else None for name in rows[0]]
    columns = [(i, e.id) for i, e in enumerate(markets) if i and e and e.type == "place"]
    if not columns:
        raise SurveyError(f"the survey tab {tab!r} names no city in its header: {rows[0][:6]}")
    out = []
    for row in rows[1:]:
        day = _day(row[0]) if row else None
        if day is None:
            continue
        for i, market in columns:
            price = _number(row[i]) if i < len(row) else None
            if not price or price < 0:
                continue  # the reform week's zero row, or a gap
            out.append(
                {
                    "date": day.isoformat(),
                    "date_exact": True,
                    "market": market,
                    "commodity": commodity,
                    "price": price,
                    "currency": dates.currency_on(day),
                    "unit": unit,
                    "quote": None,
                }
            )
    return out


def update(store, base_url: str = DEFAULT_URL) -> dict[str, int]:
    """Fetch both tabs and replace their rows in the store; rows per tab."""
    fetched = {}
    for tab in TABS:  # fetch and parse both before writing either
        url = tab_url(base_url, tab)
        fetched[tab] = (url, parse(fetch(url), tab))
    for tab, (url, rows) in fetched.items():
        store.replace_survey(tab, url, rows)
    return {tab: len(rows) for tab, (_url, rows) in fetched.items()}
