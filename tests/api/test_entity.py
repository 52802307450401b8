"""/id/{path}: entity pages (HTML) and descriptions (RDF) on the real seed + facts data.

Expected values are read from data/facts/facts.ttl, data/seed/tdc-2024-article.ttl and the ontology (labels of the
relations), not from the pages: e.g. 68/2006/QH11 is amended by 35/2018/QH14 and 70/2025/QH15 (facts), the
legal basis of 107/2016/NĐ-CP, 154/2018/NĐ-CP and 02/2024/TT-BKHCN, and its link "detailed by 22/2026/NĐ-CP" is
unverified (an rdf:Statement with status unverified); 78/2025/QH15 amends Điều 1–6 and adds Điều 6a–6đ of
05/2007/QH12 from 2026-01-01 (effects 78/2025/QH15/effect/*).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from urllib.parse import quote, urlencode

import pytest
from fastapi.testclient import TestClient
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS

from api.app import create_app
from api.settings import Settings
from graph.store import EmbeddedStore
from tests.api.entity_html import Node, parse, relations

ROOT = Path(__file__).resolve().parents[2]
ID = "https://w3id.org/vnqi/id/"
VNQI = "https://w3id.org/vnqi/def#"
LAW = ID + "doc/68-2006-qh11"
QUALITY = ID + "doc/05-2007-qh12"
BROWSER = {"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}
RDF_TYPES = {"ttl": ("text/turtle", "turtle"), "jsonld": ("application/ld+json", "json-ld"),
             "nt": ("application/n-triples", "nt"), "rdf": ("application/rdf+xml", "xml")}


@pytest.fixture(scope="module")
def data() -> Graph:
    """The seed, the fact sheet and the ontology, as one graph (to read expected values)."""
    g = Graph()
    for path in ("data/facts/facts.ttl", "data/seed/tdc-2024-article.ttl", "ontology/core.ttl", "ontology/legal.ttl",
                 "ontology/programmes.ttl", "ontology/standards.ttl"):
        g.parse(ROOT / path)
    return g


def label(g: Graph, iri: str, lang: str = "vi") -> str:
    """The rdfs:label of `iri` in `lang` in the data."""
    return next(str(o) for o in g.objects(URIRef(iri), RDFS.label) if o.language == lang)  # type: ignore[attr-defined]


def inverse_label(g: Graph, iri: str, lang: str = "vi") -> str:
    """The vnqi:inverseLabel (name read from object to subject) of the property `iri` in `lang` in the ontology."""
    return next(str(o) for o in g.objects(URIRef(iri), URIRef(VNQI + "inverseLabel"))
                if o.language == lang)  # type: ignore[attr-defined]


def page(client: TestClient, path: str, **params: str) -> Node:
    """GET an entity page as a browser; 200 expected."""
    response = client.get(path, params=params, headers=BROWSER)
    assert response.status_code == 200, response.text[:500]
    assert response.headers["content-type"].startswith("text/html")
    return parse(response.text)


def test_law_page_header(client: TestClient, data: Graph) -> None:
    doc = page(client, "/id/doc/68-2006-qh11")
    assert doc.by_id("title").text() == label(data, LAW) == "Luật Tiêu chuẩn và Quy chuẩn kỹ thuật"
    assert doc.by_id("types").text() == label(data, VNQI + "Law") == "Luật"
    assert doc.by_id("iri").text() == LAW
    rows = [(tr.all("th")[0].text(), tr.all("td")[0].text()) for tr in doc.by_id("facts").all("tr")]
    # identifier first, then the dates in chronological order, as people write them
    assert rows == [("số, ký hiệu", "68/2006/QH11"), ("ngày ban hành", "29/06/2006"),
                    ("ngày có hiệu lực", "01/01/2007")]
    assert doc.by_id("legal-status").attrs["data-status"] == "in-force"
    assert doc.by_id("fact-status").attrs["data-status"] == "verified"
    assert doc.by_id("graph-link").attrs["href"] == f"/graph?iri={quote(LAW, safe='')}&lang=vi"
    cited = {a.attrs["href"] for a in doc.by_id("cited").all("a")}
    assert cited == {str(o) for o in data.objects(URIRef(LAW), DCTERMS.source)}
    assert "Bảng dữ kiện vnqi (facts.yaml)" in doc.by_id("graphs").text()


def test_law_links_read_in_both_directions(client: TestClient, data: Graph) -> None:
    doc = page(client, "/id/doc/68-2006-qh11")
    rels = relations(doc)
    amended_by = {label(data, str(o)) for o in data.objects(URIRef(LAW), URIRef(VNQI + "amendedBy"))}
    assert set(rels[label(data, VNQI + "amendedBy")]) == amended_by and len(amended_by) == 2
    # incoming hasLegalBasis links are read with the inverse's label ("là căn cứ ban hành của")
    basis_of = {label(data, str(s)) for s in data.subjects(URIRef(VNQI + "hasLegalBasis"), URIRef(LAW))}
    assert set(rels[label(data, VNQI + "isLegalBasisOf")]) == basis_of and len(basis_of) == 3
    # incoming vnqi:concerns has no inverse: read with its inverse label ("được đề cập trong")
    concerned = {label(data, str(s)) for s in data.subjects(URIRef(VNQI + "concerns"), URIRef(LAW))}
    assert set(rels[inverse_label(data, VNQI + "concerns")]) == concerned and len(concerned) == 2
    # no link is listed twice although 70/2025/QH15 amends it and it is amendedBy 70/2025/QH15
    assert not any(label(data, VNQI + "amends") == key for key in rels)


def test_unverified_link_is_marked(client: TestClient) -> None:
    doc = page(client, "/id/doc/68-2006-qh11")
    section = next(s for s in doc.all("section", "rel") if s.attrs["data-key"] == VNQI + "detailedBy")
    marked = {li.all("a")[0].attrs["title"]: li.all("span", "link-status") for li in section.all("li")}
    assert [s.attrs["class"] for s in marked[ID + "doc/22-2026-nd-cp"]] == ["link-status status-unverified"]
    assert marked[ID + "doc/127-2007-nd-cp"] == []


def test_statement_status_of_a_date(client: TestClient, data: Graph) -> None:
    doc_iri = URIRef(ID + "doc/02-2024-tt-bkhcn")
    statuses = {str(data.value(st, RDF.object)): str(data.value(st, URIRef(VNQI + "factStatus"))).rsplit("/", 1)[-1]
                for st in data.subjects(RDF.subject, doc_iri)
                if data.value(st, RDF.predicate) == URIRef("http://data.europa.eu/eli/ontology#first_date_entry_in_force")}
    assert statuses == {"2024-06-01": "verified-secondary"}
    doc = page(client, "/id/doc/02-2024-tt-bkhcn")
    row = next(tr for tr in doc.by_id("facts").all("tr") if tr.all("th")[0].text() == "ngày có hiệu lực")
    assert row.all("td")[0].text().startswith("01/06/2024")
    assert [s.attrs["class"] for s in row.all("span")] == ["link-status status-verified-secondary"]


def test_a_value_only_a_statement_gives_is_shown_with_its_status(client: TestClient, data: Graph) -> None:
    """35/2018/QH14's entry into force is only believed (2019-01-01, unverified): not asserted, it was not shown at
    all; now it is, marked unverified, after the asserted date of the document, with the statement's note."""
    law = URIRef(ID + "doc/35-2018-qh14")
    assert data.value(law, URIRef("http://data.europa.eu/eli/ontology#first_date_entry_in_force")) is None
    doc = page(client, "/id/doc/35-2018-qh14", lang="en")
    rows = [(tr.all("th")[0].text(), tr.all("td")[0].text()) for tr in doc.by_id("facts").all("tr")]
    assert rows[1:] == [("date of the document", "20 November 2018"), ("entry into force", "1 January 2019 (unverified)")]
    status = doc.by_id("facts").all("tr")[2].all("span")[0]
    assert status.attrs["class"] == "link-status status-unverified" and "believed 2019-01-01" in status.attrs["title"]


def test_a_year_alone_says_which_date_it_is(client: TestClient) -> None:
    """ISO 18091:2014 was published in 2014 and withdrawn in 2019, both known only as years: the page showed two
    rows "incomplete date", and nothing in the graph told them apart."""
    doc = page(client, "/id/std/iso-18091-2014", lang="en")
    rows = [(tr.all("th")[0].text(), tr.all("td")[0].text()) for tr in doc.by_id("facts").all("tr")]
    assert rows[-2:] == [("issued", "2014 (verified)"), ("withdrawal date", "2019 (verified)")]


def test_english_page(client: TestClient, data: Graph) -> None:
    doc = page(client, "/id/doc/68-2006-qh11", lang="en")
    assert doc.by_id("title").text() == label(data, LAW, "en")
    assert doc.by_id("types").text() == "Law"
    assert label(data, VNQI + "amendedBy", "en") in relations(doc)
    assert [tr.all("td")[0].text() for tr in doc.by_id("facts").all("tr")][1:] == ["29 June 2006", "1 January 2007"]


def test_task_page(client: TestClient, data: Graph) -> None:
    task = ID + "plan/tdc-2024/nhiem-vu-1"
    rels = relations(page(client, "/id/plan/tdc-2024/nhiem-vu-1"))
    for prop in ("taskOf", "concerns", "responsibleOrganization", "fulfilledBy"):
        expected = {label(data, str(o)) for o in data.objects(URIRef(task), URIRef(VNQI + prop))}
        assert set(rels[label(data, VNQI + prop)]) == expected and expected


def test_standard_page(client: TestClient, data: Graph) -> None:
    std = ID + "std/tcvn-iso-17034-2017"
    rels = relations(page(client, "/id/std/tcvn-iso-17034-2017"))
    adopted = {label(data, str(o)) for o in data.objects(URIRef(std), URIRef(VNQI + "adoptsIdentical"))}
    assert set(rels[label(data, VNQI + "adoptsIdentical")]) == adopted == {label(data, ID + "std/iso-17034-2016")}
    claimed = {label(data, str(s)) for s in data.subjects(URIRef(VNQI + "likelyRefersTo"), URIRef(std))}
    assert set(rels[inverse_label(data, VNQI + "likelyRefersTo")]) == claimed and claimed


def incoming_section(doc: Node, predicate: str) -> tuple[str, set[str]]:
    """The heading (without the count) and the linked IRIs of the page's group of links into it by `predicate`."""
    section = next(s for s in doc.all("section", "rel") if s.attrs["data-key"] == "^" + predicate)
    heading = " ".join(c for c in section.all("h3")[0].children if isinstance(c, str)).strip()
    return heading, {li.all("a")[0].attrs["title"] for li in section.all("li")}


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_incoming_links_without_an_inverse_are_named_from_the_page(client: TestClient, data: Graph, lang: str) -> None:
    # two items of the 2024 plan concern 68/2006/QH11 (seed); vnqi:concerns has no owl:inverseOf, so the law's page
    # names them with the inverse label: "được đề cập trong" / "concerned by", never with an arrow
    concerns = URIRef(VNQI + "concerns")
    assert not any(data.objects(concerns, OWL.inverseOf)) and not any(data.subjects(OWL.inverseOf, concerns))
    response = client.get("/id/doc/68-2006-qh11", params={"lang": lang}, headers=BROWSER)
    assert response.status_code == 200 and "←" not in response.text
    heading, linked = incoming_section(parse(response.text), str(concerns))
    assert heading == inverse_label(data, str(concerns), lang) == {"vi": "được đề cập trong", "en": "concerned by"}[lang]
    assert linked == {str(s) for s in data.subjects(concerns, URIRef(LAW))} and len(linked) == 2


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_incoming_links_of_a_reused_term_are_named_from_the_page(client: TestClient, data: Graph, lang: str) -> None:
    # documents passed by the Ministry of Science and Technology (eli:passed_by, labelled in core.ttl) are listed on
    # its page as "ban hành" / "passed"
    most, passed_by = ID + "org/most", "http://data.europa.eu/eli/ontology#passed_by"
    response = client.get("/id/org/most", params={"lang": lang}, headers=BROWSER)
    assert response.status_code == 200 and "←" not in response.text
    heading, linked = incoming_section(parse(response.text), passed_by)
    assert heading == inverse_label(data, passed_by, lang)
    assert linked == {str(s) for s in data.subjects(URIRef(passed_by), URIRef(most))} and len(linked) >= 6


def effects_on(data: Graph, doc: str) -> dict[str, tuple[str, date]]:
    """Provision IRI → (effect type, effective date) of the amendment effects on `doc` in the data."""
    out = {}
    for effect in data.subjects(URIRef(VNQI + "affectedDocument"), URIRef(doc)):
        target = data.value(effect, URIRef(VNQI + "affectedProvision"))
        kind = str(data.value(effect, URIRef(VNQI + "effectType"))).rsplit("/", 1)[-1]
        day = data.value(effect, URIRef(VNQI + "effectiveDate"))
        out[str(target)] = (kind, day.toPython())  # type: ignore[union-attr]
    return out


def states(doc: Node) -> dict[str, str]:
    """Provision IRI → its state in the table of contents."""
    return {li.attrs["data-iri"]: li.attrs.get("data-state", "") for li in doc.by_id("toc").all("li")}


def test_state_on_a_date(client: TestClient, data: Graph) -> None:
    effects = effects_on(data, QUALITY)
    assert len(effects) == 11 and {d for _, d in effects.values()} == {date(2026, 1, 1)}
    before = states(page(client, "/id/doc/05-2007-qh12", at="2025-12-31"))
    after_doc = page(client, "/id/doc/05-2007-qh12", at="2026-01-01")
    after = states(after_doc)
    for provision, (kind, _) in effects.items():
        assert before[provision] == ("not-yet-added" if kind == "supplemented" else "in-force")
        assert after[provision] == ("added" if kind == "supplemented" else "amended")
    assert "01/01/2026" in after_doc.by_id("legal-status").text()
    assert after_doc.by_id("legal-status").attrs["data-status"] == "in-force"


def test_provision_page_history(client: TestClient, data: Graph) -> None:
    doc = page(client, "/id/doc/05-2007-qh12/dieu-6b")
    rows = [[td.text() for td in tr.all("td")] for tr in doc.by_id("history").all("tr")[1:]]
    kind, day = effects_on(data, QUALITY)[QUALITY + "/dieu-6b"]
    assert (kind, day) == ("supplemented", date(2026, 1, 1))
    assert rows == [["01/01/2026", "Điều 6b", "bổ sung", "78/2025/QH15"]]


def test_bad_date(client: TestClient) -> None:
    response = client.get("/id/doc/05-2007-qh12", params={"at": "2026-13-01"}, headers=BROWSER)
    assert response.status_code == 400 and "2026-13-01" in parse(response.text).by_id("error").text()
    response = client.get("/id/doc/05-2007-qh12.ttl", params={"at": "yesterday"})
    assert response.status_code == 400 and response.headers["content-type"] == "application/problem+json"


def expected_description(dataset: Dataset, iri: str) -> Graph:
    """Outgoing triples, its blank nodes' triples and the reified statements about its links, from the dataset."""
    out, node = Graph(), URIRef(iri)
    for s, p, o, _ in dataset.quads((node, None, None, None)):
        out.add((s, p, o))
        if isinstance(o, BNode):
            for t in dataset.quads((o, None, None, None)):
                out.add(t[:3])
    for st in {q[0] for q in dataset.quads((None, RDF.subject, node, None))}:
        for _, p, o, _ in dataset.quads((st, None, None, None)):
            out.add((st, p, o))
    return out


@pytest.mark.parametrize("ext", sorted(RDF_TYPES))
def test_rdf_by_extension(client: TestClient, dataset: Dataset, ext: str) -> None:
    media, fmt = RDF_TYPES[ext]
    response = client.get(f"/id/doc/68-2006-qh11.{ext}")
    assert response.status_code == 200 and response.headers["content-type"].startswith(media)
    got = Graph().parse(data=response.content, format=fmt)
    expected = expected_description(dataset, LAW)
    assert len(got) == len(expected) > 20 and isomorphic(got, expected)
    assert (URIRef(LAW), URIRef(VNQI + "detailedBy"), URIRef(ID + "doc/22-2026-nd-cp")) in got


@pytest.mark.parametrize("ext", sorted(RDF_TYPES))
def test_rdf_by_accept(client: TestClient, ext: str) -> None:
    media, fmt = RDF_TYPES[ext]
    response = client.get("/id/plan/tdc-2024/nhiem-vu-1", headers={"Accept": f"{media}, text/html;q=0.5"})
    assert response.headers["content-type"].startswith(media) and response.headers["vary"] == "Accept"
    assert response.headers["content-location"] == f"/id/plan/tdc-2024/nhiem-vu-1.{ext}"
    got = Graph().parse(data=response.content, format=fmt)
    assert (URIRef(ID + "plan/tdc-2024/nhiem-vu-1"), RDF.type, URIRef(VNQI + "Task")) in got


def test_link_header_and_head(client: TestClient) -> None:
    response = client.get("/id/doc/68-2006-qh11", headers=BROWSER)
    assert "Accept" in response.headers["vary"]
    links = response.headers["link"]
    assert f'<{LAW}>; rel="canonical"' in links
    for ext, (media, _) in RDF_TYPES.items():
        assert f'</id/doc/68-2006-qh11.{ext}>; rel="alternate"; type="{media}"' in links
    head = client.head("/id/doc/68-2006-qh11.ttl")
    assert head.status_code == 200 and head.content == b"" and head.headers["content-type"].startswith("text/turtle")
    assert client.head("/id/doc/nope").status_code == 404


def test_not_acceptable(client: TestClient) -> None:
    response = client.get("/id/doc/68-2006-qh11", headers={"Accept": "image/png"})
    assert response.status_code == 406 and "text/turtle" in response.json()["offered"]


def test_unknown_entity(client: TestClient) -> None:
    response = client.get("/id/doc/68-2006-qh99", headers=BROWSER)
    assert response.status_code == 404 and response.headers["content-type"].startswith("text/html")
    doc = parse(response.text)
    assert ID + "doc/68-2006-qh99" in doc.text()
    assert doc.by_id("search-link").attrs["href"] == "/search?q=68%202006%20qh99&lang=vi"
    response = client.get("/id/doc/68-2006-qh99", headers={"Accept": "text/turtle"})
    assert response.status_code == 404 and response.json()["status"] == 404
    assert client.get("/health").status_code == 200  # the entity route shadows nothing


@pytest.mark.parametrize(("path", "expected"), [("doc/luat-tieu-chuan", LAW), ("doc/68-2006-qh99", LAW),
                                                ("std/iso-17034", ID + "std/iso-17034-2016")])
def test_unknown_entity_suggestions(client: TestClient, path: str, expected: str) -> None:
    response = client.get(f"/id/{path}", headers=BROWSER)
    assert response.status_code == 404
    hrefs = [a.attrs["href"] for a in parse(response.text).by_id("suggestions").all("a")]
    assert "/id/" + expected.removeprefix(ID) in hrefs and len(hrefs) <= 6


def test_an_unknown_provision_suggests_its_document_first(client: TestClient) -> None:
    for lang, name in (("vi", "Luật Tiêu chuẩn và Quy chuẩn kỹ thuật"), ("en", "Law on Standards and Technical Regulations")):
        response = client.get("/id/doc/68-2006-qh11/dieu-999/khoan-9", params={"lang": lang}, headers=BROWSER)
        assert response.status_code == 404
        first = parse(response.text).by_id("suggestions").all("a")[0]  # type: ignore[union-attr]
        assert first.attrs["href"] == "/id/doc/68-2006-qh11" and first.text() == name


# ---------------------------------------------------------------------------------------- a store built here

T = "https://w3id.org/vnqi/id/test/"
XSS = "<script>alert(1)</script>"


@pytest.fixture(scope="module")
def built_client() -> TestClient:
    """A store with a hostile label, a javascript: source, 120 incoming and 60 outgoing links of one entity."""
    from api.app import create_app
    from api.settings import Settings
    from graph.store import EmbeddedStore

    dataset = Dataset()
    g = dataset.graph(URIRef("https://w3id.org/vnqi/graph/test/entity"))
    hub = URIRef(T + "hub")
    g.add((hub, RDFS.label, Literal(XSS, lang="vi")))
    g.add((hub, DCTERMS.source, URIRef("javascript:alert(2)")))
    for n in range(120):
        g.add((URIRef(T + f"in-{n:03d}"), URIRef(VNQI + "mentions"), hub))
        g.add((URIRef(T + f"in-{n:03d}"), RDFS.label, Literal(f"Nguồn {n:03d}", lang="vi")))
    for n in range(60):
        g.add((hub, URIRef(VNQI + "concerns"), URIRef(T + f"out-{n:02d}")))
    store = EmbeddedStore(None)
    store.replace(dataset)
    with TestClient(create_app(Settings(root=ROOT), store=store)) as test_client:
        yield test_client  # type: ignore[misc]


def test_markup_is_escaped(built_client: TestClient) -> None:
    response = built_client.get("/id/test/hub", headers=BROWSER)
    assert response.status_code == 200
    assert XSS not in response.text and "&lt;script&gt;alert(1)&lt;/script&gt;" in response.text
    doc = parse(response.text)
    assert doc.by_id("title").text() == XSS  # shown as text
    assert "javascript:" not in "".join(a.attrs.get("href", "") for a in doc.all("a"))


def test_label_falls_back_to_the_other_language(built_client: TestClient) -> None:
    doc = parse(built_client.get("/id/test/in-007", params={"lang": "en"}, headers=BROWSER).text)
    assert doc.by_id("title").text() == "Nguồn 007"  # only a Vietnamese label
    assert relations(doc) == {"mentions": [XSS]}  # vnqi:mentions has no label in this store: its local name


def test_pages_follow_the_store_version(built_client: TestClient) -> None:
    from graph.store import EmbeddedStore

    old = built_client.app.state.store  # type: ignore[attr-defined]
    assert parse(built_client.get("/id/test/hub", headers=BROWSER).text).by_id("title").text() == XSS
    dataset = Dataset()
    dataset.graph(URIRef("https://w3id.org/vnqi/graph/test/entity")).add(
        (URIRef(T + "hub"), RDFS.label, Literal("Phiên bản mới", lang="vi")))
    new = EmbeddedStore(None)
    new.replace(dataset)
    built_client.app.state.store = new  # type: ignore[attr-defined]  (what an update does)
    try:
        title = parse(built_client.get("/id/test/hub", headers=BROWSER).text).by_id("title")
        assert title is not None and title.text() == "Phiên bản mới"
        assert "Phiên bản mới" in built_client.get("/id/test/hub.ttl").text
    finally:
        built_client.app.state.store = old  # type: ignore[attr-defined]


def test_incoming_links_are_paged(built_client: TestClient) -> None:
    seen: list[str] = []
    url, pages = "/id/test/hub", 0
    while url:
        doc = parse(built_client.get(url, headers=BROWSER).text)
        section = next(s for s in doc.all("section", "rel") if s.attrs["data-key"] == "^" + VNQI + "mentions")
        items = [li.all("a")[0].attrs["title"] for li in section.all("li")]
        assert len(items) == min(50, 120 - len(seen)) and not set(items) & set(seen)
        seen += items
        nxt = [a for a in section.all("a") if a.attrs.get("rel") == "next"]
        url, pages = (nxt[0].attrs["href"] if nxt else ""), pages + 1
    assert pages == 3 and sorted(seen) == [T + f"in-{n:03d}" for n in range(120)]


def test_outgoing_links_are_paged(built_client: TestClient) -> None:
    doc = parse(built_client.get("/id/test/hub", headers=BROWSER).text)
    section = next(s for s in doc.all("section", "rel") if s.attrs["data-key"] == VNQI + "concerns")
    assert len(section.all("li")) == 50
    nxt = next(a for a in section.all("a") if a.attrs.get("rel") == "next")
    doc = parse(built_client.get(nxt.attrs["href"], headers=BROWSER).text)
    section = next(s for s in doc.all("section", "rel") if s.attrs["data-key"] == VNQI + "concerns")
    assert [li.all("a")[0].attrs["title"] for li in section.all("li")] == [T + f"out-{n}" for n in range(50, 60)]


def test_links_sort_numbers_as_numbers() -> None:
    from api.entity_links import natural_key

    labels = ["Điều 10", "Điều 2", "Điều 1", "Điều 2a", "Điều 11"]
    assert sorted(labels, key=natural_key) == ["Điều 1", "Điều 2", "Điều 2a", "Điều 10", "Điều 11"]


def test_a_name_the_data_marks_unverified_is_shown_so(client: TestClient) -> None:
    """facts.ttl marks the Vietnamese name of ISO 17034:2016 unverified; the verified law's name has no mark."""
    iso = client.get("/id/std/iso-17034-2016", headers={"Accept": "text/html"}).text
    assert 'id="title-status"' in iso and "chưa kiểm chứng" in iso.split("</h1>")[0]
    law = client.get("/id/doc/68-2006-qh11", headers={"Accept": "text/html"}).text
    assert 'id="title-status"' not in law


def test_a_vietnamese_page_has_no_english_only_notes_of_ours(client: TestClient) -> None:
    """The translation notes of the seed, the precision notes of partial dates and the descriptions of the source
    graphs were English only: a Vietnamese page showed "ghi chú bản dịch: Unofficial translation by vnqi"."""
    task = client.get("/id/plan/tdc-2024/nhiem-vu-6", params={"lang": "vi"}, headers={"Accept": "text/html"}).text
    assert "Bản dịch tiếng Anh không chính thức của vnqi" in task and "Unofficial translation" not in task
    std = client.get("/id/std/iso-18091-2014", params={"lang": "vi"}, headers={"Accept": "text/html"}).text
    assert "Ngày hủy bỏ chỉ được biết đến mức: 2019" in std and "known only to this precision" not in std
    assert "dates." not in std  # the fact sheet's field paths are not for readers
    assert "mỗi dữ kiện ghi nguồn riêng" in std and "Facts with their public sources" not in std
    client.cookies.clear()


def test_a_partial_date_keeps_the_status_of_its_field(client: TestClient) -> None:
    """ISO 18091:2019's month (2019-03) is unverified in the fact sheet: it was shown as verified."""
    doc = page(client, "/id/std/iso-18091-2019", lang="en")
    rows = {tr.all("th")[0].text(): tr.all("td")[0].text() for tr in doc.by_id("facts").all("tr")}
    assert rows["issued"] == "March 2019 (unverified)"


@pytest.mark.parametrize("value", ["\u00b2", "9" * 5000, "0", "-3", "٣"])
def test_a_page_number_that_is_no_page_shows_the_first_page(client: TestClient, value: str) -> None:
    """'²' passes str.isdigit but not int(), and int() refuses 5,000 digits: both were a 500."""
    first = page(client, LAW.removeprefix("https://w3id.org/vnqi"))
    odd = page(client, LAW.removeprefix("https://w3id.org/vnqi"), page=value, rel="in:http://data.europa.eu/eli/ontology#is_part_of")
    assert odd.text() == first.text()


def test_an_unexpected_error_is_a_problem_without_a_traceback(store: EmbeddedStore) -> None:
    """A defect in a route (here a route added for the test that raises) answers 500 problem JSON, no traceback."""
    app = create_app(Settings(root=ROOT), store=store)

    @app.get("/test-defect")
    async def defect() -> None:
        raise RuntimeError("secret internal detail")

    with TestClient(app, raise_server_exceptions=False) as test_client:
        response = test_client.get("/test-defect")
    assert response.status_code == 500 and response.headers["content-type"] == "application/problem+json"
    assert response.json()["status"] == 500 and "secret" not in response.text and "Traceback" not in response.text


def test_every_term_labelled_in_the_core_ontology_is_named_on_pages() -> None:
    """graph/queries/entity-terms.rq reads typed terms and terms with an inverse label; the others need a name in
    api/strings/entity.py: a reused term labelled in core.ttl with neither was shown by its local name
    (hasTopConcept, topConceptOf, related)."""
    from api.strings.entity import TERM_LABELS

    core = Graph().parse(ROOT / "ontology/core.ttl")
    unnamed = {str(t) for t in set(core.subjects(RDFS.label)) if isinstance(t, URIRef)
               and (t, RDF.type, None) not in core and (t, URIRef(VNQI + "inverseLabel"), None) not in core
               and str(t) not in TERM_LABELS}
    assert unnamed == set()


@pytest.mark.parametrize(("path", "shown", "raw"), [
    ("/id/code/legal-status", "gồm mục cấp cao nhất", "hasTopConcept"),
    ("/id/code/fact-status/verified", "là mục cấp cao nhất của", "topConceptOf")])
def test_skos_relations_are_named_in_the_page_language(client: TestClient, path: str, shown: str, raw: str) -> None:
    text = page(client, path, lang="vi").text()
    assert shown in text and raw not in text


def test_a_trailing_slash_redirects_to_the_entity(client: TestClient) -> None:
    """As /classes/Law/ redirects to /classes/Law: /id/doc/68-2006-qh11/ was a 404."""
    r = client.get("/id/doc/68-2006-qh11/", params={"lang": "en"}, headers=BROWSER, follow_redirects=False)
    assert r.status_code == 307 and r.headers["location"] == "/id/doc/68-2006-qh11?lang=en"
    assert client.get("/id/doc/68-2006-qh11/", headers=BROWSER).status_code == 200
    client.cookies.clear()



def test_a_concept_whose_iri_reads_like_a_provision_is_no_provision(client: TestClient) -> None:
    """code:doc-type/dieu-uoc (treaties) ends like an article's IRI ("/dieu-"): its page said it was part of the
    code list, as a provision of a document, and moved its definition to the top."""
    doc = page(client, "/id/code/doc-type/dieu-uoc", lang="vi")
    assert doc.by_id("document") is None and doc.by_id("text") is None
    assert doc.all("title")[0].text().count(" — ") == 1
    client.cookies.clear()


def test_the_pages_of_a_hub_share_its_counts_and_sorted_links(store: EmbeddedStore) -> None:
    """Each page of a hub's links read and sorted all of them again (2.2 s a page for 92,841 links): with a memo
    the next pages reuse them, and give what a fetch without one gives."""
    from graph.entity import fetch

    hub, kept, made = "https://w3id.org/vnqi/id/code/fact-status/verified", {}, []

    def memo(key: tuple, make):  # type: ignore[no-untyped-def]
        if key not in kept:
            made.append(key)
            kept[key] = make()
        return kept[key]

    first = fetch(store, hub, None, memo)
    p = next(p for p, item in first.incoming.items() if item.more)
    second = fetch(store, hub, (p, first.incoming[p].more), memo)
    assert [k[0] for k in made].count("in-counts") == 1 and ("linking", hub, p) in made
    assert len(made) == len(set(made))  # nothing made twice across the two pages
    plain = fetch(store, hub, (p, first.incoming[p].more))
    assert [str(t.node) for t in second.incoming[p].page] == [str(t.node) for t in plain.incoming[p].page]
    assert second.incoming[p].page[0].node != first.incoming[p].page[0].node


@pytest.mark.parametrize(("path", "links"), [
    ("/id/doc/68-2006-qh11", {"timeline-link": "document", "what-if-link": "document"}),
    ("/id/doc/68-2006-qh11/dieu-3", {"timeline-link": "document", "what-if-link": "document"}),
    ("/id/doc/70-2025-qh15", {"timeline-link": "document", "what-if-link": "document",
                              "amendment-impact-link": "amendment"}),
    ("/id/std/iso-9001-2015", {"what-if-link": "document"}),  # a standard edition: what if it is revised
    ("/id/org/most", {}),
])
def test_a_page_offers_the_analyses_its_entity_has(client: TestClient, path: str, links: dict[str, str]) -> None:
    """Job 3 from any page: a legal text's timeline, a what-if from what may change, an amending act's impact."""
    page = parse(client.get(path, params={"lang": "en"}, headers=BROWSER).text)
    iri = ID + path.removeprefix("/id/")
    for ident in ("timeline-link", "what-if-link", "amendment-impact-link"):
        link = page.by_id(ident)
        assert (link is not None) == (ident in links), ident
        if link is not None:
            route = "timeline" if ident == "timeline-link" else "impact"
            assert link.attrs["href"] == f"/{route}?" + urlencode({links[ident]: iri, "lang": "en"})
            assert client.get(link.attrs["href"], headers=BROWSER).status_code == 200
