"""The error every command reports as one line and exit code 2."""

from __future__ import annotations


class UsageError(Exception):
    """Bad configuration or usage: reported as one line, exit code 2, nothing crawled."""
