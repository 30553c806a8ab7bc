"""The fallback for pages no template matches (or whose template body holds no text):
every known selector, then the densest run of paragraphs on the page."""

from __future__ import annotations

from bs4 import BeautifulSoup

from crawler.parsers import selectors as S
from crawler.parsers.base import ArticleParser
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


class GenericParser(ArticleParser):
    """A page of no known template may still carry some of their markup: each field tries
    every template's selectors, then the fallbacks; the body, a container any body selector
    finds, else the densest paragraphs."""

    template = S.GENERIC
    name = S.GENERIC.name

    def body(self) -> list[str]:
        return super().body() or extract(self.page.html)
