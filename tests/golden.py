"""Golden-file cases: a fixture page in, the expected Article JSON out.

A case is ``tests/fixtures/pages/<family>/<case>.toml`` naming either a sample-network page
(``site`` and ``path``) or a standalone ``<case>.html`` (``url`` and a ``[source]``), the frozen
fetch time ``now``, and its expected ``<case>.json``. Sample-network pages are rendered with
the real sites' origins so the expected records read like real ones.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from harvester.extract import decode_html, extract
from harvester.extract.raw import RawArticle
from harvester.registry import Registry, Source, load_registry
from harvester.sample_network.server import SampleNetwork
from pipelines import normalize

PAGES = Path(__file__).parent / "fixtures" / "pages"
REAL_ORIGINS = {"rtes": "https://www.rtes.fr", "cress-ara": "https://www.cress-aura.org",
                "mouvement-asso": "https://lemouvementassociatif.org",
                "avise": "https://www.avise.org"}


@dataclass(frozen=True)
class GoldenCase:
    family: str
    name: str
    meta: dict[str, Any]

    @property
    def id(self) -> str:
        return f"{self.family}/{self.name}"

    @property
    def expected_path(self) -> Path:
        return PAGES / self.family / f"{self.name}.json"


def all_cases() -> list[GoldenCase]:
    return [GoldenCase(p.parent.name, p.stem, tomllib.loads(p.read_text("utf-8")))
            for p in sorted(PAGES.glob("*/*.toml"))]


def find_case(case_id: str) -> GoldenCase:
    for case in all_cases():
        if case_id in (case.id, case.name):
            return case
    raise KeyError(f"no golden case {case_id!r}")


def sample_network() -> SampleNetwork:
    network = SampleNetwork()
    network.origins.update(REAL_ORIGINS)
    return network


def sample_registry(tmp_dir: Path) -> Registry:
    path = tmp_dir / "sample-sources.toml"
    path.write_text(sample_network().sources_toml(), encoding="utf-8")
    return load_registry(path)


def page_of(case: GoldenCase) -> tuple[str, str]:
    """The case's decoded HTML and URL."""
    meta = case.meta
    if "site" in meta:
        network = sample_network()
        site = network.sites[meta["site"]]
        route = site.routes[meta["path"]]
        body = network.render(site.key, site.body(route))
        return decode_html(body, route.content_type), REAL_ORIGINS[site.key] + meta["path"]
    html_path = PAGES / case.family / f"{case.name}.html"
    return decode_html(html_path.read_bytes(), meta.get("content_type")), meta["url"]


def extract_case(case: GoldenCase, tmp_dir: Path) -> RawArticle:
    html, url = page_of(case)
    declared = case.meta.get("source")
    source = (Source(**declared) if isinstance(declared, dict)
              else sample_registry(tmp_dir).get(case.meta["site"]))
    return extract(html, url, source, fetched_at=case.meta["now"], strict=True)


def run_case(case: GoldenCase, tmp_dir: Path) -> dict[str, Any]:
    return normalize(extract_case(case, tmp_dir)).to_dict()
