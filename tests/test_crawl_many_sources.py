"""A large registry: sources take turns (HARVESTER_CONCURRENT_SOURCES), sharing one store
connection, so that memory and file descriptors do not grow with the registry."""

from __future__ import annotations

import resource
import subprocess
import sys

from tests.conftest import FAST_CRAWL, ROOT, report_rows
from tests.loopback import SiteHandler, serve

SOURCES = 200
PAGE = ("<html lang='fr'><head><meta charset='utf-8'><title>{name}</title></head><body>"
        "<div class='hentry'><h1 class='titre'>{name}</h1><p class='info-publi'>le 3 mars "
        "2021</p><div class='texte'><p>Un texte de {name}.</p></div></div></body></html>")


class SmallSite(SiteHandler):
    def do_GET(self):
        site = self.path.split("/")[1]
        if self.path == "/robots.txt":
            body = b"User-agent: *\nDisallow:\n"
        elif self.path.endswith("/"):
            body = f"<html><body><a href='/Article-{site}'>a</a></body></html>".encode()
        else:
            body = PAGE.format(name=self.path.rsplit("/", 1)[-1]).encode()
        self.send(200, body)


def test_a_registry_of_hundreds_runs_in_bounded_memory_without_a_traceback(tmp_path):
    with serve(SmallSite) as origin:
        (tmp_path / "many.toml").write_text("".join(
            f'[[source]]\nkey = "s{n}"\nname = "Site {n}"\nurl = "{origin}/s{n}/"\n'
            'family = "spip"\n' for n in range(SOURCES)), "utf-8")
        before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        result = subprocess.run(
            [sys.executable, "-m", "tests.run_harvester", "crawl", "-q", "--sources",
             str(tmp_path / "many.toml"), "--db", str(tmp_path / "db.sqlite"), *FAST_CRAWL],
            cwd=ROOT, capture_output=True, text=True, timeout=240, check=False)
        peak_mb = max(before, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss) / 1024
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    assert "Traceback" not in result.stderr
    rows = report_rows(result.stdout)
    assert len(rows) == SOURCES
    assert all(row["status"] == "ok" and row["new"] == "1" for row in rows.values())
    assert peak_mb < 500
