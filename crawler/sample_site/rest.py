"""The sample site's WordPress REST API (`/wp-json/wp/v2/posts`), answered per query as
WordPress core does: every published post (listed or not), newest first, `page`/`per_page`
(at most 100), `after`/`modified_after` (site time, as WordPress compares post_date and
post_modified), `orderby` date|modified|id, `_embed` (author, wp:term, wp:featuredmedia),
the X-WP-Total/X-WP-TotalPages headers, and a 400 past the last page."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any
from urllib.parse import parse_qs

from crawler.sample_site.model import KST, Page
from crawler.sample_site.templates import CATEGORY_SLUGS, Site, e

POSTS = {"en": "/english/wp-json/wp/v2/posts", "ko": "/wp-json/wp/v2/posts"}
DEFAULT_PER_PAGE = 10
MAX_PER_PAGE = 100


def _local(dt: datetime) -> str:
    return (dt + KST).strftime("%Y-%m-%dT%H:%M:%S")


def _gmt(dt: datetime) -> str:
    return dt.strftime("%Y-%m-%dT%H:%M:%S")


def _error(code: str, message: str) -> tuple[int, dict[str, str], bytes]:
    body = {"code": code, "message": message, "data": {"status": 400}}
    return 400, {}, json.dumps(body).encode()


def _slug(text: str) -> str:
    return text.lower().replace(" ", "-")


class RestApi:
    """Answers the posts endpoint of both editions from the site's pages."""

    def __init__(self, site: Site) -> None:
        self.site = site
        self.ids: dict[str, int] = {}  # an id per author and term name, as WordPress keeps

    def lang_of(self, path: str) -> str | None:
        return next((lang for lang, p in POSTS.items() if p == path.rstrip("/")), None)

    def _id(self, kind: str, name: str) -> int:
        return self.ids.setdefault(f"{kind}:{name}", len(self.ids) + 2)

    def _term(self, page: Page, taxonomy: str, name: str, path: str) -> dict[str, Any]:
        kind = "category" if taxonomy == "category" else "tag"
        return {
            "id": self._id(taxonomy, name),
            "link": self.site.url(f"{self.site.root(page.lang)}{kind}/{path}/"),
            "name": e(name),  # WordPress renders term names HTML-escaped
            "slug": path.rsplit("/", 1)[-1],
            "taxonomy": taxonomy,
        }

    def _embedded(self, page: Page) -> dict[str, Any]:
        rec, site = page.rec, self.site
        # One user per post, as WordPress has; co-written posts name both in one byline.
        byline = " and ".join(rec["authors"])
        author = {
            "id": self._id("author", byline),
            "name": byline,
            "url": "",
            "description": "",
            "link": site.url(f"{site.root(page.lang)}author/{_slug(rec['authors'][0])}/"),
            "slug": _slug(rec["authors"][0]),
            "avatar_urls": {},
        }
        slug = CATEGORY_SLUGS.get(rec["section"], "news")
        cats = [self._term(page, "category", rec["section"], slug)]
        if "/" in slug:  # the parent category too, as the post is filed under both
            parent = next(n for n, s in CATEGORY_SLUGS.items() if s == slug.split("/")[0])
            cats.insert(0, self._term(page, "category", parent, slug.split("/")[0]))
        tags = [self._term(page, "post_tag", t, _slug(t)) for t in rec["tags"]]
        out: dict[str, Any] = {"author": [author], "wp:term": [cats, tags]}
        first = rec["body"][0] if rec["body"] else None
        if isinstance(first, dict) and "figure" in first:
            fig = first["figure"]
            caption = f"{e(fig['caption'])} / Image: {e(fig['credit'])}"
            out["wp:featuredmedia"] = [
                {
                    "id": page.post_id + 1,
                    "type": "attachment",
                    "caption": {"rendered": f"<p>{caption}</p>\n"},
                    "source_url": site.url(f"/wp-content/uploads/img_{page.post_id}_1.jpg"),
                }
            ]
        return out

    def post(self, page: Page, embed: bool) -> dict[str, Any]:
        site = self.site
        out: dict[str, Any] = {
            "id": page.post_id,
            "date": _local(page.published),
            "date_gmt": _gmt(page.published),
            "guid": {"rendered": site.url(f"{site.root(page.lang)}?p={page.post_id}")},
            "modified": _local(page.modified),
            "modified_gmt": _gmt(page.modified),
            "slug": page.path.strip("/").rsplit("/", 1)[-1],
            "status": "publish",
            "type": "post",
            "link": site.url(page.path),
            "title": {"rendered": e(page.rec["title"])},
            "content": {"rendered": site.body_html(page, content_only=True), "protected": False},
            "excerpt": {"rendered": "", "protected": False},
            "author": self._id("author", " and ".join(page.rec["authors"])),
            "categories": [],
            "tags": [],
        }
        if embed:
            out["_embedded"] = self._embedded(page)
        return out

    def answer(self, lang: str, query: str) -> tuple[int, dict[str, str], bytes]:
        """(status, headers, JSON body) for one request of the posts endpoint."""
        args = {k: v[-1] for k, v in parse_qs(query, keep_blank_values=True).items()}
        try:
            page_no = int(args.get("page", 1))
            per_page = int(args.get("per_page", DEFAULT_PER_PAGE))
        except ValueError:
            return _error("rest_invalid_param", "Invalid parameter(s): page, per_page")
        if not 1 <= per_page <= MAX_PER_PAGE or page_no < 1:
            return _error("rest_invalid_param", "Invalid parameter(s): per_page")
        orderby = args.get("orderby", "date")
        key = {"date": "published", "modified": "modified", "id": "post_id"}.get(orderby)
        if key is None:
            return _error("rest_invalid_param", "Invalid parameter(s): orderby")
        posts = list(self.site.by_lang[lang])
        if after := args.get("after"):
            posts = [p for p in posts if _local(p.published) > after[:19]]
        if since := args.get("modified_after"):
            posts = [p for p in posts if _local(p.modified) > since[:19]]
        posts.sort(key=lambda p: getattr(p, key), reverse=args.get("order", "desc") == "desc")
        total = len(posts)
        pages = -(-total // per_page)
        if page_no > max(pages, 1):
            return _error(
                "rest_post_invalid_page_number",
                "The page number requested is larger than the number of pages available.",
            )
        chunk = posts[(page_no - 1) * per_page : page_no * per_page]
        body = [self.post(p, "_embed" in args) for p in chunk]
        headers = {"X-WP-Total": str(total), "X-WP-TotalPages": str(pages)}
        return 200, headers, json.dumps(body, ensure_ascii=False).encode()
