"""Names and words nobody curated (issue 13), through the real CLI: a company the gazetteer
lacks, works and mines under older or partial names, and queries of several concepts."""

from __future__ import annotations

from search import lexicon, names
from tests.conftest import jsonl, nkwatch

KIM_CHAEK_PAIR = "kim-chaek-iron-and-steel-complex-cuts-output"
IRON_WORKS_EN_ONLY = "kim-chaek-iron-works-workers-unpai"
COPPER_MINE_PAIR = "hyesan-youth-copper-mine-restarts"
HYESAN_MINE_EN_ONLY = "hyesan-mine-workers-steal-copper"


def _search(data, *args: str):
    proc = nkwatch(data, "search", *args, "--json", "--no-service")
    return proc, [(h["en"] or h["ko"])["url"] for h in jsonl(proc.stdout)]


def _has(urls: list[str], slug: str) -> bool:
    return any(slug in u for u in urls)


def test_an_entity_the_gazetteer_lacks_is_searched_as_text_with_a_note(crawled):
    proc, urls = _search(crawled, "--entity", "Sinhung Trading Company")
    assert proc.returncode == 0
    assert proc.stderr.strip() == (
        'nkwatch: note: "Sinhung Trading Company" is not in the gazetteer; '
        "searching it as text (learned: 신흥무역회사; also as Sinhung Trading)"
    )
    # the English-only piece that writes the name, and both pairs (their Korean sides
    # through the learned name)
    assert _has(urls, IRON_WORKS_EN_ONLY) and _has(urls, KIM_CHAEK_PAIR)
    assert _has(urls, COPPER_MINE_PAIR) and len(urls) == 3
    # --json keeps its shape: the note is on stderr only
    first = jsonl(proc.stdout)[0]
    assert set(first) == {"rank", "score", "en", "ko", "entities", "commodities"}


def test_a_korean_name_the_gazetteer_lacks_works_as_a_filter_too(crawled):
    proc, urls = _search(crawled, "coke", "--entity", "신흥무역회사")
    assert "Sinhung Trading Company" in proc.stderr
    assert _has(urls, IRON_WORKS_EN_ONLY)  # English only: reached through the learned name


def test_a_misspelt_gazetteer_name_is_still_an_error_with_the_suggestion(crawled):
    proc = nkwatch(
        crawled, "search", "--entity", "Kangsong Trading Compny", "--no-service", check=False
    )
    assert proc.returncode != 0
    assert proc.stderr.count("\n") == 1 and "nkwatch: error: unknown entity" in proc.stderr
    assert "did you mean kangsong trading company" in proc.stderr


def test_an_older_name_finds_the_complex_and_the_full_name_the_older_one(crawled):
    proc, urls = _search(crawled, "Kim Chaek Iron Works")
    assert _has(urls, IRON_WORKS_EN_ONLY) and _has(urls, KIM_CHAEK_PAIR)
    # Korean, through the gazetteer entry: the English-only piece uses the older name
    _proc, urls = _search(crawled, "김책제철소 임금")
    assert _has(urls, IRON_WORKS_EN_ONLY)


def test_a_partial_mine_name_and_the_full_one_find_each_other(crawled):
    _proc, short = _search(crawled, "Hyesan Mine")
    _proc, full = _search(crawled, "Hyesan Youth Copper Mine")
    for urls in (short, full):
        assert _has(urls, HYESAN_MINE_EN_ONLY) and _has(urls, COPPER_MINE_PAIR)
        assert urls.index(next(u for u in urls if "mine" in u)) == 0


def test_the_expansion_line_says_which_form_was_searched(crawled):
    out = nkwatch(crawled, "search", "Kim Chaek Iron Works", "--no-service").stdout
    assert "expanded: Kim Chaek Iron Works -> Kim Chaek Iron and Steel Complex (variant)" in out
    assert "김책제철연합기업소" in out
    out = nkwatch(crawled, "search", "신흥무역회사", "--no-service").stdout
    assert "신흥무역회사 -> Sinhung Trading Company (learned name)" in out


def test_three_concepts_rank_a_story_with_two_below_those_with_all(crawled):
    # The Hyesan Mine piece speaks of concentrate and wages but not of coke: it is found,
    # below the two Kim Chaek stories that have all three.
    _proc, urls = _search(crawled, "coke concentrate wages")
    assert _has(urls[:2], KIM_CHAEK_PAIR) and _has(urls[:2], IRON_WORKS_EN_ONLY)
    assert _has(urls[2:], HYESAN_MINE_EN_ONLY)


def test_two_concepts_stay_all_required(crawled):
    # the Hyesan Mine piece has wages but no coke: with two concepts, both are needed
    _proc, urls = _search(crawled, "coke wages")
    assert _has(urls, IRON_WORKS_EN_ONLY) and not _has(urls, HYESAN_MINE_EN_ONLY)


def test_variants_keep_people_and_different_ministries_apart():
    assert names.is_variant("Kim Chaek Iron Works", "Kim Chaek Iron and Steel Complex")
    assert names.is_variant("Hyesan Mine", "Hyesan Youth Copper Mine")
    assert names.is_variant("Sinhung Trading", "Sinhung Trading Company")
    assert not names.is_variant("Kim Jong Un", "Kim Jong Il")
    assert not names.is_variant("Ministry of State Security", "Ministry of Social Security")
    assert not names.is_variant("Kim Il Sung University", "Kim Il Sung Square")
    assert not names.is_variant("North Korea Rice", "North Korea")  # a name and a word
    assert not names.is_variant(
        "Korea Kwangson Banking Corporation", "Korea Kwangson Trading Company"
    )


def test_capitalised_names_aligned_across_pairs_are_learned_and_one_offs_are_not():
    def pair(en: str, ko: str) -> tuple[dict, dict]:
        return {"title": "", "body": [en]}, {"title": "", "body": [ko]}

    records = [
        pair("Smugglers crossed the Tumen River at night.", "밀수꾼들이 밤에 두만강을 건넜다."),
        pair("Guards watch the Tumen River closely.", "경비대가 두만강을 지켜본다."),
        pair("The Tumen River froze early.", "두만강이 일찍 얼었다."),
        pair("Officials visited Sunam Market once.", "간부들이 수남시장을 찾았다."),
    ]
    learned = dict(lexicon.learn_aligned_names(records))
    assert learned.get("Tumen River") == "두만강"
    assert "Sunam Market" not in learned  # seen together once: a floor of two


def test_a_watch_on_a_name_the_gazetteer_lacks_says_how_it_will_search(crawled_copy):
    proc = nkwatch(crawled_copy, "watch", "add", "sinhung", "coke", "--entity", "Sinhung Trading")
    assert proc.stderr.startswith('nkwatch: note: "Sinhung Trading" is not in the gazetteer')
    assert "watch sinhung added" in proc.stdout


def _exported(data, *args: str):
    proc = nkwatch(data, "export", "--jsonl", *args)
    return proc, [r["url"] for r in jsonl(proc.stdout)]


def test_export_keeps_the_articles_that_name_an_entity_in_either_language(crawled):
    _proc, everything = _exported(crawled)
    _proc, by_id = _exported(crawled, "--entity", "hyesan", "--lang", "ko")
    _proc, by_korean = _exported(crawled, "--entity", "혜산", "--lang", "ko")
    assert by_id == by_korean and 0 < len(by_id) < len(everything)
    _proc, rice = _exported(crawled, "--entity", "Hyesan", "--commodity", "쌀")
    assert rice and set(rice) < set(_exported(crawled, "--entity", "Hyesan")[1])


def test_export_finds_a_name_the_gazetteer_lacks_as_search_does(crawled):
    proc, urls = _exported(crawled, "--entity", "Sinhung Trading Company")
    assert proc.stderr.startswith('nkwatch: note: "Sinhung Trading Company" is not in the')
    found = nkwatch(crawled, "search", "--entity", "Sinhung Trading Company", "--json")
    sides = {s["url"] for h in jsonl(found.stdout) for s in (h["en"], h["ko"]) if s}
    # the articles of the stories search finds, Korean sides too (through the learned name)
    assert set(urls) == sides and _has(urls, IRON_WORKS_EN_ONLY)
    proc = nkwatch(crawled, "export", "--entity", "Kangsong Trading Compny", check=False)
    assert proc.returncode != 0 and "did you mean kangsong trading company" in proc.stderr
    assert proc.stdout == ""
