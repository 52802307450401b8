"""Made-up documents for impact tests (none real): the Turtle prefixes they share and a store holding them."""

from __future__ import annotations

from pathlib import Path

from rdflib import Dataset, URIRef

from graph.store import EmbeddedStore

ROOT = Path(__file__).resolve().parents[1]
ID = "https://w3id.org/vnqi/id/"
PREFIXES = """@base <https://w3id.org/vnqi/id/> .
@prefix eli: <http://data.europa.eu/eli/ontology#> . @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix vnqi: <https://w3id.org/vnqi/def#> . @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
"""


def store_of(turtle: str, graph: str = "https://w3id.org/vnqi/graph/data/test", rules: bool = False) -> EmbeddedStore:
    """An in-memory store with `turtle` (PREFIXES prepended) in `graph`, and the impact rules with the legal classes
    (what a what-if may change) when `rules`."""
    ds = Dataset()
    ds.graph(URIRef(graph)).parse(data=PREFIXES + turtle, format="turtle")
    if rules:
        ds.graph(URIRef("https://w3id.org/vnqi/graph/ontology/impact")).parse(ROOT / "ontology/impact.ttl")
        ds.graph(URIRef("https://w3id.org/vnqi/graph/ontology/legal")).parse(ROOT / "ontology/legal.ttl")
    store = EmbeddedStore(None)
    store.replace(ds)
    return store
