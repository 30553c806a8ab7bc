"""Every selector nkwatch reads pages with, in one place: article templates, listings, feeds,
sitemaps, pagination and the "Read in Korean" link.

Article pages come in versions of the tagDiv Newspaper theme. Each version (a Template) is
identified by a marker and has its own selectors per field; after its own, every template
falls back to the same WordPress / Yoast markup (FALLBACK). A selector's rank is its place
in its field's ladder (the 2019 template's, then tdb's, then the fallbacks): one number per
selector in every crawl summary. Ranks are counted per crawl (crawler/health.py), so a
layout change shows up as a shift to later ranks or to -1 (missing) instead of silently
empty articles.

The Korean edition uses the same templates; what differs is words, not markup (the byline's
기자, the copyright line, no pair link), handled as edition rules in crawler/parsers/base.py.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

# --- article templates -------------------------------------------------------------------


@dataclass(frozen=True)
class Template:
    """One version of the post page: the marker that identifies it, its own selectors."""

    name: str
    marker: str
    title: tuple[str, ...] = ()
    subtitle: tuple[str, ...] = ()
    author: tuple[str, ...] = ()
    section: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    body: tuple[str, ...] = ()


TD_2019 = Template(
    name="td-2019",
    marker="div.td-post-content",
    title=("header.td-post-title h1.entry-title",),
    subtitle=("p.td-post-sub-title",),
    author=(".td-post-author-name a",),
    section=("ul.td-category li a",),
    tags=("footer ul.td-tags li a",),
    body=("div.td-post-content",),
)
# The newer tagDiv "cloud" template. Its blocks carry td-* classes too, so its own tdb-*
# marker is looked for first; its content block is also a div.td-post-content, the whole
# block, tried before the inner div.
TDB = Template(
    name="tdb",
    marker="div.tdb_single_content, h1.tdb-title-text",
    title=("h1.tdb-title-text",),
    subtitle=(".tdb_single_subtitle p", ".tdb-block-inner p.td-post-sub-title"),
    author=(".tdb-author-name",),
    section=(".tdb-category a.tdb-entry-category",),
    tags=(".tdb-tags li a",),
    body=("div.td-post-content", "div.tdb_single_content .tdb-block-inner"),
)
# What every template falls back to after its own (and the other templates') selectors:
# WordPress and Yoast markup.
FALLBACK = Template(
    name="fallback",
    marker="",
    title=("article h1.entry-title", "meta[property='og:title']::attr(content)", "title"),
    author=(
        "[itemprop=author] meta[itemprop=name]::attr(content)",
        "meta[name=author]::attr(content)",
    ),
    section=("meta[property='article:section']::attr(content)",),
    tags=("meta[property='article:tag']::attr(content)",),
    body=(".entry-content",),
)
# In the order their markers are looked for.
TEMPLATES = (TDB, TD_2019)
# Pages no template matches: no selectors of its own, so every selector in rank order.
GENERIC = Template(name="generic", marker="")
# Posts migrated from the old system keep their template's markup but write paragraphs as
# <div>s: a template's "-legacy" version is told by most text blocks of its body being these.
LEGACY_BLOCK = "div"
LEGACY_SUFFIX = "-legacy"

# Fields every template reads alike.
PUBLISHED = (
    "meta[property='article:published_time']::attr(content)",
    # then JSON-LD datePublished (rank 1), then <time datetime> read as KST (rank 2)
)
TIME_LOCAL = ("time.entry-date::attr(datetime)", ".tdb_single_date time::attr(datetime)")
MODIFIED = "meta[property='article:modified_time']::attr(content)"
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
    "figure:not(.wp-block-table)",  # a table block is a figure too, and article text
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
# A table's row is one line of text and its caption another, as the price tables (markets
# by goods) are read.
TABLE_BLOCKS = ("tr", "caption")
# Block elements whose own text is a paragraph (legacy posts use <div>).
PARAGRAPH_TAGS = ("p", "div", "h2", "h3", "h4", "h5", "blockquote", "li", "pre", *TABLE_BLOCKS)

# "Read in Korean": an anchor in an English body whose text says so (else one whose href is
# a Korean article URL: crawler/urls.py knows those).
PAIR_ANCHOR = "a"  # with an href
READ_IN_KOREAN = r"read\s+(it\s+)?in\s+korean|한국어\s*(로|기사|원문)"


def _ladders() -> dict[str, tuple[str, ...]]:
    ladders = {"canonical": CANONICAL, "published": PUBLISHED}
    for f in fields(Template):
        if f.name not in ("name", "marker"):
            own = (getattr(t, f.name) for t in (TD_2019, TDB, FALLBACK))
            ladders[f.name] = tuple(dict.fromkeys(css for group in own for css in group))
    return ladders


# field -> every selector for it, in rank order.
LADDERS = _ladders()


def candidates(template: Template, field: str) -> tuple[str, ...]:
    """The selectors a template's parser tries for `field`: its own first, then every other
    in rank order (the other template's, as a page may mix blocks of two versions, then the
    fallbacks). Fields no template has selectors of its own for (canonical) are shared."""
    return tuple(dict.fromkeys(getattr(template, field, ()) + LADDERS[field]))


# For the alarms: ranks below these are a template's own selectors; later ranks are
# fallbacks, and many of them in one crawl mean the layout changed.
TEMPLATE_RANKS = {
    "title": len(dict.fromkeys(TD_2019.title + TDB.title)),
    "body": len(dict.fromkeys(TD_2019.body + TDB.body)),
    "published": 1,
}

# --- discovery pages ---------------------------------------------------------------------
LISTING_LINKS = (
    "h3.entry-title a::attr(href)",
    ".td-module-title a::attr(href)",
    ".tdb-module-title a::attr(href)",
)
LISTING_ANY_LINK = "a::attr(href)"  # no known listing markup: any link, filtered by URL
LISTING_DATES = "time::attr(datetime)"
NEXT_PAGE = (
    "link[rel=next]::attr(href)",
    ".page-nav a[aria-label=next-page]::attr(href)",
    "a.next.page-numbers::attr(href)",
)
FEED_ROOT = "name(/*)"  # XPath
FEED_ROOTS = ("rss", "feed", "RDF", "rdf:RDF")
FEED_LINKS = "//item/link/text()"  # XPath, namespaces removed
# The WordPress REST API's posts (wp-json/wp/v2/posts): the fields read (crawler/parsers/rest.py).
REST_LINK = "link"
REST_DATE = "date_gmt"  # UTC, no zone written
REST_MODIFIED = "modified_gmt"
REST_ID = "id"
REST_TITLE = ("title", "rendered")
REST_CONTENT = ("content", "rendered")
REST_PROTECTED = ("content", "protected")
REST_EMBEDDED = "_embedded"  # present when asked for with ?_embed
REST_AUTHORS = "author"  # _embedded.author: the post's users, each with a "name"
REST_NAME = "name"
REST_TERMS = "wp:term"  # _embedded["wp:term"]: lists of terms, each with its "taxonomy"
REST_TAXONOMY = "taxonomy"
REST_CATEGORY = "category"
REST_TAG = "post_tag"
REST_FEATURED = "wp:featuredmedia"  # the featured image, outside the content
REST_CAPTION = ("caption", "rendered")
REST_TOTAL = "X-WP-Total"  # headers: posts and pages the query has in all
REST_TOTAL_PAGES = "X-WP-TotalPages"
# Sitemaps are read by Scrapy's Sitemap (safe XML); these are the names it gives.
SITEMAP_INDEX = "sitemapindex"
SITEMAP_LOC = "loc"
SITEMAP_LASTMOD = "lastmod"
ROBOTS_SITEMAP = "sitemap"  # robots.txt's "Sitemap:" lines
