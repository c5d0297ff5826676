"""The harvester command line as the tests run it: Scrapy's deprecation warnings are errors."""

from __future__ import annotations

import sys
import warnings

from scrapy.exceptions import ScrapyDeprecationWarning

warnings.simplefilter("error", ScrapyDeprecationWarning)

from harvester.cli import main  # noqa: E402  (the filter must be in place first)

if __name__ == "__main__":  # not in the worker processes, which import this module again
    sys.exit(main())
