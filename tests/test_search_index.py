"""Search index (graph/search.py) on the real seed + facts data: folding, ranking, class filter, bad input, rebuilds."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import URIRef

from graph.build import write_version
from graph.namespaces import ID, VNQI
from graph.query import with_prefixes
from graph.search import SEARCH_FILE, SearchIndex, index_for
from graph.search_text import fold, key, match_expr, segments, snippet, tokens
from graph.store import EmbeddedStore

LAW_68 = str(ID["doc/68-2006-qh11"])


@pytest.fixture(scope="session")
def index(store: EmbeddedStore) -> SearchIndex:
    """The index of the session's in-memory store (built once, into a temporary file)."""
    return index_for(store)


def iris(index: SearchIndex, q: str, **kw: object) -> list[str]:
    """IRIs of the hits for q, best first."""
    return [h.iri for h in index.search(q, limit=100, **kw).hits]  # type: ignore[arg-type]


def test_fold_strips_marks_and_dd_keeping_length() -> None:
    text = "Tiêu chuẩn ĐO LƯỜNG, đường"
    assert fold(text) == "tieu chuan do luong, duong"
    assert len(fold(text)) == len(text)
    assert tokens("Tiêu  chuẩn-đo*lường") == ["tieu", "chuan", "do", "luong"]
    assert tokens("Tie\u0302u chua\u0302\u0309n") == ["tieu", "chuan"]  # decomposed input too
    assert key("TCVN ISO 9001:2015") == "tcvn-iso-9001-2015" and key("68/2006/QH11") == "68-2006-qh11"


def test_match_expression_quotes_every_token() -> None:
    assert match_expr(["near", "x"]) == '("near" AND "x")'
    assert match_expr(["a", "b"], ("ident",), prefix=True) == '{ident} : ("a" AND "b" *)'


def test_snippet_and_segments_keep_the_original_text() -> None:
    text = "Công tác quản lý đo lường đã có sự thay đổi"
    assert snippet(text, ["do", "luong"]) == text
    assert snippet(text, ["khong"]) is None
    assert [p for p, found in segments(text, ["luong"]) if found] == ["lường"]


def test_exact_identifier_ranks_first(index: SearchIndex) -> None:
    assert iris(index, "68/2006/QH11")[0] == LAW_68
    assert iris(index, "68/2006/qh11")[0] == LAW_68
    assert iris(index, "TCVN ISO 9001:2015")[0] == str(ID["std/tcvn-iso-9001-2015"])
    assert iris(index, "tcvn iso 9001 2015")[0] == str(ID["std/tcvn-iso-9001-2015"])
    hit = index.search("68/2006/QH11").hits[0]
    assert (hit.identifier, hit.type_iri, hit.label) == ("68/2006/QH11", str(VNQI.Law), "Luật Tiêu chuẩn và Quy chuẩn kỹ thuật")
    assert index.search("68/2006/QH11", lang="en").hits[0].label == "Law on Standards and Technical Regulations"


def test_bare_number_finds_the_standards_whose_code_holds_it(index: SearchIndex) -> None:
    hits = index.search("17034", limit=100).hits
    codes = [h for h in hits if h.identifier and "17034" in h.identifier]
    assert {h.iri for h in hits[:2]} == {str(ID["std/iso-17034-2016"]), str(ID["std/tcvn-iso-17034-2017"])}
    assert hits[: len(codes)] == codes  # every entity whose code holds the number comes before the others
    assert str(ID["plan/tdc-2024/nhiem-vu-6"]) in [h.iri for h in hits[len(codes):]]  # named in a label only
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)


def test_labels_before_texts(index: SearchIndex) -> None:
    hits = index.search("luật chất lượng sản phẩm hàng hóa", limit=100).hits
    assert hits[0].iri == str(ID["doc/05-2007-qh12"])  # its exact name
    in_labels = [h for h in hits if h.score >= 1]
    assert str(ID["doc/132-2008-nd-cp"]) in {h.iri for h in in_labels}


def test_diacritics_case_and_dd_do_not_matter(index: SearchIndex) -> None:
    plain = iris(index, "tieu chuan do luong")
    assert plain == iris(index, "Tiêu Chuẩn ĐO LƯỜNG") == iris(index, "TIÊU CHUẨN đo lường")
    assert {str(ID["org/quatest1"]), str(ID["doc/455-qd-bkhcn"])} <= set(plain)
    assert iris(index, "đo lường") == iris(index, "do luong")


def test_text_hits_have_a_snippet_in_the_page_language(index: SearchIndex) -> None:
    hit = next(h for h in index.search("nhận thức trong quản lý", limit=50).hits
               if h.iri == str(ID["event/tdc-hoi-nghi-2023/ket-qua-2"]))
    assert hit.snippet is not None and "nhận thức trong quản lý" in hit.snippet


def test_class_filter_by_local_name_or_iri_includes_subclasses(index: SearchIndex, store: EmbeddedStore) -> None:
    laws = index.search("luat", types=["Law"], limit=100)
    assert laws.total == len(laws.hits) > 0
    assert iris(index, "luat", types=[str(VNQI.Law)]) == [h.iri for h in laws.hits]
    assert {h.type_iri for h in laws.hits} == {str(VNQI.Law), str(VNQI.AmendingLaw)}
    laws_in_store = store.select(with_prefixes("SELECT DISTINCT ?s WHERE { ?s a/rdfs:subClassOf* vnqi:Law }"))
    assert set(iris(index, "luat", types=["Law"])) <= {str(row[0]) for row in laws_in_store.rows}
    both = set(iris(index, "luat", types=["Law", "Decree"]))
    assert both == set(iris(index, "luat", types=["Law"])) | set(iris(index, "luat", types=["Decree"]))
    assert index.search("luat", types=["NoSuchClass"]).total == 0


def test_facets_count_the_hits_of_each_class(index: SearchIndex) -> None:
    facets = {f.iri: f.count for f in index.facets("luat")}
    assert facets[str(VNQI.Law)] == index.search("luat", types=["Law"]).total
    assert facets[str(VNQI.Decree)] == index.search("luat", types=["Decree"]).total


def test_paging_is_consistent(index: SearchIndex) -> None:
    whole = iris(index, "luat")
    pages = [h.iri for offset in range(0, len(whole), 7) for h in index.search("luat", limit=7, offset=offset).hits]
    assert pages == whole and index.search("luat", limit=7).total == len(whole)
    assert index.search("luat", offset=10_000).total == len(whole)


@pytest.mark.parametrize("q", ['"', "*", "-", "NEAR", "NEAR(a b)", '"a" OR "b"', "{ident}: x", "^", "a*", "AND",
                               "(", ")", ":", "'", "\x00", "", "   ", "đ" * 5000, "x " * 500, "SELECT * FROM fts"])
def test_fts_syntax_and_odd_input_never_raise(index: SearchIndex, q: str) -> None:
    results = index.search(q)
    assert results.total >= len(results.hits)
    assert isinstance(index.suggest(q), list)
    assert isinstance(index.facets(q), list)


def test_suggest_completes_the_last_word(index: SearchIndex) -> None:
    assert index.suggest("tcvn iso 9")[0].iri == str(ID["std/tcvn-iso-9001-2015"])
    assert index.suggest("bo khoa h")[0].iri == str(ID["org/most"])
    assert index.suggest("68/2006")[0].iri == LAW_68
    assert len(index.suggest("t", limit=3)) <= 3


def test_a_whole_number_typed_comes_before_longer_numbers(index: SearchIndex) -> None:
    """'68/' suggested 689/QĐ-TĐC first (a shorter key), tied with 68/2006/QH11."""
    hits = [h.identifier for h in index.suggest("68")]
    assert hits[0] == "68/2006/QH11" and hits.index("68/2006/QH11") < hits.index("689/QĐ-TĐC")
    for typed in ("68/", "68 "):  # the number is complete: 689/… does not start with it
        hits = [h.identifier for h in index.suggest(typed)]
        assert hits[0] == "68/2006/QH11" and "689/QĐ-TĐC" not in hits, typed


def test_index_is_written_with_each_version_and_follows_it(tmp_path: Path, store: EmbeddedStore) -> None:
    seed = store.native.dump(format=ox.RdfFormat.N_QUADS)
    probe = f"<{ID}test/search-probe> <http://www.w3.org/2000/01/rdf-schema#label> \"Zqxprobe\"@en <{ID}test> .\n"
    first, _ = write_version(tmp_path, seed)
    second, _ = write_version(tmp_path, [seed, probe.encode()])
    assert (first / SEARCH_FILE).is_file() and (second / SEARCH_FILE).is_file()
    old, new = index_for(EmbeddedStore(first, read_only=True)), index_for(EmbeddedStore(second, read_only=True))
    assert old.path == first / SEARCH_FILE and new.path == second / SEARCH_FILE
    assert old.search("zqxprobe").total == 0
    assert [h.iri for h in new.search("zqxprobe").hits] == [str(ID["test/search-probe"])]
    assert new.search("68/2006/QH11").hits[0].iri == LAW_68


def test_in_memory_index_is_rebuilt_when_the_store_changes(store: EmbeddedStore) -> None:
    mem = EmbeddedStore(None)
    mem.native.bulk_load(store.native.dump(format=ox.RdfFormat.N_QUADS), format=ox.RdfFormat.N_QUADS)
    before = index_for(mem)
    assert index_for(mem) is before and before.search("zqxprobe").total == 0
    mem.native.add(ox.Quad(ox.NamedNode(f"{ID}test/search-probe"), ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label"),
                           ox.Literal("Zqxprobe", language="en"), ox.NamedNode(f"{ID}test")))
    after = index_for(mem)
    assert after is not before and [h.iri for h in after.search("zqxprobe").hits] == [str(ID["test/search-probe"])]
    assert URIRef(after.search("zqxprobe").hits[0].iri) == ID["test/search-probe"]


def test_an_index_file_of_another_layout_is_not_read(tmp_path: Path, store: EmbeddedStore) -> None:
    """A version whose search file has no or another format mark gets an index built from the store instead."""
    import sqlite3

    version, _ = write_version(tmp_path, store.native.dump(format=ox.RdfFormat.N_QUADS))
    with sqlite3.connect(version / SEARCH_FILE) as con:
        con.execute("UPDATE meta SET value = 'old' WHERE name = 'format'")
    con.close()
    index = index_for(EmbeddedStore(version, read_only=True))
    assert index.path != version / SEARCH_FILE
    assert index.search("68/2006/QH11").hits[0].iri == LAW_68


def test_a_code_for_a_vietnamese_name_shows_the_title_in_the_other_language() -> None:
    """A made-up standard whose only Vietnamese label is its code (the ISO catalogue has no Vietnamese titles): its
    hit shows the English title as the snippet in Vietnamese, and nothing in English (the label is the title)."""
    from tests.made_up import store_of

    store = store_of('<std/x-1:2000> a vnqi:Standard ; dcterms:identifier "X 1:2000" ;\n'
                     '  rdfs:label "X 1:2000"@vi , "Made-up widgets - Vocabulary"@en .\n')
    index = index_for(store)
    vi, en = index.search("X 1:2000").hits[0], index.search("X 1:2000", lang="en").hits[0]
    assert (vi.label, vi.snippet) == ("X 1:2000", "Made-up widgets - Vocabulary")
    assert (en.label, en.snippet) == ("Made-up widgets - Vocabulary", None)


def test_editions_of_one_standard_come_newest_first(store: EmbeddedStore) -> None:
    """Hits of equal standing come in row order; the editions of one standard newest first, not by IRI (which put
    TCVN ISO 9001:2000, known only from the laws that cite it, before the current 2015 edition)."""
    mem = EmbeddedStore(None)
    mem.native.bulk_load(store.native.dump(format=ox.RdfFormat.N_QUADS), format=ox.RdfFormat.N_QUADS)
    graph, ident = ox.NamedNode(f"{ID}test"), ox.NamedNode("http://purl.org/dc/terms/identifier")
    for year in ("2000", "2008"):
        node = ox.NamedNode(f"{ID}std/tcvn-iso-9001-{year}")
        mem.native.add(ox.Quad(node, ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
                               ox.NamedNode(str(VNQI.NationalStandard)), graph))
        mem.native.add(ox.Quad(node, ident, ox.Literal(f"TCVN ISO 9001:{year}"), graph))
    codes = [h.identifier for h in index_for(mem).suggest("tcvn iso 9001")]
    assert codes[:3] == ["TCVN ISO 9001:2015", "TCVN ISO 9001:2008", "TCVN ISO 9001:2000"]
    found = [h.identifier for h in index_for(mem).search("tcvn iso 9001", limit=20).hits]
    assert [c for c in found if c.startswith("TCVN ISO 9001:")] == codes[:3]
