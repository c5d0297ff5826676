"""What a page writes in words where no markup names it: its byline ("Par Lucie Garnier") and
its date of publication ("Publié le 3 mai 2024"); and names given back the initials' full stops
that trafilatura's author reader drops ("William K Rashbaum").

Each is read off the first element after the page's <h1> (else before it) whose text holds
its word where a byline or a date line has it, outside the page's lists, links, captions,
quotations and forms."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import NamedTuple

from lxml import etree
from lxml.etree import _Element

from harvester.extract.html import INVISIBLE

BY = re.compile(r"(?:^|\s)(?:(?:by|par|von|por|door|di)(?:\s|:|$)|(?:auteure?|autrice"
                r"|auteur[·.-](?:e|ice|rice|trice)|r[ée]dact(?:eur|rice)(?:[·.-](?:ice|rice|trice))?"
                r"|authors?|autor(?:in|a)?|texte|text|r[ée]daction)s?\s*:)", re.IGNORECASE)
"""The word that leads to a byline's names, in the languages of the pages read, or its label
("Auteur :", "Texte :"), in French inclusive writing too ("Auteur·ice :", "Rédactrice :")."""
BY_WORDS = re.compile(r"by|par|von|por|door|di|aut|text|r[ée]dac")
LEAD = re.compile(
    r"(?:article\s+)?(?:publiée?|postée?|écrite?|rédigée?|soumise?|mis\s+en\s+ligne|posted"
    r"|published|written|submitted)\b.*|.*\d.*|le|on", re.IGNORECASE)
"""What may come before that word: nothing, a verb of publishing ("Publié le 12 mars 2023
par …"), or a date; not "Photo par", "Organisé par", "Propos recueillis par"."""
NAMES_END = re.compile(r"\s*(?:[\n|·•–—/(]|\s-\s|,\s*(?:le|on|the)\b|\s(?:le|on|dans|in)\s"
                       r"|\d).*$", re.IGNORECASE | re.DOTALL)
"""Where the names stop: a separator or a line break, the date or the section after them."""
PUBLISHED = re.compile(
    r"(?:^|[\n|·•–—,]\s*)(?:(?:publiée?|postée?|soumise?|mis\s+en\s+ligne|posted|published"
    r"|submitted|created)(?:\s+(?:le|on)\b)?|(?:date\s+de\s+)?(?:publication|création))\s*:?",
    re.IGNORECASE)
"""The words before a publication date, at the start of a line or after a separator: not
"le rapport publié le 3 mai" in a sentence, nor "mis à jour le". Joomla labels the date it
shows first "Création :" ("Created:")."""
WRITER = re.compile(r"(?:par|by)\s", re.IGNORECASE)
WRITER_END = re.compile(r"\s(?:le|on)\s+", re.IGNORECASE)
"""Where the writer's name between those words and the date may end (Drupal's "Soumis par
Lucie Garnier le jeu, 02/05/2024 - 14:30", "Publié par Anne Le Bris le 3 mai 2024")."""
PUBLISHED_WORDS = re.compile(r"publi|post|mis\s+en|soumi|submit|création|created")
DATE_TEXT = re.compile(
    r"(?:[^\W\d_]{3,9}\.?,?\s+)?"  # a weekday
    r"(?:\d{1,2}(?:er|st|nd|rd|th)?\.?\s+[^\W\d_]{3,9}\.?,?\s+\d{4}"
    r"|[^\W\d_]{3,9}\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}"
    r"|\d{1,2}[./-]\d{1,2}[./-]\d{2,4}|\d{4}-\d{2}-\d{2}"
    r"|il\s+y\s+a\s+\d+\s+[^\W\d_]+|\d+\s+[^\W\d_]+\s+ago)"
    r"(?:,?\s+(?:à|at|-)?\s*\d{1,2}\s*[h:]\s*\d{2}(?:\s*[ap]\.?m\b)?)?",  # a time of day
    re.IGNORECASE)
"""A date as pages write it: "1er mars 2024", "jeudi 2 mai 2024 à 14h30", "March 5, 2024",
"05/03/2024", "2024-03-05", "il y a 3 jours"; the dates pipeline reads it."""
OUTSIDE_ARTICLE = frozenset({"nav", "footer", "aside", "form", "figcaption", "blockquote",
                             "li", "a", "button", "label", "option", "script", "style"})
"""Elements whose "By …" is not the article's byline: a list of other articles, a caption's
credit, a quotation's source, a form's fine print."""
LONGEST = 120
"""Characters of a byline's element at most: a longer one is a sentence."""
LEAD_LONGEST = 50
JOINERS = frozenset({"and", "et", "und", "y", "e", "en", "&", ","})
PARTICLES = frozenset({"de", "du", "des", "d'", "le", "la", "van", "von", "der", "den", "da",
                       "di", "del", "della", "dos", "das", "ten", "ter", "zu", "y"})
NAME_WORDS = (2, 4)
CREDIT_WORDS = re.compile(
    r"\b(?:(?:article\s+)?(?:publiée?|postée?|écrite?|rédigée?|soumise?|modifiée?|actualisée?"
    r"|mise?\s+en\s+ligne|mise?\s+à\s+jour|dernière\s+mise\s+à\s+jour|posted|published"
    r"|written|submitted|updated|last\s+updated)|le|on|à|at)\b", re.IGNORECASE)
"""The words around a credit line's date and names ("Publié le … par", "Mis à jour le")."""
ROLE_LONGEST = 5
"""Words of a writer's role after the names in a credit line, at most."""
CREDIT_SEPARATORS = re.compile(r"[\s|·•–—/:;.()-]+")


class Credit(NamedTuple):
    """What a credit line gives: a date, names, or both."""

    dated: bool
    named: bool


def written_byline(tree: _Element) -> str | None:
    """The names of the first element that reads "By First Last" ("Publié le 3 mai 2024 par
    Lucie Garnier | Actualités", "Écrit par" and a name in the next element)."""
    return _first(tree, BY_WORDS, BY, _names_of, longest=LONGEST)


def written_date(tree: _Element) -> str | None:
    """The date that follows the first "Publié le", "Mis en ligne le", "Posted on" or
    "Publication :" that starts a line or follows a separator, as the page writes it."""
    return _first(tree, PUBLISHED_WORDS, PUBLISHED, _date_of)


def credit_line(text: str) -> Credit | None:
    """What a line gives when it only dates the article or names its writers ("Publié le 3 mai
    2024 par Lucie Garnier", "Auteur : Paul Roux", "12/03/2024 - Lucie Garnier", "Par Lucie
    Garnier, chargée de mission"); None for any other line ("Par ailleurs, …", "Propos
    recueillis par …", "Paris, le 3 mai 2024")."""
    if len(text) > LONGEST:
        return None
    rest, dates = DATE_TEXT.subn(" ", text)
    rest, labels = BY.subn(" ", rest)
    if not (dates or labels):
        return None
    rest = CREDIT_SEPARATORS.sub(" ", CREDIT_WORDS.sub(" ", rest)).strip(" ,")
    if rest and not (_names_only(rest) or (labels and _names_and_role(rest))):
        return None
    return Credit(dated=bool(dates), named=bool(labels or rest))


def _names_and_role(text: str) -> bool:
    """Names, then after a comma the writer's role in a few words ("chargée de mission")."""
    names, _, role = text.partition(",")
    words = role.split()
    return (_names_only(names) and 0 < len(words) <= ROLE_LONGEST and words[0][0].islower()
            and not any(c.isdigit() for c in role))


def _first(tree: _Element, words: re.Pattern[str], word: re.Pattern[str],
           read: Callable[[_Element], str | None], longest: int = 0) -> str | None:
    """What ``read`` finds in the first element whose text holds the word, after the
    headline, else before it; ``words``, a quick pattern of the word's first letters in lower
    case, passes over most texts (a case-blind pattern that opens with a choice tries every
    position of a page's text, four times slower), and so does a text over ``longest``
    characters once its spaces are collapsed, when the holder can be no longer."""
    before = None
    for text, holder, after_headline in _texts(tree):
        if longest and len(text) > longest and len(" ".join(text.split())) > longest:
            continue
        if words.search(text.lower()) and word.search(text) and (found := read(holder)):
            if after_headline:
                return found
            before = before or found
    return before


def _texts(tree: _Element) -> Iterator[tuple[str, _Element, bool]]:
    """Each text of the page's body with the element it is part of (a tail belongs to its
    parent's), and whether the first <h1> comes before it. Texts come element by element (a
    tail with its element, before the element's children: a walk in strict reading order
    takes twice as long, for no byline or date line found differently)."""
    body = tree.find("body")
    after_headline = False
    for element in (tree if body is None else body).iter():
        tag = element.tag
        if tag == "h1":
            after_headline = True
        if element.text and isinstance(tag, str) and tag not in INVISIBLE:
            yield element.text, element, after_headline
        if element.tail and (parent := element.getparent()) is not None:
            yield element.tail, parent, after_headline


def _in_article(element: _Element) -> bool:
    return not any(isinstance(e.tag, str) and e.tag in OUTSIDE_ARTICLE
                   for e in (element, *element.iterancestors()))


def _names_of(holder: _Element | None) -> str | None:
    """The names that follow the byline's word in the element, in the element after it (a
    definition list's term and description), or in its parent."""
    for _ in range(2):
        if holder is None or not _in_article(holder):
            return None
        text = _text(holder)
        found = BY.search(text)
        if len(text) > LONGEST or found is None:
            return None
        lead, rest = text[:found.start()].strip(), text[found.end():].strip(" :")
        if lead and (len(lead) > LEAD_LONGEST or not LEAD.fullmatch(lead)):
            return None
        if not rest and (following := holder.getnext()) is not None:
            rest = _text(following)  # which may say "by" again (ABC News)
            rest = rest[again.end():].strip(" :") if (again := BY.match(rest)) else rest
        if rest:
            names = NAMES_END.sub("", rest)
            return names if _names_only(names) else None
        holder = holder.getparent()
    return None


def _date_of(holder: _Element | None) -> str | None:
    """The date after the word of publication in the element, at the start of the element
    after it ("<dt>Publication</dt><dd>3 mai 2024</dd>"), or in its parent."""
    for _ in range(2):
        if holder is None or not _in_article(holder):
            return None
        text = _text(holder)
        found = PUBLISHED.search(text)
        if found is None:
            return None
        rest = text[found.end():].strip()
        if not rest and (following := holder.getnext()) is not None:
            rest = _text(following)
        if rest:
            return _dated(rest)
        holder = holder.getparent()
    return None


def _dated(text: str) -> str | None:
    """The date the text starts with, or the one after the writer's name it starts with."""
    starts = [0]
    if WRITER.match(text):
        starts += [end.end() for end in WRITER_END.finditer(text, 0, LONGEST)]
    return next((date[0] for start in starts if (date := DATE_TEXT.match(text, start))), None)


def _text(element: _Element) -> str:
    """The element's text, spaces collapsed, a line break where a <br> is ("By Jemele
    Hill<br>ESPN.com")."""
    lines = "".join(_pieces(element)).split("\n")
    return "\n".join(line for line in (" ".join(line.split()) for line in lines) if line)


def _pieces(element: _Element) -> Iterator[str]:
    """The element's texts, a <br> as the only line break (the source's own are spaces)."""
    if element.tag == "br":
        yield "\n"
    elif isinstance(element.tag, str) and element.text:
        yield element.text.replace("\n", " ")
    for child in element:
        yield from _pieces(child)
        if child.tail:
            yield child.tail.replace("\n", " ")


def _names_only(text: str) -> bool:
    """Whether the text is one to three names ("Yomi Kazeem", "Lucie Garnier et Paul Roux"):
    capitalized words, two to four a name, joined by commas or "and"."""
    names, words = [], 0
    for word in text.replace(",", " , ").split():
        if word.casefold() in JOINERS:
            names.append(words)
            words = 0
        elif (word[0].isupper() and not any(c.isdigit() for c in word)) or (
                words and word.casefold() in PARTICLES):
            words += 1
        else:
            return False
    names.append(words)
    low, high = NAME_WORDS
    return len(names) <= 3 and all(low <= count <= high for count in names if count) and any(
        names)


def with_initials(names: list[str], tree: _Element) -> list[str]:
    """Each name as the page writes it when the page follows its initials with a full stop
    ("William K. Rashbaum" for "William K Rashbaum")."""
    if not any(map(_has_initial, names)):
        return names
    page = etree.tostring(tree, encoding=str)
    return [_as_written(name, page) if _has_initial(name) else name for name in names]


def _as_written(name: str, page: str) -> str:
    pattern = r"\s+".join(re.escape(word) + (r"\.?" if len(word) == 1 else "")
                          for word in name.split())
    written = re.search(r"\b" + pattern, page)
    return " ".join(written[0].split()) if written else name


def _has_initial(name: str) -> bool:
    return any(len(word) == 1 and word.isupper() for word in name.split())
