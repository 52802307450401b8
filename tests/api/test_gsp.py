"""SPARQL 1.1 Graph Store HTTP Protocol at /rdf-graph-store: reads on the in-memory app, writes on a fresh build
of our own (tmp) with a write token; every answer parsed back and compared as graphs."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import ClassVar

import pyoxigraph as ox
import pytest
from fastapi.testclient import TestClient
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.compare import isomorphic

from api.app import create_app
from api.settings import Settings
from graph.audit import audit_path, fingerprint, read
from graph.build import build, current_store_path
from graph.load import Sources

ROOT = Path(__file__).resolve().parents[2]
TOKEN = "vnqi-gsp-test-token-0123456789"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
GSP = "/rdf-graph-store"
FACTS = "https://w3id.org/vnqi/graph/data/facts/facts"
NEW = "https://w3id.org/vnqi/graph/data/gsp/test-laws"
ONTOLOGY = "https://w3id.org/vnqi/graph/ontology/core"
PREFIXES = """@prefix vnqi: <https://w3id.org/vnqi/def#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix eli: <http://data.europa.eu/eli/ontology#> .
"""


def law(number: int, identifier: bool = True) -> str:
    """A well-formed (or, without identifier, non-conforming) law as Turtle; a test entity, not a real one."""
    ident = f'dcterms:identifier "{number}/2025/QH15" ;' if identifier else ""
    return f"""<https://w3id.org/vnqi/id/doc/{number}-2025-qh15> a vnqi:Law ;
    rdfs:label "Law on graph store testing {number}"@en , "Luật thử nghiệm kho đồ thị {number}"@vi ;
    eli:type_document <https://w3id.org/vnqi/id/code/doc-type/luat> ; {ident}
    dcterms:source <https://example.org/laws/{number}> ;
    vnqi:factStatus <https://w3id.org/vnqi/id/code/fact-status/unverified> .
"""


LAW_1 = PREFIXES + law(91)
LAW_2 = PREFIXES + law(92) + '<https://w3id.org/vnqi/id/doc/92-2025-qh15> skos:note "ghi chú\\n\\"trích\\""@vi .\n'
NOTE_XML = """<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:skos="http://www.w3.org/2004/02/skos/core#">
  <rdf:Description rdf:about="https://w3id.org/vnqi/id/doc/92-2025-qh15">
    <skos:note xml:lang="en">Merged through POST.</skos:note>
  </rdf:Description>
</rdf:RDF>
"""


def turtle(text: str, fmt: str = "turtle") -> Graph:
    return Graph().parse(data=text, format=fmt)


def fetch(client: TestClient, target: dict, accept: str = "application/n-triples") -> Graph:
    """GET a graph and parse the answer in the format it declares."""
    r = client.get(GSP, params=target, headers={"Accept": accept})
    assert r.status_code == 200, r.text
    fmt = {"text/turtle": "turtle", "application/n-triples": "nt", "application/rdf+xml": "xml",
           "application/ld+json": "json-ld"}[r.headers["content-type"].split(";")[0]]
    return Graph().parse(data=r.content, format=fmt)


def problem(response, status: int) -> dict:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    return response.json()


# ------------------------------------------------------------------------------------------------ reads

@pytest.mark.parametrize("accept", ["text/turtle", "application/n-triples", "application/rdf+xml",
                                    "application/ld+json"])
def test_get_a_named_graph_in_each_format(client: TestClient, dataset: Dataset, accept: str) -> None:
    expected = dataset.graph(URIRef(FACTS))
    assert len(expected) > 100
    got = fetch(client, {"graph": FACTS}, accept)
    assert isomorphic(got, expected)


def test_get_defaults_to_turtle_and_head_has_the_same_headers(client: TestClient) -> None:
    get = client.get(GSP, params={"graph": FACTS})
    head = client.head(GSP, params={"graph": FACTS})
    assert get.headers["content-type"] == "text/turtle; charset=utf-8" == head.headers["content-type"]
    assert head.status_code == 200 and head.content == b""
    assert head.headers["content-length"] == get.headers["content-length"] == str(len(get.content))
    assert get.headers["vary"] == "Accept"


def test_get_the_default_graph(client: TestClient, store) -> None:
    """`?default` is the store's own default graph (empty in the project's data: every file is a named graph)."""
    assert list(store.native.quads_for_pattern(None, None, None, ox.DefaultGraph())) == []
    assert len(fetch(client, {"default": ""})) == 0


@pytest.mark.parametrize("params, status", [
    ({"graph": "https://w3id.org/vnqi/graph/data/no-such-graph"}, 404),
    ({}, 400),
    ({"graph": FACTS, "default": ""}, 400),
    ({"graph": "not an iri"}, 400),
    ({"graph": "relative/graph"}, 400),
])
def test_get_refusals(client: TestClient, params: dict, status: int) -> None:
    problem(client.get(GSP, params=params), status)
    assert client.head(GSP, params=params).status_code == status


@pytest.mark.parametrize("accept", ["application/n-quads", "application/trig", "text/csv"])
def test_get_with_no_single_graph_format_is_406(client: TestClient, accept: str) -> None:
    assert "text/turtle" in problem(client.get(GSP, params={"graph": FACTS}, headers={"Accept": accept}),
                                    406)["offered"]


@pytest.mark.parametrize("method", ["PUT", "POST", "DELETE"])
def test_writes_without_a_configured_token_are_403(client: TestClient, method: str) -> None:
    r = client.request(method, GSP, params={"graph": NEW}, content=LAW_1,
                       headers={**AUTH, "Content-Type": "text/turtle"})
    assert "read-only" in problem(r, 403)["detail"]


# ------------------------------------------------------------------------------------------------ writes

@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of ontology/ and data/ with its own fresh build."""
    root = tmp_path_factory.mktemp("gsp-project")
    for part in ("ontology", "data"):
        shutil.copytree(ROOT / part, root / part)
    build(Sources.at(root), root / "var", importers=())
    return root


@pytest.fixture(scope="module")
def writable(project: Path) -> Iterator[TestClient]:
    settings = Settings(root=project, var_dir=project / "var", write_token=TOKEN, query_workers=1,
                        query_timeout_s=10, max_body_bytes=20_000)
    with TestClient(create_app(settings)) as client:
        yield client


def put(client: TestClient, target: dict, body: str | bytes, kind: str = "text/turtle", method: str = "PUT",
        headers: dict | None = None):
    return client.request(method, GSP, params=target, content=body,
                          headers={"Content-Type": kind, **(AUTH if headers is None else headers)})


def state(project: Path) -> tuple[Path, list[Path]]:
    """The current version and the update log (what a refused write must leave alone)."""
    return current_store_path(project / "var"), sorted((project / "var" / "updates").glob("*.ru"))


def last_audit(project: Path) -> dict:
    return read(audit_path(project / "var"))[-1]


@pytest.fixture(scope="module")
def lifecycle(writable: TestClient, project: Path) -> dict:
    """PUT (create), PUT (replace), POST (merge), DELETE of one new graph, with what each left."""
    out: dict = {}
    out["put1"] = put(writable, {"graph": NEW}, LAW_1)
    out["after_put1"] = fetch(writable, {"graph": NEW})
    out["audit_put1"] = last_audit(project)
    out["put2"] = put(writable, {"graph": NEW}, turtle(LAW_2).serialize(format="nt"), "application/n-triples")
    out["after_put2"] = fetch(writable, {"graph": NEW}, "text/turtle")
    out["audit_put2"] = last_audit(project)
    out["post"] = put(writable, {"graph": NEW}, NOTE_XML, "application/rdf+xml", method="POST")
    out["after_post"] = fetch(writable, {"graph": NEW}, "application/ld+json")
    out["delete"] = writable.delete(GSP, params={"graph": NEW}, headers=AUTH)
    out["after_delete"] = writable.get(GSP, params={"graph": NEW})
    out["audit_delete"] = last_audit(project)
    out["delete_again"] = writable.delete(GSP, params={"graph": NEW}, headers=AUTH)
    out["kept"] = put(writable, {"graph": NEW + "-kept"}, LAW_1)
    return out


def test_put_creates_a_graph_201(lifecycle: dict) -> None:
    r = lifecycle["put1"]
    assert r.status_code == 201, r.text
    assert r.json()["graph"] == NEW and r.json()["status"] == "created"
    assert isomorphic(lifecycle["after_put1"], turtle(LAW_1))


def test_put_replaces_a_graph_204(lifecycle: dict) -> None:
    assert lifecycle["put2"].status_code == 204 and lifecycle["put2"].content == b""
    assert isomorphic(lifecycle["after_put2"], turtle(LAW_2))  # LAW_1 is gone: replaced, not merged


def test_post_merges_into_a_graph_204(lifecycle: dict) -> None:
    assert lifecycle["post"].status_code == 204
    assert isomorphic(lifecycle["after_post"], turtle(LAW_2) + turtle(NOTE_XML, "xml"))


def test_delete_drops_a_graph_then_404(lifecycle: dict) -> None:
    assert lifecycle["delete"].status_code == 204
    assert lifecycle["after_delete"].status_code == 404
    assert lifecycle["delete_again"].status_code == 404


def test_writes_are_audited_with_counts(lifecycle: dict, project: Path) -> None:
    put1, put2, delete = lifecycle["audit_put1"], lifecycle["audit_put2"], lifecycle["audit_delete"]
    n1, n2 = len(turtle(LAW_1)), len(turtle(LAW_2))
    assert (put1["operation"], put1["graphs"], put1["added"], put1["removed"]) == ("gsp-put", [NEW], n1, 0)
    assert (put1["outcome"], put1["status"], put1["created"]) == ("accepted", 201, True)
    assert (put2["added"], put2["removed"], put2["status"]) == (n2, n1, 204)
    assert (delete["operation"], delete["removed"], delete["added"]) == ("gsp-delete", n2 + 1, 0)
    assert put1["token"] == fingerprint(TOKEN) and TOKEN not in audit_path(project / "var").read_text()
    assert put1["client"] == "testclient" and put1["version"] == put1["version"].strip() != ""


def test_a_rebuild_keeps_the_writes(lifecycle: dict, project: Path) -> None:
    assert lifecycle["kept"].status_code == 201, lifecycle["kept"].text
    result = build(Sources.at(project), project / "var", importers=())
    store = ox.Store.read_only(str(result.path))
    kept = Graph().parse(data=store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.NamedNode(NEW + "-kept")),
                         format="nt")
    assert isomorphic(kept, turtle(LAW_1))
    assert not list(store.quads_for_pattern(None, None, None, ox.NamedNode(NEW)))  # the DELETE was replayed too


def test_an_empty_put_to_a_new_graph_creates_nothing(writable: TestClient, project: Path) -> None:
    """A graph is its triples (versions are N-Quads): an empty PUT leaves no graph to create, so 204, not 201, and
    a GET of it stays 404, as before the PUT."""
    target = {"graph": NEW + "-empty"}
    assert writable.get(GSP, params=target).status_code == 404
    r = put(writable, target, PREFIXES)
    assert r.status_code == 204 and r.content == b"" and "location" not in r.headers
    assert writable.get(GSP, params=target).status_code == 404


def test_post_to_the_graph_store_creates_a_new_graph(writable: TestClient, project: Path) -> None:
    """POST without ?graph / ?default: a new graph named by the server, 201 with where to read it."""
    r = put(writable, {}, PREFIXES + law(94), method="POST")
    assert r.status_code == 201, r.text
    name = r.json()["graph"]
    assert name.startswith("https://w3id.org/vnqi/graph/data/upload/")
    location = r.headers["location"]
    assert location.startswith("http://testserver/rdf-graph-store?graph=")
    got = writable.get(location, headers={"Accept": "text/turtle"})
    assert got.status_code == 200 and isomorphic(turtle(got.text), turtle(PREFIXES + law(94)))
    assert last_audit(project)["graphs"] == [name]


def test_concurrent_writes_are_serialised_and_all_kept(writable: TestClient, project: Path) -> None:
    """Two PUTs at once: both become versions one after the other, and the version served has both graphs."""
    graphs = [NEW + "-a", NEW + "-b"]
    before = len(state(project)[1])
    with ThreadPoolExecutor(2) as pool:
        answers = list(pool.map(lambda g: put(writable, {"graph": g}, PREFIXES + law(95 + graphs.index(g))), graphs))
    assert [r.status_code for r in answers] == [201, 201], [r.text for r in answers]
    assert len(state(project)[1]) == before + 2
    for n, graph in enumerate(graphs):
        assert isomorphic(fetch(writable, {"graph": graph}), turtle(PREFIXES + law(95 + n)))
    assert ask_store(current_store_path(project / "var"), graphs)


def ask_store(path: Path, graphs: list[str]) -> bool:
    """True when the store version at `path` has triples in every graph of `graphs`."""
    store = ox.Store.read_only(str(path))
    return all(next(iter(store.quads_for_pattern(None, None, None, ox.NamedNode(g))), None) for g in graphs)


def test_default_graph_put_get_delete(writable: TestClient, project: Path) -> None:
    note = ('<https://w3id.org/vnqi/id/doc/68-2006-qh11> <http://www.w3.org/2004/02/skos/core#note> '
            '"Một ghi chú trong đồ thị mặc định."@vi .\n')
    assert put(writable, {"default": ""}, note, "application/n-triples").status_code == 204
    assert isomorphic(fetch(writable, {"default": ""}), turtle(note, "nt"))
    assert writable.delete(GSP, params={"default": ""}, headers=AUTH).status_code == 204
    assert len(fetch(writable, {"default": ""})) == 0


# ------------------------------------------------------------------------------------------------ refused writes

@pytest.mark.parametrize("headers", [{}, {"Authorization": "Bearer wrong-token-0123456789"},
                                     {"Authorization": f"Basic {TOKEN}"}, {"Authorization": f"Bearer {TOKEN}x"}])
@pytest.mark.parametrize("method", ["PUT", "POST", "DELETE"])
def test_missing_or_wrong_token_is_401(writable: TestClient, project: Path, headers: dict, method: str) -> None:
    before = state(project)
    r = put(writable, {"graph": FACTS}, LAW_1, method=method, headers=headers)
    problem(r, 401)
    assert r.headers["www-authenticate"] == "Bearer"
    assert state(project) == before
    entry = last_audit(project)
    assert (entry["operation"], entry["outcome"], entry["status"], entry["graphs"]) == (
        f"gsp-{method.lower()}", "refused", 401, [FACTS])
    given = headers.get("Authorization", "").removeprefix("Bearer ")
    assert entry["token"] == (fingerprint(given) if headers.get("Authorization", "").startswith("Bearer ") else None)


def test_non_conforming_put_is_422_and_changes_nothing(writable: TestClient, project: Path) -> None:
    before_graph, before = fetch(writable, {"graph": FACTS}), state(project)
    r = put(writable, {"graph": FACTS}, PREFIXES + law(93, identifier=False))
    body = problem(r, 422)
    assert any(v["focus"] == "https://w3id.org/vnqi/id/doc/93-2025-qh15" and v["severity"] == "Violation"
               for v in body["results"])
    assert state(project) == before
    assert isomorphic(fetch(writable, {"graph": FACTS}), before_graph)  # FACTS was not replaced
    entry = last_audit(project)
    assert (entry["outcome"], entry["status"], entry["graphs"]) == ("refused", 422, [FACTS])


def test_writes_to_ontology_or_shapes_graphs_are_403(writable: TestClient, project: Path) -> None:
    before = state(project)
    for method in ("PUT", "POST", "DELETE"):
        assert "read-only" in problem(put(writable, {"graph": ONTOLOGY}, LAW_1, method=method), 403)["detail"]
    assert state(project) == before


def test_malformed_rdf_is_400_with_the_line(writable: TestClient, project: Path) -> None:
    before = state(project)
    body = problem(put(writable, {"graph": NEW}, PREFIXES + '<a:s> <a:p> "o" .\n<a:s> <a:p> .\n'), 400)
    assert body["line"] == 7 and "cannot be parsed" in body["detail"]
    body = problem(put(writable, {"graph": NEW}, '{"@id": "https://x.org/a",\n "x": }', "application/ld+json"),
                   400)
    assert body["line"] == 2
    assert problem(put(writable, {"graph": NEW}, "<a:s> <a:p> <a:o> <a:g> .\n", "application/n-triples"), 400)
    assert state(project) == before


def test_unknown_content_type_is_415(writable: TestClient) -> None:
    for kind in ("application/n-quads", "application/trig", "text/plain", ""):
        body = problem(put(writable, {"graph": NEW}, LAW_1, kind), 415)
        assert "text/turtle" in body["accepted"]


def test_oversized_body_is_413(writable: TestClient, project: Path) -> None:
    before = state(project)
    big = PREFIXES + "".join(f'<https://x.org/s{i}> rdfs:label "{i}" .\n' for i in range(1000))
    assert len(big) > 20_000
    problem(put(writable, {"graph": NEW}, big), 413)
    assert state(project) == before


# ------------------------------------------------------------------------------------------------ no outbound request

class _Record(BaseHTTPRequestHandler):
    """Records every request and answers with something a parser could use (it must never be asked)."""

    hits: ClassVar[list[str]] = []

    def do_GET(self) -> None:
        self.hits.append(self.path)
        body = b'{"@context": {"name": "http://schema.org/name"}}'
        self.send_response(200)
        self.send_header("Content-Type", "application/ld+json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        """Quiet."""


@pytest.mark.parametrize("kind, body", [
    ("application/ld+json", '{{"@context": "{base}/context.jsonld", "@id": "https://x.org/a", "name": "x"}}'),
    ("application/ld+json", '{{"@context": {{"@import": "{base}/context.jsonld"}}, "@id": "https://x.org/a"}}'),
    ("application/rdf+xml", ('<?xml version="1.0"?>\n<!DOCTYPE rdf:RDF [<!ENTITY e SYSTEM "{base}/entity">]>\n'
     '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="https://x.org/">'
     '<rdf:Description rdf:about="https://x.org/a"><ex:p>&e;</ex:p></rdf:Description></rdf:RDF>')),
    ("application/rdf+xml", ('<?xml version="1.0"?>\n<!DOCTYPE rdf:RDF [<!ENTITY % e SYSTEM "{base}/dtd"> %e;]>\n'
     '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"/>')),
])
def test_uploads_fetch_nothing(writable: TestClient, project: Path, local_http, kind: str, body: str) -> None:
    """JSON-LD remote contexts and RDF/XML external entities are refused (400) without any request."""
    _Record.hits = []
    before = state(project)
    with local_http(_Record) as base:
        r = put(writable, {"graph": NEW}, body.format(base=base), kind)
    problem(r, 400)
    assert _Record.hits == [], "parsing an upload fetched a URL"
    assert state(project) == before


# ------------------------------------------------------------------------------------------------ remote store

def test_reads_from_a_remote_store_and_writes_are_refused(tmp_path: Path) -> None:
    """Over a remote SPARQL service (a real Oxigraph server on 127.0.0.1) GET is served through the service's own
    Graph Store Protocol; writes are 501 (versions, validation and the update log belong to the embedded store)."""
    from graph.store import open_store
    from tests.store.servers import ServerMissing, start_oxigraph

    try:
        server = start_oxigraph(tmp_path)
    except ServerMissing as exc:
        pytest.skip(str(exc))
    remote = open_store(server.url)
    try:
        remote.put_graph(URIRef(NEW), turtle(LAW_1))  # type: ignore[attr-defined]
        settings = Settings(root=ROOT, var_dir=tmp_path / "var", write_token=TOKEN)
        with TestClient(create_app(settings, store=remote)) as client:
            for accept in ("text/turtle", "application/ld+json"):
                assert isomorphic(fetch(client, {"graph": NEW}, accept), turtle(LAW_1))
            problem(client.get(GSP, params={"graph": NEW + "-missing"}), 404)
            problem(put(client, {"graph": NEW}, LAW_2), 501)
            assert read(audit_path(tmp_path / "var"))[-1]["status"] == 501
        assert isomorphic(Graph().parse(data=b"".join(
            ox.serialize([t], format=ox.RdfFormat.N_TRIPLES) for t in remote.graph_triples(NEW)),  # type: ignore[attr-defined]
            format="nt"), turtle(LAW_1))
    finally:
        remote.close()  # type: ignore[attr-defined]
        server.stop()


def test_a_literal_with_a_base_direction_is_refused(writable: TestClient, project: Path) -> None:
    """RDF 1.2 (Turtle "x"@en--ltr): pyoxigraph reads it, vnqi's validation cannot (it answered 500): 400."""
    before = state(project)
    body = problem(put(writable, {"graph": NEW}, '<http://x/a> <http://x/b> "x"@en--ltr .'), 400)
    assert "RDF 1.2" in body["detail"] and state(project) == before


def test_conditional_requests_are_honoured(writable: TestClient, project: Path) -> None:
    """RFC 9110 §13.1: a review's PUT with `If-Match: "nope"` replaced the graph, `If-None-Match: *` overwrote an
    existing one. vnqi issues no entity tags: a listed tag never matches, `*` matches an existing graph."""
    target = {"graph": NEW + "-conditional"}
    before = state(project)
    assert put(writable, target, LAW_1, headers={**AUTH, "If-Match": "*"}).status_code == 412  # not there yet
    assert state(project) == before
    assert put(writable, target, LAW_1, headers={**AUTH, "If-None-Match": "*"}).status_code == 201  # create only
    after = state(project)
    for headers in ({"If-None-Match": "*"}, {"If-Match": '"nope"'}):
        r = put(writable, target, LAW_2, headers={**AUTH, **headers})
        assert r.status_code == 412 and r.headers["content-type"] == "application/problem+json", headers
        assert writable.delete(GSP, params=target, headers={**AUTH, **headers}).status_code == 412
    assert state(project) == after and isomorphic(fetch(writable, target), turtle(LAW_1))
    assert writable.get(GSP, params=target, headers={"If-None-Match": "*"}).status_code == 304
    assert writable.get(GSP, params=target, headers={"If-Match": '"nope"'}).status_code == 412
    assert writable.get(GSP, params=target, headers={"If-None-Match": '"nope"'}).status_code == 200
    assert put(writable, target, LAW_2, headers={**AUTH, "If-Match": "*"}).status_code == 204
    assert isomorphic(fetch(writable, target), turtle(LAW_2))


def test_a_graph_rdf_xml_cannot_carry_is_refused_not_sent_malformed() -> None:
    """GET of a graph in RDF/XML: a predicate with no XML name (ending in a digit) or a control character in a
    literal would make Oxigraph write XML no parser reads; NotRepresentable (406) names the formats to ask for."""
    from graph import gsp
    from graph.errors import NotRepresentable

    store = ox.Store()
    name = "https://example.org/graph/xml"
    for predicate, value in (("http://example.org/1", "one"), ("http://example.org/p", "a\x01b")):
        store.add(ox.Quad(ox.NamedNode("urn:a"), ox.NamedNode(predicate), ox.Literal(value), ox.NamedNode(name)))
        with pytest.raises(NotRepresentable, match="Turtle, N-Triples or JSON-LD"):
            gsp.serialize(store, name, ox.RdfFormat.RDF_XML, {})
        store.clear()
    store.add(ox.Quad(ox.NamedNode("urn:a"), ox.NamedNode("http://example.org/p"), ox.Literal("é"), ox.NamedNode(name)))
    body = gsp.serialize(store, name, ox.RdfFormat.RDF_XML, {})
    assert set(Graph().parse(data=body, format="xml")) == {
        (URIRef("urn:a"), URIRef("http://example.org/p"), Literal("é"))}
