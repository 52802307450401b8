"""/impact and /timeline over the real data: JSON, RDF, CSV, HTML (vi and en), what-if, and every bad input."""

from __future__ import annotations

import csv
import io
import re

import pytest
from fastapi.testclient import TestClient
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS

from graph.namespaces import VNQI
from tests.api.entity_html import parse

ID = "https://w3id.org/vnqi/id/"
LAW_05 = ID + "doc/05-2007-qh12"
ACT_70 = {"amendment": "70/2025/QH15"}
HTML = {"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}
LAW_68_DEPENDENTS = {"doc/68-2006-qh11", "doc/127-2007-nd-cp", "doc/107-2016-nd-cp", "doc/154-2018-nd-cp",
                     "doc/02-2024-tt-bkhcn", "plan/tdc-2024/dinh-huong-1", "plan/tdc-2024/nhiem-vu-1"}
TASK_1_PATH = ("Điều 3 Luật 68/2006/QH11 → thuộc → Luật Tiêu chuẩn và Quy chuẩn kỹ thuật → là nội dung của → "
               "Hoàn thiện Luật sửa đổi, bổ sung một số điều của Luật Tiêu chuẩn và Quy chuẩn kỹ thuật")


def group(body: dict, role: str) -> dict[str, dict]:
    """The entities of one role group, by IRI without the id: prefix."""
    entities = next(g for g in body["groups"] if g["role"] == role)["entities"]
    return {e["iri"].removeprefix(ID): e for e in entities}


def test_json_report(client: TestClient) -> None:
    r = client.get("/impact", params=ACT_70)
    assert r.status_code == 200 and r.headers["content-type"] == "application/json"
    body = r.json()
    assert body["amendment"]["actIdentifier"] == "70/2025/QH15" and body["amendment"]["effective"] == "2026-01-01"
    assert (body["date"], body["pending"], body["depth"], body["count"]) == ("2026-01-01", False, 4, 8)
    assert [c["name"] for c in body["changed"]] == ["Điều 3 Luật 68/2006/QH11"]
    assert [g["role"] for g in body["groups"]] == ["must-review", "may-be-affected", "informative"]
    assert set(group(body, "may-be-affected")) == LAW_68_DEPENDENTS
    assert set(group(body, "informative")) == {"plan/tdc-2024"}
    task = group(body, "may-be-affected")["plan/tdc-2024/nhiem-vu-1"]
    assert (task["kind"], task["kindLabel"], task["distance"], task["strength"], task["uncertain"]) == \
        ("Task", "Nhiệm vụ", 2, 0.7, False)
    assert task["label"].startswith("Hoàn thiện Luật sửa đổi") and task["roleLabel"] == "có thể bị ảnh hưởng"
    assert [p["text"] for p in task["paths"]] == [TASK_1_PATH]
    steps = task["paths"][0]["steps"]
    assert [(s["relation"], s["status"]) for s in steps] == [("thuộc", None), ("là nội dung của", None)]
    decree = group(body, "may-be-affected")["doc/127-2007-nd-cp"]
    assert (decree["identifier"], decree["name"]) == ("127/2007/NĐ-CP", "Nghị định 127/2007/NĐ-CP")
    out = {e["iri"].removeprefix(ID): (e["reasonCode"], e["reason"]) for e in body["excluded"]}
    assert out == {"doc/22-2026-nd-cp": ("not-yet-in-force",
                                         "chưa có hiệu lực vào ngày 01/01/2026 (có hiệu lực từ ngày 16/01/2026)"),
                   "org/tdc": ("dissolved", "đã giải thể tính đến ngày 01/01/2026 (giải thể ngày 01/03/2025)")}
    assert (body["dateText"], body["amendment"]["effectiveText"]) == ("01/01/2026", "01/01/2026")
    # the fact sheet found only Điều 3 of what 70/2025/QH15 changes ("full list unverified")
    assert [w["code"] for w in body["warnings"]] == ["changes-not-fully-listed"]


def test_json_in_english_and_pending(client: TestClient) -> None:
    body = client.get("/impact", params={**ACT_70, "on": "2025-06-01", "depth": "2", "lang": "en"}).json()
    assert body["pending"] and body["date"] == "2025-06-01" and body["lang"] == "en"
    task = group(body, "may-be-affected")["plan/tdc-2024/nhiem-vu-1"]
    assert task["paths"][0]["text"].startswith("Article 3 of Law 68/2006/QH11 → is part of → Law on Standards")
    assert group(body, "informative") == {}  # the plan is 3 links away
    client.cookies.clear()


def test_post_what_if(client: TestClient) -> None:
    r = client.post("/impact", json={"document": "68/2006/QH11", "provisions": ["dieu-3"], "change": "amended",
                                     "date": "2026-02-01", "depth": 3})
    assert r.status_code == 200
    body = r.json()
    assert body["amendment"]["act"] is None and body["amendment"]["change"] == "amended"
    decree = group(body, "may-be-affected")["doc/22-2026-nd-cp"]
    assert decree["uncertain"] and decree["paths"][0]["steps"][1]["status"] == "unverified"
    assert decree["paths"][0]["text"].endswith("được quy định chi tiết bởi (chưa kiểm chứng) → Nghị định 22/2026/NĐ-CP")
    full = client.post("/impact", json={"document": "68/2006/QH11",
                                        "provisions": [ID + "doc/68-2006-qh11/dieu-3"], "date": "2026-01-01"}).json()
    assert set(group(full, "may-be-affected")) == LAW_68_DEPENDENTS
    by_act = client.post("/impact", json={"amendment": "70/2025/QH15", "date": "2026-02-01"}).json()
    assert by_act["date"] == "2026-02-01" and "doc/22-2026-nd-cp" in group(by_act, "may-be-affected")


@pytest.mark.parametrize(("headers", "params", "fmt"), [
    ({"Accept": "text/turtle"}, {}, "turtle"),
    ({}, {"format": "jsonld"}, "json-ld"),
    ({"Accept": "application/ld+json"}, {}, "json-ld"),
    ({"Accept": "application/n-triples"}, {}, "nt"),
    ({}, {"format": "trig"}, "trig"),
])
def test_rdf_report(client: TestClient, headers: dict, params: dict, fmt: str) -> None:
    r = client.get("/impact", params={**ACT_70, **params}, headers=headers)
    assert r.status_code == 200
    g = Graph().parse(data=r.text, format=fmt)
    report = g.value(None, RDF.type, VNQI.ImpactReport)
    assert report is not None
    assert {str(o).removeprefix(ID) for o in g.objects(report, VNQI.affects)} == LAW_68_DEPENDENTS | {"plan/tdc-2024"}
    assert g.value(report, VNQI.amendingAct) == URIRef(ID + "doc/70-2025-qh15")
    assert g.value(report, VNQI.changedEntity) == URIRef(ID + "doc/68-2006-qh11/dieu-3")
    assert g.value(report, VNQI.referenceDate).toPython().isoformat() == "2026-01-01"
    assert g.value(report, VNQI.pending).toPython() is False
    finding = next(f for f in g.objects(report, VNQI.finding)
                   if g.value(f, VNQI.impactedEntity) == URIRef(ID + "plan/tdc-2024/nhiem-vu-1"))
    assert g.value(finding, VNQI.distance).toPython() == 2
    assert g.value(finding, VNQI.impactRole) == URIRef(ID + "code/impact-role/may-be-affected")
    path = g.value(finding, VNQI.explanation)
    assert Literal(TASK_1_PATH, lang="vi") in set(g.objects(path, RDFS.label))
    steps = sorted(g.objects(path, VNQI.hasStep), key=lambda s: g.value(s, VNQI.stepIndex).toPython())
    assert [str(g.value(s, VNQI.viaRule)).rsplit("/", 1)[-1] for s in steps] == ["is-part-of", "concerns"]
    reasons = {str(g.value(x, VNQI.impactedEntity)).removeprefix(ID) for x in g.objects(report, VNQI.exclusion)}
    assert reasons == {"doc/22-2026-nd-cp", "org/tdc"}


def test_csv_report(client: TestClient) -> None:
    r = client.get("/impact", params={**ACT_70, "format": "csv"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(r.text)))
    assert list(rows[0]) == ["iri", "identifier", "name", "label", "kind", "role", "distance", "strength", "uncertain",
                             "uncertain_because", "path", "other_paths"]
    assert {row["iri"].removeprefix(ID) for row in rows} == LAW_68_DEPENDENTS | {"plan/tdc-2024"}
    task = next(row for row in rows if row["iri"].endswith("nhiem-vu-1"))
    assert (task["kind"], task["role"], task["distance"], task["strength"], task["uncertain"], task["path"]) == \
        ("Task", "may-be-affected", "2", "0.7", "false", TASK_1_PATH)
    assert next(row for row in rows if row["iri"].endswith("127-2007-nd-cp"))["identifier"] == "127/2007/NĐ-CP"


def test_html_form_and_result(client: TestClient) -> None:
    form = client.get("/impact", headers=HTML)
    assert form.status_code == 200 and "text/html" in form.headers["content-type"]
    assert 'name="amendment"' in form.text and f'value="{ID}doc/70-2025-qh15"' in form.text
    assert 'name="document"' in form.text and f'value="{ID}doc/68-2006-qh11"' in form.text
    assert 'id="result"' not in form.text and not re.search(r"<script(?![^>]*\bsrc=)", form.text)  # no inline JS
    chosen = client.get("/impact", params={"document": "68/2006/QH11", "step": "choose"}, headers=HTML)
    assert 'name="provision" value="dieu-3"' in chosen.text and 'id="result"' not in chosen.text
    page = client.get("/impact", params=ACT_70, headers=HTML)
    assert page.status_code == 200 and 'id="role-may-be-affected"' in page.text
    assert "Nghị định 127/2007/NĐ-CP" in page.text and "được quy định chi tiết bởi" in page.text
    assert "<svg" in page.text and 'id="excluded"' in page.text and "format=csv" in page.text
    what_if = client.get("/impact", params={"document": "68/2006/QH11", "provision": "dieu-3", "date": "2026-01-01",
                                            "format": "html"})
    assert 'name="provision" value="dieu-3" checked' in what_if.text and 'id="result"' in what_if.text


def test_html_in_english(client: TestClient) -> None:
    page = client.get("/impact", params={**ACT_70, "lang": "en"}, headers=HTML)
    assert '<html lang="en">' in page.text and "Impact analysis of amendments" in page.text
    assert "may be affected" in page.text and "Decree 127/2007/NĐ-CP" in page.text and "detailed by" in page.text
    client.cookies.clear()


@pytest.mark.parametrize(("params", "status", "words"), [
    ({"amendment": "99/2099/QH99"}, 404, "unknown document"),
    ({**ACT_70, "on": "2026-13-01"}, 400, "malformed on"),
    ({**ACT_70, "on": "yesterday"}, 400, "malformed on"),
    ({**ACT_70, "depth": "0"}, 400, "out of range"),
    ({**ACT_70, "depth": "11"}, 400, "out of range"),
    ({**ACT_70, "depth": "two"}, 400, "malformed depth"),
    ({**ACT_70, "depth": "\u0663"}, 400, "malformed depth"),  # an Arabic-Indic 3, which int() reads
    ({"document": "68/2006/QH11", "provision": "dieu-99"}, 404, "unknown provision"),
    ({"document": "78/2025/QH15", "provision": "effect/1"}, 404, "unknown provision"),  # an effect, not a provision
    ({"document": ID + "org/most"}, 404, "is not a legal document, a provision, a standard edition"),
    ({"document": "ISO 9999:2099"}, 404, "unknown document"),
    ({"document": "68/2006/QH11", "provision": "dieu-3", "date": "01/01/2026"}, 400, "malformed date"),
    ({"document": "68/2006/QH11", "change": "rewritten"}, 400, "unknown change"),
    ({"amendment": "05/2007/QH12"}, 400, "amends, replaces or repeals nothing"),
    ({}, 400, "give an amending act"),
    ({**ACT_70, "document": "68/2006/QH11"}, 400, "not both"),
    ({**ACT_70, "provision": "dieu-999", "change": "repealed"}, 400, "says itself what it changes"),
    ({**ACT_70, "change": "repealed"}, 400, "says itself what it changes"),  # both were ignored, silently
    ({**ACT_70, "on": "2026-01-01", "date": "2026-02-01"}, 400, "give one of them"),  # date was dropped, silently
    ({"amendment": ["70/2025/QH15", "78/2025/QH15"]}, 400, "give amendment once (it was given 2 times)"),
    ({"document": "68/2006/QH11", "on": ["2026-01-01", "2027-01-01"]}, 400, "give on once"),
])
def test_bad_input_is_a_problem_not_a_crash(client: TestClient, params: dict, status: int, words: str) -> None:
    r = client.get("/impact", params=params)
    assert r.status_code == status and r.headers["content-type"] == "application/problem+json"
    assert words in r.json()["detail"] and r.json()["status"] == status
    page = client.get("/impact", params=params, headers=HTML)
    if params:  # the page says it in the reader's language (tests/api/test_errors_i18n.py checks the texts)
        english = client.get("/impact", params={**params, "lang": "en"}, headers=HTML)
        errors = [parse(p.text).by_id("error") for p in (page, english)]
        assert page.status_code == english.status_code == status and None not in errors
        assert errors[0].text() != errors[1].text() and all(e.text() for e in errors)  # type: ignore[union-attr]
    else:
        assert page.status_code == 200  # no input at all: the form


@pytest.mark.parametrize(("body", "content_type", "status", "words"), [
    (b"{not json", "application/json", 400, "not valid JSON"),
    (b"[1, 2]", "application/json", 400, "JSON object"),
    (b'{"amendment": "70/2025/QH15", "when": "x"}', "application/json", 400, "unknown keys"),
    (b'{"document": "68/2006/QH11", "provisions": "dieu-3"}', "application/json", 400, "list of strings"),
    (b'{"document": "68/2006/QH11", "provisions": ["dieu-3"], "depth": 99}', "application/json", 400, "out of range"),
    (b'{"amendment": "nope"}', "application/json", 404, "unknown document"),
    (b'{"amendment": "70/2025/QH15", "provisions": ["dieu-3"]}', "application/json", 400, "says itself"),
    (b"amendment=70/2025/QH15", "application/x-www-form-urlencoded", 415, "application/json"),
    (b"[" * 1000, "application/json", 400, "nested too deeply"),  # json.loads raised RecursionError: a 500
    (b'{"a": ' * 1000 + b"1" + b"}" * 1000, "application/json", 400, "nested too deeply"),
    (b'{"document": "\\ud800"}', "application/json", 400, "lone surrogate"),  # not UTF-8-encodable: a 500
    (b'{"depth": "\\udfff"}', "application/json", 400, "lone surrogate"),
])
def test_bad_post_body(client: TestClient, body: bytes, content_type: str, status: int, words: str) -> None:
    r = client.post("/impact", content=body, headers={"Content-Type": content_type})
    assert r.status_code == status and r.headers["content-type"] == "application/problem+json"
    assert words in r.json()["detail"]


def test_unacceptable_format(client: TestClient) -> None:
    assert client.get("/impact", params=ACT_70, headers={"Accept": "image/png"}).status_code == 406
    unknown = client.get("/impact", params={**ACT_70, "format": "xlsx"})  # a bad parameter, as on /sparql: 400
    assert unknown.status_code == 400 and "unknown format 'xlsx'" in unknown.json()["detail"]
    assert "csv" in unknown.json()["offered"]


def test_timeline_json(client: TestClient) -> None:
    body = client.get("/timeline", params={"document": "05/2007/QH12", "on": "2025-06-01"}).json()
    assert body["document"]["identifier"] == "05/2007/QH12" and body["on"] == "2025-06-01"
    states = {p["iri"].rsplit("/", 1)[-1]: p["state"] for p in body["provisions"]}
    assert states["dieu-1"] == "in-force" and states["dieu-6dd"] == "not-yet-added"
    assert [c["actIdentifier"] for c in body["changes"]] == ["78/2025/QH15"] * 11 + ["35/2018/QH14"]
    assert not any(c["inEffect"] for c in body["changes"])
    after = client.get("/timeline", params={"document": ID + "doc/05-2007-qh12", "on": "2026-02-01",
                                            "lang": "en"}).json()
    first = after["provisions"][0]
    labels = (first["state"], first["stateLabel"], first["changes"][0]["effectLabel"])
    assert labels == ("amended", "amended", "amended")
    assert after["changes"][0]["inEffect"] and after["changes"][0]["targetName"] == "Article 1 of Law 05/2007/QH12"
    assert first["label"].startswith("Article 1") and body["provisions"][0]["label"].startswith("Điều 1")
    client.cookies.clear()


def test_timeline_of_a_repealed_document_says_it_is_not_in_force(client: TestClient) -> None:
    """37/2026/NĐ-CP repeals 132/2008/NĐ-CP from 2026-01-23 (data/facts/facts.ttl; the act is unverified): the
    timeline says it is not in force from then, as its entity page does, and that this rests on unverified
    information; the day before, it is in force."""
    def document(on: str) -> dict:
        return client.get("/timeline", params={"document": "132/2008/NĐ-CP", "on": on}).json()["document"]

    assert (document("2026-01-22")["inForceOn"], document("2026-01-22")["endUncertain"]) == (True, False)
    assert (document("2026-06-01")["inForceOn"], document("2026-06-01")["endUncertain"]) == (False, True)
    page = client.get("/timeline", params={"document": "132/2008/NĐ-CP", "on": "2026-06-01", "lang": "vi"},
                      headers=HTML)
    assert "Không có hiệu lực vào ngày 2026-06-01 (theo thông tin chưa được kiểm chứng)" in page.text
    client.cookies.clear()


@pytest.mark.parametrize("written", ["Điều 6đ", "dieu-6đ", "Dieu-6dd", "dieu-6dd", " điều 6Đ "])
def test_a_provision_is_read_as_people_write_it(client: TestClient, written: str) -> None:
    """Điều 6đ of 05/2007/QH12 (its slug keeps đ apart from d: dieu-6dd, docs/decisions.md 10) however it is written."""
    r = client.get("/impact", params={"document": "05/2007/QH12", "provision": written, "date": "2026-01-01"})
    assert r.status_code == 200 and [c["iri"] for c in r.json()["changed"]] == [LAW_05 + "/dieu-6dd"]


def test_timeline_of_a_provision_lists_its_own_changes(client: TestClient) -> None:
    """Điều 1 of 05/2007/QH12 is amended by 78/2025/QH15 from 2026-01-01 (data/facts/facts.ttl): its own timeline
    lists that change (it listed none); an organisation has no timeline (404, it was a 200)."""
    body = client.get("/timeline", params={"document": LAW_05 + "/dieu-1", "on": "2026-02-01"}).json()
    assert [(c["target"], c["actIdentifier"], c["effect"], c["date"]) for c in body["changes"]] == [
        (LAW_05 + "/dieu-1", "78/2025/QH15", "amended", "2026-01-01")]
    r = client.get("/timeline", params={"document": ID + "org/most"})
    assert r.status_code == 404 and "neither a legal document nor a provision" in r.json()["detail"]


def test_timeline_html(client: TestClient) -> None:
    page = client.get("/timeline", params={"document": "05/2007/QH12", "on": "2026-02-01"}, headers=HTML)
    assert page.status_code == 200 and 'id="provisions"' in page.text and 'data-state="added"' in page.text
    assert "Luật 78/2025/QH15" in page.text and "chưa rõ ngày" in page.text
    assert 'id="form-timeline"' in client.get("/timeline", headers=HTML).text


@pytest.mark.parametrize(("params", "status"), [
    ({}, 400), ({"document": "99/2099/QH99"}, 404), ({"document": "05/2007/QH12", "on": "2026-02-30"}, 400)])
def test_timeline_bad_input(client: TestClient, params: dict, status: int) -> None:
    r = client.get("/timeline", params=params)
    assert r.status_code == status and r.headers["content-type"] == "application/problem+json"
    if params:
        page = client.get("/timeline", params=params, headers=HTML)
        assert page.status_code == status and 'id="error"' in page.text


def test_on_the_built_store(live_client: TestClient) -> None:
    """The same answers over a real on-disk build (read-only store, as `vnqi serve` runs)."""
    body = live_client.get("/impact", params=ACT_70).json()
    assert body["count"] == 8 and set(group(body, "may-be-affected")) == LAW_68_DEPENDENTS
    assert live_client.get("/timeline", params={"document": "05/2007/QH12", "on": "2026-02-01"}).status_code == 200


def test_timeline_takes_at_like_entity_pages(client: TestClient) -> None:
    base = {"document": "05/2007/QH12"}
    by_on = client.get("/timeline", params={**base, "on": "2008-06-01"}).json()
    by_at = client.get("/timeline", params={**base, "at": "2008-06-01"}).json()
    assert by_at == by_on and by_at["on"] == "2008-06-01"
    assert {p["state"] for p in by_at["provisions"]} == {"not-yet-in-force"}
    clash = client.get("/timeline", params={**base, "on": "2008-06-01", "at": "2009-01-01"})
    assert clash.status_code == 400


def test_a_change_an_unverified_act_says_ended_is_uncertain_not_certain(client: TestClient) -> None:
    """132/2008/NĐ-CP: its page says "no longer in force (from information that is not verified: 37/2026/NĐ-CP)";
    the report listed it as certainly affected in 2030. Now it is listed, uncertain, with the act that may end it."""
    body = client.get("/impact", params={"document": "05/2007/QH12", "provision": "dieu-1", "date": "2030-01-01",
                                         "lang": "en"}).json()
    decree = group(body, "may-be-affected")["doc/132-2008-nd-cp"]
    assert (decree["uncertain"], decree["uncertainBecause"]) == (True, ["may-have-ended"])
    [end] = decree["mayHaveEnded"]
    assert (end["act"], end["date"], end["status"]) == (ID + "doc/37-2026-nd-cp", "2026-01-23", "unverified")
    assert end["text"] == "repealed or replaced by Decree 37/2026/NĐ-CP from 23 January 2026 (unverified)"
    assert ID + "doc/132-2008-nd-cp" not in {e["iri"] for e in body["excluded"]}
    page = client.get("/impact", params={"document": "05/2007/QH12", "provision": "dieu-1", "date": "2030-01-01",
                                         "lang": "en"}, headers=HTML).text
    assert "may no longer be in force — repealed or replaced by Decree 37/2026/NĐ-CP" in page
    client.cookies.clear()


def test_an_unverified_amendment_makes_every_finding_uncertain(client: TestClient) -> None:
    body = client.get("/impact", params={"amendment": "37/2026/NĐ-CP"}).json()
    assert body["amendment"]["status"] == "unverified" and body["count"] >= 1
    assert [w["code"] for w in body["warnings"]] == ["amendment-not-verified"]
    findings = [e for g in body["groups"] for e in g["entities"]]
    assert findings and all(e["uncertain"] and "amendment" in e["uncertainBecause"] for e in findings)
    rows = list(csv.DictReader(io.StringIO(client.get("/impact", params={"amendment": "37/2026/NĐ-CP",
                                                                         "format": "csv"}).text)))
    assert rows and {r["uncertain"] for r in rows} == {"true"}
    assert all(r["uncertain_because"].split()[0] == "amendment" for r in rows)  # the CSV said true, not why
    turtle = client.get("/impact", params={"amendment": "37/2026/NĐ-CP"}, headers={"Accept": "text/turtle"}).text
    g = Graph().parse(data=turtle, format="turtle")
    assert set(g.objects(None, VNQI.uncertain)) == {Literal(True)}
    page = client.get("/impact", params={"amendment": "37/2026/NĐ-CP"}, headers=HTML).text
    assert parse(page).by_id("warning-amendment-not-verified") is not None


def test_without_a_reference_date_the_report_says_so(client: TestClient) -> None:
    """35/2018/QH14's entry into force is only believed: the report had no date and filtered nothing, silently."""
    body = client.get("/impact", params={"amendment": "35/2018/QH14"}).json()
    assert body["date"] is None and body["excluded"] == []
    assert [w["code"] for w in body["warnings"]] == ["no-reference-date"]
    dated = client.get("/impact", params={"amendment": "35/2018/QH14", "on": "2026-01-01"}).json()
    assert dated["warnings"] == [] and ID + "org/tdc" in {e["iri"] for e in dated["excluded"]}


def test_dates_are_written_as_readers_write_them(client: TestClient) -> None:
    english = parse(client.get("/impact", params={**ACT_70, "lang": "en"}, headers=HTML).text)
    assert english.by_id("reference-date").text() == "1 January 2026"  # type: ignore[union-attr]
    vietnamese = parse(client.get("/impact", params={**ACT_70, "lang": "vi"}, headers=HTML).text)
    assert vietnamese.by_id("reference-date").text() == "01/01/2026"  # type: ignore[union-attr]
    client.cookies.clear()


@pytest.mark.parametrize("act", ["87/2025/QH15", "203/2025/QH15", "781/QĐ-TTg"])
def test_a_change_verified_second_hand_is_not_called_unverified(client: TestClient, act: str) -> None:
    """The warning read "The change itself is not verified (verified (secondary))"."""
    body = client.get("/impact", params={"amendment": act, "lang": "en"}).json()
    assert "amendment-not-verified" not in [w["code"] for w in body["warnings"]]
    assert body["amendment"]["status"] is None


def test_a_change_resting_on_an_unverified_link_is_unsure(client: TestClient) -> None:
    """The fact sheet asserts "55/2025/NĐ-CP replaces 28/2023/NĐ-CP" with a statement marking it unverified, while
    55/2025/NĐ-CP itself is verified: the page said "no longer in force" without a caveat, the list did not mark
    it, and /impact for 55/2025 warned of nothing."""
    body = client.get("/impact", params={"amendment": "55/2025/NĐ-CP", "lang": "en"}).json()
    assert body["amendment"]["status"] == "unverified"
    # (and the fact sheet gives 55/2025/NĐ-CP's entry into force, 2025-03-01, the day before it was issued)
    assert [w["code"] for w in body["warnings"]] == ["amendment-not-verified", "dated-before-issue"]
    page = parse(client.get("/id/doc/28-2023-nd-cp", params={"lang": "en"}, headers=HTML).text)
    assert page.by_id("legal-status").attrs["data-status"] == "expired"  # type: ignore[union-attr]
    assert "55/2025/NĐ-CP" in page.by_id("legal-status-basis").text()  # type: ignore[union-attr]
    rows = client.get("/classes/Decree", params={"format": "json", "size": 200}).json()["items"]
    assert [r["statusUnsure"] for r in rows if r["iri"] == ID + "doc/28-2023-nd-cp"] == [True]
    client.cookies.clear()


@pytest.mark.parametrize("params", [{"on": "2026-W01-4"}, {"on": "20260101"}, {"date": "2026-1-1"}])
def test_dates_are_read_as_yyyy_mm_dd_only(client: TestClient, params: dict) -> None:
    """Python's date.fromisoformat also reads 20260101 and 2026-W01-4; the message promised YYYY-MM-DD."""
    r = client.get("/impact", params={"document": "68/2006/QH11", **params})
    assert r.status_code == 400 and "YYYY-MM-DD" in r.json()["detail"], r.text


def test_a_json_list_is_not_read_as_a_document_number(client: TestClient) -> None:
    r = client.post("/impact", json={"document": ["68/2006/QH11"]})
    assert r.status_code == 400 and "document must be a string" in r.json()["detail"], r.text


def test_a_what_if_on_text_not_in_force_on_its_date_says_so(client: TestClient) -> None:
    """A review: a what-if on Điều 6a of 05/2007/QH12 (added by 78/2025/QH15 from 2026-01-01) on 2020-01-01 gave a
    full report without a word; one on an ordinance replaced in 2012 gave nothing, silently."""
    added = client.get("/impact", params={"document": "05/2007/QH12", "provision": "dieu-6a", "date": "2020-01-01",
                                          "lang": "en"}).json()
    assert [w["code"] for w in added["warnings"]] == ["changed-not-in-force"]
    assert "Article 6a of Law 05/2007/QH12 (not yet added)" in added["warnings"][0]["text"]
    ended = client.get("/impact", params={"document": "16/1999/PL-UBTVQH10", "date": "2020-01-01"}).json()
    assert [w["code"] for w in ended["warnings"]] == ["changed-not-in-force"]
    fine = client.get("/impact", params={"document": "05/2007/QH12", "provision": "dieu-6a", "date": "2026-06-01"})
    assert fine.json()["warnings"] == []
    acted = client.get("/impact", params={"amendment": "78/2025/QH15"}).json()  # an act's own changes: no warning
    assert "changed-not-in-force" not in [w["code"] for w in acted["warnings"]]
    client.cookies.clear()


def test_csv_rows_name_entities_as_the_json_does(client: TestClient) -> None:
    """Rows of provisions read "Điều 1" with an empty identifier: the name column gives what the JSON calls them
    (a provision with its document)."""
    params = {"document": "05/2007/QH12", "provision": "dieu-6a", "date": "2026-06-01", "lang": "en"}
    body = client.get("/impact", params=params).json()
    names = {e["iri"]: e["name"] for g in body["groups"] for e in g["entities"]}
    rows = list(csv.DictReader(io.StringIO(client.get("/impact", params={**params, "format": "csv"}).text)))
    assert names and {r["iri"]: r["name"] for r in rows} == names
    client.cookies.clear()


def test_each_changed_document_says_how_it_changes(client: TestClient) -> None:
    """The report said "replaced, repealed" of every document 37/2026/NĐ-CP changes (as the fact sheet gives them:
    it replaces 43/2017/NĐ-CP and repeals, wholly or in part, four others)."""
    body = client.get("/impact", params={"amendment": "37/2026/NĐ-CP", "lang": "en"}).json()
    assert {e["iri"].removeprefix(ID + "doc/"): e["change"] for e in body["changed"]} == {
        "43-2017-nd-cp": "replaced", "74-2018-nd-cp": "repealed", "13-2022-nd-cp": "repealed",
        "132-2008-nd-cp": "repealed", "154-2018-nd-cp": "repealed"}
    assert body["amendment"]["change"] == "repealed+replaced"


def test_a_what_if_on_a_standard_edition_reaches_what_adopts_or_cites_it(client: TestClient) -> None:
    """ISO 9001:2015 revised: its Vietnamese adoption, ISO 18091:2019 which cites it, that one's adoption and the
    2024 task on it; by code, as a reader writes it, or by IRI; the form offers it."""
    by_code = client.get("/impact", params={"document": "ISO 9001:2015", "change": "replaced", "lang": "en"})
    assert by_code.status_code == 200, by_code.text
    body = by_code.json()
    affected = {e["iri"].removeprefix(ID): e for g in body["groups"] for e in g["entities"]}
    assert {"std/tcvn-iso-9001-2015", "std/iso-18091-2019", "std/tcvn-iso-18091-2020"} <= set(affected)
    assert affected["std/tcvn-iso-9001-2015"]["distance"] == 1
    assert any(k.startswith("plan/tdc-2024/nhiem-vu-") for k in affected)
    by_iri = client.get("/impact", params={"document": ID + "std/iso-9001-2015", "change": "replaced", "lang": "en"})
    assert by_iri.json()["groups"] == body["groups"]
    form = client.get("/impact", headers=HTML)
    assert f'<option value="{ID}std/iso-9001-2015"' in form.text


def test_the_result_page_links_every_entity_to_its_page(client: TestClient) -> None:
    """Each changed, affected and left-out entity, and the act, is a link to its own page in the reader's language."""
    page = parse(client.get("/impact", params={**ACT_70, "on": "2026-01-01", "lang": "en"}, headers=HTML).text)
    items = [li for li in page.all("li") if "data-iri" in li.attrs]
    assert items
    for li in items:
        (link,) = [a for a in li.all("a") if a.attrs.get("title") == li.attrs["data-iri"]]
        assert link.attrs["href"] == "/id/" + li.attrs["data-iri"].removeprefix(ID) + "?lang=en"
    for li in items[:3]:
        assert client.get(li.all("a")[0].attrs["href"], headers=HTML).status_code == 200
    result = page.by_id("result")
    assert result is not None and any(a.attrs.get("href", "").startswith("/id/doc/70-2025-qh15") for a in result.all("a"))


def test_a_what_if_on_text_an_unsure_act_may_have_ended_says_so(client: TestClient) -> None:
    """28/2023/NĐ-CP is replaced by 55/2025/NĐ-CP from 2025-03-01, a link the data holds as unverified: a what-if
    on it after that day warns that it may no longer be in force (before, nothing is said)."""
    params = {"document": "28/2023/NĐ-CP", "change": "amended"}
    after = client.get("/impact", params={**params, "date": "2026-01-01", "lang": "en"}).json()
    (warning,) = [w for w in after["warnings"] if w["code"] == "changed-maybe-not-in-force"]
    assert "Decree 55/2025/NĐ-CP" in warning["text"] and "1 March 2025" in warning["text"]
    assert "unverified" in warning["text"]
    vi = client.get("/impact", params={**params, "date": "2026-01-01"}).json()
    assert any(w["code"] == "changed-maybe-not-in-force" and "55/2025/NĐ-CP" in w["text"] for w in vi["warnings"])
    before = client.get("/impact", params={**params, "date": "2024-06-01"}).json()
    assert not [w for w in before["warnings"] if w["code"] == "changed-maybe-not-in-force"]
