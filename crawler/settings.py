"""Every crawl knob, in one place (Scrapy convention). The CLI overrides a few per run
(data dir, base URL, politeness on loopback); `scrapy crawl dailynk` uses these as they are."""

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
DOWNLOAD_MAXSIZE = 8 * 1024 * 1024
DOWNLOAD_WARNSIZE = 2 * 1024 * 1024
RETRY_ENABLED = True
RETRY_TIMES = 3
RETRY_HTTP_CODES = [429, 500, 502, 503, 504, 522, 524, 408]
REDIRECT_MAX_TIMES = 5
DEPTH_LIMIT = 6
COOKIES_ENABLED = False
TELNETCONSOLE_ENABLED = False

# Only http(s): no file:, data:, ftp: or s3: from a page's links.
DOWNLOAD_HANDLERS = {"file": None, "data": None, "ftp": None, "s3": None}

# Development: `NKWATCH_HTTPCACHE=1 scrapy crawl dailynk` replays pages from .scrapy/.
HTTPCACHE_ENABLED = False
HTTPCACHE_DIR = "httpcache"
HTTPCACHE_EXPIRATION_SECS = 24 * 3600

# Data flow order: language -> pair -> entities -> store.
ITEM_PIPELINES = {
    "crawler.pipelines.LanguagePipeline": 100,
    "crawler.pipelines.PairPipeline": 200,
    "crawler.pipelines.EntityPipeline": 300,
    "crawler.pipelines.StorePipeline": 900,
}

# nkwatch's own settings (prefixed, read by from_crawler).
NKWATCH_DATA_DIR = None  # None: the per-user data directory (see search/paths.py)
NKWATCH_BASE_URL = "https://www.dailynk.com"
NKWATCH_MAX_PAGES = 5  # listing pages per listing and run
NKWATCH_SINCE = None  # ISO date: ignore listing entries older than this
NKWATCH_RECRAWL_DAYS = 0  # re-fetch articles published in the last N days to catch edits
NKWATCH_FULL = False  # True: do not stop listing pagination at known URLs
NKWATCH_FALLBACK_ALARM = 0.5  # share of pages on fallback selectors that raises the alarm

LOG_LEVEL = "INFO"
REQUEST_FINGERPRINTER_IMPLEMENTATION = "2.7"
FEED_EXPORT_ENCODING = "utf-8"
