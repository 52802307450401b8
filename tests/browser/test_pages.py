"""The pages in a real browser: home, language switch, the SPARQL editor, impact, validation, and browsing
without JavaScript. Expected answers are read from the served graph, never written here."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, quote, urlsplit

import httpx
from pagekit import expect, link_to

LAW = "https://w3id.org/vnqi/id/doc/68-2006-qh11"
EXAMPLE = "02-tasks-concerning-law-on-standards"  # an editor example whose results are vnqi IRIs
AMENDMENT = "70/2025/QH15"


def html_lang(page: Any) -> str:
    """The page's <html lang>."""
    return str(page.locator("html").get_attribute("lang"))


def test_home(page: Any, screenshot: Any) -> None:
    page.goto("/")
    assert html_lang(page) == "vi"
    expect(page.locator("h1")).not_to_be_empty()
    expect(page.locator("#search-q")).to_be_visible()
    expect(page.locator("#lang-switch")).to_have_attribute("hreflang", "en")
    assert page.locator("#class-counts tbody tr").count() > 1
    screenshot(page, "home")


def test_language_switch_keeps_the_page_and_persists(page: Any, sparql: Any) -> None:
    labels = {row["lang"]: row["l"] for row in
              sparql(f"SELECT ?l (lang(?l) AS ?lang) WHERE {{ <{LAW}> rdfs:label ?l }}")}
    page.goto("/id/doc/68-2006-qh11")
    assert html_lang(page) == "vi"
    expect(page.locator("h1")).to_have_text(labels["vi"])
    page.click("#lang-switch")
    page.wait_for_url("**/id/doc/68-2006-qh11?*lang=en*")
    assert html_lang(page) == "en"
    expect(page.locator("h1")).to_have_text(labels["en"])
    cookies = {c["name"]: c["value"] for c in page.context.cookies()}
    assert cookies.get("lang") == "en", f"switching to English on an entity page keeps no cookie: {cookies}"
    page.goto("/impact")  # no ?lang=: the choice comes from the cookie
    assert html_lang(page) == "en"
    page.click("#lang-switch")
    page.wait_for_url("**/impact?*lang=vi*")
    page.goto("/id/doc/68-2006-qh11")
    assert html_lang(page) == "vi"
    expect(page.locator("h1")).to_have_text(labels["vi"])


def test_sparql_editor_runs_an_example_with_labels(page: Any, sparql: Any, screenshot: Any) -> None:
    page.goto("/sparql")
    expect(page.locator("#yasgui .yasqe")).to_be_visible()
    expect(page.locator("#query-form")).to_be_hidden()  # YASGUI replaced the plain form
    link = page.locator(f'#examples a[data-example="{EXAMPLE}"]')
    query = parse_qs(urlsplit(str(link.get_attribute("href"))).query)["query"][0]
    expected = {row["task"] for row in sparql(query)}
    assert expected, "the example has results in the served graph"
    link.click()
    expect(page.locator(".yasr table tbody tr .vnqi-label").first).to_be_visible()
    shown = page.locator('.yasr table tbody a.iri[href^="/id/"]')
    hrefs = {shown.nth(i).get_attribute("href") for i in range(shown.count())}
    assert hrefs == {"/" + iri.removeprefix("https://w3id.org/vnqi/") for iri in expected}
    values = " ".join(f"<{iri}>" for iri in expected)
    labels = sparql(f"SELECT ?s ?l WHERE {{ VALUES ?s {{ {values} }} ?s rdfs:label ?l FILTER(lang(?l) = 'vi') }}")
    cells = page.locator(".yasr table tbody .vnqi-label").all_inner_texts()
    assert sorted(cells) == sorted(row["l"] for row in labels)
    assert page.url.endswith("/sparql")  # the example ran in the editor, not by following the link
    screenshot(page, "sparql-editor")


def test_sparql_editor_links_only_iris_that_have_a_page(page: Any, sparql: Any) -> None:
    """An entity (/id/…) links to its page; an ontology term and a graph name have none, so they are shown with
    their label but not linked (a link to /def or /graph/… would be a 404)."""
    law, term = "https://w3id.org/vnqi/id/doc/68-2006-qh11", "https://w3id.org/vnqi/def#Law"
    graph = "https://w3id.org/vnqi/graph/data/facts/facts"
    page.goto("/sparql?query=" + quote(f"SELECT ?x WHERE {{ VALUES ?x {{ <{law}> <{term}> <{graph}> }} }}"))
    expect(page.locator(".yasr table tbody tr .vnqi-label").first).to_be_visible()
    links = page.eval_on_selector_all(".yasr table tbody a.iri", "els => els.map(e => e.getAttribute('href'))")
    assert links == ["/id/doc/68-2006-qh11"]
    plain = page.eval_on_selector_all(".yasr table tbody span.iri", "els => els.map(e => e.getAttribute('title'))")
    assert sorted(plain) == sorted([term, graph])
    term_label = sparql(f"SELECT ?l WHERE {{ <{term}> rdfs:label ?l FILTER(lang(?l) = 'vi') }}")[0]["l"]
    assert term_label in page.locator(".yasr table tbody").inner_text()


def test_sparql_editor_downloads_the_results_as_csv_and_json(page: Any, sparql: Any) -> None:
    """YASR's download button: CSV from the table, the SPARQL JSON response from the response view; both hold the
    rows the endpoint answers for the example."""
    page.goto("/sparql")
    link = page.locator(f'#examples a[data-example="{EXAMPLE}"]')
    query = parse_qs(urlsplit(str(link.get_attribute("href"))).query)["query"][0]
    expected = sorted(row["task"] for row in sparql(query))
    link.click()
    expect(page.locator(".yasr table tbody tr").first).to_be_visible()
    with page.expect_download() as table_download:
        page.locator(".yasr_downloadIcon").click()
    text = Path(table_download.value.path()).read_text(encoding="utf-8")
    assert sorted(row["task"] for row in csv.DictReader(io.StringIO(text))) == expected
    page.locator(".yasr .select_response").click()
    with page.expect_download() as response_download:
        page.locator(".yasr_downloadIcon").click()
    data = json.loads(Path(response_download.value.path()).read_text(encoding="utf-8"))
    assert sorted(binding["task"]["value"] for binding in data["results"]["bindings"]) == expected


def test_impact_form_shows_a_grouped_result(page: Any, server: str, screenshot: Any) -> None:
    page.goto("/impact")
    form = page.locator("#form-act")
    option = form.locator("select[name=amendment] option", has_text=AMENDMENT)
    form.locator("select[name=amendment]").select_option(str(option.get_attribute("value")))
    form.locator("button[type=submit]").click()
    expect(page.locator("#result")).to_be_visible()
    query = urlsplit(page.url).query
    report = httpx.get(f"{server}/impact?{query}&format=json", timeout=30).json()
    assert report["count"] > 0
    for group in report["groups"]:
        shown = page.locator(f"#role-{group['role']} > ul > li[data-iri]")
        iris = {shown.nth(i).get_attribute("data-iri") for i in range(shown.count())}
        assert iris == {e["iri"] for e in group["entities"]}, group["role"]
    assert page.locator("#count").inner_text() == str(report["count"])
    expect(page.locator("#result .graph-box svg")).to_be_visible()
    screenshot(page, "impact")


def test_validate_form_reports_violations(page: Any, server: str) -> None:
    data = f"<{LAW}> a <https://w3id.org/vnqi/def#Law> ."  # no label, identifier, source, status
    report = httpx.post(f"{server}/validate", content=data.encode(), timeout=60,
                        headers={"Content-Type": "text/turtle", "Accept": "application/json"}).json()
    expected = {g["shape"] for g in report["groups"] if g["severity"] == "Violation"}
    assert expected and not report["conforms"]
    page.goto("/validate")
    page.fill("#data", data)
    page.locator("form[action^='/validate'] button[type=submit]").click()
    expect(page.locator("#verdict")).to_be_visible()
    shown = page.locator("section.shape.violation h3 code").all_inner_texts()
    assert sorted(shown) == sorted(expected)


def test_browsing_without_javascript(nojs_page: Any, sparql: Any) -> None:
    page = nojs_page
    title = sparql(f"SELECT ?l WHERE {{ <{LAW}> rdfs:label ?l FILTER(lang(?l) = 'vi') }}")[0]["l"]
    page.goto("/")
    page.locator('#entry-points a[href^="/classes/Law?"]').click()  # the list of laws
    page.wait_for_url("**/classes/Law?*")
    link_to(page.locator("#members"), "/id/doc/68-2006-qh11").click()
    page.wait_for_url("**/id/doc/68-2006-qh11?*")
    expect(page.locator("h1")).to_have_text(title)
    page.fill("#search-q", "68/2006/QH11")  # the search box is a plain form
    page.press("#search-q", "Enter")
    page.wait_for_url("**/search?*")
    link_to(page.locator("ol.search-results"), "/id/doc/68-2006-qh11").first.click()
    page.wait_for_url("**/id/doc/68-2006-qh11*")
    expect(page.locator("h1")).to_have_text(title)
    page.click("#graph-link")  # the graph view lists the links when it cannot draw them
    page.wait_for_url("**/graph?*")
    expect(page.locator(".graph-no-js")).to_be_visible()
    expect(page.locator("#graph-canvas")).to_be_hidden()
    assert page.locator("#graph-list tbody tr").count() > 1
