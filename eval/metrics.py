"""The scoring rules of the evaluation, as pure functions.

- title: exact match after collapsing whitespace and casefolding;
- date: the first ten characters (``YYYY-MM-DD``) of the extracted value equal the truth's, as
  written by each tool (no time-zone conversion);
- authors: the set of names, each whitespace-collapsed and casefolded, equals the truth's set
  (a missing, extra or misspelt name fails the page);
- body: bag-of-words F1 between the extracted text and the full truth text; when the truth is
  only the beginning of the body (goose3), the recall of its words instead ("prefix recall"),
  since words past the prefix are not errors. Words are ``\\w+`` runs, casefolded; scripts
  written without spaces (Chinese, Japanese kana, Thai, Lao, Khmer, Myanmar) count one word a
  character.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

UNSPACED = (
    "\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff"  # Thai, Lao, Myanmar, Khmer
    "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"  # kana, CJK ideographs
)
WORD = re.compile(rf"[{UNSPACED}]|[^\W{UNSPACED}]+")
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def collapse(text: str) -> str:
    """Whitespace runs made one space, ends stripped, casefolded."""
    return " ".join(text.split()).casefold()


def same_title(got: str | None, want: str) -> bool:
    """Whether the extracted title is the truth's, up to whitespace and case."""
    return got is not None and collapse(got) == collapse(want)


def iso_date(value: str | None) -> str | None:
    """The ``YYYY-MM-DD`` a date or date-time value starts with, else None."""
    found = ISO_DATE.match(value.strip()) if value else None
    return found.group() if found else None


def author_set(names: Iterable[str]) -> frozenset[str]:
    """Author names compared: collapsed and casefolded, blanks dropped."""
    return frozenset(filter(None, map(collapse, names)))


def same_authors(got: Iterable[str], want: Iterable[str]) -> bool:
    """Whether the extracted authors are exactly the truth's, in any order."""
    return author_set(got) == author_set(want)


def words(text: str) -> Counter[str]:
    """The bag of casefolded words of a text."""
    return Counter(WORD.findall(text.casefold()))


def token_f1(got: str, want: str) -> float:
    """Bag-of-words F1 of an extracted text against the truth text."""
    got_words, want_words = words(got), words(want)
    common = (got_words & want_words).total()
    if not common:
        return 0.0
    precision, recall = common / got_words.total(), common / want_words.total()
    return 2 * precision * recall / (precision + recall)


def token_recall(got: str, want: str) -> float:
    """Share of the truth text's words found in the extracted text (bag of words)."""
    want_words = words(want)
    if not want_words:
        return 0.0
    return (words(got) & want_words).total() / want_words.total()
