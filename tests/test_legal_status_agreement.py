"""A document's legal status is derived the same way on its page (graph/entity_legal.py), in class lists
(graph/browse_legal.py) and in impact analysis (graph/impact.py): made-up edge cases, tests/fixtures/legal_status_edges.ttl."""
from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from rdflib import Dataset, URIRef

from graph import entity_legal as legal
from graph.browse_legal import legal_statuses
from graph.entity import fetch
from graph.impact import impact_of, what_if
from graph.store import EmbeddedStore

ROOT = Path(__file__).resolve().parents[1]
ID = "https://w3id.org/vnqi/id/doc/"
DAY = date(2020, 1, 1)
# The same edge cases plus a law detailed by the doubly repealed decree f, for the impact walk.
EXTRA = """
@base <https://w3id.org/vnqi/id/> .
@prefix eli: <http://data.europa.eu/eli/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix vnqi: <https://w3id.org/vnqi/def#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
<doc/law> a vnqi:Law ; rdfs:label "Law"@vi ; dcterms:identifier "LAW" ;
    eli:first_date_entry_in_force "2000-01-01"^^xsd:date .
<doc/f> vnqi:details <doc/law> .
"""


@pytest.fixture(scope="module")
def store() -> EmbeddedStore:
    ds = Dataset()
    g = ds.graph(URIRef("https://w3id.org/vnqi/graph/data/review"))
    g.parse(ROOT / "tests/fixtures/legal_status_edges.ttl", format="turtle")
    g.parse(data=EXTRA, format="turtle")
    ds.graph(URIRef("https://w3id.org/vnqi/graph/ontology/impact")).parse(ROOT / "ontology/impact.ttl")
    st = EmbeddedStore(None)
    st.replace(ds)
    return st


def page_status(store: EmbeddedStore, iri: str) -> str:
    return legal.legal_status(fetch(store, iri), legal.document_changes(store, iri), DAY, True)


def list_status(store: EmbeddedStore, iri: str) -> str:
    concept = legal_statuses(store, DAY).get(iri)
    return legal.STATUS_KEYS[concept.rsplit("/", 1)[-1]] if concept else "unknown"


@pytest.mark.parametrize("doc", ["a", "b", "c"])
def test_list_derives_what_the_page_derives(store: EmbeddedStore, doc: str) -> None:
    # a: repealsPartOf + an effect of the same act on the doc   (page in-force, list partly-in-force)
    # b: repeals + an effect of the same act on a provision only (page in-force, list expired)
    # c: a repeal effect naming only a provision                 (page partly-in-force, list in-force)
    assert list_status(store, ID + doc) == page_status(store, ID + doc)


def test_impact_is_as_unsure_of_an_end_as_the_page(store: EmbeddedStore) -> None:
    # f is repealed by xf1 (no fact status) and xf2 (unverified): its page says "expired", resting on unverified
    # information (unsure_basis names xf2); the impact walk excludes it as certainly ended.
    data, changes = fetch(store, ID + "f"), legal.document_changes(store, ID + "f")
    assert legal.unsure_basis(data, changes, DAY, True, "expired")  # the page: unsure
    report = impact_of(store, what_if(store, "LAW", [], "amended", DAY), 2)
    assert ID + "f" in {a.entity.iri for a in report.affected}, [e.iri for e, _ in report.excluded]
