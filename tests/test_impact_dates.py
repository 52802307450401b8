"""Impact analysis on a reference date: a document is in force on no day before it was issued, and the reason an
entity is left out says which fact of it does so (made-up documents and organisations, none real)."""
from __future__ import annotations

from datetime import date

import pytest

from graph.dependencies import dependency_graph
from graph.impact import impact_of
from graph.impact_amendment import amendment_of, what_if
from graph.impact_validity import exclusion, why_excluded
from graph.store import EmbeddedStore
from tests.made_up import ID, store_of

DATA = """<doc/law> a vnqi:Law ; rdfs:label "law"@vi ; dcterms:identifier "LAW" ;
    eli:first_date_entry_in_force "2000-01-01"^^xsd:date .
<doc/later> a vnqi:Circular ; rdfs:label "later"@vi ; eli:date_document "2020-12-10"^^xsd:date ; vnqi:guides <doc/law> .
<doc/fix> a vnqi:Circular ; rdfs:label "fix"@vi ; eli:date_document "2020-12-10"^^xsd:date .
<doc/fix/effect/1> a vnqi:AmendmentEffect ; vnqi:affectingDocument <doc/fix> ; vnqi:affectedDocument <doc/later> ;
    vnqi:effectType <https://w3id.org/vnqi/id/code/effect-type/amended> ; vnqi:effectiveDate "2020-01-15"^^xsd:date .
<doc/dated> a vnqi:Decree ; rdfs:label "dated"@vi ; eli:date_document "2010-01-01"^^xsd:date ;
    eli:first_date_entry_in_force "2019-01-01"^^xsd:date ; vnqi:details <doc/law> .
"""


@pytest.fixture(scope="module")
def store() -> EmbeddedStore:
    return store_of(DATA, "https://w3id.org/vnqi/graph/data/review", rules=True)


def test_a_document_issued_after_the_reference_date_is_left_out(store: EmbeddedStore) -> None:
    """A review: 06/2020/TT-BKHCN (issued 2020-12-10, no entry into force recorded) was a must-review finding of an
    amendment taking effect on 2018-07-01."""
    report = impact_of(store, what_if(store, "LAW", [], "amended", date(2018, 7, 1)), 2)
    graph = dependency_graph(store)
    left_out = {entity.iri.removeprefix(ID): exclusion(graph, entity, date(2018, 7, 1)).code
                for entity, _ in report.excluded}
    assert left_out == {"doc/later": "not-yet-issued", "doc/dated": "not-yet-in-force"}
    assert why_excluded(graph, graph.entity(ID + "doc/later"), date(2018, 7, 1)) == \
        "not yet issued on 2018-07-01 (issued 2020-12-10)"
    later = impact_of(store, what_if(store, "LAW", [], "amended", date(2021, 1, 1)), 2)
    assert {a.entity.iri.removeprefix(ID) for a in later.affected} == {"doc/later", "doc/dated"}


def test_changes_dated_before_their_act_was_issued_are_noted(store: EmbeddedStore) -> None:
    """06/2020/TT-BKHCN's 14 effects are dated 2020-01-15 (Bộ pháp điển), the circular was issued 2020-12-10: its
    report on 2020-06-01 applied them while leaving the act's own provisions out as not yet issued, without a word.
    Dates are kept as the data gives them (a decree may take effect retroactively); the report says so."""
    amendment = amendment_of(store, ID + "doc/fix")
    assert (amendment.effective, amendment.issued_after) == (date(2020, 1, 15), date(2020, 12, 10))
