"""A Scrapy spider loader that exposes one spider per registry key.

`scrapy list` prints the registry and `scrapy crawl rtes` works without a file per site.
"""

from __future__ import annotations

import builtins
from typing import TYPE_CHECKING

from scrapy import Request, Spider

from harvester.registry import Registry, load_registry
from harvester.spiders.site import SiteSpider

if TYPE_CHECKING:
    from scrapy.settings import BaseSettings


class RegistrySpiderLoader:
    def __init__(self, registry: Registry) -> None:
        self.registry = registry

    @classmethod
    def from_settings(cls, settings: BaseSettings) -> RegistrySpiderLoader:
        return cls(load_registry(settings.get("HARVESTER_SOURCES") or None))

    def load(self, spider_name: str) -> type[Spider]:
        for source in self.registry:
            if source.key == spider_name:
                return type(f"SiteSpider_{source.key.replace('-', '_')}", (SiteSpider,),
                            {"name": source.key, "source": source,
                             "allowed_domains": [source.host]})
        raise KeyError(f"Spider not found: {spider_name}")

    def list(self) -> builtins.list[str]:
        return self.registry.keys()

    def find_by_request(self, request: Request) -> builtins.list[str]:
        return [s.key for s in self.registry if request.url.startswith(s.url)]
