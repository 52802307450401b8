"""A pySHACL-compatible SHACL engine for the shapes of this project, 10–20× faster than pySHACL on its data.

pySHACL stays the reference: this engine implements exactly the features the shapes use (sh:targetClass,
sh:targetSubjectsOf, SPARQL targets; predicate, sh:alternativePath and sh:inversePath paths; sh:class with the
rdfs:subClassOf closure of the data and ontology, datatype, nodeKind, min/maxCount, pattern, in, languageIn,
uniqueLang, minInclusive, or, not, qualifiedValueShape + qualifiedMinCount, property, SHACL-SPARQL constraints of
node shapes; severity and messages) with pySHACL's semantics (graph/shacl_fast_eval.py), and hands every
shape using anything else to pySHACL itself (`use_shapes`), never skipping one. The data graph is the same as
pySHACL's (the data with the ontology mixed in), held in Python indexes of its N-Triples lines for the core
constraints and in an in-memory Oxigraph store for the SPARQL parts (run once with ?this free when safe, as
graph/shacl_speed.py does for pySHACL; per focus node in rdflib otherwise).
tests/test_shacl_fast.py checks on real data with injected errors of every constraint kind that it reports
exactly what pySHACL reports.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from rdflib import Graph, URIRef

from graph.parts import parse_lines
from graph.shacl_fast_data import (
    Data,
    is_blank,
    is_iri,
    literal_kind,
    rdflib_term,
    text,
    token_of,
)
from graph.shacl_fast_eval import evaluate
from graph.shacl_fast_shapes import FastShape, compile_shapes
from graph.validate import ValidationReport, ValidationResult, validate

ENGINES = ("fast", "pyshacl")


@dataclass(frozen=True)
class Model:
    """Shapes compiled once, the shapes left to pySHACL, and the ontology as N-Triples lines (mixed into the data)."""

    shapes: tuple[FastShape, ...]
    unsupported: tuple[str, ...]
    shapes_graph: Graph
    ontology: Graph
    ontology_lines: tuple[str, ...]


def model(shapes: Graph, ontology: Graph) -> Model:
    """Compile the shapes; an unsupported shape that is a blank node cannot be named to pySHACL: refused."""
    supported, unsupported = compile_shapes(shapes)
    if any(not isinstance(node, URIRef) for node in unsupported):
        raise ValueError(f"unsupported blank-node shapes: {unsupported}")
    lines = tuple(line + "\n" for line in ontology.serialize(format="nt").splitlines() if line.strip())
    return Model(tuple(supported), tuple(str(n) for n in unsupported), shapes, ontology, lines)


def focus_nodes(shape: FastShape, data: Data) -> list[str]:
    """The targets of a shape, in a stable order."""
    found: dict[str, None] = {}
    for cls in shape.classes:
        found.update(dict.fromkeys(data.instances(cls)))
    for pred in shape.subjects_of:
        found.update(dict.fromkeys(data.subjects_of(pred)))
    for query in shape.queries:
        found.update(dict.fromkeys(token_of(row["this"]) for row in data.select(query) if "this" in row))
    return list(found)


def results(shapes: Iterable[FastShape], data: Data, only: frozenset[str] | None) -> list[ValidationResult]:
    """The results of every targeted shape, on the focus nodes in `only` (all if None)."""
    out = []
    for shape in shapes:
        focus = [f for f in focus_nodes(shape, data) if only is None or f in only]
        for raw in evaluate(shape, focus, data) if focus else ():
            f, source, *rest = raw
            path = source.path_text if len(rest) == 1 else (text(rest[0]) if rest[0] is not None else None)
            value = rest[-1]
            out.append(ValidationResult(focus=text(f), shape=source.text, severity=source.severity, path=path,
                                        value=None if value is None else text(value), value_iri=is_iri(value),
                                        value_blank=is_blank(value), **literal_kind(value),
                                        messages=dict(source.messages)))
    return out


def validate_lines(lines: Iterable[str], compiled: Model, only: Iterable[str] | None = None) -> ValidationReport:
    """Validate N-Triples lines (the ontology mixed in); `only`: N-Triples tokens of the focus nodes to keep."""
    lines = list(lines)
    data = Data(lines + list(compiled.ontology_lines))
    keep = None if only is None else frozenset(only)
    found = results(compiled.shapes, data, keep)
    if compiled.unsupported:
        focus = None if only is None else frozenset(rdflib_term(t) for t in only)
        report = validate(parse_lines(lines), compiled.shapes_graph, compiled.ontology, inplace=True, focus=focus,
                          use_shapes=list(compiled.unsupported))
        found += report.results
    return ValidationReport(not any(r.severity == "Violation" for r in found), tuple(found))
