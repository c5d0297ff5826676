"""Source health: a redesign that makes a field vanish shows as a drop against the source's
own history, long before a reader notices."""

from __future__ import annotations

from collections.abc import Mapping

FIELDS = ("title", "published", "authors", "content")
MIN_PAGES = 3
"""Fewer pages read in a run say nothing about the markup."""
MIN_HISTORY = 5
FAR_BELOW = 0.5
"""A field is missing when its share falls under half of what it was."""


def field_alerts(pages: int, present: Mapping[str, int], history: int,
                 history_present: Mapping[str, int]) -> list[str]:
    """One line per field whose share among this run's pages fell far below its share among
    the source's stored articles (history: how many; history_present: how many had it)."""
    if pages < MIN_PAGES or history < MIN_HISTORY:
        return []
    alerts = []
    for name in FIELDS:
        before = history_present.get(name, history) / history
        now = present.get(name, 0) / pages
        if before >= FAR_BELOW and now < before * FAR_BELOW:
            alerts.append(f"field '{name}' found on {now:.0%} of the {pages} pages read "
                          f"(was {before:.0%}); has the site changed its markup?")
    return alerts
