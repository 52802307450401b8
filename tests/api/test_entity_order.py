"""Entity pages list numbered items (vnqi:ordinal: the tasks and orientations of a plan) by their number, shown
before the name, as the store numbers them."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from graph.entity import fetch
from graph.namespaces import ID, VNQI
from graph.query import with_prefixes
from graph.store import EmbeddedStore
from tests.api.entity_html import parse

ITEMS = """
SELECT ?plan ?p ?item ?n ?label WHERE {
  ?plan a vnqi:Plan ; ?p ?item .
  VALUES ?p { vnqi:hasTask vnqi:hasOrientation }
  ?item vnqi:ordinal ?n ; rdfs:label ?label .
}"""


def numbered(store: EmbeddedStore) -> dict[tuple[str, str], list[tuple[int, str, dict[str, str]]]]:
    """(plan, relation) → its items as (ordinal, IRI, {lang: label}), in ordinal order, read from the store."""
    items: dict[tuple[str, str], dict[str, tuple[int, dict[str, str]]]] = {}
    for row in store.select(with_prefixes(ITEMS)).rows:
        plan, p, item, n, label = row
        entry = items.setdefault((str(plan), str(p)), {}).setdefault(str(item), (int(n), {}))
        entry[1][label.language] = str(label)
    return {k: sorted((n, iri, labels) for iri, (n, labels) in v.items()) for k, v in items.items()}


def listed(client: TestClient, plan: str, predicate: str, lang: str) -> list[tuple[str, str]]:
    """(href, text) of the links of one relation on the plan's page."""
    doc = parse(client.get("/id/" + plan.removeprefix(str(ID)), params={"lang": lang}).text)
    section = next(s for s in doc.all("section", "rel") if s.attrs["data-key"] == predicate)
    return [(a.attrs["href"].split("?")[0], a.text()) for a in (li.all("a")[0] for li in section.all("li"))]


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_plan_lists_its_tasks_and_orientations_by_number(client: TestClient, store: EmbeddedStore, lang: str) -> None:
    found = numbered(store)
    tasks = [k for k in found if k[1] == str(VNQI.hasTask)]
    assert tasks and len(found[tasks[0]]) >= 10  # the 2024 plan: twelve tasks, so 10 and 11 come after 9
    for (plan, predicate), items in found.items():
        expected = [("/id/" + iri.removeprefix(str(ID)), f"{n}. {labels[lang]}") for n, iri, labels in items]
        assert listed(client, plan, predicate, lang) == expected
        assert [n for n, _, _ in items] == list(range(1, len(items) + 1))


def test_number_order_is_not_the_name_order(store: EmbeddedStore) -> None:
    """The data's name order differs from the numbers (else the page test would pass by sorting names)."""
    for items in numbered(store).values():
        if len(items) > 2:
            assert sorted(items, key=lambda i: i[2]["vi"]) != items


def test_outgoing_links_carry_the_ordinal(store: EmbeddedStore) -> None:
    for (plan, predicate), items in numbered(store).items():
        data = fetch(store, plan)
        assert sorted((t.ordinal, str(t.node)) for t in data.values(predicate)) == [(n, i) for n, i, _ in items]
    unnumbered = [t for p, t in fetch(store, str(ID["doc/68-2006-qh11"])).out if t.is_iri]
    assert unnumbered and all(t.ordinal is None for t in unnumbered)
