"""Crawl state: conditional GET, revalidation, listing progress and retries, kept in the
store and asked by the spider (``CrawlState``); the schedules live in ``policy``."""

from __future__ import annotations

from harvester.crawlstate.policy import CrawlPolicy, PolicyError
from harvester.crawlstate.state import CrawlState, FailureNote, Plan, Why

__all__ = ["CrawlPolicy", "CrawlState", "FailureNote", "Plan", "PolicyError", "Why"]
