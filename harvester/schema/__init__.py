"""The Article JSON Schema shipped with the package, and validation against it."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

from jsonschema import Draft202012Validator


@cache
def article_schema() -> dict[str, Any]:
    """The Article JSON Schema (draft 2020-12)."""
    text = resources.files(__package__).joinpath("article.schema.json").read_text("utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


@cache
def _validator() -> Draft202012Validator:
    schema = article_schema()
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)


def article_errors(record: dict[str, Any]) -> list[str]:
    """Every schema violation of an exported Article record, as 'field: message' lines."""
    errors = sorted(_validator().iter_errors(record), key=lambda e: [str(p) for p in e.path])
    return [
        f"{'/'.join(str(p) for p in error.absolute_path) or '(record)'}: {error.message}"
        for error in errors
    ]
