from __future__ import annotations

import pytest
from scrapy.exceptions import DropItem

from harvester.model import Attachment, Author, Image, SourceRef
from harvester.urls import article_id
from pipelines.validate import ValidationPipeline, rejection
from tests.pipeline_helpers import Stats, article


def valid_article():
    item = article()
    item.url = "https://www.rtes.fr/Reussite"
    item.id = article_id(item.url)
    item.source = SourceRef("rtes", "RTES", "https://www.rtes.fr/")
    item.title = "Réussite"
    return item


def test_valid_article_passes():
    item = valid_article()
    assert ValidationPipeline().process_item(item) is item


@pytest.mark.parametrize(("field", "value", "reason"), [
    ("url", "", "no URL"),
    ("title", "", "no title"),
    ("title", "   ", "no title"),
    ("title", "\x0b\x0c", "no title"),
    ("published", "2012-11-09T10:00:00", "invalid record: published"),
    ("updated", "9 novembre 2012", "invalid record: updated"),
    ("language", "Français", "invalid record: language"),
    ("url", "spip.php?article12", "invalid record: url"),
    ("authors", [Author("")], "invalid record: authors/0/name"),
])
def test_rejected_articles_are_dropped_with_a_reason(field, value, reason):
    stats = Stats()
    item = valid_article()
    setattr(item, field, value)
    with pytest.raises(DropItem, match=reason):
        ValidationPipeline(stats).process_item(item)
    assert sum(stats.values.values()) == 1


def test_control_characters_are_removed_everywhere():
    item = valid_article()
    item.title = "Ré\x0bussite"
    item.authors = [Author("Anne\x1a Dupont")]
    item.content_text = "a\x00b"
    ValidationPipeline().process_item(item)
    assert item.title == "Réussite"
    assert item.authors[0].name == "Anne Dupont"
    assert item.content_text == "ab"
    assert rejection(item, item.to_dict()) is None


def test_text_is_composed_to_nfc():
    item = valid_article()
    item.title = "Re\u0301ussite"
    ValidationPipeline().process_item(item)
    assert item.title == "Réussite"


def test_a_lone_surrogate_is_removed_not_fatal():
    item = valid_article()
    item.content_text = "texte \ud800 fin"
    ValidationPipeline().process_item(item)
    assert item.content_text == "texte  fin"


def test_empty_optional_fields_are_fine():
    item = valid_article()
    item.summary, item.published, item.authors, item.tags = None, None, [], []
    assert ValidationPipeline().process_item(item) is item


@pytest.mark.parametrize(("field", "value"), [
    ("attachments", [Attachment("/IMG/pdf/a.pdf", "a"),
                     Attachment("https://www.rtes.fr/IMG/pdf/b.pdf", "b")]),
    ("images", [Image("javascript:alert(1)"), Image("https://www.rtes.fr/IMG/jpg/c.jpg")]),
    ("images", [Image("data:image/png;base64,AAAA"), Image("https://www.rtes.fr/IMG/c.png")]),
])
def test_a_bad_image_or_attachment_is_dropped_and_the_article_kept(field, value):
    stats = Stats()
    item = valid_article()
    setattr(item, field, value)
    assert ValidationPipeline(stats).process_item(item) is item
    assert [part.url for part in getattr(item, field)] == [value[1].url]
    assert stats.values[f"harvester/field_error/{field}"] == 1
    assert item.problems[0][0] == field


def test_an_author_link_that_is_not_http_is_dropped():
    item = valid_article()
    item.authors = [Author("Anne", "javascript:alert(1)")]
    assert ValidationPipeline().process_item(item) is item
    assert item.authors == [Author("Anne", None)]
