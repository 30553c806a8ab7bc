"""Scrapy contracts for `scrapy check dailynk`."""

from __future__ import annotations

from typing import Any

from scrapy.contracts import Contract


class SitePathContract(Contract):
    """@site_path /english/feed/ -- the path on the site being crawled (NKWATCH_BASE_URL or
    -a base_url), so `scrapy check` runs against the sample site as well as the real one."""

    name = "site_path"

    def __init__(self, method: Any, *args: Any) -> None:
        super().__init__(method, *args)
        self.spider = method.__self__

    def adjust_request_args(self, args: dict[str, Any]) -> dict[str, Any]:
        args["url"] = self.spider.base_url + self.args[0]
        return args
