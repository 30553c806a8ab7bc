"""Searching the crawled sample site through the real CLI: one query, both languages."""

from __future__ import annotations

import re

import pytest

from tests.conftest import jsonl, nkwatch


def search(data, *args) -> list[dict]:
    return jsonl(nkwatch(data, "search", *args, "--json").stdout)


def stories(hits) -> set[str]:
    return {(h["en"] or h["ko"])["url"].rsplit("/", 2)[-2] for h in hits}


def by_key(sample_pages, site, key, lang):
    return next(site.base_url + p.path for p in sample_pages if p.story == key and p.lang == lang)


def test_hit_shape_is_the_documented_interface(crawled):
    hits = search(crawled, "donju", "--limit", "3")
    assert 1 <= len(hits) <= 3
    for rank, hit in enumerate(hits, 1):
        assert set(hit) >= {"rank", "score", "en", "ko", "entities", "commodities"}
        assert hit["rank"] == rank and isinstance(hit["score"], float)
        for side in (hit["en"], hit["ko"]):
            if side is not None:
                assert set(side) >= {"url", "title", "published", "snippet"}
    assert [h["score"] for h in hits] == sorted((h["score"] for h in hits), reverse=True)


def test_english_query_finds_korean_only_story(crawled, site, sample_pages):
    ko_only = by_key(sample_pages, site, "p2-musan-iron-ore-smuggling", "ko")
    hits = search(crawled, "iron ore")
    assert any(h["en"] is None and h["ko"]["url"] == ko_only for h in hits)
    assert any(h["en"] and h["ko"] for h in hits), "pairs come back with both versions"


def test_korean_query_finds_english_pieces(crawled, site, sample_pages):
    seed_en = by_key(sample_pages, site, "pyongjin-guidance-bureau", "en")
    hits = search(crawled, "평진", "--lang", "en")
    assert any(h["en"] and h["en"]["url"] == seed_en for h in hits)
    assert all(h["ko"] is None for h in hits), "--lang en shows English articles only"


def test_story_is_one_hit_with_both_versions(crawled, site, sample_pages):
    en = by_key(sample_pages, site, "pyongjin-guidance-bureau", "en")
    ko = by_key(sample_pages, site, "pyongjin-guidance-bureau", "ko")
    hits = search(crawled, "Pyongjin")
    mine = [h for h in hits if (h["en"] or {}).get("url") == en]
    assert len(mine) == 1 and mine[0]["ko"]["url"] == ko
    urls = [(h["en"] or {}).get("url") for h in hits] + [(h["ko"] or {}).get("url") for h in hits]
    assert urls.count(ko) == 1


@pytest.mark.parametrize("spelling", ["Hamkyung", "Hamgyŏng", "Hamgyeong"])
def test_romanisation_variants_meet(crawled, spelling):
    hits = search(crawled, spelling)
    assert len(hits) >= 3, spelling


def test_north_korean_spelling_finds_south_korean_text(crawled):
    nk = stories(search(crawled, "로동당", "--lang", "ko"))
    sk = stories(search(crawled, "노동당", "--lang", "ko"))
    assert nk and nk == sk


def test_gold_is_not_a_ban_or_a_friday(crawled, site, sample_pages):
    friday = by_key(sample_pages, site, "p2-wonsan-friday-market-ban", "ko")
    ban = by_key(sample_pages, site, "sinuiju-private-sales-ban", "ko")
    hits = search(crawled, "금", "--lang", "ko")
    urls = {h["ko"]["url"] for h in hits}
    assert by_key(sample_pages, site, "p2-hyesan-gold-prices", "ko") in urls
    assert friday not in urls and ban not in urls


def test_commodity_filter_accepts_any_name(crawled):
    by_id = stories(search(crawled, "prices", "--commodity", "rice"))
    by_ko = stories(search(crawled, "prices", "--commodity", "쌀"))
    assert by_id and by_id == by_ko
    for hit in search(crawled, "--commodity", "magnesia clinker"):
        assert "magnesia_clinker" in hit["commodities"]


def test_date_filters_and_sort(crawled):
    hits = search(
        crawled,
        "prices",
        "--since",
        "2025-01-01",
        "--until",
        "2025-12-31",
        "--sort",
        "date",
        "--limit",
        "50",
    )
    first = [min(s["published"] for s in (h["en"], h["ko"]) if s) for h in hits]
    assert hits and all("2024-12-29" <= d[:10] <= "2026-01-01" for d in first)
    newest = [max(s["published"] for s in (h["en"], h["ko"]) if s) for h in hits]
    assert newest == sorted(newest, reverse=True)  # stories by their newest version


def test_whoosh_syntax_still_works(crawled):
    both = stories(search(crawled, "coal AND Nampo"))
    either = stories(search(crawled, "coal OR Nampo", "--limit", "100"))
    without = stories(search(crawled, "coal NOT Nampo", "--limit", "100"))
    assert both and both <= either and not (both & without)
    phrase = search(crawled, '"magnesia clinker"')
    assert phrase and all("magnesia_clinker" in h["commodities"] for h in phrase)


def test_table_output_shows_both_titles_and_the_expansion(crawled):
    out = nkwatch(crawled, "search", "iron ore", "--limit", "3").stdout
    assert " EN " in out and " KO " in out
    assert "iron ore -> commodity:iron_ore" in out
    assert re.search(r"stories shown, of (about )?\d+ matching articles", out)


def test_errors_are_one_line_with_the_fix(crawled, tmp_path):
    cases = [
        ((tmp_path / "empty", "search", "rice"), "run `nkwatch crawl`"),
        ((crawled, "search", "rice", "--since", "2025-13-01"), "use YYYY-MM-DD"),
        ((crawled, "search", "rice", "--commodity", "iron or"), "did you mean"),
        ((crawled, "search", "*ore"), "leading wildcard"),
        ((crawled, "search", "rice AND (coal"), ""),
    ]
    for (data, *args), expect in cases:
        proc = nkwatch(data, *args, check=False)
        assert proc.returncode == 2, (args, proc.stdout, proc.stderr)
        assert proc.stderr.startswith("nkwatch: error:") and proc.stderr.count("\n") == 1
        assert expect in proc.stderr
        assert "Traceback" not in proc.stderr


@pytest.mark.parametrize("bounds", ["both", "since", "until"])
def test_date_filter_to_the_day_agrees_with_the_store(crawled, bounds):
    """Date filters are year/month/day terms: every article published on the boundary days,
    and none outside them, exactly as the store's own export selects."""
    days = sorted(
        {r["published"][:10] for r in jsonl(nkwatch(crawled, "export", "--jsonl").stdout)}
    )
    since, until = days[len(days) // 4], days[3 * len(days) // 4]
    args = {"both": ["--since", since, "--until", until], "since": ["--since", since]}.get(
        bounds, ["--until", until]
    )
    want = {r["url"] for r in jsonl(nkwatch(crawled, "export", "--jsonl", *args).stdout)}
    hits = search(crawled, *args, "--lang", "en", "--limit", "1000")
    hits += search(crawled, *args, "--lang", "ko", "--limit", "1000")
    got = {(h["en"] or h["ko"])["url"] for h in hits}
    assert want and got == want


def test_each_word_is_searched_in_its_own_language_only(crawled):
    """`prices` is not looked up in the Korean fields nor `가격` in the English ones: a
    translation crosses languages through one concept id."""
    out = nkwatch(crawled, "search", "prices 가격", "--limit", "1").stdout
    searched = out.rsplit("query: ", 1)[1]
    assert not re.search(r"(title|body)_ko:price|(title|body)_en:가격|names:가격", searched)
    assert "concepts_ko:price" in searched and "concepts_en:price" in searched


def test_glossary_word_finds_the_other_language_through_its_concept(crawled):
    en = search(crawled, "smuggling", "--lang", "ko", "--limit", "5")
    assert en and all(h["en"] is None for h in en)
    assert any(h["ko"]["highlights"] for h in en), "the Korean form is marked in the snippet"


def test_spaced_and_unspaced_compounds_find_the_same_stories(crawled):
    """해상 환적 == 해상환적, and neither is "any story with a ship": the Wonsan boat lost
    at sea has ships and the sea, but no transfer."""
    spaced = stories(search(crawled, "해상 환적"))
    assert spaced == stories(search(crawled, "해상환적"))
    assert any("coal-still-leaves-nampo" in key for key in spaced)
    assert not any("wonsan-fishing-boat" in key for key in spaced)


@pytest.mark.parametrize(
    ("query", "finds", "not_"),
    [
        ("동정광", "copper-concentrate", "zinc-concentrate"),  # 동 (copper) is not dropped
        ("아연정광", "zinc-concentrate", "copper-concentrate"),
        ("혜산광산", "copper-concentrate", "inminban"),  # the Hyesan mine, not Hyesan
    ],
)
def test_a_compound_keeps_the_meaning_of_both_parts(crawled, query, finds, not_):
    keys = stories(search(crawled, query))
    assert any(finds in key for key in keys), keys
    assert not any(not_ in key for key in keys), keys


def test_a_modifier_alone_keeps_its_own_meaning(crawled):
    """동 is copper only inside 동정광; alone it is "east" or a district, never translated."""
    out = nkwatch(crawled, "search", "동").stdout
    assert "copper" not in out.rsplit("\n\n", 1)[-1]
