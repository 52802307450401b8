"""graph/timeline.py on real data: the state of 05/2007/QH12 before and after Law 78/2025/QH15, and timeline order.

Expected by hand from data/facts/facts.ttl: 78/2025/QH15 amends Điều 1–6 and supplements Điều 6a, 6b, 6c, 6d, 6đ
of 05/2007/QH12, all from 2026-01-01 (effects 78-2025-qh15/effect/1…11); 35/2018/QH14 amends the law as a whole,
with no entry-into-force date asserted (it is only on an unverified statement node), so it comes last.
"""

from __future__ import annotations

from datetime import date

from graph.store import EmbeddedStore
from graph.timeline import state_on, timeline

ID = "https://w3id.org/vnqi/id/"
LAW = ID + "doc/05-2007-qh12"
AMENDED = ["1", "2", "3", "4", "5", "6"]
ADDED = ["6a", "6b", "6c", "6d", "6dd"]


def states(store: EmbeddedStore, day: date) -> dict[str, tuple[str, list[str]]]:
    """dieu-N → (state, acts of the changes in effect) for every provision of 05/2007/QH12."""
    return {s.iri.removeprefix(LAW + "/"): (s.state, [c.act_id or c.act for c in s.changes])
            for s in state_on(store, LAW, day)}


def test_state_before_law_78_2025(store: EmbeddedStore) -> None:
    expected = {f"dieu-{n}": ("in-force", []) for n in AMENDED} | {f"dieu-{n}": ("not-yet-added", []) for n in ADDED}
    assert states(store, date(2025, 6, 1)) == expected


def test_state_after_law_78_2025(store: EmbeddedStore) -> None:
    by = ["78/2025/QH15"]
    expected = {f"dieu-{n}": ("amended", by) for n in AMENDED} | {f"dieu-{n}": ("added", by) for n in ADDED}
    assert states(store, date(2026, 2, 1)) == expected


def test_provisions_in_natural_order_with_labels(store: EmbeddedStore) -> None:
    provisions = state_on(store, LAW, date(2026, 2, 1))
    assert [p.number for p in provisions] == ["1", "2", "3", "4", "5", "6", "6a", "6b", "6c", "6d", "6đ"]
    assert provisions[-1].label == "Điều 6đ" and {p.parent for p in provisions} == {LAW}


def test_timeline_order(store: EmbeddedStore) -> None:
    changes = timeline(store, LAW)
    assert [(c.target.removeprefix(LAW), c.act_id, c.effect, c.on) for c in changes] == [
        *[(f"/dieu-{n}", "78/2025/QH15", "amended", date(2026, 1, 1)) for n in AMENDED],
        *[(f"/dieu-{n}", "78/2025/QH15", "supplemented", date(2026, 1, 1)) for n in ADDED],
        ("", "35/2018/QH14", "amended", None),
    ]
    # in force from 2026, not in the Bộ pháp điển texts the graph holds (current to 2025-02-01): not applied
    assert all(c.applied is False for c in changes[:-1]) and changes[-1].applied is None


def test_document_level_changes_without_effects(store: EmbeddedStore) -> None:
    decree = ID + "doc/132-2008-nd-cp"
    assert [(c.act_id, c.effect, c.on, c.partial) for c in timeline(store, decree)] == [
        ("154/2018/NĐ-CP", "amended", date(2018, 11, 9), False),
        ("37/2026/NĐ-CP", "repealed", date(2026, 1, 23), False),
        ("13/2022/NĐ-CP", "amended", None, False),
        ("74/2018/NĐ-CP", "amended", None, False),
    ]
    assert [(c.act_id, c.effect, c.partial) for c in timeline(store, ID + "doc/154-2018-nd-cp")] == [
        ("37/2026/NĐ-CP", "repealed", True)]


def test_before_the_law_entered_into_force_no_provision_is_in_force(store: EmbeddedStore) -> None:
    """05/2007/QH12 is in force from 1 July 2008 (facts): on 1 June 2008 none of its provisions is."""
    assert {state for state, _ in states(store, date(2008, 6, 1)).values()} == {"not-yet-in-force"}
    assert {state for state, _ in states(store, date(2008, 7, 1)).values()} == {"in-force", "not-yet-added"}


def test_each_change_is_listed_once(store: EmbeddedStore) -> None:
    changes = timeline(store, LAW)
    assert len({(c.target, c.act, c.effect, c.on) for c in changes}) == len(changes) > 0


def test_a_provisions_state_does_not_depend_on_the_order_of_one_days_changes() -> None:
    """Điều 12 and Điều 13 of 28/2012/TT-BKHCN have the same effects (amended, supplemented and repealed by each of
    two acts on one day, Bộ pháp điển's "partly repealed"): the timeline said "amended" for one, "repealed" for the
    other, whichever effect sorted last. Made-up acts and dates."""
    import itertools
    from datetime import date

    from graph.timeline import Change, _state

    day = date(2020, 1, 1)
    changes = [Change("urn:p", act, None, effect, day, None) for act in ("urn:a", "urn:b")
               for effect in ("amended", "supplemented", "repealed")]
    assert {_state(list(order), day) for order in itertools.permutations(changes)} == {"amended"}
    alone = [Change("urn:p", "urn:a", None, "amended", date(2019, 1, 1), None),
             Change("urn:p", "urn:b", None, "repealed", day, None)]
    assert _state(alone, day) == "repealed" and _state(alone, date(2019, 6, 1)) == "amended"


def test_every_provision_is_repealed_once_the_whole_document_is() -> None:
    """A decree repealed as a whole (vnqi:repeals, from the repealing act's entry into force): before that its
    articles are in force; after it, each is repealed, with the repeal among its changes. Made-up documents."""
    from rdflib import Dataset, URIRef

    dataset = Dataset()
    dataset.graph(URIRef("https://w3id.org/vnqi/graph/test/timeline")).parse(format="turtle", data="""
        @prefix eli: <http://data.europa.eu/eli/ontology#> . @prefix vnqi: <https://w3id.org/vnqi/def#> .
        @prefix dcterms: <http://purl.org/dc/terms/> . @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
        <https://w3id.org/vnqi/id/doc/t-a> a vnqi:Decree ; dcterms:identifier "T-A" ;
            eli:first_date_entry_in_force "2010-01-01"^^xsd:date .
        <https://w3id.org/vnqi/id/doc/t-a/dieu-1> a vnqi:Article ; eli:is_part_of <https://w3id.org/vnqi/id/doc/t-a> .
        <https://w3id.org/vnqi/id/doc/t-a/dieu-2> a vnqi:Article ; eli:is_part_of <https://w3id.org/vnqi/id/doc/t-a> .
        <https://w3id.org/vnqi/id/doc/t-a/dieu-1/khoan-1> a vnqi:Clause ;
            eli:is_part_of <https://w3id.org/vnqi/id/doc/t-a/dieu-1> .
        <https://w3id.org/vnqi/id/doc/t-b> a vnqi:Decree ; dcterms:identifier "T-B" ;
            eli:first_date_entry_in_force "2020-01-01"^^xsd:date ; vnqi:repeals <https://w3id.org/vnqi/id/doc/t-a> .
    """)
    store = EmbeddedStore(None)
    store.replace(dataset)
    decree = ID + "doc/t-a"
    before = {s.iri.rsplit("/", 1)[-1]: (s.state, s.changes) for s in state_on(store, decree, date(2019, 12, 31))}
    after = {s.iri.rsplit("/", 1)[-1]: (s.state, [(c.act_id, c.effect) for c in s.changes])
             for s in state_on(store, decree, date(2020, 1, 1))}
    assert before == {"dieu-1": ("in-force", ()), "dieu-2": ("in-force", ()), "khoan-1": ("in-force", ())}
    assert after == {"dieu-1": ("repealed", [("T-B", "repealed")]), "dieu-2": ("repealed", [("T-B", "repealed")]),
                     "khoan-1": ("repealed", [("T-B", "repealed")])}
    article = decree + "/dieu-1"  # its own timeline: its clause is repealed with the decree it is part of
    assert [(p.iri.rsplit("/", 1)[-1], p.state) for p in state_on(store, article, date(2020, 1, 1), (decree,))] == [
        ("khoan-1", "repealed")]


def test_a_provision_with_a_plain_number_had_content_added_not_inserted() -> None:
    """'Supplemented' inserts Điều 6a or 6đ (a number with a letter); on Điều 24 of 127/2007/NĐ-CP (in force since
    2007, "có nội dung được bổ sung" by 78/2018/NĐ-CP from 2018-07-01 in Bộ pháp điển) it adds content: in force
    before, amended after (it was "not yet added", then "added")."""
    from graph.timeline import Change, _state, inserted

    assert [inserted(ID + f"doc/x/{slug}") for slug in ("dieu-6a", "dieu-6dd", "dieu-6/khoan-3a", "dieu-6/khoan-5",
                                                          "dieu-6/khoan-1/diem-e", "dieu-24", "chuong-ii")] == [
        True, True, True, True, True, False, False]
    added = [Change(ID + "doc/127-2007-nd-cp/dieu-24", ID + "doc/78-2018-nd-cp", "78/2018/NĐ-CP", "supplemented",
                    date(2018, 7, 1), None)]
    assert (_state(added, date(2010, 1, 1), new=False), _state(added, date(2019, 1, 1), new=False)) == (
        "in-force", "amended")
    assert (_state(added, date(2010, 1, 1)), _state(added, date(2019, 1, 1))) == ("not-yet-added", "added")
