"""Ontology hygiene: every term and concept labelled and defined in vi and en; no dangling terms; every relation
between entities has a name in both reading directions (an inverse, symmetric, or vnqi:inverseLabel in vi and en)."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from graph.entity_terms import Terms, load_terms
from graph.load import Sources, merged
from graph.namespaces import CODE, DCTERMS, ELI, ORG, PROV, VNQI
from graph.parts import split_line
from graph.store import EmbeddedStore

SHARED = Path(__file__).resolve().parents[2] / "shared"


TERM_TYPES = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty,
              OWL.SymmetricProperty, RDF.Property)
REUSED = {"eli": ELI, "org": ORG, "prov": PROV, "skos": SKOS, "dcterms": DCTERMS}
VOCAB_FILES = ["eli-1.2.nt", "org.ttl", "prov-o.ttl", "skos.nt", "dcterms.nt"]


@pytest.fixture(scope="module")
def ontology(sources: Sources) -> Graph:
    return merged(sources.ontology_files())


@pytest.fixture(scope="module")
def everything(sources: Sources) -> Graph:
    return merged(sources.ontology_files() + sources.shape_files() + sources.data_files())


def vnqi_terms(g: Graph) -> set[URIRef]:
    return {s for t in TERM_TYPES for s in g.subjects(RDF.type, t)
            if isinstance(s, URIRef) and s.startswith(str(VNQI))}


def langs(g: Graph, s: URIRef, p: URIRef) -> set[str]:
    return {o.language for o in g.objects(s, p) if isinstance(o, Literal) and o.language}


def test_every_term_labelled_and_defined_in_vi_and_en(ontology: Graph) -> None:
    terms = vnqi_terms(ontology)
    assert len(terms) > 80
    missing = [f"{t} {p.n3()}" for t in sorted(terms) for p in (RDFS.label, SKOS.definition)
               if not {"vi", "en"} <= langs(ontology, t, p)]
    assert missing == []
    assert [t for t in terms if ontology.value(t, RDFS.isDefinedBy) is None] == []


def test_every_concept_labelled_defined_and_in_a_scheme(ontology: Graph) -> None:
    concepts = set(ontology.subjects(RDF.type, SKOS.Concept))
    assert len(concepts) > 40
    bad = [str(c) for c in concepts
           if not ({"vi", "en"} <= langs(ontology, c, SKOS.prefLabel)
                   and {"vi", "en"} <= langs(ontology, c, SKOS.definition)
                   and ontology.value(c, SKOS.inScheme) is not None)]
    assert bad == []


def test_no_dangling_vnqi_or_code_terms(ontology: Graph, everything: Graph) -> None:
    defined = vnqi_terms(ontology) | set(ontology.subjects(RDF.type, SKOS.Concept)) | \
        set(ontology.subjects(RDF.type, SKOS.ConceptScheme)) | set(ontology.subjects(RDF.type, OWL.Ontology))
    used = {n for triple in everything for n in triple if isinstance(n, URIRef)}
    ns = (str(VNQI), str(CODE))
    dangling = sorted(str(n) for n in used if n.startswith(ns) and n not in defined)
    assert dangling == []


def test_reused_terms_exist_in_their_vocabularies(everything: Graph) -> None:
    vocab_dir = SHARED / "data" / "vocab"
    if not vocab_dir.is_dir():
        pytest.skip(f"reused vocabularies not found at {vocab_dir}")
    known = merged([vocab_dir / f for f in VOCAB_FILES])
    declared = {s for s in known.subjects() if isinstance(s, URIRef)}
    used = {n for triple in everything for n in triple if isinstance(n, URIRef)}
    unknown = sorted(str(n) for n in used
                     for ns in REUSED.values() if n.startswith(str(ns)) and n not in declared)
    assert unknown == []


def test_every_module_is_one_file_with_its_ontology_header(sources: Sources, ontology: Graph) -> None:
    for path in sources.ontology_files():
        g = merged([path])
        assert any(g.subjects(RDF.type, OWL.Ontology)) or any(g.subjects(RDF.type, SKOS.ConceptScheme)), path.name


def test_inverse_relations_are_declared_both_ways(ontology: Graph) -> None:
    pairs = {(a, b) for a, b in ontology.subject_objects(OWL.inverseOf)}
    missing = [(a, b) for a, b in pairs
               if (b, a) not in pairs and (a, OWL.inverseOf, b) not in ontology]
    assert missing == []
    for prop in ("amends", "guides", "details", "replaces", "repeals", "hasLegalBasis", "cites"):
        assert any(ontology.objects(VNQI[prop], OWL.inverseOf)) or any(ontology.subjects(OWL.inverseOf, VNQI[prop])), prop


def test_relation_types_map_to_eli(ontology: Graph) -> None:
    mapped = {p: o for p, o in ontology.subject_objects(RDFS.subPropertyOf) if str(o).startswith(str(ELI))}
    for local, eli in (("amends", "amends"), ("repeals", "repeals"), ("cites", "cites"), ("hasLegalBasis", "based_on")):
        assert mapped.get(VNQI[local]) == ELI[eli], local


def test_docs_model_terms_are_all_defined(ontology: Graph) -> None:
    import re
    text = (Path(__file__).resolve().parents[1] / "docs" / "model.md").read_text(encoding="utf-8")
    named = {VNQI[m] for m in re.findall(r"`vnqi:([A-Za-z]+)`", text)}
    assert sorted(str(t) for t in named - vnqi_terms(ontology)) == []


ID_BASE = "https://w3id.org/vnqi/id/"


def reads_backwards(terms: Terms, p: str) -> bool:
    """Whether an entity page can name a link by `p` from its object's side: an inverse, symmetric, or an inverse
    label in both languages."""
    return p in terms.inverse or p in terms.symmetric or {"vi", "en"} <= set(terms.inverse_labels.get(p, {}))


def linking_predicates(dataset: Dataset, imports: dict[str, object]) -> set[str]:
    """Predicates of the validated seed + facts data (with the ontology and code lists) and of the importer outputs
    that link an IRI to an entity of this graph (an object under the id base: one with a page, so an incoming link)."""
    found = {str(p) for _s, p, o, _g in dataset.quads((None, None, None, None))
             if isinstance(_s, URIRef) and isinstance(o, URIRef) and str(o).startswith(ID_BASE)}
    for value in imports.values():
        if isinstance(value, tuple):
            for line in value[1].lines():
                s, p, o = split_line(line)
                if s.startswith("<") and o.startswith("<" + ID_BASE):
                    found.add(p[1:-1])
    return found


def test_inverse_label_is_an_annotation_property_labelled_in_vi_and_en(ontology: Graph) -> None:
    assert (VNQI.inverseLabel, RDF.type, OWL.AnnotationProperty) in ontology
    for p in (RDFS.label, SKOS.definition, RDFS.comment):
        assert {"vi", "en"} <= langs(ontology, VNQI.inverseLabel, p), p
    # every inverse label is a language-tagged literal in vi or en, and one per language
    for s in set(ontology.subjects(VNQI.inverseLabel, None)):
        values = list(ontology.objects(s, VNQI.inverseLabel))
        assert sorted(v.language for v in values if isinstance(v, Literal)) == ["en", "vi"], s  # type: ignore[attr-defined]


def test_every_vnqi_object_property_reads_from_its_object(ontology: Graph) -> None:
    inverses = {a for pair in ontology.subject_objects(OWL.inverseOf) for a in pair}
    props = {p for p in ontology.subjects(RDF.type, OWL.ObjectProperty) if str(p).startswith(str(VNQI))}
    unnamed = sorted(str(p) for p in props
                     if p not in inverses and (p, RDF.type, OWL.SymmetricProperty) not in ontology
                     and not {"vi", "en"} <= langs(ontology, p, VNQI.inverseLabel))
    assert len(props) > 100 and unnamed == []
    # a property with a declared inverse names its incoming links with the inverse's label: no second name
    assert sorted(str(p) for p in inverses if any(ontology.objects(p, VNQI.inverseLabel))) == []


def test_every_link_in_the_data_reads_from_both_sides(store: EmbeddedStore, dataset: Dataset,
                                                      imports: dict[str, object]) -> None:
    terms = load_terms(store)
    predicates = linking_predicates(dataset, imports)
    # the real data links entities by vnqi, ELI, DCTERMS, SKOS, ORG and PROV properties, also from the importers
    assert {str(VNQI.editionOf), str(VNQI.committee), str(VNQI.concerns), str(ELI.passed_by),
            str(DCTERMS.subject), str(ORG.organization), str(PROV.wasDerivedFrom), str(SKOS.broader)} <= predicates
    assert sorted(p for p in predicates if not reads_backwards(terms, p)) == []
    # read from the store as pages read it (reused terms carry no rdf:type there)
    assert terms.inverse_label(str(VNQI.editionOf), "vi") == "có ấn bản"
    assert terms.inverse_label(str(ELI.passed_by), "en") == "passed"
    assert terms.inverse_label(str(VNQI.amends), "vi") is None
