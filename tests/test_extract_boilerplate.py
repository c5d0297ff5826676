"""Boilerplate inside a generic page's main block: lists of other articles are dropped, the
article's own lists stay."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from lxml import html

from harvester.extract import extract
from harvester.extract.boilerplate import COMMENTS, drop_link_lists, drop_named, is_link_list
from harvester.extract.fallback import read_main_content
from harvester.registry import Source
from pipelines import normalize

SITE = Source(key="news", name="News", url="https://news.example/", family="auto")
URL = "https://news.example/2024/11/14/harbour-reopens"
TEXT = [
    "The harbour reopened on Thursday after three weeks of repairs to the sea wall, which "
    "the November storms had breached in two places near the fish market.",
    "Fishermen who had moved their boats to the next town were back by the afternoon, and "
    "the market will open again on Saturday with its usual stalls.",
    "The council said the repairs cost less than planned, thanks to stone taken from the old "
    "quarry road, and that a second wall will be built next spring.",
    "Residents can follow the works on the council's notice board at the town hall, where "
    "the plans of the new wall are shown until the end of the month.",
]
HEADLINES = ["Ferry timetable changes for winter", "School canteen wins regional prize",
             "New bus line to the hospital", "Lighthouse open to visitors on Sunday",
             "Storm damage: what insurers pay"]


def teaser(number: int, headline: str) -> str:
    """An item of a list of other articles: a picture and its headline in one link."""
    return (f"<li><a href='/2024/11/{number}/story'><figure><img src='/img/{number}.jpg' "
            f"alt='{headline}'></figure><div><strong>{headline}</strong></div></a></li>")


TEASERS = "<ul>" + "".join(teaser(n, headline) for n, headline in enumerate(HEADLINES)) + "</ul>"
TEXT_HTML = "".join(f"<p>{paragraph}</p>" for paragraph in TEXT)


def test_a_list_of_teasers_in_the_article_element_is_not_part_of_the_body():
    page = ("<html lang='en'><head><title>Harbour reopens</title></head><body>"
            f"<h1>Harbour reopens</h1><article>{TEXT_HTML}<h2>Most read</h2>{TEASERS}"
            "</article></body></html>")
    article = normalize(extract(page, URL, SITE))
    assert TEXT[3][:60] in article.content_text
    for headline in HEADLINES:
        assert headline not in article.content_text


def test_the_main_content_keeps_no_list_of_teasers():
    """trafilatura, keeping images, moves each picture out of its link: the list of teasers
    no longer looks like links to it, and would stay."""
    page = ("<html lang='en'><head><title>Harbour reopens</title></head><body>"
            f"<div class='content'><h1>Harbour reopens</h1>{TEXT_HTML}<section>{TEASERS}"
            "</section></div></body></html>")
    content = read_main_content(page, URL)
    assert content is not None
    assert TEXT[3][:60] in content.body_html
    for headline in HEADLINES:
        assert headline not in content.body_html


@pytest.mark.parametrize(("markup", "expected"), [
    ("<ul><li><a href='/a'>First</a></li><li><a href='/b'>Second</a></li></ul>", True),
    ("<ul><li>The <a href='/a'>first story</a></li><li>A <a href='/b'>second one</a></li>"
     "<li><a href='/c'>Third</a>, again</li><li></li></ul>", True),
    ("<ol><li><a href='#one'>One</a></li><li><a href='#two'>Two</a></li></ol>", False),
    ("<ul><li>The <a href='/a'>first story</a></li><li>A <a href='/b'>second one</a></li>"
     "</ul>", False),
    ("<ul><li>Pizza was searched more than the World Cup.</li>"
     "<li><a href='/a'>Cronuts</a> rose to 17th on the global recipe list.</li></ul>", False),
    ("<ul>" + "".join(f"<li>Item {n} is a whole sentence of the article, with a "
                      f"<a href='/source-{n}'>source</a> cited in the middle of it.</li>"
                      for n in range(4)) + "</ul>", False),
], ids=["all-links", "short-teasers", "in-page-anchors", "two-teasers", "prose",
        "prose-citing"])
def test_a_list_of_links_is_told_from_the_article_lists(markup, expected):
    assert is_link_list(html.fragment_fromstring(markup)) is expected


def test_dropping_a_list_keeps_the_text_after_it():
    body = html.fragment_fromstring(
        "<div><p>Before.</p><ul><li><a href='/a'>A</a></li><li><a href='/b'>B</a></li></ul>"
        "After.</div>")
    drop_link_lists(body)
    assert body.text_content() == "Before.After."


def test_dropping_an_element_keeps_the_space_after_it():
    body = html.fragment_fromstring(
        "<p><a href='/x'>Lire</a><span class='comment-count'>3</span> <a href='/y'>la suite</a>"
        "</p>")
    drop_named(body, COMMENTS)
    assert body.text_content() == "Lire la suite"


READERS = [("Marie", "What about the boats that stayed in the next town all winter long?"),
            ("Jo", "Good news for the market, at last. The stalls were missed by everyone.")]


def test_readers_comments_are_not_part_of_a_generic_page_body():
    comments = "".join(
        f"<div class='sf_comment'><p class='sf_comment_info'>{name}, 2 hours ago</p>"
        f"<div class='sf_comment_text'><p>{said}</p></div></div>" for name, said in READERS)
    page = ("<html lang='en'><head><title>Harbour reopens</title></head><body><article>"
            f"<h1>Harbour reopens</h1>{TEXT_HTML}<div class='box'><a href='#c'>Comment</a>"
            f"</div><div id='sf_comment_list' class='box'>{comments}</div></article></body>"
            "</html>")
    article = normalize(extract(page, URL, SITE))
    assert TEXT[3][:60] in article.content_text
    for name, said in READERS:
        assert name not in article.content_text
        assert said[:30] not in article.content_text


@pytest.mark.parametrize(("markup", "kept"), [
    ("<div><p>Text of the article, long enough.</p><div class='CommentCount'>3 comments</div>"
     "<ol class='comment-list'><li>Nice.</li></ol></div>", "Text of the article, long enough."),
    ("<div><div class='commentary'>An opinion piece.</div></div>", "An opinion piece."),
    ("<div><div class='post comments-open'><p>The whole article.</p></div><p>Menu</p></div>",
     "The whole article.Menu"),
], ids=["count-and-list", "commentary", "most-of-the-text"])
def test_comment_sections_are_told_by_their_names(markup, kept):
    root = html.fragment_fromstring(markup)
    drop_named(root, COMMENTS)
    assert root.text_content() == kept


def _length(node) -> int:
    return len("".join(node.text_content().split()))


@st.composite
def named_trees(draw, depth: int = 3) -> str:
    """Markup of nested blocks, some named as comment sections, with text of any length
    (a page's long scripts included)."""
    children = draw(st.lists(named_trees(depth - 1), max_size=3)) if depth else []
    name = draw(st.sampled_from(["comments", "comment-list", "post", "main"]))
    text = draw(st.text(alphabet="ab \n", max_size=400))
    tag = draw(st.sampled_from(["div", "script", "p"])) if not children else "div"
    return f"<{tag} class='{name}'>{text}{''.join(children)}</{tag}>"


@given(named_trees())
def test_a_comment_section_goes_when_it_holds_less_than_half_of_the_text(markup):
    root = html.fragment_fromstring(f"<div>{markup}</div>")
    total = _length(root)
    expected = html.fragment_fromstring(f"<div>{markup}</div>")
    for node in [n for n in expected.iter() if n is not expected
                 and COMMENTS.search(n.get("class"))]:
        still_there = any(ancestor is expected for ancestor in node.iterancestors())
        if still_there and 2 * _length(node) < total:
            node.drop_tree()
    drop_named(root, COMMENTS)
    assert html.tostring(root) == html.tostring(expected)


def test_the_byline_is_not_repeated_in_a_generic_page_body():
    page = ("<html lang='en'><head><title>Harbour reopens</title></head><body><article>"
            "<h1>Harbour reopens</h1><div id='Byline'><a href='/print'>Print</a> By <span "
            "class='author'>Claire Dubois</span> on November 14, 2024 at 9:06 AM</div>"
            f"{TEXT_HTML}</article></body></html>")
    article = normalize(extract(page, URL, SITE))
    assert TEXT[0][:60] in article.content_text
    assert "Claire Dubois" not in article.content_text


def test_a_related_article_block_is_not_part_of_a_generic_page_body():
    related = ("<div class='related-content'><a href='/2024/11/10/sea-wall'><img src='/w.jpg'>"
               "<p>Sea wall breached in two places by the November storms</p></a></div>")
    text = [f"<p>{paragraph}</p>" for paragraph in TEXT]
    page = ("<html lang='en'><head><title>Harbour reopens</title></head><body><article>"
            f"<h1>Harbour reopens</h1>{''.join(text[:2])}{related}{''.join(text[2:])}"
            "</article></body></html>")
    article = normalize(extract(page, URL, SITE))
    assert TEXT[3][:60] in article.content_text
    assert "Sea wall breached" not in article.content_text
