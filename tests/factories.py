"""Hand-made Article records for tests that need stored articles."""

from __future__ import annotations

import hashlib
from typing import Any


def article_record(url: str = "https://www.rtes.fr/Reussite-de-la-journee-des-Poles",
                   **overrides: Any) -> dict[str, Any]:
    """A complete, schema-valid exported Article record."""
    record: dict[str, Any] = {
        "id": hashlib.sha256(url.encode()).hexdigest()[:20],
        "url": url,
        "source": {"key": "rtes", "name": "RTES", "url": "https://www.rtes.fr/"},
        "title": "Réussite de la journée des Pôles Territoriaux de Coopération Economique",
        "summary": "Assistance fournie, intervenants de qualité, échanges nombreux.",
        "authors": [{"name": "Anne-Laure Federici", "url": "https://www.rtes.fr/_alfederici_"}],
        "published": "2012-11-09T00:00:00+01:00",
        "updated": None,
        "language": "fr",
        "section": ["Les PTCE"],
        "tags": ["RTES"],
        "content_html": '<p>Assistance fournie<sup><a href="#fn-1" id="fnref-1">1</a></sup></p>',
        "content_text": "Assistance fournie",
        "footnotes": [{"id": "fn-1", "text": "Voir exemple", "html": "Voir exemple"}],
        "attachments": [{"url": "https://www.rtes.fr/IMG/pdf/actes.pdf",
                         "title": "Actes du séminaire", "mime_type": "application/pdf",
                         "size_bytes": 369254}],
        "images": [{"url": "https://www.rtes.fr/IMG/jpg/ptce.jpg", "alt": ""}],
        "also_at": [],
        "fetched_at": "2026-11-27T06:00:00+00:00",
    }
    record.update(overrides)
    return record
