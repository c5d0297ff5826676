"""The article's own headline among the page's headings.

A theme may put its logo, the site's name or a section's name in an <h1> before the headline
("Engadget", "Market Insider"), or the site's name inside the headline's <h1>. The heading
taken is the one the page's metadata agrees with (JSON-LD headline, og:title, twitter:title,
<title>), never one that is only the site's name; a heading no metadata names is taken only
when none is named. A page with no such heading gives the part of its <title> that is the
headline, not the site's or the section's name ("icScotland - Ryan dismayed by Gloucester").
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable, Iterable, Sequence
from urllib.parse import urlsplit

from lxml.etree import _Element

from harvester.extract.html import INVISIBLE, element_text
from harvester.extract.metadata import PageMetadata
from harvester.fragments import tree_text
from harvester.text import fold, one_line

SITE_SEPARATOR = re.compile(r"\s+(?:[-–—|·•»]+|::)\s+")
"""What parts a <title> into headline and site name ("Title - Site", "Title | Site"); not a
colon, which opens a subtitle."""
PART_SEPARATOR = re.compile(r"\s+(?:[-–—|·•»:]+|::)\s+")
"""What parts a <title> into headline, section and site ("Site : Section : Title"): a colon
too, when spaced on both sides."""
TIGHT_BAR = re.compile(r"\|")
"""A bar with no space around it, which parts a <title> only when a part names the site
("Timberlake Appearing in Super Bowl Ad|ABC 7 News")."""
SITE_PREFIX = re.compile(r"([^:]{2,40}):\s+(?=\S)")
"""A <title>'s first words before a colon, which may be the site's name (see title_part)."""
WORD = re.compile(r"\w+")
HEADINGS = ("h1, h2, h3, h4, [class*=headline], [class*=Headline], [class~=heading], "
            "[class~=title]")
"""Where a page shows its headline when its metadata does not (see title_part)."""
SECTION_WORDS = 3
"""A heading of this many words or fewer that no metadata names (or only within a longer
title: "UK" in "FT.com / UK - Apple bows to pressure"), on a page whose <title> names a longer
headline, is a section's name ("Latest News", "Top Classifieds")."""
GENERIC_LABELS = frozenset({"www", "com", "net", "org", "co", "uk", "news", "info"})
MARKUP = re.compile(r"</\s*[a-zA-Z]|<\s*[a-zA-Z!][^<>]*>")
"""A tag, or an end tag's start, inside a <title>'s text: the element was left unclosed
("...</tit" cut short), and the parser read the markup after it as text until it found an
end."""


def written_title(text: str | None) -> str:
    """The text of a page's <title> up to the first tag in it, on one line."""
    text = text or ""
    return one_line(text[:found.start()] if (found := MARKUP.search(text)) else text)


def page_headline(headline: str | None, headings: list[_Element], meta: PageMetadata,
                  page_title: str, names: list[str | None], *, url: str = "",
                  shown: Callable[[], Iterable[str]] = tuple) -> str | None:
    """The JSON-LD headline (when confirmed), written as the page's heading shows it when both
    say the same words; else the heading the metadata agrees with; else og:title,
    twitter:title, or the headline part of the <title> (``shown``: texts of the page's other
    headings, see title_part; ``url``: the page's), which a section's name in the heading
    does not outweigh (SECTION_WORDS); on a page with none of them and no heading of the
    family's (an <h1>, even empty), its first other heading: an old theme's headline in an
    <h2>."""
    declared = [*names, meta.first("application-name")]
    site = site_names(declared, page_title)
    texts = [heading_text(node, site) for node in headings]
    others = [*meta.all("og:title", "twitter:title"), page_title]
    if headline and not confirmed(headline, [*texts, *others]):
        headline = None
    references = [headline, *others]
    heading = choose_heading(texts, references, site)
    if headline and heading and same_words(headline, heading):
        return heading
    if headline:
        return headline
    metadata_title = meta.first("og:title", "twitter:title", "dc.title")
    if heading and (metadata_title or len(_words(heading)) > SECTION_WORDS
                    or _agreement(_words(heading), _said(references))[0]):
        return heading
    if metadata_title:
        return metadata_title
    part = title_part(page_title, shown, site_names(declared, None),
                      urlsplit(url).hostname or "")
    if heading and (part == page_title or len(_words(part)) <= len(_words(heading))):
        return heading
    if part:
        return part
    if headings:  # the family's own heading, even an empty one: no other heading is read
        return None
    return next((text for text in shown() if text and fold(text) not in site), None)


def confirmed(headline: str, references: list[str]) -> bool:
    """Whether the structured data's headline can be the page's: unless the other references
    (headings, metadata, <title>) agree on another title among themselves, and none of them
    has its words or words within them (a sidebar teaser's microdata: "Read what the
    President is looking for", on a page whose <h1>, og:title and <title> say "Moving
    Forward")."""
    said = _said(references)
    agreeing = [first for number, first in enumerate(said)
                if any(_related(first, other) for other in said[number + 1:])]
    return not agreeing or any(_related(_words(headline), other) for other in said)


def _related(words: list[str], other: list[str]) -> bool:
    return _within(words, other) or _within(other, words)


def title_part(title: str, shown: Callable[[], Iterable[str]], site: frozenset[str],
               host: str) -> str:
    """The headline among the parts of a <title>, of those that do not name the site (its
    declared names, its host name: "icScotland", "METimes.com", "The Hindu" on hindu.com):
    the one a heading of the page shows (``shown``), else the longest. A <title> of one part
    is kept, but for the site's name before a colon ("LAist: Actor Brad Renfro Dead")."""
    def names_site(part: str) -> bool:
        return fold(part) in site or names_host(part, host)

    if (prefix := SITE_PREFIX.match(title)) and names_site(prefix[1]):
        title = title[prefix.end():]
    parts = [part for part in PART_SEPARATOR.split(title) if part.strip()]
    if len(parts) < 2:
        parts = [part for part in TIGHT_BAR.split(title) if part.strip()]
        if len(parts) < 2 or not any(map(names_site, parts)):
            return title
    kept = [part for part in parts if not names_site(part)]
    texts = [_words(text) for text in shown()]
    return next((part for part in kept if _words(part) in texts),
                max(kept, key=len) if kept else title)


def names_host(text: str, host: str) -> bool:
    """Whether a short text is the host's name written as a name: its letters are the host's
    ("Goal.com", "MyFox Houston" on myfoxhouston.com) or end with one of its labels of five
    letters or more ("The Hindu" on hindu.com, "EuroNewsEuroNews" on euronews.net)."""
    letters = "".join(_words(text))
    named = host.lower().removeprefix("www.")
    labels = [label for label in named.split(".") if label not in GENERIC_LABELS]
    if not letters or not labels or len(text.split()) > 3:
        return False
    return letters in {named.replace(".", ""), "".join(labels), labels[0]} or any(
        len(label) >= 5 and (letters.endswith(label) or letters.startswith(label))
        for label in labels)


def site_names(names: Iterable[str | None], page_title: str | None) -> frozenset[str]:
    """The site's names, folded: the ones the page declares, and the last part of its
    <title> ("Title » Section » Site")."""
    found = {fold(one_line(name)) for name in names if name and name.strip()}
    parts = SITE_SEPARATOR.split(one_line(page_title))
    if len(parts) > 1:
        found.add(fold(parts[-1]))
    return frozenset(found - {""})


def heading_text(node: _Element, site: frozenset[str]) -> str:
    """A heading's text on one line: blocks and lines inside it apart, an element of it that
    only names the site left out ("<h1><span>Title</span><a>Site</a></h1>")."""
    pruned = copy.deepcopy(node)
    for inner in list(pruned.iterdescendants()):
        if isinstance(inner.tag, str) and inner.getparent() is not None and (
                inner.tag in INVISIBLE or fold(element_text(inner)) in site):
            inner.drop_tree()
    return one_line(tree_text(pruned))


def choose_heading(headings: list[str], references: list[str | None],
                   site: frozenset[str]) -> str | None:
    """The heading the references name (the same words; else within one of them, "Section:
    Title - Site"), the longest first; else the first heading. Never the site's name."""
    candidates = [h for h in headings if h and fold(h) not in site]
    said = _said(references)
    ranked = sorted(candidates, key=lambda h: _agreement(_words(h), said), reverse=True)
    if ranked and any(_agreement(_words(ranked[0]), said)[:2]):
        return ranked[0]
    return candidates[0] if candidates else None


def _said(references: Sequence[str | None]) -> list[list[str]]:
    return [_words(r) for r in references if r]


def _agreement(words: list[str], said: list[list[str]]) -> tuple[bool, bool, int]:
    """Whether a heading's words are those of a reference (``said``: their words), or
    within one; and how many they are."""
    return (any(words == r for r in said), any(_within(words, r) for r in said), len(words))


def same_words(first: str, second: str) -> bool:
    """Whether two titles differ only in punctuation and spacing (’ for ')."""
    return WORD.findall(first) == WORD.findall(second)


def _words(text: str) -> list[str]:
    return WORD.findall(fold(text))


def _within(words: list[str], reference: list[str]) -> bool:
    size = len(words)
    return bool(words) and any(reference[start:start + size] == words
                               for start in range(len(reference) - size + 1))
