"""An entity with two names in one language is always shown by the same one (the last in code point order: the
descriptive one in the data), on its links out, its links in, the lists and its own page; SAMPLE let the store pick
either. Of two identifiers, the first."""

from __future__ import annotations

from rdflib import URIRef

from api.entity_view import title_of
from graph.entity import fetch, named
from graph.query import select
from tests.made_up import ID, store_of

# Pairs of names (short ones are stored inline by Oxigraph, long ones by hash), each written in both orders.
PAIRS = [("Beta", "Alpha"), ("Luật Đo lường", "Luat Do luong"),
         ("Tiêu chuẩn quốc gia về hệ thống quản lý chất lượng — Các yêu cầu", "TCVN ISO 9001:2015 — hệ thống quản lý"),
         ("Zz", "zz"), ("Quyết định số 996/QĐ-TTg của Thủ tướng Chính phủ", "Quyết định 996")]


def turtle() -> str:
    """Hub <h> cited by t0…tN, citing them back; each t has one pair of Vietnamese and of English names."""
    lines = []
    for i, (a, b) in enumerate(PAIRS + [(b, a) for a, b in PAIRS]):
        lines.append(f'<t{i}> a eli:LegalResource ; rdfs:label "{a}"@vi, "{b}"@vi, "{a} en"@en, "{b} en"@en ; '
                     f'dcterms:identifier "{b}", "{a}" ; eli:cites <h> .')
        lines.append(f"<h> eli:cites <t{i}> .")
    return "\n".join(lines)


def expected() -> dict[str, tuple[str, str, str]]:
    """t's IRI → (vi name, en name, identifier) that should show: the last name of each pair, the first identifier."""
    return {f"{ID}t{i}": (max(a, b), max(f"{a} en", f"{b} en"), min(a, b))
            for i, (a, b) in enumerate(PAIRS + [(b, a) for a, b in PAIRS])}


def test_links_out_and_in_show_the_first_name() -> None:
    store = store_of(turtle())
    data = fetch(store, ID + "h")
    cites = "http://data.europa.eu/eli/ontology#cites"
    out = {str(t.node): (t.label("vi"), t.label("en"), t.identifier) for t in data.values(cites)}
    incoming = {str(t.node): (t.label("vi"), t.label("en"), t.identifier) for t in data.incoming[cites].page}
    assert out == expected()
    assert incoming == expected()
    for iri, names in expected().items():
        term = named(store, URIRef(iri))
        assert (term.label("vi"), term.label("en"), term.identifier) == names


def test_list_entries_show_the_first_name() -> None:
    store = store_of(turtle())
    for iri, (vi, en, _) in expected().items():
        rows = select(store, "list-entry-label", e=URIRef(iri)).dicts()
        assert [(str(r["label_vi"]), str(r["label_en"])) for r in rows] == [(vi, en)]


def test_the_page_title_is_the_name_its_links_show() -> None:
    store = store_of(turtle() + '\n<p> <http://www.w3.org/2004/02/skos/core#prefLabel> "Ab"@vi ; rdfs:label "Aa"@vi, "B"@en .\n<h> eli:cites <p> .')
    for iri, (vi, en, _) in expected().items():
        data = fetch(store, iri)
        assert (title_of(data, "vi"), title_of(data, "en")) == (vi, en)
    page = fetch(store, ID + "p")
    link = next(t for t in fetch(store, ID + "h").values("http://data.europa.eu/eli/ontology#cites")
                if str(t.node) == ID + "p")
    assert title_of(page, "vi") == link.label("vi") == "Ab"  # a preferred label counts as a name too
    assert title_of(page, "en") == link.label("en") == "B"


def test_the_real_laws_and_standards_show_their_descriptive_names(store, imports: dict[str, object]) -> None:
    """The pháp điển importer names a law "Luật 68/2006/QH11", the ISO catalogue an edition "ISO 9001:2015"; with the
    fact sheet's names beside them (as in a build), the descriptive ones show, on the page and on links."""
    label = "<http://www.w3.org/2000/01/rdf-schema#label>"
    cases = [("doc/68-2006-qh11", "vn-phapdien-qi", "Luật Tiêu chuẩn và Quy chuẩn kỹ thuật",
              "Law on Standards and Technical Regulations"),
             ("doc/05-2007-qh12", "vn-phapdien-qi", "Luật Chất lượng sản phẩm, hàng hóa",
              "Law on Product and Goods Quality"),
             ("std/iso-9001-2015", "iso-catalogue-relaton", "ISO 9001:2015 Hệ thống quản lý chất lượng - Các yêu cầu",
              None)]
    lines = []
    for path, source, _vi, _en in cases:
        subject = f"<{ID}{path}> {label} "
        imported = [line for line in imports[source][1].lines() if line.startswith(subject)]  # type: ignore[index]
        assert imported, (path, source)  # the importer does name it
        lines += [line.strip() for line in imported]  # N-Triples lines
        for row in store.select(f"SELECT ?l WHERE {{ <{ID}{path}> {label} ?l }}").rows:
            lines.append(f"{subject}{row[0].n3()} .")
    both = store_of("\n".join(lines))
    for path, _source, vi, en in cases:
        page = fetch(both, ID + path)
        assert title_of(page, "vi") == named(both, URIRef(ID + path)).label("vi") == vi
        if en:
            assert title_of(page, "en") == en
