"""A default graph of several graphs, read as their RDF merge (a set), as SPARQL defines it (§13.2).

Oxigraph 0.5 reads a default graph of several graphs (`FROM <a> FROM <b>`, two `default-graph-uri`) as a bag: a
triple that two of them hold came back twice (oxigraph/oxigraph#1919), and a graph named twice was read twice. Here
the query reads a store of its own, in memory, holding the largest of those graphs, a graph of the triples of the
others that it does not hold, each once (the two make the default graph: disjoint, their union is the merge), and
the query's named graphs. Its cost grows with the graphs named (ISO catalogue + ISO Open Data, 1.27 M triples:
3.9 s); graphs that share no triple are read where they are (their union is their merge), and a query without a
dataset of its own, or with one graph, reads the worker's store as before.
"""

from __future__ import annotations

import pyoxigraph as ox

from graph.answer_prefixes import ABSOLUTE, declared
from graph.sparql_guard import UnclosedString, tokens

REST = ox.NamedNode("urn:vnqi:worker:rest-of-merge")  # only in a query's own store, never among its named graphs


def from_clauses(query: str) -> tuple[list[str], list[str]] | None:
    """The IRIs of the query's FROM and FROM NAMED clauses, with its prologue's prefixes; None when one cannot be
    read here (a relative IRI, an escape, an undeclared prefix): left to the engine, which resolves them."""
    prefixes = declared(query, empty=True)
    defaults: list[str] = []
    named: list[str] = []
    stream = tokens(query)
    try:
        for kind, text in stream:
            word = text.upper() if kind == "word" else ""
            if word == "BASE":
                return None  # relative IRIs are the engine's to resolve
            if word == "FROM":
                kind, text = next(stream, ("", ""))
                into = named if kind == "word" and text.upper() == "NAMED" else defaults
                if into is named:
                    kind, text = next(stream, ("", ""))
                iri = _iri(text) if kind == "iri" else _expanded(text, prefixes) if kind == "word" else None
                if iri is None or not _valid(iri):
                    return None
                into.append(iri)
    except UnclosedString:
        return None
    return defaults, named


def _iri(token: str) -> str | None:
    """An IRI token's IRI when it is absolute and has no escape, else None."""
    iri = token[1:-1]
    return iri if token.startswith("<") and "\\" not in iri and ABSOLUTE.match(iri) else None


def _valid(iri: str) -> bool:
    """Whether the engine takes `iri` as an IRI (an invalid one is left to it, so that its error is the usual one)."""
    try:
        ox.NamedNode(iri)
    except ValueError:
        return False
    return True


def _expanded(pname: str, prefixes: dict[str, str]) -> str | None:
    """A prefixed name's IRI (None: an undeclared prefix or an escape in the local name)."""
    prefix, colon, local = pname.partition(":")
    if not colon or prefix not in prefixes or "\\" in local:
        return None
    return prefixes[prefix] + local


def listed(query: str, default_graphs: list[str], named_graphs: list[str],
           declares: bool) -> tuple[list[str], list[str]] | None:
    """The dataset's graphs when its default graph is named more than once (the protocol's, else the query's own
    when it `declares` one), else None (one graph, none, or clauses left to the engine)."""
    found = (default_graphs, named_graphs) if default_graphs or named_graphs else \
        from_clauses(query) if declares else None
    return found if found is not None and len(found[0]) > 1 else None


def merged(store: ox.Store, defaults: list[str], named: list[str]) -> tuple[ox.Store, dict]:
    """The store to query and its dataset options: an in-memory store of the query's own whose default graph is the
    merge of `defaults` and whose named graphs are `named` (none of the worker's stores is ever written: one may be
    shared by threads, `memory:`, and an in-memory store does not give back what a removed graph took)."""
    graphs = [ox.NamedNode(iri) for iri in dict.fromkeys(defaults)]
    named_nodes = [ox.NamedNode(iri) for iri in named]
    if len(graphs) == 1:  # one graph named twice: read once
        return store, {"default_graph": graphs, "named_graphs": named_nodes}
    largest = max(graphs, key=lambda graph: _size(store, graph))
    rest, overlap = _rest(store, largest, [graph for graph in graphs if graph != largest])
    if not overlap:  # graphs that share no triple: their union is their merge, read where they are
        return store, {"default_graph": graphs, "named_graphs": named_nodes}
    return _copied(store, largest, rest, named_nodes), {"default_graph": [largest, REST],
                                                        "named_graphs": named_nodes}


def _size(store: ox.Store, graph: ox.NamedNode) -> int:
    """How many triples a graph holds."""
    answer = store.query("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }", default_graph=[],
                         named_graphs=[graph])
    return int(next(iter(answer))["n"].value)  # type: ignore[index, union-attr]


def _rest(store: ox.Store, largest: ox.NamedNode, others: list[ox.NamedNode]) -> tuple[list[tuple], bool]:
    """The triples of `others` that `largest` does not hold, each once, in order; and whether any was left out (the
    graphs overlap)."""
    seen: dict[tuple, None] = {}
    overlap = False
    for graph in others:
        for quad in store.quads_for_pattern(None, None, None, graph):
            triple = (quad.subject, quad.predicate, quad.object)
            if triple in seen or ox.Quad(*triple, largest) in store:
                overlap = True
            else:
                seen[triple] = None
    return list(seen), overlap


def _copied(store: ox.Store, largest: ox.NamedNode, rest: list[tuple], named: list[ox.NamedNode]) -> ox.Store:
    """An in-memory store with the largest graph, the rest of the merge (in REST) and the `named` graphs, terms as
    they are (a blank node that two graphs share stays one node: a dump and a load would rename them apart)."""
    copy = ox.Store()
    for graph in dict.fromkeys([largest, *named]):
        copy.bulk_extend(store.quads_for_pattern(None, None, None, graph))
    copy.bulk_extend(ox.Quad(*triple, REST) for triple in rest)
    return copy
