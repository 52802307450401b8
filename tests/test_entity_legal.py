"""graph/entity*.py on the real data with the Bộ pháp điển articles: a law's table of contents (chapters as the
codification files its articles, articles in natural order, their text), its status and provisions' states on a
date; the expected values are read from shared/data/vn-phapdien-qi/articles.jsonl.

The store is the validated seed + facts (session fixture `dataset`) plus the Pháp điển import's graph (1–2 s; the
import itself is validated by tests/test_impact.py's fixture and `vnqi build`).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from rdflib import Dataset, URIRef

from graph.entity import fetch
from graph.entity_legal import document_changes, legal_status, provisions, sections
from graph.store import EmbeddedStore
from graph.timeline import provision_order
from tests.api.entity_html import parse

FACT = "https://w3id.org/vnqi/id/code/fact-status/"

ROOT = Path(__file__).resolve().parents[1]
PHAPDIEN = ROOT.parent / "shared" / "data" / "vn-phapdien-qi"
ID = "https://w3id.org/vnqi/id/"
LAW = ID + "doc/68-2006-qh11"


@pytest.fixture(scope="module")
def pd_store(dataset: Dataset) -> EmbeddedStore:
    """Seed + facts + the Bộ pháp điển import, in memory."""
    from graph.importers.phapdien import import_phapdien

    if not (PHAPDIEN / "articles.jsonl").is_file():
        pytest.skip(f"no Bộ pháp điển data at {PHAPDIEN}")
    combined = Dataset()
    for quad in dataset.quads((None, None, None, None)):
        combined.add(quad)
    target = combined.graph(URIRef("https://w3id.org/vnqi/graph/data/import/vn-phapdien-qi"))
    for triple in import_phapdien(PHAPDIEN):
        target.add(triple)
    store = EmbeddedStore(None)
    store.replace(combined)
    return store


@pytest.fixture(scope="module")
def pd_client(pd_store: EmbeddedStore) -> Iterator[TestClient]:
    """The app over that store."""
    from api.app import create_app
    from api.settings import Settings

    with TestClient(create_app(Settings(root=ROOT), store=pd_store)) as client:
        yield client


def articles_of(number: str) -> list[dict]:
    """The codified articles of one document in articles.jsonl, in natural order."""
    rows = [json.loads(line) for line in (PHAPDIEN / "articles.jsonl").read_text(encoding="utf-8").splitlines()]
    mine = [r for r in rows if r["source"]["doc_number"] == number]
    return sorted(mine, key=lambda r: provision_order(f"x/dieu-{r['source']['part'].removeprefix('Điều ').strip()}"))


def test_table_of_contents(pd_store: EmbeddedStore) -> None:
    expected = articles_of("68/2006/QH11")
    assert len(expected) == 71
    roots = provisions(pd_store, LAW)
    assert [p.label("vi") for p in roots] == [r["source"]["part"] for r in expected]
    chapters = []
    for r in expected:
        if not chapters or chapters[-1] != r["chapter"]:
            chapters.append(r["chapter"])
    assert [s.title for s in sections(roots)] == chapters
    assert chapters[0] == "Chương I NHỮNG QUY ĐỊNH CHUNG" and len(chapters) == 11
    first = roots[0]
    assert (first.heading, first.text) == (expected[0]["heading"], expected[0]["text"])


def test_article_amended_on_its_date(pd_client: TestClient) -> None:
    amended = [r for r in articles_of("28/2012/TT-BKHCN")
               if any(c["by_doc_number"] == "02/2017/TT-BKHCN" for c in r["changes"])]
    # the earliest change to each of them is 02/2017/TT-BKHCN's, in force from 2017-05-15 (later ones exist)
    assert amended and {min(c["by_effective_date"] for c in r["changes"]) for r in amended} == {"2017-05-15"}
    first = {ID + "doc/28-2012-tt-bkhcn/dieu-" + r["source"]["part"].removeprefix("Điều "):
             [k for c in r["changes"] if c["by_doc_number"] == "02/2017/TT-BKHCN" for k in c["kinds"]] for r in amended}
    # only amended → "amended"; a note that both amends and repeals parts of an article leaves it changed on that day
    # (graph/timeline.py decides between amended and repealed)
    assert first[ID + "doc/28-2012-tt-bkhcn/dieu-16"] == ["được sửa đổi"]
    for day, changed in (("2017-05-14", False), ("2017-05-15", True)):
        doc = parse(pd_client.get("/id/doc/28-2012-tt-bkhcn", params={"at": day}).text)
        found = {li.attrs["data-iri"]: li.attrs["data-state"] for li in doc.by_id("toc").all("li")}
        for p, kinds in first.items():
            if not changed:
                assert found[p] == "in-force"
            elif kinds == ["được sửa đổi"]:
                assert found[p] == "amended"
            else:  # amended and partly repealed on one day: changed, not ended (graph/timeline.py)
                assert found[p] == "amended", p


def test_status_from_dates_and_changes(pd_store: EmbeddedStore) -> None:
    data = fetch(pd_store, LAW)
    changes = document_changes(pd_store, LAW)
    assert legal_status(data, changes, date(2006, 12, 31), True) == "not-yet-in-force"  # in force from 2007-01-01
    assert legal_status(data, changes, date(2007, 1, 1), True) == "in-force"
    provision_changes = document_changes(pd_store, LAW + "/dieu-3")
    assert all(c.target.startswith(LAW + "/dieu-3") for c in provision_changes)


def test_law_page_with_articles(pd_client: TestClient) -> None:
    expected = articles_of("68/2006/QH11")
    response = pd_client.get("/id/doc/68-2006-qh11", headers={"Accept": "text/html"})
    doc = parse(response.text)
    toc = doc.by_id("toc")
    assert [h.text() for h in toc.all("h3")][:2] == ["Chương I NHỮNG QUY ĐỊNH CHUNG",
                                                     "Chương II XÂY DỰNG, CÔNG BỐ VÀ ÁP DỤNG TIÊU CHUẨN"]
    texts = [d.text() for d in toc.all("div", "prov-text")]
    assert len(texts) == 71 and texts[0] == " ".join(expected[0]["text"].split())


def test_status_derived_from_an_unverified_repeal_says_so(pd_client: TestClient, pd_store: EmbeddedStore) -> None:
    """132/2008/NĐ-CP: the data reports its repeal by 37/2026/NĐ-CP, a decree it marks unverified."""
    doc_iri, act = ID + "doc/132-2008-nd-cp", ID + "doc/37-2026-nd-cp"
    changes = document_changes(pd_store, doc_iri)
    repeal = [c for c in changes if c.act == act]
    assert [(c.effect, c.status) for c in repeal] == [("repealed", "https://w3id.org/vnqi/id/code/fact-status/unverified")]
    after = repeal[0].on
    assert after is not None
    for lang, words in (("vi", "chưa được kiểm chứng"), ("en", "not verified")):
        page = parse(pd_client.get("/id/doc/132-2008-nd-cp", params={"at": after.isoformat(), "lang": lang}).text)
        assert page.by_id("legal-status").attrs["data-status"] == "expired"
        basis = page.by_id("legal-status-basis")
        assert basis is not None and words in basis.text() and "37/2026/NĐ-CP" in basis.text()
        assert [a.attrs["href"] for a in basis.all("a")] == ["/id/doc/37-2026-nd-cp"]
    before = parse(pd_client.get("/id/doc/132-2008-nd-cp", params={"at": (after.replace(day=1) if after.day > 1 else
                                                                             after.replace(month=after.month - 1)).isoformat()}).text)
    assert before.by_id("legal-status-basis") is None  # before the repeal the status does not rest on it


def test_status_resting_on_verified_changes_has_no_caveat(pd_client: TestClient, pd_store: EmbeddedStore) -> None:
    """68/2006/QH11 is partly in force by partial repeals of 35/2018/QH14 that the data holds as verified."""
    basis = [c for c in document_changes(pd_store, LAW)
             if c.act_id == "35/2018/QH14" and c.effect == "partly-repealed"]
    assert basis and {c.status for c in basis} == {"https://w3id.org/vnqi/id/code/fact-status/verified"}
    page = parse(pd_client.get("/id/doc/68-2006-qh11", params={"at": "2026-11-26", "lang": "vi"}).text)
    assert page.by_id("legal-status").attrs["data-status"] == "partly-in-force"
    assert page.by_id("legal-status-basis") is None


def test_default_view_marks_provisions_changed_by_today(pd_client: TestClient, pd_store: EmbeddedStore) -> None:
    """Without ?at=, the law's contents mark what is no longer as enacted today (35/2018/QH14 repealed content of
    six articles from 2019-01-01: "có nội dung bị bãi bỏ"); provisions in force as enacted carry no marker; an
    article's page says its own state."""
    repealed = {c.target for c in document_changes(pd_store, LAW)
                if c.act_id == "35/2018/QH14" and c.effect == "partly-repealed"}
    assert LAW + "/dieu-15" in repealed
    page = parse(pd_client.get("/id/doc/68-2006-qh11", params={"lang": "vi"}).text)
    items = {li.attrs["data-iri"]: li for li in page.by_id("toc").all("li")}  # type: ignore[union-attr]
    for iri in repealed:
        assert items[iri].attrs["data-state"] == "partly-repealed" and "bị bãi bỏ một phần" in items[iri].text()
        assert "35/2018/QH14" in items[iri].text()
    unchanged = [i for i, li in items.items() if li.attrs.get("data-state") == "in-force"]
    assert unchanged and all(not items[i].all("span", "prov-state") for i in unchanged)
    article = parse(pd_client.get("/id/doc/68-2006-qh11/dieu-15", params={"lang": "en"}).text)
    state = article.by_id("provision-state")
    assert state is not None and state.attrs["data-state"] == "partly-repealed" and state.text() == "partly repealed"
    before = parse(pd_client.get("/id/doc/68-2006-qh11/dieu-15", params={"at": "2018-12-31", "lang": "en"}).text)
    assert before.by_id("provision-state").attrs["data-state"] == "in-force"  # type: ignore[union-attr]


def test_provisions_of_other_documents_say_which(pd_client: TestClient, pd_store: EmbeddedStore) -> None:
    """On an article's page the articles of its own law read "Điều 3"; an article of another document linked to it
    (the Bộ pháp điển's cross-links) reads "Điều 20 (01/2021/TT-BNNPTNT)", with that document's number as stated."""
    rows = pd_store.select("""SELECT ?a ?b WHERE { ?a ?p ?b . ?a <http://data.europa.eu/eli/ontology#is_part_of> ?da .
        ?b <http://data.europa.eu/eli/ontology#is_part_of> ?db . FILTER(?da != ?db && STRSTARTS(STR(?b), "%s")) }
        ORDER BY ?b ?a LIMIT 1""" % LAW).dicts()
    assert rows, "the Bộ pháp điển links articles of 68/2006/QH11 with articles of other documents"
    article = str(rows[0]["b"])
    page = parse(pd_client.get(article.removeprefix("https://w3id.org/vnqi"), params={"lang": "vi"}).text)
    links = [(a.attrs["href"], a.text()) for s in page.all("section", "rel") for a in s.all("a")]
    numbers = {str(r["d"]): str(r["n"]) for r in pd_store.select(
        "SELECT ?d ?n WHERE { ?d <http://purl.org/dc/terms/identifier> ?n }").dicts()}
    others = [(h, t) for h, t in links if "/dieu-" in h and not h.startswith("/id/doc/68-2006-qh11/")]
    assert others
    for href, text in others:
        doc = "https://w3id.org/vnqi/id/doc/" + href.split("/")[3].split("?")[0]
        assert text.endswith(f"({numbers[doc]})"), (href, text)
    own = [t for h, t in links if h.startswith("/id/doc/68-2006-qh11/")]
    assert all(not t.endswith("(68/2006/QH11)") for t in own)


@pytest.mark.parametrize(("validity", "day", "key"), [
    ({"start": "2010-01-01"}, "2020-01-01", "in-force"),
    ({"start": "2030-01-01"}, "2020-01-01", "not-yet-in-force"),
    ({"start": "2010-01-01", "end": "2015-01-01"}, "2020-01-01", "expired"),
    ({"start": "2010-01-01", "end": "2025-01-01"}, "2020-01-01", "in-force"),
    ({"start": "2010-01-01", "whole": ["2019-06-01"]}, "2020-01-01", "expired"),
    ({"start": "2010-01-01", "whole": ["2021-06-01"]}, "2020-01-01", "in-force"),
    ({"start": "2010-01-01", "part": ["2019-06-01"]}, "2020-01-01", "partly-in-force"),
    ({"part": ["2019-06-01"]}, "2020-01-01", "partly-in-force"),
    ({}, "2020-01-01", None),
])
def test_a_list_derives_the_status_a_page_derives(validity: dict, day: str, key: str | None) -> None:
    from datetime import date

    from graph.legal_validity import Validity

    v = Validity(start=date.fromisoformat(validity["start"]) if "start" in validity else None,
                 end=date.fromisoformat(validity["end"]) if "end" in validity else None,
                 whole=[(date.fromisoformat(d), None) for d in validity.get("whole", [])],
                 part=[(date.fromisoformat(d), None) for d in validity.get("part", [])])
    assert v.status(date.fromisoformat(day)) == key


U, V, VS = (FACT + s for s in ("unverified", "verified", "verified-secondary"))


@pytest.mark.parametrize(("whole", "part", "unsure"), [
    ([("2019-06-01", U)], [], True), ([("2019-06-01", U), ("2019-07-01", V)], [], False),
    ([("2019-06-01", U), ("2019-07-01", None)], [], True), ([("2019-06-01", None)], [], False),
    ([("2019-06-01", VS)], [], False), ([], [("2019-06-01", U)], True), ([("2021-06-01", U)], [], False),
])
def test_a_list_is_as_unsure_of_a_status_as_the_page(whole: list, part: list, unsure: bool) -> None:
    from datetime import date

    from graph.legal_validity import Validity

    v = Validity(start=date(2010, 1, 1), whole=[(date.fromisoformat(d), s) for d, s in whole],
                 part=[(date.fromisoformat(d), s) for d, s in part])
    assert v.unsure(date(2020, 1, 1)) is unsure


@pytest.fixture(scope="module")
def cited_client(pd_store: EmbeddedStore, imports: dict) -> Iterator[TestClient]:
    """The app over that store with the citations found in the article texts (their clauses and points too)."""
    import pyoxigraph as ox

    from api.app import create_app
    from api.settings import Settings

    store = EmbeddedStore(None)
    store.native.bulk_load(pd_store.native.dump(format=ox.RdfFormat.N_QUADS), format=ox.RdfFormat.N_QUADS)
    store.native.bulk_load(path=str(imports["citations"][0].path), format=ox.RdfFormat.N_QUADS)
    with TestClient(create_app(Settings(root=ROOT), store=store)) as client:
        yield client


def test_ids_in_the_table_of_contents_are_unique_and_name_the_provision(cited_client: TestClient) -> None:
    """Each listed provision's anchor is its path in the document ("p-dieu-69-khoan-1"): the last segment alone
    gave ten "p-khoan-1", and a link to one went to the first."""
    doc = parse(cited_client.get("/id/doc/68-2006-qh11", headers={"Accept": "text/html"}).text)
    items = [li for li in doc.by_id("toc").all("li") if li.attrs.get("id", "").startswith("p-")]
    ids = [li.attrs["id"] for li in items]
    assert len(ids) > 71 and len(set(ids)) == len(ids)
    assert sum(i.endswith("-khoan-1") for i in ids) > 1  # several articles' clause 1
    for li in items:
        assert li.attrs["id"] == "p-" + li.attrs["data-iri"].removeprefix(LAW + "/").replace("/", "-")


@pytest.mark.parametrize(("lang", "title", "line"), [
    ("vi", "Khoản 1 Điều 5 — 127/2007/NĐ-CP — vnqi", "Khoản thuộc Nghị định"),
    ("en", "Article 5(1) — 127/2007/NĐ-CP — vnqi", None),
])
def test_a_provision_page_names_its_document(cited_client: TestClient, lang: str, title: str,
                                             line: str | None) -> None:
    """"Khoản 1 Điều 5" names no document: the page's title carries its number, and the line above the heading
    links to the document with its name."""
    response = cited_client.get("/id/doc/127-2007-nd-cp/dieu-5/khoan-1", params={"lang": lang},
                                headers={"Accept": "text/html"})
    doc = parse(response.text)
    assert doc.all("title")[0].text() == title
    link = doc.by_id("document")
    assert link.attrs["href"].startswith("/id/doc/127-2007-nd-cp") and "/dieu-" not in link.attrs["href"]
    if line is not None:
        text = doc.by_id("types").text()  # the decree has two Vietnamese names: either, its number once
        assert text.startswith(line) and text.count("127/2007/NĐ-CP") == 1 and link.text() in text
    cited_client.cookies.clear()


@pytest.mark.parametrize(("day", "noted"), [("2025-12-31", False), ("2026-06-01", True)])
def test_a_text_older_than_a_change_in_force_says_so(pd_client: TestClient, day: str, noted: bool) -> None:
    """The Bộ pháp điển texts are current to 2025-02-01 (data/sources.ttl, from its SOURCE.md): once 70/2025/QH15's
    change to Điều 3 is in force (2026-01-01), the text shown under Điều 3 says it may not include it, in the
    law's table of contents and on the article's own page, where the text is at the top, not under the details."""
    law = parse(pd_client.get("/id/doc/68-2006-qh11", params={"at": day}, headers={"Accept": "text/html"}).text)
    item = next(li for li in law.by_id("toc").all("li") if li.attrs["data-iri"] == LAW + "/dieu-3")
    notes = [p.text() for p in item.all("p", "text-note")]
    article = parse(pd_client.get("/id/doc/68-2006-qh11/dieu-3", params={"at": day},
                                  headers={"Accept": "text/html"}).text)
    note = article.by_id("text-note")
    if not noted:
        assert notes == [] and note is None
    else:
        expected = "Nội dung theo nguồn cập nhật đến 01/02/2025; có thể chưa gồm các thay đổi có hiệu lực sau ngày đó:"
        assert len(notes) == 1 and notes[0].startswith(expected) and "70/2025/QH15 (01/01/2026)" in notes[0]
        assert note.text() == notes[0]
    text = article.by_id("text")
    assert text is not None and text.all("div", "prov-text")[0].text().startswith("Trong Luật này")
    details = article.by_id("details")
    assert details is None or "Trong Luật này" not in details.text()


def test_the_graph_view_of_a_law_keeps_its_other_links_before_its_parts(cited_client: TestClient) -> None:
    """68/2006/QH11 has more than 60 neighbours, most of them its articles and the citations of it: the 60 shown
    hold every other one (the National Assembly, its amending acts and decrees) and fill up with parts; the list
    without JavaScript names each article once (has_part and is_part_of are one link)."""
    body = cited_client.get("/graph/neighbourhood", params={"iri": LAW}).json()
    shown = {n["id"] for n in body["nodes"][1:]}
    assert body["truncated"] and len(shown) == 60
    minor = [i for i in shown if i.startswith(LAW + "/") or "/citation/" in i]
    others = shown - set(minor)
    assert ID + "org/national-assembly" in others and ID + "doc/70-2025-qh15" in others
    assert ID + "doc/127-2007-nd-cp" in others and len(minor) == 60 - len(others) > 0
    page = cited_client.get("/graph", params={"iri": LAW, "lang": "vi"}).text
    rows = re.findall(r'<td class="rel">([^<]*)</td>\s*<td><a href="(/id/[^"?]+)', page)
    assert rows and len(rows) == len(set(rows))


def test_a_list_of_articles_names_their_documents(cited_client: TestClient) -> None:
    """/classes/Article was a thousand rows of "Điều 1", "Điều 2"…: each names its document's number, as search
    does, in both languages, and the text filter finds a law's articles by its number."""
    body = cited_client.get("/classes/Article", params={"q": "68/2006/QH11", "size": 100},
                            headers={"Accept": "application/json"}).json()
    labels = {i["iri"].removeprefix(LAW + "/"): i["label"] for i in body["items"]}
    assert labels["dieu-3"] == "Điều 3 68/2006/QH11" and len(labels) >= 50
    english = cited_client.get("/classes/Article", params={"q": "68/2006/QH11", "lang": "en"},
                               headers={"Accept": "application/json"}).json()
    assert all(i["label"].endswith(" of 68/2006/QH11") for i in english["items"])
    cited_client.cookies.clear()
