"""Attachments and images: sizes in bytes, MIME types, absolute URLs, no duplicates."""

from __future__ import annotations

import mimetypes
import re
from urllib.parse import unquote, urlsplit

from harvester.extract.raw import RawArticle, RawAttachment, RawImage
from harvester.model import Article, Attachment, Image
from harvester.text import fold, one_line
from pipelines.base import RawFieldsPipeline

SIZE = re.compile(
    r"(\d+(?:[.,]\d+)?)\s*(octets?|bytes?|[kmgt]i?[ob]|[kmgt]io|[kmgt]?o)\b", re.IGNORECASE)
UNIT_POWERS = {"k": 1, "m": 2, "g": 3, "t": 4}
TYPE_LABELS = {
    "pdf": "application/pdf",
    "word": "application/msword",
    "doc": "application/msword",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "opendocument text": "application/vnd.oasis.opendocument.text",
    "odt": "application/vnd.oasis.opendocument.text",
    "opendocument spreadsheet": "application/vnd.oasis.opendocument.spreadsheet",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
    "excel": "application/vnd.ms-excel",
    "xls": "application/vnd.ms-excel",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "powerpoint": "application/vnd.ms-powerpoint",
    "zip": "application/zip",
    "mp3": "audio/mpeg",
    "jpeg": "image/jpeg",
    "png": "image/png",
    "rtf": "application/rtf",
}
MIME = re.compile(r"^[a-z]+/[A-Za-z0-9.+-]+$")


def size_in_bytes(label: str | None) -> int | None:
    """ "PDF - 360.6 ko" -> 369254: SPIP and WordPress count a kilo-octet as 1024 octets."""
    match = SIZE.search(label or "")
    if not match:
        return None
    number = float(match.group(1).replace(",", "."))
    unit = match.group(2).lower()
    plain = unit in ("o", "b") or unit.startswith(("octet", "byte"))
    return int(number * 1024 ** (0 if plain else UNIT_POWERS[unit[0]]))


def mime_type(declared: str | None, label: str, url: str) -> str | None:
    """The declared type, else the one the label names ("PDF"), else the file extension's."""
    if declared and MIME.match(declared.strip()):
        return declared.strip().lower()
    kind = fold(re.split(r"\s[-–]\s|\d", label, maxsplit=1)[0]).strip(" -–(")
    if kind in TYPE_LABELS:
        return TYPE_LABELS[kind]
    guessed, _ = mimetypes.guess_type(urlsplit(url).path)
    return guessed


def normalize_attachments(raw: list[RawAttachment]) -> list[Attachment]:
    attachments: dict[str, Attachment] = {}
    for item in raw:
        url = item.url.strip()
        if not url or url in attachments:
            continue
        title = one_line(item.title) or unquote(urlsplit(url).path.rsplit("/", 1)[-1])
        size = item.length if item.length is not None else size_in_bytes(item.label)
        attachments[url] = Attachment(url=url, title=title,
                                      mime_type=mime_type(item.mime_type, item.label, url),
                                      size_bytes=size)
    return list(attachments.values())


def normalize_images(raw: list[RawImage]) -> list[Image]:
    images: dict[str, Image] = {}
    for item in raw:
        if item.url and item.url not in images:
            images[item.url] = Image(url=item.url, alt=one_line(item.alt))
    return list(images.values())


class AttachmentsPipeline(RawFieldsPipeline):
    def fill(self, article: Article, raw: RawArticle) -> None:
        article.attachments = normalize_attachments(raw.attachments)
        article.images = normalize_images(raw.images)
