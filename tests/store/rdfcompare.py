"""Comparing RDF from different stores: RDF 1.1 term equality where stores and rdflib spell terms differently."""

from __future__ import annotations

from decimal import Decimal

from rdflib import XSD, Graph, Literal
from rdflib.compare import graph_diff, isomorphic, to_isomorphic


def norm(term: object) -> object:
    """A simple literal as xsd:string (RDF 1.1; rdflib leaves the datatype out, stores give it), a decimal in its
    canonical form (Oxigraph keeps 1.0 as 1)."""
    if isinstance(term, Literal) and term.language is None and term.datatype is None:
        return Literal(str(term), datatype=XSD.string)
    if isinstance(term, Literal) and term.datatype == XSD.decimal:
        text = format(Decimal(str(term)), "f")
        return Literal(text.rstrip("0").rstrip(".") if "." in text else text, datatype=XSD.decimal)
    return term


def normalised(graph: Graph) -> Graph:
    """A copy of `graph` with normalised objects."""
    out = Graph()
    for s, p, o in graph:
        out.add((s, p, norm(o)))
    return out


def same_graph(got: Graph, expected: Graph) -> str | None:
    """None when isomorphic after normalisation, else a short description of the difference."""
    left, right = normalised(got), normalised(expected)
    if isomorphic(left, right):
        return None
    _, only_left, only_right = graph_diff(to_isomorphic(left), to_isomorphic(right))
    return f"{len(only_left)} triples only in the first, {len(only_right)} only in the second: " \
           f"{sorted(only_left)[:2]} / {sorted(only_right)[:2]}"
