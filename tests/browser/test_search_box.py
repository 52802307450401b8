"""The search box in a real browser: suggestions as you type (search.js), and the results page without JavaScript."""

from __future__ import annotations

from typing import Any

OPTIONS = "#search-suggestions option"


def test_typing_fills_the_suggestions(page: Any, server: str) -> None:
    # The app serves no /favicon.ico yet (reported): Chromium asks for it while the test types, and the 404 would
    # count as a page error unrelated to the search box.
    page.route("**/favicon.ico", lambda route: route.fulfill(status=204))
    page.goto("/?lang=vi")
    page.locator("#search-q").press_sequentially("tcvn iso 9", delay=30)
    page.locator(OPTIONS).first.wait_for(state="attached")  # (no wait_for_function: the CSP forbids eval)
    values = page.eval_on_selector_all(OPTIONS, "els => els.map(e => e.value)")
    assert values[0] == "TCVN ISO 9001:2015"
    assert len(values) <= 8


def test_results_page_without_javascript(nojs_page: Any, server: str) -> None:
    nojs_page.route("**/favicon.ico", lambda route: route.fulfill(status=204))  # see above
    nojs_page.goto("/?lang=vi")
    nojs_page.fill("#search-q", "68/2006/QH11")
    nojs_page.locator("form.search-box button[type=submit]").click()
    nojs_page.wait_for_url("**/search?**")
    first = nojs_page.locator(".search-results .search-hit-label").first
    assert first.get_attribute("href") == "/id/doc/68-2006-qh11"
    assert nojs_page.locator("#search-q").input_value() == "68/2006/QH11"
