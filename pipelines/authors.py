"""Authors: byline text and author links into display names."""

from __future__ import annotations

import re
from collections.abc import Mapping
from urllib.parse import urlsplit

from harvester.extract.raw import RawArticle, RawAuthor
from harvester.model import Article, Author
from harvester.text import fold, one_line
from pipelines.base import RawFieldsPipeline

LEADING_WORDS = re.compile(
    r"^(?:(?:article\s+)?(?:écrit|ecrit|rédigé|redige|publié|publie|posted|written|proposé"
    r"|propose)\s+par\b|par\b|by\b|(?:auteur|auteure|auteurs|autrice|author|authors|signé)"
    r"\s*:)\s*[:\-–]?\s*",
    re.IGNORECASE,
)
DATE_TAIL = re.compile(
    r"\s*(?:[-–—|,•]\s*|\s)(?:(?:publié|mis à jour|posted|updated)\s+)?(?:le|on)?\s*"
    r"(?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche)?\s*\d{1,4}(?:er)?[\s/.\-].*$",
    re.IGNORECASE,
)
SEPARATORS = re.compile(r"\s*(?:,|;|&|\s/\s|/|\bet\b|\band\b|\+)\s*", re.IGNORECASE)
DATE_ONLY = re.compile(r"^(?:publié|publie|mis en ligne|mise en ligne|paru|posted|published"
                       r"|date)\b", re.IGNORECASE)
LATE_PAR = re.compile(r"\b(?:par|by)\s+", re.IGNORECASE)
EMAIL = re.compile(r"<?\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b>?")
BRACKETED = re.compile(r"\s*[(\[][^)\]]*[)\]]\s*$")
# a fragment such as "chargée de mission ESS" after a comma is a role, not a second author
ROLE_WORDS = re.compile(
    r"^(?:chargée?|directeur|directrice|président|présidente|responsable|coordinat|délégué"
    r"|déléguée|stagiaire|journaliste|rédacteur|rédactrice|chef|cheffe|secrétaire|membre"
    r"|animateur|animatrice|service|pôle|équipe|consultant|consultante|chargé|conseiller"
    r"|conseillère|vice|trésorier|trésorière|adjoint|adjointe|élu|élue|maire|directeur)",
)
NOT_A_NAME = frozenset({"le", "la", "les", "l", "par", "by", "de", "du", "des", "von", "am",
                        "on", "et", "and", "publie", "posted", "ecrit", "auteur", "author",
                        "redaction", "admin", "anonyme", "anonymous", "unknown", "inconnu"})
"""Words a byline holds around names, never a name alone (folded)."""
MONTHS = ("janv", "fevr", "mars", "avr", "mai", "juin", "juil", "aout", "sept", "oct", "nov",
          "dec", "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov",
          "dec", "marz", "okt", "dez", "januar", "februar")
DATE_LIKE = re.compile(
    r"\d{1,4}\s*[./-]\s*\d{1,2}\s*[./-]\s*\d{1,4}|\d{1,2}(?:er)?\.?\s+(?:" + "|".join(MONTHS)
    + r")\w*\.?(?:\s+\d{2,4})?|(?:" + "|".join(MONTHS) + r")\w*\.?\s+\d{1,2}\b")
RELATIVE_TIME = re.compile(
    r"\s+(?:il y a|ago|před|pred|vor|hace|fa)\b.*$|^(?:il y a|před|vor|hace)\b.*$|\b\d+\s+"
    r"(?:min|minutes?|heures?|hours?|jours?|days?|semaines?|weeks?)\b.*$", re.IGNORECASE)
"""A relative time that a byline carries after or instead of the name ("Aleš Vávra před
3 hodinami", "il y a 2 heures")."""
SEPARATOR_EDGES = " .,;:-–—|·•/"
PARTICLES = frozenset({"de", "du", "des", "d'", "le", "la", "les", "van", "von", "der", "den",
                       "da", "di", "del", "della", "y", "e", "zu", "ten", "ter", "dos", "das"})


def split_byline(byline: str) -> list[str]:
    """Names from a byline such as "par alfederici - le 9 novembre 2012"."""
    text = one_line(EMAIL.sub(" ", byline))
    late_par = LATE_PAR.search(text)
    if late_par and late_par.start() > 0:
        text = text[late_par.end():]
    elif DATE_ONLY.match(text):
        return []
    text = LEADING_WORDS.sub("", text)
    text = DATE_TAIL.sub("", text)
    return [part for part in SEPARATORS.split(text) if part.strip()]


def clean_name(name: str) -> str | None:
    """One display name: no leading "par", no e-mail, no bracketed role; None for a role alone."""
    text = one_line(EMAIL.sub(" ", name))
    text = LEADING_WORDS.sub("", text)
    text = RELATIVE_TIME.sub("", text)
    text = BRACKETED.sub("", text).strip(SEPARATOR_EDGES).lstrip("@").strip(SEPARATOR_EDGES)
    if not text or not any(c.isalpha() for c in text) or (
            text[0].islower() and ROLE_WORDS.match(text)):
        return None
    folded = fold(text)
    if folded in NOT_A_NAME or DATE_LIKE.search(folded):
        return None
    return proper_case(text)


def proper_case(name: str) -> str:
    """Names in ALL CAPS or all lower case in proper case, keeping particles (de, d', van).

    A single lower-case word is a handle, and a mixed-case name ("Sophie LE GALL",
    "ESS France") is as its owner writes it: both stay as they are.
    """
    words = name.split()
    if len(words) == 1 and not (name.isupper() and len(name) > 3):
        return name
    if not (name.isupper() or name.islower()):
        return name
    return " ".join(
        _capitalize(w) if i == 0 or w.lower() not in PARTICLES else w.lower()
        for i, w in enumerate(words)
    ).replace(" D'", " d'").replace(" D’", " d’")


def _capitalize(word: str) -> str:
    """Capitalize each part of a hyphenated or apostrophed word: JEAN-MARC -> Jean-Marc."""
    return "".join(part.capitalize() for part in re.split(r"([-'’])", word.lower()))


def _alias(name: str, url: str | None, aliases: Mapping[str, str]) -> str | None:
    table = {fold(k): v for k, v in aliases.items()}
    if fold(name) in table:
        return table[fold(name)]
    if url:
        slug = urlsplit(url).path.strip("/").strip("_")
        return table.get(fold(slug))
    return None


def normalize_authors(linked: list[RawAuthor], byline: str | None,
                      aliases: Mapping[str, str]) -> list[Author]:
    """Display authors: linked names, then the byline's other names when the byline names
    the linked ones too ("Par <a>Nadia Karim</a> et Paul Girard"); aliases mapped,
    de-duplicated."""
    candidates = [(a.name, a.url) for a in linked if a.name.strip()]
    byline_names = split_byline(byline) if byline else []
    folded_byline = fold(byline or "")
    if not candidates or all(fold(name) in folded_byline for name, _ in candidates):
        candidates += [(name, None) for name in byline_names]
    authors: dict[str, Author] = {}
    for raw_name, url in candidates:
        for piece in split_byline(raw_name) or [raw_name]:
            name = _alias(piece.lstrip("@"), url, aliases) or clean_name(piece)
            if not name:
                continue
            key = fold(name)
            if key in authors:
                authors[key].url = authors[key].url or url
            else:
                authors[key] = Author(name=name, url=url)
    return list(authors.values())


def page_authors(linked: list[RawAuthor], byline: str | None, raw: RawArticle) -> list[Author]:
    """The authors of a page: normalized, and never the site itself."""
    site = {fold(name) for name in (raw.source.name, raw.site_name) if name}
    return [a for a in normalize_authors(linked, byline, raw.source.authors)
            if fold(a.name) not in site]


class AuthorsPipeline(RawFieldsPipeline):
    def fill(self, article: Article, raw: RawArticle) -> None:
        article.authors = page_authors(raw.authors, raw.byline, raw)
