"""Safe defaults. Every setting a user may change is listed in the README with its default."""
import os
from pathlib import Path

from newscrawler.feeds import JSON_LINES_FORMATS
from newscrawler.items import EXPORTED_FIELDS

# Where output/ (feeds, crawl state, logs) and the HTTP cache live: $NEWSCRAWLER_HOME, resolved
# once here so that nothing later depends on the current directory; unset, the current
# directory (paths stay relative, as they read in messages).
_home = os.environ.get("NEWSCRAWLER_HOME")
_output = str(Path(_home).expanduser().resolve() / "output") if _home else "output"

BOT_NAME = "newscrawler"
SPIDER_MODULES = ["newscrawler.spiders"]
NEWSPIDER_MODULE = "newscrawler.spiders"
COMMANDS_MODULE = "newscrawler.commands"

# Politeness: a crawler that names itself, honours robots.txt and adapts its pace.
USER_AGENT = "newscrawler/0.1 (Indonesian news research crawler; +https://github.com/newscrawler/newscrawler)"
ROBOTSTXT_OBEY = True
CONCURRENT_REQUESTS = 16
CONCURRENT_REQUESTS_PER_DOMAIN = 4
DOWNLOAD_DELAY = 0.25
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 2.0
DOWNLOAD_TIMEOUT = 30
RETRY_TIMES = 3
RETRY_HTTP_CODES = [500, 502, 503, 504, 522, 524, 408, 429]
# A news page is well under 1 MB; anything far larger is a trap or a bomb.
DOWNLOAD_MAXSIZE = 16 * 1024 * 1024
DOWNLOAD_WARNSIZE = 4 * 1024 * 1024
# Scrapy bounds the body only; an endless header section would be read into memory forever.
# Real pages send 10-40 headers and a few KB (browsers stop near 256 KB). Over either limit a
# response fails as headers_too_large (newscrawler.middlewares.BoundedHeadersDownloadHandler).
DOWNLOAD_MAXHEADERSIZE = 256 * 1024
DOWNLOAD_MAXHEADERS = 200
DOWNLOAD_HANDLERS = {
    "http": "newscrawler.middlewares.BoundedHeadersDownloadHandler",
    "https": "newscrawler.middlewares.BoundedHeadersDownloadHandler",
}
DEFAULT_REQUEST_HEADERS = {
    "Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
    "Accept-Language": "id-ID,id;q=0.9,en;q=0.5",
}

# Development only: `-s HTTPCACHE_ENABLED=True` replays pages from .scrapy/httpcache
# ($NEWSCRAWLER_HOME/.scrapy/httpcache when that is set).
HTTPCACHE_ENABLED = False
HTTPCACHE_EXPIRATION_SECS = 0
HTTPCACHE_DIR = str(Path(_output).parent / ".scrapy" / "httpcache") if _home else "httpcache"

DOWNLOADER_MIDDLEWARES = {
    # Scrapy's robots.txt check, with its waiting requests fixed (newscrawler.middlewares).
    "scrapy.downloadermiddlewares.robotstxt.RobotsTxtMiddleware": None,
    "newscrawler.middlewares.RobotsTxtMiddleware": 100,
    # Scrapy's retry, plus waiting as long as a 429/503 Retry-After asks (newscrawler.retry).
    "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
    "newscrawler.retry.RetryAfterMiddleware": 550,
    # After RedirectMiddleware (600): see newscrawler.middlewares.MirrorMiddleware.
    "newscrawler.middlewares.MirrorMiddleware": 650,
    # Before MirrorMiddleware (Scrapy has it at 900), so that a cached page is answered
    # before a local twin is made and is stored under its real URL (see
    # MirrorAwareFingerprinter below for the twins, which pass through it too).
    "scrapy.downloadermiddlewares.httpcache.HttpCacheMiddleware": 640,
    # Last before the download: nothing leaves the spider's domains, dont_filter or not.
    "newscrawler.middlewares.DomainGuardMiddleware": 990,
}
# The HTTP cache and the dupefilter key requests by the real URL in base_url mode too.
REQUEST_FINGERPRINTER_CLASS = "newscrawler.middlewares.MirrorAwareFingerprinter"
# A server asking to wait longer than this (seconds) is not retried in this run.
RETRY_AFTER_MAX = 120

SPIDER_MIDDLEWARES = {
    # Closer to the spider than Scrapy's MetaCopyDetectionMiddleware (1000).
    "newscrawler.middlewares.ForwardedMetaMiddleware": 1010,
    "newscrawler.middlewares.ChannelMiddleware": 1020,
    # Marks revisited articles and their ETag / Last-Modified for the pipeline (newscrawler.revisions).
    "newscrawler.revisions.RevisionMiddleware": 1030,
}

ITEM_PIPELINES = {
    "newscrawler.pipelines.DatesPipeline": 200,
    "newscrawler.pipelines.ValidationPipeline": 300,
    "newscrawler.pipelines.KeywordFilterPipeline": 350,
    "newscrawler.pipelines.DeduplicationPipeline": 400,
}
# Processes that parse article pages beside the crawl thread; unset: one per core beyond
# the first, at most 2 (none on one core). 0 extracts in the crawl process.
EXTRACTION_PROCESSES = None

# Crawl state (exported URLs and content fingerprints), one SQLite file per spider.
STATE_DIR = f"{_output}/.state"
# Revisions (newscrawler.revisions): an exported article first seen less than REVISIT_WITHIN
# seconds ago is downloaded again (conditionally: a 304 costs no body) when it was last checked
# more than REVISIT_EVERY seconds ago, and whenever a sitemap or feed dates it later than its last
# check; a changed one is exported again as the next revision. REVISIT_WITHIN = 0: never.
REVISIT_WITHIN = 48 * 3600
REVISIT_EVERY = 6 * 3600
# Keep an item whose date cannot be parsed (date null, counted, logged) unless this is True.
DROP_UNPARSED_DATES = False

EXTENSIONS = {
    # Scrapy's feed exporter, but a failed feed write stops the crawl (newscrawler.feeds).
    "scrapy.extensions.feedexport.FeedExporter": None,
    "newscrawler.feeds.FailFastFeedExporter": 0,
    "newscrawler.extensions.FillRateAlarm": 490,
    "newscrawler.extensions.ListingAlarm": 491,
    "newscrawler.extensions.CrawlSummary": 500,
    # Before Scrapy's scheduler reads a job directory: see newscrawler.extensions.JobDirGuard.
    "newscrawler.extensions.JobDirGuard": 10,
}
# Minimum share of articles that must have each field; below it the crawl logs an error
# naming the field and sample URLs, and `scrapy crawl` exits with status 3.
FILL_RATE_THRESHOLDS = {"title": 1.0, "content": 0.98, "published_at": 0.95}
# Fewer articles than this in a run are too few to judge (one photo-only brief among five new
# articles is not a layout change): their fill rates are logged, no alarm fires.
FILL_RATE_MIN_ITEMS = 20

# One JSON Lines file per run; `-O file.jsonl` on the command line replaces this.
FEEDS = {
    # "%" in the home path doubled: Scrapy fills %(name)s placeholders in this key.
    _output.replace("%", "%%") + "/%(name)s/%(run_time)s.jsonl": {
        "format": "jsonlines",
        "encoding": "utf-8",
        "fields": list(EXPORTED_FIELDS),
    },
}
# Every name Scrapy gives JSON Lines (`-O x.jsonl` picks "jsonl" from the extension).
FEED_EXPORTERS = {name: "newscrawler.feeds.FlushingJsonLinesExporter" for name in JSON_LINES_FORMATS}
FEED_EXPORT_ENCODING = "utf-8"
FEED_EXPORT_FIELDS = list(EXPORTED_FIELDS)
FEED_URI_PARAMS = "newscrawler.feeds.uri_params"
FEED_STORE_EMPTY = True

# Path for the final crawl stats as JSON (e.g. for monitoring); unset: only in the log.
STATS_FILE = None

LOG_LEVEL = "INFO"
LOGSTATS_INTERVAL = 30.0  # progress line: pages and items per minute

# Pages of one paginated listing (a day's index /2, /3, …; a regional index in steps of 12)
# followed at most; pagination also stops at the first page with nothing new. Reaching the
# limit is counted (newscrawler/listings/max_pages_reached) and logged with the URL.
MAX_LISTING_PAGES = 50
# Sitemaps (named by robots.txt or a sitemap index) and feeds (found on a page) read at most
# per crawl: an index of indexes, or one naming itself, is not followed for ever. Reaching it
# is counted (newscrawler/discovery/max_sitemaps_reached) and logged once.
MAX_SITEMAPS = 500

# Distributed crawling (newscrawler.distributed): `-s REDIS_URL=redis://host:port/db` makes this
# process one worker of a crawl shared through Redis; unset, nothing about Redis is imported.
ADDONS = {"newscrawler.distributed.Distributed": 0}
REDIS_URL = None
# Seconds a worker's heartbeat lives: a worker silent this long (killed) has its requests
# handed back to the queue by the others, and its pending exports count for nothing.
REDIS_WORKER_TTL = 30.0
# Names the crawl the workers share; unset: spider, since..until and a digest of the other
# spider arguments, so workers started with the same command share one crawl.
CRAWL_ID = None
