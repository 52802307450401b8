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
from graph.impact import impact_of
from graph.impact_amendment import what_if
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
    ds.graph(URIRef("https://w3id.org/vnqi/graph/ontology/legal")).parse(ROOT / "ontology/legal.ttl")
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


def test_a_statement_marks_only_what_its_own_graph_says() -> None:
    """35/2018/QH14 on a full build: the fact sheet only believes its entry into force (an unverified statement,
    not asserted) while Bộ pháp điển asserts the same date; the page marked Pháp điển's value "unverified"."""
    from graph.entity import fetch

    turtle = """
    @prefix eli: <http://data.europa.eu/eli/ontology#> . @prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
    @prefix vnqi: <https://w3id.org/vnqi/def#> . @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
    [] a rdf:Statement ; rdf:subject <https://w3id.org/vnqi/id/doc/x> ; rdf:predicate eli:first_date_entry_in_force ;
       rdf:object "2019-01-01"^^xsd:date ; vnqi:factStatus <https://w3id.org/vnqi/id/code/fact-status/unverified> .
    <https://w3id.org/vnqi/id/doc/x> a vnqi:Law .
    """
    ds = Dataset()
    ds.graph(URIRef("https://w3id.org/vnqi/graph/data/belief")).parse(data=turtle, format="turtle")
    alone = EmbeddedStore(None)
    alone.replace(ds)
    key = (ID + "x", "http://data.europa.eu/eli/ontology#first_date_entry_in_force", "2019-01-01")
    assert fetch(alone, ID + "x").statuses[key][0].endswith("/unverified")  # a belief alone: shown as such
    ds.graph(URIRef("https://w3id.org/vnqi/graph/data/asserting")).parse(data="""
        <https://w3id.org/vnqi/id/doc/x> <http://data.europa.eu/eli/ontology#first_date_entry_in_force>
        "2019-01-01"^^<http://www.w3.org/2001/XMLSchema#date> .""", format="turtle")
    both = EmbeddedStore(None)
    both.replace(ds)
    assert key not in fetch(both, ID + "x").statuses  # another graph asserts it: not marked by the belief
