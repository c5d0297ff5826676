"""Logging of a crawl: one line a record, labelled with its source; each failure logged once
(the spider's own line; the run report lists them all again at the end); Scrapy's start-up
lists and the downloader's duplicate error lines (with tracebacks) moved to DEBUG."""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from harvester.usage import say

FORMAT = "%(asctime)s [%(source)s] %(name)s %(levelname)s: %(message)s"
DATE_FORMAT = "%Y-%m-%d %H:%M:%S"
BOILERPLATE = {
    "scrapy.middleware": "Enabled ",
    "scrapy.addons": "Enabled addons",
    "scrapy.crawler": "Overridden settings",
    "scrapy.extensions.telnet": "",
    "scrapy.spidermiddlewares.httperror": "Ignoring response",
    "scrapy.downloadermiddlewares.robotstxt": "Error downloading",
}
"""Logger name -> message start of records that say nothing the harvester does not say
better (a failed robots.txt download is the site's failure, reported once by the spider)."""


class CrawlLogFilter(logging.Filter):
    """Labels each record with its source; demotes boilerplate to DEBUG, without traceback."""

    def __init__(self, level: int) -> None:
        super().__init__()
        self.level = level

    def filter(self, record: logging.LogRecord) -> bool:
        spider = getattr(record, "spider", None)
        record.source = getattr(spider, "name", None) or "-"
        start = BOILERPLATE.get(record.name)
        if start is not None and str(record.msg).startswith(start) and record.levelno > 10:
            record.levelno, record.levelname = logging.DEBUG, "DEBUG"
            record.exc_info, record.exc_text = None, None
        return record.levelno >= self.level


def level_number(name: str) -> int:
    level = logging.getLevelName(name.upper())
    return level if isinstance(level, int) else logging.INFO


@contextmanager
def crawl_logging(level_name: str, log_file: Path | None = None,
                  console: Any | None = None) -> Iterator[list[logging.Handler]]:
    """Root handlers for the duration of a crawl: stderr (through a rich console when a live
    display owns the terminal) and, optionally, a log file."""
    level = level_number(level_name)
    handlers: list[logging.Handler] = []
    if console is not None:
        from rich.logging import RichHandler

        handlers.append(RichHandler(console=console, show_path=False, markup=False))
        handlers[-1].setFormatter(logging.Formatter("[%(source)s] %(name)s: %(message)s"))
    else:
        handlers.append(logging.StreamHandler(sys.stderr))
    if log_file is not None:
        handlers.append(logging.FileHandler(log_file, encoding="utf-8"))
    for handler in handlers:
        if not handler.formatter:
            handler.setFormatter(logging.Formatter(FORMAT, DATE_FORMAT))
        handler.addFilter(CrawlLogFilter(level))
        logging.root.addHandler(handler)
    logging.root.setLevel(logging.NOTSET)
    try:
        yield handlers
    finally:
        for handler in handlers:
            logging.root.removeHandler(handler)
            handler.close()


def append_to_log(log_file: Path | None, text: str) -> None:
    """Write the run report to stdout and to the log file."""
    say(text)
    if log_file is not None:
        with log_file.open("a", encoding="utf-8") as log:
            log.write(text + "\n")
