"""A synthetic Daily NK of N story pairs, for benchmarks at archive scale.

Stories come out in the sample site's record format (crawler/sample_site/stories/*.json), so
the sample site's own model and templates render them into pages and the crawl meets the
same markup as in the tests. Each story is written once as a plan of parallel sentences and
rendered in English and Korean, so a pair mentions the same gazetteer entities and
commodities (English names on one side, Korean names on the other), as a translation does.

Lengths follow the real site: 6-12 paragraphs, English paragraphs of 40-110 words, Korean
ones of 80-250 characters.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from crawler.items import Article
from crawler.sample_site.build import Resource
from crawler.sample_site.model import KST, slugify
from crawler.sample_site.templates import SiteIndexPages

# --- vocabulary (English, Korean), parallel ----------------------------------------------
NOUNS = [
    ("crackdown", "단속"),
    ("inspection", "검열"),
    ("mobilisation campaign", "동원 사업"),
    ("food shortage", "식량난"),
    ("power shortage", "전력난"),
    ("border closure", "국경 봉쇄"),
    ("quarantine", "방역"),
    ("harvest", "수확"),
    ("rationing system", "배급제"),
    ("smuggling network", "밀수 조직"),
    ("market inspection", "장마당 단속"),
    ("housing project", "주택 건설"),
    ("road construction", "도로 공사"),
    ("irrigation project", "관개 공사"),
    ("ideological education", "사상 교육"),
    ("lecture", "강연회"),
    ("military drill", "군사 훈련"),
    ("tax", "세금"),
    ("loyalty fund", "충성자금"),
    ("bribery", "뇌물"),
    ("investigation", "조사"),
    ("trial", "재판"),
    ("public execution", "공개 처형"),
    ("forced labour", "강제 노동"),
    ("labour camp", "노동단련대"),
    ("defection", "탈북"),
    ("phone call", "통화"),
    ("foreign media", "외부 정보"),
    ("South Korean drama", "한국 드라마"),
    ("cash", "현금"),
    ("exchange rate", "환율"),
    ("fuel shortage", "연료난"),
    ("transport ban", "운송 금지"),
    ("train service", "열차 운행"),
    ("fishing ban", "어로 금지"),
    ("typhoon", "태풍"),
    ("flood", "홍수"),
    ("drought", "가뭄"),
    ("epidemic", "전염병"),
    ("vaccination", "예방접종"),
    ("hospital", "병원"),
    ("school", "학교"),
    ("university entrance exam", "대학 입시"),
    ("conscription", "징집"),
    ("army", "군대"),
    ("party meeting", "당 회의"),
    ("self-criticism session", "생활총화"),
    ("residents' meeting", "주민 회의"),
    ("land survey", "토지 조사"),
    ("farm", "농장"),
    ("factory", "공장"),
    ("mine", "광산"),
    ("power station", "발전소"),
    ("railway", "철도"),
    ("port", "항구"),
    ("customs office", "세관"),
    ("bus service", "버스 운행"),
    ("taxi business", "택시 영업"),
    ("private lending", "개인 대출"),
    ("rent", "임대료"),
    ("apartment", "아파트"),
    ("wage", "임금"),
    ("pension", "연금"),
    ("scholarship", "장학금"),
    ("salary", "월급"),
    ("electricity supply", "전기 공급"),
    ("water supply", "수도 공급"),
    ("heating", "난방"),
    ("firewood", "땔감"),
    ("mushroom season", "버섯철"),
    ("fishing season", "어업철"),
    ("planting season", "모내기철"),
    ("anniversary", "기념일"),
    ("holiday", "명절"),
    ("parade", "열병식"),
    ("mass games", "집단체조"),
    ("propaganda", "선전"),
    ("slogan", "구호"),
    ("surveillance", "감시"),
    ("wiretapping", "도청"),
    ("inspection team", "검열단"),
    ("prosecutor", "검찰"),
    ("police station", "안전부"),
    ("prison camp", "정치범수용소"),
    ("punishment", "처벌"),
    ("fine", "벌금"),
    ("confiscation", "몰수"),
    ("courier service", "택배"),
    ("car", "자동차"),
    ("bicycle", "자전거"),
    ("motorcycle", "오토바이"),
    ("television", "텔레비전"),
    ("computer", "컴퓨터"),
    ("radio", "라디오"),
    ("sewing machine", "재봉틀"),
    ("grain quota", "알곡 과제"),
    ("state plan", "국가 계획"),
    ("export contract", "수출 계약"),
    ("import licence", "수입 허가"),
    ("joint venture", "합영회사"),
    ("investment", "투자"),
    ("debt", "빚"),
    ("interest rate", "이자율"),
    ("savings", "저축"),
    ("bank account", "은행 계좌"),
    ("card payment", "카드 결제"),
    ("mobile banking", "모바일 뱅킹"),
    ("price control", "가격 통제"),
    ("grain sales", "양곡 판매"),
    ("state shop", "국영상점"),
    ("department store", "백화점"),
    ("restaurant", "식당"),
    ("hotel", "호텔"),
    ("tourism", "관광"),
    ("youth league meeting", "청년동맹 회의"),
    ("construction site", "건설 현장"),
    ("shock brigade", "돌격대"),
    ("militia training", "교도대 훈련"),
    ("night patrol", "야간 순찰"),
    ("travel permit", "여행증명서"),
    ("identity check", "신분 확인"),
    ("household registry", "주민 등록"),
    ("school fee", "학교 운영비"),
    ("medicine shortage", "의약품 부족"),
    ("private plot", "뙈기밭"),
    ("livestock", "가축"),
    ("greenhouse", "온실"),
    ("fishing boat", "어선"),
    ("coal mine", "탄광"),
    ("gold mine", "금광"),
    ("brick factory", "벽돌 공장"),
]
ADJECTIVES = [
    ("new", "새로운"),
    ("sudden", "갑작스러운"),
    ("prolonged", "장기간의"),
    ("strict", "엄격한"),
    ("nationwide", "전국적인"),
    ("recent", "최근의"),
    ("ongoing", "계속되는"),
    ("harsh", "가혹한"),
    ("unexpected", "예상치 못한"),
    ("large-scale", "대규모"),
    ("secret", "비밀"),
    ("intensive", "집중적인"),
    ("repeated", "반복된"),
    ("costly", "값비싼"),
    ("unpopular", "인기 없는"),
]
PEOPLE = [
    ("residents", "주민들"),
    ("traders", "상인들"),
    ("farmers", "농민들"),
    ("workers", "노동자들"),
    ("soldiers", "군인들"),
    ("students", "학생들"),
    ("cadres", "간부들"),
    ("women", "여성들"),
    ("families", "가정들"),
    ("pensioners", "연로보장자들"),
    ("miners", "광부들"),
    ("fishermen", "어부들"),
    ("drivers", "운전기사들"),
    ("teachers", "교사들"),
    ("doctors", "의사들"),
]
VERBS = [
    ("inspect", "점검"),
    ("complete", "완료"),
    ("review", "검토"),
    ("expand", "확대"),
    ("suspend", "중단"),
    ("investigate", "조사"),
    ("report on", "보고"),
    ("organise", "조직"),
    ("register", "등록"),
    ("monitor", "감시"),
    ("restrict", "제한"),
    ("restore", "복구"),
    ("finance", "지원"),
    ("close", "폐쇄"),
    ("control", "통제"),
]
PUNISH = [("arrest", "체포"), ("punish", "처벌"), ("report", "신고"), ("detain", "구금")]
MOVES = [("risen", "올랐다"), ("fallen", "떨어졌다"), ("climbed", "뛰었다"), ("dropped", "내렸다")]
FLOWS = [("increased", "늘었다"), ("decreased", "줄었다"), ("dried up", "끊겼다")]
TITLE_MOVES = [("soar", "급등"), ("fall", "하락"), ("climb", "상승"), ("slump", "폭락")]
SEASONS = [("spring", "봄"), ("summer", "여름"), ("autumn", "가을")]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
MONTHS = [
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
]  # fmt: skip
SECTIONS = [("News", "사회"), ("Economy", "경제"), ("Analysis & Opinion", "정치"),
            ("Human Rights", "북한인권")]  # fmt: skip
AUTHORS = [("Seo Jae Won", "서재원"), ("Jeong Tae Joo", "정태주"), ("Lee Chae Un", "이채은"),
           ("Kang Mi Jin", "강미진"), ("Ha Yoon Ah", "하윤아"), ("Mun Dong Hui", "문동희"),
           ("Jang Seul Gi", "장슬기"), ("Kim Ji Eun", "김지은")]  # fmt: skip
TRANSLATORS = ["Hana Seo", "Jason Bartlett", "Rachel Minyoung Lee", "Colin Zwirko"]
EDITORS = ["Claire Hollis", "Robert Lauler", "Dan Darling"]
FOREIGN_PLACES = {
    "liaoning", "jilin", "yanbian", "dandong", "shenyang", "yanji", "changbai", "hunchun",
    "tumen_city", "jian", "linjiang", "tianjin", "beijing", "vladivostok",
}  # fmt: skip
RIVERS = ("yalu_river", "tumen_river")
NOT_DOMESTIC = FOREIGN_PLACES | {
    "north_korea", "south_korea", "china", "russia", "united_states", "japan", "dmz",
    "yalu_river", "tumen_river", "sino_korean_friendship_bridge", "new_yalu_river_bridge",
    "panmunjom", "sohae", "kim_il_sung_square", "mount_paektu",
}  # fmt: skip
FOREIGN_ORGS = {"un_security_council", "ministry_of_unification", "national_intelligence_service"}
SKIP_ORGS = FOREIGN_ORGS | {"donju", "jangmadang", "border_guards", "inminban"}
FOREIGN_PEOPLE = {"xi_jinping", "vladimir_putin", "donald_trump", "moon_jae_in",
                  "yoon_suk_yeol", "lee_jae_myung"}  # fmt: skip
ARCHIVE_START = datetime(2005, 1, 1, tzinfo=UTC)
ARCHIVE_DAYS = (datetime(2026, 10, 31, tzinfo=UTC) - ARCHIVE_START).days


def _batchim(word: str) -> bool:
    """Whether the last syllable has a final consonant (picks 은/는, 이/가, 을/를)."""
    last = word[-1]
    if "\uac00" <= last <= "\ud7a3":
        return (ord(last) - 0xAC00) % 28 != 0
    return last.isdigit() and last in "013678"


def _j(word: str, pair: str) -> str:
    with_final, without = pair.split("/")
    return word + (with_final if _batchim(word) else without)


@dataclass(frozen=True)
class Names:
    """Gazetteer names by role, (English, Korean) each: what a story can mention."""

    places: list[tuple[str, str]]
    foreign: list[tuple[str, str]]
    rivers: list[tuple[str, str]]
    commodities: list[tuple[str, str]]
    orgs: list[tuple[str, str]]
    people: list[tuple[str, str]]

    @classmethod
    def from_gazetteer(cls) -> Names:
        from crawler.enrich import entities

        entries = entities.default().entries.values()

        def pick(keep) -> list[tuple[str, str]]:
            return [(e.en, e.ko) for e in entries if keep(e)]

        return cls(
            places=pick(lambda e: e.type == "place" and e.id not in NOT_DOMESTIC),
            foreign=pick(lambda e: e.id in FOREIGN_PLACES),
            rivers=pick(lambda e: e.id in RIVERS),
            commodities=pick(lambda e: e.type == "commodity"),
            orgs=pick(lambda e: e.type == "organisation" and e.id not in SKIP_ORGS),
            people=pick(lambda e: e.type == "person" and e.id not in FOREIGN_PEOPLE),
        )


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


class StoryWriter:
    """Writes one story (both languages) per call from a seeded random generator."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.names = Names.from_gazetteer()

    # One slot set per story keeps a story on topic: a place, a commodity, an organisation.
    def _slots(self) -> dict[str, tuple[str, str]]:
        r, n = self.rng, self.names
        p1, p2 = r.sample(n.places, 2)
        return {
            "P": p1,
            "P2": p2,
            "F": r.choice(n.foreign),
            "R": r.choice(n.rivers),
            "C": r.choice(n.commodities),
            "C2": r.choice(n.commodities),
            "O": r.choice(n.orgs),
            "W": r.choice(n.people),
        }

    def _sentence(self, s: dict[str, tuple[str, str]]) -> tuple[str, str]:
        """One sentence in both languages; a fresh draw of the story's slots and fillers."""
        r = self.rng
        n1, n2 = r.sample(NOUNS, 2)
        adj, ppl, verb = r.choice(ADJECTIVES), r.choice(PEOPLE), r.choice(VERBS)
        price, price2 = r.randrange(500, 90000, 50), r.randrange(500, 90000, 50)
        day, num, year = r.randint(1, 28), r.randint(2, 30), r.randint(2005, 2025)
        month = r.randrange(12)
        P, P2, F, R, C, C2, G, W = (s[k] for k in ("P", "P2", "F", "R", "C", "C2", "O", "W"))
        k = r.randrange(17)
        if k == 0:
            mv = r.choice(MOVES)
            return (
                f"A source in {P[0]} told Daily NK on {r.choice(WEEKDAYS)} that the price of "
                f"{C[0]} had {mv[0]} to {price:,} won per kilogram.",
                f"{P[1]} 소식통은 {day}일 데일리NK에 “{_j(C[1], '이/가')} 1kg당 {price:,}원까지 "
                f"{mv[1]}”고 전했다.",
            )
        if k == 1:
            return (
                f"At the market in {P[0]}, a kilogram of {C[0]} now sells for {price:,} won, "
                f"up from {price2:,} won a month ago.",
                f"{P[1]} 장마당에서 {C[1]} 1kg은 현재 {price:,}원에 팔리고 있으며, 한 달 전에는 "
                f"{price2:,}원이었다.",
            )
        if k == 2:
            return (
                f"According to the source, the {G[0]} has ordered officials in {P[0]} to "
                f"{verb[0]} the {n1[0]} before the end of {MONTHS[month]}.",
                f"소식통에 따르면 {_j(G[1], '은/는')} {P[1]} 간부들에게 {month + 1}월 말까지 "
                f"{n1[1]} {_j(verb[1], '을/를')} 마치라고 지시했다.",
            )
        if k == 3:
            return (
                f"{W[0]} reportedly inspected the {n1[0]} in {P[0]} last {r.choice(WEEKDAYS)}, "
                "according to the Rodong Sinmun.",
                f"{_j(W[1], '이/가')} 지난 {day}일 {P[1]}의 {_j(n1[1], '을/를')} 현지지도했다고 "
                "노동신문이 보도했다.",
            )
        if k == 4:
            fl = r.choice(FLOWS)
            return (
                f"Traders in {P[0]} say shipments of {C[0]} from {F[0]} have {fl[0]} since the "
                f"{n1[0]} began.",
                f"{P[1]} 상인들은 {_j(n1[1], '이/가')} 시작된 이후 {F[1]}에서 들어오는 {C[1]} "
                f"물량이 {fl[1]}고 말한다.",
            )
        if k == 5:
            pu = r.choice(PUNISH)
            return (
                f"Border guards along the {R[0]} have been told to {pu[0]} anyone caught "
                f"smuggling {C[0]} across the river.",
                f"{R[1]} 일대 국경경비대에는 {_j(C[1], '을/를')} 밀수하다 적발된 사람을 "
                f"{pu[1]}하라는 지시가 내려졌다.",
            )
        if k == 6:
            se = r.choice(SEASONS)
            return (
                f"{_cap(ppl[0])} worry that the {n1[0]} will make {n2[0]} even harder to come by "
                f"ahead of the {se[0]} harvest.",
                f"{ppl[1]}은 {se[1]} 수확을 앞두고 {n1[1]} 때문에 {_j(n2[1], '이/가')} 더 "
                "어려워질까 우려하고 있다.",
            )
        if k == 7:
            rate, yrate = r.randrange(3000, 40000, 10), r.randrange(400, 5000, 5)
            return (
                f"One US dollar fetched {rate:,} North Korean won in {P[0]} this week, while "
                f"one Chinese yuan sold for {yrate:,} won.",
                f"이번 주 {P[1]}에서 미국 달러 환율은 1달러당 {rate:,}원, 중국 위안 환율은 "
                f"1위안당 {yrate:,}원을 기록했다.",
            )
        if k == 8:
            return (
                f"Officials from the {G[0]} were sent to {P[0]} to {verb[0]} the {n1[0]} and "
                f"report back within {num} days.",
                f"{G[1]} 간부들이 {P[1]}에 파견돼 {_j(n1[1], '을/를')} {verb[1]}하고 {num}일 "
                "안에 보고하도록 했다.",
            )
        if k == 9:
            return (
                f"“The {adj[0]} {n1[0]} has hit {ppl[0]} hard, and nobody knows how long it will "
                f"last,” the source said.",
                f"소식통은 “{adj[1]} {n1[1]} 때문에 {ppl[1]}이 큰 타격을 받았고 언제 끝날지 "
                "아무도 모른다”고 말했다.",
            )
        if k == 10:
            return (
                f"The {adj[0]} {n1[0]} has left many {ppl[0]} struggling to afford {n2[0]}.",
                f"{adj[1]} {n1[1]} 탓에 많은 {ppl[1]}이 {n2[1]} 마련에 어려움을 겪고 있다.",
            )
        if k == 11:
            return (
                f"Local {ppl[0]} blame the {n1[0]} for the shortage of {C2[0]} in {P[0]}.",
                f"{P[1]} {ppl[1]}은 {C2[1]} 부족의 원인으로 {_j(n1[1], '을/를')} 꼽는다.",
            )
        if k == 12:
            return (
                f"The {n1[0]} is part of a wider campaign by the {G[0]} to tighten control over "
                f"{n2[0]}.",
                f"이번 {_j(n1[1], '은/는')} {n2[1]}에 대한 통제를 강화하려는 {G[1]}의 광범위한 "
                "움직임의 일환이다.",
            )
        if k == 13:
            return (
                f"Some {ppl[0]} in {P[0]} have turned to selling {C[0]} at the market to make "
                "ends meet.",
                f"{P[1]}의 일부 {ppl[1]}은 생계를 위해 장마당에서 {C[1]} 장사에 나섰다.",
            )
        if k == 14:
            return (
                f"The source added that the {n1[0]} and the {n2[0]} remain the biggest "
                f"concerns for {ppl[0]} in {P2[0]}.",
                f"소식통은 {P2[1]} {ppl[1]}에게 {_j(n1[1], '와/과')} {_j(n2[1], '이/가')} "
                "여전히 가장 큰 걱정거리라고 덧붙였다.",
            )
        if k == 15:
            return (
                f"In {year}, the authorities in {P[0]} launched a similar {n1[0]} that lasted "
                f"{num} months.",
                f"{year}년에도 {P[1]} 당국은 비슷한 {_j(n1[1], '을/를')} 벌였고 {num}개월 동안 "
                "이어졌다.",
            )
        return (
            f"Meanwhile, {G[0]} officials have reportedly demanded {price:,} won from each "
            f"household for the {n1[0]}.",
            f"한편 {G[1]} 간부들은 {n1[1]} 명목으로 세대당 {price:,}원을 요구한 것으로 알려졌다.",
        )

    def _paragraph(self, s: dict[str, tuple[str, str]]) -> tuple[str, str]:
        """Sentences until the English side has 40-110 words; the Korean side follows."""
        target = self.rng.randint(40, 100)
        en, ko, words = [], [], 0
        while words < target:
            e, k = self._sentence(s)
            if words and words + len(e.split()) > 110:
                break
            en.append(e)
            ko.append(k)
            words += len(e.split())
        return " ".join(en), " ".join(ko)

    def _title(self, s: dict[str, tuple[str, str]]) -> tuple[str, str]:
        r = self.rng
        n1 = r.choice(NOUNS)
        P, P2, C, G, W, R = (s[k] for k in ("P", "P2", "C", "O", "W", "R"))
        k = r.randrange(7)
        if k == 0:
            mv = r.choice(TITLE_MOVES)
            return (
                f"{_cap(C[0])} prices {mv[0]} in {P[0]} amid {n1[0]}",
                f"{P[1]} {C[1]} 가격 {mv[1]}…{n1[1]} 영향",
            )
        if k == 1:
            return f"{G[0]} orders {n1[0]} in {P[0]}", f"{G[1]}, {P[1]}에 {n1[1]} 지시"
        if k == 2:
            return f"{W[0]} visits {n1[0]} in {P[0]}", f"{W[1]}, {P[1]} {n1[1]} 현지지도"
        if k == 3:
            ppl = r.choice(PEOPLE)
            return (
                f"{_cap(ppl[0])} in {P[0]} struggle with {n1[0]}",
                f"{P[1]} {ppl[1]}, {n1[1]}에 시름",
            )
        if k == 4:
            grows = r.choice((("grows", "증가"), ("slows", "감소")))
            return (
                f"{_cap(C[0])} smuggling across the {R[0]} {grows[0]}",
                f"{R[1]} 통한 {C[1]} 밀수 {grows[1]}",
            )
        if k == 5:
            return (
                f"Authorities step up {n1[0]} in {P[0]}",
                f"{P[1]} 당국, {n1[1]} 강화",
            )
        return (
            f"Sources: {n1[0]} spreads from {P[0]} to {P2[0]}",
            f"소식통 “{n1[1]}, {P[1]}에서 {P2[1]}로 확산”",
        )

    def story(self, n: int, after: datetime | None = None) -> dict[str, Any]:
        """Story number `n` as a sample-site record: {key, template, en: {...}, ko: {...}};
        published in the archive's years, or within a day from `after` (new articles)."""
        r = self.rng
        s = self._slots()
        title_en, title_ko = self._title(s)
        sub = self._paragraph(s) if r.random() < 0.7 else None
        paras = [self._paragraph(s) for _ in range(r.randint(6, 12))]
        body_en: list[Any] = [p[0] for p in paras]
        body_ko: list[Any] = [p[1] for p in paras]
        if r.random() < 0.25:
            cap_en, cap_ko = self._sentence(s)
            body_en.insert(0, {"figure": {"caption": cap_en, "credit": "Daily NK"}})
            body_ko.insert(0, {"figure": {"caption": cap_ko, "credit": "데일리NK"}})
        if after is None:
            ko_time = ARCHIVE_START + timedelta(
                days=r.randrange(ARCHIVE_DAYS), minutes=r.randrange(24 * 60)
            )
        else:
            ko_time = after + timedelta(minutes=r.randrange(24 * 60))
        en_time = ko_time + timedelta(hours=r.randint(4, 96))
        section = r.choice(SECTIONS)
        author = r.choice(AUTHORS)
        tags_en = list(dict.fromkeys([s["C"][0], s["P"][0], s["O"][0], s["W"][0]]))
        tags_ko = list(dict.fromkeys([s["C"][1], s["P"][1], s["O"][1], s["W"][1]]))
        template = r.choices(("td", "tdb", "legacy"), weights=(45, 45, 10))[0]
        return {
            "key": f"synth-{n}",
            "template": template,
            "en": {
                "title": title_en,
                "subtitle": sub[0].split(". ")[0].rstrip(".") if sub else None,
                "authors": [author[0]],
                "published": iso(en_time),
                "section": section[0],
                "tags": tags_en,
                "body": body_en,
                "translator": r.choice(TRANSLATORS),
                "editor": r.choice(EDITORS),
            },
            "ko": {
                "title": title_ko,
                "subtitle": sub[1].split(". ")[0].rstrip(".") if sub else None,
                "authors": [author[1]],
                "published": iso(ko_time),
                "section": section[1],
                "tags": tags_ko,
                "body": body_ko,
            },
        }


def iso(dt: datetime) -> str:
    return dt.strftime("%Y-%m-%dT%H:%M:%SZ")


def stories(
    n_pairs: int, seed: int = 1, start: int = 0, after: datetime | None = None
) -> Iterator[dict[str, Any]]:
    """`n_pairs` story records; the same seed gives the same stories."""
    writer = StoryWriter(seed)
    for n in range(start, start + n_pairs):
        yield writer.story(n, after)


# --- the site ----------------------------------------------------------------------------
def render_site(base_url: str, records: list[dict[str, Any]]) -> dict[str, Resource]:
    """path -> Resource for a whole synthetic site, rendered exactly as the bundled one."""
    from crawler.sample_site.build import render_site as render

    return render(base_url, records)


def listing_pages(n_pairs: int) -> int:
    """Listing pages of the larger (English) listing: what --max-pages must reach."""
    return -(-n_pairs // SiteIndexPages.PER_PAGE)


def serve(n_pairs: int, seed: int = 1):
    """A SampleSiteServer on 127.0.0.1 (free port) serving a synthetic site of `n_pairs`."""
    from crawler.sample_site.server import SampleSiteServer

    server = SampleSiteServer(port=0)
    server.resources = render_site(server.base_url, list(stories(n_pairs, seed)))
    return server.start_background()


# --- straight into the store -------------------------------------------------------------
def assign_urls(
    records: list[dict[str, Any]],
    base_url: str = "https://www.dailynk.com",
    taken: set[str] | None = None,
) -> list[tuple[dict[str, Any], str, str]]:
    """(record, Korean URL, English URL) per story with the sample site's URL scheme
    (/YYYYMMDD-n/ by Korean local day, /english/<slug>/ with -2, -3 on a clash), linear in N.
    `taken`: URLs already stored, never reused."""
    taken = set(taken or ())
    per_day: dict[str, int] = {}
    out = []
    for story in records:
        pub = datetime.fromisoformat(story["ko"]["published"].replace("Z", "+00:00")) + KST
        day = pub.strftime("%Y%m%d")
        while True:
            per_day[day] = per_day.get(day, 0) + 1
            ko_url = f"{base_url}/{day}-{per_day[day]}/"
            if ko_url not in taken:
                break
        base = slugify(story["en"]["title"], story["template"] == "legacy")
        en_url, k = f"{base_url}/english/{base}/", 2
        while en_url in taken:
            en_url, k = f"{base_url}/english/{base}-{k}/", k + 1
        taken.update((ko_url, en_url))
        out.append((story, ko_url, en_url))
    return out


def pair_articles(
    story: dict[str, Any], ko_url: str, en_url: str, n: int, by_paragraph: bool = False
) -> list[Article]:
    """The story's two articles as the crawl pipelines leave them: language, pair link,
    entities and commodities computed by the same code. Ready for Store.upsert_article.

    `by_paragraph`: match entities paragraph by paragraph and add the counts up. Same result
    (no name spans a paragraph; `same_entities` checks it), about 2.5x faster, because
    matching Korean re-folds the whole text for every alias it finds."""
    from crawler.enrich import entities
    from crawler.enrich.language import detect

    gaz = entities.default()
    out = []
    for lang, url in (("ko", ko_url), ("en", en_url)):
        rec = story[lang]
        art = Article(
            url=url,
            html_lang="en-US" if lang == "en" else "ko-KR",
            post_id=(30000 if lang == "en" else 100000) + n * 7,
            title=rec["title"],
            subtitle=rec.get("subtitle"),
            authors=list(rec["authors"]),
            published=rec["published"],
            section=rec["section"],
            tags=list(rec["tags"]),
            canonical_url=url,
            body=[b for b in rec["body"] if isinstance(b, str)],
            captions=[
                f"{b['figure']['caption']} / Image: {b['figure']['credit']}"
                for b in rec["body"]
                if isinstance(b, dict) and "figure" in b
            ],
            translator=rec.get("translator"),
            editor=rec.get("editor"),
            pair_url=ko_url if lang == "en" else None,
            template="tdb" if story["template"] == "tdb" else "td-2019",
        )
        art.lang, art.lang_method = detect(f"{art.title}\n{art.text}")
        parts = [art.title, art.subtitle or "", *art.body]
        if by_paragraph:
            found: Counter[str] = Counter()
            for part in parts:
                found += gaz.match(part, art.lang)
        else:
            found = gaz.match("\n".join(parts), art.lang)
        art.entities, art.commodities = gaz.split(found)
        out.append(art)
    return out


def same_entities(story: dict[str, Any], ko_url: str, en_url: str) -> bool:
    """Whether paragraph-wise matching gives what the pipeline's one call gives."""
    fast = pair_articles(story, ko_url, en_url, 0, by_paragraph=True)
    slow = pair_articles(story, ko_url, en_url, 0)
    return all(
        (a.entities, a.commodities) == (b.entities, b.commodities)
        for a, b in zip(fast, slow, strict=True)
    )
