"""An entity with two names in one language is always shown by the same one (the first in code point order), on
its links out, its links in, the lists and its own page; SAMPLE let the store pick either."""

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
    """t's IRI → (vi name, en name, identifier) that should show: the least of each pair."""
    return {f"{ID}t{i}": (min(a, b), min(f"{a} en", f"{b} en"), min(a, b))
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
    store = store_of(turtle() + '\n<p> <http://www.w3.org/2004/02/skos/core#prefLabel> "Aa"@vi ; rdfs:label "Ab"@vi, "B"@en .\n<h> eli:cites <p> .')
    for iri, (vi, en, _) in expected().items():
        data = fetch(store, iri)
        assert (title_of(data, "vi"), title_of(data, "en")) == (vi, en)
    page = fetch(store, ID + "p")
    link = next(t for t in fetch(store, ID + "h").values("http://data.europa.eu/eli/ontology#cites")
                if str(t.node) == ID + "p")
    assert title_of(page, "vi") == link.label("vi") == "Aa"  # a preferred label counts as a name too
    assert title_of(page, "en") == link.label("en") == "B"
