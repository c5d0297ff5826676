"""Sites made for one test, served by the sample-network server: copies of the sample sites
to change between two crawls, and a generated SPIP 4 site (squelettes-dist markup, "page" URLs
spip.php?articleN) whose one rubrique holds a long paginated listing."""

from __future__ import annotations

import random
import shutil
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from harvester.sample_network.server import SITES_DIR

VOCABULARY = """
association coopérative mutuelle territoire emploi insertion solidarité réseau projet
collectivité commune région habitant bénévole salarié financement subvention marché
achat public clause sociale circuit court alimentation énergie mobilité logement culture
sport jeunesse santé handicap numérique formation accompagnement innovation utilité
impact évaluation gouvernance sociétaire épargne banque monnaie locale tiers lieu
atelier recyclage réemploi ressourcerie chantier quartier rural urbain politique
stratégie plan schéma délibération conseil élu rencontre séminaire journée colloque
guide étude rapport observatoire chiffre enquête donnée baromètre partenaire fondation
entreprise scic scop pôle coopération mutualisation outil méthode démarche
expérimentation dispositif appel
"""
WORDS = tuple(VOCABULARY.split())
START = datetime(2026, 1, 5, 9, 30, tzinfo=UTC)


def copy_network(root: Path) -> Path:
    """A private copy of the sample sites (which link to each other), to change between two
    crawls; serve it with ``serve_sample_network(sample_sites(copy))``."""
    shutil.copytree(SITES_DIR, root / "sites")
    return root / "sites"


def add_routes(folder: Path, *routes: dict[str, object]) -> None:
    """Append routes to a site's manifest; a route given again replaces the earlier one."""
    lines = []
    for route in routes:
        lines.append("\n[[route]]")
        for name, value in route.items():
            lines.append(f"{name} = {_toml(value)}")
    with (folder / "site.toml").open("a", encoding="utf-8") as manifest:
        manifest.write("\n".join(lines) + "\n")


def _toml(value: object) -> str:
    """A route field as TOML: a string, boolean, number, list or table (of headers)."""
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{_toml(k)} = {_toml(v)}" for k, v in value.items()) + " }"
    if isinstance(value, str):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return repr(value).replace("'", '"')


@dataclass(frozen=True)
class SpipSite:
    """A generated SPIP 4 site: articles 1..count, newest first in rubrique 1."""

    folder: Path
    count: int
    per_page: int

    def article_paths(self) -> list[str]:
        return [f"/spip.php?article{n}" for n in range(1, self.count + 1)]


def spip_site(root: Path, *, key: str = "paginated", count: int = 60, per_page: int = 10,
              sitemap: bool = False, dated: bool = True, delay: float = 0.0,
              listing_delay: float = 0.0) -> SpipSite:
    """Write the site's files and manifest under root/key (rewritten if there already)."""
    folder = root / key
    if folder.exists():
        shutil.rmtree(folder)
    (folder / "articles").mkdir(parents=True)
    routes = [_route("/", "sommaire.html"), _route("/robots.txt", "robots.txt", "text/plain")]
    newest_first = list(range(count, 0, -1))
    (folder / "sommaire.html").write_text(_page(
        "Accueil", "<ul>" + "".join(_item(n) for n in newest_first[:5]) + "</ul>"
        '<p><a href="spip.php?rubrique1">Toute l’actualité</a></p>'), "utf-8")
    pages = [newest_first[i:i + per_page] for i in range(0, count, per_page)]
    for index, numbers in enumerate(pages):
        name = f"rubrique-{index}.html"
        (folder / name).write_text(_listing(index, numbers, len(pages), per_page), "utf-8")
        paths = [f"/spip.php?rubrique1&debut_articles={index * per_page}"]
        if index == 0:
            paths.append("/spip.php?rubrique1")
        routes += [_route(p, name, delay=listing_delay) for p in paths]
    for n in range(1, count + 1):
        name = f"articles/{n}.html"
        (folder / name).write_text(_article(n, dated), "utf-8")
        routes.append(_route(f"/spip.php?article{n}", name, delay=delay))
    robots = "User-agent: *\nDisallow: /ecrire/\n"
    if sitemap:
        robots += "Sitemap: {{BASE}}/sitemap.xml\n"
        (folder / "sitemap.xml").write_text(_sitemap(count), "utf-8")
        routes.append(_route("/sitemap.xml", "sitemap.xml", "text/xml; charset=utf-8"))
    (folder / "robots.txt").write_text(robots, "utf-8")
    manifest = [f'[site]\nkey = "{key}"\nname = "Réseau généré"\n'
                'validators = ["last-modified"]\n']
    for route in routes:
        manifest.append("[[route]]\n" + "".join(f"{k} = {v}\n" for k, v in route.items()))
    (folder / "site.toml").write_text("\n".join(manifest), "utf-8")
    return SpipSite(folder, count, per_page)


def published(n: int) -> datetime:
    return START + timedelta(days=n)


def _route(path: str, file: str, content_type: str = "text/html; charset=utf-8",
           delay: float = 0.0) -> dict[str, str]:
    route = {"path": f'"{path}"', "file": f'"{file}"', "content_type": f'"{content_type}"'}
    if delay:
        route["delay"] = str(delay)
    return route


def _title(n: int) -> str:
    words = random.Random(n * 7919).sample(WORDS, 4)
    return f"Article {n} : {' '.join(words)}"


def _item(n: int) -> str:
    return f'<li><a href="spip.php?article{n}">{_title(n)}</a></li>'


def _page(title: str, content: str) -> str:
    return (
        '<!DOCTYPE html>\n<html dir="ltr" lang="fr" class="ltr fr no-js">\n<head>\n'
        f"<title>{title} - Réseau généré</title>\n"
        '<meta http-equiv="Content-Type" content="text/html; charset=utf-8" />\n'
        '<meta name="generator" content="SPIP 4.2.8" />\n'
        '<link rel="stylesheet" href="squelettes-dist/css/spip.css" type="text/css" />\n'
        '</head>\n<body class="pas_surlignable">\n<div class="page">\n'
        '<header class="header"><strong class="h1 spip_logo_site"><a rel="start home" '
        'href="{{BASE}}/">Réseau généré</a></strong></header>\n'
        f'<main class="main" role="main"><div class="wrapper hfeed">{content}</div></main>\n'
        '<footer class="footer"><p class="colophon">Réseau généré | <a href="spip.php?'
        'page=backend" rel="alternate">RSS&nbsp;2.0</a></p></footer>\n</div>\n</body>\n</html>\n')


def _listing(index: int, numbers: list[int], total: int, per_page: int) -> str:
    """A rubrique page with SPIP 4's pagination model: a window of page links and "next"."""
    items = "".join(_item(n) for n in numbers)
    links = []
    for page in range(max(0, index - 4), min(total, index + 5)):
        if page == index:
            links.append(f'<li class="pagination-item on active"><span class="pagination-item'
                         f'-label on" aria-current="page">{page + 1}</span></li>')
        else:
            links.append(f'<li class="pagination-item"><a href="spip.php?rubrique1&amp;'
                         f'debut_articles={page * per_page}#pagination_articles" class="'
                         f'pagination-item-label lien_pagination" rel="nofollow">{page + 1}</a>'
                         "</li>")
    if index + 1 < total:
        links.append(f'<li class="pagination-item next"><a href="spip.php?rubrique1&amp;'
                     f'debut_articles={(index + 1) * per_page}#pagination_articles" class="'
                     'pagination-item-label lien_pagination" rel="next nofollow">Page suivante'
                     "</a></li>")
    return _page("Actualités", (
        '<div class="content" id="content"><h1 class="h1">Actualités</h1>'
        "<a id='pagination_articles' class='pagination_ancre'></a>"
        f'<div class="liste articles"><ul class="liste-items">{items}</ul></div>'
        f'<nav class="pagination" role="navigation"><ul class="pagination-items">'
        f'{"".join(links)}</ul></nav></div>'))


def _article(n: int, dated: bool) -> str:
    chance = random.Random(n)
    paragraphs = "".join(
        "<p>" + " ".join(chance.choice(WORDS) for _ in range(40)).capitalize() + ".</p>"
        for _ in range(4))
    moment = published(n)
    date = (f'<time class="published" datetime="{moment.isoformat()}" pubdate="pubdate">'
            f'{moment.strftime("%d/%m/%Y")}</time><span class="sep">, </span>' if dated else "")
    return _page(_title(n), (
        '<div class="content hentry" id="content"><p class="arbo"><a href="{{BASE}}/">Accueil'
        '</a> &gt; <a href="spip.php?rubrique1">Actualités</a></p>'
        f'<div class="cartouche"><h1 class="surlignable entry-title">{_title(n)}</h1>'
        f'<p class="info-publi">{date}<span class="auteurs">par <span class="vcard author">'
        '<a class="url fn spip_in" href="spip.php?auteur1">Équipe</a></span></span></p></div>'
        f'<div class="texte surlignable clearfix">{paragraphs}</div></div>'))


def _sitemap(count: int) -> str:
    urls = "".join(
        f"<url><loc>{{{{BASE}}}}/spip.php?article{n}</loc>"
        f"<lastmod>{published(n).date().isoformat()}</lastmod></url>"
        for n in range(1, count + 1))
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/'
            f'schemas/sitemap/0.9">{urls}</urlset>\n')
