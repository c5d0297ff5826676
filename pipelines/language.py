"""Language: detected from the article's text (py3langid) when the page declares none."""

from __future__ import annotations

from functools import cache
from typing import Any

from harvester.extract.raw import RawArticle
from harvester.model import Article
from pipelines.base import RawFieldsPipeline

MIN_TEXT = 200
"""Characters of text below which a guess is not better than the source's language."""
SAMPLE = 2000
"""Characters read from the start of the text: some 300 words, on which the model is as sure
as on the whole article, at a third of the cost of 5,000 (its time is linear in the text)."""


@cache
def _identifier() -> Any:
    """The language model, loaded once per process when a page needs it (about a second)."""
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def detect_language(text: str) -> str | None:
    """The ISO 639-1 code of the text's language, when the model is confident of it."""
    if len(text) < MIN_TEXT:
        return None
    language, probability = _identifier().classify(text[:SAMPLE])
    return str(language) if probability >= 0.9 else None


class LanguagePipeline(RawFieldsPipeline):
    def fill(self, article: Article, raw: RawArticle) -> None:
        if not raw.language:
            article.language = detect_language(article.content_text) or article.language
