"""The SPARQL 1.1 Service Description of /sparql, as RDF in the negotiated format."""

from __future__ import annotations

from fastapi import Request
from fastapi.responses import Response
from rdflib import BNode, Dataset, Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF

from api.negotiation import Offer
from graph.query import select

SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
FORMATS = Namespace("http://www.w3.org/ns/formats/")
RDFLIB_FORMAT = {"turtle": "turtle", "ntriples": "nt", "jsonld": "json-ld", "rdfxml": "xml", "trig": "trig",
                 "nquads": "nquads"}
RESULT_FORMATS = ("SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV", "SPARQL_Results_TSV",
                  "Turtle", "N-Triples", "JSON-LD", "RDF_XML", "TriG", "N-Quads")


def describe(endpoint: str, graphs: list[str]) -> Graph:
    """The description: endpoint, language, formats, union default graph and the named graphs."""
    g = Graph()
    g.bind("sd", SD)
    service, dataset, default = URIRef(endpoint + "#service"), BNode("dataset"), BNode("default")
    g.add((service, RDF.type, SD.Service))
    g.add((service, SD.endpoint, URIRef(endpoint)))
    g.add((service, SD.supportedLanguage, SD.SPARQL11Query))
    g.add((service, SD.feature, SD.UnionDefaultGraph))
    for fmt in RESULT_FORMATS:
        g.add((service, SD.resultFormat, FORMATS[fmt]))
    g.add((service, SD.defaultDataset, dataset))
    g.add((dataset, RDF.type, SD.Dataset))
    g.add((dataset, SD.defaultGraph, default))
    g.add((default, RDF.type, SD.Graph))
    for name in graphs:
        node = BNode()
        g.add((dataset, SD.namedGraph, node))
        g.add((node, SD.name, URIRef(name)))
    g.add((service, URIRef("http://purl.org/dc/terms/title"), Literal("vnqi SPARQL endpoint", lang="en")))
    return g


def service_description(request: Request, offer: Offer) -> Response:
    """Serialise the description of this endpoint (its URL as the client reached it)."""
    store = request.app.state.store
    graphs = [str(r["graph"]) for r in select(store, "graph-sizes").dicts()] if store is not None else []
    graph = describe(str(request.url.replace(query="", fragment="")).rstrip("?"), graphs)
    if offer.key in ("trig", "nquads"):  # dataset formats: the description in the default graph
        dataset = Dataset()
        dataset.namespace_manager = graph.namespace_manager
        for triple in graph:
            dataset.add(triple)
        graph = dataset
    body = graph.serialize(format=RDFLIB_FORMAT[offer.key], encoding="utf-8")
    return Response(body, media_type=offer.media_type, headers={"Vary": "Accept"})
