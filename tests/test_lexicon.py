"""The lexicon learned from the archive's own translation pairs, through the real CLI."""

from __future__ import annotations

from search import lexicon
from tests.conftest import jsonl, nkwatch


def _translations(data, word: str) -> set[str]:
    (line,) = jsonl(nkwatch(data, "lexicon", word, "--json").stdout)
    return {t["word"] for term in line["terms"] for t in term["translations"]}


def test_a_crawl_learns_translations_the_glossary_does_not_hold(crawled):
    # 밀수/smuggling and 단속/crackdown occur across several sample pairs; iron ore's Korean
    # name is learned as well as looked up in the gazetteer.
    assert "smuggl" in _translations(crawled, "밀수")
    assert "밀수" in _translations(crawled, "smuggling")
    assert {"철광석", "광석"} & _translations(crawled, "iron")


def test_names_glossed_in_parentheses_are_learned_both_ways(crawled):
    (line,) = jsonl(nkwatch(crawled, "lexicon", "평진합영무역회사", "--json").stdout)
    assert line["names"] == ["Pyongjin Joint Venture Company"]
    out = nkwatch(crawled, "lexicon", "Ministry of State Security").stdout
    assert "[name]: 국가보위성" in out


def test_the_table_names_counts_and_says_when_nothing_was_learned(crawled):
    out = nkwatch(crawled, "lexicon", "smuggling", "qwertyuiop").stdout
    assert "smuggl" in out and "together" in out
    assert "qwertyuiop: nothing learned" in out


def test_no_lexicon_is_one_line_naming_the_fix(tmp_path):
    proc = nkwatch(tmp_path / "empty", "lexicon", "rice", check=False)
    assert proc.returncode == 2
    assert (
        proc.stderr.strip().splitlines()
        == [
            proc.stderr.strip(),
        ]
        and "nkwatch index rebuild" in proc.stderr
    )


def test_frequency_floors_keep_one_off_cooccurrences_out():
    # Ten word pairs seen together in three paragraphs each are learned; gold/금괴, seen
    # together in only two, is not, however exclusive the pair.
    en = ["rice", "market", "border", "smuggl", "price", "yuan", "fuel", "coal", "wage", "loan"]
    ko = ["쌀", "시장", "국경", "밀수", "가격", "위안", "연료", "석탄", "임금", "대출"]
    units = [({en[i % 10]}, {ko[i % 10]}) for i in range(30)] + [({"gold"}, {"금괴"})] * 2
    lex = lexicon.learn(units)
    assert [t.word for t in lex.translate("market", "en")] == ["시장"]
    assert [t.word for t in lex.translate("밀수", "ko")] == ["smuggl"]
    assert lex.translate("gold", "en") == [] and lex.translate("금괴", "ko") == []


def test_alignment_pairs_paragraphs_by_relative_position():
    en = ["a", "b", "c", "d"]
    ko = ["가", "나"]
    units = list(lexicon.align(en, ko))
    assert len(units) == 4
    assert "가" in units[0][1] and "나" in units[-1][1]


def test_a_korean_word_the_glossary_lacks_finds_english_only_stories(crawled):
    # 경비대 (guard unit) is in neither curated list; the pairs teach "guard", and the
    # English-only Manpo story (no Korean version to match) is found through it.
    proc = nkwatch(crawled, "search", "경비대", "--lang", "en", "--no-service")
    assert "경비대 -> guard (learned)" in proc.stdout
    hits = jsonl(nkwatch(crawled, "search", "경비대", "--json", "--no-service").stdout)
    manpo = [h for h in hits if h["en"] and "manpo" in h["en"]["url"]]
    assert manpo and manpo[0]["ko"] is None


def _filler(n: int) -> list[tuple[set[str], set[str]]]:
    """Units of unrelated word pairs, so that no test word is too common to translate."""
    en = ["rice", "market", "border", "price", "yuan", "fuel", "coal", "wage"]
    ko = ["쌀", "시장", "국경", "가격", "위안", "연료", "석탄", "임금"]
    return [({en[i % 8]}, {ko[i % 8]}) for i in range(n)]


def test_pivoting_learns_a_paraphrase_but_not_a_neighbour_or_a_one_word_link():
    # 체포 and 연행 are written "arrested" in some paragraphs and "detained" in others:
    # variants. 약초 and 동원 paragraphs say "herbs" and "students" together (students sent
    # to pick herbs): both words translate them, yet one does not stand for the other.
    # 교화소 is "prison" or "jail": one word links them, too little to go on.
    units = [({"arrest"}, {"체포", "연행"})] * 5 + [({"detain"}, {"체포", "연행"})] * 5
    units += [({"herb", "student"}, {"약초", "동원"})] * 6
    units += [({"herb"}, {"약초", "동원"}), ({"student"}, {"약초", "동원"})]
    units += [({"prison"}, {"교화소"})] * 5 + [({"jail"}, {"교화소"})] * 5
    lex = lexicon.learn(units + _filler(120))
    assert [v.word for v in lex.variants["arrest"]] == ["detain"]
    assert [v.word for v in lex.variants["detain"]] == ["arrest"]
    assert "herb" not in lex.variants and "student" not in lex.variants
    assert "prison" not in lex.variants and "jail" not in lex.variants


def test_a_learned_variant_is_searched_below_the_word_and_shown(crawled_copy):
    lex = lexicon.load(crawled_copy)
    lex.variants = {"arrest": [lexicon.Translation("detain", 0.4, 10)]}
    lexicon.write(crawled_copy, lex)
    out = nkwatch(crawled_copy, "search", "arrests", "--no-service").stdout
    assert "detain (learned variant)" in out
    assert "detain^0.2" in out.rsplit("query: ", 1)[1]
