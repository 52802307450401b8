"""An ImpactReport as RDF (vocabulary of ontology/impact.ttl), for Turtle/JSON-LD/… answers of /impact."""

from __future__ import annotations

from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, XSD

from graph.dependencies import DependencyGraph
from graph.impact_model import Affected, ImpactReport, Step
from graph.impact_names import path_text
from graph.namespaces import CODE, VNQI, bind_all
from graph.sureness import FACT_STATUS

LANGS = ("vi", "en")


def _step(g: Graph, step: Step, index: int) -> BNode:
    """One vnqi:ExplanationStep node."""
    node = BNode()
    g.add((node, RDF.type, VNQI.ExplanationStep))
    g.add((node, VNQI.stepIndex, Literal(index)))
    g.add((node, VNQI.stepFrom, URIRef(step.source)))
    g.add((node, VNQI.stepTo, URIRef(step.target)))
    g.add((node, VNQI.viaRule, URIRef(step.rule)))
    g.add((node, VNQI.impactStrength, Literal(str(step.strength), datatype=XSD.decimal)))
    if step.status:
        g.add((node, VNQI.linkStatus, URIRef(FACT_STATUS + step.status)))
    return node


def _finding(g: Graph, graph: DependencyGraph, report: ImpactReport, affected: Affected) -> BNode:
    """One vnqi:ImpactFinding with its explaining paths."""
    node = BNode()
    g.add((node, RDF.type, VNQI.ImpactFinding))
    g.add((node, VNQI.impactedEntity, URIRef(affected.entity.iri)))
    g.add((node, VNQI.distance, Literal(affected.distance)))
    g.add((node, VNQI.impactStrength, Literal(str(affected.strength), datatype=XSD.decimal)))
    g.add((node, VNQI.impactRole, URIRef(affected.role)))
    g.add((node, VNQI.uncertain, Literal(report.uncertain(affected))))
    for path in affected.paths:
        p = BNode()
        g.add((node, VNQI.explanation, p))
        g.add((p, RDF.type, VNQI.ExplanationPath))
        for lang in LANGS:
            g.add((p, RDFS.label, Literal(path_text(graph, path, lang), lang=lang)))
        for index, step in enumerate(path, start=1):
            g.add((p, VNQI.hasStep, _step(g, step, index)))
    return node


def _header(g: Graph, report: ImpactReport) -> BNode:
    """The vnqi:ImpactReport node: what changes, when, by which act, how deep."""
    root = BNode()
    g.add((root, RDF.type, VNQI.ImpactReport))
    amendment = report.amendment
    for target in amendment.targets:
        g.add((root, VNQI.changedEntity, URIRef(target)))
    if amendment.act:
        g.add((root, VNQI.amendingAct, URIRef(amendment.act)))
    for change in amendment.change.split("+"):
        g.add((root, VNQI.changeType, CODE[f"effect-type/{change}"]))
    if amendment.effective:
        g.add((root, VNQI.changeDate, Literal(amendment.effective)))
    if report.on:
        g.add((root, VNQI.referenceDate, Literal(report.on)))
    g.add((root, VNQI.maxDepth, Literal(report.depth)))
    g.add((root, VNQI.pending, Literal(report.pending)))
    return root


def report_graph(graph: DependencyGraph, report: ImpactReport, reasons: dict[str, dict[str, str]]) -> Graph:
    """The report as a graph; `reasons` gives each excluded entity's reason by language."""
    g = Graph()
    bind_all(g)
    root = _header(g, report)
    for affected in report.affected:
        g.add((root, VNQI.affects, URIRef(affected.entity.iri)))
        g.add((root, VNQI.finding, _finding(g, graph, report, affected)))
    for entity, _ in report.excluded:
        node = BNode()
        g.add((root, VNQI.exclusion, node))
        g.add((node, RDF.type, VNQI.ImpactExclusion))
        g.add((node, VNQI.impactedEntity, URIRef(entity.iri)))
        for lang, text in reasons.get(entity.iri, {}).items():
            g.add((node, VNQI.exclusionReason, Literal(text, lang=lang)))
    return g


def serialize(g: Graph, rdflib_format: str) -> str:
    """The graph in an rdflib format; quad formats (TriG, N-Quads) put it in the default graph of a dataset."""
    if rdflib_format not in ("trig", "nquads"):
        return g.serialize(format=rdflib_format)
    dataset = Dataset()
    bind_all(dataset)
    for triple in g:
        dataset.add(triple)
    return dataset.serialize(format=rdflib_format)
