"""Score `harvester extract --manifest` and trafilatura on the fetched pages.

One table row per subset and tool: date, title and author accuracy, body word F1 (or prefix
recall, when the truth is only the body's beginning), pages per second over the whole batch
and CPU milliseconds a page once warm (the median of five readings of the batch in this
process, the two tools alternating; the rules: eval/metrics.py).

    python -m eval.fetch ...   # once
    python -m eval.score [--limit N] [--json OUT]
"""

from __future__ import annotations

import argparse
import json
import tempfile
from dataclasses import asdict, replace
from pathlib import Path
from typing import Any

from eval.fetch import DATA
from eval.metrics import iso_date, same_authors, same_title, token_f1, token_recall
from eval.tools import Batch, Extraction, harvester_batch, trafilatura_batch, warm_cpu

ACCURACIES = ("date", "title", "author")
OVERLAPS = ("body F1", "prefix recall")


def load_jsonl(path: Path) -> list[dict[str, Any]]:
    """The JSON objects of a file, one a line."""
    return [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]


def page_scores(truth: dict[str, Any], got: Extraction) -> dict[str, float]:
    """The page's score in each column its truth has a value for (1.0 or 0.0 for accuracies)."""
    scores = {}
    if truth["date"]:
        scores["date"] = float(iso_date(got.date) == truth["date"])
    if truth["title"]:
        scores["title"] = float(same_title(got.title, truth["title"]))
    if truth["authors"]:
        scores["author"] = float(same_authors(got.authors, truth["authors"]))
    if truth["body"] and truth["body_is_prefix"]:
        scores["prefix recall"] = token_recall(got.body, truth["body"])
    elif truth["body"]:
        scores["body F1"] = token_f1(got.body, truth["body"])
    return scores


def tool_result(truths: list[dict[str, Any]], batch: Batch) -> dict[str, Any]:
    """One tool's figures on one subset, with each page's extraction and scores."""
    pages = []
    for truth, got in zip(truths, batch.extractions, strict=True):
        fields = asdict(got)
        fields["body"] = got.body[:200]
        pages.append({"path": truth["path"], **fields, "scores": page_scores(truth, got)})
    columns = {}
    for column in ACCURACIES + OVERLAPS:
        values = [page["scores"][column] for page in pages if column in page["scores"]]
        columns[column] = {"mean": sum(values) / len(values) if values else None,
                           "n": len(values)}
    return {"pages": len(pages), "failed": sum(bool(page["error"]) for page in pages),
            "seconds": batch.seconds, "pages_per_s": len(pages) / batch.seconds,
            "steady_ms": batch.steady_ms,
            "columns": columns, "per_page": pages}


def evaluate(folder: Path, limit: int | None) -> dict[str, dict[str, Any]]:
    """Both tools on the first ``limit`` pages (default: all) of one fetched subset."""
    truths = load_jsonl(folder / "truth.jsonl")[:limit]
    pages = [(folder / truth["path"], truth["url"]) for truth in truths]
    with tempfile.TemporaryDirectory() as tmp:
        manifest = Path(tmp) / "manifest.jsonl"
        manifest.write_text("".join(json.dumps({"path": str(path), "url": url}) + "\n"
                                    for path, url in pages), "utf-8")
        harvester = harvester_batch(manifest)
        trafilatura = trafilatura_batch(pages)
        harvester_cpu, trafilatura_cpu = warm_cpu(manifest, pages)
    return {"harvester": tool_result(truths, replace(harvester, warm_seconds=harvester_cpu)),
            "trafilatura": tool_result(truths, replace(trafilatura,
                                                       warm_seconds=trafilatura_cpu))}


def cell(column: str, figures: dict[str, Any]) -> str:
    """A table cell: accuracy with its counts, or mean overlap with its page count."""
    if not figures["n"]:
        return "-"
    if column in ACCURACIES:
        return f"{figures['mean']:.0%} ({round(figures['mean'] * figures['n'])}/{figures['n']})"
    return f"{figures['mean']:.3f} ({figures['n']})"


def table(results: dict[str, dict[str, dict[str, Any]]]) -> str:
    """The figures as one plain-text table, a row per subset and tool."""
    header = ["subset", "tool", "pages", "failed", *ACCURACIES, *OVERLAPS, "pages/s",
              "ms/page"]
    rows = [header]
    for subset, tools in results.items():
        for tool, result in tools.items():
            rows.append([subset, tool, str(result["pages"]), str(result["failed"]),
                         *(cell(column, result["columns"][column])
                           for column in ACCURACIES + OVERLAPS),
                         f"{result['pages_per_s']:.1f}",
                         "-" if result["steady_ms"] is None else f"{result['steady_ms']:.0f}"])
    widths = [max(len(row[index]) for row in rows) for index in range(len(header))]
    lines = ["  ".join(text.ljust(width) if index < 2 else text.rjust(width)
                       for index, (text, width) in enumerate(zip(row, widths, strict=True)))
             for row in rows]
    return "\n".join([lines[0], "  ".join("-" * width for width in widths), *lines[1:]])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, metavar="N", help="score the first N pages of each")
    parser.add_argument("--json", type=Path, metavar="OUT",
                        help="also write the figures and every page's extraction and scores")
    parser.add_argument("--data", type=Path, default=DATA, help="default: %(default)s")
    args = parser.parse_args()
    subsets = sorted(truth.parent for truth in args.data.glob("*/truth.jsonl"))
    if not subsets:
        raise SystemExit(f"{args.data}: no data; run `python -m eval.fetch` first")
    results = {subset.name: evaluate(subset, args.limit) for subset in subsets}
    print(table(results))
    if args.json:
        args.json.write_text(json.dumps(results, ensure_ascii=False, indent=1), "utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
