"""SHACL validation of a dataset with pySHACL, returning a typed, bilingual report."""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache

from pyshacl import validate as shacl_validate
from rdflib import Dataset, Graph, Literal, Node, URIRef
from rdflib.namespace import RDF, SH
from rdflib.plugins.sparql.processor import SPARQLProcessor, prepareQuery

_SEVERITY = {SH.Violation: "Violation", SH.Warning: "Warning", SH.Info: "Info"}


@dataclass(frozen=True)
class ValidationResult:
    """One SHACL result: focus node, path, shape, severity and messages by language."""

    focus: str
    shape: str
    severity: str
    path: str | None
    value: str | None
    messages: dict[str, str]
    graph: str | None = None

    def message(self, lang: str = "vi") -> str:
        """The message in `lang`, falling back to English, Vietnamese, then any."""
        for key in (lang, "en", "vi", ""):
            if key in self.messages:
                return self.messages[key]
        return next(iter(self.messages.values()), "")


@dataclass(frozen=True)
class ValidationReport:
    """Outcome of a validation: conforms (no violation) and every result."""

    conforms: bool
    results: tuple[ValidationResult, ...] = field(default_factory=tuple)

    @property
    def violations(self) -> tuple[ValidationResult, ...]:
        """Results of severity Violation."""
        return tuple(r for r in self.results if r.severity == "Violation")

    @property
    def warnings(self) -> tuple[ValidationResult, ...]:
        """Results of severity Warning."""
        return tuple(r for r in self.results if r.severity == "Warning")


def union_graph(data: Graph | Dataset) -> Graph:
    """A plain Graph with every triple of a Dataset's graphs (the default graph is the union)."""
    if not isinstance(data, Dataset):
        return data
    union = Graph()
    for s, p, o, _ in data.quads((None, None, None, None)):
        union.add((s, p, o))
    return union


_PATCH_LOCK = threading.Lock()


@lru_cache(maxsize=512)
def _prepared(query: str, base: str | None, namespaces: tuple[tuple[str, str], ...]):  # type: ignore[no-untyped-def]
    """Parse and translate a SPARQL query once (prepared queries are reusable by design)."""
    return prepareQuery(query, initNs=dict(namespaces), base=base)


@contextmanager
def _parse_once() -> Iterator[None]:
    """While validating, let rdflib reuse parsed SHACL-SPARQL queries.

    pySHACL runs each SPARQL constraint once per focus node with the query as a string, and rdflib re-parses it
    every time: about 90% of the validation time here. The swap is scoped, locked and always undone.
    """
    original = SPARQLProcessor.query

    def query(self, strOrQuery, initBindings=None, initNs=None, base=None, DEBUG=False):  # type: ignore[no-untyped-def]
        if isinstance(strOrQuery, str):
            strOrQuery = _prepared(strOrQuery, base, tuple(sorted((k, str(v)) for k, v in (initNs or {}).items())))
        return original(self, strOrQuery, initBindings, initNs, base, DEBUG)

    with _PATCH_LOCK:
        SPARQLProcessor.query = query  # type: ignore[method-assign]
        try:
            yield
        finally:
            SPARQLProcessor.query = original  # type: ignore[method-assign]


def validate(data: Graph | Dataset, shapes: Graph, ontology: Graph | None = None) -> ValidationReport:
    """Validate `data` (union of its graphs) against `shapes`; the ontology and code lists are visible to them.

    The ontology is passed as pySHACL's ont_graph (subclass targeting) and also added to the data graph, since
    pySHACL mixes in only RDFS/OWL axioms and the shapes read the code lists (e.g. numbering patterns).
    """
    target = union_graph(data) if ontology is None else union_graph(data) + ontology
    with _parse_once():
        conforms, report_graph, _ = shacl_validate(
            target,
            shacl_graph=shapes,
            ont_graph=ontology,
            inference="none",
            allow_warnings=True,
            advanced=True,
        )
    results = tuple(_results(report_graph, shapes))
    has_violation = any(r.severity == "Violation" for r in results)
    return ValidationReport(conforms=bool(conforms) and not has_violation, results=results)


def _results(report: Graph, shapes: Graph) -> Iterable[ValidationResult]:
    """Typed results from a pySHACL report graph; messages from the result or its shape."""
    roots = report.subjects(RDF.type, SH.ValidationReport)
    for node in (result for root in roots for result in report.objects(root, SH.result)):  # not sh:detail
        shape = report.value(node, SH.sourceShape)
        messages = _messages(report.objects(node, SH.resultMessage))
        if shape is not None:
            messages = _messages(shapes.objects(shape, SH.message)) | messages
        yield ValidationResult(
            focus=_text(report.value(node, SH.focusNode)) or "",
            shape=_text(shape) or "",
            severity=_SEVERITY.get(report.value(node, SH.resultSeverity), "Violation"),  # type: ignore[arg-type]
            path=_text(report.value(node, SH.resultPath)),
            value=_text(report.value(node, SH.value)),
            messages=messages,
        )


def _messages(literals: Iterable[Node]) -> dict[str, str]:
    """Messages keyed by language tag ('' when untagged)."""
    return {(lit.language or ""): str(lit) for lit in literals if isinstance(lit, Literal)}


def _text(node: Node | None) -> str | None:
    """N3-free string form of a node (IRI or literal lexical form)."""
    if node is None:
        return None
    return str(node) if isinstance(node, (URIRef, Literal)) else node.n3()
