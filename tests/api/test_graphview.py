"""/graph/neighbourhood (JSON checked against the store's triples) and /graph (page without inline scripts, a list
of links without JS, escaped labels, 400/404)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from rdflib import URIRef

from graph.store import EmbeddedStore
from tests.api.browse_data import (
    HOSTILE,
    HOSTILE_IRI,
    client_for,
    hostile_triples,
    store_with,
)

PLAN = "https://w3id.org/vnqi/id/plan/tdc-2024"
VERIFIED = "https://w3id.org/vnqi/id/code/fact-status/verified"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
STATIC = Path(__file__).resolve().parents[2] / "api" / "static"


def linked(store: EmbeddedStore, iri: str) -> tuple[set[str], set[tuple[str, str, str]]]:
    """Entities (IRIs typed in a data graph) linked to `iri`, and the triples linking them, by queries written here."""
    typed = 'EXISTS { GRAPH ?g { ?n a ?t } FILTER(STRSTARTS(STR(?g), "https://w3id.org/vnqi/graph/data/")) }'
    out = store.select(f"SELECT ?p ?n WHERE {{ <{iri}> ?p ?n FILTER(isIRI(?n) && {typed}) }}").dicts()
    into = store.select(f"SELECT ?p ?n WHERE {{ ?n ?p <{iri}> FILTER(isIRI(?n) && {typed}) }}").dicts()
    triples = {(iri, str(r["p"]), str(r["n"])) for r in out} | {(str(r["n"]), str(r["p"]), iri) for r in into}
    triples = {t for t in triples if t[1] != RDF_TYPE and t[0] != t[2]}
    return {t[2] if t[0] == iri else t[0] for t in triples}, triples


def test_neighbourhood_matches_the_store(client: TestClient, store: EmbeddedStore) -> None:
    body = client.get(f"/graph/neighbourhood?iri={PLAN}&lang=vi").json()
    nodes, triples = linked(store, PLAN)
    assert body["center"] == PLAN and body["nodes"][0]["id"] == PLAN
    assert {n["id"] for n in body["nodes"]} == nodes | {PLAN} and len(body["nodes"]) == len(nodes) + 1
    assert {(e["source"], e["property"], e["target"]) for e in body["edges"]} == triples
    assert body["truncated"] is False and body["total"] == len(nodes) == body["shown"]
    task = next(n for n in body["nodes"] if n["id"] == PLAN + "/nhiem-vu-1")
    vi_label = store.select(f'SELECT ?l WHERE {{ <{PLAN}/nhiem-vu-1> <http://www.w3.org/2000/01/rdf-schema#label> ?l '
                            f'FILTER(LANG(?l) = "vi") }}').dicts()[0]["l"]
    assert task == {"id": PLAN + "/nhiem-vu-1", "label": str(vi_label), "class": "https://w3id.org/vnqi/def#Task",
                    "classLabel": "Nhiệm vụ", "href": "/id/plan/tdc-2024/nhiem-vu-1"}
    has_task = next(e for e in body["edges"] if e["target"] == PLAN + "/nhiem-vu-1" and e["source"] == PLAN)
    assert has_task["label"] == "có nhiệm vụ"


def test_neighbourhood_in_english(client: TestClient) -> None:
    body = client.get(f"/graph/neighbourhood?iri={PLAN}&lang=en").json()
    assert body["nodes"][0]["label"] == "STAMEQ directions and tasks for 2024"
    assert body["nodes"][0]["classLabel"] == "Plan"


def test_expansion_is_limited_and_says_so(client: TestClient, store: EmbeddedStore) -> None:
    nodes, _ = linked(store, VERIFIED)
    assert len(nodes) > 60, "fact-status/verified is linked to more than 60 entities"
    body = client.get(f"/graph/neighbourhood?iri={VERIFIED}").json()
    assert body["truncated"] is True and body["total"] == len(nodes) and body["shown"] == 60
    assert len(body["nodes"]) == 61 and {n["id"] for n in body["nodes"][1:]} <= nodes
    shown = {n["id"] for n in body["nodes"]}
    assert all(e["source"] in shown and e["target"] in shown for e in body["edges"])
    page = client.get(f"/graph?iri={VERIFIED}&lang=vi").text
    assert f"Chỉ hiện 60 trong {len(nodes)} thực thể liên kết." in page


@pytest.mark.parametrize(("url", "status"), [
    ("/graph/neighbourhood", 400), ("/graph/neighbourhood?iri=", 400), ("/graph/neighbourhood?iri=abc", 400),
    ("/graph/neighbourhood?iri=https://w3id.org/vnqi/id/doc/none", 404),
    ("/graph/neighbourhood?iri=https://w3id.org/vnqi/id/doc/a%3Eb", 400),
    ("/graph", 400), ("/graph?iri=javascript:alert(1)", 400), ("/graph?iri=https://example.org/unknown", 404)])
def test_bad_iris(client: TestClient, url: str, status: int) -> None:
    r = client.get(url)
    assert r.status_code == status
    if url.startswith("/graph/neighbourhood"):
        assert r.headers["content-type"] == "application/problem+json" and r.json()["status"] == status
    assert client.get(url, headers={"Accept": "application/json"}).json()["status"] == status


def test_page_without_inline_script(client: TestClient) -> None:
    page = client.get(f"/graph?iri={PLAN}&lang=en").text
    scripts = re.findall(r"<script([^>]*)>(.*?)</script>", page, re.DOTALL)
    assert '<script src="/static/vendor/cytoscape/cytoscape.min.js"></script>' in page
    assert '<script src="/static/graphview.js"></script>' in page
    for attrs, body in scripts:
        assert "src=" in attrs and not body.strip() or 'type="application/json"' in attrs
    block = next(b for a, b in scripts if 'id="graph-data"' in a)
    assert json.loads(block) == client.get(f"/graph/neighbourhood?iri={PLAN}&lang=en").json()
    assert " style=" not in page and "<style" not in page
    assert client.get("/static/graphview.js").status_code == 200


def test_page_lists_links_without_js(client: TestClient, store: EmbeddedStore) -> None:
    page = client.get(f"/graph?iri={PLAN}&lang=vi").text
    nodes, triples = linked(store, PLAN)
    listed = re.findall(r'<td><a href="(/id/[^"?]+)\?lang=vi">', page)
    assert {"https://w3id.org/vnqi" + href for href in listed} == nodes
    inverse = {(str(r["p"]), str(r["q"])) for r in store.select(
        "SELECT ?p ?q WHERE { ?p <http://www.w3.org/2002/07/owl#inverseOf> ?q }").dicts()}
    inverse |= {(q, p) for p, q in inverse}
    both_ways = {(s, p, o) for s, p, o in triples if s != PLAN and any(
        (PLAN, out, s) in triples for out in {q for (x, q) in inverse if x == p})}  # has_part and is_part_of: once
    assert both_ways and len(re.findall(r'<td class="rel">', page)) == len(triples) - len(both_ways)
    assert '<a href="/id/plan/tdc-2024?lang=vi">Phương hướng nhiệm vụ năm 2024 của Tổng cục TĐC</a>' in page


def test_graphview_js_uses_the_agreed_api() -> None:
    js = (STATIC / "graphview.js").read_text(encoding="utf-8")
    assert 'getElementById("graph-data")' in js and '"dbltap"' in js and "encodeURIComponent(iri)" in js
    assert "innerHTML" not in js  # labels are inserted as text


@pytest.fixture(scope="module")
def hostile_client(dataset) -> Iterator[TestClient]:  # type: ignore[no-untyped-def]
    """The app over the real data plus a law whose label is markup, linked to 68/2006/QH11."""
    store = store_with(dataset, {URIRef("https://w3id.org/vnqi/graph/data/test/hostile"): hostile_triples()})
    with client_for(store) as c:
        yield c


def test_hostile_labels_are_escaped(hostile_client: TestClient) -> None:
    for iri in (str(HOSTILE_IRI), "https://w3id.org/vnqi/id/doc/68-2006-qh11"):
        page = hostile_client.get(f"/graph?iri={iri}").text
        assert "<script>alert" not in page and "<img src=x" not in page
        block = re.search(r'<script type="application/json" id="graph-data">(.*?)</script>', page, re.DOTALL)
        assert block and "<" not in block.group(1)
        assert HOSTILE in [n["label"] for n in json.loads(block.group(1))["nodes"]]


def test_list_without_script_reads_every_link_from_the_centre(client: TestClient) -> None:
    """The list under the graph names each link as the entity page does: an incoming one by its inverse reading
    ("được hướng dẫn bởi"), never with an arrow or the other side's verb."""
    from api.entity_links import incoming_reading
    from graph.entity_terms import terms_for

    iri = "https://w3id.org/vnqi/id/doc/68-2006-qh11"
    data = client.get("/graph", params={"iri": iri, "lang": "vi"}, headers={"Accept": "application/json"}).json()
    terms = terms_for(client.app.state.store)  # type: ignore[attr-defined]
    incoming = {(e["source"], incoming_reading(terms, e["property"], "vi")[1]) for e in data["edges"]
                if e["target"] == iri}
    assert incoming
    html = client.get("/graph", params={"iri": iri, "lang": "vi"}, headers={"Accept": "text/html"}).text
    table = html[html.index('<table id="graph-list">'):html.index("</table>")]
    assert "←" not in table and "→" not in table
    rows = re.findall(r'<td class="rel">([^<]+)</td>\s*<td>(?:<a href="([^"?]+))?', table)
    shown = {(label, href) for label, href in rows}
    for source, label in incoming:
        assert (label, "/id/" + source.removeprefix("https://w3id.org/vnqi/id/")) in shown, (source, label)
