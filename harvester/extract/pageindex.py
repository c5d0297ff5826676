"""One pass over a page's elements, so that the extractors' CSS selectors cost no scan.

An extractor asks a page some sixty selectors, most of them a tag, a class or an id (the
chrome list alone has forty classes). Each one translated to XPath walks the whole document
again (0.1-0.2 ms on a 30 KB page); indexed by tag, class and id, with document positions,
a simple selector is a lookup and "is this node inside that one" a range check. Selectors of
other forms (child combinators, pseudo-classes, several attribute tests) keep their compiled
XPath (``harvester.extract.html.select``).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache, cached_property

from lxml.etree import Element, _Element

from harvester.extract.html import select as xpath_select

COMPOUND = re.compile(
    r"""^(?P<tag>[a-zA-Z][\w-]*)?(?P<id>\#[\w-]+)?(?P<classes>(?:\.[\w-]+)*)
    (?:\[(?P<attr>[\w:-]+)(?:(?P<op>[~*^]?=)(?P<quote>["']?)(?P<value>[^"'\]]*)(?P=quote))?\])?$""",
    re.VERBOSE)


ATTRIBUTE_NAME = re.compile(r"^[a-zA-Z_][\w-]*$")
"""An attribute name an XPath step can name as it is (no namespace prefix)."""


@dataclass(frozen=True, eq=False)
class Compound:
    """tag#id.class[attr op value], each part optional. Compared by identity: ``parse`` makes
    each selector's compounds once, and a page's cache of matches looks them up some two
    hundred times (a dataclass's field-wise hash cost more than the lookup)."""

    tag: str | None
    id: str | None
    classes: frozenset[str]
    attr: str | None = None
    op: str | None = None
    value: str = ""

    @property
    def lone_key(self) -> bool:
        """Only a tag, an id or one class: the index's list for it is the answer."""
        return self.attr is None and bool(self.tag) + bool(self.id) + len(self.classes) == 1

    def matches(self, node: _Element) -> bool:
        if self.tag and node.tag != self.tag:
            return False
        if self.id and node.get("id") != self.id:
            return False
        if self.classes and not self.classes <= set((node.get("class") or "").split()):
            return False
        return self.attr is None or self.attribute(node.get(self.attr))

    def attribute(self, actual: str | None) -> bool:
        if actual is None:
            return False
        if self.op == "=":
            return actual == self.value
        if self.op == "~=":
            return self.value in actual.split()
        if self.op == "*=":
            return bool(self.value) and self.value in actual
        if self.op == "^=":
            return bool(self.value) and actual.startswith(self.value)
        return True


@dataclass(eq=False)
class Matched:
    """Elements in document order; their positions, for bisection, listed when first asked
    (most matches are only looked up: chrome regions, lone tags)."""

    nodes: list[_Element]
    positions: dict[_Element, int] = field(repr=False)

    @cached_property
    def starts(self) -> list[int]:
        positions = self.positions
        return [positions[n] for n in self.nodes]


Alternative = tuple[Compound, ...]
"""Compounds joined by descendant combinators, outermost first."""


@cache
def parse(css: str) -> tuple[Alternative, ...] | None:
    """The alternatives of a selector group, or None when a part needs the XPath engine."""
    alternatives = []
    for part in css.split(","):
        compounds = []
        for text in part.split():
            match = COMPOUND.match(text)
            if not match or not text or match.group(0) == "":
                return None
            compounds.append(Compound(
                tag=(match["tag"] or "").lower() or None, id=(match["id"] or "")[1:] or None,
                classes=frozenset(c for c in match["classes"].split(".") if c),
                attr=match["attr"], op=match["op"], value=match["value"] or ""))
        if not compounds or len(compounds) > 2:
            return None
        alternatives.append(tuple(compounds))
    return tuple(alternatives)


class PageIndex:
    """Elements of one parsed page by tag, class and id, with their document positions."""

    def __init__(self, root: _Element) -> None:
        self.root = root
        self.start: dict[_Element, int] = {}
        self._end: dict[_Element, int] = {}
        self.by_tag: defaultdict[str, list[_Element]] = defaultdict(list)
        self.by_class: defaultdict[str, list[_Element]] = defaultdict(list)
        self.by_id: defaultdict[str, list[_Element]] = defaultdict(list)
        self.elements: list[_Element] = []
        self._matched: dict[Compound, Matched] = {}
        self._walk()

    def _walk(self) -> None:
        """Pre-order positions of the elements, in one pass (no end events: an element's
        last position is found when asked, see ``end``)."""
        start, by_tag, by_class, by_id = self.start, self.by_tag, self.by_class, self.by_id
        for position, node in enumerate(self.root.iter(Element), 1):
            start[node] = position
            by_tag[node.tag].append(node)
            if names := node.get("class"):
                for name in names.split():
                    by_class[name].append(node)
            if name := node.get("id"):
                by_id[name].append(node)
        self.elements = list(start)

    def end(self, node: _Element) -> int:
        """The position of the element's last descendant (its own when it has none): one
        before the first element after it that is not inside it."""
        known = self._end.get(node)
        if known is None:
            known, current = len(self.start), node
            while current is not None and current is not self.root:
                following = next(current.itersiblings(Element), None)
                if following is not None:
                    known = self.start[following] - 1
                    break
                current = current.getparent()
            self._end[node] = known
        return known

    def select(self, css: str, within: _Element | None = None) -> list[_Element]:
        """Elements matching a selector group, in document order (below ``within`` if given,
        itself included, as lxml's cssselect does)."""
        alternatives = parse(css)
        if alternatives is None or (within is not None and within not in self.start):
            return [n for n in xpath_select(self.root if within is None else within, css)
                    if isinstance(n.tag, str)]
        found: dict[_Element, None] = {}
        scope = [] if within is None else [within]
        for alternative in alternatives:
            matched = self._matches(alternative[-1])
            if len(alternative) == 2:  # the outer element too must be in scope
                outers = self._matches(alternative[0])
                outer_nodes = self._below(scope, outers, itself=True) if scope else outers.nodes
                matched = Matched(self._below(outer_nodes, matched), self.start)
            nodes = self._below(scope, matched, itself=True) if scope else matched.nodes
            found.update(dict.fromkeys(nodes))
        if len(alternatives) == 1:
            return list(found)
        return sorted(found, key=self.start.__getitem__)

    def matching(self, selectors: Iterable[str]) -> frozenset[_Element]:
        """Every element matching one of the selectors (to test ``inside`` against), in no
        order: a lone tag, class or id is a lookup (the chrome lists are mostly those)."""
        found: set[_Element] = set()
        for css in selectors:
            alternatives = parse(css)
            if alternatives is not None and all(len(a) == 1 for a in alternatives):
                for (compound,) in alternatives:
                    found.update(self._matches(compound).nodes)
            else:
                found.update(self.select(css))
        return frozenset(found)

    def _matches(self, compound: Compound) -> Matched:
        """The page's elements matching one compound, in document order; kept, since the
        same compound is asked again below each of many nodes."""
        known = self._matched.get(compound)
        if known is None:
            known = self._matched[compound] = Matched(self._match(compound), self.start)
        return known

    def _match(self, compound: Compound) -> list[_Element]:
        if compound.id:
            candidates = self.by_id.get(compound.id, [])
        elif compound.classes:
            candidates = min((self.by_class.get(c, []) for c in compound.classes), key=len)
        elif compound.tag:
            candidates = self.by_tag.get(compound.tag, [])
        elif compound.attr == "class":
            names = [name for name in self.by_class if compound.attribute(name)]
            candidates = sorted({e for name in names for e in self.by_class[name]},
                                key=self.start.__getitem__)
        elif compound.attr and ATTRIBUTE_NAME.match(compound.attr):
            # the elements bearing the attribute, found by libxml2's walk: testing each of a
            # page's thousands of elements in Python took 1-2 ms a selector ([itemprop=...])
            candidates = self.root.xpath(f"descendant-or-self::*[@{compound.attr}]")
        else:
            candidates = self.elements
        if compound.lone_key:  # the index's own list, which nothing changes
            return candidates
        if compound.tag and compound.attr and not (compound.id or compound.classes):
            # the candidates have the tag: only the attribute is left (a[href], the page's
            # hundreds of links, asked by several extractors)
            name = compound.attr
            if compound.op is None:
                return [node for node in candidates if node.get(name) is not None]
            return [node for node in candidates if compound.attribute(node.get(name))]
        return [node for node in candidates if compound.matches(node)]

    def _below(self, outers: list[_Element], matched: Matched, *,
               itself: bool = False) -> list[_Element]:
        """The matched nodes lying below one of the outer elements: one bisection per outer
        element, so "A B" costs O((|A| + |B|) log |B|)."""
        kept: dict[_Element, None] = {}
        for outer in outers:
            first, last = self.start[outer], self.end(outer)
            low = bisect_left(matched.starts, first if itself else first + 1)
            kept.update(dict.fromkeys(matched.nodes[low:bisect_right(matched.starts, last)]))
        return sorted(kept, key=self.start.__getitem__) if len(outers) > 1 else list(kept)
