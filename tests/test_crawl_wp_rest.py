"""A WordPress site read through its REST API: the same articles as from its HTML pages, one
request per five posts instead of one per post, a rerun that stops at the first page of
unchanged posts, and the HTML pages read instead when the API is closed."""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import urlsplit

import pytest

from harvester.extract.wprest import posts_url
from harvester.sample_network.server import sample_sites, serve_sample_network
from harvester.spiders.restapi import RestApiReader
from tests.conftest import crawl_sample, report_rows, truth
from tests.sites import add_routes, copy_network

SITE = "mouvement-asso"
FIXTURES = Path(__file__).parent / "fixtures" / "wp-rest" / SITE
PER_PAGE = ("--set", "HARVESTER_WP_REST_PER_PAGE=5")
PAGES = 3
VOLATILE = ("id", "fetched_at")
"""The id is made from the URL, whose port differs between the two servers."""
KNOWN_DIFFERENCES = {
    ("/2024/03/05/contrat-dengagement-republicain-deux-ans-apres-un-bilan-contraste/",
     "authors"),
    ("/2024/01/16/voeux-2024-faire-de-lengagement-une-grande-cause-nationale/", "summary"),
}
"""The API knows only a post's WordPress author, not its Co-Authors Plus co-author; and one
HTML page is a stale cache from before Yoast, without the description the API has."""


def api_path(page: int) -> str:
    parts = urlsplit(posts_url("http://site/wp-json/", page, 5))
    return f"{parts.path}?{parts.query}"


def open_api(folder: Path) -> None:
    """Serve the fixture's REST answers at the paths the spider asks for."""
    for page in range(1, PAGES + 1):
        name = f"posts-page-{page}.json"
        (folder / "rest").mkdir(exist_ok=True)
        (folder / "rest" / name).write_bytes((FIXTURES / name).read_bytes())
        links = [f'<{{{{BASE}}}}{api_path(n)}>; rel="{rel}"'
                 for n, rel in ((page - 1, "prev"), (page + 1, "next")) if 1 <= n <= PAGES]
        add_routes(folder, {"path": api_path(page), "file": f"rest/{name}",
                            "content_type": "application/json; charset=UTF-8",
                            "headers": {"X-WP-Total": "12", "X-WP-TotalPages": str(PAGES),
                                        **({"Link": ", ".join(links)} if links else {})}})


def records_by_path(crawl: dict) -> dict[str, dict]:
    """Each stored record by its path, with the site's origin written {BASE}."""
    records = {}
    for record in crawl["records"]:
        parts = urlsplit(record["url"])
        kept = {k: v for k, v in record.items() if k not in VOLATILE}
        text = json.dumps(kept, ensure_ascii=False).replace(
            f"{parts.scheme}://{parts.netloc}", "{BASE}").replace(record["id"][:8], "{ID}")
        records[parts.path] = json.loads(text)
    return records


@pytest.fixture(scope="module")
def crawls(network, tmp_path_factory):
    html = crawl_sample(network, tmp_path_factory.mktemp("html"), SITE, options=PER_PAGE)
    tmp = tmp_path_factory.mktemp("rest")
    sites = copy_network(tmp)
    open_api(sites / SITE)
    with serve_sample_network(sample_sites(sites)) as served:
        first = crawl_sample(served, tmp, SITE, options=PER_PAGE)
        second = crawl_sample(served, tmp, SITE, options=PER_PAGE)
    return {"html": html, "rest": first, "rerun": second}


def test_the_api_gives_the_same_articles_as_the_html_pages(crawls):
    rest, html = records_by_path(crawls["rest"]), records_by_path(crawls["html"])
    assert sorted(rest) == sorted(a["path"] for a in truth(SITE)["articles"])
    differences = {(path, field) for path, record in rest.items()
                   for field in record.keys() | html[path].keys()
                   if record.get(field) != html[path].get(field)}
    assert differences == KNOWN_DIFFERENCES


def test_no_post_page_is_fetched_when_the_api_answers(crawls):
    requests = crawls["rest"]["requests"][SITE]
    assert [p for p in requests if "/wp-json/" in p] == [api_path(n) for n in (1, 2, 3)]
    posts = {a["path"] for a in truth(SITE)["articles"]}
    assert not posts & set(requests)
    assert len(requests) < len(crawls["html"]["requests"][SITE]) / 2


def test_a_rerun_reads_one_page_of_the_api_and_changes_nothing(crawls):
    requests = crawls["rerun"]["requests"][SITE]
    assert [p for p in requests if "/wp-json/" in p] == [api_path(1)]
    row = report_rows(crawls["rerun"]["result"].stdout)[SITE]
    assert (row["new"], row["updated"]) == ("0", "0")


def test_a_closed_api_leaves_the_html_pages_to_read(crawls):
    """The sample site answers 404 under /wp-json/, as a security plugin makes it do."""
    html = crawls["html"]
    assert api_path(1) in html["requests"][SITE]
    assert sorted(records_by_path(html)) == sorted(a["path"] for a in truth(SITE)["articles"])
    assert "/wp-json/" not in html["result"].stdout  # not a failure of the source


def test_the_fixture_follows_the_api(crawls):
    posts = [post for n in range(1, PAGES + 1)
             for post in json.loads((FIXTURES / f"posts-page-{n}.json").read_text("utf-8"))]
    modified = [post["modified_gmt"] for post in posts]
    assert modified == sorted(modified, reverse=True)
    assert len({post["id"] for post in posts}) == 12


def test_posts_left_by_the_listing_bound_come_with_the_next_runs(tmp_path):
    """The API's pages are a listing: one page past the first a run here; the next run
    resumes where the last stopped, and once the whole listing is read a run reads only its
    first page."""
    sites = copy_network(tmp_path)
    open_api(sites / SITE)
    bounded = (*PER_PAGE, "--set", "HARVESTER_MAX_LISTING_PAGES=1", "--set",
               "HARVESTER_MAX_SITEMAP_URLS=0")
    with serve_sample_network(sample_sites(sites)) as served:
        runs = [crawl_sample(served, tmp_path, SITE, options=bounded) for _ in range(3)]
    api_pages = [[p for p in run["requests"][SITE] if "/wp-json/" in p] for run in runs]
    assert api_pages == [[api_path(1), api_path(2)], [api_path(3), api_path(1)], [api_path(1)]]
    assert [len(run["records"]) for run in runs] == [10, 12, 12]


def test_posts_of_another_site_or_with_a_broken_link_are_left_out():
    spider = SimpleNamespace(source=SimpleNamespace(url="https://asso.example/"))
    posts = [{"link": "https://asso.example/2024/05/a/", "id": 1}, {"link": "http://[::1"},
             {"link": "https://ailleurs.example/2024/05/b/"},
             {"link": "https://asso.example/2024/05/a/", "id": 2}]
    found = RestApiReader(spider).own_posts(posts)  # type: ignore[arg-type]
    assert found == {"https://asso.example/2024/05/a/": posts[0]}
