"""User journeys in a real browser, over the served graph: search → a law → one of its articles → the decree that
guides the law; the 2024 plan's task → its organisation; a standard; the graph view. Every expected value is read
from the served graph (SPARQL), not written here."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from pagekit import expect, link_to, path_of, relation

LAW = "https://w3id.org/vnqi/id/doc/68-2006-qh11"
PLAN = "https://w3id.org/vnqi/id/plan/tdc-2024"
VNQI = "https://w3id.org/vnqi/def#"
ELI = "http://data.europa.eu/eli/ontology#"


def label(sparql: Any, iri: str, lang: str = "vi") -> str:
    """The rdfs:label of `iri` in `lang`."""
    rows = sparql(f"SELECT ?l WHERE {{ <{iri}> rdfs:label ?l FILTER(lang(?l) = '{lang}') }}")
    assert len(rows) == 1, (iri, rows)
    return rows[0]["l"]


def search(page: Any, text: str) -> int:
    """Type `text` in the search box of the current page and submit; the number of results announced."""
    page.fill("#search-q", text)
    page.press("#search-q", "Enter")
    page.wait_for_url("**/search?*")
    expect(page.locator("#search-q")).to_have_value(text)
    return int(page.locator("#search-summary strong").inner_text())


def only_laws(page: Any) -> tuple[int, Any]:
    """Narrow the results to the class Law (its facet link); the number announced and the hits."""
    page.locator(f'nav.search-facets a[title="{VNQI}Law"]').click()
    page.wait_for_url("**/search?*type=*")
    return int(page.locator("#search-summary strong").inner_text()), page.locator("ol.search-results")


def test_search_with_and_without_diacritics_finds_the_law(page: Any, sparql: Any, screenshot: Any) -> None:
    page.goto("/")
    with_marks = search(page, "tiêu chuẩn")
    assert with_marks > 0 and page.locator("ol.search-results li.search-hit").count() > 0
    screenshot(page, "search")
    laws_with_marks, hits = only_laws(page)
    expect(link_to(hits, path_of(LAW))).to_have_count(1)
    assert 0 < laws_with_marks < with_marks
    without_marks = search(page, "tieu chuan")
    assert without_marks == with_marks
    laws_without_marks, hits = only_laws(page)
    assert laws_without_marks == laws_with_marks
    law_hit = link_to(hits, path_of(LAW))
    expect(law_hit).to_have_count(1)
    law_hit.click()
    page.wait_for_url(f"**{path_of(LAW)}*")
    expect(page.locator("h1")).to_have_text(label(sparql, LAW))
    expect(page.locator("#entity")).to_contain_text("68/2006/QH11")
    screenshot(page, "law")


@pytest.fixture(scope="module")
def guided(sparql: Any) -> dict[str, str]:
    """From the data: a decree that guides (or details) the law, an article of the law that a provision of that
    decree cites, the provision, and the article's heading."""
    rows = sparql(f"""SELECT ?decree ?article ?heading ?provision WHERE {{
      VALUES ?rel {{ vnqi:guides vnqi:details }}
      ?decree ?rel <{LAW}> ; a vnqi:Decree .
      ?article eli:is_part_of <{LAW}> ; a vnqi:Article ; vnqi:heading ?heading .
      ?provision vnqi:cites ?article ; eli:is_part_of+ ?decree .
    }} ORDER BY ?decree ?article ?provision LIMIT 1""")
    assert rows, "the data links a decree guiding 68/2006/QH11 to one of its articles"
    return rows[0]


def test_law_article_and_the_decree_that_guides_it(page: Any, sparql: Any, guided: dict[str, str]) -> None:
    decree, article, provision = guided["decree"], guided["article"], guided["provision"]
    rels = [r["rel"] for r in sparql(f"SELECT DISTINCT ?rel WHERE {{ VALUES ?rel {{ vnqi:guides vnqi:details }} "
                                     f"<{decree}> ?rel <{LAW}> }}")]
    page.goto(path_of(LAW))
    for rel in rels:  # the law lists the decree under the inverse relation
        inverse = {"guides": "guidedBy", "details": "detailedBy"}[rel.removeprefix(VNQI)]
        expect(link_to(relation(page, VNQI + inverse), path_of(decree))).to_have_count(1)
    link_to(page.locator("#toc"), path_of(article)).first.click()
    page.wait_for_url(f"**{path_of(article)}?*")
    expect(page.locator("#entity")).to_contain_text(guided["heading"])
    parents = link_to(relation(page, ELI + "is_part_of"), path_of(LAW)).count()  # checked at the end
    link_to(relation(page, VNQI + "citedBy"), path_of(provision)).first.click()
    page.wait_for_url(f"**{path_of(provision)}?*")
    link_to(relation(page, ELI + "is_part_of"), path_of(decree)).first.click()
    page.wait_for_url(f"**{path_of(decree)}?*")
    identifier = sparql(f"SELECT ?i WHERE {{ <{decree}> dcterms:identifier ?i }}")[0]["i"]
    expect(page.locator("#entity")).to_contain_text(identifier)
    for rel in rels:
        expect(link_to(relation(page, rel), path_of(LAW))).to_have_count(1)
    assert parents == 1, f"the article page lists its law {parents} times under 'is part of'"


def test_task_of_the_2024_plan_and_its_organisation(page: Any, sparql: Any, screenshot: Any) -> None:
    rows = sparql(f"""SELECT ?task ?org WHERE {{
      <{PLAN}> vnqi:hasTask ?task . ?task vnqi:concerns <{LAW}> ; vnqi:responsibleOrganization ?org ;
        vnqi:ordinal ?n }} ORDER BY ?n LIMIT 1""")
    assert rows, "a task of the 2024 plan concerns 68/2006/QH11"
    task, org = rows[0]["task"], rows[0]["org"]
    page.goto("/")
    link_to(page.locator("#entry-plan"), path_of(PLAN)).click()
    page.wait_for_url(f"**{path_of(PLAN)}?*")
    expect(page.locator("h1")).to_have_text(label(sparql, PLAN))
    link_to(relation(page, VNQI + "hasTask"), path_of(task)).click()
    page.wait_for_url(f"**{path_of(task)}?*")
    expect(page.locator("h1")).to_have_text(label(sparql, task))
    expect(link_to(relation(page, VNQI + "taskOf"), path_of(PLAN))).to_have_count(1)
    expect(link_to(relation(page, VNQI + "concerns"), path_of(LAW))).to_have_count(1)
    screenshot(page, "task")
    link_to(relation(page, VNQI + "responsibleOrganization"), path_of(org)).click()
    page.wait_for_url(f"**{path_of(org)}?*")
    expect(page.locator("h1")).to_have_text(label(sparql, org))


def test_standard_and_the_edition_it_adopts(page: Any, sparql: Any, screenshot: Any) -> None:
    rows = sparql("""SELECT ?std ?id ?adopted ?adoptedId WHERE {
      ?std a vnqi:NationalStandard ; dcterms:identifier ?id ; vnqi:adoptsIdentical ?adopted .
      ?adopted dcterms:identifier ?adoptedId } ORDER BY ?id LIMIT 1""")
    assert rows, "a TCVN adopts an international standard identically"
    std, adopted = rows[0]["std"], rows[0]["adopted"]
    page.goto(path_of(std))
    expect(page.locator("h1")).to_contain_text(rows[0]["id"])
    screenshot(page, "standard")
    link_to(relation(page, VNQI + "adoptsIdentical"), path_of(adopted)).click()
    page.wait_for_url(f"**{path_of(adopted)}?*")
    expect(page.locator("h1")).to_contain_text(rows[0]["adoptedId"])


CY = "document.getElementById('graph-canvas')._cyreg.cy"  # the Cytoscape instance on its container
POSITIONS = (f"() => Object.fromEntries({CY}.nodes().map((n) => "
             "[n.id(), [n.renderedPosition().x, n.renderedPosition().y]]))")  # node → [x, y] on the canvas


def test_graph_view_renders_and_expands_on_click(page: Any, server: str, screenshot: Any) -> None:
    page.goto(path_of(LAW))
    page.click("#graph-link")
    page.wait_for_url("**/graph?*")
    expect(page.locator("#graph-canvas canvas").first).to_be_visible()
    page.wait_for_function(f"() => {CY}.nodes().length > 1")
    positions = page.evaluate(POSITIONS)
    before = set(positions)
    assert LAW in before and len(before) > 1
    box = page.locator("#graph-canvas").bounding_box()
    node, expected = _expandable(server, _clickable(positions, box["width"], box["height"]), before)
    x, y = positions[node]
    page.mouse.click(box["x"] + x, box["y"] + y)
    page.wait_for_function(f"() => {CY}.nodes().length === {len(before | expected)}")
    assert set(page.evaluate(f"() => {CY}.nodes().map((n) => n.id())")) == before | expected
    screenshot(page, "graph")


def _clickable(positions: dict[str, list[float]], width: float, height: float, gap: float = 24) -> list[str]:
    """Nodes (not the law) inside the canvas with no other node within `gap` pixels: a click hits them."""
    def alone(node: str) -> bool:
        x, y = positions[node]
        return all(abs(x - ox) > gap or abs(y - oy) > gap for other, (ox, oy) in positions.items() if other != node)

    return sorted(n for n, (x, y) in positions.items()
                  if n != LAW and gap < x < width - gap and gap < y < height - gap and alone(n))


def _expandable(server: str, candidates: list[str], shown: set[str]) -> tuple[str, set[str]]:
    """The first candidate whose neighbourhood, as the server gives it, has nodes not shown yet; and the nodes of
    that neighbourhood."""
    for node in candidates:
        payload = httpx.get(f"{server}/graph/neighbourhood", params={"iri": node, "lang": "vi"},
                            headers={"Accept": "application/json"}, timeout=30).json()
        new = {n["id"] for n in payload["nodes"]}
        if new - shown:
            return node, new
    raise AssertionError(f"none of the {len(candidates)} clickable nodes of the law's graph has new neighbours")
