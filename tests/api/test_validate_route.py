"""POST /validate (and `vnqi validate`): the SHACL report of uploaded RDF in every input format, as JSON grouped by
shape and focus node, as a SHACL report graph in Turtle and JSON-LD (paths as SHACL paths, IRI values as IRIs), as
an HTML page, in Vietnamese by default and in English on request. Test data only: example.org resources, not facts."""

from __future__ import annotations

import html
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.compare import isomorphic
from rdflib.namespace import DCTERMS, RDF, SH, XSD

from api.cli import main

ROOT = Path(__file__).resolve().parents[2]
VNQI, SHAPES = "https://w3id.org/vnqi/def#", "https://w3id.org/vnqi/shapes#"
A, B = "https://example.org/person/a", "https://example.org/person/b"
NOT_A_STATUS = "https://example.org/not-a-status"
DATA = f"""@prefix vnqi: <{VNQI}> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
<{A}> a vnqi:Person ; rdfs:label "Người thử A"@vi , "Test person A"@en ;
    vnqi:factStatus <https://w3id.org/vnqi/id/code/fact-status/verified> .
<{B}> a vnqi:Person ; rdfs:label "Người thử B"@vi , "Test person B"@en ;
    dcterms:source <https://example.org/source> ; vnqi:factStatus <{NOT_A_STATUS}> .
"""
# A has no source (a shape whose path is sh:alternativePath); B's status is not a code of the list (an IRI value).
NO_SOURCE, BAD_STATUS = SHAPES + "EntityShape-source", SHAPES + "FactStatusShape-value"
SOURCE_PATH = f"<{DCTERMS.source}>|<{VNQI}sourceNote>"
TYPES = {"text/turtle": "turtle", "application/ld+json": "json-ld", "application/trig": "trig",
         "application/n-triples": "nt", "application/rdf+xml": "xml"}


def message(shape: str, lang: str) -> str:
    """The shape's own sh:message in `lang`, read from the shapes files."""
    shapes = Graph()
    for path in sorted((ROOT / "ontology" / "shapes").glob("*.ttl")):
        shapes.parse(path)
    found = [str(m) for m in shapes.objects(URIRef(shape), SH.message) if m.language == lang]
    assert len(found) == 1
    return found[0]


def expected_json(lang: str) -> dict:
    return {"conforms": False, "violations": 2, "warnings": 0, "groups": [
        {"shape": NO_SOURCE, "severity": "Violation", "focusNodes": [
            {"focus": A, "results": [{"path": SOURCE_PATH, "value": None, "message": message(NO_SOURCE, lang)}]}]},
        {"shape": BAD_STATUS, "severity": "Violation", "focusNodes": [
            {"focus": B, "results": [{"path": VNQI + "factStatus", "value": NOT_A_STATUS,
                                      "message": message(BAD_STATUS, lang)}]}]}]}


def in_format(media_type: str) -> bytes:
    """DATA written in another RDF syntax by rdflib."""
    graph = Graph().parse(data=DATA, format="turtle")
    return graph.serialize(format=TYPES[media_type], encoding="utf-8")


@pytest.mark.parametrize("media_type", list(TYPES))
def test_every_input_format_gives_the_report_grouped_by_shape_and_focus(client: TestClient, media_type: str) -> None:
    r = client.post("/validate", content=in_format(media_type), headers={"Content-Type": media_type})
    assert r.status_code == 200 and r.headers["content-type"] == "application/json"
    assert r.json() == expected_json("vi")


@pytest.mark.parametrize(("how", "lang"), [({}, "vi"), ({"params": {"lang": "en"}}, "en"),
                                           ({"headers": {"Accept-Language": "en"}}, "en")])
def test_messages_are_in_vietnamese_unless_english_is_asked_for(client: TestClient, how: dict, lang: str) -> None:
    headers = {"Content-Type": "text/turtle", **how.get("headers", {})}
    r = client.post("/validate", content=DATA.encode(), headers=headers, params=how.get("params"))
    assert r.json() == expected_json(lang)


def expected_report() -> Graph:
    """The SHACL validation report graph of DATA, built here from the shapes' own messages."""
    g = Graph()
    report = BNode()
    g.add((report, RDF.type, SH.ValidationReport))
    g.add((report, SH.conforms, Literal(False, datatype=XSD.boolean)))
    for focus, shape, path, value in ((A, NO_SOURCE, None, None), (B, BAD_STATUS, URIRef(VNQI + "factStatus"),
                                                                   URIRef(NOT_A_STATUS))):
        result = BNode()
        g.add((report, SH.result, result))
        for p, o in ((RDF.type, SH.ValidationResult), (SH.focusNode, URIRef(focus)), (SH.sourceShape, URIRef(shape)),
                     (SH.resultSeverity, SH.Violation), (SH.resultMessage, Literal(message(shape, "vi"), lang="vi")),
                     (SH.resultMessage, Literal(message(shape, "en"), lang="en"))):
            g.add((result, p, o))
        if path is None:  # [ sh:alternativePath ( dcterms:source vnqi:sourceNote ) ]
            path, choices = BNode(), BNode()
            Collection(g, choices, [DCTERMS.source, URIRef(VNQI + "sourceNote")])
            g.add((path, SH.alternativePath, choices))
        g.add((result, SH.resultPath, path))
        if value is not None:
            g.add((result, SH.value, value))
    return g


@pytest.mark.parametrize(("accept", "fmt"), [("text/turtle", "turtle"), ("application/ld+json", "json-ld")])
def test_rdf_reports_are_shacl_report_graphs(client: TestClient, accept: str, fmt: str) -> None:
    """The alternative path is a SHACL path node (not a blank node label of the shapes graph written as an IRI)
    and the IRI value is an IRI (not a literal)."""
    r = client.post("/validate", content=DATA.encode(), headers={"Content-Type": "text/turtle", "Accept": accept})
    assert r.status_code == 200 and r.headers["content-type"].split(";")[0] == accept
    assert isomorphic(Graph().parse(data=r.text, format=fmt), expected_report())


def test_html_report_lists_each_shape_with_its_focus_nodes(client: TestClient) -> None:
    r = client.post("/validate", content=DATA.encode(), headers={"Content-Type": "text/turtle", "Accept": "text/html"})
    page = html.unescape(r.text)
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    for shape, focus in ((NO_SOURCE, A), (BAD_STATUS, B)):
        assert message(shape, "vi") in page and focus in page
    assert page.index(NO_SOURCE.split("#")[1]) < page.index(A) < page.index(BAD_STATUS.split("#")[1]) < page.index(B)


@pytest.mark.parametrize("how", ["body", "file"])
def test_rdf_that_is_not_utf8_is_refused(client: TestClient, how: str) -> None:
    """Bytes that are not UTF-8 are a 400 naming the byte, not text read with U+FFFD in their place."""
    body = b'<urn:a> <urn:b> "caf\xe9" .'
    if how == "body":
        r = client.post("/validate", content=body, headers={"Content-Type": "text/turtle"})
    else:
        r = client.post("/validate", files={"file": ("data.ttl", body, "text/turtle")}, data={"format": "turtle"})
    assert r.status_code == 400 and "not valid UTF-8" in r.json()["detail"] and "(byte 20)" in r.json()["detail"]


def test_the_command_line_prints_the_same_report(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = tmp_path / "data.ttl"
    data.write_text(DATA, encoding="utf-8")
    assert main(["--root", str(ROOT), "validate", str(data)]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines == [
        f"Violation: [{NO_SOURCE}] (1)", f"    (input): <{A}> {SOURCE_PATH}",
        f"      vi: {message(NO_SOURCE, 'vi')}", f"      en: {message(NO_SOURCE, 'en')}",
        f"Violation: [{BAD_STATUS}] (1)", f"    (input): <{B}> {VNQI}factStatus = {NOT_A_STATUS}",
        f"      vi: {message(BAD_STATUS, 'vi')}", f"      en: {message(BAD_STATUS, 'en')}",
        "does NOT conform: 2 violation(s), 0 warning(s)"]


@pytest.mark.parametrize(("media_type", "fmt"), [("application/trig", "trig"), ("application/n-quads", "nquads"),
                                                 ("application/ld+json", "json-ld")])
def test_named_graphs_of_an_upload_are_validated(client: TestClient, media_type: str, fmt: str) -> None:
    """A's description in one named graph and B's in another: both are validated (they were dropped before)."""
    dataset = Dataset()
    data = Graph().parse(data=DATA, format="turtle")
    for focus, name in ((A, "https://example.org/graph/1"), (B, "https://example.org/graph/2")):
        for triple in data.triples((URIRef(focus), None, None)):
            dataset.graph(URIRef(name)).add(triple)
    body = dataset.serialize(format=fmt, encoding="utf-8")
    r = client.post("/validate", content=body, headers={"Content-Type": media_type})
    assert r.status_code == 200 and r.json() == expected_json("vi")


def test_a_lone_surrogate_in_a_named_graph_is_refused(client: TestClient) -> None:
    body = b'<https://example.org/graph/1> { <https://example.org/a> <https://example.org/b> "\\ud800" . }'
    r = client.post("/validate", content=body, headers={"Content-Type": "application/trig"})
    assert r.status_code == 400 and "lone surrogate" in r.json()["detail"]


def test_a_literal_value_that_reads_like_a_blank_node_stays_a_literal(client: TestClient) -> None:
    """sh:value in the RDF report is the term the data had: the literal "_:b0" a literal, a blank node a blank
    node (both break the vnqi:date datatype shape)."""
    data = (f'@prefix vnqi: <{VNQI}> .\n<https://example.org/x> vnqi:date "_:b0" .\n'
            '<https://example.org/y> vnqi:date [] .\n')
    r = client.post("/validate", content=data.encode(), headers={"Content-Type": "text/turtle",
                                                                 "Accept": "text/turtle"})
    report = Graph().parse(data=r.text, format="turtle")
    values = {str(report.value(result, SH.focusNode)): report.value(result, SH.value)
              for result in report.subjects(RDF.type, SH.ValidationResult)
              if report.value(result, SH.sourceShape) == URIRef(SHAPES + "EventShape-date")}
    assert set(values) == {"https://example.org/x", "https://example.org/y"}
    assert values["https://example.org/x"] == Literal("_:b0")
    assert isinstance(values["https://example.org/y"], BNode)


TYPED = (f'@prefix vnqi: <{VNQI}> .\n@prefix xsd: <{XSD}> .\n'
         '<https://example.org/x> vnqi:date "2030-13-01"^^xsd:date .\n'
         '<https://example.org/y> vnqi:date "2030-01-01"@vi .\n'
         '<https://example.org/z> vnqi:date "2030" .\n')


def test_a_literal_value_keeps_its_datatype_and_language(client: TestClient) -> None:
    """"2030-13-01"^^xsd:date was reported as a plain "2030-13-01" next to "must be an xsd:date", hiding what was
    wrong; the RDF report gives the term the data had, JSON its datatype or language, HTML and text the term."""
    headers = {"Content-Type": "text/turtle"}
    report = Graph().parse(data=client.post("/validate", content=TYPED.encode(),
                                            headers={**headers, "Accept": "text/turtle"}).text, format="turtle")
    values = {str(report.value(result, SH.focusNode)): report.value(result, SH.value)
              for result in report.subjects(RDF.type, SH.ValidationResult)
              if report.value(result, SH.sourceShape) == URIRef(SHAPES + "EventShape-date")}
    assert values == {"https://example.org/x": Literal("2030-13-01", datatype=XSD.date),
                      "https://example.org/y": Literal("2030-01-01", lang="vi"),
                      "https://example.org/z": Literal("2030")}
    found = {node["focus"]: result for group in client.post("/validate", content=TYPED.encode(), headers={
        **headers, "Accept": "application/json"}).json()["groups"] if group["shape"] == SHAPES + "EventShape-date"
        for node in group["focusNodes"] for result in node["results"]}
    assert {focus: {k: v for k, v in r.items() if k != "message"} for focus, r in found.items()} == {
        "https://example.org/x": {"path": str(VNQI) + "date", "value": "2030-13-01", "datatype": str(XSD.date)},
        "https://example.org/y": {"path": str(VNQI) + "date", "value": "2030-01-01", "lang": "vi"},
        "https://example.org/z": {"path": str(VNQI) + "date", "value": "2030"}}
    page = html.unescape(client.post("/validate", content=TYPED.encode(),
                                     headers={**headers, "Accept": "text/html"}).text)
    assert '"2030-13-01"^^xsd:date' in page and '"2030-01-01"@vi' in page


@pytest.mark.parametrize("engine", ["fast", "pyshacl"])
def test_both_engines_read_a_value_s_datatype_and_language(tmp_path: Path, engine: str,
                                                           monkeypatch: pytest.MonkeyPatch,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("VNQI_SHACL_ENGINE", engine)
    path = tmp_path / "typed.ttl"
    path.write_text(TYPED, encoding="utf-8")
    main(["validate", str(path)])
    out = capsys.readouterr().out
    assert '= "2030-13-01"^^xsd:date\n' in out and '= "2030-01-01"@vi\n' in out and "= 2030\n" in out


def test_a_value_is_shown_as_turtle_writes_it() -> None:
    """Quotes, backslashes and line breaks escaped (else '"a"b"@en' reads as two literals); an empty typed value
    is shown too."""
    from graph.validate import ValidationResult

    def shown(value: str, **kind: str) -> str | None:
        return ValidationResult(focus="f", shape="s", severity="Violation", path=None, value=value, messages={},
                                **kind).value_text()  # type: ignore[arg-type]

    assert shown('a"b\\c\nd', value_lang="en-GB") == '"a\\"b\\\\c\\nd"@en-GB'
    assert shown("", value_datatype=str(XSD.date)) == '""^^xsd:date'
    assert shown("x", value_datatype="https://example.org/t") == '"x"^^<https://example.org/t>'
    assert shown("plain") == "plain"


BROKEN = '@prefix ex: <https://example.org/> .\nex:a ex:b ex:c .\nex:d ex:e "unterminated <b> .\nex:f ex:g ex:h .\n'


def test_a_syntax_error_names_its_line_without_the_parser_s_byte_reprs(client: TestClient) -> None:
    r = client.post("/validate", content=BROKEN.encode(), headers={"Content-Type": "text/turtle"})
    assert r.status_code == 400
    assert r.json()["detail"] == "the uploaded turtle could not be parsed: line 3: newline found in string literal"
    xml = '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">\n<x'
    r = client.post("/validate", content=xml.encode(), headers={"Content-Type": "application/rdf+xml"})
    assert r.status_code == 400 and r.json()["detail"].endswith("could not be parsed: line 2, column 1: unclosed token")
    r = client.post("/validate", content=b"<https://example.org/a> <https://example.org/b> <https://example.org/c>",
                    headers={"Content-Type": "text/turtle"})  # no final '.': rdflib's IndexError
    assert r.json()["detail"].endswith("could not be parsed: the data ends in the middle of a statement")
    both = xml.replace("\n<x", '\n<rdf:Description rdf:about="https://example.org/a"><rdf:type rdf:nodeID="x" '
                                'rdf:resource="https://example.org/b"/></rdf:Description></rdf:RDF>')
    detail = client.post("/validate", content=both.encode(), headers={"Content-Type": "application/rdf+xml"}).json()
    assert detail["detail"].endswith(": line 2, column 52: Property element cannot have both rdf:nodeID and "
                                     "rdf:resource"), detail  # rdflib gave "None:2:51: …", its column from 0: the element starts at 52


@pytest.mark.parametrize(("lang", "heading"), [("vi", "Không đọc được dữ liệu RDF"),
                                               ("en", "The RDF data could not be read")])
def test_the_form_shows_a_syntax_error_on_the_page_with_the_data_kept(client: TestClient, lang: str,
                                                                      heading: str) -> None:
    """A browser that sent the form gets the page again (not problem JSON): why, in its language, and its data in
    the text area to correct."""
    r = client.post(f"/validate?lang={lang}", data={"data": BROKEN, "format": "text/turtle", "report": "html"})
    assert r.status_code == 400 and r.headers["content-type"].startswith("text/html")
    page = html.unescape(r.text)
    assert f'role="alert"><h2>{heading}</h2>' in page and "line 3: newline found in string literal" in page
    assert f'class="code-input">\n{BROKEN}</textarea>' in page  # a browser drops that first newline, not the data's
    assert "&lt;b&gt;" in r.text  # the data is escaped in the page


def test_the_page_keeps_the_format_that_was_chosen(client: TestClient) -> None:
    xml = '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">\n<x'
    r = client.post("/validate", data={"data": xml, "format": "application/rdf+xml", "report": "html"})
    assert r.status_code == 400
    assert '<option value="application/rdf+xml" selected>RDF/XML</option>' in r.text
    assert '<option value="text/turtle">Turtle</option>' in r.text
    assert '<option value="text/turtle" selected>Turtle</option>' in client.get("/validate").text

