"""Pure parsers: (html, url) in, Article (or a reason it is not one) out. No Scrapy, no network.

dailynk.py picks the parser of the page's template (td2019.py, tdb.py, generic.py; fields in
base.py, the body's clean-up in body.py); discovery.py reads listings, feeds and sitemaps;
selectors.py holds every selector.
"""

from crawler.parsers.dailynk import NotAnArticle, parse_article

__all__ = ["NotAnArticle", "parse_article"]
