"""SPARQL 1.1 Graph Store HTTP Protocol operations on one graph, as SPARQL Updates on the version machinery.

A write (PUT, POST, DELETE) becomes an equivalent SPARQL Update — `DROP SILENT GRAPH <g> ; INSERT DATA { GRAPH <g>
{ … } }` — so it is validated, switched to atomically and logged for rebuilds exactly like an update sent to
/sparql (graph/update.py). The update is written only from terms re-serialised by the parser (N-Triples syntax,
escaped), never from the uploaded text. Parsing makes no request: pyoxigraph refuses JSON-LD remote contexts and
RDF/XML external entities. A graph exists when it holds at least one triple (versions are written as N-Quads, in
which an empty graph cannot be kept).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from graph.errors import LoadError, NotFound, NotRepresentable, QueryError
from graph.gsp_conditions import Conditions
from graph.rdf_guard import check_rdfxml
from graph.update import Change, transact
from graph.xml_check import refusal

DEFAULT = None  # the target of `?default`: the store's own default graph
Target = str | None
NO_CONDITIONS = Conditions()
FORMATS = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/x-turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
    "application/ld+json": ox.RdfFormat.JSON_LD,
}


class RdfSyntaxError(LoadError):
    """The uploaded RDF cannot be parsed; carries the parser's line and column when it gives them."""

    def __init__(self, message: str, line: int | None = None, column: int | None = None) -> None:
        super().__init__(message)
        self.line, self.column = line, column


class BadGraphName(QueryError):
    """The graph parameter is not an absolute IRI."""


@dataclass(frozen=True)
class Written:
    """The outcome of a write: the change made, and whether it created the graph."""

    change: Change
    created: bool


def graph_node(iri: str) -> ox.NamedNode:
    """The graph named by a request parameter, refusing anything that is not an absolute IRI."""
    try:
        return ox.NamedNode(iri)
    except ValueError as exc:
        raise BadGraphName(f"the graph name {iri!r} is not an absolute IRI: {exc}") from exc


def parse(body: bytes, media_type: str, base_iri: str) -> list[str]:
    """The triples of an upload as N-Triples lines; RdfSyntaxError with line and column when it is malformed."""
    if FORMATS[media_type] == ox.RdfFormat.RDF_XML:
        try:
            check_rdfxml(body.decode("utf-8", errors="replace"))  # entity expansion bombs, external entities
        except LoadError as exc:
            raise RdfSyntaxError(str(exc)) from exc
    try:
        triples = [q.triple for q in ox.parse(body, FORMATS[media_type], base_iri=base_iri,
                                              without_named_graphs=True, rename_blank_nodes=True)]
    except SyntaxError as exc:
        raise RdfSyntaxError(f"the {media_type} body cannot be parsed: {exc.msg}", exc.lineno, exc.offset) from exc
    except ValueError as exc:
        raise RdfSyntaxError(f"the {media_type} body cannot be parsed: {exc}") from exc
    for triple in triples:
        if isinstance(triple.subject, ox.Triple) or isinstance(triple.object, ox.Triple):
            raise RdfSyntaxError("triple terms (RDF 1.2 reification) are not supported in uploaded graphs")
    return [f"{t.subject} {t.predicate} {t.object} ." for t in triples]


def exists(store: ox.Store, target: Target) -> bool:
    """True when the graph holds at least one triple (the default graph always exists)."""
    graph = ox.DefaultGraph() if target is DEFAULT else ox.NamedNode(target)
    return target is DEFAULT or next(iter(store.quads_for_pattern(None, None, None, graph)), None) is not None


def _drop(target: Target) -> str:
    """The update that empties the target graph."""
    return "DROP SILENT DEFAULT" if target is DEFAULT else f"DROP SILENT GRAPH {ox.NamedNode(target)}"


def _insert(target: Target, lines: list[str]) -> str:
    """INSERT DATA of N-Triples lines into the target graph (empty when there are none). The lines and the graph
    name are terms re-serialised by pyoxigraph (`parse` above, `ox.NamedNode`), never the uploaded text: escaped,
    so they cannot close the block. pyoxigraph's update takes no bound data, hence the text."""
    if not lines:
        return ""
    body = "\n".join(lines)
    inner = body if target is DEFAULT else f"GRAPH {ox.NamedNode(target)} {{\n{body}\n}}"
    return f"INSERT DATA {{\n{inner}\n}}"


class _Plan:
    """Builds the update from the working copy (inside the write lock), noting whether the graph existed."""

    def __init__(self, method: str, target: Target, lines: list[str], conditions: Conditions) -> None:
        self.method, self.target, self.lines, self.conditions = method, target, lines, conditions
        self.existed = False

    def __call__(self, store: ox.Store) -> str:
        self.existed = exists(store, self.target)
        if self.method == "DELETE" and not self.existed:
            raise NotFound(f"no graph named <{self.target}> in the store")
        self.conditions.check(self.existed, reading=False)  # in the write lock: no other write in between
        if self.method == "DELETE":
            return _drop(self.target)
        parts = [_drop(self.target)] if self.method == "PUT" else []
        parts.append(_insert(self.target, self.lines))
        return " ;\n".join(p for p in parts if p)


def write(var_dir: Path, method: str, target: Target, lines: list[str], base_iri: str | None = None,
          conditions: Conditions = NO_CONDITIONS) -> Written:
    """PUT (replace), POST (merge, with at least one triple) or DELETE one graph as a validated, logged version,
    if the request's conditions hold."""
    plan = _Plan(method, target, lines, conditions)
    change = transact(var_dir, plan, base_iri)
    created = not plan.existed and target is not DEFAULT and bool(lines) and method != "DELETE"
    return Written(change, created)


def prefixes_for(fmt: ox.RdfFormat, prefixes: dict[str, str]) -> dict[str, dict[str, str]]:
    """The `prefixes` argument of pyoxigraph's serialisers for the formats that use them (Turtle, RDF/XML)."""
    return {"prefixes": prefixes} if fmt in (ox.RdfFormat.TURTLE, ox.RdfFormat.RDF_XML) else {}


def serialize(store: ox.Store, target: Target, fmt: ox.RdfFormat, prefixes: dict[str, str]) -> bytes:
    """The triples of the target graph in `fmt`."""
    graph = ox.DefaultGraph() if target is DEFAULT else ox.NamedNode(target)
    return well_formed(store.dump(format=fmt, from_graph=graph, **prefixes_for(fmt, prefixes)), fmt)


def well_formed(body: bytes, fmt: ox.RdfFormat) -> bytes:
    """The body, unless it is RDF/XML that is not well-formed XML (NotRepresentable: ask for another format)."""
    refused = refusal(body, "rdfxml") if fmt == ox.RdfFormat.RDF_XML else None
    if refused is not None:
        raise NotRepresentable(refused)
    return body
