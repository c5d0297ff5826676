"""What every command shares: the one-line usage error, and output that survives a reader
going away."""

from __future__ import annotations

import os
import sys


class UsageError(Exception):
    """Bad configuration or usage: reported as one line, exit code 2, nothing crawled."""


def say(text: str, *, error: bool = False) -> None:
    """Print one message. A reader that went away (``harvester run | head``) is not an error:
    the rest of the output is discarded and the command goes on to its end."""
    stream = sys.stderr if error else sys.stdout
    try:
        print(text, file=stream, flush=True)
    except BrokenPipeError:
        os.dup2(os.open(os.devnull, os.O_WRONLY), stream.fileno())
