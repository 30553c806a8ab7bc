"""Pure parsers: (html, url) in, Article (or a reason it is not one) out. No Scrapy, no network."""

from crawler.parsers.dailynk import NotAnArticle, parse_article

__all__ = ["NotAnArticle", "parse_article"]
