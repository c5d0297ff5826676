"""Loose text wrapped in paragraphs before the general extractor: a theme that writes its
text and links straight in a <div> keeps its words, in order, with their spaces."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from lxml import html as lxml_html

from harvester.extract import extract
from harvester.extract.fallback import read_main_content
from harvester.extract.paragraphs import wrap_loose_text
from harvester.fragments import html_to_text
from harvester.registry import Source
from pipelines import normalize

LEAD = ("Streaming television to phones is nice, but we enjoy watching it on the set, and the "
        "operator had plenty of that to talk about today. Due in the fourth quarter, version 1.9 "
        "of its")
LOOSE_BODY = (
    "<div class='post_body'><p>The theme writes the lead of every post in a paragraph of its "
    f"own, and the rest of the text straight in the division.</p>\n{LEAD} "
    "<a href='/tag/fios'>FiOS TV</a>\nguide software will <a href='/guide'>finally add</a> a "
    "16x9 guide to those boxes, and it looks like <a href='/review'>many of our suggestions</a> "
    "made it in.\n<br><br>\nNew updates include support for external storage, automatic "
    "chaptering on recordings and an undelete button, which owners have asked for.</div>")
"""Modeled on an old blog theme (engadget 2010): text, links and <br><br> in one <div>."""
PAGE = ("<html lang='en'><head><title>A new guide for the set-top boxes</title></head><body>"
        "<div id='nav'><a href='/'>Home</a> | <a href='/news'>News</a></div><div class='post'>"
        f"<h1>A new guide for the set-top boxes</h1>{LOOSE_BODY}</div></body></html>")
URL = "https://blog.example/2010/08/new-guide"
BLOG = Source(key="blog", name="Blog", url="https://blog.example/", family="auto")


def test_text_between_links_stays_one_paragraph_with_its_spaces():
    content = read_main_content(PAGE, URL)
    assert content is not None
    text = html_to_text(content.body_html)
    assert (f"{LEAD} FiOS TV guide software will finally add a 16x9 guide to those boxes, and "
            "it looks like many of our suggestions made it in.") in text
    assert "New updates include" in text.split("\n\n")[-1]


def test_a_page_of_no_family_keeps_the_text_before_its_first_link():
    article = normalize(extract(PAGE, URL, BLOG))
    assert f"{LEAD} FiOS TV guide" in article.content_text
    assert "TVguide" not in article.content_text
    assert "adda" not in article.content_text


def wrapped(fragment: str) -> str:
    root = lxml_html.fromstring(f"<html><body>{fragment}</body></html>")
    wrap_loose_text(root)
    body = root.find("body")
    assert body is not None
    return "".join(lxml_html.tostring(child, encoding="unicode") for child in body)


@pytest.mark.parametrize(("fragment", "expected"), [
    ("<div><p>Lead.</p>Text of <a href='/x'>a link</a> and <em>more</em> text.</div>",
     "<div><p>Lead.</p><p>Text of <a href=\"/x\">a link</a> and <em>more</em> text.</p></div>"),
    ("<div><a href='/x'>Link</a> first, then words.<br><br>A second paragraph.</div>",
     "<div><p><a href=\"/x\">Link</a> first, then words.</p><p>A second paragraph.</p></div>"),
    ("<div>One line,<br>the next line of <b>it</b>.<div>Block</div>After.</div>",
     "<div><p>One line,<br>the next line of <b>it</b>.</p><div>Block</div><p>After.</p></div>"),
    # a row of links, a text alone and text inside paragraphs are left as they are
    ("<div><a href='/'>Home</a> | <a href='/n'>News</a></div>",
     "<div><a href=\"/\">Home</a> | <a href=\"/n\">News</a></div>"),
    ("<div>Only text,<br>cut by a break.</div>", "<div>Only text,<br>cut by a break.</div>"),
    ("<div><p>A <a href='/x'>link</a> inside.</p></div>",
     "<div><p>A <a href=\"/x\">link</a> inside.</p></div>"),
    # a script's code left as text by broken markup is no paragraph; prose with semicolons is
    ("<div><p>Lead.</p>if (obj.attachEvent) { obj[type+fn] = fn; EventCache.add(obj, type, fn); "
     "}</div>", "<div><p>Lead.</p>if (obj.attachEvent) { obj[type+fn] = fn; "
     "EventCache.add(obj, type, fn); }</div>"),
    ("<div><p>Lead.</p>var ie=document.all\nvar enabletip=false\nfunction ietruebody()\n{\n"
     "return (document.compatMode && document.compatMode!='BackCompat')? document.documentElement"
     " : document.body\n}</div>",
     "<div><p>Lead.</p>var ie=document.all\nvar enabletip=false\nfunction ietruebody()\n{\n"
     "return (document.compatMode &amp;&amp; document.compatMode!='BackCompat')? "
     "document.documentElement : document.body\n}</div>"),
    ("<div><p>Lead.</p>Trois ateliers (cuisine, couture) ; deux visites = une fête.</div>",
     "<div><p>Lead.</p><p>Trois ateliers (cuisine, couture) ; deux visites = une fête.</p></div>"),
    ("<div><p>Lead.</p>Trois ateliers ; deux visites ; une fête de clôture.</div>",
     "<div><p>Lead.</p><p>Trois ateliers ; deux visites ; une fête de clôture.</p></div>"),
    # a paragraph of its own opens and ends on no line break (Blogger's editor writes them)
    ("<div><div class='separator'><img src='/a.jpg'></div>\n<br>Samedi, le <b>marché</b>."
     "<br><br>\nSuite du texte.<br></div>",
     "<div><div class=\"separator\"><img src=\"/a.jpg\"></div><p>\nSamedi, le <b>marché</b>."
     "</p><p>\nSuite du texte.</p></div>"),
])
def test_loose_runs_become_paragraphs(fragment, expected):
    assert wrapped(fragment) == expected


WORDS = st.text(alphabet="abc ", min_size=1, max_size=8)
PIECES = st.lists(st.one_of(WORDS, st.sampled_from(
    ["<a href='/x'>link</a>", "<br>", "<em>em</em>", "<p>para</p>", "<div>block</div>"])),
    max_size=12)


@given(PIECES)
def test_wrapping_keeps_every_word_in_order(pieces):
    fragment = "<div>" + "".join(pieces) + "</div>"
    before = lxml_html.fromstring(f"<html><body>{fragment}</body></html>")
    after = lxml_html.fromstring(f"<html><body>{wrapped(fragment)}</body></html>")
    assert after.text_content().split() == before.text_content().split()
