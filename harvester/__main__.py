"""`python -m harvester` runs the command line."""

from __future__ import annotations

import sys

from harvester.cli import main

if __name__ == "__main__":  # not in the worker processes, which import this module again
    sys.exit(main())
