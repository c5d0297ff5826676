"""`harvester export-csv`: every stored article as one CSV row that spreadsheets and pandas read
back, list fields joined, formulas defused."""

from __future__ import annotations

import csv
import io

from harvester.aggregator.csvexport import COLUMNS, csv_row
from harvester.store import SQLiteStore
from tests.conftest import harvester
from tests.factories import article_record
from tests.test_publish import records


def filled_store(path):
    store = SQLiteStore(path)
    for record in records():
        store.save(record)
    store.save(article_record("https://www.rtes.fr/piege", title='=HYPERLINK("http://x")',
                              summary="Ligne 1\nLigne 2, avec « guillemets » et \"quotes\""))
    store.close()


def test_every_article_is_one_row_read_back_by_the_csv_module(tmp_path):
    db, out = tmp_path / "store.sqlite", tmp_path / "articles.csv"
    filled_store(db)
    result = harvester("export-csv", "--db", str(db), "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert "exported 5 articles" in result.stdout
    rows = list(csv.DictReader(io.StringIO(out.read_text("utf-8"), newline="")))
    assert len(rows) == 5
    assert list(rows[0]) == list(COLUMNS)
    by_title = {row["title"]: row for row in rows}
    assert by_title["Article sans date"]["authors"] == "Léa Martin ; Marc Durand"
    assert by_title["Mis à jour"]["tags"] == "PTCE ; Élus"
    assert by_title["Communiqué"]["also_at"] == "https://www.rtes.fr/Communique"
    trap = by_title["'=HYPERLINK(\"http://x\")"]
    assert trap["summary"] == "Ligne 1\nLigne 2, avec « guillemets » et \"quotes\""


def test_standard_output_and_the_text_column(tmp_path):
    db = tmp_path / "store.sqlite"
    filled_store(db)
    result = harvester("export-csv", "--db", str(db), "--with-text")
    rows = list(csv.DictReader(io.StringIO(result.stdout, newline="")))
    assert len(rows) == 5
    assert all(row["content_text"] for row in rows)


def test_a_missing_store_is_one_line_and_exit_2(tmp_path):
    result = harvester("export-csv", "--db", str(tmp_path / "none.sqlite"))
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1
    assert "none.sqlite" in result.stderr


def test_formula_prefixes_are_defused_in_every_column():
    record = article_record(title="+SUM(A1)", summary="@cmd", tags=["=1+1"])
    row = csv_row(record, with_text=False)
    assert (row["title"], row["summary"], row["tags"]) == ("'+SUM(A1)", "'@cmd", "'=1+1")
