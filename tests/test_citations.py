"""Citation extraction (graph/citations): precision and recall of the links on the hand-checked sample.

tests/citations/sample.csv holds every citation of 30 article texts (read by hand; 7 of the articles were read
only after the grammar was written): the span, the article, the IRI the text denotes and the expected outcome
in the graph — that IRI when the cited document or standard is in the graph, else "unresolved". One more
article of the sample set (19.8.TT.12.4) has no citation at all. Precision: correct links / links made in the
sampled articles; recall: correct links / expected links. A link is its target: the sample does not tell
vnqi:cites from vnqi:mentions (a code only mentioned, tests/test_citation_targets.py checks which).
"""

from __future__ import annotations

import csv
import json
from collections import Counter
from pathlib import Path

import pytest

from graph.citations.grammar import parse
from graph.citations.resolve import extract
from graph.citations.tokens import normalize_std, tokenize
from graph.ids import doc_iri
from graph.importers.citations import link
from graph.importers.phapdien_map import LAW_NAMES

SAMPLE = Path(__file__).parent / "citations" / "sample.csv"
NO_CITATION = ("19.8.TT.12.4",)  # articles of the sample with no citation at all


def rows() -> list[dict[str, str]]:
    """The sample."""
    with SAMPLE.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def linked(article: dict, known: frozenset[str]) -> list[tuple[str, str | None]]:
    """(span, linked target or None) of each citation the extractor finds in an article."""
    text, number = article["text"], article["source"]["part"].split()[1]
    out = []
    for cite, target in extract(text, doc_iri(article["source"]["doc_number"]), number, LAW_NAMES):
        predicate, _ = link(target, cite, known)
        out.append((text[cite.start:cite.end], str(target) if predicate is not None else None))
    return out


@pytest.fixture(scope="module")
def articles(imports: dict) -> dict[str, dict]:
    """The article rows of the corpus, by Pháp điển code."""
    path = Path(__file__).resolve().parents[2] / "shared" / "data" / "vn-phapdien-qi" / "articles.jsonl"
    with path.open(encoding="utf-8") as handle:
        return {row["article_code"]: row for row in map(json.loads, handle)}


def test_sample_is_large_enough_and_in_the_texts(articles: dict) -> None:
    sample = rows()
    assert len(sample) >= 150
    assert all(r["span"] in articles[r["article_code"]]["text"] for r in sample)
    assert {r["expected"] for r in sample} - {r["denotes"] for r in sample} == {"unresolved"}


def test_precision_and_recall_on_the_hand_checked_sample(articles: dict, imports: dict) -> None:
    sample, known = rows(), imports["known"]
    expected, made, unresolved_ok, unresolved = Counter(), Counter(), 0, 0
    for code in sorted({r["article_code"] for r in sample} | set(NO_CITATION)):
        found = linked(articles[code], known)
        made += Counter((code, t) for _, t in found if t)
        expected += Counter((code, r["expected"]) for r in sample if r["article_code"] == code
                            and r["expected"] != "unresolved")
        for r in (r for r in sample if r["article_code"] == code and r["expected"] == "unresolved"):
            unresolved += 1
            unresolved_ok += any(t is None and (r["span"] in s or s in r["span"]) for s, t in found)
    correct = sum((made & expected).values())
    precision, recall = correct / sum(made.values()), correct / sum(expected.values())
    print(f"\ncitations: precision {precision:.3f} ({correct}/{sum(made.values())} links), recall {recall:.3f} "
          f"({correct}/{sum(expected.values())}); unresolved kept as text {unresolved_ok}/{unresolved}")
    assert precision >= 0.97 and recall >= 0.90
    assert unresolved_ok == unresolved


@pytest.mark.parametrize(("text", "paths"), [
    ("điểm a, điểm b khoản 1 Điều 7", [(("dieu", "7"), ("khoan", "1"), ("diem", "a")),
                                      (("dieu", "7"), ("khoan", "1"), ("diem", "b"))]),
    ("khoản 2 Điều 23 của Luật này", [(("dieu", "23"), ("khoan", "2"))]),
    ("các điều 12, 14 và 15", [(("dieu", "12"),), (("dieu", "14"),), (("dieu", "15"),)]),
    ("Chương III của Thông tư này", [(("chuong", "III"),)]),
    ("Điều này", []),  # the text naming itself is not a citation
])
def test_grammar_paths(text: str, paths: list) -> None:
    assert [c.path for c in parse(text, tokenize(text), LAW_NAMES)] == paths


def test_resolution_of_this_law_and_named_laws() -> None:
    law = doc_iri("68/2006/QH11")
    found = extract("khoản 2 Điều 23 của Luật này; Điều 5 Nghị định số 127/2007/NĐ-CP; Luật Đo lường", law, "9",
                    LAW_NAMES)
    assert [str(t).rsplit("/id/", 1)[1] for _, t in found] == [
        "doc/68-2006-qh11/dieu-23/khoan-2", "doc/127-2007-nd-cp/dieu-5", "doc/04-2011-qh13"]


def test_unknown_document_is_never_guessed() -> None:
    found = extract("theo Điều 9 của Luật Hải quan", doc_iri("68/2006/QH11"), "1", LAW_NAMES)
    assert [t for _, t in found] == [None]


def test_standard_codes_are_normalised() -> None:
    assert normalize_std("ISO/IEC 17025 : 2005") == "ISO/IEC 17025:2005"
    assert normalize_std("QCVN 01 : 2016 / BKHCN") == "QCVN 01:2016/BKHCN"


def test_citations_are_named_by_their_place_in_vietnamese(imports: dict) -> None:
    """A citation's Vietnamese name says where it stands and what it reads ("Luật này" alone names no place), so a
    list of the citations of a law is not sixteen identical lines."""
    from rdflib import Graph, Literal, URIRef
    from rdflib.namespace import RDF, RDFS

    _, part = imports["citations"]
    graph = Graph().parse(data="\n".join(line for lines in part.by_subject.values() for line in lines), format="nt")
    cites = set(graph.subjects(RDF.type, URIRef("https://w3id.org/vnqi/def#Citation")))
    names = {s: [str(o) for o in graph.objects(s, RDFS.label) if isinstance(o, Literal) and o.language == "vi"]
             for s in cites}
    assert len(cites) > 1000 and all(len(v) == 1 for v in names.values())
    for s, (name,) in names.items():
        n, number = str(s).rsplit("/", 1)[-1], str(s).split("/dieu-")[1].split("/")[0]
        assert name.startswith(f"Trích dẫn {n} tại Điều {number} ") and "“" in name, name
    assert len({v[0] for v in names.values()}) == len(cites)
