"""Scrapy settings of the harvester project."""

from __future__ import annotations

BOT_NAME = "ess-harvester"
SPIDER_MODULES: list[str] = []
