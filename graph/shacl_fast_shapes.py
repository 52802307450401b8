"""The shapes graph compiled for graph/shacl_fast.py: each shape's targets, path, severity, messages and
constraints as plain values. A shape using anything not listed in SUPPORTED (or an implicit class target, a
complex path other than sh:alternativePath / sh:inversePath) is reported as unsupported and left to pySHACL."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from rdflib import Graph, Literal, Node, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS, SH

from graph.shacl_paths import path_text

SHAPE_TYPES = (SH.NodeShape, SH.PropertyShape)
TARGETS = (SH.targetClass, SH.targetSubjectsOf, SH.target)
# constraint parameters this engine evaluates, and shape predicates that do not validate anything
CONSTRAINTS = {SH["class"], SH.datatype, SH.nodeKind, SH.minCount, SH.maxCount, SH.pattern, SH["in"],
               SH.languageIn, SH.uniqueLang, SH.minInclusive, SH["or"], SH["not"], SH.qualifiedValueShape,
               SH.qualifiedMinCount, SH.sparql, SH.property}
IGNORED = {SH.name, SH.description, SH.message, SH.severity, SH.path, SH.order, SH.group, *TARGETS,
           SH.declare, SH.prefixes}
_SEVERITY = {SH.Violation: "Violation", SH.Warning: "Warning", SH.Info: "Info"}


class Unsupported(Exception):
    """A shape uses a SHACL feature graph/shacl_fast.py does not implement."""


@dataclass
class FastShape:
    """One shape, compiled."""

    node: Node
    text: str  # the shape as reported (graph/validate.py _text)
    path: tuple[str, tuple[str, ...]] | None  # ("pred" | "alt" | "inv", predicate tokens); None: node shape
    path_text: str | None
    severity: str
    messages: dict[str, str]
    constraints: list[tuple[str, Any]] = field(default_factory=list)
    properties: list[FastShape] = field(default_factory=list)
    classes: tuple[str, ...] = ()  # N-Triples tokens
    subjects_of: tuple[str, ...] = ()
    queries: tuple[str, ...] = ()  # sh:SPARQLTarget selects, prefixes applied

    @property
    def targeted(self) -> bool:
        """Whether the shape has targets of its own."""
        return bool(self.classes or self.subjects_of or self.queries)


def text(node: Node | None) -> str | None:
    """A node as graph/validate.py reports it."""
    if node is None:
        return None
    return str(node) if isinstance(node, (URIRef, Literal)) else node.n3()


def named(node: Node) -> str:
    """An rdflib IRI as an N-Triples token."""
    if not isinstance(node, URIRef):
        raise Unsupported(f"not an IRI: {node!r}")
    return f"<{node}>"


def prefixes(g: Graph, node: Node | None) -> str:
    """PREFIX lines of the sh:declare of a sh:prefixes node."""
    if node is None:
        return ""
    pairs = ((g.value(d, SH.prefix), g.value(d, SH.namespace)) for d in g.objects(node, SH.declare))
    return "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in sorted(pairs))


def query_text(g: Graph, node: Node) -> str:
    """The sh:select of a SPARQL target or constraint with its declared prefixes, then rdflib's default ones
    that the query uses and does not declare (rdflib, under pySHACL, resolves those too)."""
    declared = prefixes(g, g.value(node, SH.prefixes))
    select = str(g.value(node, SH.select))
    extra = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in Graph().namespaces()
                    if p and f"PREFIX {p}:" not in declared and re.search(rf"\b{re.escape(p)}:", select))
    return extra + declared + select


def compile_path(g: Graph, node: Node) -> tuple[str, tuple[str, ...]]:
    """A predicate, an alternative of predicates or an inverse predicate."""
    if isinstance(node, URIRef):
        return "pred", (named(node),)
    alt, inv = g.value(node, SH.alternativePath), g.value(node, SH.inversePath)
    if alt is not None and len(set(g.predicate_objects(node))) == 1:
        members = list(Collection(g, alt))
        if all(isinstance(m, URIRef) for m in members):
            return "alt", tuple(named(m) for m in members)
    if isinstance(inv, URIRef) and len(set(g.predicate_objects(node))) == 1:
        return "inv", (named(inv),)
    raise Unsupported(f"path {node!r}")


def _one(g: Graph, node: Node, param: URIRef) -> Node:
    """The single value of a parameter."""
    values = list(g.objects(node, param))
    if len(values) != 1:
        raise Unsupported(f"{len(values)} values of {param} on {node!r}")
    return values[0]


def _constraints(g: Graph, node: Node, memo: dict[Node, FastShape]) -> list[tuple[str, Any]]:
    """The constraints of a shape, in a fixed order."""
    out: list[tuple[str, Any]] = []
    present = set(g.predicates(node, None))
    out += [("class", named(c)) for c in g.objects(node, SH["class"])]
    out += [("datatype", d) for d in g.objects(node, SH.datatype)]
    out += [("nodeKind", k) for k in g.objects(node, SH.nodeKind)]
    for param in (SH.minCount, SH.maxCount):
        if param in present:
            out.append((param.removeprefix(str(SH)), int(_one(g, node, param))))  # type: ignore[arg-type]
    if SH.pattern in present:
        out.append(("pattern", re.compile(str(_one(g, node, SH.pattern)))))
    if SH["in"] in present:
        out.append(("in", frozenset(Collection(g, _one(g, node, SH["in"])))))  # rdflib terms, compared as pySHACL
    if SH.languageIn in present:
        out.append(("languageIn", frozenset(str(m).lower() for m in Collection(g, _one(g, node, SH.languageIn)))))
    if SH.uniqueLang in present and _one(g, node, SH.uniqueLang).toPython() is True:  # type: ignore[union-attr]
        out.append(("uniqueLang", True))
    out += [("minInclusive", m) for m in g.objects(node, SH.minInclusive)]
    for alternatives in g.objects(node, SH["or"]):
        out.append(("or", [compile_shape(g, m, memo) for m in Collection(g, alternatives)]))
    out += [("not", compile_shape(g, n, memo)) for n in g.objects(node, SH["not"])]
    if SH.qualifiedValueShape in present:
        out.append(("qualified", (compile_shape(g, _one(g, node, SH.qualifiedValueShape), memo),
                                  int(_one(g, node, SH.qualifiedMinCount)))))  # type: ignore[arg-type]
    out += [("sparql", _sparql(g, c)) for c in g.objects(node, SH.sparql)]
    return out


def _sparql(g: Graph, node: Node) -> str:
    """A SPARQL constraint's query; one with its own messages or other parameters is not supported."""
    extra = set(g.predicates(node, None)) - {RDF.type, SH.select, SH.prefixes}
    if extra or g.value(node, SH.select) is None:
        raise Unsupported(f"SPARQL constraint {node!r} with {sorted(extra)}")
    return query_text(g, node)


def _targets(g: Graph, node: Node) -> tuple[str, ...]:
    """The SPARQL targets of a shape (no other kind of sh:target)."""
    queries = []
    for target in g.objects(node, SH.target):
        if set(g.predicates(target, None)) - {RDF.type, SH.select, SH.prefixes} or \
                (target, RDF.type, SH.SPARQLTarget) not in g:
            raise Unsupported(f"target {target!r}")
        queries.append(query_text(g, target))
    return tuple(queries)


def compile_shape(g: Graph, node: Node, memo: dict[Node, FastShape]) -> FastShape:
    """One shape and the shapes it references."""
    if node in memo:
        return memo[node]
    present = set(g.predicates(node, None))
    unknown = {p for p in present if str(p).startswith(str(SH))} - CONSTRAINTS - IGNORED
    if unknown or (SH.qualifiedValueShape in present) != (SH.qualifiedMinCount in present):
        raise Unsupported(f"{node!r} uses {sorted(unknown)} (or half a qualified value shape)")
    if any((node, RDF.type, c) in g for c in (RDFS.Class, OWL.Class)):
        raise Unsupported(f"{node!r} is a class (implicit target)")
    path = g.value(node, SH.path)
    messages = {(m.language or ""): str(m) for m in g.objects(node, SH.message) if isinstance(m, Literal)}
    shape = FastShape(node, text(node) or "", None if path is None else compile_path(g, path), path_text(path, g),
                      _SEVERITY.get(g.value(node, SH.severity), "Violation"), messages)  # type: ignore[arg-type]
    memo[node] = shape
    shape.constraints = _constraints(g, node, memo)
    shape.properties = [compile_shape(g, p, memo) for p in g.objects(node, SH.property)]
    shape.classes = tuple(named(c) for c in g.objects(node, SH.targetClass))
    shape.subjects_of = tuple(named(p) for p in g.objects(node, SH.targetSubjectsOf))
    shape.queries = _targets(g, node)
    return shape


def compile_shapes(g: Graph) -> tuple[list[FastShape], list[Node]]:
    """The shapes that have targets, compiled, and those that are not supported (left to pySHACL)."""
    memo: dict[Node, FastShape] = {}
    supported, unsupported = [], []
    for node in sorted({s for p in TARGETS for s in g.subjects(p, None)}, key=str):
        try:
            supported.append(compile_shape(g, node, memo))
        except Unsupported:
            unsupported.append(node)
            memo = {k: v for k, v in memo.items() if k in {s.node for s in supported}}
    return supported, unsupported
