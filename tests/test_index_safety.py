"""The index directory is ours or it is refused; a damaged one says how to repair it; a
query cannot make a search run away."""

from __future__ import annotations

import os
import pickle
import shutil
import stat

import pytest

from crawler import datadir
from search import indexer
from search.safe_pickle import UnsafePickle, loads
from tests.conftest import jsonl, nkwatch


def live(data):
    return indexer.live_dir(data)


def test_data_and_index_directories_are_private(crawled):
    assert stat.S_IMODE(os.stat(crawled / "indexes").st_mode) == 0o700
    assert stat.S_IMODE(os.stat(live(crawled)).st_mode) == 0o700


def test_group_writable_index_is_refused(crawled_copy):
    os.chmod(live(crawled_copy), 0o770)
    proc = nkwatch(crawled_copy, "search", "rice", check=False)
    assert proc.returncode == 2 and "writable by others" in proc.stderr
    assert proc.stderr.count("\n") == 1


def test_index_link_pointing_elsewhere_is_refused(crawled_copy, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    shutil.copytree(live(crawled_copy), elsewhere)
    link = datadir.index_path(crawled_copy)
    link.unlink()
    link.symlink_to(elsewhere)
    proc = nkwatch(crawled_copy, "search", "rice", check=False)
    assert proc.returncode == 2 and "points outside" in proc.stderr


def test_index_without_our_marker_is_refused(crawled_copy):
    (live(crawled_copy) / indexer.MARKER).unlink()
    proc = nkwatch(crawled_copy, "search", "rice", check=False)
    assert proc.returncode == 2 and "not created by nkwatch" in proc.stderr


class _Evil:
    def __init__(self, path):
        self.path = path

    def __reduce__(self):
        return (os.system, (f"touch {self.path}",))


def test_restricted_unpickler_refuses_code():
    payload = pickle.dumps(_Evil("/nonexistent/should-not-exist"))
    with pytest.raises(UnsafePickle):
        loads(payload)
    assert loads(pickle.dumps({"a": frozenset([1, 2])})) == {"a": frozenset([1, 2])}


def test_crafted_schema_in_an_index_runs_nothing(crawled_copy, tmp_path):
    """A TOC whose pickled schema would run a command when opened."""
    from whoosh import fields, index

    target = live(crawled_copy)
    for f in target.iterdir():
        if f.name != indexer.MARKER:
            f.unlink()
    canary = tmp_path / "pwned"
    schema = fields.Schema(url=fields.ID(stored=True))
    schema._fields["url"].format = _Evil(canary)  # pickled into the TOC on create
    index.create_in(str(target), schema)
    proc = nkwatch(crawled_copy, "search", "rice", check=False)
    assert not canary.exists(), "opening the index ran code"
    assert proc.returncode == 2 and "refusing it" in proc.stderr


def test_corrupt_index_names_the_fix_and_rebuild_repairs_it(crawled_copy):
    for f in live(crawled_copy).iterdir():
        if f.suffix in (".seg", ".toc") or f.name.endswith(".trm"):
            f.write_bytes(b"\x00garbage" * 10)
    proc = nkwatch(crawled_copy, "search", "rice", check=False)
    assert proc.returncode == 2 and "nkwatch index rebuild" in proc.stderr
    assert "Traceback" not in proc.stderr
    nkwatch(crawled_copy, "index", "rebuild")
    assert jsonl(nkwatch(crawled_copy, "search", "rice", "--json").stdout)
    kept = sorted((crawled_copy / "indexes").iterdir())
    assert len(kept) == 2 and live(crawled_copy) == kept[-1]  # live + the one before


@pytest.mark.parametrize(
    "query, message",
    [
        ("*", "leading wildcard"),
        ("*a*", "leading wildcard"),
        ("ri?e OR ?ice", "leading"),
        (" ".join(["rice"] * 10000), "query too long"),
        ("x " * 70, "too many terms"),
    ],
)
def test_runaway_queries_are_refused(crawled, query, message):
    proc = nkwatch(crawled, "search", query, check=False)
    assert proc.returncode == 2 and message in proc.stderr


def test_wide_date_range_and_trailing_wildcard_are_fine(crawled):
    assert jsonl(nkwatch(crawled, "search", "pri*", "--json").stdout)
    hits = jsonl(
        nkwatch(
            crawled, "search", "rice", "--since", "1900-01-01", "--until", "2100-12-31", "--json"
        ).stdout
    )
    assert hits


def test_parallel_and_single_process_builds_answer_alike(crawled_copy, monkeypatch, sample_pages):
    """The two-process writer splits the index into segments; an analyst must not see
    the difference in what a search returns."""
    from search import indexer, mpwriter
    from search.query import search

    queries = ["iron ore", "철광석", "rice prices", "평진", "Hyesan smuggling"]

    def answers() -> list[tuple[str | None, set[str]]]:
        out = []
        for q in queries:
            urls = [
                side.url
                for h in search(crawled_copy, q, limit=10).hits
                for side in (h.en, h.ko)
                if side
            ]
            out.append((urls[0] if urls else None, set(urls)))
        return out

    if not mpwriter.parallel_ok():
        pytest.skip("no second core or no PR_SET_PDEATHSIG here")
    assert indexer.rebuild(crawled_copy) == len(sample_pages)
    ix = indexer.open_index(crawled_copy)
    assert len(ix._segments()) >= 2  # the workers' segments, as they wrote them
    ix.close()
    parallel = answers()
    monkeypatch.setattr(mpwriter, "parallel_ok", lambda: False)
    assert indexer.rebuild(crawled_copy) == len(sample_pages)
    ix = indexer.open_index(crawled_copy)
    assert len(ix._segments()) == 1
    ix.close()
    assert answers() == parallel  # the same best story, the same stories
    assert all(top for top, _ in parallel), "every query finds something"
