"""The command line through its real entry point: help, output formats, safety."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
import time
from pathlib import Path

import click
import pytest

from crawler.items import Article
from crawler.store import Store
from search import indexer
from search.cli import cli, load_all
from search.cli.commands import COMMANDS
from tests.conftest import jsonl, nkwatch

load_all()  # every command module, so the group lists them all


def all_commands(group: click.Group, prefix=()):
    for name, cmd in group.commands.items():
        yield (*prefix, name), cmd
        if isinstance(cmd, click.Group):
            yield from all_commands(cmd, (*prefix, name))


def test_the_lazy_table_names_every_command_and_its_module():
    """`nkwatch X` imports only the module COMMANDS names for X: a command missing from the
    table, or under the wrong module, would be unknown until some other command ran."""
    defined = {name: cmd.callback.__module__ for name, cmd in cli.commands.items()}
    assert {n: f"search.cli.{m}" for n, m in COMMANDS.items()} == defined


def test_a_search_imports_no_other_command_family(tmp_path):
    """The prompt-to-answer path stays light: `search` loads find.py, not refresh or crawl."""
    code = (
        "import sys; from search.cli import cli\n"
        "try:\n    cli.main(['--data-dir', sys.argv[1], 'search', 'rice'], standalone_mode=False)\n"
        "except Exception:\n    pass\n"
        "print(sorted(m for m in sys.modules if m.startswith('search.cli.')))"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code, str(tmp_path)], capture_output=True, text=True, check=True
    )
    loaded = proc.stdout.strip().splitlines()[-1]
    assert "search.cli.find" in loaded
    for other in ("refresh", "crawl", "changes", "watch", "trend", "prices"):
        assert f"search.cli.{other}'" not in loaded, loaded


@pytest.mark.parametrize("path, cmd", list(all_commands(cli)), ids=lambda v: str(v))
def test_every_command_has_a_description_and_an_example(path, cmd):
    assert cmd.help and len(cmd.help.split()) >= 8, f"{path}: describe the command"
    assert "Example" in cmd.help, f"{path}: give at least one example in --help"


@pytest.mark.parametrize("path, cmd", list(all_commands(cli)), ids=lambda v: str(v))
def test_json_means_json_lines_in_every_command(path, cmd):
    """Every --json comes from the one shared option: JSON Lines, saying what a line is."""
    for param in cmd.params:
        if "--json" in getattr(param, "opts", ()):
            assert param.help.startswith("JSON Lines: "), path


def test_bad_input_is_one_line_alike_in_every_command(tmp_path):
    """Dates are checked where they are typed, the same way everywhere, before anything
    else happens (here: before the missing store is noticed, or a crawl starts)."""
    loopback = ("--base-url", "http://127.0.0.1:9")
    cases = [
        (("search", "rice", "--since", "2025-13-01"), "use YYYY-MM-DD"),
        (("export", "--csv", "--until", "2025-02-30"), "use YYYY-MM-DD"),
        (("entities", "--since", "yesterday"), "use YYYY-MM-DD"),
        (("crawl", *loopback, "--since", "2025/01/01"), "use YYYY-MM-DD"),
        (("search", "rice", "--lang", "fr"), "nkwatch search --help"),
        (("pairs", "--unpaired", "jp"), "nkwatch pairs --help"),
    ]
    for args, expect in cases:
        proc = nkwatch(tmp_path, *args, check=False)
        assert proc.returncode == 2, (args, proc.stderr)
        assert proc.stderr.startswith("nkwatch: error:") and proc.stderr.count("\n") == 1, args
        assert expect in proc.stderr, (args, proc.stderr)


def test_commands_reading_the_store_say_how_to_get_one(tmp_path):
    empty = tmp_path / "empty"
    for args in (("show", "1"), ("export",), ("stats",), ("entities",), ("pairs",)):
        proc = nkwatch(empty, *args, check=False)
        assert proc.returncode == 2 and proc.stderr.count("\n") == 1, args
        assert proc.stderr.startswith("nkwatch: error: no store in"), args
        assert "run `nkwatch crawl`" in proc.stderr, args
    proc = nkwatch(empty, "index", "rebuild", check=False)
    assert proc.returncode == 2 and "no store in" in proc.stderr
    assert not empty.exists()  # reading never creates a store


def test_help_runs_through_the_entry_point(tmp_path):
    proc = nkwatch(tmp_path, "search", "--help")
    assert "nkwatch search 'iron ore'" in proc.stdout


def test_export_jsonl_has_the_documented_fields(crawled, sample_pages):
    rows = jsonl(nkwatch(crawled, "export", "--jsonl").stdout)
    assert len(rows) == len(sample_pages)
    need = {
        "url",
        "lang",
        "title",
        "subtitle",
        "author",
        "published",
        "section",
        "tags",
        "body",
        "pair_url",
        "entities",
        "commodities",
    }
    for row in rows:
        assert need <= set(row)
        assert row["published"].endswith("Z") and row["body"]
    assert [r["published"] for r in rows] == sorted(r["published"] for r in rows)


def test_export_csv_and_filters(crawled, sample_pages):
    out = nkwatch(crawled, "export", "--csv", "--lang", "ko", "--since", "2025-01-01").stdout
    rows = list(csv.DictReader(io.StringIO(out)))
    want = [p for p in sample_pages if p.lang == "ko" and p.rec["published"] >= "2025-01-01"]
    assert len(rows) == len(want) and all(r["lang"] == "ko" for r in rows)


def test_export_until_includes_the_whole_day(crawled, sample_pages):
    day = sorted(p.rec["published"] for p in sample_pages)[len(sample_pages) // 2][:10]
    rows = jsonl(nkwatch(crawled, "export", "--since", day, "--until", day).stdout)
    want = {p.rec["published"] for p in sample_pages if p.rec["published"][:10] == day}
    assert rows and {r["published"] for r in rows} == want


def test_show_prints_both_versions(crawled, site, sample_pages):
    page = next(p for p in sample_pages if p.story == "pyongjin-guidance-bureau" and p.lang == "en")
    out = nkwatch(crawled, "show", site.base_url + page.path, "--stacked").stdout
    assert "[EN]" in out and "[KO]" in out and "translator:" in out
    wide = nkwatch(crawled, "show", str(page.post_id), "--side-by-side").stdout
    assert " | " in wide
    proc = nkwatch(crawled, "show", "https://www.dailynk.com/english/nothing/", check=False)
    assert proc.returncode == 2 and "no stored article" in proc.stderr


def test_pairs_and_stats(crawled, sample_pages):
    pairs = jsonl(nkwatch(crawled, "pairs", "--json").stdout)
    assert sum(p["status"] == "ok" for p in pairs) >= 20
    assert sum(p["status"] == "broken" for p in pairs) == 1
    unpaired = nkwatch(crawled, "pairs", "--unpaired", "ko").stdout.split()
    assert len(unpaired) >= 3
    stats = json.loads(nkwatch(crawled, "stats", "--json").stdout)
    assert stats["articles"] == {
        "en": sum(p.lang == "en" for p in sample_pages),
        "ko": sum(p.lang == "ko" for p in sample_pages),
    }
    assert stats["runs"][0]["status"] == "ok"


def test_entities_ranking_and_detail(crawled):
    rows = jsonl(nkwatch(crawled, "entities", "--type", "commodity", "--top", "5", "--json").stdout)
    assert len(rows) == 5 and all(r["type"] == "commodity" for r in rows)
    assert [r["mentions"] for r in rows] == sorted((r["mentions"] for r in rows), reverse=True)
    detail = json.loads(nkwatch(crawled, "entities", "철광석", "--json").stdout)
    assert detail["id"] == "iron_ore" and detail["articles_by_month"]
    proc = nkwatch(crawled, "entities", "iron orr", check=False)
    assert proc.returncode == 2 and "did you mean iron ore" in proc.stderr


EVIL_URL = "https://www.dailynk.com/english/evil/"
# Escape sequences (OSC 8 hyperlink included), a C1 CSI, bidi override, isolate and mark,
# DEL and a Unicode line separator: what a hostile page can put in a title.
EVIL = (
    "Rice \x1b[31mRED\x1b[0m \x1b]8;;http://x\x07link\x1b]8;;\x07 \u202egnol\u202c \x9b2J"
    " \u2066iso\u2069 \u200fmark \x7fdel \u2028 end"
)
TERMINAL_CONTROLS = "\x1b\x9b\x7f\u202e\u202c\u2066\u2069\u200f"


@pytest.fixture
def hostile_data(tmp_path):
    """A data dir holding one article whose title and body carry terminal controls."""
    data = tmp_path / "hostile"
    store = Store(data / "store.sqlite3")
    store.upsert_article(
        Article(
            url=EVIL_URL,
            lang="en",
            title=EVIL,
            body=[f"Rice prices {EVIL} in Hyesan markets rose again."],
            published="2025-01-01T00:00:00Z",
        )
    )
    store.close()
    indexer.update(data)
    return data


def test_untrusted_text_is_neutralised_on_the_terminal(hostile_data):
    for args in (("search", "rice"), ("show", EVIL_URL), ("export", "--csv")):
        out = nkwatch(hostile_data, *args).stdout
        assert not set(TERMINAL_CONTROLS) & set(out), args


def test_json_output_escapes_terminal_controls_and_keeps_the_text(hostile_data):
    """JSON keeps the text for a reader, but a terminal showing it must not act on it."""
    for args, title in (
        (("search", "rice", "--json"), lambda rec: rec["en"]["title"]),
        (("show", EVIL_URL, "--json"), lambda rec: rec["title"]),
        (("export", "--jsonl"), lambda rec: rec["title"]),
    ):
        raw = nkwatch(hostile_data, *args).stdout
        assert not set(TERMINAL_CONTROLS + "\u2028") & set(raw), args  # one record, one line
        assert "\\u009b" in raw and "\\u202e" in raw, args
        (rec,) = jsonl(raw)
        assert title(rec) == EVIL, args


def test_every_json_output_of_the_cli_goes_through_the_safe_writer():
    """search --json, show, export, crawl, refresh, stats, pairs, entities, aliases: one
    writer (search/cli/output.py) escapes what a terminal would act on; no second one."""
    cli_dir = Path(__file__).resolve().parents[1] / "search" / "cli"
    others = [p.name for p in cli_dir.glob("*.py") if p.name != "output.py"]
    assert "find.py" in others
    for name in others:
        assert "json.dump" not in (cli_dir / name).read_text(encoding="utf-8"), name


def test_cli_starts_fast(tmp_path):
    """Not a timing assertion (machines are noisy): --help must not import the heavy
    libraries at all, which is what makes it fast."""
    code = (
        "import sys; sys.argv=['nkwatch','--help']\n"
        "from search.cli import main\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "heavy = [m for m in ('scrapy', 'whoosh', 'mecab_ko', 'twisted') if m in sys.modules]\n"
        "print('HEAVY', heavy)"
    )
    start = time.monotonic()
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True).stdout
    assert "HEAVY []" in out, out
    assert time.monotonic() - start < 30


def test_alias_candidates_come_from_parenthesised_korean_names(crawled):
    rows = jsonl(nkwatch(crawled, "aliases", "--candidates", "--json").stdout)
    assert rows, "the sample site names several companies in parentheses"
    for row in rows:
        assert row["ko"] and row["en"][0].isupper() and row["examples"]
        assert row["status"].startswith("new ")
    known = {(r["en"], r["ko"]) for r in rows}
    assert ("Pyongjin Trade Guidance Bureau", "평진무역지도국") not in known  # in the gazetteer


def test_search_csv_is_spreadsheet_safe(crawled):
    out = nkwatch(crawled, "search", "iron ore", "--format", "csv").stdout
    rows = list(csv.DictReader(io.StringIO(out)))
    assert rows and rows[0]["rank"] == "1"
    assert any(r["ko_url"] and not r["en_url"] for r in rows)  # Korean-only stories too


def test_completion_scripts(tmp_path):
    for shell in ("bash", "zsh", "fish"):
        assert "_NKWATCH_COMPLETE" in nkwatch(tmp_path, "completion", shell).stdout


def test_stats_report_index_health(crawled, sample_pages):
    stats = json.loads(nkwatch(crawled, "stats", "--json").stdout)
    assert stats["index"]["documents"] == len(sample_pages)
    assert stats["index"]["unindexed"] == 0 and stats["index"]["size_mb"] > 0
    assert stats["runs"][0]["base_url"].startswith("http://127.0.0.1:")


def _on_a_terminal(data, *args: str, no_color: bool) -> str:
    """Run nkwatch with its output on a pseudo-terminal, as an analyst sees it."""
    import os
    import pty

    env = {k: v for k, v in os.environ.items() if k != "NO_COLOR"}
    if no_color:
        env["NO_COLOR"] = "1"
    leader, follower = pty.openpty()
    proc = subprocess.Popen(
        [sys.executable, "-m", "search", "--data-dir", str(data), *args],
        stdout=follower,
        stderr=follower,
        env=env,
    )
    os.close(follower)
    chunks = []
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:
            break
        if not chunk:
            break
        chunks.append(chunk)
    proc.wait(60)
    os.close(leader)
    return b"".join(chunks).decode(errors="replace")


def test_colour_only_on_a_terminal_and_never_with_no_color(crawled):
    assert "\x1b[" in _on_a_terminal(crawled, "search", "iron ore", no_color=False)
    assert "\x1b[" not in _on_a_terminal(crawled, "search", "iron ore", no_color=True)
    piped = subprocess.run(
        [sys.executable, "-m", "search", "--data-dir", str(crawled), "search", "iron ore"],
        capture_output=True,
        text=True,
    ).stdout
    assert "\x1b[" not in piped
