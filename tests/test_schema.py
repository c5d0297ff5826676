from __future__ import annotations

import json

import pytest
from jsonschema import Draft202012Validator

from harvester.cli import main
from harvester.model import Article
from harvester.schema import article_errors, article_schema
from tests.factories import article_record


def test_schema_is_valid_draft_2020_12():
    schema = article_schema()
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    Draft202012Validator.check_schema(schema)


def test_schema_command_prints_the_schema(capsys):
    assert main(["schema"]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert printed == article_schema()
    Draft202012Validator.check_schema(printed)


def test_complete_article_validates():
    assert article_errors(article_record()) == []


def test_article_round_trips_through_the_model():
    record = article_record()
    assert Article.from_dict(record).to_dict() == record


def test_model_export_has_exactly_the_schema_fields():
    assert set(Article().to_dict()) == set(article_schema()["properties"])


def test_missing_title_is_rejected():
    record = article_record()
    del record["title"]
    assert any("'title' is a required property" in e for e in article_errors(record))


def test_empty_title_is_rejected():
    assert article_errors(article_record(title=""))


@pytest.mark.parametrize("field", ["published", "updated", "fetched_at"])
@pytest.mark.parametrize("value", ["2012-11-09T10:14:00", "2012-11-09", "9 novembre 2012"])
def test_naive_or_partial_datetime_is_rejected(field, value):
    errors = article_errors(article_record(**{field: value}))
    assert errors
    assert errors[0].startswith(field)


@pytest.mark.parametrize("value", ["2012-11-09T10:14:00Z", "2012-11-09T10:14:00+01:00",
                                   "2012-11-09T10:14:00.250-05:00"])
def test_datetimes_with_offset_are_accepted(value):
    assert article_errors(article_record(published=value)) == []


@pytest.mark.parametrize(("field", "value"), [
    ("url", "/relative/path"),
    ("url", "javascript:alert(1)"),
    ("id", "not-a-hash"),
    ("language", "French"),
    ("authors", [{"name": "X"}]),
    ("attachments", [{"url": "https://x.fr/a.pdf", "title": "a", "mime_type": "pdf",
                      "size_bytes": 10}]),
    ("extra", 1),
])
def test_malformed_fields_are_rejected(field, value):
    assert article_errors(article_record(**{field: value}))
