"""The SPARQL 1.1 Service Description of /sparql, as RDF in the negotiated format."""

from __future__ import annotations

from fastapi import Request
from fastapi.responses import Response
from rdflib import BNode, Dataset, Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF, RDFS
from starlette.concurrency import run_in_threadpool

from api.negotiation import Offer
from graph.store.base import Store

SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
FORMATS = Namespace("http://www.w3.org/ns/formats/")
RDFLIB_FORMAT = {"turtle": "turtle", "ntriples": "nt", "jsonld": "json-ld", "rdfxml": "xml", "trig": "trig",
                 "nquads": "nquads"}
RESULT_FORMATS = ("SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV", "SPARQL_Results_TSV",
                  "Turtle", "N-Triples", "JSON-LD", "RDF_XML", "TriG", "N-Quads")


UPDATE_GRAPH = {  # sd:UnionDefaultGraph holds for queries; what an update's default graph is, said plainly
    "en": "Queries: the default graph is the union of the named graphs. Updates (when enabled): the default graph "
          "is the store's own default graph; name the graphs to read or change with GRAPH.",
    "vi": "Truy vấn: đồ thị mặc định là hợp của các đồ thị có tên. Cập nhật (khi được bật): đồ thị mặc định là đồ "
          "thị mặc định riêng của kho; hãy nêu các đồ thị cần đọc hoặc thay đổi bằng GRAPH.",
}


def describe(endpoint: str, graphs: list[str], updates: bool = False) -> Graph:
    """The description: endpoint, languages (SPARQL Update when writes are enabled), formats, union default
    graph and the named graphs."""
    g = Graph()
    g.bind("sd", SD)
    service, dataset, default = URIRef(endpoint + "#service"), BNode("dataset"), BNode("default")
    g.add((service, RDF.type, SD.Service))
    g.add((service, SD.endpoint, URIRef(endpoint)))
    g.add((service, SD.supportedLanguage, SD.SPARQL11Query))
    if updates:
        g.add((service, SD.supportedLanguage, SD.SPARQL11Update))
    g.add((service, SD.feature, SD.UnionDefaultGraph))
    for lang, text in UPDATE_GRAPH.items():
        g.add((service, RDFS.comment, Literal(text, lang=lang)))
    for fmt in RESULT_FORMATS:
        g.add((service, SD.resultFormat, FORMATS[fmt]))
    g.add((service, SD.defaultDataset, dataset))
    g.add((dataset, RDF.type, SD.Dataset))
    g.add((dataset, SD.defaultGraph, default))
    g.add((default, RDF.type, SD.Graph))
    for name in graphs:
        node = BNode()
        g.add((dataset, SD.namedGraph, node))
        g.add((node, RDF.type, SD.NamedGraph))
        g.add((node, SD.name, URIRef(name)))
    g.add((service, URIRef("http://purl.org/dc/terms/title"), Literal("vnqi SPARQL endpoint", lang="en")))
    return g


async def service_description(request: Request, offer: Offer) -> Response:
    """Serialise the description of this endpoint (its URL as the client reached it), off the event loop: a remote
    store is asked over the network."""
    store = request.app.state.store
    endpoint = str(request.url.replace(query="", fragment="")).rstrip("?")
    updates = request.app.state.settings.write_token is not None and getattr(store, "path", None) is not None
    return await run_in_threadpool(_described, store, endpoint, updates, offer)  # updates: versions under var/ only


def _described(store: Store | None, endpoint: str, updates: bool, offer: Offer) -> Response:
    """The description of the store's named graphs (their names only: no triple is counted)."""
    graph = describe(endpoint, [str(name) for name in store.graphs()] if store is not None else [], updates=updates)
    if offer.key in ("trig", "nquads"):  # dataset formats: the description in the default graph
        dataset = Dataset()
        dataset.namespace_manager = graph.namespace_manager
        for triple in graph:
            dataset.add(triple)
        graph = dataset
    body = graph.serialize(format=RDFLIB_FORMAT[offer.key], encoding="utf-8")
    return Response(body, media_type=offer.media_type, headers={"Vary": "Accept"})
