"""Home page (counts per class, bilingual) and /health."""

from __future__ import annotations

import re

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
        assert re.search(rf'title="{re.escape(cls)}">[^<]+</td><td class="n">{n}</td>', html), cls


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


def test_health_on_a_built_store_reads_the_build_record(live_client: TestClient, built_var) -> None:
    import json

    from graph.build import current_store_path
    from graph.store import open_store

    record = json.loads((current_store_path(built_var) / "vnqi-build.json").read_text(encoding="utf-8"))
    counted = len(open_store(f"oxigraph:{current_store_path(built_var)}", read_only=True))
    assert live_client.get("/health").json() == {"status": "ok", "quads": record["quads"]}
    assert record["quads"] == counted
