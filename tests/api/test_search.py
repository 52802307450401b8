"""/search (JSON and HTML) and /search/suggest on the real seed + facts data."""

from __future__ import annotations

import unicodedata
from html.parser import HTMLParser
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from fastapi.testclient import TestClient

from graph.namespaces import ID, VNQI

LAW_68 = str(ID["doc/68-2006-qh11"])


class Links(HTMLParser):
    """The hrefs of the <a> elements of a page, and whether a <script> element has inline code."""

    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []
        self.inline_script = False
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            self.hrefs.append(dict(attrs).get("href") or "")
        self._in_script = tag == "script"

    def handle_data(self, data: str) -> None:
        if self._in_script and data.strip():
            self.inline_script = True

    def handle_endtag(self, tag: str) -> None:
        self._in_script = False


def links(html: str) -> Links:
    """Parsed links of a page."""
    parser = Links()
    parser.feed(html)
    return parser


def search_json(client: TestClient, **params: object) -> dict:  # type: ignore[type-arg]
    """GET /search as JSON (format=json)."""
    response = client.get("/search", params={**params, "format": "json"})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("application/json")
    return response.json()


def test_json_exact_identifier_first(client: TestClient) -> None:
    body = search_json(client, q="68/2006/QH11")
    first = body["results"][0]
    assert first == {"iri": LAW_68, "label": "Luật Tiêu chuẩn và Quy chuẩn kỹ thuật", "type": str(VNQI.Law),
                     "typeLabel": "Luật", "identifier": "68/2006/QH11", "snippet": first["snippet"],
                     "score": first["score"], "href": "/id/doc/68-2006-qh11"}
    assert first["score"] > max(r["score"] for r in body["results"][1:])
    assert body["total"] == len(body["results"]) and body["page"] == 1 and body["next"] is None
    english = search_json(client, q="68/2006/QH11", lang="en")["results"][0]
    assert (english["label"], english["typeLabel"]) == ("Law on Standards and Technical Regulations", "Law")


def test_json_by_accept_header(client: TestClient) -> None:
    response = client.get("/search", params={"q": "TCVN ISO 9001:2015"}, headers={"Accept": "application/json"})
    assert response.status_code == 200
    assert response.json()["results"][0]["iri"] == str(ID["std/tcvn-iso-9001-2015"])
    assert client.get("/search", params={"q": "x"}, headers={"Accept": "image/png"}).status_code == 406


def test_bare_number_and_folding(client: TestClient) -> None:
    top = [r["iri"] for r in search_json(client, q="17034")["results"][:2]]
    assert set(top) == {str(ID["std/iso-17034-2016"]), str(ID["std/tcvn-iso-17034-2017"])}
    plain = [r["iri"] for r in search_json(client, q="tieu chuan do luong", size=100)["results"]]
    assert plain == [r["iri"] for r in search_json(client, q="Tiêu chuẩn Đo lường", size=100)["results"]]
    assert str(ID["org/quatest1"]) in plain


def test_class_filter_repeatable_and_facets(client: TestClient) -> None:
    body = search_json(client, q="luat", type=["Law", "Decree"], size=100)
    assert {r["type"] for r in body["results"]} <= {str(VNQI.Law), str(VNQI.AmendingLaw), str(VNQI.Decree)}
    laws = search_json(client, q="luat", type=str(VNQI.Law))["total"]
    decrees = search_json(client, q="luat", type="Decree")["total"]
    assert body["total"] == laws + decrees
    facets = {f["type"]: f["count"] for f in body["facets"]}
    assert facets[str(VNQI.Law)] == laws and facets[str(VNQI.Decree)] == decrees


def test_paging(client: TestClient) -> None:
    first = search_json(client, q="luat", size=5)
    second = search_json(client, q="luat", size=5, page=2)
    assert first["pages"] == -(-first["total"] // 5) >= 2
    assert parse_qs(urlsplit(first["next"]).query)["page"] == ["2"]
    assert not {r["iri"] for r in first["results"]} & {r["iri"] for r in second["results"]}
    assert search_json(client, q="luat", page="abc", size="-1")["page"] == 1
    last = first["pages"]
    for past in (str(last + 1), "1000000000000"):  # an empty page with a link back to page 999 was a 200
        r = client.get("/search", params={"q": "luat", "size": 5, "page": past, "format": "json"})
        assert r.status_code == 404 and r.json()["detail"] == f"page {min(int(past), 10**9)} is past the last page " \
            f"({last})"
        html = client.get("/search", params={"q": "luat", "size": 5, "page": past, "lang": "en"},
                          headers={"Accept": "text/html"})
        assert html.status_code == 404 and f"is past the last page ({last})" in html.text
    client.cookies.clear()


def test_html_page_without_js(client: TestClient) -> None:
    response = client.get("/search", params={"q": "luat"}, headers={"Accept": "text/html"})
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/html")
    page = links(response.text)
    assert "/id/doc/80-2015-qh13" in page.hrefs  # a hit of the first page
    facet = next(h for h in page.hrefs if parse_qs(urlsplit(h).query).get("type") == [str(VNQI.Law)])
    filtered = links(client.get(facet).text).hrefs
    assert "/id/doc/05-2007-qh12" in filtered and "/id/doc/127-2007-nd-cp" not in filtered
    assert any(parse_qs(urlsplit(h).query).get("page") == ["2"] for h in page.hrefs)
    assert '<script src="/static/search.js" defer></script>' in response.text and not page.inline_script
    assert 'value="luat"' in response.text  # the box keeps the query


def test_empty_query_page(client: TestClient) -> None:
    response = client.get("/search")
    assert response.status_code == 200 and "search-results" not in response.text
    assert search_json(client, q="")["total"] == 0


@pytest.mark.parametrize("q", ['<script>alert(1)</script>', '"><img src=x onerror=alert(1)>', "'\"&<>"])
def test_query_text_is_escaped(client: TestClient, q: str) -> None:
    html = client.get("/search", params={"q": q + " luat"}).text
    assert q not in html
    assert "<script>alert" not in html and "<img src=x" not in html


@pytest.mark.parametrize("q", ['"', "*", "NEAR(a b)", "-x", "a" * 3000, "\x00", "{ident}: 1"])
def test_odd_input_is_not_an_error(client: TestClient, q: str) -> None:
    assert client.get("/search", params={"q": q}).status_code == 200
    assert search_json(client, q=q)["total"] >= 0
    assert client.get("/search/suggest", params={"q": q}).status_code == 200


def test_suggest(client: TestClient) -> None:
    response = client.get("/search/suggest", params={"q": "tcvn iso 9", "lang": "vi"})
    assert response.status_code == 200
    hits = response.json()
    assert hits[0]["iri"] == str(ID["std/tcvn-iso-9001-2015"]) and hits[0]["href"] == "/id/std/tcvn-iso-9001-2015"
    assert 0 < len(hits) <= 8
    assert client.get("/search/suggest", params={"q": "bo khoa h"}).json()[0]["iri"] == str(ID["org/most"])
    assert client.get("/search/suggest", params={"q": ""}).json() == []


def test_search_script_is_served(client: TestClient) -> None:
    response = client.get("/static/search.js")
    assert response.status_code == 200 and "/search/suggest" in response.text


def test_following_next_walks_every_result_once(client: TestClient) -> None:
    """`next` kept neither `size` nor `format`: with size=5 page 2 came back at 20 a page (results 6–20 could never
    be reached), and as HTML for a client without an Accept header."""
    total = search_json(client, q="luat")["total"]
    seen: list[str] = []
    url: str | None = "/search?" + urlencode({"q": "luat", "size": 5, "format": "json"})
    while url is not None and len(seen) <= total:
        body = client.get(url).json()  # no Accept header: the link alone asks for JSON
        assert body["size"] == 5 and len(body["results"]) <= 5
        seen += [r["iri"] for r in body["results"]]
        url = body["next"]
    everything = [r["iri"] for r in search_json(client, q="luat", size=100)["results"]]
    assert seen == everything and len(seen) == total


def test_html_page_links_keep_the_page_size(client: TestClient) -> None:
    page = links(client.get("/search", params={"q": "luat", "size": 5}, headers={"Accept": "text/html"}).text)
    queries = [parse_qs(urlsplit(h).query) for h in page.hrefs if h.startswith("/search?")]
    turning = [q for q in queries if q.get("page") == ["2"]]
    assert turning and all(q.get("size") == ["5"] and "format" not in q for q in turning)
    assert all(q.get("size") == ["5"] for q in queries if "type" in q)  # the class facets too


def test_a_typed_identifier_and_a_space_still_suggests_it_first(client: TestClient) -> None:
    def first(q: str) -> str:
        return client.get("/search/suggest", params={"q": q}).json()[0]["identifier"]

    assert first("70/2025/QH15") == first("70/2025/QH15 ") == first("70/2025/qh15/") == "70/2025/QH15"


def test_decomposed_input_suggests_as_composed_input(client: TestClient) -> None:
    def iris(q: str) -> list[str]:
        return [h["iri"] for h in client.get("/search/suggest", params={"q": q}).json()]

    for text in ("Chất lượ", "68/", "tiêu chuẩn "):
        assert iris(unicodedata.normalize("NFD", text)) == iris(unicodedata.normalize("NFC", text)) != [], text


@pytest.mark.parametrize(("size", "expected"), [("0", 20), ("-3", 20), ("abc", 20), ("7", 7), ("5000", 100)])
def test_an_odd_page_size_falls_back_to_the_default(client: TestClient, size: str, expected: int) -> None:
    """size=0 gave pages of one hit; docs/search.md says odd values fall back to the defaults (too large: 100)."""
    assert search_json(client, q="luat", size=size)["size"] == expected


def test_one_hit_is_one_result_in_english(client: TestClient) -> None:
    """"Found 1 results"."""
    one = search_json(client, q="68/2006/QH11 Tiêu chuẩn Quy chuẩn kỹ thuật", type=["Law"])
    page = client.get("/search", params={"q": one["query"], "type": "Law", "lang": "en"},
                      headers={"Accept": "text/html"}).text
    assert one["total"] == 1 and "Found <strong>1</strong>\n result for" in page
    client.cookies.clear()
