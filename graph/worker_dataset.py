"""A default graph of several graphs, read as their RDF merge (a set), as SPARQL defines it (§13.2).

Oxigraph 0.5 reads a default graph of several graphs (`FROM <a> FROM <b>`, two `default-graph-uri`) as a bag: a
triple that two of them hold came back twice (oxigraph/oxigraph#1919), and a graph named twice was read twice. Here
the graphs are read as the largest of them plus, in a graph of its own, the triples of the others that it does not
hold, each once: two disjoint graphs whose union is the merge (as graph/worker_merge.py does for the whole store).
A worker's in-memory copy takes that graph for the length of the query; a store it cannot write (a version read on
disk) is copied, with the query's named graphs, into a store of the query's own.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager

import pyoxigraph as ox

from graph.sparql_guard import UnclosedString, tokens

ABSOLUTE = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")  # a scheme: an absolute IRI
REST = ox.NamedNode("urn:vnqi:worker:rest-of-merge")  # in a worker's own copy, only while one query runs


def from_clauses(query: str) -> tuple[list[str], list[str]] | None:
    """The IRIs of the query's FROM and FROM NAMED clauses, with its prologue's prefixes; None when one cannot be
    read here (a relative IRI, an escape, an undeclared prefix): left to the engine, which resolves them."""
    prefixes: dict[str, str] = {}
    defaults: list[str] = []
    named: list[str] = []
    stream = tokens(query)
    try:
        for kind, text in stream:
            word = text.upper() if kind == "word" else ""
            if word == "PREFIX":
                (_, name), (_, iri) = next(stream, ("", "")), next(stream, ("", ""))
                prefixes[name[:-1]] = _iri(iri) or ""
            elif word == "BASE":
                return None  # relative IRIs are the engine's to resolve
            elif word == "FROM":
                kind, text = next(stream, ("", ""))
                into = named if kind == "word" and text.upper() == "NAMED" else defaults
                if into is named:
                    kind, text = next(stream, ("", ""))
                iri = _iri(text) if kind == "iri" else _expanded(text, prefixes) if kind == "word" else None
                if iri is None:
                    return None
                into.append(iri)
    except UnclosedString:
        return None
    return defaults, named


def _iri(token: str) -> str | None:
    """An IRI token's IRI when it is absolute and has no escape, else None."""
    iri = token[1:-1]
    return iri if token.startswith("<") and "\\" not in iri and ABSOLUTE.match(iri) else None


def _expanded(pname: str, prefixes: dict[str, str]) -> str | None:
    """A prefixed name's IRI (None: an undeclared prefix or an escape in the local name)."""
    prefix, colon, local = pname.partition(":")
    if not colon or prefix not in prefixes or not prefixes[prefix] or "\\" in local:
        return None
    return prefixes[prefix] + local


def listed(query: str, default_graphs: list[str], named_graphs: list[str],
           declares: bool) -> tuple[list[str], list[str]] | None:
    """The dataset's graphs when its default graph is named more than once (the protocol's, else the query's own
    when it `declares` one), else None (one graph, none, or clauses left to the engine)."""
    found = (default_graphs, named_graphs) if default_graphs or named_graphs else \
        from_clauses(query) if declares else None
    return found if found is not None and len(found[0]) > 1 else None


@contextmanager
def merged(store: ox.Store, defaults: list[str], named: list[str]) -> Iterator[tuple[ox.Store, dict]]:
    """The store to query and its dataset options, the default graph being the merge of `defaults`; the graph of
    the rest is dropped again when the query is over (its answer must be read within)."""
    graphs = [ox.NamedNode(iri) for iri in dict.fromkeys(defaults)]
    named_nodes = [ox.NamedNode(iri) for iri in named]
    if len(graphs) == 1:  # one graph named twice: read once
        yield store, {"default_graph": graphs, "named_graphs": named_nodes}
        return
    sizes = {graph: _size(store, graph) for graph in graphs}
    largest = max(graphs, key=lambda graph: sizes[graph])
    rest = _rest(store, largest, [graph for graph in graphs if graph != largest])
    try:
        store.extend(ox.Quad(*triple, REST) for triple in rest)
    except (OSError, RuntimeError):  # a version read on disk ("only possible on read-write instances")
        yield _copied(store, largest, rest, named_nodes), {"default_graph": [ox.DefaultGraph()],
                                                           "named_graphs": named_nodes}
        return
    try:
        yield store, {"default_graph": [largest, REST], "named_graphs": named_nodes}
    finally:
        store.remove_graph(REST)


def _size(store: ox.Store, graph: ox.NamedNode) -> int:
    """How many triples a graph holds."""
    answer = store.query("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }", default_graph=[],
                         named_graphs=[graph])
    return int(next(iter(answer))["n"].value)  # type: ignore[index, union-attr]


def _rest(store: ox.Store, largest: ox.NamedNode, others: list[ox.NamedNode]) -> list[tuple]:
    """The triples of `others` that `largest` does not hold, each once, in order."""
    seen: dict[tuple, None] = {}
    for graph in others:
        for quad in store.quads_for_pattern(None, None, None, graph):
            triple = (quad.subject, quad.predicate, quad.object)
            if triple not in seen and ox.Quad(*triple, largest) not in store:
                seen[triple] = None
    return list(seen)


def _copied(store: ox.Store, largest: ox.NamedNode, rest: list[tuple], named: list[ox.NamedNode]) -> ox.Store:
    """An in-memory store whose default graph is the merge and whose named graphs are `named`."""
    copy = ox.Store()
    copy.bulk_extend(ox.Quad(q.subject, q.predicate, q.object, ox.DefaultGraph())
                     for q in store.quads_for_pattern(None, None, None, largest))
    copy.bulk_extend(ox.Quad(*triple, ox.DefaultGraph()) for triple in rest)
    for graph in named:
        copy.bulk_extend(store.quads_for_pattern(None, None, None, graph))
    return copy
