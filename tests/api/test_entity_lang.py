"""Entity pages give a text in the reader's language, else in the site's other one: an ISO deliverable of the real
catalogue (dcterms:title in English and French, none in Vietnamese) shows its English title on the Vietnamese
page, never the French one."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from rdflib import Dataset, Literal, URIRef
from rdflib.namespace import DCTERMS

from tests.api.browse_data import client_for, ics_graphs, store_with
from tests.api.entity_html import parse

ID = "https://w3id.org/vnqi/id/"


@pytest.fixture(scope="module")
def iso_graphs(tmp_path_factory: pytest.TempPathFactory) -> dict[URIRef, list[tuple]]:  # type: ignore[type-arg]
    """ICS + the real catalogue records of ICS 03.120.10, as the importers write them."""
    return ics_graphs(tmp_path_factory.mktemp("iso"))


@pytest.fixture(scope="module")
def iso_client(dataset: Dataset, iso_graphs: dict) -> Iterator[TestClient]:  # type: ignore[type-arg]
    """The app over seed + facts + those graphs."""
    with client_for(store_with(dataset, iso_graphs)) as client:
        yield client


def english_and_french_only(graphs: dict) -> list[tuple[str, str, str]]:  # type: ignore[type-arg]
    """(IRI, English title, French title) of the catalogue's entities with titles in en and fr but not vi."""
    labels: dict[str, dict[str, str]] = {}
    for s, p, o in (t for triples in graphs.values() for t in triples):
        if p == DCTERMS.title and isinstance(o, Literal) and o.language and str(s).startswith(ID + "std/iso-"):
            labels.setdefault(str(s), {})[o.language] = str(o)
    return sorted((s, by["en"], by["fr"]) for s, by in labels.items() if {"en", "fr"} <= set(by) and "vi" not in by
                  and by["en"] != by["fr"])


def test_iso_pages_fall_back_to_english_not_french(iso_client: TestClient, iso_graphs: dict) -> None:  # type: ignore[type-arg]
    found = english_and_french_only(iso_graphs)
    assert len(found) >= 10
    for iri, en, fr in found[:10]:
        for lang in ("vi", "en"):
            page = parse(iso_client.get(iri.removeprefix("https://w3id.org/vnqi"), params={"lang": lang},
                                        headers={"Accept": "text/html"}).text)
            assert " ".join(en.split()) in page.text(), (iri, lang)
            assert " ".join(fr.split()) not in page.text(), (iri, lang)


@pytest.mark.parametrize(("value", "vi", "en"), [
    ("2006-06-29", "29/06/2006", "29 June 2006"), ("2025-05", "05/2025", "May 2025"), ("2017", "2017", "2017"),
    ("2025-13", "2025-13", "2025-13"), ("2006-06-29T10:00:00", "29/06/2006", "29 June 2006"),
    ("2020-13-01", "2020-13-01", "2020-13-01"), ("2020-²-01", "2020-²-01", "2020-²-01")])  # as given, never a 500
def test_dates_as_people_write_them(value: str, vi: str, en: str) -> None:
    from api.entity_view import human_date

    assert (human_date(Literal(value), "vi"), human_date(Literal(value), "en")) == (vi, en)


def test_a_month_alone_on_an_iso_page(iso_client: TestClient, iso_graphs: dict) -> None:  # type: ignore[type-arg]
    months = sorted((str(s), str(o)) for triples in iso_graphs.values() for s, p, o in triples
                    if str(p) == "https://w3id.org/vnqi/def#dateText" and len(str(o)) == 7)
    assert months
    iri, month = months[0]
    y, m = month.split("-")
    page = parse(iso_client.get(iri.removeprefix("https://w3id.org/vnqi"), params={"lang": "vi"},
                                headers={"Accept": "text/html"}).text)
    assert f"{m}/{y}" in page.by_id("facts").text()  # type: ignore[union-attr]
