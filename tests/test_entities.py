"""Gazetteer matching as an analyst would check it: the right ids, never the look-alikes."""

import tomllib
from pathlib import Path

import pytest

from crawler.enrich import entities
from crawler.text.korean import fold, fold_text
from crawler.text.roman import roman_key

GAZ = entities.default()


def ids(text, lang=None):
    return set(GAZ.match(text, lang))


def test_gazetteer_is_big_and_consistent():
    raw = tomllib.loads(
        (Path(entities.__file__).parent / "gazetteer" / "entities.toml").read_text("utf-8")
    )["entity"]
    assert len(raw) >= 150
    assert {e["type"] for e in raw} == set(entities.TYPES)
    seen: dict[str, str] = {}
    for e in raw:
        for name in [e["en"], *e["en_aliases"], e["ko"], *e["ko_aliases"]]:
            assert name.lower() not in seen or seen[name.lower()] == e["id"], name
            seen[name.lower()] = e["id"]
        if e.get("parent"):
            assert e["parent"] in GAZ.entries


@pytest.mark.parametrize(
    "text", ["금지", "금요일에 장사를 금지했다", "현금으로", "자금이 부족", "지금"]
)
def test_korean_gold_never_matches_inside_other_words(text):
    assert "gold" not in ids(text, "ko")


@pytest.mark.parametrize("text", ["금 1g에 510위안", "금값이 올랐다", "혜산에서 금을 팔았다"])
def test_korean_gold_matches_as_a_word(text):
    assert "gold" in ids(text, "ko")


@pytest.mark.parametrize(
    "text, body",
    [
        ("보위원들이 주민들을 모아 놓고 밀수를 경고했다", "ministry_of_state_security"),
        ("state security agents searched the houses", "ministry_of_state_security"),
        ("혜산시 안전원들이 금 밀매 조직을 적발했다", "ministry_of_social_security"),
        ("인민보안원에게 뇌물을 주고 풀려났다", "ministry_of_social_security"),
        ("People's Safety officers detained the traders", "ministry_of_social_security"),
    ],
)
def test_the_security_ministries_are_found_by_their_agents(text, body):
    # reports name the agent, rarely the ministry; the two must not be taken for each other
    found = ids(text) & {"ministry_of_state_security", "ministry_of_social_security"}
    assert found == {body}


def test_iron_is_not_iron_ore():
    assert "iron_ore" not in ids("Pyongyang keeps an iron grip on markets", "en")
    assert "iron_ore" in ids("exports of iron ore to China resumed", "en")
    assert "iron_ore" in ids("철광석과 금을 수출했다", "ko")


def test_won_needs_a_number():
    assert "north_korean_won" not in ids("He won the contract", "en")
    assert "north_korean_won" in ids("rice sold for 5,900 won per kg", "en")


def test_central_committee_is_its_own_entry():
    assert "wpk_central_committee" in ids("조선로동당 중앙위원회", "ko")


def test_north_and_south_spellings_meet():
    assert "ryanggang" in ids("량강도 혜산시", "ko") and "ryanggang" in ids("양강도", "ko")
    assert "wpk" in ids("조선로동당의 방침", "ko") and "wpk" in ids("노동당", "ko")
    assert fold("로동") == "노동" and fold("녀성") == "여성" and fold("리윤") == "이윤"
    assert fold("강냉이") == "옥수수"
    assert fold_text("량강도 로동당") == "양강도 노동당"


def test_romanisations_meet():
    keys = {roman_key(w) for w in ("Hamgyong", "Hamgyŏng", "Hamgyeong", "Hamkyung")}
    assert len(keys) == 1
    keys = {roman_key(w) for w in ("Ryanggang", "Ryangkang", "Yanggang")}
    assert len(keys) == 1
    assert roman_key("Pyongyang") != roman_key("Hamhung")


def test_resolve_by_any_name_in_either_language():
    for name in ("iron_ore", "iron ore", "철광석", "IRON ORE"):
        assert GAZ.resolve(name).id == "iron_ore"
    assert GAZ.resolve("North Hamkyung").id == GAZ.resolve("함경북도").id
    assert GAZ.resolve("no such thing") is None
    assert GAZ.closest("iron or")


def test_query_spans_cover_korean_particles():
    spans = GAZ.in_query("철광석과 donju")
    assert [(s, e, entry.id) for s, e, entry in spans][0] == (0, 4, "iron_ore")
    assert {entry.id for *_, entry in spans} == {"iron_ore", "donju"}


@pytest.mark.parametrize(
    ("query", "name", "end"),
    [("혜산광산", "hyesan", 2), ("혜산광산에서", "hyesan", 2), ("피복공장", "clothing", 2)],
)
def test_a_name_before_a_noun_in_one_word_leaves_the_noun_its_meaning(query, name, end):
    """혜산광산 is the Hyesan mine, not Hyesan: the span stops where the head noun starts."""
    [(start, stop, entry)] = GAZ.in_query(query)
    assert (start, stop, entry.id) == (0, end, name)


@pytest.mark.parametrize("query", ["혜산에서", "평안남도의", "혜산시"])
def test_a_name_keeps_its_particles(query):
    [(start, stop, _entry)] = GAZ.in_query(query)
    assert (start, stop) == (0, len(query))
