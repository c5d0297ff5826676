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
    r"|propose|submitted)\s+(?:par|by)\b|par\b|by\b"
    r"|(?:un\s+|une\s+)?(?:article|billet|tribune)\s+(?:de\b|d['’])"
    r"|(?:auteur|auteure|auteurs|autrice|author|authors|signé|textes?|text)\s*:)\s*[:\-–]?\s*",
    re.IGNORECASE,
)
"""What leads to the names: "Par", "Écrit par", "Un article de", "Auteur :", "Texte :"."""
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
BRACKETED = re.compile(r"\s*[(\[].*$")
"""A bracket and what follows: a role, a place or an employer ("Marie Dupont (CRESS
Bretagne)", "Cécile Ducourtieux (Bruxelles, bureau européen)", cut by the comma)."""
# a fragment such as "chargée de mission ESS" after a comma is a role, not a second author
ROLE_WORDS = re.compile(
    r"^(?:chargée?|directeur|directrice|président|présidente|responsable|coordinat|délégué"
    r"|déléguée|stagiaire|journaliste|rédacteur|rédactrice|chef|cheffe|secrétaire|membre"
    r"|animateur|animatrice|service|pôle|équipe|consultant|consultante|chargé|conseiller"
    r"|conseillère|vice|trésorier|trésorière|adjoint|adjointe|élu|élue|maire|directeur)",
)
NOT_A_NAME = frozenset({"le", "la", "les", "l", "par", "by", "de", "du", "des", "von", "am",
                        "on", "et", "and", "publie", "posted", "submitted", "ecrit", "auteur",
                        "author", "redaction", "admin", "anonyme", "anonymous", "unknown",
                        "inconnu"})
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
WEEKDAYS = ("monday|tuesday|wednesday|thursday|friday|saturday|sunday|lundi|mardi|mercredi"
            "|jeudi|vendredi|samedi|dimanche")
WEEKDAY_ABBREVIATIONS = "mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun"
"""Before a date only ("Mon, 2019-01-21"): alone, "Sun" is a name."""
MONTH_WORDS = (r"janv|f[eé]vr?|mars|avr|mai|juin|juil|ao[uû]t|sept?|oct|nov|d[eé]c|jan|feb|mar"
               r"|apr|may|jun|jul|aug|okt|dez")
DATE_START = re.compile(
    r"\d{4}-\d{2}-\d{2}|\b\d{1,2}\s*[:h]\s*\d{2}(?!\d)|\b\d{1,2}\s*[ap]\.?m\b"
    rf"|\b(?:{WEEKDAYS}|{WEEKDAY_ABBREVIATIONS})\b\.?,?\s+(?=\d|(?:{MONTH_WORDS}))"
    r"|\d{1,4}\s*[./-]\s*\d{1,2}\s*[./-]\s*\d{1,4}"
    rf"|\b\d{{1,2}}(?:er|st|nd|rd|th)?\.?\s+(?:{MONTH_WORDS})\w*"
    rf"|\b(?:{MONTH_WORDS})\w*\.?\s+\d{{1,2}}\b|(?<!\d)(?:19|20)\d{{2}}\b"
    r"|(?<!\d)\d{1,4}\s*[年月]\s*\d{1,2}\s*[月日]|(?<!\d)\d{1,2}\s*時",
    re.IGNORECASE)
"""Where the date a byline carries after the name starts, even glued to it: an ISO date
("Seth Fiegerman2014-01-26"), a time of day ("9:49 AM", "14h30"), a weekday before a date
("Tuesday, Aug. 17"), a numeric or written date, a year, a date or time written with CJK
units ("2019年04月28日 08時00分")."""
CONNECTOR_TAIL = re.compile(
    r"(?:[\s,;:|·•/–—-]|\b(?:le|on|at|à|publié|posted|updated|mis à jour)\b)*$", re.IGNORECASE)
ROLE_AFTER = re.compile(r"\s+[-–—|·•]\s+")
"""A spaced dash, bar or dot after a name: a role, an agency or a date follows ("RACHEL METZ -
AP Technology Writers | AP", "Pete Evans · CBC News")."""
MONTH_NAMES = ("january", "february", "april", "june", "july", "august", "september",
               "october", "november", "december", "janvier", "février", "juillet", "septembre",
               "octobre", "novembre", "décembre")
"""Months written in full; not the ones that are names too (March, Mars, Avril, Mai, Juin)."""
TOOLS_TAIL = re.compile(
    r"(?:\s+link\s+copied|\s+(?:twitter|facebook|linkedin|instagram|e-?mail)"
    rf"|\s+last(?:\s+updated)?|\s+(?:march|{'|'.join(MONTH_NAMES)}))+$", re.IGNORECASE)
"""The page's tools, or a month whose day was cut off, after a name ("Steven Shepard Link
Copied", "Rebecca Hersher Twitter", "Daniel Bader last updated", "PATRICK REEVELL December")."""
ROLE_TAIL = re.compile(
    r"(?:^|\s+|(?-i:(?<=[a-z])(?=[A-Z])))(?:(?:senior|staff|chief|deputy|managing|associate"
    r"|contributing|special|executive|assistant|political|politics|news|sports?|business"
    r"|tech|technology|science|health|foreign|national|opinion|features?|entertainment"
    r"|investigative|digital|video|data)\s+)*(?:writer|editor|reporter|correspondent"
    r"|columnist|contributor|producer|photographer|analyst|critic)s?$", re.IGNORECASE)
"""An English job title, alone or after a name, glued to it or not ("Sam Stein Senior
Politics Editor", "Howard BlumeStaff Writer")."""
FRENCH_ROLE = re.compile(
    r"(?:^|\s+)(?:(?:notre|nos|votre|de\s+notre)\s+)?(?:envoy[ée]e?s?\s+sp[ée]cia(?:le?s?|ux)"
    r"|correspondante?s?|journalistes?|chroniqueu(?:r|se)s?|rédact(?:eur|rice)s?)\b.*$",
    re.IGNORECASE)
"""A French newspaper's role after a name, and the place that follows it ("LAURE BRETTON
Envoyés spéciaux à Toulouse", "Jean Dupont, correspondant à Bruxelles")."""
PLACE_TAIL = re.compile(r"\s+in\s+[A-Z].*$")
"""Where the writer filed from, or the section, after a name ("Hasan Mansoor in Karachi",
"Michael Larabel in Valve"); a name is never cut to one word by it."""
AGENCIES = frozenset({"afp", "ap", "reuters", "dpa", "ats", "belga", "ansa", "efe", "upi",
                      "pti", "ians", "tnn", "xinhua", "kyodo"})
AGENCY_NAMES = AGENCIES | {"associated press", "the associated press", "agence france-presse",
                           "agence france presse", "press trust of india",
                           "times news network", "united press international"}
"""A news agency, by its initials or its name (folded): the source of a dispatch, not its
writer, when a writer is named beside it ("Saibal Dasgupta, TNN")."""
PUBLISHER_WORDS = AGENCIES | {"news", "post", "times", "press", "herald", "tribune", "journal",
                              "gazette", "telegraph", "chronicle", "today", "daily"}
"""The last word of a newspaper's or an agency's name written in capitals after a writer's
("Meg Wagner NEW YORK DAILY NEWS", "Marie DUPONT AFP")."""
LONE_DATE_WORDS = frozenset([
    *WEEKDAYS.split("|"), "jan", "janv", "feb", "fev", "fevr", "mar", "apr", "avr", "jun",
    "jul", "juil", "aug", "sep", "sept", "oct", "nov", "dec", *map(fold, MONTH_NAMES)])
"""A weekday or a month, alone: a date's remains, never a name (folded)."""
UI_WORDS = frozenset({"my", "your", "our", "their", "you", "we", "votre", "vos", "notre", "nos",
                      "mes", "stories", "profile", "profil", "comments", "commentaires",
                      "posts", "newsletter", "login", "logged", "subscribe", "share",
                      "partager", "click", "cliquez", "lesedauer", "photo", "photos",
                      "credit", "credits"})
"""Words of the page's tools ("Top stories", "View my complete profile", "Lesedauer"), or of a
picture's credit ("Photo: Brett Davis"), never in a name (folded)."""
UI_VERBS = frozenset({"view", "read", "see", "show", "follow", "voir", "lire", "afficher",
                      "suivre"})
"""A link's first word before lower-case words ("Read more", "Lire la suite")."""
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
    text = before_date(ROLE_AFTER.split(DATE_TAIL.sub("", text), maxsplit=1)[0])
    return [part for part in SEPARATORS.split(text) if part.strip()]


def before_date(text: str) -> str:
    """The text before the first date or time of day it holds, without the words or
    separators that led to it ("Bryan Walsh Tuesday, Aug. 17, 2010" is "Bryan Walsh")."""
    found = DATE_START.search(text)
    return CONNECTOR_TAIL.sub("", text[:found.start()]) if found else text


def is_interface_text(text: str) -> bool:
    """Words of the page's tools rather than a name: "Top stories", "Read more"."""
    words = text.split()
    folded = re.findall(r"\w+", fold(text))
    return bool(UI_WORDS.intersection(folded)) or (
        len(words) > 1 and bool(folded) and folded[0] in UI_VERBS
        and any(word[:1].islower() for word in words[1:]))


def clean_name(name: str) -> str | None:
    """One display name: no leading "par", no e-mail, no bracketed role; None for a role alone."""
    text = one_line(EMAIL.sub(" ", name))
    text = LEADING_WORDS.sub("", text)
    text = BRACKETED.sub("", TOOLS_TAIL.sub("", before_date(RELATIVE_TIME.sub("", text))))
    if re.search(r"[)\]]", text):  # the end of a bracket, cut by a comma (see BRACKETED)
        return None
    text = text.strip(SEPARATOR_EDGES).lstrip("@").strip(SEPARATOR_EDGES)
    named = FRENCH_ROLE.sub("", ROLE_TAIL.sub("", text))
    if not named:  # a job title alone
        return None
    if len(named.split()) >= 2:
        text = named
    if len((placed := PLACE_TAIL.sub("", text)).split()) >= 2:
        text = placed
    text = once(without_publisher(text))
    if not text or not any(c.isalpha() for c in text) or (
            text[0].islower() and ROLE_WORDS.match(text)) or is_interface_text(text):
        return None
    folded = fold(text)
    if folded in NOT_A_NAME or folded in LONE_DATE_WORDS or DATE_LIKE.search(folded):
        return None
    return proper_case(text)


def without_publisher(name: str) -> str:
    """The name without the publisher written in capitals after it; a surname in capitals
    stays ("Sophie LE GALL"), two words at least are left, and a name all in capitals loses
    an agency only ("RACHEL METZ AP", but "THE WASHINGTON POST")."""
    words = name.split()
    if len(words) < 3 or not words[-1].isupper() or fold(words[-1]) not in (
            AGENCIES if name.isupper() else PUBLISHER_WORDS):
        return name
    start = len(words) - 1
    while start > 2 and words[start - 1].isupper():
        start -= 1
    return " ".join(words[:start])


def once(name: str) -> str:
    """A name written twice in a row is one, and what follows it is not the name ("Confreaks
    Confreaks": a channel's name beside its avatar's text; "Ellyn Shook Ellyn Shook Creating
    the most truly human company": a profile's name, then its tagline)."""
    words = name.split()
    for size in range(1, len(words) // 2 + 1):
        if words[:size] == words[size:2 * size] and (size > 1 or len(words[0]) > 3):
            return " ".join(words[:size])
    return name


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
        # not a linked name again with its role ("Sam Stein Senior Politics Editor")
        linked_names = [fold(name) for name, _ in candidates]
        candidates += [(name, None) for name in byline_names
                       if not any(fold(name).startswith(linked) for linked in linked_names)]
    authors: dict[str, Author] = {}
    for raw_name, url in candidates:
        for piece in split_byline(raw_name) or [raw_name]:
            name = _alias(piece.lstrip("@"), url, aliases) or clean_name(piece)
            if not name:
                continue
            key = _letters(name) or fold(name)
            if key in authors:  # the same name again, or as a handle ("timoreilly")
                known = authors[key]
                known.url = known.url or url
                if len(name.split()) > len(known.name.split()):
                    known.name = name
            else:
                authors[key] = Author(name=name, url=url)
    return list(authors.values())


def page_authors(linked: list[RawAuthor], byline: str | None, raw: RawArticle) -> list[Author]:
    """The authors of a page: normalized, never the site itself (its names, its host name, or
    its domain written as a name: "USA TODAY" on www.usatoday.com), and a news agency only
    when no writer is named beside it."""
    host = (urlsplit(raw.url).hostname or "").removeprefix("www.")
    site = {_letters(name) for name in (raw.source.name, raw.site_name, host) if name}
    site |= {_letters(label) for label in host.split(".")[:-1]}
    authors = [a for a in normalize_authors(linked, byline, raw.source.authors)
               if _letters(a.name) not in site]
    writers = [a for a in authors if not is_agency(a.name)]
    return writers or authors


def is_agency(name: str) -> bool:
    """A news agency's name or initials ("TNN", "l'AFP", "The Associated Press")."""
    return re.sub(r"^l['’]\s*", "", fold(name)) in AGENCY_NAMES


def _letters(name: str) -> str:
    """A name compared with the site's: its letters and digits, folded."""
    return "".join(re.findall(r"[^\W_]+", fold(name)))


class AuthorsPipeline(RawFieldsPipeline):
    def fill(self, article: Article, raw: RawArticle) -> None:
        article.authors = page_authors(raw.authors, raw.byline, raw)
