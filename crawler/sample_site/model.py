"""From story records to the site's articles: URLs, post ids, pairing, listing order."""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from importlib import resources
from typing import Any

KST = timedelta(hours=9)
LEGACY_SLUG_LEN = 34


@dataclass
class Page:
    """One article page of the sample site."""

    story: str
    lang: str  # en | ko
    path: str
    post_id: int
    template: str  # td | tdb | legacy
    rec: dict[str, Any]
    pair_path: str | None = None  # the "Read in Korean" target (English pages only)
    listed: bool = True
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def published(self) -> datetime:
        return datetime.fromisoformat(self.rec["published"].replace("Z", "+00:00"))

    @property
    def modified(self) -> datetime:
        raw = self.rec.get("modified")
        return datetime.fromisoformat(raw.replace("Z", "+00:00")) if raw else self.published


def load_stories() -> list[dict[str, Any]]:
    folder = resources.files("crawler.sample_site").joinpath("stories")
    stories: list[dict[str, Any]] = []
    for item in sorted(folder.iterdir(), key=lambda p: p.name):
        if item.name.endswith(".json"):
            stories.extend(json.loads(item.read_text("utf-8")))
    return stories


def slugify(title: str, legacy: bool = False) -> str:
    """WordPress-style: accents removed (Hamhŭng -> hamhung), apostrophes dropped."""
    plain = unicodedata.normalize("NFKD", title.lower())
    plain = "".join(ch for ch in plain if not unicodedata.combining(ch))
    slug = re.sub(r"[^a-z0-9]+", "-", plain.replace("’", "").replace("'", ""))
    slug = slug.strip("-")
    if legacy:
        slug = slug[:LEGACY_SLUG_LEN].rstrip("-")
    return slug


def build_pages(stories: list[dict[str, Any]]) -> list[Page]:
    """Give every article its URL and post id, the way WordPress would have."""
    ko_pages, en_pages = [], []
    ko_recs = sorted(
        ((s, s["ko"]) for s in stories if s.get("ko")), key=lambda p: p[1]["published"]
    )
    per_day: dict[str, int] = {}
    for n, (story, rec) in enumerate(ko_recs):
        local = datetime.fromisoformat(rec["published"].replace("Z", "+00:00")) + KST
        day = local.strftime("%Y%m%d")
        per_day[day] = per_day.get(day, 0) + 1
        tpl = "td" if story["template"] == "legacy" else story["template"]
        ko_pages.append(
            Page(story["key"], "ko", f"/{day}-{per_day[day]}/", 100000 + n * 7, tpl, rec)
        )
    by_story = {p.story: p for p in ko_pages}
    en_recs = sorted(
        ((s, s["en"]) for s in stories if s.get("en")), key=lambda p: p[1]["published"]
    )
    seen_slugs: set[str] = set()
    for n, (story, rec) in enumerate(en_recs):
        legacy = story["template"] == "legacy"
        slug = slugify(rec["title"], legacy)
        while slug in seen_slugs:
            slug += "-2"
        seen_slugs.add(slug)
        ko = by_story.get(story["key"])
        en_pages.append(
            Page(
                story["key"],
                "en",
                f"/english/{slug}/",
                30000 + n * 11,
                story["template"],
                rec,
                pair_path=ko.path if ko else None,
            )
        )
    # Korean originals reachable only through "Read in Korean": every fifth paired one.
    paired = [p for p in ko_pages if any(e.pair_path == p.path for e in en_pages)]
    for i, page in enumerate(paired):
        if i % 5 == 2:
            page.listed = False
    # One English translation whose Korean original was deleted (a broken pair).
    orphans = [e for e in en_pages if e.pair_path is None and e.template != "legacy"]
    if orphans:
        orphans[0].pair_path = "/20190301-9/"
        orphans[0].extra["broken_pair"] = True
    return ko_pages + en_pages
