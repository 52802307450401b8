"""The Content-Security-Policy (no inline script or style; one hashed style block of YASR) does not break the pages'
JavaScript: the SPARQL editor (YASGUI) starts, runs a query and shows its results, and every kind of page (graph
view with Cytoscape included) loads, with no CSP violation and no console error, in a real headless Chromium."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]
QUERY = "SELECT ?law ?label WHERE { ?law a vnqi:Law ; rdfs:label ?label } LIMIT 5"


@pytest.fixture(scope="module")
def chromium() -> Iterator[Any]:
    """Debian's Chromium through Playwright (skipped where it is not installed)."""
    if not CHROMIUM.is_file():
        if os.environ.get("VNQI_REQUIRE_SYSTEM") == "1":  # `make test`: the system packages are required
            pytest.fail(f"no Chromium at {CHROMIUM} (run tools/system-packages.sh as root)", pytrace=False)
        pytest.skip(f"no Chromium at {CHROMIUM}")
    playwright_api = pytest.importorskip("playwright.sync_api")
    with playwright_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield browser
        browser.close()


def watched_page(chromium: Any, base: str, problems: list[str]) -> Any:
    """A fresh page that records CSP violations and console errors."""
    context = chromium.new_context(base_url=base)
    page = context.new_page()
    page.on("console", lambda m: m.type == "error" and problems.append(f"console: {m.text}"))
    page.on("pageerror", lambda e: problems.append(f"uncaught: {e}"))
    page.add_init_script("document.addEventListener('securitypolicyviolation', e => "
                         "console.error('CSP violation: ' + e.violatedDirective + ' ' + e.blockedURI))")
    return page


def test_query_editor_runs_under_the_csp(chromium: Any, live_server: str) -> None:
    problems: list[str] = []
    page = watched_page(chromium, live_server, problems)
    response = page.goto("/sparql")
    assert "script-src 'self';" in response.headers["content-security-policy"]
    page.wait_for_selector(".yasqe .CodeMirror")
    assert page.is_hidden("#query-form")  # YASGUI started and replaced the plain form
    page.click('#examples a[data-example="01-tasks-in-order"]')
    page.wait_for_selector(".yasr table tbody tr")
    assert page.locator(".yasr table tbody tr").count() == 12  # the 12 key tasks of 2024
    page.context.close()
    assert problems == [], "\n".join(problems)


def test_every_page_kind_runs_under_the_csp(chromium: Any, live_server: str) -> None:
    problems: list[str] = []
    page = watched_page(chromium, live_server, problems)
    for url in ("/", "/impact?amendment=70/2025/QH15", "/validate", "/timeline?document=05/2007/QH12",
                "/id/doc/68-2006-qh11", "/search?q=lu%E1%BA%ADt", "/classes", "/classes/Law", "/ics",
                "/graph?iri=https%3A%2F%2Fw3id.org%2Fvnqi%2Fid%2Fdoc%2F68-2006-qh11"):
        assert page.goto(url).status == 200, url
        page.wait_for_load_state("networkidle")
    page.context.close()
    assert problems == [], "\n".join(problems)


@pytest.mark.parametrize("with_csp", [True, False])
def test_query_results_with_payloads_run_nothing(chromium: Any, live_server: str, with_csp: bool) -> None:
    """YASR draws results in the page: literals and IRIs carrying scripts stay text (no dialog, no element), with
    the CSP and without it (YASR escapes and sanitises by itself; the CSP is the second wall). With the CSP,
    Chromium reports an inline handler refused while YASR's DOMPurify parses the payload in an inert document —
    without the CSP that handler does not run either (no dialog): a report, not an attack that got through."""
    from urllib.parse import quote

    dialogs: list[str] = []
    page = chromium.new_context(base_url=live_server).new_page()
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    if not with_csp:
        def strip(route: Any) -> None:
            response = route.fetch()
            route.fulfill(response=response, headers={k: v for k, v in response.headers.items()
                                                      if k.lower() != "content-security-policy"})

        page.route(lambda url: "/sparql?query=" in url, strip)
    query = ('SELECT ?text ?iri ?local WHERE { BIND("<img src=x onerror=alert(1)><script>alert(2)</script>" AS ?text) '
             'BIND(IRI("javascript:alert(3)") AS ?iri) '
             "BIND(IRI(\"https://w3id.org/vnqi/id/doc/x'onmouseover='alert(4)\") AS ?local) }")
    response = page.goto("/sparql?query=" + quote(query))
    assert ("content-security-policy" in response.headers) is with_csp
    page.wait_for_selector(".yasr table tbody tr")
    page.wait_for_timeout(500)
    assert page.locator(".yasr table img, .yasr table script").count() == 0
    assert "<img src=x" in page.inner_text(".yasr table")  # shown as text
    hrefs = page.eval_on_selector_all(".yasr a", "els => els.map(e => e.getAttribute('href') || '')")
    assert not [h for h in hrefs if h.strip().lower().startswith("javascript:")], hrefs
    handlers = page.eval_on_selector_all("body *", "els => els.flatMap(e => [...e.attributes].map(a => a.name))"
                                         ".filter(n => n.startsWith('on'))")
    assert handlers == []
    page.hover(".yasr a.iri >> nth=-1")  # the IRI that tries to close its attribute
    page.wait_for_timeout(200)
    page.context.close()
    assert dialogs == []
