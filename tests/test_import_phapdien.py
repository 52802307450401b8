"""The Bộ pháp điển importer: per-source counts, entities field by field, exact vs heuristic relations,
amendment effects, cross-links, robustness (malformed rows reported with file and line) and idempotency."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS, XSD

from graph.importers.common import Summary
from graph.importers.phapdien import import_phapdien
from graph.namespaces import CODE, ELI, ID, VG, VNQI
from graph.parts import parse_lines

SOURCE = Path(__file__).resolve().parents[2] / "shared" / "data" / "vn-phapdien-qi"
GRAPH = VG["data/import/vn-phapdien-qi"]


@pytest.fixture(scope="module")
def g(imports: dict) -> Graph:
    """The imported graph (as the build loads it)."""
    return parse_lines(imports["vn-phapdien-qi"][1].lines())


@pytest.fixture(scope="module")
def summary(imports: dict) -> Summary:
    """The import's counts."""
    return imports["vn-phapdien-qi"][0].summary


def statements(g: Graph, s: URIRef, p: URIRef, o: URIRef) -> list[BNode]:
    """Statement nodes about one triple."""
    return [n for n in g.subjects(RDF.subject, s) if (n, RDF.predicate, p) in g and (n, RDF.object, o) in g]


def test_counts(summary: Summary, g: Graph) -> None:
    c = summary.counts
    assert (c["documents"], c["articles"], c["relations exact"], c["relations heuristic"]) == (91, 1052, 36, 29)
    assert (c["amendment effects"], c["cross-links resolved"]) == (109, 979)
    assert c["cross-links to other topics (kept as anchors)"] == 212 and c["documents named only in relations"] == 1
    assert not summary.problems and c["skipped rows"] == 0
    assert len(set(g.subjects(RDF.type, VNQI.AmendmentEffect))) == 109
    assert len({s for s in g.subjects(VNQI.phapdienCode, None)}) == 1052


def test_article_field_by_field(g: Graph) -> None:
    a = ID["doc/68-2006-qh11/dieu-14"]
    assert (a, RDF.type, VNQI.Article) in g and (a, ELI.is_part_of, ID["doc/68-2006-qh11"]) in g
    assert (ID["doc/68-2006-qh11"], ELI.has_part, a) in g
    assert set(g.objects(a, RDFS.label)) == {Literal("Điều 14", lang="vi"), Literal("Article 14", lang="en")}
    assert g.value(a, VNQI.number) == Literal("14") and g.value(a, VNQI.phapdienCode) == Literal("19.8.LQ.14")
    assert g.value(a, VNQI.heading).language == "vi" and str(g.value(a, VNQI.text)).strip()
    assert g.value(a, DCTERMS.source) == GRAPH and g.value(a, VNQI.factStatus) == CODE["fact-status/verified"]


def test_document_field_by_field(g: Graph) -> None:
    d = ID["doc/28-2012-tt-bkhcn"]
    assert (d, RDF.type, VNQI.Circular) in g and g.value(d, DCTERMS.identifier) == Literal("28/2012/TT-BKHCN")
    assert g.value(d, ELI.type_document) == CODE["doc-type/thong-tu"]
    assert g.value(d, ELI.date_document) == Literal("2012-12-12", datatype=XSD.date)
    assert g.value(d, ELI.passed_by) == ID["org/most"]
    assert g.value(d, RDFS.seeAlso) == URIRef("https://vbpl.vn/TW/Pages/vbpq-toanvan.aspx?ItemID=40402")


def test_entry_into_force_before_issue_is_kept_but_not_asserted(g: Graph) -> None:
    d = ID["doc/06-2020-tt-bkhcn"]
    assert g.value(d, ELI.first_date_entry_in_force) is None
    [node] = statements(g, d, ELI.first_date_entry_in_force, Literal("2020-01-15", datatype=XSD.date))
    assert g.value(node, VNQI.factStatus) == CODE["fact-status/conflicting"]


def test_exact_and_heuristic_relations_are_kept_apart(g: Graph) -> None:
    nodes = [n for n in g.subjects(RDF.type, RDF.Statement) if (n, VNQI.sourceLabel, None) in g]
    status = [g.value(n, VNQI.factStatus) for n in nodes]
    assert status.count(CODE["fact-status/verified"]) == 36 and status.count(CODE["fact-status/inferred"]) == 29
    exact = statements(g, ID["doc/35-2018-qh14"], VNQI.repealsPartOf, ID["doc/68-2006-qh11"])
    label = g.value(exact[0], VNQI.sourceLabel)
    assert g.value(label, VNQI.site) == Literal("phapdien") and str(g.value(label, RDFS.label)) == "bãi bỏ (một phần)"
    named = statements(g, ID["doc/127-2007-nd-cp"], VNQI.guides, ID["doc/68-2006-qh11"])  # law named, not numbered
    assert [g.value(n, VNQI.factStatus) for n in named] == [CODE["fact-status/inferred"]]
    assert "heuristic" in str(g.value(named[0], SKOS.note))


def test_amendment_effect_field_by_field(g: Graph) -> None:
    e = ID["doc/35-2018-qh14/effect/68-2006-qh11-dieu-14-amended"]
    assert g.value(e, VNQI.effectType) == CODE["effect-type/amended"]
    assert g.value(e, VNQI.affectingDocument) == ID["doc/35-2018-qh14"]
    assert g.value(e, VNQI.affectingProvision) == ID["doc/35-2018-qh14/dieu-17"]
    assert g.value(e, VNQI.affectedProvision) == ID["doc/68-2006-qh11/dieu-14"]
    assert g.value(e, VNQI.effectiveDate) == Literal("2019-01-01", datatype=XSD.date)
    assert g.value(e, VNQI.factStatus) == CODE["fact-status/verified"]


def test_ambiguous_change_notes_are_unverified(g: Graph) -> None:
    """28/2012 Điều 17 lists two kinds and several amending acts without saying which made which change."""
    e = ID["doc/02-2017-tt-bkhcn/effect/28-2012-tt-bkhcn-dieu-17-partly-repealed"]
    assert g.value(e, VNQI.factStatus) == CODE["fact-status/unverified"]


def test_cross_links(g: Graph) -> None:
    assert len(list(g.subject_objects(VNQI.relatedContent))) == 979
    assert len(list(g.subject_objects(VNQI.phapdienRelatedAnchor))) == 209  # 212 links, 3 repeated


def test_malformed_rows_are_reported_with_file_and_line(tmp_path: Path) -> None:
    if not SOURCE.is_dir():
        pytest.skip(f"{SOURCE} not found")
    for name in ("documents.csv", "doc_relations.csv", "articles.jsonl"):
        shutil.copy(SOURCE / name, tmp_path / name)
    with (tmp_path / "documents.csv").open("a", encoding="utf-8") as f:
        f.write("Luật 99/2099/QH99,Luật lạ,99/2099/QH99,,,,,,,\n")
    with (tmp_path / "articles.jsonl").open("a", encoding="utf-8") as f:
        f.write("{not json\n")
    summary = Summary("vn-phapdien-qi")
    import_phapdien(tmp_path, summary)
    assert [str(p) for p in summary.problems] == [
        "documents.csv:93: unknown doc_type 'Luật lạ'", "articles.jsonl:1053: not JSON (Expecting property name "
        "enclosed in double quotes)"]
    assert summary.counts["skipped rows"] == 2 and summary.counts["documents"] == 91


def test_idempotent() -> None:
    if not SOURCE.is_dir():
        pytest.skip(f"{SOURCE} not found")
    first, second = import_phapdien(SOURCE), import_phapdien(SOURCE)
    assert set(first) == set(second)


def test_some_content_repealed_is_a_partial_repeal(g: Graph) -> None:
    """Every Pháp điển note says "có nội dung bị bãi bỏ" (some of its content repealed); each became a repeal of
    the whole article: Điều 29 of 68/2006/QH11 was "repealed" since 2019 while Circular 26/2019/TT-BKHCN, in force
    from 2020, still applies it."""
    e = ID["doc/35-2018-qh14/effect/68-2006-qh11-dieu-29-partly-repealed"]
    assert g.value(e, VNQI.effectType) == CODE["effect-type/partly-repealed"]
    assert g.value(e, VNQI.affectedProvision) == ID["doc/68-2006-qh11/dieu-29"]
    whole = {s for s in g.subjects(VNQI.effectType, CODE["effect-type/repealed"])
             if "có nội dung bị bãi bỏ" in str(g.value(s, SKOS.note))}
    assert whole == set()
