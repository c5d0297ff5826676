"""The crawl's process loads only the Scrapy components it uses: Scrapy imports every one it
lists, even a disabled one, and three it lists by default brought aiohttp, twisted.conch,
tldextract and requests into every crawl (some 13 MB of its peak RSS)."""

from __future__ import annotations

import subprocess
import sys

PROBE = """
import sys
from scrapy.core.downloader.middleware import DownloaderMiddlewareManager
from scrapy.extension import ExtensionManager
from scrapy.settings import Settings

settings = Settings()
settings.setmodule("harvester.settings", priority="project")
components = (ExtensionManager._get_mwlist_from_settings(settings)
              + DownloaderMiddlewareManager._get_mwlist_from_settings(settings))
print(" ".join(sorted(components)))
print(" ".join(m for m in ("aiohttp", "twisted.conch", "tldextract", "requests")
               if m in sys.modules))
"""


def test_unused_components_are_not_imported():
    probe = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True,
                           check=True)
    components, imported = probe.stdout.splitlines()
    assert "scrapy.extensions.corestats.CoreStats" in components.split()
    assert "scrapy.downloadermiddlewares.retry.RetryMiddleware" in components.split()
    for unused in ("RemoteControl", "TelnetConsole", "CookiesMiddleware"):
        assert unused not in components
    assert imported == ""
