"""SHACL validation of a dataset with pySHACL, returning a typed, bilingual report."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from pyshacl import validate as shacl_validate
from rdflib import BNode, Dataset, Graph, Literal, Node, URIRef
from rdflib.namespace import RDF, SH, XSD

from graph.shacl_paths import path_text
from graph.shacl_speed import fast_pyshacl

_SEVERITY = {SH.Violation: "Violation", SH.Warning: "Warning", SH.Info: "Info"}
PLAIN_DATATYPES = (str(XSD.string), str(RDF.langString))  # a value's datatype not worth showing
SHORT_DATATYPES = (("xsd", str(XSD)), ("rdf", str(RDF)))
QUOTED = str.maketrans({'"': '\\"', "\\": "\\\\", "\n": "\\n", "\r": "\\r"})


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
    value_iri: bool = False  # the value is an IRI (else a literal's lexical form or a blank node's _:label)
    value_blank: bool = False  # the value is a blank node (its _:label); a literal may read "_:x" too
    value_datatype: str | None = None  # a literal value's datatype IRI, unless xsd:string or rdf:langString
    value_lang: str | None = None  # a literal value's language tag

    def value_text(self) -> str | None:
        """The value as a reader should see it: a literal with its datatype or language ("2030-13-01"^^xsd:date,
        which a plain "2030-13-01" next to "must be an xsd:date" hid), else the IRI or the blank node's label."""
        if self.value is None or not (self.value_datatype or self.value_lang):
            return self.value
        quoted = '"' + self.value.translate(QUOTED) + '"'  # as Turtle writes it: "a\"b" is one literal
        if self.value_lang:
            return f"{quoted}@{self.value_lang}"
        short = next((f"{prefix}:{self.value_datatype[len(ns):]}" for prefix, ns in SHORT_DATATYPES
                      if self.value_datatype.startswith(ns)), f"<{self.value_datatype}>")
        return f"{quoted}^^{short}"

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


def validate(data: Graph | Dataset, shapes: Graph, ontology: Graph | None = None, *,
             inplace: bool = False, focus: frozenset[Node] | None = None,
             use_shapes: list[str] | None = None) -> ValidationReport:
    """Validate `data` (union of its graphs) against `shapes`; the ontology and code lists are visible to them.

    The ontology is passed as pySHACL's ont_graph (subclass targeting) and also added to the data graph, since
    pySHACL mixes in only RDFS/OWL axioms and the shapes read the code lists (e.g. numbering patterns). With
    `inplace` (a throw-away Graph), the ontology is added to `data` itself and pySHACL neither copies the data
    nor mixes the ontology in a second time (2 × 2 s on a 40,000-triple chunk of the ISO catalogue). With
    `focus`, only those nodes are validated (graph/shacl_speed.py, point 4). With `use_shapes` (IRIs), only those
    shapes (and the shapes they reference) are evaluated: graph/shacl_fast.py leaves the shapes it does not
    support to pySHACL that way.
    """
    if inplace and isinstance(data, Graph) and not isinstance(data, Dataset):
        for triple in ontology or ():
            data.add(triple)
        target, ont_graph = data, None
    else:
        target = union_graph(data) if ontology is None else union_graph(data) + ontology
        ont_graph = ontology
    with fast_pyshacl(focus):
        conforms, report_graph, _ = shacl_validate(
            target,
            shacl_graph=shapes,
            ont_graph=ont_graph,
            inference="none",
            allow_warnings=True,
            advanced=True,
            inplace=inplace,
            use_shapes=use_shapes or None,
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
            path=path_text(report.value(node, SH.resultPath), report, shapes),
            value=_text(value := report.value(node, SH.value)),
            value_iri=isinstance(value, URIRef),
            value_blank=isinstance(value, BNode),
            value_datatype=_datatype(value),
            value_lang=value.language if isinstance(value, Literal) else None,
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


def _datatype(node: Node | None) -> str | None:
    """A literal's datatype IRI, unless it is plain (xsd:string, rdf:langString) or the node is no literal."""
    datatype = node.datatype if isinstance(node, Literal) else None
    return str(datatype) if datatype is not None and str(datatype) not in PLAIN_DATATYPES else None
