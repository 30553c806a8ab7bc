"""`nkwatch trend`: exact counts per period and edition, charts, plots."""

from __future__ import annotations

import struct
import sys
from collections import defaultdict

from tests.conftest import ROOT, jsonl, nkwatch


def direct_counts(data, commodity: str) -> dict[str, dict[str, int]]:
    """Articles tagged with the commodity per month and language, and stories, counted
    straight from the store's export (no index involved)."""
    counts: dict[str, dict] = defaultdict(lambda: {"en": 0, "ko": 0, "stories": set()})
    for rec in jsonl(nkwatch(data, "export", "--jsonl").stdout):
        if commodity in rec["commodities"]:
            month = counts[rec["published"][:7]]
            month[rec["lang"]] += 1
            story = rec["url"] if rec["lang"] == "en" else (rec["pair_url"] or rec["url"])
            month["stories"].add(story)
    return {
        m: {"en": c["en"], "ko": c["ko"], "stories": len(c["stories"])} for m, c in counts.items()
    }


def test_trend_counts_equal_a_direct_count_over_the_store(crawled):
    rows = jsonl(nkwatch(crawled, "trend", "--commodity", "rice", "--format", "json").stdout)
    expected = direct_counts(crawled, "rice")
    assert expected and sum(c["stories"] for c in expected.values()) > 3
    got = {r["period"]: {k: r[k] for k in ("en", "ko", "stories")} for r in rows}
    assert {m: c for m, c in got.items() if c["stories"]} == expected
    periods = [r["period"] for r in rows]
    assert periods == sorted(periods) and len(periods) == len(set(periods))
    # every month from the first stored article to the last, empty ones included
    first, last = periods[0], periods[-1]
    months = (int(last[:4]) - int(first[:4])) * 12 + int(last[5:]) - int(first[5:]) + 1
    assert len(periods) == months > len(expected)


def test_trend_by_year_agrees_with_search(crawled):
    hits = jsonl(nkwatch(crawled, "search", "donju", "--json", "--limit", "1000").stdout)
    rows = jsonl(nkwatch(crawled, "trend", "donju", "--by", "year", "--format", "json").stdout)
    by_year: dict[str, int] = defaultdict(int)
    for hit in hits:
        dates = [s["published"] for s in (hit["en"], hit["ko"]) if s]
        by_year[min(dates)[:4]] += 1
    assert {r["period"]: r["stories"] for r in rows if r["stories"]} == dict(by_year)
    quarters = jsonl(
        nkwatch(crawled, "trend", "donju", "--by", "quarter", "--format", "json").stdout
    )
    assert all(r["period"][4:6] == "-Q" for r in quarters)
    assert sum(r["stories"] for r in quarters) == sum(r["stories"] for r in rows)


def test_trend_chart_is_plain_when_piped_and_csv_has_a_header(crawled):
    out = nkwatch(crawled, "trend", "rice", "--by", "year").stdout.splitlines()
    assert out[0].startswith("rice: matching stories per year")
    assert out[1].split() == ["year", "stories", "en", "ko"]
    assert not any(ch in "".join(out) for ch in "█│")
    csv_out = nkwatch(crawled, "trend", "rice", "--format", "csv").stdout.splitlines()
    assert csv_out[0] == "period,en,ko,stories" and len(csv_out) > 10


def test_trend_plots_png_and_svg_of_the_documented_size(crawled, tmp_path):
    png, svg = tmp_path / "rice.png", tmp_path / "rice.svg"
    nkwatch(crawled, "trend", "rice", "--by", "year", "--plot", str(png))
    head = png.read_bytes()[:24]
    assert head[:8] == b"\x89PNG\r\n\x1a\n"
    assert struct.unpack(">II", head[16:24]) == (1000, 400)
    nkwatch(crawled, "trend", "평진", "--plot", str(svg))
    text = svg.read_text()
    assert text.lstrip().startswith("<?xml") and "<svg" in text
    assert 'width="720pt" height="288pt"' in text
    assert "English edition" in text and "Korean edition" in text


def test_trend_without_matplotlib_or_with_bad_input_says_so_in_one_line(crawled, tmp_path):
    import subprocess

    code = (
        "import sys; sys.modules['matplotlib'] = None; from search.cli import main; "
        f"sys.argv = ['nkwatch', '--data-dir', {str(crawled)!r}, 'trend', 'rice', "
        f"'--plot', {str(tmp_path / 'x.png')!r}]; main()"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=120
    )
    assert proc.returncode == 2
    assert proc.stderr.strip() == (
        "nkwatch: error: --plot needs matplotlib: pip install 'nkwatch[plot]' (or use --format csv)"
    )
    assert not (tmp_path / "x.png").exists()
    for args, words in (
        (("trend", "rice", "--plot", "x.pdf"), ".png or .svg"),
        (("trend", "rice", "--since", "2025-13-01"), "use YYYY-MM-DD"),
        (
            (
                "trend",
                "rice (",
            ),
            "unclosed '('",
        ),
    ):
        proc = nkwatch(crawled, *args, check=False)
        assert proc.returncode == 2 and proc.stderr.startswith("nkwatch: error:"), args
        assert words in proc.stderr and "Traceback" not in proc.stderr


def test_trend_draws_unicode_bars_that_fit_the_terminal(crawled):
    import fcntl
    import os
    import pty
    import subprocess
    import termios

    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "NKWATCH_DATA_DIR")}
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "search",
            "--data-dir",
            str(crawled),
            "trend",
            "rice",
            "--by",
            "year",
        ],
        stdout=follower,
        stderr=subprocess.PIPE,
        cwd=ROOT,
        env={**env, "NO_COLOR": "1"},
    )
    os.close(follower)
    chunks = []
    while True:
        try:
            data = os.read(leader, 4096)
        except OSError:  # the child closed the terminal
            break
        if not data:
            break
        chunks.append(data)
    assert proc.wait(120) == 0
    os.close(leader)
    lines = b"".join(chunks).decode().replace("\r", "").splitlines()
    bars = [line for line in lines[1:] if "│" in line]
    assert len(bars) == len(lines) - 1 >= 5
    assert all(len(line) <= 80 for line in lines)
    assert any("█" in line for line in bars)
    widest = max(bars, key=lambda line: line.count("█"))
    assert widest.count("█") > 30  # the busiest year fills most of the width
