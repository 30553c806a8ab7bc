"""`nkwatch stats` at archive scale: a year x month table, and no Python reprs."""

from __future__ import annotations

from collections import Counter

from tests.conftest import jsonl, nkwatch


def test_stats_shows_a_year_by_month_table_without_python_reprs(crawled):
    out = nkwatch(crawled, "stats").stdout
    assert not any(ch in out for ch in "{}") and "': " not in out
    lines = out.splitlines()
    assert lines[0].startswith("articles: ") and "English" in lines[0] and "Korean" in lines[0]
    head = next(i for i, line in enumerate(lines) if line.split()[:2] == ["Jan", "Feb"])
    assert lines[head].split()[-4:] == ["Dec", "year", "en", "ko"]
    rows = {}
    for line in lines[head + 1 :]:
        if not line[:4].isdigit():
            break
        cells = line.split()
        rows[cells[0]] = cells[1:]
    records = jsonl(nkwatch(crawled, "export", "--jsonl").stdout)
    per_year = Counter(r["published"][:4] for r in records)
    per_month = Counter(r["published"][:7] for r in records)
    years = sorted(per_year)
    assert list(rows) == [str(y) for y in range(int(years[0]), int(years[-1]) + 1)]
    for year, cells in rows.items():
        months, total, en, ko = cells[:12], cells[12], cells[13], cells[14]
        assert int(total) == per_year.get(year, 0)
        assert int(en) + int(ko) == int(total)
        for m, cell in enumerate(months, 1):
            assert (0 if cell == "·" else int(cell)) == per_month.get(f"{year}-{m:02d}", 0)
