"""ESS Harvester: news harvester and syndication pipeline for French ESS network sites."""

from __future__ import annotations

__version__ = "0.1.0"

PROJECT_URL = "https://github.com/ess-harvester/ess-harvester"
