"""The crawl's process loads only the Scrapy components it uses: Scrapy imports every one it
lists, even a disabled one, and three it lists by default brought aiohttp, twisted.conch,
tldextract and requests into every crawl (some 13 MB of its peak RSS)."""

from __future__ import annotations

import subprocess
import sys

import pytest

PROBE = """
import sys
from pathlib import Path
from scrapy.core.downloader.middleware import DownloaderMiddlewareManager
from scrapy.extension import ExtensionManager
from harvester.crawl import crawl_settings
from harvester.registry import load_registry

settings = crawl_settings(load_registry(), Path("store.sqlite"), dict(a.split("=", 1)
                          for a in sys.argv[1:]))
components = (ExtensionManager._get_mwlist_from_settings(settings)
              + DownloaderMiddlewareManager._get_mwlist_from_settings(settings))
print(" ".join(sorted(components)))
print(" ".join(m for m in ("aiohttp", "twisted.conch", "tldextract", "requests")
               if m in sys.modules))
"""


def loaded(*overrides: str) -> tuple[list[str], str]:
    probe = subprocess.run([sys.executable, "-c", PROBE, *overrides], capture_output=True,
                           text=True, check=True)
    components, imported = probe.stdout.splitlines()
    return components.split(), imported


def test_unused_components_are_not_imported():
    components, imported = loaded()
    assert "scrapy.extensions.corestats.CoreStats" in components
    assert "scrapy.downloadermiddlewares.retry.RetryMiddleware" in components
    assert not [c for c in components if c.rsplit(".", 1)[1] in
                ("RemoteControl", "TelnetConsole", "CookiesMiddleware")]
    assert imported == ""


@pytest.mark.parametrize(("setting", "component"), [
    ("COOKIES_ENABLED", "scrapy.downloadermiddlewares.cookies.CookiesMiddleware"),
    ("TELNETCONSOLE_ENABLED", "scrapy.extensions.telnet.TelnetConsole"),
])
def test_a_component_turned_on_with_set_is_loaded(setting, component):
    components, _ = loaded(f"{setting}=True")
    assert component in components
