"""The shapes of a site's URLs: what varies (ids, slugs) is generalized, what names a section
stays, and a shape that gave only pages that are not articles is learned as such."""

from __future__ import annotations

import pytest

from harvester.spiders.urlshapes import NOT_ARTICLE_MIN, UrlShapes, url_shape


@pytest.mark.parametrize(("first", "second"), [
    ("https://a.fr/index.php/actualites/12-atelier-velo-solidaire",
     "https://a.fr/index.php/actualites/157-repair-cafe"),
    ("https://a.fr/2024/05/fete-du-quartier.html", "https://a.fr/2023/11/un-autre-titre-long.html"),
    ("https://a.fr/article.php?id=12", "https://a.fr/article.php?id=9031"),
    ("https://a.fr/agenda/evenement-du-mois-de-mai", "https://a.fr/agenda/stage-de-reparation-velo"),
])
def test_urls_of_one_kind_share_a_shape(first, second):
    assert url_shape(first) == url_shape(second)


@pytest.mark.parametrize(("first", "second"), [
    ("https://a.fr/index.php/actualites/12-atelier-velo", "https://a.fr/index.php/actualites"),
    ("https://a.fr/index.php/actualites", "https://a.fr/index.php/nos-ateliers"),
    ("https://a.fr/article.php?id=12", "https://a.fr/article.php?id=12&page=2"),
    ("https://a.fr/actualites/12-atelier-velo", "https://a.fr/agenda/12-atelier-velo"),
])
def test_sections_and_parameters_tell_shapes_apart(first, second):
    assert url_shape(first) != url_shape(second)


def test_a_shape_is_never_article_only_after_enough_pages_and_no_article():
    shapes = UrlShapes()
    events = [f"https://a.fr/agenda/{n}-stage-de-reparation" for n in range(NOT_ARTICLE_MIN + 1)]
    for url in events[:NOT_ARTICLE_MIN - 1]:
        shapes.learn(url, article=False)
    assert not shapes.never_article(events[-1])
    shapes.learn(events[NOT_ARTICLE_MIN - 1], article=False)
    assert shapes.never_article(events[-1])
    shapes.learn("https://a.fr/agenda/99-une-vraie-actualite", article=True)
    assert not shapes.never_article(events[-1])
    assert shapes.is_article_shape(events[-1])
