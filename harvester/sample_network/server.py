"""Serve the sample network's sites on 127.0.0.1, one free port per site.

Each site is a folder under ``sites/`` with a ``site.toml`` manifest of routes. In served
files ``{{BASE}}`` becomes the site's origin and ``{{SITE:key}}`` another site's origin.
"""

from __future__ import annotations

import re
import threading
import time
import tomllib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib import resources
from pathlib import Path
from typing import Any

SITES_DIR = Path(str(resources.files(__package__).joinpath("sites")))
DEMO_SOURCES = Path(str(resources.files(__package__).joinpath("sources.toml")))
PLACEHOLDER = re.compile(rb"\{\{(BASE|SITE:([a-z0-9-]+))\}\}")
NOT_FOUND_PAGE = (
    b"<!DOCTYPE html><html lang=\"fr\"><head><meta charset=\"utf-8\"><title>Page introuvable"
    b"</title></head><body><h1>Erreur 404</h1><p>Cette page n'existe pas.</p></body></html>"
)


@dataclass(frozen=True)
class Route:
    path: str
    file: str | None = None
    content_type: str = "text/html; charset=utf-8"
    status: int = 200
    location: str | None = None
    delay: float = 0.0


NOT_FOUND = Route(path="", status=404)


@dataclass(frozen=True)
class SampleSite:
    key: str
    name: str
    folder: Path
    routes: dict[str, Route]

    @classmethod
    def load(cls, folder: Path) -> SampleSite:
        manifest = tomllib.loads((folder / "site.toml").read_text(encoding="utf-8"))
        routes = {r["path"]: Route(**r) for r in manifest.get("route", [])}
        return cls(manifest["site"]["key"], manifest["site"]["name"], folder, routes)

    def body(self, route: Route) -> bytes:
        return (self.folder / route.file).read_bytes() if route.file else b""


def sample_sites(root: Path = SITES_DIR) -> list[SampleSite]:
    return [SampleSite.load(p.parent) for p in sorted(root.glob("*/site.toml"))]


class _SiteServer(ThreadingHTTPServer):
    daemon_threads = True
    site: SampleSite
    network: SampleNetwork


class _Handler(BaseHTTPRequestHandler):
    server: _SiteServer
    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:
        self._respond(send_body=True)

    def do_HEAD(self) -> None:
        self._respond(send_body=False)

    def _respond(self, send_body: bool) -> None:
        site, network = self.server.site, self.server.network
        network.requests.append((site.key, self.path))
        network.user_agents.add(self.headers.get("User-Agent", ""))
        route = site.routes.get(self.path.split("#", 1)[0])
        if route is None:
            route, body = NOT_FOUND, NOT_FOUND_PAGE
        else:
            time.sleep(route.delay)
            body = network.render(site.key, site.body(route))
        self.send_response(route.status)
        self.send_header("Content-Type", route.content_type)
        self.send_header("Content-Length", str(len(body)))
        if route.location:
            location = network.render(site.key, route.location.encode()).decode()
            self.send_header("Location", location)
        self.end_headers()
        if send_body:
            self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        """Keep test and demo output quiet."""


class SampleNetwork:
    """The sample sites, each on its own loopback port while the context is open."""

    def __init__(self, sites: list[SampleSite] | None = None) -> None:
        self.sites = {s.key: s for s in (sites if sites is not None else sample_sites())}
        self.origins: dict[str, str] = {}
        self.requests: list[tuple[str, str]] = []
        self.user_agents: set[str] = set()
        self._servers: list[_SiteServer] = []

    def render(self, key: str, data: bytes) -> bytes:
        def origin(match: re.Match[bytes]) -> bytes:
            target = key if match.group(1) == b"BASE" else match.group(2).decode()
            return self.origins[target].encode()

        return PLACEHOLDER.sub(origin, data)

    def start(self) -> SampleNetwork:
        for site in self.sites.values():
            server = _SiteServer(("127.0.0.1", 0), _Handler)
            server.site, server.network = site, self
            self.origins[site.key] = f"http://127.0.0.1:{server.server_address[1]}"
            threading.Thread(target=server.serve_forever, daemon=True).start()
            self._servers.append(server)
        return self

    def stop(self) -> None:
        for server in self._servers:
            server.shutdown()
            server.server_close()
        self._servers.clear()

    def sources_toml(self, template: Path = DEMO_SOURCES) -> str:
        """The registry of the served sites, with their live loopback origins."""
        rendered = self.render("", template.read_bytes().replace(b"{{BASE}}", b""))
        return rendered.decode("utf-8")

    def fetched(self, key: str) -> list[str]:
        """Paths requested from one site so far."""
        return [path for site, path in self.requests if site == key]


@contextmanager
def serve_sample_network(sites: list[SampleSite] | None = None) -> Iterator[SampleNetwork]:
    network = SampleNetwork(sites).start()
    try:
        yield network
    finally:
        network.stop()
