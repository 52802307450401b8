"""Render SELECT results (Rows) as a text table, CSV, TSV or SPARQL JSON for the CLI."""

from __future__ import annotations

import csv
import io
import json

from rdflib import BNode, Literal, Node, URIRef

from graph.store.base import Rows

FORMATS = ("table", "csv", "tsv", "json")
CELL_WIDTH = 80  # characters of a table cell at most


def render(rows: Rows, fmt: str = "table") -> str:
    """Rows in one of FORMATS."""
    renderers = {"table": _table, "csv": _csv, "tsv": _tsv, "json": _json}
    if fmt not in renderers:
        raise ValueError(f"unknown format {fmt!r}: choose one of {', '.join(FORMATS)}")
    return renderers[fmt](rows)


def plain(term: Node | None) -> str:
    """Lexical form of a term (CSV/table style)."""
    return "" if term is None else str(term)


def cell(term: Node | None) -> str:
    """A table cell: the lexical form on one line, cut at CELL_WIDTH characters with "…" (an article's text is
    thousands of characters: every row of its column was padded to it). CSV, TSV and JSON keep the whole value."""
    text = " ".join(plain(term).split()) if term is not None else ""
    return text if len(text) <= CELL_WIDTH else text[:CELL_WIDTH - 1] + "…"


def _table(rows: Rows) -> str:
    """Aligned columns with a header line (cells cut at CELL_WIDTH: the whole values are in the other formats)."""
    cells = [list(rows.variables)] + [[cell(t) for t in row] for row in rows.rows]
    widths = [max(len(r[i]) for r in cells) for i in range(len(rows.variables))]
    lines = ["  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip() for r in cells]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines) + f"\n({len(rows.rows)} rows)\n"


def _csv(rows: Rows) -> str:
    """SPARQL 1.1 CSV results."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(rows.variables)
    writer.writerows([plain(t) for t in row] for row in rows.rows)
    return out.getvalue()


def _tsv(rows: Rows) -> str:
    """SPARQL 1.1 TSV results (terms in N-Triples syntax)."""
    head = "\t".join(f"?{v}" for v in rows.variables)
    body = ["\t".join("" if t is None else t.n3() for t in row) for row in rows.rows]
    return "\n".join([head, *body]) + "\n"


def _json(rows: Rows) -> str:
    """SPARQL 1.1 JSON results."""
    bindings = [{v: _json_term(t) for v, t in zip(rows.variables, row) if t is not None} for row in rows.rows]
    doc = {"head": {"vars": list(rows.variables)}, "results": {"bindings": bindings}}
    return json.dumps(doc, ensure_ascii=False, indent=1) + "\n"


def _json_term(term: Node) -> dict[str, str]:
    """One term in SPARQL JSON."""
    if isinstance(term, URIRef):
        return {"type": "uri", "value": str(term)}
    if isinstance(term, BNode):
        return {"type": "bnode", "value": str(term)}
    assert isinstance(term, Literal)
    out = {"type": "literal", "value": str(term)}
    if term.language:
        out["xml:lang"] = term.language
    elif term.datatype:
        out["datatype"] = str(term.datatype)
    return out
