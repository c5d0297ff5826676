"""What every command shares: the one-line errors it reports, and output that survives a
reader going away. (The errors of the fetching and extracting modules are declared here, so
that the command line can catch them without importing Scrapy and lxml for every command.)"""

from __future__ import annotations

import os
import sys


class UsageError(Exception):
    """Bad configuration or usage: reported as one line, exit code 2, nothing crawled."""


class FetchError(RuntimeError):
    """The page could not be fetched; the message names the URL and the reason."""


class ExtractionError(ValueError):
    """Strict mode: a field could not be read. The message names the URL and the field."""


def say(text: str, *, error: bool = False) -> None:
    """Print one message. A reader that went away (``harvester run | head``) is not an error:
    the rest of the output is discarded and the command goes on to its end."""
    stream = sys.stderr if error else sys.stdout
    try:
        print(text, file=stream, flush=True)
    except BrokenPipeError:
        os.dup2(os.open(os.devnull, os.O_WRONLY), stream.fileno())
