"""Every CSS selector the Daily NK parser uses, in one place, with ordered fallbacks.

The first selector that yields a value wins; its rank is counted per crawl (see
crawler/health.py), so a layout change shows up as a shift from rank 0 to later ranks or to
"missing" instead of silently producing empty articles. Order: 2019 `td-post-*` template,
then the newer tagDiv cloud `tdb-*` template, then generic WordPress / Yoast markup.
"""

from __future__ import annotations

TITLE = (
    "header.td-post-title h1.entry-title",
    "h1.tdb-title-text",
    "article h1.entry-title",
    "meta[property='og:title']::attr(content)",
    "title",
)
SUBTITLE = ("p.td-post-sub-title", ".tdb_single_subtitle p", ".tdb-block-inner p.td-post-sub-title")
PUBLISHED = (
    "meta[property='article:published_time']::attr(content)",
    # then JSON-LD datePublished (parsed in the parser), then <time datetime> as KST
)
MODIFIED = ("meta[property='article:modified_time']::attr(content)",)
TIME_LOCAL = ("time.entry-date::attr(datetime)", ".tdb_single_date time::attr(datetime)")
AUTHOR = (
    ".td-post-author-name a",
    ".tdb-author-name",
    "[itemprop=author] meta[itemprop=name]::attr(content)",
    "meta[name=author]::attr(content)",
)
SECTION = (
    "ul.td-category li a",
    ".tdb-category a.tdb-entry-category",
    "meta[property='article:section']::attr(content)",
)
TAGS = (
    "footer ul.td-tags li a",
    ".tdb-tags li a",
    "meta[property='article:tag']::attr(content)",
)
BODY = (
    "div.td-post-content",
    "div.tdb_single_content .tdb-block-inner",
    ".entry-content",
)
CANONICAL = ("link[rel=canonical]::attr(href)", "meta[property='og:url']::attr(content)")
ARTICLE = "article[id^=post-]"
OG_TYPE = "meta[property='og:type']::attr(content)"
JSON_LD = "script[type='application/ld+json']::text"
HTML_LANG = "html::attr(lang)"

# Inside the body: never article text.
BODY_DROP = (
    "script",
    "style",
    "noscript",
    "iframe",
    "form",
    "ins",
    "figure",
    ".td-post-featured-image",
    ".td-a-rec",
    ".td-post-sharing",
    ".td_block_related_posts",
    ".tdb-block-related",
    ".sharedaddy",
    ".wp-block-buttons",
    ".td-g-rec",
)
CAPTION = ("figcaption", ".wp-caption-text")
# Block elements whose own text is a paragraph (legacy posts use <div>).
PARAGRAPH_TAGS = ("p", "div", "h2", "h3", "h4", "h5", "blockquote", "li", "pre")

# Which template a page is, by the body selector that matched.
TEMPLATE_BY_BODY = {0: "td-2019", 1: "tdb", 2: "wp-generic"}

# How many leading candidates per field belong to a known template; later ranks are
# fallbacks, and many of them in one crawl mean the layout changed.
TEMPLATE_RANKS = {"title": 2, "body": 2, "published": 1}
