"""Conversion between rdflib terms and pyoxigraph terms at the store boundary."""

from __future__ import annotations

import pyoxigraph as ox
from rdflib import BNode, Literal, Node, URIRef

from graph.errors import QueryError


def to_ox(node: Node) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    """An rdflib term as a pyoxigraph term."""
    if isinstance(node, URIRef):
        try:
            return ox.NamedNode(str(node))
        except ValueError as exc:
            raise QueryError(f"not a valid IRI: {str(node)!r}") from exc
    if isinstance(node, BNode):
        return ox.BlankNode(str(node))
    if isinstance(node, Literal):
        if node.language:
            return ox.Literal(str(node), language=node.language)
        if node.datatype:
            return ox.Literal(str(node), datatype=ox.NamedNode(str(node.datatype)))
        return ox.Literal(str(node))
    raise QueryError(f"cannot bind a term of type {type(node).__name__}")


def from_ox(term: object) -> Node:
    """A pyoxigraph term as an rdflib term."""
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        return Literal(term.value, datatype=URIRef(term.datatype.value))
    raise QueryError(f"unsupported term in results: {term!r}")
