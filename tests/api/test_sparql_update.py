"""SPARQL Update through /sparql on a fresh build of our own (tmp_path), with a write token.

W3C protocol cases (sparql/sparql11/protocol/manifest.ttl): update_post_direct, update_post_form, bad_update_syntax,
bad_update_dataset_conflict, bad_update_get, update_dataset_* (using-graph-uri / using-named-graph-uri, written into
the update as USING / USING NAMED) and update_base_uri here with a token. The manifest's updates start with CLEAR
ALL / DROP ALL, which our
endpoint refuses on purpose (the ontology and shapes graphs are read-only): the accepted cases insert a well-formed
entity instead, and CLEAR ALL itself is checked to be refused.
"""

from __future__ import annotations

import json
import shutil
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import ClassVar
from urllib.parse import quote, urlencode

import pyoxigraph as ox
import pytest
from fastapi.testclient import TestClient
from rdflib import Graph, Namespace
from rdflib.namespace import RDFS

from api.app import create_app
from api.settings import Settings
from graph.build import build, current_store_path
from graph.load import Sources

ROOT = Path(__file__).resolve().parents[2]
TOKEN = "vnqi-test-write-token-0123456789"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
UPDATE = {"Content-Type": "application/sparql-update"}
FORM = {"Content-Type": "application/x-www-form-urlencoded"}
FACTS = "https://w3id.org/vnqi/graph/data/facts/facts"
SEED = "https://w3id.org/vnqi/graph/data/seed/tdc-2024-article"
NEW_LAW = "https://w3id.org/vnqi/id/doc/99-2025-qh15"
BAD_LAW = "https://w3id.org/vnqi/id/doc/98-2025-qh15"
LAW_68 = "https://w3id.org/vnqi/id/doc/68-2006-qh11"
PROLOGUE = """PREFIX vnqi: <https://w3id.org/vnqi/def#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX eli: <http://data.europa.eu/eli/ontology#>
"""
LAW_TRIPLES = """<{iri}> a vnqi:Law ;
    rdfs:label "Law on protocol testing"@en , "Luật thử nghiệm giao thức"@vi ;
    eli:type_document <https://w3id.org/vnqi/id/code/doc-type/luat> ;
    {identifier}
    dcterms:source <https://example.org/laws/{slug}> ;
    vnqi:factStatus <https://w3id.org/vnqi/id/code/fact-status/unverified> ."""
INSERT_LAW = PROLOGUE + f"INSERT DATA {{ GRAPH <{FACTS}> {{\n" + LAW_TRIPLES.format(
    iri=NEW_LAW, identifier='dcterms:identifier "99/2025/QH15" ;', slug="99") + "\n} }\n"
INSERT_NOTE = (PROLOGUE + f"INSERT DATA {{ GRAPH <{FACTS}> {{ <{NEW_LAW}> skos:note "
               '"Added through a form POST."@en } }')
NO_IDENTIFIER = PROLOGUE + f"INSERT DATA {{ GRAPH <{FACTS}> {{\n" + LAW_TRIPLES.format(
    iri=BAD_LAW, identifier="", slug="98") + "\n} }\n"
ASK_NEW_LAW = (f"ASK {{ <{NEW_LAW}> a <https://w3id.org/vnqi/def#Law> ; "
               '<http://purl.org/dc/terms/identifier> "99/2025/QH15" }')
ASK_NOTE = f'ASK {{ <{NEW_LAW}> <http://www.w3.org/2004/02/skos/core#note> "Added through a form POST."@en }}'


# ------------------------------------------------------------------------------------------------ fixtures

@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of ontology/ and data/ with its own fresh build under var/ (the project_copy pattern)."""
    root = tmp_path_factory.mktemp("update-project")
    for part in ("ontology", "data"):
        shutil.copytree(ROOT / part, root / part)
    build(Sources.at(root), root / "var", importers=())
    return root


@pytest.fixture(scope="module")
def writable(project: Path) -> Iterator[TestClient]:
    """The app over that build, with a write token and real worker processes."""
    settings = Settings(root=project, var_dir=project / "var", write_token=TOKEN, query_workers=1,
                        query_timeout_s=10)
    with TestClient(create_app(settings)) as client:
        yield client


@pytest.fixture(scope="module")
def applied(writable: TestClient, project: Path) -> dict:
    """The two accepted updates (direct, then form), applied once, with what the tests check afterwards."""
    var = project / "var"
    before = current_store_path(var)
    direct = writable.post("/sparql", content=INSERT_LAW, headers={**UPDATE, **AUTH})
    after_direct = current_store_path(var)
    # Versions are immutable: the one served before the update does not get the law (checked now: the next
    # update prunes it, only the current version and the one before are kept).
    before_has_law = ask_store(before, ASK_NEW_LAW)
    form = writable.post("/sparql", content=urlencode({"update": INSERT_NOTE}), headers={**FORM, **AUTH})
    return {"before": before, "before_has_law": before_has_law, "direct": direct, "after_direct": after_direct,
            "form": form,
            "after_form": current_store_path(var)}


def ask(client: TestClient, query: str) -> bool:
    r = client.post("/sparql", content=query, headers={"Content-Type": "application/sparql-query",
                                                       "Accept": "application/sparql-results+json"})
    assert r.status_code == 200, r.text
    return json.loads(r.content)["boolean"]


def ask_store(path: Path, query: str) -> bool:
    """ASK a store version directly (read-only), without the app."""
    return bool(ox.Store.read_only(str(path)).query(query, use_default_graph_as_union=True))


def problem(response, status: int, error: str | None = None) -> dict:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    body = response.json()
    assert body["status"] == status
    if error:
        assert body["error"] == error, body
    return body


def logged(project: Path) -> list[Path]:
    return sorted((project / "var" / "updates").glob("*.ru"))


# ------------------------------------------------------------------------------------------------ authorisation

def test_update_without_a_configured_token_is_403(client: TestClient) -> None:
    """A read-only endpoint (no write token): 403, whatever the request carries."""
    r = client.post("/sparql", content=INSERT_LAW, headers={**UPDATE, **AUTH})
    assert "read-only" in problem(r, 403, "HttpProblem")["detail"]


@pytest.mark.parametrize("authorization", [None, "Bearer wrong-token-0123456789", f"Basic {TOKEN}", "Bearer",
                                           f"Bearer {TOKEN}x", f"bearer  {TOKEN[:-1]}"])
def test_update_with_a_missing_or_wrong_token_is_401(writable: TestClient, project: Path,
                                                     authorization: str | None) -> None:
    before = current_store_path(project / "var")
    headers = {**UPDATE, **({"Authorization": authorization} if authorization else {})}
    r = writable.post("/sparql", content=INSERT_LAW, headers=headers)
    problem(r, 401, "HttpProblem")
    assert r.headers["www-authenticate"] == "Bearer"
    assert current_store_path(project / "var") == before


# ------------------------------------------------------------------------------------------------ accepted updates

def test_update_post_direct(applied: dict, writable: TestClient) -> None:
    """update_post_direct (adapted): a conforming INSERT DATA as application/sparql-update → 200, visible next."""
    r = applied["direct"]
    assert r.status_code == 200, r.text
    assert r.json() == {"status": "applied", "version": applied["after_direct"].name, "added": 7, "removed": 0,
                        "graphs": [FACTS]}
    assert applied["after_direct"] != applied["before"]
    assert applied["after_direct"].parent == applied["before"].parent  # a new directory under var/builds/
    assert ask(writable, ASK_NEW_LAW) is True
    r = writable.get("/sparql", params={"query": "SELECT ?n WHERE { ?d <http://purl.org/dc/terms/identifier> ?n }"},
                     headers={"Accept": "application/sparql-results+json"})
    numbers = {b["n"]["value"] for b in json.loads(r.content)["results"]["bindings"]}
    assert {"99/2025/QH15", "68/2006/QH11"} <= numbers
    assert applied["before_has_law"] is False  # the version served before was not changed


def test_update_post_form(applied: dict, writable: TestClient) -> None:
    """update_post_form (adapted): a conforming update as update= in a URL-encoded POST → 200, visible next."""
    r = applied["form"]
    assert r.status_code == 200, r.text
    assert r.json() == {"status": "applied", "version": applied["after_form"].name, "added": 1, "removed": 0,
                        "graphs": [FACTS]}
    assert applied["after_form"] != applied["after_direct"]
    assert ask(writable, ASK_NOTE) is True and ask(writable, ASK_NEW_LAW) is True


def test_accepted_updates_are_logged_in_order(applied: dict, project: Path) -> None:
    files = logged(project)
    base = "BASE <https://w3id.org/vnqi/>\n"  # logged with the endpoint's base, so a replay resolves alike
    assert [f.read_text(encoding="utf-8") for f in files] == [base + INSERT_LAW, base + INSERT_NOTE]
    assert not list((project / "var" / "updates").glob("*.pending"))


def test_a_fresh_build_replays_the_accepted_updates(applied: dict, project: Path) -> None:
    """`build()` from the files replays var/updates/: the inserted triples are still there afterwards."""
    assert applied["direct"].status_code == applied["form"].status_code == 200
    result = build(Sources.at(project), project / "var", importers=())
    assert result.report.conforms
    assert result.path == current_store_path(project / "var") != applied["after_form"]
    assert ask_store(result.path, ASK_NEW_LAW) is True
    assert ask_store(result.path, ASK_NOTE) is True
    assert ask_store(result.path, f'ASK {{ GRAPH <{FACTS}> {{ <{NEW_LAW}> ?p ?o }} }}') is True


# ------------------------------------------------------------------------------------------------ refused updates

def test_non_conforming_update_is_422_and_changes_nothing(writable: TestClient, project: Path) -> None:
    var = project / "var"
    before, log = current_store_path(var), logged(project)
    r = writable.post("/sparql", content=NO_IDENTIFIER, headers={**UPDATE, **AUTH})
    body = problem(r, 422, "ValidationFailed")
    violations = [v for v in body["results"] if v["severity"] == "Violation"]
    assert violations == [{
        "focus": BAD_LAW, "shape": "https://w3id.org/vnqi/shapes#LegalDocumentShape-identifier",
        "severity": "Violation", "path": "http://purl.org/dc/terms/identifier", "value": None,
        "message": violations[0]["message"]}]
    assert "exactly one official number" in violations[0]["message"]["en"]
    assert current_store_path(var) == before and logged(project) == log
    assert ask(writable, f"ASK {{ <{BAD_LAW}> ?p ?o }}") is False


@pytest.mark.parametrize("text", [
    "CLEAR ALL",  # update_post_direct / update_post_form as written in the manifest
    "DROP ALL",
    ('INSERT DATA { GRAPH <https://w3id.org/vnqi/graph/ontology/core> { <http://example.org/s> '
     '<http://www.w3.org/2000/01/rdf-schema#label> "x" } }'),
    "DROP GRAPH <https://w3id.org/vnqi/graph/shapes/legal.shapes>",
    "PREFIX vg: <https://w3id.org/vnqi/graph/>\nDELETE WHERE { GRAPH vg:ontology\\/legal { ?s ?p ?o } }",
    ("PREFIX sh: <http://www.w3.org/ns/shacl#>\nDELETE { GRAPH ?g { ?s sh:minCount ?n } } "
     "WHERE { GRAPH ?g { ?s sh:minCount ?n } }"),
])
def test_update_touching_ontology_or_shapes_is_400(writable: TestClient, project: Path, text: str) -> None:
    before, log = current_store_path(project / "var"), logged(project)
    body = problem(writable.post("/sparql", content=text, headers={**UPDATE, **AUTH}), 400, "UpdateRefused")
    assert "read-only" in body["detail"]
    assert current_store_path(project / "var") == before and logged(project) == log


@pytest.mark.parametrize("text", [
    'INSERT DATA { GRAPH <http://example.org/fuzz/g> { <http://x/a> <http://x/b> "x"@en--ltr } }',
    'INSERT { <http://x/a> <http://x/b> ?x } WHERE { BIND(STRLANGDIR("x", "en", "ltr") AS ?x) }',
    "INSERT DATA { <http://x/a> <http://x/b> <<( <http://x/a> <http://x/b> <http://x/c> )>> }",
    "INSERT DATA { <http://x/a> <http://x/b> << <http://x/a> <http://x/b> <http://x/c> >> }",
    'INSERT DATA { <http://x/a> <http://x/b> "x"^^<http://www.w3.org/1999/02/22-rdf-syntax-ns#dirLangString> }',
], ids=["dir-literal", "strlangdir", "triple-term", "reifier", "dirlangstring-datatype"])
def test_rdf12_terms_are_refused_with_400(writable: TestClient, project: Path, text: str) -> None:
    """pyoxigraph accepts RDF 1.2 terms; vnqi's validation cannot read them back (it answered 500): refused."""
    before, log = current_store_path(project / "var"), logged(project)
    body = problem(writable.post("/sparql", content=text, headers={**UPDATE, **AUTH}), 400, "UpdateRefused")
    assert "RDF 1.2" in body["detail"] or "cannot be read back" in body["detail"]
    assert current_store_path(project / "var") == before and logged(project) == log


def test_bad_update_get(writable: TestClient) -> None:
    """bad_update_get with a valid token: still 400 (updates are POST only)."""
    r = writable.get("/sparql", params={"update": INSERT_LAW}, headers=AUTH)
    assert "POST" in problem(r, 400)["detail"]


def test_bad_update_syntax(writable: TestClient, project: Path) -> None:
    """bad_update_syntax: update=CLEAR%20XYZ (with a valid token) → 4xx (400)."""
    before = current_store_path(project / "var")
    body = problem(writable.post("/sparql", content="update=CLEAR%20XYZ", headers={**FORM, **AUTH}), 400,
                   "UpdateRefused")
    assert "syntax" in body["detail"] and (body["line"], body["column"]) == (1, 10)
    body = problem(writable.post("/sparql", content="INSERT DATA {\n <urn:a> <urn:b> }",
                                 headers={"Content-Type": "application/sparql-update", **AUTH}), 400, "UpdateRefused")
    assert (body["line"], body["column"]) == (2, 18)
    body = problem(writable.post("/sparql", content="INSERT DATA {\n <urn:a> <urn:b> \"x }",
                                 headers={"Content-Type": "application/sparql-update", **AUTH}), 400, "UnclosedString")
    assert (body["line"], body["column"]) == (2, 18)  # the quote: refused before the engine
    assert current_store_path(project / "var") == before


def test_bad_update_dataset_conflict(writable: TestClient, project: Path) -> None:
    """bad_update_dataset_conflict: using-named-graph-uri together with WITH → 4xx (400)."""
    text = ("PREFIX foaf: <http://xmlns.com/foaf/0.1/>\nWITH <http://example/addresses>\n"
            "DELETE { ?person foaf:givenName 'Bill' }\nINSERT { ?person foaf:givenName 'William' }\n"
            "WHERE { ?person foaf:givenName 'Bill' }")
    before = current_store_path(project / "var")
    r = writable.post("/sparql?using-named-graph-uri=" + quote("http://example/people", safe=""), content=text,
                      headers={**UPDATE, **AUTH})
    problem(r, 400)
    # The same parameter in the URL of a form POST is not silently dropped.
    r = writable.post("/sparql?using-graph-uri=" + quote(FACTS, safe=""), content=urlencode({"update": text}),
                      headers={**FORM, **AUTH})
    problem(r, 400)
    assert current_store_path(project / "var") == before


def test_using_graph_parameters_are_written_into_the_logged_update(writable: TestClient, project: Path) -> None:
    """The protocol's dataset becomes USING / USING NAMED in the update that is logged (and replayed as such)."""
    before = logged(project)
    text = (f'INSERT {{ GRAPH <{FACTS}> {{ <{LAW_68}> <http://www.w3.org/2004/02/skos/core#note> "logged-using" }} }}'
            " WHERE { ?s ?p ?o }")
    params = urlencode({"using-graph-uri": FACTS, "using-named-graph-uri": SEED})
    r = writable.post(f"/sparql?{params}", content=text, headers={**UPDATE, **AUTH})
    assert r.status_code == 200, r.text
    [new] = sorted(set(logged(project)) - set(before))
    assert new.read_text(encoding="utf-8").endswith(
        text.replace(" WHERE", f" USING <{FACTS}> USING NAMED <{SEED}> WHERE"))


@pytest.mark.parametrize("iri", ["relative/graph", f"{FACTS}> }} ; DROP ALL ; <urn:x", "http://example.org/a b"])
def test_using_graph_uri_that_is_not_an_iri_is_400(writable: TestClient, project: Path, iri: str) -> None:
    before = current_store_path(project / "var")
    r = writable.post("/sparql?using-graph-uri=" + quote(iri, safe=""), content=INSERT_NOTE.replace(
        "INSERT DATA {", "INSERT {") + " WHERE { ?s ?p ?o }", headers={**UPDATE, **AUTH})
    assert "IRI" in problem(r, 400)["detail"]
    assert current_store_path(project / "var") == before


def test_updates_are_audited(applied: dict, writable: TestClient, project: Path) -> None:
    """Accepted and refused updates are in var/audit.log: token hash (never the token), client, counts, graphs."""
    from graph.audit import audit_path, fingerprint, read

    assert applied["direct"].status_code == 200
    entries = [e for e in read(audit_path(project / "var")) if e["operation"] == "sparql-update"]
    accepted = next(e for e in entries if e.get("version") == applied["after_direct"].name)
    assert (accepted["outcome"], accepted["status"], accepted["graphs"], accepted["removed"]) == (
        "accepted", 200, [FACTS], 0)
    assert accepted["added"] == 7  # the seven triples of INSERT_LAW
    assert accepted["token"] == fingerprint(TOKEN) and accepted["client"] == "testclient"
    writable.post("/sparql", content=NO_IDENTIFIER, headers={**UPDATE, **AUTH})
    refused = read(audit_path(project / "var"))[-1]
    assert (refused["outcome"], refused["status"], refused["operation"]) == ("refused", 422, "sparql-update")
    assert TOKEN not in audit_path(project / "var").read_text(encoding="utf-8")


# ------------------------------------------------------------------------------------------------ W3C dataset cases

LAW_OR_CONFERENCE = "VALUES ?type { <https://w3id.org/vnqi/def#Law> <https://w3id.org/vnqi/def#Conference> }"


def _dataset_update(client: TestClient, params: dict[str, list[str]], where: str, marker: str) -> set[str]:
    """Insert a note `marker` on whatever `where` finds in the protocol dataset; the entities that got it."""
    text = (f'INSERT {{ GRAPH <{FACTS}> {{ ?d <http://www.w3.org/2004/02/skos/core#note> "{marker}" }} }} '
            f"WHERE {{ {where} }}")
    r = client.post("/sparql?" + urlencode(params, doseq=True), content=text, headers={**UPDATE, **AUTH})
    assert r.status_code == 200, r.text
    r = client.post("/sparql", content=f'SELECT ?d WHERE {{ ?d <http://www.w3.org/2004/02/skos/core#note> "{marker}" }}',
                    headers={"Content-Type": "application/sparql-query", "Accept": "application/sparql-results+json"})
    assert r.status_code == 200, r.text
    return {b["d"]["value"] for b in json.loads(r.content)["results"]["bindings"]}


def test_update_dataset_default_graph(writable: TestClient) -> None:
    """update_dataset_default_graph: using-graph-uri makes the WHERE's default graph: SEED has the conference it
    reports on, not the law (typed in FACTS)."""
    got = _dataset_update(writable, {"using-graph-uri": [SEED]}, f"?d a ?type {LAW_OR_CONFERENCE}", "w3c-default")
    assert got and LAW_68 not in got


def test_update_dataset_default_graphs(writable: TestClient) -> None:
    """update_dataset_default_graphs: two using-graph-uri merge into the WHERE's default graph."""
    assert _dataset_update(writable, {"using-graph-uri": [SEED, FACTS]},
                           f"?d a <https://w3id.org/vnqi/def#Law> FILTER(?d = <{LAW_68}>)", "w3c-defaults") == {LAW_68}


def test_update_dataset_named_graphs(writable: TestClient) -> None:
    """update_dataset_named_graphs: using-named-graph-uri are the graphs GRAPH ?g ranges over."""
    got = _dataset_update(writable, {"using-named-graph-uri": [SEED]},
                          f"GRAPH ?g {{ ?d a ?type {LAW_OR_CONFERENCE} }}", "w3c-named")
    assert got and LAW_68 not in got
    assert got == _dataset_update(writable, {"using-graph-uri": [SEED]}, f"?d a ?type {LAW_OR_CONFERENCE}",
                                  "w3c-named-control")


def test_update_dataset_full(writable: TestClient) -> None:
    """update_dataset_full: both parameters together."""
    assert _dataset_update(writable, {"using-graph-uri": [SEED], "using-named-graph-uri": [FACTS]},
                           f"GRAPH ?g {{ ?d a <https://w3id.org/vnqi/def#Law> }} FILTER(?d = <{LAW_68}>)",
                           "w3c-full") == {LAW_68}


def test_update_base_uri(writable: TestClient) -> None:
    """update_base_uri: a relative IRI in an update resolves against a service-defined base, not to <test>."""
    text = ("CLEAR SILENT GRAPH <http://example.org/protocol-base-test/> ;\n"
            "INSERT DATA { GRAPH <http://example.org/protocol-base-test/> "
            "{ <http://example.org/s> <http://example.org/p> <test> } }")
    r = writable.post("/sparql", content=text, headers={**UPDATE, **AUTH})
    assert r.status_code == 200, r.text
    r = writable.post("/sparql", content="SELECT ?o WHERE { GRAPH <http://example.org/protocol-base-test/> "
                      "{ <http://example.org/s> <http://example.org/p> ?o } }",
                      headers={"Content-Type": "application/sparql-query",
                               "Accept": "application/sparql-results+json"})
    [binding] = json.loads(r.content)["results"]["bindings"]
    assert binding["o"]["type"] == "uri" and binding["o"]["value"] != "test"


# ------------------------------------------------------------------------------------------------ outbound requests

class _Refuse(BaseHTTPRequestHandler):
    """Answers 404 to everything (so an update that fetched it would fail rather than change the graph)."""

    hits: ClassVar[list[str]] = []

    def do_GET(self) -> None:
        self.hits.append(self.path)
        self.send_response(404)
        self.send_header("Content-Length", "0")
        self.end_headers()

    do_POST = do_GET

    def log_message(self, *args: object) -> None:
        """Quiet."""


@pytest.fixture()
def local_server(local_http) -> Iterator[str]:
    _Refuse.hits = []
    with local_http(_Refuse) as base:
        yield base


def test_service_in_an_update_is_refused_without_an_outbound_request(writable: TestClient, project: Path,
                                                                     local_server: str) -> None:
    before = current_store_path(project / "var")
    text = (f'INSERT {{ GRAPH <{FACTS}> {{ ?s <http://www.w3.org/2004/02/skos/core#note> "remote" }} }} '
            f"WHERE {{ SERVICE <{local_server}/sparql> {{ ?s ?p ?o }} }}")
    r = writable.post("/sparql", content=text, headers={**UPDATE, **AUTH})
    problem(r, 400, "ServiceNotAllowed")
    assert _Refuse.hits == [] and current_store_path(project / "var") == before


def test_load_in_an_update_makes_no_outbound_request(writable: TestClient, project: Path, local_server: str) -> None:
    before = current_store_path(project / "var")
    r = writable.post("/sparql", content=f"LOAD <{local_server}/data.ttl> INTO GRAPH <{FACTS}>",
                      headers={**UPDATE, **AUTH})
    assert r.status_code == 400
    assert current_store_path(project / "var") == before
    assert _Refuse.hits == [], "the server fetched a URL named in an update"


def test_log_names_sort_in_the_order_of_the_writes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Two writes in one second, and a clock set back: each new name still sorts after the last (replay order)."""
    from graph import update as update_module

    clock = iter([1_764_000_000_999_999_999, 1_764_000_001_000_000_001, 1_763_999_000_000_000_000])
    monkeypatch.setattr(update_module.time, "time_ns", lambda: next(clock))
    names = []
    for _ in range(3):
        names.append(update_module.next_log_name(tmp_path))
        (tmp_path / f"{names[-1]}.ru").write_text("", encoding="utf-8")
    assert names == sorted(names) and len(set(names)) == 3
    assert names[1].endswith("-000000001") and names[2] == f"{names[1]}-1"


def test_an_update_that_changes_nothing_says_why_it_may_not_have(writable: TestClient) -> None:
    """A review's DELETE WHERE without GRAPH answered 'applied' and removed nothing, silently: the default graph of
    an update is the store's own, not the union queries read (which the service description now says)."""
    r = writable.post("/sparql", content="DELETE WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?o }",
                      headers={**UPDATE, **AUTH})
    assert r.status_code == 200, r.text
    assert (r.json()["added"], r.json()["removed"]) == (0, 0) and "GRAPH" in r.json()["note"]


def test_the_service_description_says_what_updates_see(writable: TestClient, client: TestClient) -> None:
    sd = Namespace("http://www.w3.org/ns/sparql-service-description#")
    for app, updates in ((writable, True), (client, False)):
        g = Graph().parse(data=app.get("/sparql", headers={"Accept": "text/turtle"}).text, format="turtle")
        assert set(g.objects(None, sd.supportedLanguage)) == {sd.SPARQL11Query} | ({sd.SPARQL11Update} if updates
                                                                                   else set())
        assert {c.language for c in g.objects(None, RDFS.comment)} == {"vi", "en"}


SLOW_UPDATE = ("INSERT { GRAPH <https://w3id.org/vnqi/graph/data/slow> { ?a <urn:p> ?c } } WHERE { GRAPH ?g1 { ?a ?b ?c } "
               "GRAPH ?g2 { ?d ?e ?f } GRAPH ?g3 { ?h ?i ?j } FILTER(STRLEN(CONCAT(STR(?c), STR(?f), STR(?j))) < 0) }")


def test_an_update_is_stopped_at_the_time_limit_and_writes_nothing(project: Path) -> None:
    """A review's cross-product update ran 48.8 s with a 3 s limit, holding the write lock; a write queued behind
    it was applied after its client had given up."""
    settings = Settings(root=project, var_dir=project / "var", write_token=TOKEN, query_workers=1,
                        query_timeout_s=2)
    with TestClient(create_app(settings)) as app:
        before = current_store_path(project / "var")
        started = time.monotonic()
        r = app.post("/sparql", content=SLOW_UPDATE, headers={**UPDATE, **AUTH})
        assert r.status_code == 503 and "stopped" in r.json()["detail"], r.text
        assert time.monotonic() - started < 20 and current_store_path(project / "var") == before
        quick = app.post("/sparql", content=INSERT_NOTE.replace("form POST", "quick write"), headers={**UPDATE, **AUTH})
        assert quick.status_code == 200 and quick.json()["added"] == 1
