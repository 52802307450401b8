"""The dependency graph's entities held as columns (graph/impact_entities.py) give the Entity the facts say: the
first class, label per language and value of each fact; only xsd:date values as dates; which fact gave a date; the
acts ending a document. Made-up documents and organisations, none real."""
from __future__ import annotations

from datetime import date

import pytest

from graph.impact_entities import load_entities
from graph.impact_model import Entity
from tests.made_up import ID, store_of

DATA = """<doc/law> a vnqi:Law ; rdfs:label "Luật thử"@vi, "Test law"@en ; dcterms:identifier "1/2000/QH10" ;
    eli:date_document "1999-12-01"^^xsd:date ; eli:first_date_entry_in_force "2000-01-01"^^xsd:date ;
    vnqi:factStatus <https://w3id.org/vnqi/id/code/fact-status/unverified> .
<doc/law/dieu-1> a vnqi:Article ; rdfs:label "Điều 1"@vi ; eli:is_part_of <doc/law> .
<doc/odd> a vnqi:Decree ; eli:first_date_entry_in_force "2001-02-30"^^xsd:date ;
    eli:date_no_longer_in_force "2005"^^xsd:gYear ; eli:date_document "2000-05-05" .
<org/body> a vnqi:Organization ; rdfs:label "Body"@en ; vnqi:founded "1990-03-04"^^xsd:date ;
    vnqi:dissolved "2010-06-07"^^xsd:date .
<doc/new> a vnqi:Law ; rdfs:label "Luật mới"@vi ; vnqi:repeals <doc/law> ;
    eli:first_date_entry_in_force "2020-07-01"^^xsd:date .
<untyped> rdfs:label "no class"@vi .
<org/two> a vnqi:Organization ; vnqi:founded "1980-01-01"^^xsd:date ; eli:first_date_entry_in_force "2000-01-01"^^xsd:date ;
    vnqi:withdrawnDate "2011-01-01"^^xsd:date ; vnqi:dissolved "2012-01-01"^^xsd:date .
<org/three> a vnqi:Organization ; vnqi:withdrawnDate "2011-01-01"^^xsd:date ; vnqi:dissolved "2012-01-01"^^xsd:date ;
    eli:date_no_longer_in_force "2013-01-01"^^xsd:date .
<doc/zoned> a vnqi:Decree ; eli:first_date_entry_in_force "2020-01-01Z"^^xsd:date ;
    eli:date_document "2019-05-05+07:00"^^xsd:date ; eli:date_no_longer_in_force "2021-01-01T00:00:00"^^xsd:dateTime .
"""


@pytest.fixture(scope="module")
def table():  # type: ignore[no-untyped-def]
    return load_entities(store_of(DATA))


def test_an_entity_is_made_from_its_row(table) -> None:  # type: ignore[no-untyped-def]
    law = table[ID + "doc/law"]
    assert law == Entity(iri=ID + "doc/law", kind="Law", labels={"vi": "Luật thử", "en": "Test law"},
                         identifier="1/2000/QH10", in_force=date(2000, 1, 1), issued=date(1999, 12, 1),
                         status="unverified", ends=law.ends)
    assert [(end.act, end.on, end.status) for end in law.ends] == [(ID + "doc/new", date(2020, 7, 1), None)]
    assert table[ID + "doc/law/dieu-1"] == Entity(iri=ID + "doc/law/dieu-1", kind="Article", labels={"vi": "Điều 1"})


def test_only_days_are_dates_and_the_fact_giving_a_date_is_kept(table) -> None:  # type: ignore[no-untyped-def]
    odd = table[ID + "doc/odd"]  # an impossible day, a year, a plain string: no date at all
    assert (odd.in_force, odd.ended, odd.issued, odd.labels) == (None, None, None, {})
    body = table[ID + "org/body"]
    assert (body.in_force, body.start_kind, body.ended, body.end_kind) == \
        (date(1990, 3, 4), "founded", date(2010, 6, 7), "dissolved")
    assert table[ID + "doc/law"].start_kind == "in-force" and table[ID + "doc/law"].end_kind == "in-force"


def test_the_table_is_a_read_only_mapping_of_typed_entities(table) -> None:  # type: ignore[no-untyped-def]
    iris = {ID + p for p in ("doc/law", "doc/law/dieu-1", "doc/odd", "org/body", "doc/new", "org/two", "org/three",
                             "doc/zoned")}
    assert set(table) == iris and len(table) == 8 and ID + "untyped" not in table
    assert table.get(ID + "untyped") is None
    with pytest.raises(KeyError):
        table[ID + "untyped"]
    assert table[ID + "doc/law"] == table[ID + "doc/law"]


def test_which_fact_gives_a_date_does_not_hang_on_row_order(table) -> None:  # type: ignore[no-untyped-def]
    """Entry into force before founding; end of validity before dissolution before withdrawal, whatever order the
    store returns them in; a time zone does not make a day any less a day, a dateTime is not one."""
    two, three, zoned = table[ID + "org/two"], table[ID + "org/three"], table[ID + "doc/zoned"]
    assert (two.in_force, two.start_kind, two.ended, two.end_kind) == \
        (date(2000, 1, 1), "in-force", date(2012, 1, 1), "dissolved")
    assert (three.ended, three.end_kind) == (date(2013, 1, 1), "in-force")
    assert (zoned.in_force, zoned.issued, zoned.ended) == (date(2020, 1, 1), date(2019, 5, 5), None)


def test_the_dependency_graph_shares_its_attribute_dicts_and_iri_strings() -> None:
    """Edges of equal rule, strength and status share one attribute dict, nodes one empty dict, and node keys are
    the entity table's strings; the edges are those the rules give (a law detailed by two decrees)."""
    from graph.dependencies import build_graph

    graph = build_graph(store_of(DATA + """
<doc/d1> a vnqi:Decree ; vnqi:details <doc/law> . <doc/d2> a vnqi:Decree ; vnqi:details <doc/law> .""", rules=True))
    edges = {(u.removeprefix(ID), v.removeprefix(ID)): d for u, v, d in graph.graph.edges(data=True)}
    assert {("doc/law", "doc/d1"), ("doc/law", "doc/d2")} <= set(edges)
    assert edges[("doc/law", "doc/d1")] is edges[("doc/law", "doc/d2")]
    assert len({id(d) for d in edges.values()}) == len({tuple(d.values()) for d in edges.values()})
    assert len({id(graph.graph.nodes[n]) for n in graph.graph}) == 1
    table = graph.entities
    assert all(n is table.canonical(n) for n in graph.graph if n in table)
    assert all(n is next(i for i in table if i == n) for n in list(graph.graph)[:3] if n in table)
