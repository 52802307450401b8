"""Dates in class lists: shown as people write them (29/06/2006, 29 June 2006), as on the entity pages, with the
ISO value kept in <time datetime> and in the JSON; sorting by date still follows the real dates."""

from __future__ import annotations

import re
from datetime import date

import pytest
from fastapi.testclient import TestClient

from tests.api.entity_html import parse

JSON = {"Accept": "application/json"}
FULL = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


MONTH = re.compile(r"([0-9]{4})-([0-9]{2})$")


def written(iso: str, lang: str) -> str:
    """How a date is written in `lang` (a month alone 05/2025 or May 2025; a year as given)."""
    month = MONTH.match(iso)
    if month:
        y, m = month.groups()
        return f"{m}/{y}" if lang == "vi" else f"{date(int(y), int(m), 1):%B} {y}"
    if not FULL.match(iso):
        return iso
    day = date.fromisoformat(iso[:10])
    return f"{day:%d/%m/%Y}" if lang == "vi" else f"{day.day} {day:%B} {day.year}"


def rows(client: TestClient, path: str, lang: str) -> list[tuple[str, str | None, str]]:
    """(entity href, the <time datetime> or None, the date cell's text) of each row of a list page."""
    doc = parse(client.get(f"{path}&lang={lang}").text)
    table = doc.by_id("members")
    assert table is not None
    out = []
    for tr in table.all("tbody")[0].all("tr"):
        cells, times = tr.all("td"), tr.all("time")
        out.append((cells[0].all("a")[0].attrs["href"].split("?")[0], times[0].attrs["datetime"] if times else None,
                    cells[2].text()))
    return out


@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize("order", ["asc", "desc"])
def test_class_list_dates_are_written_for_people_and_sorted_by_date(client: TestClient, lang: str,
                                                                    order: str) -> None:
    path = f"/classes/Document?sort=date&order={order}"
    found = rows(client, path, lang)
    items = client.get(f"{path}&lang={lang}", headers=JSON).json()["items"]
    assert [(i["href"], i["date"]) for i in items] == [(href, iso) for href, iso, _ in found]  # JSON: ISO dates
    dated = [(iso, text) for _, iso, text in found if iso]
    assert sum(FULL.match(iso) is not None for iso, _ in dated) >= 5
    assert all(text == written(iso, lang) for iso, text in dated)
    assert [iso for iso, _ in dated] == sorted((iso for iso, _ in dated), reverse=order == "desc")
    assert [iso for _, iso, _ in found[: len(dated)]] == [iso for iso, _ in dated]  # the undated ones last
    assert all(text == "" for _, iso, text in found if iso is None)
    shown = [text for _, text in dated]
    assert shown != sorted(shown, reverse=order == "desc")  # the written form alone would sort otherwise


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_class_list_writes_a_date_as_the_entity_page_does(client: TestClient, lang: str) -> None:
    found = [(href, iso, text) for href, iso, text in rows(client, "/classes/Law?sort=date", lang)
             if iso and FULL.match(iso)]
    assert found
    for href, _iso, text in found:
        facts = parse(client.get(href, params={"lang": lang}).text).by_id("facts")
        assert facts is not None
        assert any(text in td.text() for td in facts.all("td")), (href, text)
