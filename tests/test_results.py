"""graph/results.py: CLI renderings of SELECT results follow the SPARQL 1.1 result formats."""

import csv
import io
import json

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import XSD

from graph.results import render
from graph.store.base import Rows

ROWS = Rows(("s", "n"), ((URIRef("http://e/a"), Literal("Luật, \"Đo lường\"", lang="vi")),
                         (URIRef("http://e/b"), None),
                         (URIRef("http://e/c"), Literal("3", datatype=XSD.integer))))


def test_csv_quotes_and_blanks() -> None:
    assert render(ROWS, "csv") == 's,n\r\nhttp://e/a,"Luật, ""Đo lường"""\r\nhttp://e/b,\r\nhttp://e/c,3\r\n'


def test_tsv_uses_ntriples_terms() -> None:
    lines = render(ROWS, "tsv").splitlines()
    assert lines[0] == "?s\t?n"
    assert lines[1] == '<http://e/a>\t"Luật, \\"Đo lường\\""@vi'
    assert lines[3] == '<http://e/c>\t"3"^^<http://www.w3.org/2001/XMLSchema#integer>'


def test_json_results() -> None:
    doc = json.loads(render(ROWS, "json"))
    assert doc["head"]["vars"] == ["s", "n"]
    assert doc["results"]["bindings"][0]["n"] == {"type": "literal", "value": 'Luật, "Đo lường"', "xml:lang": "vi"}
    assert doc["results"]["bindings"][1] == {"s": {"type": "uri", "value": "http://e/b"}}
    assert doc["results"]["bindings"][2]["n"]["datatype"] == str(XSD.integer)


def test_table_and_unknown_format() -> None:
    assert render(ROWS, "table").endswith("(3 rows)\n")
    with pytest.raises(ValueError, match="unknown format"):
        render(ROWS, "xml")


def test_a_table_cell_is_one_line_of_at_most_80_characters() -> None:
    """An article's text (thousands of characters, with line breaks) padded every row of its column, and a large
    result's table grew to gigabytes; the cell is cut with "…", and CSV keeps the whole value."""
    text = "Điều 1.\n" + "x" * 5000
    rows = Rows(["s", "t"], [[URIRef("http://e/a"), Literal(text)], [URIRef("http://e/b"), Literal("ngắn")]])
    table = render(rows, "table").splitlines()
    assert table[2].split("  ", 1)[1] == ("Điều 1. " + "x" * 5000)[:79] + "…"
    assert max(len(line) for line in table) <= len("http://e/a") + 2 + 80 and len(table) == 5
    assert text in next(csv.reader(io.StringIO(render(rows, "csv").split("\r\n", 1)[1])))
