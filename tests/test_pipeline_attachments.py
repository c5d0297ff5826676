from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from harvester.extract.raw import RawAttachment, RawImage
from harvester.model import Attachment, Image
from pipelines.attachments import (
    AttachmentsPipeline,
    mime_type,
    normalize_attachments,
    size_in_bytes,
)
from tests.pipeline_helpers import article

SIZES = [
    ("PDF - 360.6 ko", 369254), ("PDF – 360.6\xa0ko", 369254), ("(PDF – 360.6 kio)", 369254),
    ("Word – 85 ko", 87040), ("OpenDocument Text - 1.2 Mo", 1258291), ("PDF - 1,2 Mo", 1258291),
    ("12 octets", 12), ("500 o", 500), ("3 Go", 3221225472), ("2.5 MB", 2621440),
    ("PDF", None), ("", None), (None, None),
]


@pytest.mark.parametrize(("label", "size"), SIZES)
def test_size(label, size):
    assert size_in_bytes(label) == size


@pytest.mark.parametrize(("declared", "label", "url", "expected"), [
    ("application/pdf", "", "https://x.fr/a", "application/pdf"),
    (None, "PDF - 1 Mo", "https://x.fr/a", "application/pdf"),
    (None, "Word - 85 ko", "https://x.fr/a", "application/msword"),
    (None, "", "https://x.fr/IMG/odt/clause.odt", "application/vnd.oasis.opendocument.text"),
    ("not a type", "", "https://x.fr/a.zip", "application/zip"),
    (None, "", "https://x.fr/download", None),
])
def test_mime_type(declared, label, url, expected):
    assert mime_type(declared, label, url) == expected


def test_attachments_are_deduplicated_and_titled():
    raw = [RawAttachment("https://x.fr/IMG/pdf/Actes.pdf", " Actes  du séminaire ",
                         "PDF - 360.6 ko"),
           RawAttachment("https://x.fr/IMG/pdf/Actes.pdf", "again"),
           RawAttachment("https://x.fr/IMG/pdf/sans%20titre.pdf", "", length=10)]
    assert normalize_attachments(raw) == [
        Attachment("https://x.fr/IMG/pdf/Actes.pdf", "Actes du séminaire", "application/pdf",
                   369254),
        Attachment("https://x.fr/IMG/pdf/sans%20titre.pdf", "sans titre.pdf", "application/pdf",
                   10),
    ]


def test_pipeline_fills_attachments_and_images():
    item = article(attachments=[RawAttachment("https://x.fr/a.pdf", "A", "PDF - 1 ko")],
                   images=[RawImage("https://x.fr/i.jpg", " Une  image "),
                           RawImage("https://x.fr/i.jpg", "")])
    AttachmentsPipeline().process_item(item)
    assert item.attachments == [Attachment("https://x.fr/a.pdf", "A", "application/pdf", 1024)]
    assert item.images == [Image("https://x.fr/i.jpg", "Une image")]


@given(st.text(max_size=60))
def test_size_never_raises_and_is_never_negative(label):
    size = size_in_bytes(label)
    assert size is None or size >= 0
