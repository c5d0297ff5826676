"""Item pipelines: one normalization concern per module, in one ordered list.

The same list drives Scrapy's ITEM_PIPELINES and the offline chain of `harvester extract`
and the golden tests, so online and offline normalization cannot drift apart.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from scrapy.utils.misc import load_object

from harvester.extract.raw import RawArticle
from harvester.model import Article

PIPELINES: tuple[str, ...] = (
    "pipelines.canonical.CanonicalUrlPipeline",
    "pipelines.text.TextFieldsPipeline",
    "pipelines.authors.AuthorsPipeline",
    "pipelines.dates.DatesPipeline",
    "pipelines.fallback.MainContentFieldsPipeline",
    "pipelines.tags.TagsPipeline",
    "pipelines.footnotes.FootnotesPipeline",
    "pipelines.content.ContentPipeline",
    "pipelines.language.LanguagePipeline",
    "pipelines.attachments.AttachmentsPipeline",
    "pipelines.validate.ValidationPipeline",
    "pipelines.duplicates.NearDuplicatePipeline",
    "pipelines.storage.StoragePipeline",
)
STORE_PIPELINES = frozenset({"pipelines.duplicates.NearDuplicatePipeline",
                             "pipelines.storage.StoragePipeline"})
ITEM_PIPELINES = {path: 100 * (rank + 1) for rank, path in enumerate(PIPELINES)}


def normalize(raw: RawArticle) -> Article:
    """Run the store-free pipelines on one extracted page (raises DropItem when rejected)."""
    article = Article.from_raw(raw)
    for pipeline in _normalizers():
        pipeline.process_item(article)
    article.normalized = True
    return article


@cache
def _normalizers() -> tuple[Any, ...]:
    """The store-free pipelines, built once per process (they hold no state)."""
    return tuple(load_object(path)() for path in PIPELINES if path not in STORE_PIPELINES)
