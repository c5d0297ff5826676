"""Rewrite golden expectations for review: ``python -m tests.regen CASE [CASE ...] | --all``."""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

from tests.golden import all_cases, find_case, run_case


def main(args: list[str]) -> int:
    if not args:
        print(__doc__, file=sys.stderr)
        return 2
    cases = all_cases() if args == ["--all"] else [find_case(a) for a in args]
    with tempfile.TemporaryDirectory() as tmp:
        for case in cases:
            record = run_case(case, Path(tmp))
            case.expected_path.write_text(
                json.dumps(record, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
            print(f"wrote {case.expected_path}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
