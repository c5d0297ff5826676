"""`harvester extract` for batch use and debugging: a manifest of pages read in one process,
standard input, and a page that names no URL of its own."""

from __future__ import annotations

import json
import subprocess
import sys

from tests.conftest import ROOT, harvester

FONDA = ROOT / "tests" / "fixtures" / "pages" / "generic" / "hugo-jsonld-markdown-notes.html"
NO_URL = ("<html lang='fr'><body><h1>Titre sans adresse</h1><p>Un texte sans adresse "
          "canonique, mais avec assez de mots pour faire un article lisible.</p></body></html>")


def test_a_manifest_gives_one_line_per_page_in_order_and_goes_on_after_errors(tmp_path):
    (tmp_path / "pages").mkdir()
    (tmp_path / "pages" / "fonda.html").write_bytes(FONDA.read_bytes())
    (tmp_path / "pages" / "sans-url.html").write_text(NO_URL, "utf-8")
    manifest = tmp_path / "manifest.jsonl"
    manifest.write_text("\n".join([
        json.dumps({"path": "pages/fonda.html", "url": "https://fonda.asso.fr/tribune"}),
        json.dumps({"path": "pages/absente.html"}),
        "pas du JSON",
        json.dumps({"path": str(tmp_path / "pages" / "sans-url.html")}),
    ]) + "\n", "utf-8")
    result = harvester("extract", "--manifest", str(manifest))
    assert result.returncode == 1, result.stderr
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(lines) == 4
    assert lines[0]["title"] == "Tribune : l’ESS face aux transitions"
    assert lines[1] == {"error": f"{tmp_path}/pages/absente.html: cannot read the page "
                                 "(No such file or directory)", "path": "pages/absente.html"}
    assert "manifest.jsonl:3: not a JSON object" in lines[2]["error"]
    assert lines[3]["url"] == (tmp_path / "pages" / "sans-url.html").as_uri()
    assert "sans-url.html: the page names no canonical URL" in result.stderr


def test_a_page_on_standard_input(tmp_path):
    result = subprocess.run([sys.executable, "-m", "tests.run_harvester", "extract", "-",
                             "--url", "https://fonda.asso.fr/tribune"], cwd=ROOT,
                            input=FONDA.read_bytes(), capture_output=True, check=False)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["title"] == "Tribune : l’ESS face aux transitions"


def test_a_page_naming_no_url_is_read_with_its_file_url_and_a_warning(tmp_path):
    page = tmp_path / "sans-url.html"
    page.write_text(NO_URL, "utf-8")
    result = harvester("extract", str(page))
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["url"] == page.as_uri()
    assert "warning" in result.stderr
    assert "pass --url URL" in result.stderr


UNTITLED = ("<html lang='fr'><body><div><p>Le conseil d’administration de l’association s’est "
            "réuni jeudi pour adopter le budget de l’année et le programme des ateliers.</p>"
            "<p>Les bénévoles ont présenté le bilan des permanences du quartier.</p></div>"
            "</body></html>")


def test_a_page_without_a_title_keeps_its_body(tmp_path):
    page = tmp_path / "sans-titre.html"
    page.write_text(UNTITLED, "utf-8")
    result = harvester("extract", str(page), "--url", "https://asso.example/ca")
    assert result.returncode == 0, result.stderr
    record = json.loads(result.stdout)
    assert record["title"] == ""
    assert record["content_text"].startswith("Le conseil d’administration")
    assert "https://asso.example/ca: the page has no title" in result.stderr
