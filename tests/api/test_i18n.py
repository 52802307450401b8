"""UI language: every UI string in both languages; a language chosen with ?lang= is kept by a cookie; without one,
the browser's Accept-Language decides."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from api.i18n import accepted_lang
from api.strings import STRINGS

HTML = {"Accept": "text/html"}


def test_every_ui_string_is_in_vietnamese_and_english() -> None:
    missing = [key for key, value in STRINGS.items() if set(value) != {"vi", "en"} or not all(value.values())]
    assert not missing and len(STRINGS) > 100


def test_a_language_chosen_on_any_page_is_kept_on_the_next(client: TestClient) -> None:
    client.cookies.clear()
    try:
        first = client.get("/classes", params={"lang": "en"}, headers=HTML)
        assert first.status_code == 200 and "lang=en" in first.headers["set-cookie"]
        after = client.get("/id/doc/68-2006-qh11", headers=HTML)
        assert '<html lang="en">' in after.text
        again = client.get("/classes", params={"lang": "en"}, headers=HTML)
        assert "set-cookie" not in again.headers  # already kept: not set again
        back = client.get("/search", params={"q": "68/2006/QH11", "lang": "vi"}, headers=HTML)
        assert "lang=vi" in back.headers["set-cookie"] and '<html lang="vi">' in back.text
        assert '<html lang="vi">' in client.get("/", headers=HTML).text
    finally:
        client.cookies.clear()


def test_pages_that_follow_accept_and_the_language_say_so(client: TestClient) -> None:
    for path in ("/", "/classes", "/search?q=luat", "/ics", "/impact", "/timeline?document=05/2007/QH12"):
        vary = {v.strip().lower() for v in client.get(path, headers=HTML).headers.get("vary", "").split(",")}
        assert {"accept", "accept-language", "cookie"} <= vary, path
    entity = client.get("/id/doc/68-2006-qh11", headers=HTML).headers["vary"]
    assert {v.strip().lower() for v in entity.split(",")} == {"accept", "accept-language", "cookie"}


@pytest.mark.parametrize(("header", "lang"), [
    (None, "vi"), ("", "vi"), ("en", "en"), ("en-US,en;q=0.9", "en"), ("EN-gb", "en"), ("vi-VN,vi;q=0.9,en;q=0.8", "vi"),
    ("fr-FR,fr;q=0.9,en;q=0.8", "en"), ("fr", "vi"), ("*", "vi"), ("en;q=0.5,vi;q=0.6", "vi"), ("vi;q=0,en", "en"),
    ("en;q=0", "vi"), ("en;q=abc", "vi"), ("en;q=7", "vi"), ("vi,en", "vi"), ("en,vi", "en"), ("de;q=1,*;q=0.5", "vi"),
    (", ;,en", "en"), ("vi;q=0, *", "en"), ("en;q=0, *", "vi"), ("vi;q=0.2, *;q=0.5", "en"), ("*;q=0", "vi")])
def test_accept_language_picks_the_preferred_of_vi_and_en(header: str | None, lang: str) -> None:
    assert accepted_lang(header) == lang


def test_the_parameter_and_the_cookie_come_before_accept_language(client: TestClient) -> None:
    client.cookies.clear()
    english = {**HTML, "Accept-Language": "en-US,en;q=0.9"}
    try:
        assert '<html lang="en">' in client.get("/id/doc/68-2006-qh11", headers=english).text
        assert '<html lang="vi">' in client.get("/id/doc/68-2006-qh11", params={"lang": "vi"}, headers=english).text
        assert '<html lang="vi">' in client.get("/classes", headers=english).text  # the cookie ?lang=vi just set
    finally:
        client.cookies.clear()


@pytest.mark.parametrize(("path", "params", "expected"), [
    ("/id/doc/68-2006-qh11%3Fx", {}, "/id/doc/68-2006-qh11%3Fx?lang=en"),  # a 404 page: not the law's page
    ("/classes/a%20b", {}, "/classes/a%20b?lang=en"),  # the space written again as %20
    ("/id/doc/68-2006-qh11", {"page": "2"}, "/id/doc/68-2006-qh11?page=2&lang=en"),
])
def test_the_language_switch_links_to_the_same_url(client: TestClient, path: str, params: dict, expected: str
                                                  ) -> None:
    """The path is percent-encoded again in the link: a decoded %3F had made the switch lead to another page."""
    from tests.api.entity_html import parse

    page = client.get(path, params=params, headers={"Accept": "text/html", "Cookie": "lang=vi"})
    switch = parse(page.text).by_id("lang-switch")
    assert switch is not None and switch.attrs["href"] == expected


@pytest.mark.parametrize("path", ["/search/suggest?q=luat&lang=en", "/search?q=luat&lang=en&format=json",
                                  "/id/doc/68-2006-qh11.ttl?lang=en"])
def test_a_lang_asked_of_data_is_not_kept(client: TestClient, path: str) -> None:
    """JSON, suggestions and RDF asked with ?lang= set the site's language cookie for a year (a script's request
    changed the language of the pages browsed next); a page still keeps it."""
    client.cookies.clear()
    try:
        response = client.get(path)
        assert response.status_code == 200 and "set-cookie" not in response.headers
        page = client.get("/search", params={"q": "luat", "lang": "en"}, headers=HTML)
        assert "lang=en" in page.headers["set-cookie"]
    finally:
        client.cookies.clear()
