"""The browser query editor at /sparql: examples, prefixes, local assets only, share links."""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import parse_qs, quote, urlsplit

import pytest
from fastapi.testclient import TestClient
from markupsafe import escape

from api import examples as examples_module
from api import sparql_editor as sparql_route
from api.examples import examples
from api.sparql_editor import VENDOR_DIR, editor_assets
from graph.namespaces import PREFIXES

JSON = {"Accept": "application/sparql-results+json"}
PAGE = {"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}  # a browser's
SHARED = "SELECT ?s WHERE { ?s a <https://w3id.org/vnqi/def#Law> } LIMIT 3 # a < b && \"q\""


class Assets(HTMLParser):
    """The src/href of every script and link tag, and the JSON of the editor's configuration."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []
        self.config: dict | None = None
        self._in_config = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        """Collect script src and link href; notice the configuration script."""
        found = dict(attrs)
        if tag in ("script", "link"):
            self.urls += [v for k, v in attrs if k in ("src", "href") and v is not None]
        self._in_config = tag == "script" and found.get("id") == "editor-config"

    def handle_data(self, data: str) -> None:
        """Read the configuration's JSON."""
        if self._in_config:
            self.config = json.loads(data)
            self._in_config = False


def anchor_hrefs(page: str) -> list[str]:
    """The href of every <a> of a page (entities still escaped)."""
    return re.findall(r'<a href="([^"]+)"', page)


def assets(page: str) -> Assets:
    """Parse a page."""
    parser = Assets()
    parser.feed(page)
    return parser


@pytest.fixture()
def extra_examples(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[list[dict[str, str]]]:
    """Two example files (one title needing escaping) in place of graph/queries/examples/."""
    (tmp_path / "a-laws.rq").write_text("# vi: Các luật <mới> & cũ\n# en: Laws <new> & old\n"
                                        "SELECT ?law WHERE { ?law a vnqi:Law }\n", encoding="utf-8")
    (tmp_path / "b-tasks.rq").write_text("# vi: Nhiệm vụ trọng tâm 2024\n# en: Key tasks of 2024\n"
                                         "SELECT ?t WHERE { ?t a vnqi:Task }\n", encoding="utf-8")
    monkeypatch.setattr(examples_module, "EXAMPLES_DIR", tmp_path)
    examples_module._load.cache_clear()
    yield examples("vi")
    examples_module._load.cache_clear()


def test_editor_lists_every_example_in_both_languages(client: TestClient) -> None:
    for lang, suffix in (("vi", ""), ("en", "?lang=en")):
        page = client.get("/sparql" + suffix, headers=PAGE)
        assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
        assert f'<html lang="{lang}">' in page.text and examples(lang)
        for example in examples(lang):
            assert str(escape(example["title"])) in page.text, example["id"]


@pytest.mark.usefixtures("extra_examples")
def test_example_titles_are_escaped_and_link_to_their_query(client: TestClient) -> None:
    vi = client.get("/sparql", headers=PAGE).text
    en = client.get("/sparql?lang=en", headers=PAGE).text
    assert "Các luật &lt;mới&gt; &amp; cũ" in vi and "Nhiệm vụ trọng tâm 2024" in vi and "Key tasks" not in vi
    assert "Laws &lt;new&gt; &amp; old" in en and "Key tasks of 2024" in en
    linked = [parse_qs(urlsplit(html.unescape(href)).query)["query"][0] for href in anchor_hrefs(vi)
              if href.startswith("/sparql?query=")]
    assert [q.endswith(ex["query"]) and q.startswith("PREFIX ") for q, ex in zip(linked, examples("vi"))] == [True] * 2


def test_every_example_link_runs(client: TestClient) -> None:
    """The examples rely on the project prefixes: their links declare them, so each runs as it is."""
    page = client.get("/sparql", headers=PAGE).text
    links = [href for href in anchor_hrefs(page) if href.startswith("/sparql?query=")]
    assert len(links) == len(examples("vi"))
    for href in links:
        r = client.get(html.unescape(href), headers=JSON)
        assert r.status_code == 200, (href[:120], r.text[:300])


def test_without_yasgui_the_page_is_the_plain_form(client: TestClient, tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sparql_route, "VENDOR_DIR", tmp_path / "missing")
    sparql_route.editor_assets.cache_clear()
    try:
        page = client.get("/sparql", headers=PAGE).text
    finally:
        sparql_route.editor_assets.cache_clear()
    assert '<form id="query-form"' in page and "/static/vendor/" not in page and "editor.js" not in page and 'id="yasgui"' not in page


def test_every_format_the_plain_form_offers_answers_every_query_form(client: TestClient) -> None:
    """Each choice of the form's format list names a results format and a graph format: a SELECT, an ASK, a
    CONSTRUCT and a DESCRIBE all answer 200 with it (a graph format alone made a SELECT a 406)."""
    page = client.get("/sparql", headers=PAGE).text
    choices = [html.unescape(v) for v in re.findall(r'<option value="([^"]+)"', page)]
    assert len(choices) == 5
    queries = {"SELECT ?s WHERE { ?s a ?c } LIMIT 1": "results", "ASK { ?s ?p ?o }": "results",
               "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o } LIMIT 1": "graph",
               "DESCRIBE <https://w3id.org/vnqi/id/doc/68-2006-qh11>": "graph"}
    for choice in choices:
        wanted = dict(zip(("results", "graph"), choice.split(",")))
        for query, form in queries.items():
            r = client.get("/sparql", params={"query": query, "format": choice}, headers=PAGE)
            assert r.status_code == 200, (choice, query, r.text)
            assert r.headers["content-type"].split(";")[0] == wanted[form], (choice, query)


def test_editor_declares_the_project_prefixes(client: TestClient) -> None:
    page = client.get("/sparql", headers=PAGE).text
    text = html.unescape(page)
    for prefix, iri in PREFIXES.items():
        assert f"PREFIX {prefix}: <{iri}>" in text, prefix
    config = assets(page).config
    if editor_assets():
        assert config is not None and config["prefixes"] == PREFIXES and config["endpoint"] == "/sparql"
        assert config["query"].startswith("PREFIX ") and config["run"] is False


def test_page_loads_nothing_from_another_host(client: TestClient) -> None:
    for url in ("/sparql", "/sparql?lang=en", "/sparql?query=" + quote(SHARED)):
        found = assets(client.get(url, headers=PAGE).text).urls
        for src in found:
            parts = urlsplit(src)
            assert not parts.scheme and not parts.netloc and src.startswith("/"), src
        if editor_assets():
            assert {"/static/vendor/yasgui/yasgui.min.js", "/static/vendor/yasgui/yasgui.min.css",
                    "/static/editor.js"} <= set(found)
        else:
            assert not any("/vendor/" in src for src in found)


@pytest.mark.skipif(not VENDOR_DIR.is_dir(), reason="YASGUI is not installed (make setup needs npm)")
def test_vendor_files_are_served(client: TestClient) -> None:
    assert editor_assets()
    page = client.get("/sparql", headers=PAGE).text
    types = {".js": "javascript", ".css": "text/css", ".svg": "image/svg+xml"}
    for src in assets(page).urls:
        r = client.get(src)
        assert r.status_code == 200, src
        assert types[src[src.rindex("."):]] in r.headers["content-type"], (src, r.headers["content-type"])
        assert len(r.content) > 1000 or src in ("/static/editor.js", "/static/favicon.svg")


def test_our_editor_script_is_served(client: TestClient) -> None:
    r = client.get("/static/editor.js")
    assert r.status_code == 200 and "javascript" in r.headers["content-type"]
    assert "Yasgui" in r.text and "https://" not in r.text.replace("https://w3id", "")


def test_missing_static_file_is_404(client: TestClient) -> None:
    assert client.get("/static/vendor/nothing-here.js").status_code == 404


def test_share_link_opens_the_editor_with_the_query(client: TestClient) -> None:
    page = client.get("/sparql?query=" + quote(SHARED), headers=PAGE)
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert str(escape(SHARED)) in page.text  # the plain form's textarea
    assert SHARED not in page.text  # never unescaped
    config = assets(page.text).config
    if editor_assets():
        assert config is not None and config["query"] == SHARED and config["run"] is True


def test_share_link_answers_data_to_a_non_browser(client: TestClient) -> None:
    url = "/sparql?query=" + quote(SHARED)
    for accept in ("application/sparql-results+json", "*/*", None):
        headers = {"Accept": accept} if accept else {}
        r = client.get(url, headers=headers)
        assert r.status_code == 200, accept
        assert r.headers["content-type"].startswith("application/sparql-results+json"), accept
        assert r.json()["head"]["vars"] == ["s"]


def test_label_query_of_the_editor_works(client: TestClient) -> None:
    """The VALUES query editor.js sends answers with the labels of the IRIs that have one."""
    found = client.post("/sparql", data={"query": "SELECT DISTINCT ?s WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?l "
                                                  'FILTER(STRSTARTS(STR(?s), "https://w3id.org/vnqi/id/")) } LIMIT 5'},
                        headers=JSON).json()["results"]["bindings"]
    iris = [row["s"]["value"] for row in found]
    assert iris
    values = " ".join(f"<{iri}>" for iri in [*iris, "https://w3id.org/vnqi/id/no-such-thing"])
    query = (f"SELECT ?s ?p ?l WHERE {{ VALUES ?s {{ {values} }} VALUES ?p {{ <http://www.w3.org/2000/01/rdf-schema#label> "
             f"<http://www.w3.org/2004/02/skos/core#prefLabel> }} ?s ?p ?l }}")
    r = client.post("/sparql", data={"query": query}, headers=JSON)
    assert r.status_code == 200
    assert {row["s"]["value"] for row in r.json()["results"]["bindings"]} == set(iris)


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_plain_form_shows_an_error_as_a_page_with_the_query(client: TestClient, lang: str) -> None:
    """A browser's plain form (format given, HTML preferred) that sends a bad query gets the editor page back, with
    the status, the message, its position and the query in the form: not a problem JSON; a script still gets JSON."""
    query = "SELECT * WHERE {\n  ?s rdfs:label ?o }"
    params = {"query": query, "format": "application/sparql-results+json,text/turtle", "lang": lang}
    r = client.get("/sparql", params=params, headers=PAGE)
    assert r.status_code == 400 and r.headers["content-type"].startswith("text/html")
    alert = re.search(r'<div class="error" role="alert" id="query-error">(.*?)</div>', r.text, re.DOTALL)
    assert alert is not None
    heading = {"vi": "Truy vấn không chạy được (400) — dòng 2, cột 16",
               "en": "The query could not be run (400) — line 2, column 16"}[lang]
    assert heading in html.unescape(re.sub(r"<[^>]+>", "", alert.group(1)))
    assert "the prefix &#39;rdfs:&#39; of rdfs:label is not declared" in alert.group(1)
    assert f">{escape(query)}</textarea>" in r.text
    script = client.get("/sparql", params=params, headers={"Accept": "application/json"})
    assert script.status_code == 400 and script.headers["content-type"] == "application/problem+json"



def test_the_plain_form_s_time_limit_page_says_when_to_retry(client: TestClient,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    """The page for a 503 carries Retry-After, as the problem JSON does."""
    from graph.inprocess import InProcessExecutor
    from graph.query_job import QueryTimeout

    def too_long(self: object, request: object) -> None:
        raise QueryTimeout("the query ran longer than 30 s and was stopped")

    monkeypatch.setattr(InProcessExecutor, "run", too_long)
    r = client.get("/sparql", params={"query": "ASK {}", "format": "json"}, headers=PAGE)
    assert r.status_code == 503 and r.headers["retry-after"] == "5" and r.headers["content-type"].startswith("text/html")
    assert "the query ran longer than 30 s" in r.text
