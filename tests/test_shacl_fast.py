"""graph/shacl_fast.py reports exactly what plain pySHACL reports: on a sample of the real data (the project's
files and linked pieces of every import) with injected errors of every constraint kind the shapes use, on the
sample as it is (no violation, the same warnings), and, when a shape uses a feature the engine does not
implement, by handing that shape to pySHACL. The whole catalogue is compared in a slow test."""

from __future__ import annotations

from collections import defaultdict

import pytest
from pyshacl import validate as plain_pyshacl
from rdflib import Graph

import graph.validate_parts as VP
from graph import shacl_fast
from graph.load import Sources, merged
from graph.parts import Part, parse_lines
from graph.validate import _results

SOURCES = Sources.at(VP.ROOT)
ID, V = "https://w3id.org/vnqi/id/", "https://w3id.org/vnqi/def#"
XSD, RDF = "http://www.w3.org/2001/XMLSchema#", "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
ORG, SKOS, ELI = "http://www.w3.org/ns/org#", "http://www.w3.org/2004/02/skos/core#", "http://data.europa.eu/eli/ontology#"
LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
# Every constraint kind the engine implements; test_every_kind_is_covered fails if the shapes start using another.
KINDS = {"class", "datatype", "nodeKind", "minCount", "maxCount", "pattern", "in", "languageIn", "uniqueLang",
         "minInclusive", "or", "not", "qualified", "sparql"}
# (expected shape hit, injected lines): each error on a real entity of the sample (or a new, clearly injected one)
INJECTED = [
    ("OrganizationShape-headquarteredAt", f"<{ID}org/quatest1> <{V}headquarteredAt> <{ID}org/tdc> .\n"),  # class
    ("EventShape-date", f'<{ID}event/tdc-hoi-nghi-2023> <{V}date> "2023" .\n'),  # datatype
    ("OrganizationShape-founded", f'<{ID}org/halcert> <{V}founded> "2024-02-30"^^<{XSD}date> .\n'),  # ill-typed
    ("DocumentShape-typeDocument", f'<{ID}doc/68-2006-qh11> <{ELI}type_document> "luat" .\n'),  # nodeKind, pattern
    ("IcsShape-notation", f'<{ID}code/ics/03> <{SKOS}notation> "3.1" .\n'),  # SPARQL target, pattern, maxCount
    ("FactStatusShape-value", f"<{ID}plan/tdc-2024/nhiem-vu-4> <{V}factStatus> <{ID}code/fact-status/maybe> .\n"),
    ("OrdinalShape-value", f'<{ID}plan/tdc-2024/nhiem-vu-7> <{V}ordinal> "0"^^<{XSD}integer> .\n'),  # minInclusive
    ("TaskShape-text", f'<{ID}plan/tdc-2024/nhiem-vu-4> <{V}text> "Another text"@EN .\n'),  # uniqueLang
    ("InitiativeShape-ledBy", f'<{ID}prog/de-an-100> <{V}ledBy> "MOST" .\n'),  # or
    ("ClaimedDocumentShape-notVerified",  # not (in)
     f"<{ID}doc/qcvn-17043-bai-bao> <{V}factStatus> <{ID}code/fact-status/verified> .\n"),
    ("DateOrderShape-dissolved", f'<{ID}org/halcert> <{V}dissolved> "2020-01-01"^^<{XSD}date> .\n'),  # SPARQL
    ("PolicyRelationShape-object", f"<{ID}prog/1322> <{V}approvedBy> <{ID}org/most> .\n"),  # SPARQL, per node
    ("OrganizationRelationShape-object", f"<{ID}org/quatest1> <{ORG}subOrganizationOf> <{ID}place/8-hoang-quoc-viet> .\n"),
    ("DatatypePropertyShape-range", f'<{ID}org/halcert> <{V}launchDate> "2024" .\n'),  # SPARQL target + constraint
    ("StandardShape-stage", f'<{ID}std/iso-9001-2008> <{V}isoStage> "9x.93" .\n'),
    ("StandardRelationShape-object", f"<{ID}std/iso-9001-2000> <{V}supersedes> <{ID}std/iso-9999-1999> .\n"),
    ("EntityShape-labelVi", (f'<{ID}org/injected-ministry> <{RDF}type> <{V}Ministry> .\n'  # qualified languageIn,
                             f'<{ID}org/injected-ministry> <{LABEL}> "Injected ministry"@en .\n')),  # alternativePath
    ("EntityShape", f'_:injected <{RDF}type> <{V}Person> .\n_:injected <{LABEL}> "Người thử"@vi .\n'),  # nodeKind IRI
    ("StatementShape-subject", (f'_:st <{RDF}type> <{RDF}Statement> .\n_:st <{RDF}subject> "not a node" .\n'
                                f"_:st <{RDF}predicate> <{V}ledBy> .\n_:st <{RDF}object> <{ID}org/most> .\n")),
]


@pytest.fixture(scope="module")
def sample(imports: dict) -> list[str]:
    """The project's files and pieces of the imports that link to them and to each other, as N-Triples lines."""
    def pick(part: Part, keep) -> list[str]:  # type: ignore[no-untyped-def]
        return [line for s, lines in part.by_subject.items() if keep(s) for line in lines]

    pd = pick(imports["vn-phapdien-qi"][1], lambda s: s in (f"<{ID}doc/68-2006-qh11>", f"<{ID}doc/68-2006-qh11/dieu-1>"))
    od = pick(imports["iso-open-data"][1], lambda s: "iso-tc-176" in s or s.startswith(f"<{ID}code/ics/03"))
    cat = pick(imports["iso-catalogue-relaton"][1], lambda s: s.startswith((f"<{ID}std/iso-9001", f"<{ID}org/iso-tc-176")))
    return [*imports["files"].lines(), *pd, *od, *cat]


@pytest.fixture(scope="module")
def shapes_ontology() -> tuple[Graph, Graph]:
    return merged(SOURCES.shape_files()), merged(SOURCES.ontology_files())


def reference(lines: list[str], shapes: Graph, ontology: Graph, **options) -> tuple:  # type: ignore[no-untyped-def]
    """Plain pySHACL, as graph/validate.py runs it."""
    _, report, _ = plain_pyshacl(parse_lines(lines) + ontology, shacl_graph=shapes, ont_graph=ontology,
                                 inference="none", allow_warnings=True, advanced=True, **options)
    return tuple(_results(report, shapes))


def key(results) -> set[tuple]:  # type: ignore[no-untyped-def]
    """Comparable results (a blank-node path, sh:alternativePath, compared as such) with their vi and en messages."""
    return {(r.focus, r.shape, r.severity, "_:" if (r.path or "").startswith("_:") else r.path, r.value,
             r.messages.get("vi"), r.messages.get("en")) for r in results}


def test_injected_errors_of_every_kind(sample: list[str], shapes_ontology: tuple[Graph, Graph]) -> None:
    lines = sample + [line for _, block in INJECTED for line in block.splitlines(keepends=True)]
    fast = shacl_fast.validate_lines(lines, shacl_fast.model(*shapes_ontology))
    assert key(fast.results) == key(reference(lines, *shapes_ontology))
    hit = {r.shape.rsplit("#", 1)[1] for r in fast.violations}
    assert {name for name, _ in INJECTED} <= hit
    assert fast.warnings and not fast.conforms


@pytest.mark.slow
def test_whole_data_conforms_alike(imports: dict) -> None:
    """Every graph, reconciled as the build does: the same warnings and no violation with either engine."""
    from graph.parts import overlap
    from graph.reconcile import reconcile

    parts = [Part(p.name, defaultdict(list, {s: list(v) for s, v in p.by_subject.items()})) for p in
             [imports["files"], *(imports[name][1] for name in imports if name not in ("files", "known"))]]
    reconcile(parts, overlap(parts))
    args = (SOURCES.shape_files(), SOURCES.ontology_files(), None)
    fast, plain = (VP.validate_parts(parts, *args, engine=engine) for engine in ("fast", "pyshacl"))
    assert key(fast.results) == key(plain.results)
    assert fast.conforms and not fast.violations and len(fast.warnings) == len(plain.warnings) > 0


def test_every_kind_is_covered(shapes_ontology: tuple[Graph, Graph]) -> None:
    compiled = shacl_fast.model(*shapes_ontology)
    assert compiled.unsupported == ()
    seen, kinds, todo = set(), set(), list(compiled.shapes)
    while todo:
        shape = todo.pop()
        if id(shape) in seen:
            continue
        seen.add(id(shape))
        kinds.update(kind for kind, _ in shape.constraints)
        todo += shape.properties + [a for k, arg in shape.constraints if k == "or" for a in arg]
        todo += [arg for k, arg in shape.constraints if k == "not"]
        todo += [arg[0] for k, arg in shape.constraints if k == "qualified"]
    assert kinds == KINDS


# A feature the engine does not implement (sh:hasValue) and one the project's shapes do not use (sh:inversePath),
# on a few lines of SYNTHETIC test data (example.org): the first shape goes to pySHACL, the second is evaluated.
TOY_SHAPES = """
@prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <http://example.org/> .
ex:HasValueShape a sh:NodeShape ; sh:targetClass ex:Thing ;
    sh:property [ sh:path ex:kind ; sh:hasValue ex:good ; sh:severity sh:Warning ; sh:message "needs ex:good"@en ] .
ex:ParentShape a sh:PropertyShape ; sh:targetClass ex:Thing ; sh:path [ sh:inversePath ex:child ] ;
    sh:minCount 1 ; sh:class ex:Parent ; sh:message "a thing has a parent"@en .
"""
TOY_DATA = [
    "<http://example.org/a> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <http://example.org/Thing> .\n",
    "<http://example.org/a> <http://example.org/kind> <http://example.org/bad> .\n",
    "<http://example.org/p> <http://example.org/child> <http://example.org/a> .\n",
    "<http://example.org/b> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <http://example.org/Thing> .\n",
]


def test_unsupported_shapes_go_to_pyshacl() -> None:
    shapes, ontology = Graph().parse(data=TOY_SHAPES, format="turtle"), Graph()
    compiled = shacl_fast.model(shapes, ontology)
    assert compiled.unsupported == ("http://example.org/HasValueShape",)
    fast = shacl_fast.validate_lines(TOY_DATA, compiled)
    assert key(fast.results) == key(reference(TOY_DATA, shapes, ontology))
    parent = "http://example.org/ParentShape"
    assert sorted((r.focus.rsplit("/", 1)[1], r.shape == parent, r.severity, r.value) for r in fast.results) == [
        ("a", False, "Warning", None), ("a", True, "Violation", "http://example.org/p"),  # p is no ex:Parent
        ("b", False, "Warning", None), ("b", True, "Violation", None)]  # b has no parent
