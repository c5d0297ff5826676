"""Serve the sample network's sites on 127.0.0.1, one free port per site.

Each site is a folder under ``sites/`` with a ``site.toml`` manifest of routes. In served
files ``{{BASE}}`` becomes the site's origin and ``{{SITE:key}}`` another site's origin.
A site (or one route) may send validators, as its CMS does: ``validators = ["etag",
"last-modified"]``; the file's modification time is its Last-Modified, and a matching
``If-None-Match`` / ``If-Modified-Since`` gets ``304 Not Modified``.
"""

from __future__ import annotations

import hashlib
import re
import threading
import time
import tomllib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from email.utils import formatdate, parsedate_to_datetime
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
    validators: tuple[str, ...] | None = None
    """None: the site's validators."""
    headers: dict[str, str] | None = None
    """Other headers the CMS sends with this answer (a REST API's X-WP-TotalPages)."""


NOT_FOUND = Route(path="", status=404)


@dataclass(frozen=True)
class SampleSite:
    key: str
    name: str
    folder: Path
    routes: dict[str, Route]
    validators: tuple[str, ...] = ()

    @classmethod
    def load(cls, folder: Path) -> SampleSite:
        """A site from its manifest; a route listed twice takes its last entry."""
        manifest = tomllib.loads((folder / "site.toml").read_text(encoding="utf-8"))
        routes = {r["path"]: Route(**{**r, "validators": tuple(r["validators"])}
                                   if "validators" in r else r)
                  for r in manifest.get("route", [])}
        site = manifest["site"]
        return cls(site["key"], site["name"], folder, routes,
                   tuple(site.get("validators", ())))

    def body(self, route: Route) -> bytes:
        return (self.folder / route.file).read_bytes() if route.file else b""

    def validator_headers(self, route: Route, body: bytes) -> dict[str, str]:
        """The ETag and Last-Modified this route is served with."""
        kinds = self.validators if route.validators is None else route.validators
        headers = {}
        if route.file and route.status == 200:
            if "etag" in kinds:
                headers["ETag"] = f'"{hashlib.blake2b(body, digest_size=8).hexdigest()}"'
            if "last-modified" in kinds:
                mtime = (self.folder / route.file).stat().st_mtime
                headers["Last-Modified"] = formatdate(int(mtime), usegmt=True)
        return headers


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
        validators = site.validator_headers(route, body)
        status = 304 if self._not_modified(validators) else route.status
        network.answers.append((site.key, self.path, status))
        self.send_response(status)
        for name, value in validators.items():
            self.send_header(name, value)
        if status == 304:
            self.end_headers()
            return
        self.send_header("Content-Type", route.content_type)
        self.send_header("Content-Length", str(len(body)))
        if route.location:
            location = network.render(site.key, route.location.encode()).decode()
            self.send_header("Location", location)
        for name, value in (route.headers or {}).items():
            self.send_header(name, network.render(site.key, value.encode()).decode())
        self.end_headers()
        if send_body:
            self.wfile.write(body)

    def _not_modified(self, validators: dict[str, str]) -> bool:
        """RFC 9110: If-None-Match first; If-Modified-Since only without it."""
        etag, since = self.headers.get("If-None-Match"), self.headers.get("If-Modified-Since")
        if etag is not None:
            return "ETag" in validators and etag.strip() == validators["ETag"]
        if since is None or "Last-Modified" not in validators:
            return False
        try:
            return parsedate_to_datetime(validators["Last-Modified"]) <= parsedate_to_datetime(
                since)
        except (TypeError, ValueError):
            return False

    def log_message(self, format: str, *args: Any) -> None:
        """Keep test and demo output quiet."""


class SampleNetwork:
    """The sample sites, each on its own loopback port while the context is open."""

    def __init__(self, sites: list[SampleSite] | None = None) -> None:
        self.sites = {s.key: s for s in (sites if sites is not None else sample_sites())}
        self.origins: dict[str, str] = {}
        self.requests: list[tuple[str, str]] = []
        self.answers: list[tuple[str, str, int]] = []
        """(site, path, status) of every answer: 304 shows a conditional GET that worked."""
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

    def reload(self) -> None:
        """Read every site's manifest again (a test changed a site between two crawls)."""
        for server in self._servers:
            server.site = self.sites[server.site.key] = SampleSite.load(server.site.folder)

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
