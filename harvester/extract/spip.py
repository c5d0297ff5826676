"""SPIP article pages: squelettes-dist (SPIP 2 and the SPIP 3/4 "Z" layout) and the
custom squelettes derived from them."""

from __future__ import annotations

import re
from typing import ClassVar

from lxml.etree import _Element

from harvester.extract.base import PageExtractor
from harvester.extract.files import DOCUMENT_EXTENSIONS, extension
from harvester.extract.html import element_text
from harvester.extract.raw import RawAttachment

UPDATED_PHRASE = re.compile(r"(mis à jour|mise à jour|modifié|actualisé)\s+le\s", re.IGNORECASE)


class SpipExtractor(PageExtractor):
    family: ClassVar[str] = "spip"
    SCOPE = (".hentry", "#contenu", ".contenu", "#content", ".content", "#principal",
             "article", "main", "body")
    TITLE = ("h1.entry-title", "h1.titre", ".cartouche h1", "h1.crayon", ".hentry h1",
             "#contenu h1", "h1")
    SURTITLE = (".surtitre",)
    SUBTITLE = (".soustitre",)
    SUMMARY = (".chapo",)
    BYLINE = (".info-publi", ".info_publi", ".cartouche small", ".auteurs", ".signature",
              ".byline")
    AUTHORS = (".vcard.author a.fn", ".vcard.author .fn", ".vcard a", ".auteurs a",
               "a[rel~=author]")
    PUBLISHED = ("abbr.published", "time[pubdate]", ".publication time", "time.published",
                 ".info-publi time", ".info-publi", ".info_publi", ".cartouche small", ".date")
    UPDATED = ("abbr.updated", "time.updated", ".date-modif", ".maj", ".info-maj")
    SECTION = ("#hierarchie", ".ariane", "#ariane", ".arbo", ".fil_ariane", ".breadcrumb",
               ".chemin")
    TAGS = ("a[rel~=tag]", ".mots a", ".mots-cles a", ".tags a")
    MARKUP_TAGS_FIRST = True
    BODY = (".chapo, .texte, .ps, .hyperlien",)
    NOTES = (".notes",)
    ATTACHMENTS = ("#documents_joints li, .documents_joints li, .documents-joints li",
                   ".spip_documents a[href]")
    IMAGES = ("#documents_portfolio a, .portfolio a, .documents_portfolio a",)
    CHROME = (*PageExtractor.CHROME, ".notes", ".outils", ".boutons", ".imprimer", ".forum",
              ".repondre", "#forum", "#documents_joints", ".documents_joints",
              "#documents_portfolio", ".portfolio", ".crayon-bouton")

    def updated(self) -> list[str]:
        found = super().updated()
        for node in self._nodes(self.BYLINE, self.scope):
            text = element_text(node)
            match = UPDATED_PHRASE.search(text)
            if match:
                found.append(text[match.start():])
        return list(dict.fromkeys(found))

    def _attachment(self, node: _Element) -> list[RawAttachment]:
        in_list = node.tag != "a"
        if not in_list and extension(node.get("href") or "") not in DOCUMENT_EXTENSIONS:
            return []
        link = node if node.tag == "a" else next(iter(self.index.select("a[href]", node)), None)
        url = self._absolute(link.get("href")) if link is not None else None
        if link is None or not url:
            return []
        title_node = next(iter(self.index.select(".spip_doc_titre, .titre", node)), None)
        title = element_text(title_node if title_node is not None else link)
        label_node = next(iter(self.index.select(".spip_doc_infos, .info_document, small",
                                                 node)), None)
        label = element_text(label_node) if label_node is not None else (
            element_text(node).replace(title, "", 1))
        return [RawAttachment(url=url, title=title or link.get("title") or "",
                              label=label.strip(" ()–-"), mime_type=link.get("type"))]
