"""The bundled site behaves like WordPress: redirects, content types, 404s, feeds."""

from __future__ import annotations

import urllib.error
import urllib.request
from xml.etree import ElementTree


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def fetch(url: str, follow: bool = True):
    opener = urllib.request.build_opener() if follow else urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(url, timeout=10) as resp:
            return resp.status, resp.headers, resp.read()
    except urllib.error.HTTPError as err:
        return err.code, err.headers, err.read()


def test_site_has_enough_stories(sample_pages):
    stories = {p.story for p in sample_pages}
    pairs = {
        p.story
        for p in sample_pages
        if p.lang == "en" and p.pair_path and any(k.path == p.pair_path for k in sample_pages)
    }
    en_only = {p.story for p in sample_pages if p.lang == "en"} - {
        p.story for p in sample_pages if p.lang == "ko"
    }
    ko_only = {p.story for p in sample_pages if p.lang == "ko"} - {
        p.story for p in sample_pages if p.lang == "en"
    }
    assert len(pairs) >= 20 and len(en_only) >= 2 and len(ko_only) >= 2
    assert len(stories) == len(pairs) + len(en_only) + len(ko_only)
    assert any(p.story == "pyongjin-guidance-bureau" and p.lang == "ko" for p in sample_pages)


def test_urls_follow_the_real_patterns(sample_pages):
    import re

    for p in sample_pages:
        if p.lang == "ko":
            assert re.fullmatch(r"/\d{8}-\d+/", p.path), p.path
        else:
            assert re.fullmatch(r"/english/[a-z0-9-]+/", p.path), p.path


def test_trailing_slash_redirect_and_content_types(site, sample_pages):
    page = next(p for p in sample_pages if p.lang == "en")
    status, headers, _ = fetch(site.base_url + page.path.rstrip("/"), follow=False)
    assert status == 301 and headers["Location"] == site.base_url + page.path
    status, headers, body = fetch(site.base_url + page.path)
    assert status == 200 and headers["Content-Type"] == "text/html; charset=UTF-8"
    assert b'<html lang="en-US">' in body
    status, headers, _ = fetch(site.base_url + "/english/feed/")
    assert headers["Content-Type"].startswith("application/rss+xml")
    status, headers, _ = fetch(site.base_url + "/robots.txt")
    assert headers["Content-Type"].startswith("text/plain")


def test_missing_pages_are_404_with_a_themed_page(site):
    status, headers, body = fetch(site.base_url + "/20190301-9/")
    assert status == 404 and b"Error 404" in body


def test_feeds_carry_only_the_newest_items(site, sample_pages):
    _, _, body = fetch(site.base_url + "/english/feed/")
    links = [el.text for el in ElementTree.fromstring(body).iter("link")][1:]
    english = [p for p in sample_pages if p.lang == "en"]
    assert 0 < len(links) < len(english)
    newest = max(english, key=lambda p: p.published)
    assert site.base_url + newest.path in links


def test_listings_paginate(site):
    status, _, body = fetch(site.base_url + "/english/category/news/page/2/")
    assert status == 200 and b'rel="prev"' in body
    status, _, _ = fetch(site.base_url + "/english/category/news/page/99/")
    assert status == 404


def test_korean_pages_are_korean(site, sample_pages):
    page = next(p for p in sample_pages if p.lang == "ko")
    _, _, body = fetch(site.base_url + page.path)
    assert b'<html lang="ko-KR">' in body
