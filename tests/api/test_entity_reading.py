"""Entity pages as a reader reads them: booleans as có/không (yes/no), links into a page listed in number order."""

from __future__ import annotations

from fastapi.testclient import TestClient
from rdflib import Literal, URIRef
from rdflib.namespace import XSD

from api.entity_links import natural_key
from tests.api.entity_html import parse

VNQI = "https://w3id.org/vnqi/def#"


def test_booleans_are_words(client: TestClient, store) -> None:  # type: ignore[no-untyped-def]
    rows = store.select(f"SELECT ?e ?v WHERE {{ ?e <{VNQI}applied> ?v }} ORDER BY ?e LIMIT 3").dicts()
    assert rows and all(r["v"].datatype == XSD.boolean for r in rows)
    for row in rows:
        path = str(row["e"]).removeprefix("https://w3id.org/vnqi")
        for lang, word in (("vi", {"true": "có", "false": "không"}), ("en", {"true": "yes", "false": "no"})):
            page = parse(client.get(path, params={"lang": lang}, headers={"Accept": "text/html"}).text)
            values = [p.text() for p in page.all("p", "value")]
            assert word[str(row["v"]).lower()] in values and "true" not in values and "false" not in values


def test_links_into_a_page_are_in_number_order(client: TestClient) -> None:
    page = parse(client.get("/id/org/tdc", params={"lang": "vi"}, headers={"Accept": "text/html"}).text)
    sections = [s for s in page.all("section", "rel") if s.attrs.get("data-key", "").startswith("^")]
    assert sections
    for section in sections:
        labels = [a.text() for a in section.all("a")]
        assert labels == sorted(labels, key=natural_key), section.attrs["data-key"]
    tasks = next(s for s in sections if s.attrs["data-key"] == "^" + VNQI + "responsibleOrganization")
    assert len(tasks.all("a")) >= 10  # the 2024 plan's tasks: 1, 2, …, 10, 11, 12 — not 1, 10, 11, 12, 2


def test_every_class_listed_is_named_in_both_languages(client: TestClient) -> None:
    for lang in ("vi", "en"):
        got = client.get("/classes", params={"lang": lang}, headers={"Accept": "application/json"}).json()
        rows = got["classes"] if isinstance(got, dict) else got
        assert rows
        # a label missing in both languages falls back to the key (English labels may equal a vnqi local name)
        unnamed = [r["key"] for r in rows if r["label"] == r["iri"] or (r["label"] == r["key"]
                                                                       and (lang == "vi" or ":" in r["key"]))]
        assert unnamed == []  # every class named by a label of the ontology, not by its key (org:FormalOrganization)
