"""Home page (counts per class, bilingual) and /health."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.settings import Settings
from graph.query import select


def test_health_reports_quads(client: TestClient, store) -> None:
    r = client.get("/health")
    assert r.status_code == 200 and r.json() == {"status": "ok", "quads": len(store)}


def test_home_lists_counts_per_class(client: TestClient, store) -> None:
    html = client.get("/").text
    counts = {str(r["class"]): int(r["count"]) for r in select(store, "class-counts").dicts()}
    assert counts, "no classes counted"
    for cls, n in counts.items():
        key = cls.split("#")[1]
        assert re.search(rf'title="{re.escape(cls)}"><a href="/classes/{key}\?lang=vi">[^<]+</a></td>'
                         rf'<td class="n">{n}</td>', html), cls


def test_home_entry_points_link_to_lists_with_counts(client: TestClient, store) -> None:
    html = client.get("/?lang=en").text
    client.cookies.clear()
    entries = re.findall(r'<li><a href="/classes/([^"?]+)\?lang=en">([^<]+)</a><span class="n">(\d+)</span>', html)
    assert [e[1] for e in entries][:3] == ["Laws", "Decrees", "Circulars"]
    for key, _, n in entries:
        iri = ("http://www.w3.org/ns/org#" + key[4:]) if key.startswith("org:") else "https://w3id.org/vnqi/def#" + key
        q = f"""SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE {{ ?t <http://www.w3.org/2000/01/rdf-schema#subClassOf>* <{iri}> .
                GRAPH ?g {{ ?e a ?t }} FILTER(isIRI(?e) && STRSTARTS(STR(?g), "https://w3id.org/vnqi/graph/data/")) }}"""
        assert int(n) == int(store.select(q).dicts()[0]["n"]), key
        assert client.get(f"/classes/{key}", headers={"Accept": "application/json"}).json()["total"] == int(n)
    names = {key: name for key, name, _ in entries}  # each name says what the list holds (Initiative: tasks too)
    assert names["Initiative"] == "Programmes, schemes, strategies, plans, orientations and tasks"
    assert '<a href="/ics?lang=en">Standards by ICS field</a>' in html
    # an entry point with no entity (no QCVN in the data yet) says so instead of linking to an empty list
    empty = re.findall(r'<li class="entry-empty" data-key="([^"]+)">([^<]+)<span class="n">0</span>', html)
    for key, _ in empty:
        assert client.get(f"/classes/{key}", headers={"Accept": "application/json"}).json()["total"] == 0
    assert ("TechnicalRegulation", "Technical regulations (QCVN)") in empty  # none in the seed and facts
    plan = "https://w3id.org/vnqi/id/plan/tdc-2024"
    assert '<a href="/id/plan/tdc-2024?lang=en">STAMEQ directions and tasks for 2024</a>' in html
    assert f'<a href="/graph?iri={plan.replace(":", "%3A")}&amp;lang=en">graph view</a>' in html


def test_home_language_choice_is_kept(client: TestClient) -> None:
    vi = client.get("/")
    assert '<html lang="vi">' in vi.text and "Số thực thể theo lớp" in vi.text
    en = client.get("/?lang=en")
    assert '<html lang="en">' in en.text and "Entities per class" in en.text
    assert en.cookies.get("lang") == "en" or client.cookies.get("lang") == "en"
    again = client.get("/")
    assert '<html lang="en">' in again.text
    client.cookies.clear()


def test_without_a_built_store_the_app_says_so(tmp_path) -> None:
    app = create_app(Settings(root=tmp_path, var_dir=tmp_path / "var"))
    with TestClient(app) as c:
        home = c.get("/")
        assert home.status_code == 503 and "vnqi build" in home.text
        health = c.get("/health")
        assert health.status_code == 503
        assert health.headers["content-type"] == "application/problem+json"
        assert "vnqi build" in health.json()["detail"]


@pytest.mark.parametrize("method, path, body", [
    ("GET", "/sparql?query=ASK%7B%7D", None), ("POST", "/sparql", {"query": "ASK {}"}),
    ("GET", "/search?q=tieu+chuan", None), ("GET", "/search/suggest?q=tieu", None), ("GET", "/classes", None),
    ("GET", "/classes/Law", None), ("GET", "/impact", None), ("GET", "/timeline", None), ("GET", "/ics", None),
    ("GET", "/ics/03.120", None), ("GET", "/graph", None), ("GET", "/rdf-graph-store?default", None),
    ("GET", "/id/law/68-2006-QH11", None), ("GET", "/graph/neighbourhood?iri=https://w3id.org/vnqi/id/x", None),
    ("GET", "/ready", None)])
def test_without_a_built_store_every_route_answers_503(tmp_path, method: str, path: str, body) -> None:
    """No store, no executor: a problem naming why (never a 500), on the query endpoint as on pages."""
    app = create_app(Settings(root=tmp_path, var_dir=tmp_path / "var"))
    with TestClient(app, raise_server_exceptions=False) as c:
        r = c.request(method, path, data=body, headers={"Accept": "application/json"})
        assert r.status_code == 503, (path, r.status_code, r.text[:300])
        assert "vnqi build" in r.text and f"no built store under {tmp_path / 'var'}" in r.text


def test_health_on_a_built_store_reads_the_build_record(live_client: TestClient, built_var) -> None:
    import json

    from graph.build import current_store_path
    from graph.store import open_store

    record = json.loads((current_store_path(built_var) / "vnqi-build.json").read_text(encoding="utf-8"))
    counted = len(open_store(f"oxigraph:{current_store_path(built_var)}", read_only=True))
    assert live_client.get("/health").json() == {"status": "ok", "quads": record["quads"]}
    assert record["quads"] == counted


def test_a_build_writes_the_browse_summary(live_client: TestClient, built_var) -> None:
    import json

    from graph.browse_summary import SUMMARY_FILE, compute
    from graph.build import current_store_path
    from graph.store import open_store

    version = current_store_path(built_var)
    summary = json.loads((version / SUMMARY_FILE).read_text(encoding="utf-8"))
    assert summary == compute(open_store(f"oxigraph:{version}", read_only=True))
    html = live_client.get("/?lang=en").text
    for row in summary["class-counts"]:
        assert f'title="{row["class"]}">' in html and f'<td class="n">{row["count"]}</td>' in html


def test_graph_titles_in_the_page_language(client: TestClient) -> None:
    """A graph titled in both languages was shown under whichever title the store sampled first."""
    english, vietnamese = (client.get("/", params={"lang": lang}).text for lang in ("en", "vi"))
    client.cookies.clear()
    assert "Fact sheet: entities named in the TĐC 2023 review" in english
    assert "Bảng dữ kiện: các thực thể được nêu trong bài tổng kết 2023" in vietnamese
    assert "Bảng dữ kiện: các thực thể" not in english and "Fact sheet: entities" not in vietnamese
