import pytest

from crawler import urls


@pytest.mark.parametrize(
    "raw, canonical",
    [
        (
            "https://WWW.DailyNK.com/20251118-3?utm_source=x&utm_medium=y#top",
            "https://www.dailynk.com/20251118-3/",
        ),
        (
            "https://www.dailynk.com:443/english/some-slug",
            "https://www.dailynk.com/english/some-slug/",
        ),
        (
            "https://www.dailynk.com/english/?p=43170&fbclid=abc",
            "https://www.dailynk.com/english/?p=43170",
        ),
        ("/20250430-1-2/", "https://www.dailynk.com/20250430-1-2/"),
    ],
)
def test_canonicalize(raw, canonical):
    assert urls.canonicalize(raw, base="https://www.dailynk.com/english/x/") == canonical


@pytest.mark.parametrize(
    "url, en, ko",
    [
        ("https://www.dailynk.com/english/pyongjin-promoted/", True, False),
        ("https://www.dailynk.com/20251118-3/", False, True),
        ("https://www.dailynk.com/20250430-1-2/", False, True),
        ("https://www.dailynk.com/%ED%8F%89%EC%A7%84/", False, True),
        ("https://www.dailynk.com/english/read.php?cataId=nk01500&num=14884", True, False),
        ("https://www.dailynk.com/korean/read.php?num=102886&cataId=nk00100", False, True),
        ("https://www.dailynk.com/english/category/news/", False, False),
        ("https://www.dailynk.com/english/feed/", False, False),
        ("https://www.dailynk.com/english/tag/donju/", False, False),
        ("https://www.dailynk.com/", False, False),
        ("https://www.dailynk.com/all/page/2/", False, False),
    ],
)
def test_article_urls(url, en, ko):
    assert urls.is_english_article(url) is en
    assert urls.is_korean_article(url) is ko


def test_edition_and_site():
    assert urls.edition_of("https://www.dailynk.com/english/x/") == "en"
    assert urls.edition_of("https://www.dailynk.com/20240101-1/") == "ko"
    assert urls.same_site("https://www.dailynk.com/x/", {"www.dailynk.com"})
    assert not urls.same_site("https://evil.example/x/", {"www.dailynk.com"})
