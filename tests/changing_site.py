"""A sample site that changes between refreshes: stories added, edited, taken down."""

from __future__ import annotations

import copy
import json
from pathlib import Path

from crawler.sample_site.build import render_site
from crawler.sample_site.model import build_pages, load_stories
from crawler.sample_site.server import SampleSiteServer
from tests.conftest import nkwatch

ALL_DAYS = "36500"  # --recrawl-days: re-fetch every stored article (the sample is old)


class ChangingSite:
    """The sample site, re-rendered from an edited list of story records."""

    def __init__(self) -> None:
        self.server = SampleSiteServer(port=0).start_background()
        self.url = self.server.base_url
        self.stories = load_stories()
        self.pages: dict[tuple[str, str], str] = {}

    def show(self, *, drop=(), ko_only=(), withdrawn=(), edit: dict | None = None) -> None:
        """Publish the stories but `drop`; `ko_only` without translation; `withdrawn`
        English pages answering 404; `edit`: key -> (title, first paragraph) in English
        (the URL stays: WordPress keeps a post's slug when its title is edited)."""
        recs = []
        for story in self.stories:
            if story["key"] in drop:
                continue
            story = copy.deepcopy(story)
            if story["key"] in ko_only:
                del story["en"]
            if story["key"] in (edit or {}):
                story["en"]["body"][0] = edit[story["key"]][1]
            recs.append(story)
        resources = render_site(self.url, recs)
        self.pages = {(p.story, p.lang): p.path for p in build_pages(recs)}
        for key, (title, _body) in (edit or {}).items():
            path = self.pages[(key, "en")]
            old = self.story(key)["en"]["title"].encode()
            page = resources[path]
            resources[path] = page._replace(body=page.body.replace(old, title.encode()))
        for key in withdrawn:
            del resources[self.pages[(key, "en")]]
        self.server.resources = resources

    def article(self, key: str, lang: str) -> str:
        return self.url + self.pages[(key, lang)]

    def story(self, key: str) -> dict:
        return next(s for s in self.stories if s["key"] == key)


def refresh(data: Path, site: ChangingSite, *args: str) -> dict:
    proc = nkwatch(data, "refresh", "--base-url", site.url, "--json", *args)
    return json.loads(proc.stdout.strip().splitlines()[-1])
