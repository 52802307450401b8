"""Search ranking with the citations of the article texts (the Pháp điển and citations importers on shared/data):
exact identifier first, then what is named by the query, then texts, citation fragments last."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.settings import Settings
from graph.namespaces import VNQI
from graph.search import SearchIndex, index_for
from graph.search_text import fold_fast, key, tokens
from graph.store import EmbeddedStore

ROOT = Path(__file__).resolve().parents[2]
CITATION = str(VNQI.Citation)
QUERIES = ["68/2006/QH11", "127/2007/NĐ-CP", "05/2007/QH12"]
FACTS = """
PREFIX dcterms: <http://purl.org/dc/terms/> PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> PREFIX eli: <http://data.europa.eu/eli/ontology#>
SELECT ?s ?kind ?v WHERE {
  { ?s dcterms:identifier|skos:notation ?v BIND("ident" AS ?kind) }
  UNION { ?s rdfs:label|skos:prefLabel|dcterms:title|skos:altLabel|skos:hiddenLabel ?v BIND("name" AS ?kind) }
  UNION { ?s a ?v BIND("type" AS ?kind) }
  UNION { ?s eli:is_part_of+ ?doc . ?doc dcterms:identifier ?v FILTER NOT EXISTS { ?doc eli:is_part_of ?whole }
          BIND("name" AS ?kind) }  # a provision is named with its document's number ("Điều 3 68/2006/QH11")
}"""


@pytest.fixture(scope="module")
def cited(store: EmbeddedStore, imports: dict) -> EmbeddedStore:
    """The seed + facts with the imported articles and the citations found in their texts."""
    mem = EmbeddedStore(None)
    mem.native.bulk_load(store.native.dump(format=ox.RdfFormat.N_QUADS), format=ox.RdfFormat.N_QUADS)
    for name in ("vn-phapdien-qi", "citations"):
        mem.native.bulk_load(path=str(imports[name][0].path), format=ox.RdfFormat.N_QUADS)
    return mem


@pytest.fixture(scope="module")
def index(cited: EmbeddedStore) -> SearchIndex:
    """Its search index."""
    return index_for(cited)


@pytest.fixture(scope="module")
def cited_client(cited: EmbeddedStore) -> Iterator[TestClient]:
    """The app over it."""
    with TestClient(create_app(Settings(root=ROOT), store=cited)) as client:
        yield client


def words_of(texts: set[str]) -> set[str]:
    """Every folded word of some texts (tokens() would keep only a query's first twelve)."""
    return set(re.findall(r"[^\W_]+", fold_fast(" ".join(texts))))


def facts_of(cited: EmbeddedStore, iri: str) -> dict[str, set[str]]:
    """Identifiers and notations, names and types of one entity, read from the store."""
    found: dict[str, set[str]] = {"ident": set(), "name": set(), "type": set()}
    for row in cited.native.query(FACTS, substitutions={ox.Variable("s"): ox.NamedNode(iri)},
                                  use_default_graph_as_union=True):
        found[row["kind"].value].add(row["v"].value)
    return found


def category(cited: EmbeddedStore, iri: str, q: str) -> int:
    """Where the users want a hit: 0 its identifier is the query, 1 its identifiers or its names (a provision's
    with its document's number) hold every token, 2 only its texts do, 3 a citation."""
    facts, words = facts_of(cited, iri), set(tokens(q))
    if CITATION in facts["type"]:
        return 3
    if key(q) in {key(v) for v in facts["ident"]}:
        return 0
    holds = [words <= words_of(facts[k]) for k in ("ident", "name")]
    return 1 if any(holds) else 2


@pytest.mark.parametrize("q", QUERIES)
def test_identifier_then_names_then_texts_then_citations(cited: EmbeddedStore, index: SearchIndex, q: str) -> None:
    results = index.search(q, limit=1000)
    assert results.total == len(results.hits)
    cats = [category(cited, h.iri, q) for h in results.hits]
    assert cats[0] == 0 and cats == sorted(cats), cats
    assert {1, 2, 3} <= set(cats)  # named, text-only and citation hits all occur: the order is a real test
    named = [h for h, c in zip(results.hits, cats) if c == 3
             and set(tokens(q)) <= words_of(facts_of(cited, h.iri)["name"])]
    assert named  # citations whose names hold the query: they ranked before the text-only hits until demoted
    assert [h.score for h in results.hits] == sorted((h.score for h in results.hits), reverse=True)
    assert [h.type_iri == CITATION for h in results.hits] == sorted(h.type_iri == CITATION for h in results.hits)


@pytest.mark.parametrize("q", QUERIES)
def test_citations_in_the_same_order_when_filtered_by_their_class(index: SearchIndex, q: str) -> None:
    every = [h.iri for h in index.search(q, limit=1000).hits]
    only = index.search(q, types=["Citation"], limit=1000)
    assert only.total > 0 and {h.type_iri for h in only.hits} == {CITATION}
    assert [h.iri for h in only.hits] == every[len(every) - only.total:]


def test_paging_across_the_demoted_hits(index: SearchIndex) -> None:
    q = QUERIES[0]
    whole = [h.iri for h in index.search(q, limit=1000).hits]
    pages = [h.iri for offset in range(0, len(whole), 7) for h in index.search(q, limit=7, offset=offset).hits]
    assert pages == whole and index.search(q, limit=7, offset=len(whole)).hits == []


def test_suggestions_put_citations_last(cited: EmbeddedStore, index: SearchIndex) -> None:
    citations = {row["s"].value for row in cited.native.query(
        "SELECT ?s WHERE { ?s a <https://w3id.org/vnqi/def#Citation> }", use_default_graph_as_union=True)}
    labels = [row["l"].value for row in cited.native.query(
        'SELECT ?l WHERE { ?s a <https://w3id.org/vnqi/def#Citation> ; <http://www.w3.org/2000/01/rdf-schema#label> ?l '
        'FILTER(LANG(?l) = "vi") } LIMIT 200', use_default_graph_as_union=True)]
    for label in labels:
        flags = [h.iri in citations for h in index.suggest(label)]
        assert flags == sorted(flags)


def test_json_results_end_with_the_citations(cited_client: TestClient) -> None:
    q = QUERIES[0]
    body = cited_client.get("/search", params={"q": q, "format": "json", "size": 100}).json()
    kinds = [r["type"] == CITATION for r in body["results"]]
    assert not kinds[0] and kinds == sorted(kinds)
    last = cited_client.get("/search", params={"q": q, "format": "json", "size": 100, "page": body["pages"]}).json()
    assert last["results"][-1]["type"] == CITATION and last["results"][-1]["score"] < 0
    facets = {f["type"]: f["count"] for f in body["facets"]}
    assert facets[CITATION] == cited_client.get("/search", params={"q": q, "format": "json", "type": "Citation"}
                                                ).json()["total"]


ARTICLE_3 = "https://w3id.org/vnqi/id/doc/68-2006-qh11/dieu-3"


@pytest.mark.parametrize("q", ["Điều 3 68/2006/QH11", "Điều 3 Luật số 68/2006/QH11", "dieu 3 luat 68/2006/qh11",
                               "Article 3 of 68/2006/QH11"])
def test_a_provision_cited_with_its_document_is_an_exact_name(index: SearchIndex, q: str) -> None:
    """As citations write it, with or without the kind of document, in Vietnamese or English: the article first,
    in the exact-name tier."""
    first = index.search(q, limit=3).hits[0]
    assert (first.iri, first.score) == (ARTICLE_3, 3.5)


def test_a_clause_cited_with_its_decree_and_a_partial_citation(index: SearchIndex) -> None:
    """A clause by its whole citation; an article by its label and part of its law's number (every word in its
    names: the best of the names tier, before the clauses numbered 3)."""
    first = index.search("khoản 1 điều 5 nghị định số 127/2007/NĐ-CP", limit=3).hits[0]
    assert first.iri == "https://w3id.org/vnqi/id/doc/127-2007-nd-cp/dieu-5/khoan-1" and first.score == 3.5
    hits = index.search("điều 3 68/2006", limit=5).hits
    assert hits[0].iri == ARTICLE_3 and 1 <= hits[0].score < 2 and hits[0].score > hits[1].score


def test_the_kind_of_a_document_alone_does_not_find_its_provisions(index: SearchIndex) -> None:
    """"luật" finds laws (the words "Luật số" of a provision's citation are matched only as a whole)."""
    hits = index.search("luat", limit=20).hits
    assert not [h for h in hits if "/dieu-" in h.iri]
    assert any(h.type_iri == str(VNQI.Law) for h in hits)


@pytest.mark.parametrize(("q", "first", "score"), [
    ("Luật số 05/2007/QH12", "05-2007-qh12", 2.48),  # an identifier ends the query: two words left out
    ("Quyết định số 996/QĐ-TTg", "996-qd-ttg", 2.47),
    ("khoản 2 điều 3 luật 68/2006/QH11", "68-2006-qh11/dieu-3", 2.48),  # no such clause: its article
    ("Điều 5 Luật Đo lường", "04-2011-qh13/dieu-5", 3.5),  # an article with its law's name: an exact name
])
def test_a_query_ending_in_an_identifier_or_a_name_finds_it_first(index: SearchIndex, q: str, first: str,
                                                                    score: float) -> None:
    """What a citation names comes first even when the words before it are in no name (the kind, "số", a clause
    the graph does not hold); an ending scores above every token tier, the longer ending first."""
    hits = index.search(q, limit=5).hits
    assert (hits[0].iri, hits[0].score) == ("https://w3id.org/vnqi/id/doc/" + first, score)
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)
    if q.startswith("khoản"):  # the shorter ending, the law itself, next
        assert (hits[1].iri, hits[1].score) == ("https://w3id.org/vnqi/id/doc/68-2006-qh11", 2.46)


def test_an_ending_of_one_word_is_not_an_exact_match(index: SearchIndex) -> None:
    """"Điều 5 Luật" ends with a name of the class list ("Luật") but one word is too little to stand for the query:
    no hit scores like an ending."""
    assert all(h.score < 2.4 or h.score >= 3 for h in index.search("Điều 5 Luật", limit=50).hits)


def test_provisions_are_shown_with_their_document(index: SearchIndex) -> None:
    """One of many "Điều 3": a hit and a suggestion say whose ("Điều 3 68/2006/QH11", "Article 3 of …"), so the
    eight suggestions for "Điều 3" are eight different texts (the box keyed them by text: all opened one page)."""
    suggested = index.suggest("Điều 3")
    labels = [h.label for h in suggested]
    assert len(labels) == 8 and len(set(labels)) == 8
    assert all(re.fullmatch(r"Điều 3 \S+/\S+", label) for label in labels), labels
    article = index.search("Điều 3 68/2006/QH11", lang="en").hits[0]
    assert (article.iri, article.label) == (ARTICLE_3, "Article 3 of 68/2006/QH11")
    assert index.search("Điều 3 68/2006/QH11").hits[0].label == "Điều 3 68/2006/QH11"


def test_an_exact_hit_has_no_snippet(index: SearchIndex) -> None:
    """The query is its identifier or name: a snippet would only repeat it (it showed an English curation note)."""
    law, article = index.search("68/2006/QH11").hits[0], index.search("Điều 3 68/2006/QH11").hits[0]
    assert law.score == 5.5 and law.snippet is None and article.snippet is None


def test_an_ending_without_a_number_is_no_citation(index: SearchIndex) -> None:
    """"quản lý chất lượng" ends with the name of the concept "Chất lượng": without a number cited, an ending does
    not outrank the token tiers (it put the concept above ISO 9001)."""
    assert all(h.score < 2 for h in index.search("quản lý chất lượng", limit=20).hits)


def test_endings_come_from_the_end_of_a_long_citation(index: SearchIndex) -> None:
    """Tokens past the twelfth were dropped, and with them the document's number: a citation of 13 tokens found
    nothing at all."""
    q = "theo quy định tại khoản 1 Điều 5 Nghị định số 127/2007/NĐ-CP"
    first = index.search(q, limit=3).hits[0]
    assert first.iri == "https://w3id.org/vnqi/id/doc/127-2007-nd-cp/dieu-5/khoan-1" and 2.4 < first.score < 2.5


def test_facets_count_the_ending_hits(index: SearchIndex) -> None:
    """The law found by "Luật số 05/2007/QH12" had no facet, and its class filter found 1 where the facets said 0;
    each facet's count is the total of that class filter."""
    q = "Luật số 05/2007/QH12"
    facets = {f.iri: f.count for f in index.facets(q)}
    assert facets[str(VNQI.Law)] >= 1
    for iri, count in facets.items():
        assert index.search(q, types=[iri]).total == count, iri


def test_suggestions_offer_what_an_ending_cites(index: SearchIndex) -> None:
    """Typing "Luật số 05/2007/QH12" offered nothing that search ranks first: the law is suggested."""
    assert "https://w3id.org/vnqi/id/doc/05-2007-qh12" in [h.iri for h in index.suggest("Luật số 05/2007/QH12")]
