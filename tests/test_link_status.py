"""A change is only as sure as the link it rests on (graph/link_status.py), judged per graph: a statement counts for
the graph that makes it and asserts the link, and a graph asserting the link without one makes it sure. The page,
the lists and impact analysis read it alike. Made-up documents, none real."""
from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from rdflib import Dataset, URIRef

from graph import entity_legal as legal
from graph.browse_legal import unsure_statuses
from graph.dependencies import dependency_graph
from graph.entity import fetch
from graph.impact import impact_of
from graph.impact_amendment import amendment_of, what_if
from graph.link_status import link_doubts
from graph.store import EmbeddedStore

ROOT = Path(__file__).resolve().parents[1]
ID = "https://w3id.org/vnqi/id/doc/"
STATUS = "https://w3id.org/vnqi/id/code/fact-status/"
REPLACES = "https://w3id.org/vnqi/def#replaces"
DETAILS_IRI = "https://w3id.org/vnqi/def#details"
DAY = date(2020, 1, 1)
PREFIXES = """@base <https://w3id.org/vnqi/id/> .
@prefix eli: <http://data.europa.eu/eli/ontology#> . @prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> . @prefix vnqi: <https://w3id.org/vnqi/def#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
"""


def _doc(name: str, start: str = "2010-01-01", extra: str = "") -> str:
    return f'<doc/{name}> a vnqi:Decree ; rdfs:label "{name}"@vi ; eli:first_date_entry_in_force "{start}"^^xsd:date {extra}.\n'


def _statement(act: str, doc: str, status: str) -> str:
    return (f"[] a rdf:Statement ; rdf:subject <doc/{act}> ; rdf:predicate vnqi:replaces ; rdf:object <doc/{doc}> ; "
            f"vnqi:factStatus <code/fact-status/{status}> .\n")


FIRST = PREFIXES + "".join(_doc(p) + _doc(r, "2015-01-01", f"; vnqi:replaces <doc/{p}> ")
                           for p, r in [("p1", "r1"), ("p2", "r2"), ("p3", "r3")]) + (
    _statement("r1", "p1", "unverified")  # only this graph says so, and only believes it
    + _statement("r2", "p2", "unverified")  # believed here, asserted plainly by SECOND
    + _statement("r3", "p3", "verified") + _statement("r3", "p3", "inferred")  # one sure statement suffices
    + _statement("r4", "p4", "verified")  # about a link this graph does not assert: not this graph's to judge
    + _doc("p5") + _doc("r5", "2015-01-01", "; vnqi:replaces <doc/p5> ; vnqi:factStatus <code/fact-status/unverified> ")
    + _statement("r5", "p5", "verified")  # a sure link does not make an unverified act sure
    + _doc("p6") + _doc("r6", "2015-01-01", "; vnqi:replaces <doc/p6> ; vnqi:repealsPartOf <doc/p6> ")
    + _statement("r6", "p6", "unverified"))  # the whole replacement only believed, next to a partial repeal
SECOND = PREFIXES + "<doc/r2> vnqi:replaces <doc/p2> .\n" + _doc("p4") + _doc(
    "r4", "2015-01-01", "; vnqi:replaces <doc/p4> ") + _statement("r4", "p4", "inferred")
UNSURE = {"p1": "unverified", "p4": "inferred", "p5": "unverified", "p6": "unverified"}
DETAILS = "".join(f"<doc/law{n}> a vnqi:Law ; rdfs:label \"law{n}\"@vi .\n<doc/d{n}> a vnqi:Decree ; rdfs:label \"d{n}\"@vi ; "
                  f"vnqi:details <doc/law{n}> .\n[] a rdf:Statement ; rdf:subject <doc/d{n}> ; rdf:predicate vnqi:details ; "
                  f"rdf:object <doc/law{n}> ; vnqi:factStatus <code/fact-status/{status}> .\n"
                  for n, status in [(1, "inferred"), (2, "verified-secondary"), (3, "unverified")])


@pytest.fixture(scope="module")
def store() -> EmbeddedStore:
    ds = Dataset()
    ds.graph(URIRef("https://w3id.org/vnqi/graph/data/first")).parse(data=FIRST, format="turtle")
    ds.graph(URIRef("https://w3id.org/vnqi/graph/data/first")).parse(data=PREFIXES + DETAILS, format="turtle")
    ds.graph(URIRef("https://w3id.org/vnqi/graph/data/second")).parse(data=SECOND, format="turtle")
    ds.graph(URIRef("https://w3id.org/vnqi/graph/data/second")).parse(data=PREFIXES + "<doc/d1> vnqi:details <doc/law1> .",
                                                                      format="turtle")
    ds.graph(URIRef("https://w3id.org/vnqi/graph/ontology/impact")).parse(ROOT / "ontology/impact.ttl")
    ds.graph(URIRef("https://w3id.org/vnqi/graph/ontology/legal")).parse(ROOT / "ontology/legal.ttl")
    st = EmbeddedStore(None)
    st.replace(ds)
    return st


def test_unsure_links_are_judged_per_graph(store: EmbeddedStore) -> None:
    # r2: asserted plainly by another graph; r3: one sure statement; r5: its link is sure (its act is not)
    assert link_doubts(store) == {(ID + "r1", REPLACES, ID + "p1"): STATUS + "unverified",
                                  (ID + "r4", REPLACES, ID + "p4"): STATUS + "inferred",
                                  (ID + "r6", REPLACES, ID + "p6"): STATUS + "unverified",
                                  (ID + "d3", DETAILS_IRI, ID + "law3"): STATUS + "unverified"}


@pytest.mark.parametrize("doc", ["p1", "p2", "p3", "p4", "p5", "p6"])
def test_the_page_says_a_status_rests_on_an_unsure_link(store: EmbeddedStore, doc: str) -> None:
    data, changes = fetch(store, ID + doc), legal.document_changes(store, ID + doc)
    assert legal.legal_status(data, changes, DAY, True) == "expired"
    basis = legal.unsure_basis(data, changes, DAY, True, "expired")
    assert [(c.act, c.status) for c in basis] == ([(ID + "r" + doc[1:], STATUS + UNSURE[doc])] if doc in UNSURE
                                                   else [])


def test_lists_and_impact_say_what_the_page_says(store: EmbeddedStore) -> None:
    assert {iri.removeprefix(ID) for iri in unsure_statuses(store, DAY)} == set(UNSURE)
    ends = {iri.removeprefix(ID): [(e.act.removeprefix(ID), e.status) for e in entity.ends]
            for iri, entity in dependency_graph(store).entities.items() if entity.ends}
    assert ends == {"p1": [("r1", "unverified")], "p2": [("r2", None)], "p3": [("r3", None)],
                    "p4": [("r4", "inferred")], "p5": [("r5", "unverified")], "p6": [("r6", "unverified")]}
    assert {act: amendment_of(store, ID + act).status for act in ("r1", "r2", "r3", "r4", "r5", "r6")} == {
        "r1": "unverified", "r2": None, "r3": None, "r4": "inferred", "r5": "unverified", "r6": None}


@pytest.mark.parametrize(("doc", "marked"), [("p1", "unverified"), ("p2", None), ("p3", "verified"),
                                             ("p4", "inferred")])
def test_a_page_marks_a_link_as_the_status_judges_it(store: EmbeddedStore, doc: str, marked: str | None) -> None:
    """p2: one graph believes the link, another asserts it plainly: the page marked it 'unverified' while its
    status, the lists and impact analysis held it sure."""
    act = "r" + doc[1:]
    statuses = fetch(store, ID + doc).statuses
    assert statuses.get((ID + act, REPLACES, ID + doc), (None,))[0] == (STATUS + marked if marked else None)


@pytest.mark.parametrize(("law", "status"), [(1, None), (2, None), (3, "unverified")])
def test_an_impact_path_is_as_sure_as_its_links(store: EmbeddedStore, law: int, status: str | None) -> None:
    # law1: believed by one graph, asserted plainly by another; law2: verified second-hand; law3: only believed.
    # The path said "verified (secondary)" and the finding was uncertain for law2, "inferred" for law1.
    report = impact_of(store, what_if(store, ID + f"law{law}", []), 1)
    [found] = [a for a in report.affected if a.entity.iri == ID + f"d{law}"]
    assert [[step.status for step in path] for path in found.paths] == [[status]]
    assert found.uncertain == (status is not None)


def test_a_page_shows_the_surest_of_several_statements_with_its_notes() -> None:
    """Bộ pháp điển states '67/2009/NĐ-CP amends 132/2008/NĐ-CP' twice, verified and inferred: the page showed
    whichever row came first."""
    ds = Dataset()
    ds.graph(URIRef("https://w3id.org/vnqi/graph/data/first")).parse(data=PREFIXES + """
        <doc/a> a vnqi:Decree ; vnqi:amends <doc/b> . <doc/b> a vnqi:Decree .
        [] a rdf:Statement ; rdf:subject <doc/a> ; rdf:predicate vnqi:amends ; rdf:object <doc/b> ;
           vnqi:factStatus <code/fact-status/inferred> ; <http://www.w3.org/2004/02/skos/core#note> "from the title"@en .
        [] a rdf:Statement ; rdf:subject <doc/a> ; rdf:predicate vnqi:amends ; rdf:object <doc/b> ;
           vnqi:factStatus <code/fact-status/verified> ; <http://www.w3.org/2004/02/skos/core#note> "from the text"@en .
        """, format="turtle")
    st = EmbeddedStore(None)
    st.replace(ds)
    for iri in (ID + "a", ID + "b"):
        assert fetch(st, iri).statuses == {(ID + "a", "https://w3id.org/vnqi/def#amends", ID + "b"):
                                           (STATUS + "verified", {"en": "from the text"})}
