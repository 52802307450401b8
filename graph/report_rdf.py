"""A ValidationReport as a SHACL validation report graph (for Turtle/JSON-LD answers of /validate)."""

from __future__ import annotations

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, SH, XSD

from graph.namespaces import bind_all
from graph.shacl_paths import path_node
from graph.validate import ValidationReport, ValidationResult

_SEVERITY = {"Violation": SH.Violation, "Warning": SH.Warning, "Info": SH.Info}


def _node(text: str) -> URIRef | BNode:
    """An IRI for IRI-looking focus nodes and shapes, a blank node otherwise."""
    return URIRef(text) if "://" in text or text.startswith("urn:") else BNode(text)


def _value(result: ValidationResult) -> URIRef | BNode | Literal:
    """sh:value as the term it was: an IRI, a blank node, or a literal with its datatype or language."""
    if result.value_iri:
        return URIRef(result.value or "")
    if result.value_blank:
        return BNode()  # a blank node of the validated data: its label means nothing outside it
    return Literal(result.value, lang=result.value_lang,
                   datatype=URIRef(result.value_datatype) if result.value_datatype else None)


def report_graph(report: ValidationReport) -> Graph:
    """sh:ValidationReport with one sh:ValidationResult per result, messages in every language."""
    g = Graph()
    bind_all(g)
    root = BNode()
    g.add((root, RDF.type, SH.ValidationReport))
    g.add((root, SH.conforms, Literal(report.conforms, datatype=XSD.boolean)))
    for result in report.results:
        node = BNode()
        g.add((root, SH.result, node))
        g.add((node, RDF.type, SH.ValidationResult))
        g.add((node, SH.focusNode, _node(result.focus)))
        g.add((node, SH.sourceShape, _node(result.shape)))
        g.add((node, SH.resultSeverity, _SEVERITY[result.severity]))
        if result.path:
            g.add((node, SH.resultPath, path_node(result.path, g)))
        if result.value is not None:
            g.add((node, SH.value, _value(result)))
        for lang, text in result.messages.items():
            g.add((node, SH.resultMessage, Literal(text, lang=lang or None)))
    return g
