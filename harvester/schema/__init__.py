"""The JSON Schemas shipped with the package (Article, run status), and validation."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

import fastjsonschema
from jsonschema import Draft202012Validator

SCHEMAS = ("article", "status")


@cache
def schema(name: str) -> dict[str, Any]:
    """A shipped JSON Schema (draft 2020-12): "article" or "status"."""
    text = resources.files(__package__).joinpath(f"{name}.schema.json").read_text("utf-8")
    loaded: dict[str, Any] = json.loads(text)
    return loaded


def article_schema() -> dict[str, Any]:
    """The Article JSON Schema (draft 2020-12)."""
    return schema("article")


@cache
def _validator(name: str) -> Draft202012Validator:
    Draft202012Validator.check_schema(schema(name))
    return Draft202012Validator(schema(name), format_checker=Draft202012Validator.FORMAT_CHECKER)


def article_errors(record: dict[str, Any]) -> list[str]:
    """Every schema violation of an exported Article record, as 'field: message' lines."""
    return schema_errors("article", record)


@cache
def _fast_validator(name: str) -> Any:
    return fastjsonschema.compile(schema(name))


def schema_errors(name: str, document: dict[str, Any]) -> list[str]:
    """Every violation of a shipped schema, as 'path: message' lines. A valid document, the
    usual case, is recognized by a compiled validator (some ten times faster); jsonschema
    then names every violation of an invalid one."""
    try:
        _fast_validator(name)(document)
        return []
    except fastjsonschema.JsonSchemaException:
        pass
    errors = sorted(_validator(name).iter_errors(document),
                    key=lambda e: [str(p) for p in e.path])
    return [
        f"{'/'.join(str(p) for p in error.absolute_path) or '(record)'}: {error.message}"
        for error in errors
    ]
