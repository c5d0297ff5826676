from __future__ import annotations

from pathlib import Path

import pytest

from harvester.cli import main
from harvester.registry import FAMILIES, RegistryError, load_registry, packaged_sources_path

VALID = """
[[source]]
key = "rtes"
name = "RTES"
url = "https://www.rtes.fr/"
family = "spip"
feed = "https://www.rtes.fr/spip.php?page=backend"
[source.authors]
alfederici = "Anne-Laure Federici"
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "sources.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_packaged_registry_loads_and_lists_real_sites():
    registry = load_registry(packaged_sources_path())
    keys = registry.keys()
    assert {"rtes", "ess-france", "avise", "labo-ess", "coorace", "ripess", "fonda",
            "mouvement-associatif"} <= set(keys)
    assert sum(k.startswith("cress-") for k in keys) >= 10
    assert registry.get("rtes").family == "spip"
    assert registry.get("rtes").authors["alfederici"] == "Anne-Laure Federici"
    assert all(s.family in FAMILIES for s in registry)


def test_valid_file_loads(tmp_path):
    registry = load_registry(write(tmp_path, VALID))
    source = registry.get("rtes")
    assert source.language == "fr"
    assert source.host == "www.rtes.fr"


def test_environment_variable_points_at_another_file(tmp_path, monkeypatch):
    monkeypatch.setenv("HARVESTER_SOURCES", str(write(tmp_path, VALID)))
    assert load_registry().keys() == ["rtes"]


ERROR_CASES = {
    "unknown field": (VALID.replace('family = "spip"', 'familly = "spip"'),
                      "source #1 (rtes): field 'familly': unknown field"),
    "duplicate key": (VALID + VALID.replace("[source.authors]\nalfederici", "[source.authors]\nx"),
                      "source #2 (rtes): field 'key': duplicate of source #1"),
    "malformed url": (VALID.replace("https://www.rtes.fr/\"", "www.rtes.fr\""),
                      "source #1 (rtes): field 'url': 'www.rtes.fr' is not an absolute"),
    "malformed feed": (VALID.replace("https://www.rtes.fr/spip.php", "htp://www.rtes.fr/spip.php"),
                       "source #1 (rtes): field 'feed':"),
    "unknown family": (VALID.replace('"spip"', '"joomla"'),
                       "source #1 (rtes): field 'family': 'joomla' is not one of"),
    "bad key": (VALID.replace('"rtes"', '"RTES site"'),
                "source #1 (RTES site): field 'key': 'RTES site' must match [a-z0-9-]+"),
    "missing name": (VALID.replace('name = "RTES"\n', ""),
                     "source #1 (rtes): field 'name': missing or empty"),
    "bad alias table": (VALID.replace('"Anne-Laure Federici"', "3"),
                        "source #1 (rtes): field 'authors': must be a table"),
    "no sources": ("# empty\n", "no [[source]] entries"),
    "toml syntax": ("[[source]\nkey=", "not valid TOML"),
    "unknown top level": ("title = 'x'\n" + VALID, "unknown top-level key 'title'"),
}


@pytest.mark.parametrize("case", sorted(ERROR_CASES))
def test_registry_errors_name_file_source_and_field(tmp_path, case, capsys):
    text, expected = ERROR_CASES[case]
    path = write(tmp_path, text)
    with pytest.raises(RegistryError) as raised:
        load_registry(path)
    message = str(raised.value)
    assert message.startswith(str(path))
    assert expected in message
    assert "\n" not in message
    assert main(["sources", "--sources", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert expected in err


def test_missing_file_exits_2(tmp_path, capsys):
    missing = tmp_path / "nope.toml"
    assert main(["sources", "--sources", str(missing)]) == 2
    err = capsys.readouterr().err
    assert str(missing) in err
    assert "not found" in err


def test_sources_command_lists_the_registry(capsys):
    assert main(["sources"]) == 0
    out = capsys.readouterr().out
    header = out.splitlines()[0].split()
    assert header == ["KEY", "NAME", "FAMILY", "URL", "FEED"]
    assert "https://www.rtes.fr/spip.php?page=backend" in out
    assert len(out.splitlines()) >= len(load_registry(packaged_sources_path())) + 1
