"""Scrapy settings of the harvester project: polite, robust, one spider per registry key."""

from __future__ import annotations

import os

from harvester import PROJECT_URL, __version__
from harvester.model import EXPORTED_FIELDS
from pipelines import ITEM_PIPELINES as PIPELINE_ORDER

BOT_NAME = "ess-harvester"
SPIDER_LOADER_CLASS = "harvester.spiderloader.RegistrySpiderLoader"
SPIDER_MODULES: list[str] = []

HARVESTER_SOURCES = os.environ.get("HARVESTER_SOURCES", "")
HARVESTER_DB = os.environ.get("HARVESTER_DB", "data/harvester.sqlite")
HARVESTER_CONTACT_URL = os.environ.get("HARVESTER_CONTACT_URL", PROJECT_URL)
HARVESTER_MAX_LISTING_PAGES = 20
HARVESTER_FULL_CRAWL = False
HARVESTER_REVALIDATE = "1d=1h, 30d=1d, *=30d"
HARVESTER_RETRY = "0, 1h, 6h, 1d"
HARVESTER_RETRY_GONE = "1d, 7d, 30d"
HARVESTER_GIVE_UP_AFTER = "30d"
HARVESTER_CONCURRENT_SOURCES = 8
"""Sources crawled at once; the others wait their turn (a registry of thousands would
otherwise open thousands of crawlers and store connections together)."""
HARVESTER_MAX_LISTING_DEPTH = 4
HARVESTER_MAX_SOURCE_LISTINGS = 1000
HARVESTER_MAX_SITEMAP_URLS = 5000
HARVESTER_MAX_FEED_ITEMS = 500
HARVESTER_MAX_REQUESTS = 20000
"""Bounds on one source in one run (see harvester/spiders/bounds.py): listings deeper than
the depth, listing pages past the count, sitemap or feed URLs past the newest N, requests past
the total wait for the next run; each bound hit is reported."""
HARVESTER_WORKERS = os.cpu_count() or 1
"""Processes that extract and normalize pages beside the crawl's own (0: in the crawl). One per
core: the crawl's process mostly waits on the network, and on 2 cores 2 workers crawled the
bench corpus in 80 s against 96 s with 1."""
HARVESTER_COMMIT_INTERVAL = 1.0
"""Seconds of crawl writes the store commits together (0: every write alone): fewer commits and
a full-text index fed in batches; a killed run loses at most this much work."""
HARVESTER_PAGE_BUDGET = 5.0
"""Seconds of CPU a page may take to become an article before it is abandoned as too complex."""
HARVESTER_WP_REST = True
"""Read WordPress sites through their REST API when they name one."""
HARVESTER_WP_REST_PER_PAGE = 50
"""Posts a request: with their embedded authors and terms (and Yoast's heads), 50 posts are
about 3 MB, well under DOWNLOAD_MAXSIZE."""
USER_AGENT = f"ESS-Harvester/{__version__} (+{HARVESTER_CONTACT_URL})"

ROBOTSTXT_OBEY = True
COOKIES_ENABLED = False
TELNETCONSOLE_ENABLED = False
REMOTE_CONTROL_ENABLED = False
"""Scrapy's HTTP server that runs Python code sent to it, for its MCP server: an unattended
crawl needs no console, and each run would leave a job file with its token in the user's state
folder (for good, when the run is killed)."""
CONCURRENT_REQUESTS_PER_DOMAIN = 2
CONCURRENT_ITEMS = 1
"""A callback yields one article or a few links, and every pipeline is synchronous: items of
one response gain nothing from running side by side, and Scrapy starts one asyncio task per
concurrent item for the output of every response (its 100 cost more CPU than the page's own
handling). With the two settings below, the bench crawl's own process used about a tenth less
CPU than with 16, for 6 MB more peak RSS, the same at 5,000 and 20,000 articles."""
SCRAPER_SLOT_MAX_ACTIVE_SIZE = 1_000_000
"""Bytes of downloaded pages waiting to become articles before the crawl downloads more. The
workers take one page each, so some 30 bench pages queued keep them busy; Scrapy's 5 MB (160
such pages, each held as bytes, text and a pickled job) cost the bench crawl 24 MB more peak
RSS (154 against 130 MB) for the same time (35.3-36.0 s against 32.2-36.0 s)."""
SPIDER_MIDDLEWARES = {
    "scrapy.spidermiddlewares.depth.DepthMiddleware": None,
    "scrapy.spidermiddlewares.metacopy.MetaCopyDetectionMiddleware": None,
}
"""Each spider middleware wraps the output of every response once more: the spider keeps its
own listing depth (HARVESTER_MAX_LISTING_DEPTH), and none of its requests copies Scrapy's
internal meta keys. (Scrapy's redirects need the Referer middleware.)"""
DOWNLOADER_STATS = False
"""Byte and status counts per request, which the run report does not use."""
DOWNLOAD_DELAY = 1.0
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0
DOWNLOAD_TIMEOUT = 30
DOWNLOAD_MAXSIZE = 10 * 1024 * 1024
DOWNLOAD_WARNSIZE = 2 * 1024 * 1024
RETRY_TIMES = 2
CLOSESPIDER_TIMEOUT = 1800

DOWNLOADER_MIDDLEWARES = {"harvester.spiders.redirects.RedirectGuard": 650}
ITEM_PIPELINES = PIPELINE_ORDER
FEED_EXPORT_FIELDS = EXPORTED_FIELDS
"""``scrapy crawl KEY -O articles.jsonl`` exports the published Article record (the fields of
articles.jsonl, in its order), not the crawl's working state that travels with the item."""
FEED_EXPORT_ENCODING = "utf-8"
LOG_LEVEL = "INFO"
RETRY_GIVE_UP_LOG_LEVEL = "DEBUG"
DEFAULT_DROPITEM_LOG_LEVEL = "DEBUG"
"""The spider logs each failed or dropped page once, and the run report lists them all."""
