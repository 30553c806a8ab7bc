"""Where requests may go: the spider's own hosts over http(s), never a private, link-local or
reserved address (checked after DNS)."""

from __future__ import annotations

import ipaddress
import logging
from typing import Any

from scrapy.http import Request
from scrapy.utils.httpobj import urlparse_cached

from crawler import urls
from crawler.middlewares.refusals import drop
from crawler.reasons import Reason


def blocked_address(address: str, allow_loopback: bool = False) -> str | None:
    """Why an IP address must not be contacted (None: it may). Embedded IPv4 (mapped,
    6to4, NAT64) is judged as IPv4."""
    try:
        ip: Any = ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError:
        return "not an IP address"
    if ip.version == 6:
        if ip.ipv4_mapped:
            ip = ip.ipv4_mapped
        elif ip.sixtofour:
            ip = ip.sixtofour
        elif ip in ipaddress.ip_network("64:ff9b::/96"):
            ip = ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    if ip.is_loopback:
        return None if allow_loopback else "loopback"
    if ip.is_link_local:
        return "link-local"
    if ip.is_unspecified or ip.is_multicast or ip.is_reserved:
        return "reserved"
    if ip.is_private or not ip.is_global:
        return "private"
    return None


class SafeDestinationMiddleware:
    """Only http(s) to the spider's own hosts, and never to a private, link-local or reserved
    address after DNS resolution, whatever `dont_filter` or `allow_offsite` say.

    Replaces Scrapy's OffsiteMiddleware (which both of those bypass, and which drops
    redirects off-site without a trace). Loopback is allowed only when NKWATCH_ALLOW_LOOPBACK
    is true, or left at None and the crawl's own base URL is on loopback (the sample site,
    the tests). The resolved address goes through Scrapy's DNS cache, so the connection uses
    the answer that was checked.
    """

    def __init__(self, crawler: Any) -> None:
        self.crawler = crawler
        self.allow_loopback_setting = crawler.settings.get("NKWATCH_ALLOW_LOOPBACK")
        self._answers: dict[str, list[str]] = {}

    @classmethod
    def from_crawler(cls, crawler: Any) -> SafeDestinationMiddleware:
        return cls(crawler)

    def allow_loopback(self) -> bool:
        value = self.allow_loopback_setting
        if value is None or str(value).lower() == "auto":
            base = getattr(self.crawler.spider, "base_url", "") or ""
            return urls.is_loopback_host(urls.host_of(base))
        return str(value).lower() in ("1", "true", "yes", "on")

    def allowed_host(self, host: str) -> bool:
        spider = self.crawler.spider
        hosts = getattr(spider, "allowed_hosts", None)
        if hosts:
            return host in hosts
        domains = getattr(spider, "allowed_domains", None)
        if not domains:
            return True
        return any(host == d or host.endswith("." + d) for d in domains)

    async def resolve(self, host: str) -> list[str]:
        """IPv4 answers for host through the reactor's (caching) resolver; [] if none."""
        from scrapy.utils.defer import maybe_deferred_to_future
        from twisted.internet import reactor

        try:
            return [await maybe_deferred_to_future(reactor.resolve(host))]  # type: ignore[attr-defined]
        except Exception:
            return []

    async def process_request(self, request: Request, spider: Any = None) -> None:
        parts = urlparse_cached(request)
        if parts.scheme not in ("http", "https"):
            raise drop(self.crawler, Reason.BAD_SCHEME, request.url, logging.INFO)
        host = (parts.hostname or "").lower().rstrip(".")
        if not host or not self.allowed_host(host):
            raise drop(self.crawler, Reason.OFFSITE, request.url, logging.INFO)
        try:
            ipaddress.ip_address(host)
            addresses = [host]
        except ValueError:
            if host not in self._answers:
                self._answers[host] = await self.resolve(host)
            addresses = self._answers[host]
            if not addresses:
                raise drop(
                    self.crawler, Reason.DNS, f"{request.url}: {host} does not resolve"
                ) from None
        allow = self.allow_loopback()
        for address in addresses:
            why = blocked_address(address, allow)
            if why:
                detail = f"{request.url}: {host} is {address} ({why})"
                raise drop(self.crawler, Reason.PRIVATE_ADDRESS, detail)
        return None
