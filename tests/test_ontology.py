"""Ontology hygiene: every term and concept labelled and defined in vi and en; no dangling terms."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from graph.load import Sources, merged
from graph.namespaces import CODE, DCTERMS, ELI, ORG, PROV, VNQI

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
