"""/classes and /classes/{key}: counts, sorting, filtering, paging and bad parameters, checked against the store;
/ics and /ics/{code} on the real ICS and a real slice of the ISO catalogue."""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from rdflib import Literal, URIRef

from graph.namespaces import VNQI
from graph.store import EmbeddedStore
from tests.api.browse_data import (
    DATA,
    HOSTILE,
    client_for,
    hostile_triples,
    ics_graphs,
    store_with,
)
from tests.api.entity_html import parse

DATA_GRAPH = 'FILTER(STRSTARTS(STR(?g), "https://w3id.org/vnqi/graph/data/"))'
JSON = {"Accept": "application/json"}


def natural(text: str) -> list[str | int]:
    """Numbers read as numbers ("ISO 9001" before "ISO 10001"), the rest in lower case: digit runs alternate with
    the text around them, so an int is only ever compared with an int."""
    return [int(part) if n % 2 else part for n, part in enumerate(re.split(r"(\d+)", text.lower()))]


def members(store: EmbeddedStore, cls: str) -> set[str]:
    """IRIs typed in a data graph with the class or one of its subclasses, by a query written here."""
    q = f"""SELECT DISTINCT ?e WHERE {{ ?t <http://www.w3.org/2000/01/rdf-schema#subClassOf>* <{cls}> .
            GRAPH ?g {{ ?e a ?t }} {DATA_GRAPH} FILTER(isIRI(?e)) }}"""
    return {str(r["e"]) for r in store.select(q).dicts()}


def labels(store: EmbeddedStore, iri: str) -> dict[str, str]:
    """rdfs:label per language (the smallest when several)."""
    out: dict[str, str] = {}
    for r in store.select(f"SELECT ?l WHERE {{ <{iri}> <http://www.w3.org/2000/01/rdf-schema#label> ?l }}").dicts():
        lit = r["l"]
        assert isinstance(lit, Literal)
        if lit.language and (lit.language not in out or str(lit) < out[lit.language]):
            out[lit.language] = str(lit)
    return out


def dictionary_order(text: str) -> tuple[str, str]:
    """Vietnamese dictionary order, near enough: letters without their diacritics (đ as d) first."""
    bare = unicodedata.normalize("NFD", text.lower().replace("đ", "d"))
    return "".join(c for c in bare if not unicodedata.combining(c)), text.lower()


def all_pages(client: TestClient, url: str) -> list[dict]:  # type: ignore[type-arg]
    """Every item of a paged JSON list, following the pages."""
    first = client.get(url, headers=JSON).json()
    items = list(first["items"])
    for n in range(2, first["pages"] + 1):
        items += client.get(f"{url}&page={n}", headers=JSON).json()["items"]
    return items


def test_classes_counts_equal_sparql_counts(client: TestClient, store: EmbeddedStore) -> None:
    body = client.get("/classes", headers=JSON).json()["classes"]
    assert {c["key"] for c in body} >= {"Law", "Decree", "Document", "eli:LegalResource", "org:Membership"}
    for c in body:
        assert c["total"] == len(members(store, c["iri"])), c["iri"]
    page = client.get("/classes?lang=vi").text
    law = next(c for c in body if c["key"] == "Law")
    assert re.search(rf'<a href="/classes/Law\?lang=vi">Luật</a>\s*</td><td class="n">{law["total"]}</td>'
                     rf'<td class="n">{law["direct"]}</td>', page)


def test_class_list_holds_every_member_once(client: TestClient, store: EmbeddedStore) -> None:
    items = all_pages(client, "/classes/Document?sort=identifier")
    expected = members(store, str(VNQI.Document))
    assert len(items) == len(expected) == client.get("/classes/Document", headers=JSON).json()["total"]
    assert {i["iri"] for i in items} == expected
    assert all(i["href"] == "/id/" + i["iri"].split("/id/", 1)[1] for i in items)


def test_paging_boundaries(client: TestClient, store: EmbeddedStore) -> None:
    total = len(members(store, str(VNQI.Document)))
    assert total > 50, "the seed + facts data has more than one page of documents"
    first = client.get("/classes/Document?page=1", headers=JSON).json()
    last = client.get(f"/classes/Document?page={first['pages']}", headers=JSON).json()
    assert (first["size"], len(first["items"]), first["pages"]) == (50, 50, -(-total // 50))
    assert len(last["items"]) == total - 50 * (first["pages"] - 1)
    assert client.get(f"/classes/Document?page={first['pages'] + 1}").status_code == 404
    page = client.get("/classes/Document?page=2&sort=date&lang=en").text
    assert 'rel="prev" href="/classes/Document?sort=date&amp;lang=en&amp;page=1"' in page
    assert f"{total} entities" in page and "page 2 of 2" in page


def test_sort_by_label_both_ways(client: TestClient, store: EmbeddedStore) -> None:
    for lang in ("vi", "en"):
        asc = client.get(f"/classes/Law?lang={lang}", headers=JSON).json()["items"]
        other = "en" if lang == "vi" else "vi"
        names = [(labels(store, i["iri"]).get(lang) or labels(store, i["iri"])[other]) for i in asc]
        assert [i["label"] for i in asc] == names
        assert names == sorted(names, key=dictionary_order)
        if lang == "vi":  # Đ sorts with D, not after Z
            assert names.index("Luật Đo lường") < names.index("Luật Tiêu chuẩn và Quy chuẩn kỹ thuật")
        desc = client.get(f"/classes/Law?lang={lang}&order=desc", headers=JSON).json()["items"]
        assert [i["iri"] for i in desc] == [i["iri"] for i in reversed(asc)]


def test_sort_by_identifier_and_date_undated_last(client: TestClient) -> None:
    by_id = client.get("/classes/Decree?sort=identifier", headers=JSON).json()["items"]
    ids = [i["identifier"] for i in by_id]
    assert all(ids) and ids == sorted(ids, key=natural)  # 22/2026/NĐ-CP before 127/2007/NĐ-CP
    assert ids != sorted(ids, key=str.lower)  # the decrees' numbers make the difference
    for order in ("asc", "desc"):
        items = client.get(f"/classes/Document?sort=date&order={order}", headers=JSON).json()["items"]
        dates = [i["date"] for i in items if i["date"]]
        assert dates == sorted(dates, reverse=order == "desc")
        assert [i["date"] for i in items[: len(dates)]] == dates  # the undated ones come after


def test_text_filter_matches_labels_and_identifiers(client: TestClient, store: EmbeddedStore) -> None:
    for q in ("đo lường", "QH1", "ISO 9001"):
        items = all_pages(client, f"/classes/Document?q={q}")
        expected = {iri for iri in members(store, str(VNQI.Document))
                    if any(q.lower() in text.lower() for text in labels(store, iri).values())
                    or any(q.lower() in str(r["i"]).lower() for r in store.select(
                        f"SELECT ?i WHERE {{ <{iri}> <http://purl.org/dc/terms/identifier> ?i }}").dicts())}
        assert expected and {i["iri"] for i in items} == expected, q
    page = client.get("/classes/Document?q=zzzz-nothing&lang=vi").text
    assert "Không có thực thể nào khớp." in page


def test_status_filter(client: TestClient, store: EmbeddedStore) -> None:
    view = client.get("/classes/Document", headers=JSON).json()
    options = {o["key"]: o["count"] for o in view["statuses"]}
    assert "fact-status/unverified" in options
    for key, count in options.items():
        if key.startswith("legal-status/"):  # derived as the pages derive them: the test below
            continue
        items = all_pages(client, f"/classes/Document?status={key}")
        q = f"""SELECT DISTINCT ?e WHERE {{ ?e ?p <https://w3id.org/vnqi/id/code/{key}>
                VALUES ?p {{ <{VNQI.legalStatus}> <{VNQI.standardStatus}> <{VNQI.factStatus}> }} }}"""
        expected = {str(r["e"]) for r in store.select(q).dicts()} & members(store, str(VNQI.Document))
        assert {i["iri"] for i in items} == expected and len(expected) == count, key


@pytest.mark.parametrize("query", ["page=0", "page=abc", "page=-1", "page=1.5", "page=%C2%B2", "sort=title",
                                   "order=up", "status=bad", "status=legal-status%2F..%2Fx"])
def test_bad_parameters_are_400(client: TestClient, query: str) -> None:
    page = client.get(f"/classes/Law?{query}")
    assert page.status_code == 400 and 'role="alert"' in page.text
    problem = client.get(f"/classes/Law?{query}", headers=JSON)
    assert problem.status_code == 400 and problem.headers["content-type"] == "application/problem+json"


@pytest.mark.parametrize("key", ["Nope", "x:Law", "eli:Nope", "Law%20x", "%3Cscript%3E"])
def test_unknown_class_is_404(client: TestClient, key: str) -> None:
    assert client.get(f"/classes/{key}").status_code == 404
    assert client.get(f"/classes/{key}", headers=JSON).json()["status"] == 404


def test_classes_of_other_vocabularies(client: TestClient, store: EmbeddedStore) -> None:
    for key, iri in (("eli:LegalResource", "http://data.europa.eu/eli/ontology#LegalResource"),
                     ("org:Membership", "http://www.w3.org/ns/org#Membership")):
        view = client.get(f"/classes/{key}", headers=JSON).json()
        assert view["class"] == iri and view["total"] == len(members(store, iri)) > 0


def test_class_page_shows_hierarchy_and_links(client: TestClient) -> None:
    page = client.get("/classes/Law?lang=en").text
    assert '<a href="/classes/AmendingLaw?lang=en">Amending law</a>' in page
    assert '<a href="/classes/LegalDocument?lang=en">Legal document</a>' in page
    assert '<a href="/id/doc/68-2006-qh11?lang=en">Law on Standards and Technical Regulations</a>' in page
    assert client.get("/classes/Law", headers={"Accept": "image/png"}).status_code == 406


@pytest.fixture(scope="module")
def hostile_client(dataset) -> Iterator[TestClient]:  # type: ignore[no-untyped-def]
    """The app over the real data plus a law whose label is markup."""
    store = store_with(dataset, {URIRef("https://w3id.org/vnqi/graph/data/test/hostile"): hostile_triples()})
    with client_for(store) as c:
        yield c


def test_labels_are_escaped_and_fall_back(hostile_client: TestClient) -> None:
    page = hostile_client.get("/classes/Law?lang=en&q=script").text
    assert HOSTILE not in page and "<script>alert" not in page and "<img src=x" not in page
    assert html.escape(HOSTILE, quote=False).replace('"', "&#34;") in page or html.escape(HOSTILE) in page
    assert '<span class="other-lang" lang="vi">(no English name yet)</span>' in page


# --- ICS ---------------------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def ics_store(dataset, tmp_path_factory: pytest.TempPathFactory) -> EmbeddedStore:  # type: ignore[no-untyped-def]
    """Seed + facts, the real ICS and the real catalogue records of ICS 03.120.10 (about 1.5 s)."""
    if not (DATA / "iso-open-data").is_dir():
        pytest.skip(f"shared data not found at {DATA}")
    return store_with(dataset, ics_graphs(tmp_path_factory.mktemp("catalogue")))


@pytest.fixture(scope="module")
def ics_client(ics_store: EmbeddedStore) -> Iterator[TestClient]:
    """The app over that store."""
    with client_for(ics_store) as c:
        yield c


def count(store: EmbeddedStore, query: str) -> int:
    """The single number a COUNT query returns."""
    return int(next(iter(store.select(query).dicts()[0].values())))


def test_ics_top_fields(ics_client: TestClient, ics_store: EmbeddedStore) -> None:
    fields = ics_client.get("/ics", headers=JSON).json()["fields"]
    tops = count(ics_store, "SELECT (COUNT(*) AS ?n) WHERE { <https://w3id.org/vnqi/id/code/ics> "
                            "<http://www.w3.org/2004/02/skos/core#hasTopConcept> ?c }")
    assert len(fields) == tops == 40 and [f["notation"] for f in fields] == sorted(f["notation"] for f in fields)
    f03 = next(f for f in fields if f["notation"] == "03")
    direct = count(ics_store, "SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s <http://purl.org/dc/terms/subject> "
                              "<https://w3id.org/vnqi/id/code/ics/03-120-10> }")
    assert f03["classified"] >= direct > 0 and f03["label"].startswith("Services")
    assert '<a href="/ics/03?lang=vi">03</a>' in ics_client.get("/ics?lang=vi").text


def test_ics_node(ics_client: TestClient, ics_store: EmbeddedStore) -> None:
    node = ics_client.get("/ics/03.120.10", headers=JSON).json()
    assert [b["notation"] for b in node["broader"]] == ["03", "03.120"]
    assert node["label"] == "Quality management and quality assurance" and node["narrower"] == []
    direct = count(ics_store, "SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s <http://purl.org/dc/terms/subject> "
                              "<https://w3id.org/vnqi/id/code/ics/03-120-10> }")
    assert node["direct"] == direct and node["pages"] == -(-direct // 50)
    seen = [i["identifier"] for n in range(1, node["pages"] + 1)
            for i in ics_client.get(f"/ics/03.120.10?page={n}", headers=JSON).json()["items"]]
    assert len(seen) == direct and seen == sorted(seen, key=natural)  # ISO 9001 before ISO 10001
    parent = ics_client.get("/ics/03-120", headers=JSON).json()
    assert "03.120.10" in [c["notation"] for c in parent["narrower"]] and parent["classified"] >= direct
    page = ics_client.get("/ics/03.120.10?lang=vi").text
    assert '<a href="/ics/03.120?lang=vi">03.120 Quality</a>' in page
    for url in ("/ics/03?lang=vi", "/ics/03.120?lang=en", "/ics/03.120.10?lang=vi"):  # ICS's French titles: not shown
        assert 'lang="fr"' not in ics_client.get(url).text


@pytest.mark.parametrize(("url", "status"), [("/ics/zz", 400), ("/ics/03.1", 400), ("/ics/99.999", 404),
                                             ("/ics/03.120.10?page=0", 400), ("/ics/03.120.10?page=99", 404)])
def test_ics_bad_codes(ics_client: TestClient, url: str, status: int) -> None:
    assert ics_client.get(url).status_code == status


def test_ics_without_the_classification(client: TestClient) -> None:
    page = client.get("/ics?lang=en")
    assert page.status_code == 200 and "The graph holds no ICS classification" in page.text
    assert client.get("/ics/03.120.10").status_code == 404


def test_concepts_list_with_notations(ics_client: TestClient, ics_store: EmbeddedStore) -> None:
    view = ics_client.get("/classes/skos:Concept?lang=en&q=03.120.10", headers=JSON).json()
    expected = members(ics_store, "http://www.w3.org/2004/02/skos/core#Concept")
    assert ics_client.get("/classes/skos:Concept", headers=JSON).json()["total"] == len(expected) >= 1381
    assert [(i["identifier"], i["label"]) for i in view["items"]] == [
        ("03.120.10", "Quality management and quality assurance")]


def test_unverified_entities_say_so(client: TestClient, store: EmbeddedStore) -> None:
    q = f"""SELECT ?e WHERE {{ ?e <{VNQI.factStatus}> <https://w3id.org/vnqi/id/code/fact-status/unverified> }}"""
    unverified = {str(r["e"]) for r in store.select(q).dicts()} & members(store, str(VNQI.Document))
    items = all_pages(client, "/classes/Document?lang=en")
    flagged = {i["iri"] for i in items if i["factStatusLabel"] == "unverified"}
    assert unverified and flagged == unverified
    assert all(i["factStatusLabel"] is None for i in items if i["iri"] not in unverified
               and i["factStatus"] == "https://w3id.org/vnqi/id/code/fact-status/verified")
    assert '<span class="status">unverified</span>' in client.get("/classes/Document?lang=en").text


def test_text_filter_ignores_case_marks_and_dd(client: TestClient) -> None:
    def identifiers(q: str) -> list[str]:
        rows = client.get("/classes/Law", params={"q": q}, headers={"Accept": "application/json"}).json()
        return sorted(str(r) for r in rows["items"])

    assert identifiers("chat luong san pham") == identifiers("Chất lượng sản phẩm") != []
    assert identifiers("DO LUONG") == identifiers("đo lường") != []


def every_row(client: TestClient, key: str, **params: str) -> tuple[dict, list[dict]]:
    """The first page of a class list (JSON) and the rows of all its pages."""
    first = client.get(f"/classes/{key}", params=params, headers=JSON).json()
    rows = list(first["items"])
    for page in range(2, first["pages"] + 1):
        rows += client.get(f"/classes/{key}", params={**params, "page": page}, headers=JSON).json()["items"]
    return first, rows


def test_lists_show_and_filter_the_legal_status_pages_show(client: TestClient) -> None:
    """No document records vnqi:legalStatus: the pages derive it (dates, repeals), the lists did not, so
    ?status=legal-status/con-hieu-luc found nothing although the laws' pages said "in force"."""
    from graph.entity_legal import CONCEPTS

    listed, rows = every_row(client, "LegalDocument")
    assert listed["total"] == len(rows) > 20
    shown = {}
    for row in rows:
        page = parse(client.get(row["href"], params={"lang": "en"}, headers={"Accept": "text/html"}).text)
        status = page.by_id("legal-status")
        key = status.attrs["data-status"] if status is not None else None
        shown[row["iri"]] = CONCEPTS.get(key) if key not in (None, "unknown") else None
        assert row["status"] == shown[row["iri"]], row["identifier"]
        assert row["statusUnsure"] == (page.by_id("legal-status-basis") is not None), row["identifier"]
    client.cookies.clear()
    for key, concept in CONCEPTS.items():
        wanted = {iri for iri, status in shown.items() if status == concept}
        code = concept.removeprefix("https://w3id.org/vnqi/id/code/")
        assert {r["iri"] for r in every_row(client, "LegalDocument", status=code)[1]} == wanted, key
    assert any(row["statusUnsure"] for row in rows)  # 132/2008/NĐ-CP: ended by the unverified 37/2026/NĐ-CP
    html = client.get("/classes/LegalDocument", params={"lang": "en", "sort": "identifier"},
                      headers={"Accept": "text/html"}).text
    assert "(from information not verified)" in html
    client.cookies.clear()
    in_force = {s["key"]: s["count"] for s in listed["statuses"]}["legal-status/con-hieu-luc"]
    assert in_force == sum(1 for s in shown.values() if s == CONCEPTS["in-force"]) >= 6


def test_a_broader_list_shows_the_legal_status_the_legal_list_shows(client: TestClient) -> None:
    """/classes/Document showed no status for the legal documents /classes/LegalDocument showed in force."""
    legal = {r["iri"]: r["status"] for r in every_row(client, "LegalDocument")[1]}
    documents = {r["iri"]: r["status"] for r in every_row(client, "Document")[1]}
    assert legal and {iri: status for iri, status in legal.items() if documents.get(iri) != status} == {}
    in_force = {r["iri"] for r in every_row(client, "Document", status="legal-status/con-hieu-luc")[1]}
    assert in_force == {iri for iri, status in legal.items() if status and status.endswith("/con-hieu-luc")}


def test_the_status_iri_a_list_gives_filters_too(client: TestClient) -> None:
    key = "legal-status/con-hieu-luc"
    by_key = {r["iri"] for r in every_row(client, "LegalDocument", status=key)[1]}
    by_iri = {r["iri"] for r in every_row(client, "LegalDocument", status="https://w3id.org/vnqi/id/code/" + key)[1]}
    assert by_key and by_iri == by_key


def test_a_list_shows_an_edition_s_identifier_not_its_work_code(client: TestClient) -> None:
    """ISO 9001:2015 carries the work code "ISO 9001" as skos:notation too: the list shows its identifier (the
    smaller of the two strings was shown), the code only for an entity without one."""
    items = all_pages(client, "/classes/Standard?q=9001")
    shown = {i["iri"].rsplit("/", 1)[-1]: i["identifier"] for i in items}
    assert shown["iso-9001-2015"] == "ISO 9001:2015"


def test_an_ics_concept_page_links_to_its_place_in_the_ics_browser(ics_client: TestClient) -> None:
    """The concept's entity page did not link to /ics/03.120.10, where its standards are listed."""
    page = ics_client.get("/id/code/ics/03-120-10", params={"lang": "en"}, headers={"Accept": "text/html"}).text
    link = re.search(r'<a href="([^"]+)" id="ics-link">Browse in the ICS</a>', page)
    assert link is not None and link.group(1).startswith("/ics/03-120-10")
    target = ics_client.get(link.group(1), headers={"Accept": "application/json"})
    assert target.status_code == 200 and target.json()["notation"] == "03.120.10"
    assert 'id="ics-link"' not in ics_client.get("/id/doc/68-2006-qh11", headers={"Accept": "text/html"}).text
    ics_client.cookies.clear()
