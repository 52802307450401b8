"""SHACL shapes (ontology/shapes/*.ttl): data-driven cases, documentation of every shape, the date-order guard.

Each file tests/shapes/<shape-local-name>-{pass,fail}-<nnn>.test.ttl holds test data and the expected results, in
the style of pySHACL's DASH tests (test/resources/dash_tests, test/test_dash_validate.py). The small test vocabulary
lives in the namespace https://w3id.org/vnqi/test# (prefix vnqi-test:) and is used in tests/shapes/ only:

    [] a vnqi-test:ShapeTest ;                 one test case per file
       vnqi-test:shape <shape IRI> ;           the shape under test (https://w3id.org/vnqi/shapes#…)
       vnqi-test:conforms true|false ;         whether the file's data conforms as a whole (no Violation at all)
       vnqi-test:expect [                      one node per expected validation result:
           vnqi-test:focus <node> ;            focus node (an IRI); left out when the focus is a blank node
           vnqi-test:severity sh:Violation ;   sh:Violation | sh:Warning | sh:Info
           vnqi-test:path <p> ;                optional: result path (left out for alternative paths)
           vnqi-test:resultShape <shape> ] .   optional: a result of another shape that the data triggers on purpose

Everything else in the file is the test data. It is validated with graph.validate.validate against ALL project
shapes and the ontology. The results of the shape under test must be exactly the expected ones (focus, severity
and path when given); every Violation of another shape must be listed with vnqi-test:resultShape; Warnings of
other shapes (advisories) are ignored. A passing case has no result at all from its shape.

The ontology is mixed into the data (as well as passed as pySHACL's ont_graph, which copies only RDFS/OWL axioms):
vnqish:DocumentShape-numbering reads the vnqi:numberingPattern of the code lists, which ont_graph does not copy.
test_build_pipeline_sees_code_lists records that graph/build.py does not do this yet.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pytest
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.term import Node
from rdflib.namespace import OWL, RDF, RDFS, SH

from graph.load import Sources, merged
from graph.validate import ValidationReport, ValidationResult, validate

ROOT = Path(__file__).resolve().parents[1]
CASES_DIR = Path(__file__).resolve().parent / "shapes"
CASES = sorted(CASES_DIR.glob("*.test.ttl"))
TEST = Namespace("https://w3id.org/vnqi/test#")
VNQISH = Namespace("https://w3id.org/vnqi/shapes#")
MODEL_DOC = "https://w3id.org/vnqi/docs/model.md"
SEVERITY = {SH.Violation: "Violation", SH.Warning: "Warning", SH.Info: "Info"}
TARGETS = (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf, SH.target)
CASE_NAME = re.compile(r"^(?P<shape>.+)-(?P<kind>pass|fail)-(?P<nnn>\d{3})\.test\.ttl$")


@dataclass(frozen=True)
class Expected:
    """One expected result: focus, severity, optional path, and the shape that reports it."""

    focus: str | None
    severity: str
    path: str | None
    shape: str

    def matches(self, result: ValidationResult) -> bool:
        """Whether `result` is this expected result (no focus given: the focus is a blank node)."""
        focus_ok = result.focus.startswith("_:") if self.focus is None else result.focus == self.focus
        return (result.shape == self.shape and focus_ok and result.severity == self.severity
                and (self.path is None or result.path == self.path))


@dataclass(frozen=True)
class Case:
    """A parsed test file: the shape under test, expected conformance and results, and the data."""

    shape: str
    conforms: bool
    expected: tuple[Expected, ...]
    data: Graph


@lru_cache(maxsize=1)
def project() -> tuple[Graph, Graph]:
    """The project's shapes and ontology graphs (loaded once)."""
    sources = Sources.at(ROOT)
    return merged(sources.shape_files()), merged(sources.ontology_files())


def check(data: Graph) -> ValidationReport:
    """Validate `data` with every project shape, the ontology mixed in and passed for subclass targeting."""
    shapes, ontology = project()
    return validate(data + ontology, shapes, ontology)


def read_case(path: Path) -> Case:
    """Split a test file into its test description and its data."""
    graph = Graph().parse(path, format="turtle")
    tests = list(graph.subjects(RDF.type, TEST.ShapeTest))
    assert len(tests) == 1, f"{path.name}: exactly one vnqi-test:ShapeTest expected"
    test = tests[0]
    shape = graph.value(test, TEST.shape)
    conforms = graph.value(test, TEST.conforms)
    assert isinstance(shape, URIRef) and isinstance(conforms, Literal), f"{path.name}: shape and conforms required"
    expected, described = [], {test}
    for node in graph.objects(test, TEST.expect):
        described.add(node)
        severity = graph.value(node, TEST.severity)
        path_node, result_shape = graph.value(node, TEST.path), graph.value(node, TEST.resultShape)
        focus = graph.value(node, TEST.focus)
        expected.append(Expected(
            focus=str(focus) if focus is not None else None,
            severity=SEVERITY[severity],  # type: ignore[index]
            path=str(path_node) if path_node is not None else None,
            shape=str(result_shape or shape),
        ))
    data = Graph()
    for triple in graph:
        if triple[0] not in described:
            data.add(triple)
    return Case(str(shape), bool(conforms.toPython()), tuple(expected), data)


def unexpected(report: ValidationReport, case: Case) -> list[ValidationResult]:
    """Results not covered by the case: any result of the shape under test, or a Violation of another shape."""
    return [r for r in report.results
            if (r.shape == case.shape or r.severity == "Violation")
            and not any(e.matches(r) for e in case.expected)]


def describe(results: list[ValidationResult]) -> str:
    """Results as short lines for assertion messages."""
    return "\n".join(f"  {r.severity} {r.shape.rsplit('#', 1)[-1]} focus={r.focus} path={r.path} value={r.value}"
                     for r in results)


@pytest.mark.parametrize("path", CASES, ids=[p.name.removesuffix(".test.ttl") for p in CASES])
def test_shape_case(path: Path) -> None:
    case = read_case(path)
    kind = CASE_NAME.match(path.name)
    assert kind is not None and VNQISH[kind["shape"]] == URIRef(case.shape), f"{path.name}: name ≠ vnqi-test:shape"
    own = [e for e in case.expected if e.shape == case.shape]
    assert (kind["kind"] == "fail") == bool(own), f"{path.name}: a fail case expects results of its shape, a pass case none"
    report = check(case.data)
    assert unexpected(report, case) == [], f"unexpected results:\n{describe(unexpected(report, case))}"
    missing = [e for e in case.expected if not any(e.matches(r) for r in report.results)]
    assert missing == [], f"expected results not reported: {missing}\nreported:\n{describe(list(report.results))}"
    assert report.conforms is case.conforms, f"conforms is {report.conforms}, expected {case.conforms}"
    assert [r for r in report.results if r.shape.startswith("_:")] == [], "a result came from an unnamed shape"


# --- Every shape is documented and tested ------------------------------------------------------------------------

def shape_nodes(graph: Graph) -> set[Node]:
    """Every shape: typed sh:NodeShape / sh:PropertyShape, or carrying a target."""
    typed = set(graph.subjects(RDF.type, SH.NodeShape)) | set(graph.subjects(RDF.type, SH.PropertyShape))
    return typed | {s for p in TARGETS for s in graph.subjects(p, None)}


def langs(graph: Graph, node: URIRef, prop: URIRef) -> list[str]:
    """Language tags of the literal values of `prop` on `node` (one entry per value)."""
    return sorted(o.language or "" for o in graph.objects(node, prop) if isinstance(o, Literal))


def shape_files() -> list[Path]:
    """The shape files of the project."""
    return Sources.at(ROOT).shape_files()


def all_shapes() -> list[Node]:
    """Every shape of the project, sorted."""
    shapes, _ = project()
    return sorted(shape_nodes(shapes))


def test_shape_files_exist() -> None:
    names = {p.name for p in shape_files()}
    assert {"common.shapes.ttl", "legal.shapes.ttl", "standards.shapes.ttl", "organisations.shapes.ttl",
            "programmes.shapes.ttl", "events.shapes.ttl", "advisories.shapes.ttl"} <= names


def test_every_shape_is_named_documented_and_has_a_severity() -> None:
    shapes, _ = project()
    problems = []
    for node in all_shapes():
        if not (isinstance(node, URIRef) and node.startswith(str(VNQISH))):
            problems.append(f"{node}: shapes must be IRIs in {VNQISH}")
            continue
        for prop in (SH.name, SH.description, SH.message):
            if langs(shapes, node, prop) != ["en", "vi"]:
                problems.append(f"{node}: {prop.n3()} needs exactly one @en and one @vi, has {langs(shapes, node, prop)}")
        if len(list(shapes.objects(node, SH.severity))) != 1 or shapes.value(node, SH.severity) not in SEVERITY:
            problems.append(f"{node}: one explicit sh:severity required")
        if not any(isinstance(o, URIRef) for o in shapes.objects(node, RDFS.seeAlso)):
            problems.append(f"{node}: rdfs:seeAlso (an IRI) required")
    assert problems == []


def test_no_unnamed_shape_reports() -> None:
    shapes, _ = project()
    assert [str(s) for s in shape_nodes(shapes) if isinstance(s, BNode)] == []


def test_warnings_only_in_advisories_and_advisories_only_warn() -> None:
    problems = []
    for path in shape_files():
        graph = merged([path])
        for node in shape_nodes(graph):
            is_advisory = graph.value(node, SH.severity) != SH.Violation
            if is_advisory != (path.name == "advisories.shapes.ttl"):
                problems.append(f"{path.name}: {node}")
    assert problems == []


NOT_ENTITIES = {URIRef("https://w3id.org/vnqi/def#SiteLabel"),  # structured labels of code:relation concepts
                URIRef("https://w3id.org/vnqi/def#ImpactRule"),  # rules of the impact module (code:impact-rule)
                # impact reports: computed on request (/impact as RDF), never stored as data
                *(URIRef(f"https://w3id.org/vnqi/def#{name}") for name in (
                    "ImpactReport", "ImpactFinding", "ImpactExclusion", "ExplanationPath", "ExplanationStep"))}


def test_entity_shape_covers_every_vnqi_class() -> None:
    shapes, ontology = project()
    roots = set(shapes.objects(VNQISH["EntityShape"], SH.targetClass))
    classes = {c for c in ontology.subjects(RDF.type, OWL.Class)
               if isinstance(c, URIRef) and c.startswith("https://w3id.org/vnqi/def#")}
    uncovered = sorted(str(c) for c in classes - NOT_ENTITIES
                       if not roots & set(ontology.transitive_objects(c, RDFS.subClassOf)))
    assert uncovered == [], "add the class (or a superclass) to vnqish:EntityShape's sh:targetClass"


def test_see_also_points_to_existing_model_sections() -> None:
    shapes, _ = project()
    text = (ROOT / "docs" / "model.md").read_text(encoding="utf-8")
    anchors = {github_anchor(h) for h in re.findall(r"^#+\s+(.*)$", text, flags=re.M)}
    links = {str(o) for o in shapes.objects(None, RDFS.seeAlso) if str(o).startswith(MODEL_DOC)}
    assert links, "shapes should point to docs/model.md sections"
    assert sorted(link for link in links if link.partition("#")[2] not in anchors) == []


def github_anchor(heading: str) -> str:
    """The anchor GitHub gives a Markdown heading."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


def test_every_shape_has_a_passing_and_a_failing_case() -> None:
    kinds: dict[str, set[str]] = {}
    for path in CASES:
        match = CASE_NAME.match(path.name)
        assert match is not None, f"{path.name}: name must be <shape>-(pass|fail)-NNN.test.ttl"
        kinds.setdefault(match["shape"], set()).add(match["kind"])
    local_names = {str(s).removeprefix(str(VNQISH)) for s in all_shapes()}
    assert sorted(n for n in local_names if kinds.get(n) != {"pass", "fail"}) == []
    assert sorted(set(kinds) - local_names) == [], "test files for shapes that do not exist"


# --- The date-order guard (shared notes/real-components.md: rdflib compares across datatypes wrongly) -------------

DATE_DATA = """
@base <https://w3id.org/vnqi/id/> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix eli: <http://data.europa.eu/eli/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix vnqi: <https://w3id.org/vnqi/def#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
<doc/68-2006-qh11> a vnqi:Law ;
    rdfs:label "Luật Tiêu chuẩn và Quy chuẩn kỹ thuật"@vi ;
    dcterms:identifier "68/2006/QH11" ;
    eli:type_document <code/doc-type/luat> ;
    eli:date_document {adopted} ;
    eli:first_date_entry_in_force {in_force} ;
    dcterms:source <https://example.org/nguon> ;
    vnqi:factStatus <code/fact-status/verified> .
"""


def shapes_reporting(report: ValidationReport) -> set[str]:
    """Local names of the shapes that report a Violation."""
    return {r.shape.removeprefix(str(VNQISH)) for r in report.violations}


@pytest.mark.parametrize(("adopted", "in_force", "bad_datatype"), [
    ('"2006-06-29"^^xsd:date', '"2006-01-01"', "DocumentShape-entryIntoForce"),
    ('"2006-06-29"', '"2007-01-01"^^xsd:date', "DocumentShape-dateDocument"),
    ('"2006-06-29"^^xsd:date', '"2006-01-01T00:00:00"^^xsd:dateTime', "DocumentShape-entryIntoForce"),
])
def test_date_order_is_never_compared_across_datatypes(adopted: str, in_force: str, bad_datatype: str) -> None:
    data = Graph().parse(data=DATE_DATA.replace("{adopted}", adopted).replace("{in_force}", in_force), format="turtle")
    assert shapes_reporting(check(data)) == {bad_datatype}


def test_date_order_violation_between_two_dates() -> None:
    text = DATE_DATA.replace("{adopted}", '"2006-06-29"^^xsd:date').replace("{in_force}", '"2006-01-01"^^xsd:date')
    assert shapes_reporting(check(Graph().parse(data=text, format="turtle"))) == {"DateOrderShape-entryIntoForce"}


# --- The ontology itself, and the build pipeline ----------------------------------------------------------------

def test_ontology_and_code_lists_raise_no_violation() -> None:
    assert describe(list(check(Graph()).violations)) == ""


def test_build_pipeline_sees_code_lists() -> None:
    shapes, ontology = project()
    text = DATE_DATA.replace("68/2006/QH11", "68/2006/QH-11").replace("{adopted}", '"2006-06-29"^^xsd:date') \
        .replace("{in_force}", '"2007-01-01"^^xsd:date')
    report = validate(Graph().parse(data=text, format="turtle"), shapes, ontology)
    assert "DocumentShape-numbering" in shapes_reporting(report)
