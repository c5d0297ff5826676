"""`python -m harvester` runs the command line."""

from __future__ import annotations

import sys

from harvester.cli import main

sys.exit(main())
