"""URL knowledge of Daily NK: what a URL is, and one canonical spelling of it.

Everything that decides "is this an article, a listing, a feed?" from a URL lives here, so that
the spider, the pairing step and the store agree.
"""

from __future__ import annotations

import ipaddress
import re
from urllib.parse import parse_qsl, quote, unquote, urlencode, urljoin, urlsplit, urlunsplit

DEFAULT_BASE_URL = "https://www.dailynk.com"


def host_of(url: str) -> str:
    return urlsplit(url).hostname or ""


def is_loopback_host(host: str) -> bool:
    """localhost or a loopback address: our own sample site and the tests."""
    if host.lower().rstrip(".") == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


TRACKING_PARAMS = re.compile(
    r"^(utm_\w+|fbclid|gclid|dclid|msclkid|mc_cid|mc_eid|_ga|igshid|ref|ref_src|amp|replytocom)$",
    re.I,
)

KO_ARTICLE = re.compile(r"^/(?P<date>(19|20)\d{6})-(?P<n>\d+)(-\d+)?/$")
EN_ARTICLE = re.compile(r"^/english/(?P<slug>[^/?#]+)/$")
LEGACY_READ = re.compile(r"^/(?P<ed>english|korean)/read\.php$")
# First path segments that are never articles (WordPress and theme machinery, archives).
NOT_ARTICLE_SLUGS = {
    "feed",
    "category",
    "tag",
    "author",
    "page",
    "wp-json",
    "wp-content",
    "wp-admin",
    "wp-includes",
    "search",
    "market",
    "comments",
    "xmlrpc.php",
    "sitemap-misc.xml",
}
# Known non-article pages that look like articles (price charts are WordPress pages);
# the parser drops them, so they are fetched, recognised and counted.
# Only the known ones: article slugs say "market-prices" too.
PRICE_PAGE = re.compile(r"^/english/north-korea-market-trends-|^/market/", re.I)


def canonicalize(url: str, base: str | None = None) -> str:
    """One spelling per page: https scheme kept as given, lower-case host, no default port,
    no fragment, no tracking parameters, sorted query, trailing slash on article-like paths."""
    if base:
        url = urljoin(base, url)
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    port = parts.port
    netloc = (
        host
        if port is None or (scheme, port) in {("http", 80), ("https", 443)}
        else (f"{host}:{port}")
    )
    path = quote(unquote(parts.path or "/"), safe="/:@!$&'()*+,;=-._~")
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)]
    query = sorted((k, v) for k, v in query if not TRACKING_PARAMS.match(k))
    last = path.rsplit("/", 1)[-1]
    if not query and last and "." not in last:
        path += "/"
    return urlunsplit((scheme, netloc, path, urlencode(query), ""))


def path_of(url: str) -> str:
    return urlsplit(url).path or "/"


def is_korean_article(url: str) -> bool:
    path = path_of(url)
    if KO_ARTICLE.match(path):
        return True
    if LEGACY_READ.match(path) and path.startswith("/korean/"):
        return "num=" in urlsplit(url).query
    # Older Korean posts: a percent-encoded Korean slug at the root.
    segs = [s for s in path.split("/") if s]
    return len(segs) == 1 and segs[0] not in NOT_ARTICLE_SLUGS and "%E" in segs[0].upper()


def is_english_article(url: str) -> bool:
    path = path_of(url)
    if LEGACY_READ.match(path) and path.startswith("/english/"):
        return "num=" in urlsplit(url).query
    m = EN_ARTICLE.match(path)
    return bool(m) and m["slug"] not in NOT_ARTICLE_SLUGS


def is_article(url: str) -> bool:
    return is_english_article(url) or is_korean_article(url)


def edition_of(url: str) -> str:
    """'en' for the English edition's URLs, 'ko' for the Korean one (the site root)."""
    return "en" if path_of(url).startswith("/english/") else "ko"


def same_site(url: str, allowed_hosts: set[str]) -> bool:
    host = (urlsplit(url).hostname or "").lower()
    return host in allowed_hosts
