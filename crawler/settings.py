"""Every crawl knob, in one place (Scrapy convention). The CLI overrides a few per run
(data dir, base URL, politeness on loopback); `scrapy crawl dailynk` uses these as they are."""

import os

from crawler.urls import DEFAULT_BASE_URL

BOT_NAME = "nkwatch"
SPIDER_MODULES = ["crawler.spiders"]
NEWSPIDER_MODULE = "crawler.spiders"

USER_AGENT = "nkwatch/0.1 (+https://github.com/nkwatch/nkwatch; research crawler for analysts)"
ROBOTSTXT_OBEY = True

# Politeness on the real site: one request a second per domain, adaptive on top.
CONCURRENT_REQUESTS = 8
CONCURRENT_REQUESTS_PER_DOMAIN = 1
DOWNLOAD_DELAY = 1.0
DOWNLOAD_DELAY_JITTER = 0.5  # +-50 %
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0
DOWNLOAD_TIMEOUT = 30
DOWNLOAD_MAXSIZE = 8 * 1024 * 1024  # also bounds decompression (gzip/brotli bombs)
DOWNLOAD_WARNSIZE = 2 * 1024 * 1024
RETRY_ENABLED = True
RETRY_TIMES = 3  # 4 attempts at most; the waits between them: see the end of this file
RETRY_HTTP_CODES = [429, 500, 502, 503, 504, 522, 524, 408]
REDIRECT_MAX_TIMES = 5
DEPTH_LIMIT = 6  # traps are bounded; `nkwatch crawl` sets max(10, --max-pages + 4)
COOKIES_ENABLED = False
TELNETCONSOLE_ENABLED = False

# Only http(s): no file:, data:, ftp: or s3: from a page's links.
DOWNLOAD_HANDLERS = {"file": None, "data": None, "ftp": None, "s3": None}

# Development: `NKWATCH_HTTPCACHE=1 scrapy crawl dailynk` (or nkwatch crawl) keeps every
# response in .scrapy/httpcache and replays it for a day, sparing the real site.
HTTPCACHE_ENABLED = os.environ.get("NKWATCH_HTTPCACHE") == "1"
HTTPCACHE_DIR = "httpcache"
HTTPCACHE_EXPIRATION_SECS = 24 * 3600

# Data flow order: language -> pair -> entities -> store.
ITEM_PIPELINES = {
    "crawler.pipelines.LanguagePipeline": 100,
    "crawler.pipelines.PairPipeline": 200,
    "crawler.pipelines.EntityPipeline": 300,
    "crawler.pipelines.PricePipeline": 400,
    "crawler.pipelines.StorePipeline": 900,
}

# nkwatch's own settings (prefixed, read by from_crawler).
NKWATCH_DATA_DIR = None  # None: the per-user data directory (see crawler/datadir.py)
NKWATCH_BASE_URL = DEFAULT_BASE_URL
NKWATCH_MAX_PAGES = 5  # listing pages per listing and run
NKWATCH_SINCE = None  # ISO date: ignore listing entries older than this
NKWATCH_RECRAWL_DAYS = 0  # re-fetch articles published in the last N days to catch edits
NKWATCH_FULL = False  # True: do not stop listing pagination at known URLs
NKWATCH_SOURCE = "auto"  # auto: the REST API for --full and after a complete REST run; rest; pages
NKWATCH_REST = False  # True: the same as NKWATCH_SOURCE = "rest" (crawl --rest)
NKWATCH_FALLBACK_ALARM = 0.5  # share of pages on fallback selectors that raises the alarm
NKWATCH_REDIS_IDLE_CLOSE = 15.0  # scale-out: seconds without work before a crawler closes
NKWATCH_PROGRESS = False  # a progress line while crawling (nkwatch crawl turns it on)

SPIDER_CONTRACTS = {"crawler.contracts.SitePathContract": 10}

LOG_LEVEL = "INFO"
REQUEST_FINGERPRINTER_IMPLEMENTATION = "2.7"
FEED_EXPORT_ENCODING = "utf-8"

# --- hostile web (crawler/middlewares/, one behaviour per module) ---
# Every refusal below is counted as nkwatch/dropped/<reason> and shows in the crawl summary.
DOWNLOADER_MIDDLEWARES = {
    # Offsite: replaced, since dont_filter/allow_offsite bypass it and it drops off-site
    # redirects without a trace. Ours also refuses private/link-local/reserved addresses.
    "scrapy.downloadermiddlewares.offsite.OffsiteMiddleware": None,
    "crawler.middlewares.destination.SafeDestinationMiddleware": 50,
    # robots.txt per RFC 9309: 5xx/429/unreachable disallows the host for the run.
    "scrapy.downloadermiddlewares.robotstxt.RobotsTxtMiddleware": None,
    "crawler.middlewares.robotstxt.RobotsTxtRFC9309Middleware": 100,
    # Retries with exponential backoff and Retry-After.
    "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
    "crawler.middlewares.retry.BackoffRetryMiddleware": 550,
    # Responses travel from high numbers to low: decompression (590, bounded by
    # DOWNLOAD_MAXSIZE), then the binary guard, then the encoding decision.
    "crawler.middlewares.nontext.NonTextGuardMiddleware": 587,
    "crawler.middlewares.encoding.KoreanEncodingMiddleware": 585,
    "scrapy.downloadermiddlewares.redirect.MetaRefreshMiddleware": None,
    "crawler.middlewares.redirect.LoopAwareMetaRefreshMiddleware": 580,
    "scrapy.downloadermiddlewares.redirect.RedirectMiddleware": None,
    "crawler.middlewares.redirect.LoopAwareRedirectMiddleware": 600,
}
EXTENSIONS = {
    "crawler.middlewares.store_guard.StoreGuard": 0,
    # A 429/503 with Retry-After pauses the whole host, not one URL (RFC 6585, RFC 9110).
    "crawler.middlewares.host_pause.HostPause": 0,
}
# Failed pages reach the spider's errback, which counts them: no ERROR line per give-up.
RETRY_GIVE_UP_LOG_LEVEL = "WARNING"
DNSCACHE_ENABLED = True  # the address SafeDestinationMiddleware checked is the one connected to
NKWATCH_ALLOW_LOOPBACK = None  # None: only when the base URL itself is loopback (sample site)
NKWATCH_RETRY_BACKOFF = 1.0  # seconds before the first retry; doubles each time (+0-25 %)
NKWATCH_RETRY_MAX_DELAY = 60.0  # longest wait and host pause; a longer Retry-After: page given up
NKWATCH_ROBOTS_RETRY_TIMES = 1  # robots.txt retries before "unreachable" (disallow the host)
NKWATCH_STORE_GUARD = True  # stop the crawl when the store cannot be written
