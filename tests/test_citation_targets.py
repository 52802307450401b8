"""Citations of the Prime Minister's decisions, examples in the texts, and the documents, TCVN and QCVN known only
from the texts that cite them.

Read on the citations importer's real output over shared/data (the `imports` fixture), and on the functions the
importer uses, with texts from the corpus.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS, XSD

from graph.citations.grammar import Citation
from graph.citations.mentions import example_spans, replaced_title_spans
from graph.citations.resolve import extract
from graph.citations.tokens import tokenize
from graph.ids import doc_iri, provision_iri, std_iri
from graph.importers.citations import GRAPH, link
from graph.importers.citations_dates import date_after
from graph.importers.citations_documents import document_kind
from graph.importers.citations_repeals import ended_numbers
from graph.importers.citations_replacements import replaced_numbers
from graph.importers.citations_standards import may_describe
from graph.importers.phapdien_map import LAW_NAMES
from graph.namespaces import CODE, ELI, VNQI

ARTICLES = Path(__file__).resolve().parents[2] / "shared" / "data" / "vn-phapdien-qi" / "articles.jsonl"
NOTATION_ARTICLE = "19.8.TT.15.8"  # Điều 8 of 11/2021/TT-BKHCN: how a TCVN code is written, with examples


@pytest.fixture(scope="module")
def cited(imports: dict) -> Graph:
    """The citations importer's graph."""
    _, part = imports["citations"]
    return Graph().parse(data="\n".join(line for lines in part.by_subject.values() for line in lines), format="nt")


@pytest.fixture(scope="module")
def texts(imports: dict) -> dict[str, dict]:
    """Article rows by Pháp điển code."""
    with ARTICLES.open(encoding="utf-8") as handle:
        return {row["article_code"]: row for row in map(json.loads, handle)}


def statements_about(graph: Graph, s: URIRef, p: URIRef, o: URIRef | None = None) -> list:
    """The statement nodes of a graph about (s, p, o), or about (s, p, any) without `o`."""
    return [n for n in graph.subjects(RDF.subject, s)
            if (n, RDF.predicate, p) in graph and (o is None or (n, RDF.object, o) in graph)]


def test_prime_minister_decision_numbers_are_read_whole() -> None:
    """"QĐ-TTg" was cut to "QĐ-TT", a document no source has: 47 citations of the texts were read so."""
    numbers = [t.text for t in tokenize("Điều 3 Quyết định số 19/2014/QĐ-TTg và Quyết định 712/QĐ-TTg; 05/CT-TTg, "
                                        "Thông tư số 22/2018/TT-BLĐTBXH") if t.kind == "DOCNUM"]
    assert numbers == ["19/2014/QĐ-TTg", "712/QĐ-TTg", "05/CT-TTg", "22/2018/TT-BLĐTBXH"]
    found = extract("theo Điều 3 Quyết định số 19/2014/QĐ-TTg", doc_iri("01/2010/TT-BKHCN"), "1", LAW_NAMES)
    assert [str(t) for _, t in found] == [f"{doc_iri('19/2014/QĐ-TTg')}/dieu-3"]


def test_the_texts_cite_the_prime_ministers_decisions(cited: Graph) -> None:
    """19/2014/QĐ-TTg (ISO 9001 in the state administration) is in the graph and cited by provisions."""
    decision = str(doc_iri("19/2014/QĐ-TTg"))
    citing = {s for s, o in cited.subject_objects(VNQI.cites) if str(o) == decision or str(o).startswith(decision + "/")}
    assert len(citing) >= 10
    assert not any("qd-tt/" in str(o) or str(o).endswith("qd-tt") for o in cited.objects(None, VNQI.cites))


def test_examples_of_a_notation_are_its_clause_or_point(texts: dict) -> None:
    text = texts[NOTATION_ARTICLE]["text"]
    spans = example_spans(text)
    assert len(spans) == 6
    assert all(text[start:end].startswith("Ví dụ") for start, end in spans)
    # the example of clause 2 (c) goes on over the cover layout, up to clause 3
    cover = text.index("TCVN ISO 22301:2018\nISO 22301:2012")
    assert any(start < cover < end and text[end:].startswith("\n3.") for start, end in spans)
    codes = [(c.standard, c.mention) for c, _ in extract(text, doc_iri("11/2021/TT-BKHCN"), "8", LAW_NAMES)
             if c.standard]
    assert len(codes) == 15 and all(mention == "example" for _, mention in codes)


def test_an_example_is_a_mention_not_a_citation(cited: Graph) -> None:
    """Điều 8 of 11/2021/TT-BKHCN shows "TCVN ISO 22301:2018 (ISO 22301:2012)" as an example: it mentions ISO
    22301:2012, it does not rely on it (no impact link), and the example codes get no node of their own."""
    article, iso = URIRef(f"{doc_iri('11/2021/TT-BKHCN')}/dieu-8"), std_iri("ISO 22301:2012")
    assert (article, VNQI.mentions, iso) in cited
    assert (article, VNQI.citesStandard, iso) not in cited
    assert not list(cited.objects(article, VNQI.citesStandard))
    for code in ("TCVN 1234:2019", "TCVN 6666:2019", "TCVN ISO 22301:2018", "QCVN 01:2016/XXX", "QCVN 01-1:2018/BYT"):
        assert (std_iri(code), RDF.type, None) not in cited, code
    unresolved = [n for n in cited.subjects(SKOS.note, Literal("Not linked: a code in an example of the text.",
                                                               lang="en"))]
    assert len(unresolved) >= 20


def test_a_code_in_the_title_of_a_replaced_document_is_a_mention(cited: Graph, texts: dict) -> None:
    """"… thay thế Thông tư số 159/2010/TT-BTC … theo tiêu chuẩn quốc gia TCVN ISO 9001:2008 …": the replacing
    circular does not rely on TCVN ISO 9001:2008, and TCVN ISO 9001:2000, named only in such a title, gets no node."""
    text = texts["19.8.QĐ.3.15"]["text"]  # Điều 15 of 19/2014/QĐ-TTg, which replaces 144/2006/QĐ-TTg
    (start, end), = replaced_title_spans(text)
    assert text[start:end].startswith(" ngày 20 tháng 6 năm 2006") and "TCVN ISO 9001:2000" in text[start:end]
    edition_2008, replacing = std_iri("TCVN ISO 9001:2008"), URIRef(f"{doc_iri('116/2015/TT-BTC')}/dieu-6")
    assert (replacing, VNQI.mentions, edition_2008) in cited
    assert (replacing, VNQI.citesStandard, edition_2008) not in cited
    assert (replacing, VNQI.cites, doc_iri("159/2010/TT-BTC")) in cited  # the replaced circular itself is cited
    assert (std_iri("TCVN ISO 9001:2000"), RDF.type, None) not in cited
    assert not list(cited.objects(URIRef(f"{doc_iri('19/2014/QĐ-TTg')}/dieu-15"), VNQI.citesStandard))


@pytest.mark.parametrize(("code", "cls", "citing", "predicate"), [
    ("TCVN ISO 9001:2008", "NationalStandard", "19/2014/QĐ-TTg", VNQI.citesStandard),
    ("TCVN 6909:2001", "NationalStandard", "72/2002/QĐ-TTg", VNQI.citesStandard),
    ("QCVN 1:2007/BKHCN", "TechnicalRegulation", "15/2009/TT-BKHCN", VNQI.cites),
    ("TCVN ISO/IEC 17025", "StandardWork", None, VNQI.citesStandard),
])
def test_national_codes_cited_get_a_node_that_says_only_the_code(cited: Graph, code: str, cls: str,
                                                                  citing: str | None, predicate: URIRef) -> None:
    node = std_iri(code)
    assert set(cited.objects(node, RDF.type)) == {VNQI[cls]}
    assert set(cited.objects(node, DCTERMS.identifier)) == {Literal(code)}
    assert set(cited.objects(node, RDFS.label)) == {Literal(code, lang="vi"), Literal(code, lang="en")}
    assert set(cited.objects(node, DCTERMS.source)) == {GRAPH}
    assert set(cited.objects(node, VNQI.factStatus)) == {CODE["fact-status/inferred"]}
    assert {n.language for n in cited.objects(node, SKOS.note)} == {"vi", "en"}
    citers = set(cited.subjects(predicate, node))
    assert citers and all(isinstance(s, URIRef) for s in citers)
    if citing:
        assert any(str(s).startswith(str(doc_iri(citing)) + "/") for s in citers)


def test_an_edition_cited_beside_its_work_is_an_edition_of_it(cited: Graph) -> None:
    assert (std_iri("TCVN ISO/IEC 17025:2007"), VNQI.editionOf, std_iri("TCVN ISO/IEC 17025")) in cited
    assert (std_iri("TCVN 1-2:2008"), VNQI.editionOf, std_iri("TCVN 1-2")) in cited
    assert not list(cited.objects(std_iri("TCVN ISO 9001:2008"), VNQI.editionOf))  # its work is cited nowhere


def test_what_is_never_given_a_node() -> None:
    """Placeholders, ISO codes the ISO catalogue does not list, and codes in examples stay unresolved."""
    assert not may_describe("QCVN 01:2016/XXX") and not may_describe("ISO 99999:2020")
    assert document_kind("01/2016/TT-XXX") is None and document_kind("01/2016/TT-BKHCN") is not None
    assert may_describe("QCVN 1:2007/BKHCN") and may_describe("TCVN 1-2")
    for code, mention in (("QCVN 01:2016/XXX", None), ("ISO 99999:2020", None), ("TCVN 1234:2019", "example")):
        predicate, reason = link(std_iri(code), Citation(0, 1, standard=code, mention=mention), frozenset())
        assert predicate is None and reason, code
    known = frozenset({str(std_iri("ISO 9001:2015"))})
    assert link(std_iri("ISO 9001:2015"), Citation(0, 1, standard="ISO 9001:2015"), known)[0] == VNQI.citesStandard
    assert link(std_iri("ISO 9001:2015"), Citation(0, 1, standard="ISO 9001:2015", mention="replaced-title"),
                known)[0] == VNQI.mentions


@pytest.mark.parametrize(("number", "cls", "doc_type", "name_vi", "name_en"), [
    ("144/2006/QĐ-TTg", "PMDecision", "qd-ttg-quy-pham", "Quyết định", "Decision"),
    ("55/2015/TTLT-BTC-BKHCN", "Circular", "thong-tu", "Thông tư liên tịch", "Joint Circular"),
    ("87/2018/NĐ-CP", "Decree", "nghi-dinh", "Nghị định", "Decree"),
    ("28/2007/QĐ-BKHCN", "MinisterialDecision", "qd-bo", "Quyết định", "Decision"),
    ("712/QĐ-TTg", "PMDecision", "qd-ttg-ca-biet", "Quyết định", "Decision"),  # an individual decision: no year
])
def test_documents_cited_by_number_get_a_node_that_says_only_the_number(
        cited: Graph, number: str, cls: str, doc_type: str, name_vi: str, name_en: str) -> None:
    node = doc_iri(number)
    assert set(cited.objects(node, RDF.type)) == {VNQI[cls]}
    assert set(cited.objects(node, ELI.type_document)) == {CODE[f"doc-type/{doc_type}"]}
    assert set(cited.objects(node, DCTERMS.identifier)) == {Literal(number)}
    assert set(cited.objects(node, RDFS.label)) == {Literal(f"{name_vi} {number}", lang="vi"),
                                                    Literal(f"{name_en} {number}", lang="en")}
    assert set(cited.objects(node, VNQI.factStatus)) == {CODE["fact-status/inferred"]}
    assert set(cited.objects(node, DCTERMS.source)) == {GRAPH}
    assert {n.language for n in cited.objects(node, SKOS.note)} == {"vi", "en"}
    assert any(str(o) == str(node) or str(o).startswith(f"{node}/") for o in cited.objects(None, VNQI.cites))


def test_provisions_of_a_document_known_only_from_citations(cited: Graph) -> None:
    """"Điều 7, Điều 8 và Điều 9 Thông tư liên tịch số 55/2015/TTLT-BTC-BKHCN": the articles are part of it."""
    joint = doc_iri("55/2015/TTLT-BTC-BKHCN")
    for n in ("7", "8", "9"):
        article = provision_iri(joint, ("dieu", n))
        assert (article, ELI.is_part_of, joint) in cited
        assert (None, VNQI.cites, article) in cited


@pytest.mark.parametrize(("number", "issuers"), [
    ("01/2010/TT-BKHCN", {"most"}), ("144/2006/QĐ-TTg", {"prime-minister"}), ("87/2018/NĐ-CP", {"government"}),
    ("55/2015/TTLT-BTC-BKHCN", {"mof", "most"}), ("22/2018/TT-BLĐTBXH", {"molisa"}),  # two spellings, one ministry
    ("29/2012/TT-BGTVT", set()),  # documents.csv gives no issuer for its two TT-BGTVT circulars
    ("51/2001/QĐ-BKHCNMT", set()),  # a symbol documents.csv does not have
])
def test_the_issuer_is_read_from_the_symbol_as_documents_csv_pairs_them(cited: Graph, number: str,
                                                                       issuers: set[str]) -> None:
    node = doc_iri(number)
    assert (node, RDF.type, None) in cited
    assert {str(o).rsplit("/", 1)[-1] for o in cited.objects(node, ELI.passed_by)} == issuers
    statements = statements_about(cited, node, ELI.passed_by)
    assert len(statements) == len(issuers)  # each inferred link says how it was read
    for s in statements:
        assert (s, VNQI.factStatus, CODE["fact-status/inferred"]) in cited
        assert {n.language for n in cited.objects(s, SKOS.note)} == {"vi", "en"}


def test_documents_described_elsewhere_or_by_no_known_number_get_no_node(cited: Graph, imports: dict) -> None:
    """19/2014/QĐ-TTg is described by the Bộ pháp điển import, so the citations add only its replacement; a number the
    text splits ("196/2006/QĐ- BQP") or a former ministry's decision without its year stays unresolved."""
    described = doc_iri("19/2014/QĐ-TTg")
    assert not {p for p, _ in cited.predicate_objects(described)} - {VNQI.replaces}  # what it replaces, no more
    for broken in ("196/2006/QĐ", "1073/QĐ-BKHCNMT"):
        assert not list(cited.predicate_objects(doc_iri(broken))), broken
    labels = {str(o) for s in cited.subjects(SKOS.note, Literal("Not linked: document not in the graph.", lang="en"))
              for o in cited.objects(s, RDFS.label) if o.language == "vi"}
    assert any("196/2006/QĐ”" in label for label in labels)
    assert any("1073/QĐ-BKHCNMT”" in label for label in labels)


def test_the_date_a_citation_writes_after_the_number(cited: Graph) -> None:
    """"Thông tư số 01/2010/TT-BKHCN ngày 25 tháng 02 năm 2010 …": the date is the document's, with a statement
    saying where it was read."""
    assert len(set(cited.subject_objects(ELI.date_document))) == 87  # 87 of the 88 documents known from citations
    node = doc_iri("01/2010/TT-BKHCN")
    day = Literal("2010-02-25", datatype=XSD.date)
    assert set(cited.objects(node, ELI.date_document)) == {day}
    (statement,) = statements_about(cited, node, ELI.date_document)
    assert (statement, RDF.object, day) in cited
    assert (statement, VNQI.factStatus, CODE["fact-status/inferred"]) in cited
    assert str(next(cited.objects(statement, SKOS.note))).startswith("Read after the number in Article ")


def test_dates_the_texts_disagree_on_are_kept_not_asserted(cited: Graph) -> None:
    """21/2007/TT-BKHCN is "ngày 28 tháng 9 năm 2007" in three texts and "ngày 29 tháng 8 năm 2007" in one."""
    node = doc_iri("21/2007/TT-BKHCN")
    assert not list(cited.objects(node, ELI.date_document))
    statements = statements_about(cited, node, ELI.date_document)
    assert {str(o) for s in statements for o in cited.objects(s, RDF.object)} == {"2007-09-28", "2007-08-29"}
    assert all((s, VNQI.factStatus, CODE["fact-status/conflicting"]) in cited for s in statements)


@pytest.mark.parametrize(("text", "written"), [
    ("Thông tư số 01/2010/TT-BKHCN ngày 25 tháng 02 năm 2010 của Bộ trưởng", "2010-02-25"),
    ("Quyết định số 19/2014/QĐ-TTg ngày 5/3/2014", "2014-03-05"),
    ("Quyết định số 19/2014/QĐ-TTg, ngày 05 / 3 / 2014", "2014-03-05"),
    ("Thông tư số 01/2010/TT-BKHCN ngày 31 tháng 02 năm 2010", None),  # no such day
    ("Thông tư số 01/2010/TT-BKHCN và Thông tư số 09/2011/TT-BKHCN ngày 04 tháng 10 năm 2011", None),  # not its own
])
def test_date_after_the_number(text: str, written: str | None) -> None:
    number = "19/2014/QĐ-TTg" if "19/2014" in text else "01/2010/TT-BKHCN"
    assert date_after(text, number, 0) == written


@pytest.mark.parametrize(("text", "numbers"), [
    (("Thông tư này thay thế Thông tư số 01/2010/TT-BKHCN, Thông tư số 09/2011/TT-BKHCN và Thông tư số "
     "27/2011/TT-BKHCN ngày 04 tháng 10 năm 2011 của Bộ trưởng"), ["01/2010/TT-BKHCN", "09/2011/TT-BKHCN",
                                                                 "27/2011/TT-BKHCN"]),
    (("Quyết định này có hiệu lực thi hành kể từ ngày 18 tháng 5 năm 2014 và thay thế Quyết định số 144/2006/QĐ-TTg "
     "ngày 20 tháng 6 năm 2006"), ["144/2006/QĐ-TTg"]),
    ("Thông tư này có hiệu lực thi hành kể từ ngày 01 tháng 7 năm 2020 và thay thế cho Thông tư số 05/2019/TT-BTTTT",
     ["05/2019/TT-BTTTT"]),
    (("Trường hợp các văn bản dẫn chiếu tại Thông tư này được sửa đổi, bổ sung hoặc thay thế thì thực hiện theo văn "
     "bản mới"), []),  # a future replacement of what it cites
    ("Thay thế cụm từ “Bộ Công an” tại Điều 6 Thông tư số 19/2017/TT-BCA", []),  # a phrase replaced
    ("Nghị định này thay thế các quy định trước đây", []),  # no document named
])
def test_what_a_text_says_its_document_replaces(text: str, numbers: list[str]) -> None:
    assert [n for n, _ in replaced_numbers(text)] == numbers


@pytest.mark.parametrize(("text", "numbers"), [
    (("1. Thông tư này có hiệu lực thi hành kể từ ngày 15 tháng 3 năm 2020.\n2. Các Thông tư dưới đây hết hiệu lực kể "
     "từ ngày Thông tư này có hiệu lực thi hành:\na) Thông tư số 12/2010/TT-BKHCN ngày 30 tháng 7 năm 2010;\nb) Thông "
     "tư số 15/2013/TT-BKHCN ngày 27 tháng 9 năm 2013;\nc) Thông tư số 11/2016/TT-BKHCN."),
     ["12/2010/TT-BKHCN", "15/2013/TT-BKHCN", "11/2016/TT-BKHCN"]),
    (("2. Thông tư số 17/2011/TT-BKHCN ngày 30 tháng 6 năm 2011 quy định về Giải thưởng và Thông tư số 07/2012/TT-BKHCN "
     "sửa đổi khoản 2 Điều 7 Thông tư số 17/2011/TT-BKHCN hết hiệu lực kể từ ngày Thông tư này có hiệu lực thi hành."),
     ["17/2011/TT-BKHCN", "07/2012/TT-BKHCN"]),  # 17/2011 again, inside 07/2012's title: not another item
    (("Thông tư số 11/2010/TT-BKHCN quy định về kinh doanh xăng dầu quy định tại Nghị định số 84/2009/NĐ-CP ngày 15 "
     "tháng 10 năm 2009 hết hiệu lực thi hành kể từ ngày Thông tư này có hiệu lực."), ["11/2010/TT-BKHCN"]),
    (("Quy định về nhiệm vụ của Ban liên ngành TBT tại điểm d khoản 2 Điều 1 Quyết định số 444/QĐ-TTg hết hiệu lực kể "
     "từ ngày Quyết định này có hiệu lực."), []),  # a part of a decision, not the decision
    ("Nghị định này có hiệu lực thi hành sau 15 ngày. Bãi bỏ Nghị định số 179/2004/NĐ-CP ngày 21 tháng 10 năm 2004",
     ["179/2004/NĐ-CP"]),
    (("2. Bãi bỏ hiệu lực của các văn bản sau đây:\na) Quyết định số 65/2002/QĐ-BKHCNMT ngày 19/8/2002;\nb) Thông tư "
     "số 14/2011/TT-BKHCN."), ["65/2002/QĐ-BKHCNMT", "14/2011/TT-BKHCN"]),
    ("Bãi bỏ Nghị định số 179/2004/NĐ-CP và Nghị định số 87/2006/NĐ-CP.", ["179/2004/NĐ-CP", "87/2006/NĐ-CP"]),
    # found in review: each of these was read wrong
    (("1. Thông tư số 01/2010/TT-BKHCN được áp dụng. Thông tư số 09/2011/TT-BKHCN hết hiệu lực kể từ ngày Thông tư "
      "này có hiệu lực."), ["09/2011/TT-BKHCN"]),  # the sentence, not the line, that ends it
    ("Quyết định số 12/2010/QĐ-BKHCN đã bãi bỏ Quyết định số 13/2007/QĐ-BKHCN.", []),  # another act's repeal
    ("Thông tư số 12/2010/TT-BKHCN hết hiệu lực kể từ ngày Thông tư này có hiệu lực, trừ quy định tại Điều 5.", []),
    (("2. Các Thông tư sau hết hiệu lực kể từ ngày Thông tư này có hiệu lực thi hành: \na) Thông tư số "
      "12/2010/TT-BKHCN, trừ Điều 5;\nb) Thông tư số 15/2013/TT-BKHCN."), ["15/2013/TT-BKHCN"]),  # an exception
    ("2. Bãi bỏ hiệu lực của các văn bản sau đây:", []),  # a lead-in with no list after it
    ("Bãi bỏ các quy định về phí tại các Thông tư sau:\na) Thông tư số 12/2010/TT-BKHCN.", []),  # parts only
    ("Tổng cục ra quyết định bãi bỏ hiệu lực của quyết định đình chỉ", []),  # an administrative decision
    ("Thời hạn lưu giữ là năm năm sau khi các quyết định phê duyệt mẫu hết hiệu lực.", []),
])
def test_what_a_text_says_it_ends(text: str, numbers: list[str]) -> None:
    assert [n for n, _ in ended_numbers(text)] == numbers


@pytest.mark.parametrize(("predicate", "ending", "ended"), [
    (VNQI.replaces, "26/2014/TT-BKHCN", "01/2010/TT-BKHCN"), (VNQI.replaces, "26/2014/TT-BKHCN", "27/2011/TT-BKHCN"),
    (VNQI.replaces, "19/2014/QĐ-TTg", "144/2006/QĐ-TTg"), (VNQI.replaces, "28/2012/TT-BKHCN", "24/2007/QĐ-BKHCN"),
    (VNQI.repeals, "20/2019/TT-BKHCN", "12/2010/TT-BKHCN"), (VNQI.repeals, "20/2019/TT-BKHCN", "11/2016/TT-BKHCN"),
    (VNQI.repeals, "132/2008/NĐ-CP", "179/2004/NĐ-CP"), (VNQI.repeals, "24/2013/TT-BKHCN", "17/2005/QĐ-BKHCN"),
    (VNQI.repeals, "02/2024/TT-BTTTT", "04/2023/TT-BTTTT"), (VNQI.repeals, "02/2024/TT-BTTTT", "10/2023/TT-BTTTT"),
])
def test_replacements_and_repeals_read_in_final_provisions(cited: Graph, predicate: URIRef, ending: str,
                                                           ended: str) -> None:
    """Each with a statement node: status inferred, the sentence quoted in both languages."""
    assert (doc_iri(ending), predicate, doc_iri(ended)) in cited
    (statement,) = statements_about(cited, doc_iri(ending), predicate, doc_iri(ended))
    assert (statement, VNQI.factStatus, CODE["fact-status/inferred"]) in cited
    notes = {n.language: str(n) for n in cited.objects(statement, SKOS.note)}
    assert set(notes) == {"vi", "en"} and ended in notes["en"] and ended in notes["vi"]


def test_a_part_or_a_title_is_not_repealed(cited: Graph) -> None:
    assert (doc_iri("46/2017/QĐ-TTg"), VNQI.repeals, doc_iri("444/QĐ-TTg")) not in cited
    assert (doc_iri("15/2015/TT-BKHCN"), VNQI.repeals, doc_iri("84/2009/NĐ-CP")) not in cited
    assert len(set(cited.subject_objects(VNQI.repeals))) == 44 and len(set(cited.subject_objects(VNQI.replaces))) == 15
