"""The facts importer: committed output, exact facts from facts.yaml, and errors on unknown input."""

from pathlib import Path

import pytest
import yaml
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import DCTERMS, RDF, SKOS, XSD

from graph.importers.facts import entity_iris, facts_to_graph
from graph.importers.facts_fields import date_field
from graph.namespaces import CODE, ELI, ID, ORG, VNQI

REPO = Path(__file__).parents[1]
FACTS_YAML = Path(__file__).parents[2] / "shared" / "data" / "facts" / "facts.yaml"
FACTS_TTL = REPO / "data" / "facts" / "facts.ttl"
needs_yaml = pytest.mark.skipif(not FACTS_YAML.exists(), reason=f"fact sheet not found at {FACTS_YAML}")
UNVERIFIED = CODE["fact-status/unverified"]


@pytest.fixture(scope="module")
def g() -> Graph:
    """The graph the importer builds from the real facts.yaml."""
    if not FACTS_YAML.exists():
        pytest.skip(f"fact sheet not found at {FACTS_YAML}")
    return facts_to_graph(FACTS_YAML)


def ent(path: str) -> URIRef:
    """An entity IRI under id:."""
    return ID[path]


def statements(g: Graph, s: URIRef, p: URIRef) -> list:
    """rdf:Statement nodes qualifying (s, p, *)."""
    return [n for n in g.subjects(RDF.subject, s) if (n, RDF.predicate, p) in g]


@needs_yaml
def test_committed_ttl_is_the_importer_output(g: Graph) -> None:
    committed = Graph().parse(FACTS_TTL, format="turtle")
    assert isomorphic(g, committed), "data/facts/facts.ttl is stale: rerun write_facts on facts.yaml"


def test_law_68_2006_dates(g: Graph) -> None:
    law = ent("doc/68-2006-qh11")
    assert list(g.objects(law, ELI.date_document)) == [Literal("2006-06-29", datatype=XSD.date)]
    assert list(g.objects(law, ELI.first_date_entry_in_force)) == [Literal("2007-01-01", datatype=XSD.date)]
    assert (law, RDF.type, VNQI.Law) in g
    assert (law, ELI.type_document, CODE["doc-type/luat"]) in g


def test_70_2025_amends_68_2006(g: Graph) -> None:
    assert (ent("doc/70-2025-qh15"), VNQI.amends, ent("doc/68-2006-qh11")) in g


def test_35_2018_effective_date_is_only_a_belief(g: Graph) -> None:
    law = ent("doc/35-2018-qh14")
    assert list(g.objects(law, ELI.first_date_entry_in_force)) == []
    [node] = statements(g, law, ELI.first_date_entry_in_force)
    assert (node, RDF.object, Literal("2019-01-01", datatype=XSD.date)) in g
    assert (node, VNQI.factStatus, UNVERIFIED) in g
    assert "believed 2019-01-01" in str(g.value(node, SKOS.note))


def test_claimed_qcvn_17043(g: Graph) -> None:
    claimed, target = ent("doc/qcvn-17043-bai-bao"), ent("std/tcvn-iso-17034-2017")
    assert (claimed, RDF.type, VNQI.ClaimedDocument) in g
    assert (claimed, VNQI.factStatus, CODE["fact-status/conflicting"]) in g
    assert (claimed, VNQI.likelyRefersTo, target) in g
    [node] = statements(g, claimed, VNQI.likelyRefersTo)
    assert (node, RDF.object, target) in g
    assert (node, VNQI.factStatus, CODE["fact-status/inferred"]) in g
    assert (claimed, ELI.type_document, None) not in g  # not modelled as a real QCVN


def test_every_entity_has_source_and_status(g: Graph) -> None:
    iris = entity_iris(FACTS_YAML)
    assert len(set(iris.values())) == len(iris) == 140 - 26 - 12  # relation and document types are code lists
    for eid, iri in iris.items():
        assert g.value(iri, DCTERMS.source) is not None, eid
        assert len(list(g.objects(iri, VNQI.factStatus))) == 1, eid


def test_unverified_entities_are_exactly_those_of_the_fact_sheet(g: Graph) -> None:
    data = yaml.safe_load(FACTS_YAML.read_text(encoding="utf-8"))
    ids = {e["id"] for e in data["entities"] if e["status"] == "unverified"}
    assert len(ids) == 10
    iris = entity_iris(FACTS_YAML)
    marked = {s for s in g.subjects(VNQI.factStatus, UNVERIFIED) if isinstance(s, URIRef)}
    assert marked == {iris[i] for i in ids}
    assert ent("doc/22-2026-nd-cp") in marked and ent("std/tcvn-iso-iec-17043") in marked


def test_amendment_effects_of_78_2025(g: Graph) -> None:
    law = ent("doc/05-2007-qh12")
    effects = list(g.subjects(VNQI.affectingDocument, ent("doc/78-2025-qh15")))
    assert len(effects) == 11
    supplemented = {g.value(e, VNQI.affectedProvision) for e in effects
                    if (e, VNQI.effectType, CODE["effect-type/supplemented"]) in g}
    assert supplemented == {URIRef(f"{law}/dieu-{n}") for n in ("6a", "6b", "6c", "6d", "6dd")}
    assert (URIRef(f"{law}/dieu-6dd"), VNQI.number, Literal("6đ")) in g
    # in force from 2026-01-01, after the Bộ pháp điển texts held in the graph (current to 2025-02-01): not in them
    assert all((e, VNQI.applied, Literal(False)) in g for e in effects)
    # the shared README: which articles 78/2025/QH15 (and 70/2025/QH15) change is only partly known
    for act in ("doc/78-2025-qh15", "doc/70-2025-qh15"):
        assert list(g.objects(ent(act), VNQI.effectsListed)) == [Literal(False)], act


def test_applied_means_in_the_texts_the_graph_holds(g: Graph) -> None:
    """vnqi:applied is "applied to the text held in the graph": the date it compares with is the pháp điển's."""
    from graph.importers import facts_map

    sources = Graph().parse(Path(__file__).resolve().parents[1] / "data/sources.ttl")
    assert [str(d) for d in sources.objects(None, VNQI.textsCurrentTo)] == [facts_map.APPLIED_AS_OF.isoformat()]
    applied = {(str(g.value(e, VNQI.effectiveDate)), g.value(e, VNQI.applied).toPython())
               for e in g.subjects(RDF.type, VNQI.AmendmentEffect)}
    assert applied == {("2026-01-01", False)}  # the fact sheet lists changes of 70/2025 and 78/2025 only


def test_believed_standard_number_is_not_asserted(g: Graph) -> None:
    std = ent("std/tcvn-iso-iec-17043")
    assert list(g.objects(std, DCTERMS.identifier)) == [Literal("TCVN ISO/IEC 17043")]
    [node] = statements(g, std, DCTERMS.identifier)
    assert (node, RDF.object, Literal("TCVN ISO/IEC 17043:2011")) in g
    assert (node, VNQI.factStatus, UNVERIFIED) in g


def test_posts_are_memberships(g: Graph) -> None:
    m = ent("membership/ha-minh-hiep-tdc-quyen-tong-cuc-truong")  # the IRI of docs/model.md and the seed graph
    assert (m, ORG.member, ent("person/ha-minh-hiep")) in g
    assert (m, ORG.organization, ent("org/tdc")) in g
    assert (m, ORG.role, ent("role/quyen-tong-cuc-truong")) in g
    assert (m, VNQI.observedOn, Literal("2023-12-21", datatype=XSD.date)) in g
    appointed = ent("membership/le-xuan-dinh-most-thu-truong")
    assert (appointed, VNQI.appointedBy, ent("doc/1508-qd-ttg")) in g


def test_each_post_cites_the_sources_that_state_it(g: Graph) -> None:
    """facts.md §5: the Deputy-in-charge post from the 12/2022 and 02/2023 items, the Acting post from the article and
    the 04/2024 item; the 31/10/2023 observation's mirror has no address, and says so."""
    hosts = {"membership/ha-minh-hiep-tdc-pho-tong-cuc-truong-phu-trach-tong-cuc": {"media.most.gov.vn",
                                                                                   "tapchitaichinh.vn"},
             "membership/ha-minh-hiep-tdc-quyen-tong-cuc-truong": {"skhcn.quangbinh.gov.vn", "w3id.org"}}
    for path, wanted in hosts.items():
        sources = {str(o) for o in g.objects(ent(path), DCTERMS.source)}
        assert {src.split("/")[2] for src in sources} == wanted, path
    acting = ent("membership/ha-minh-hiep-tdc-quyen-tong-cuc-truong")
    assert (acting, DCTERMS.source, ent("source/tdc-2023-12-25-5-dinh-huong-12-nhiem-vu")) in g
    assert (acting, VNQI.observedOn, Literal("2023-10-31", datatype=XSD.date)) in g
    assert any("2023-10-31" in str(n) and "without an address" in str(n) for n in g.objects(acting, SKOS.note))


def write_yaml(tmp_path: Path, entity: dict) -> Path:
    """A one-entity fact sheet."""
    base = {"id": "x_1", "labels": {"vi": "X"}, "identifiers": {"number": None, "code": None},
            "dates": {}, "relations": [], "sources": ["https://example.org/x"], "status": "verified"}
    path = tmp_path / "facts.yaml"
    meta = {"source_article": {"file": "seed/x.txt"}}
    path.write_text(yaml.safe_dump({"meta": meta, "entities": [base | entity]}), encoding="utf-8")
    return path


def test_unknown_type_names_the_entity(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match=r"x_1: unknown type 'Gadget'"):
        facts_to_graph(write_yaml(tmp_path, {"type": "Gadget"}))


def test_unknown_predicate_names_the_entity(tmp_path: Path) -> None:
    entity = {"id": "org_x", "type": "Ministry", "relations": [{"predicate": "admires", "target_id": "org_x"}]}
    with pytest.raises(ValueError, match=r"org_x: unknown predicate 'admires'"):
        facts_to_graph(write_yaml(tmp_path, entity))


@pytest.mark.parametrize("value", ["2020-13-45", "2021-02-29", "2020-00-10", "2020-13", "2020-00"])
def test_a_date_off_the_calendar_is_refused(tmp_path: Path, value: str) -> None:
    """The sheet's dates were checked for shape only: 2020-13-45 was written as an xsd:date."""
    entity = {"id": "org_x", "type": "Ministry", "dates": {"published": value}}
    with pytest.raises(ValueError, match=rf"org_x: date published='{value}' is not a date"):
        facts_to_graph(write_yaml(tmp_path, entity))


@pytest.mark.parametrize(("value", "wanted"), [
    ("2020-02-29", (VNQI.launchDate, Literal("2020-02-29", datatype=XSD.date))),
    ("2020-12", (VNQI.dateText, Literal("2020-12"))), ("2020", (VNQI.dateText, Literal("2020")))])
def test_a_calendar_date_is_kept(value: str, wanted: tuple) -> None:
    assert date_field({"id": "org_x", "type": "Ministry"}, "published", value) == wanted


def test_every_statement_of_the_data_names_its_source(dataset: Dataset) -> None:
    """docs/model.md: a status node carries dcterms:source. The fact sheet's 42 statements and one of the seed's had
    none (an advisory warned of the seed's, which had only a source note)."""
    statements = {(g.identifier, node) for g in dataset.graphs() for node in g.subjects(RDF.type, RDF.Statement)
                  if str(g.identifier).startswith("https://w3id.org/vnqi/graph/data/")}
    assert len(statements) > 50
    unsourced = [node for graph, node in statements if dataset.graph(graph).value(node, DCTERMS.source) is None]
    assert unsourced == []


def test_a_field_statement_cites_the_sources_of_its_entity(g: Graph) -> None:
    law = ent("doc/35-2018-qh14")
    [node] = statements(g, law, ELI.first_date_entry_in_force)
    assert set(g.objects(node, DCTERMS.source)) == set(g.objects(law, DCTERMS.source)) != set()


def test_titles_no_source_gives_in_vietnamese_say_they_are_translations(g: Graph) -> None:
    notes = {str(role): {n.language for n in g.objects(role, VNQI.translationNote)}
             for role in g.subjects(RDF.type, VNQI.Role)}
    translated = {r.removeprefix(str(ID)) for r, langs in notes.items() if langs}
    assert translated == {"role/giam-doc", "role/chu-tich-quoc-hoi", "role/thuong-truc-ban-bi-thu", "role/pho-thu-tuong"}
    assert all(notes[str(ID) + r] == {"vi", "en"} for r in translated)
    assert not notes[str(ID) + "role/thu-truong"]  # "Thứ trưởng" is in the article itself


def test_an_observation_of_the_article_is_stated_with_the_article_only(g: Graph, dataset: Dataset) -> None:
    """Lê Xuân Định as Thứ trưởng on 2023-12-21 is the article's observation: the fact sheet repeated it with the
    person's 2019 appointment pages as its only sources."""
    m = ent("membership/le-xuan-dinh-most-thu-truong")
    assert list(g.objects(m, VNQI.observedOn)) == []
    seed = dataset.graph(URIRef("https://w3id.org/vnqi/graph/data/seed/tdc-2024-article"))
    assert (m, VNQI.observedOn, Literal("2023-12-21", datatype=XSD.date)) in seed


def test_a_partial_date_is_tied_to_the_date_it_is(g: Graph) -> None:
    std = ent("std/iso-18091-2014")
    assert set(g.objects(std, VNQI.dateText)) == {Literal("2014"), Literal("2019")}
    tied = {(g.value(n, RDF.predicate), g.value(n, RDF.object)) for n in g.subjects(RDF.subject, std)}
    assert tied == {(DCTERMS.issued, Literal("2014")), (VNQI.withdrawnDate, Literal("2019"))}
