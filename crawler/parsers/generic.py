"""Fallback extractor for pages no Daily NK template matches: the densest run of paragraphs."""

from __future__ import annotations

from bs4 import BeautifulSoup

from crawler.parsers.text import clean_text

_NOISE = ("script", "style", "noscript", "nav", "header", "footer", "aside", "form", "figure")


def extract(html: str, min_chars: int = 40) -> list[str]:
    """Paragraphs of the element whose <p> children hold the most text."""
    soup = BeautifulSoup(html, "lxml")
    for junk in soup(_NOISE):
        junk.decompose()
    best, best_len = None, 0
    for container in {p.parent for p in soup.find_all("p") if p.parent is not None}:
        size = sum(len(p.get_text(strip=True)) for p in container.find_all("p", recursive=False))
        if size > best_len:
            best, best_len = container, size
    if best is None:
        return []
    paras = [clean_text(p.get_text(" ")) for p in best.find_all("p", recursive=False)]
    return [p for p in paras if len(p) >= min_chars]
