from crawler.enrich.language import detect, hangul_share, html_lang_code


def test_short_romanised_english_is_english():
    # langdetect alone calls this af or tl
    for text in ("Kim Jong Un visits Hyesan", "Pyongjin Trade Guidance Bureau", "Sinuiju"):
        assert detect(text)[0] == "en"


def test_korean_with_latin_names_is_korean():
    assert detect("데일리NK 양강도 소식통은 USD 환율이 8,100원이라고 전했다")[0] == "ko"


def test_unclear_middle_goes_to_seeded_langdetect_and_is_stable():
    text = "평양 Pyongyang 시장 market 쌀 rice prices went up again this month at the market"
    results = {detect(text) for _ in range(5)}
    assert len(results) == 1
    lang, method = results.pop()
    assert lang in ("en", "ko") and method == "langdetect"


def test_hangul_share_ignores_digits_and_punctuation():
    assert hangul_share("쌀 5,900원!") == 1.0
    assert hangul_share("") == 0.0


def test_text_without_letters_has_no_language():
    assert detect("5,900 / 8,100")[0] is None


def test_html_lang_code():
    assert html_lang_code("ko-KR") == "ko" and html_lang_code("en-US") == "en"
    assert html_lang_code(None) is None
