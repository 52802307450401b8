"""Property tests (Hypothesis): the slug/IRI builder, the citation tokenizer and parser, content negotiation, and
the impact engine (results independent of the order of entities and edges; no path through an entity that is
not in force)."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pyoxigraph as ox
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from api.negotiation import (
    HTML,
    RDF_FORMATS,
    RESULT_FORMATS,
    by_name,
    negotiate,
    parse_accept,
)
from graph.citations.grammar import parse
from graph.citations.tokens import normalize_std, tokenize
from graph.ids import doc_iri, provision_iri, provision_number_slug, slug, std_iri
from graph.impact import impact_of
from graph.impact_amendment import what_if
from graph.namespaces import ID
from graph.store import EmbeddedStore

ROOT = Path(__file__).resolve().parents[2]
SLUG = re.compile(r"^([a-z0-9]+(-[a-z0-9]+)*)?$")
FAST = settings(max_examples=200, deadline=None, derandomize=True, database=None)
TEXT = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=60)
VIETNAMESE = st.text(st.sampled_from(list("aăâbcdđeêghiklmnoôơpqrstuưvxyàảãáạằẳẵắặầẩẫấậèẻẽéẹềểễếệìỉĩíịòỏõóọồổỗốộ"
                                          "ờởỡớợùủũúụừửữứựỳỷỹýỵĐÂĂÊÔƠƯ0123456789 /-.:")), max_size=40)


# ------------------------------------------------------------------------------------------------ slugs and IRIs

@FAST
@given(TEXT | VIETNAMESE)
def test_slugs_are_lowercase_ascii_and_stable(text: str) -> None:
    value = slug(text)
    assert SLUG.match(value), value
    assert slug(value) == value  # idempotent
    assert slug(text.upper()) == value or "ß" in text or "ı" in text.lower() or not text.isascii()


@FAST
@given(VIETNAMESE)
def test_document_and_standard_iris_stay_under_the_base(number: str) -> None:
    for iri in (doc_iri(number), std_iri(number)):
        assert str(iri).startswith(str(ID)) and not re.search(r"[\s<>\"{}|^`\\]", str(iri))
        tail = str(iri).removeprefix(str(ID)).split("/", 1)[1]
        assert SLUG.match(tail) and ".." not in tail


@FAST
@given(st.lists(st.tuples(st.sampled_from(["dieu", "khoan", "diem"]), VIETNAMESE), max_size=3))
def test_provision_iris_extend_their_document(parts: list[tuple[str, str]]) -> None:
    document = doc_iri("68/2006/QH11")
    iri = str(provision_iri(document, *parts))
    assert iri.startswith(str(document))
    assert iri.count("/") == str(document).count("/") + len(parts)


def test_d_and_dd_stay_distinct() -> None:
    assert provision_number_slug("6d") != provision_number_slug("6đ")


# ------------------------------------------------------------------------------------------------ citations

CITATION_WORDS = st.lists(st.sampled_from(["Điều", "khoản", "điểm", "Luật", "Nghị định", "số", "này", "của", "và",
                                           "68/2006/QH11", "132/2008/NĐ-CP", "TCVN ISO 17025:2017", "ISO 9001",
                                           "3", "1", "a", "đ", ",", ";", "(", ")", "Chương", "II", "sửa đổi",
                                           "Bãi bỏ", "Thay thế cụm từ", "\n", "…", "QCVN 01:2009/BKHCN"]),
                          max_size=30).map(" ".join)


@settings(max_examples=300, deadline=None, derandomize=True, database=None)
@given(CITATION_WORDS | TEXT)
def test_citation_parser_takes_any_text(text: str) -> None:
    tokens = tokenize(text)
    citations = parse(text, tokens, {})  # never raises, whatever the text
    assert isinstance(citations, list)
    for token in tokens:
        assert 0 <= token.start <= token.end <= len(text)


@FAST
@given(st.sampled_from(["TCVN", "ISO", "ISO/IEC", "QCVN"]), st.integers(1, 99999), st.integers(1990, 2030))
def test_standard_codes_normalise_idempotently(body: str, number: int, year: int) -> None:
    code = f"{body} {number}:{year}"
    assert normalize_std(normalize_std(code)) == normalize_std(code)


# ------------------------------------------------------------------------------------------------ negotiation

MEDIA = st.sampled_from(["text/html", "application/xhtml+xml", "application/json", "text/turtle", "text/*", "*/*",
                         "application/*", "application/sparql-results+json", "application/ld+json", "text/csv",
                         "application/rdf+xml", "text/xml", "image/png", "application/n-triples"])
QUALITY = st.sampled_from(["", ";q=0", ";q=0.1", ";q=0.5", ";q=1", ";q=abc", ";q=1e309", ";q=-1", ";level=1"])
ACCEPT = st.lists(st.tuples(MEDIA, QUALITY).map("".join), max_size=6).map(", ".join) | TEXT


@settings(max_examples=400, deadline=None, derandomize=True, database=None)
@given(ACCEPT)
def test_negotiation_picks_an_offer_the_client_accepts(accept: str) -> None:
    ranges = parse_accept(accept)
    for table in (RESULT_FORMATS, RDF_FORMATS, (*RESULT_FORMATS, *RDF_FORMATS, HTML)):
        offer = negotiate(accept, table)
        if offer is None:
            continue
        assert offer in table
        major = offer.media_type.split("/")[0]
        allowed = [q for media, q, _ in ranges if media in (*offer.types(), f"{major}/*", "*/*")]
        assert allowed and max(allowed) > 0, (accept, offer)


@FAST
@given(ACCEPT)
def test_negotiation_does_not_depend_on_whitespace(accept: str) -> None:
    spaced = ", ".join(part.strip() for part in accept.split(","))
    for table in (RESULT_FORMATS, RDF_FORMATS):
        assert negotiate(accept, table) == negotiate(spaced, table) or ";" in accept


@FAST
@given(TEXT)
def test_format_names_never_raise(name: str) -> None:
    for table in (RESULT_FORMATS, RDF_FORMATS):
        found = by_name(name, table)
        assert found is None or found in table


# ------------------------------------------------------------------------------------------------ impact engine

RULES = (ROOT / "ontology" / "impact.ttl").read_bytes()
LEGAL = (ROOT / "ontology" / "legal.ttl").read_bytes()
LINKS = ["details", "guides", "cites", "hasLegalBasis"]


@st.composite
def dependency_graphs(draw: st.DrawFn) -> tuple[list[tuple[int, int | None]], list[tuple[int, int, str]]]:
    """Documents (entry into force year, end year or None) and links (source, target, relation) between them;
    document 0 is the law whose first article changes; targets -1 are that article."""
    count = draw(st.integers(2, 8))
    docs = [(2000, None)] + [draw(st.tuples(st.integers(2001, 2030), st.none() | st.integers(2002, 2035)))
                             for _ in range(count - 1)]
    links = draw(st.lists(st.tuples(st.integers(1, count - 1), st.integers(-1, count - 1), st.sampled_from(LINKS))
                          .filter(lambda e: e[0] != e[1]), max_size=16, unique=True))
    return docs, links


def store_of(docs: list[tuple[int, int | None]], links: list[tuple[int, int, str]], names: list[str]
             ) -> EmbeddedStore:
    """The graph with document i at id:doc/t-<names[i]>; labels by index, so sorting does not depend on names."""
    iri = lambda i: f"<{ID}doc/t-{names[0]}/dieu-1>" if i == -1 else f"<{ID}doc/t-{names[i]}>"
    lines = [(f"{iri(-1)} a <https://w3id.org/vnqi/def#Article> ; <http://data.europa.eu/eli/ontology#is_part_of> "
             f"{iri(0)} .")]
    for i, (start, end) in enumerate(docs):
        kind = "Law" if i == 0 else "Decree"
        lines.append(f'{iri(i)} a <https://w3id.org/vnqi/def#{kind}> ; <http://www.w3.org/2000/01/rdf-schema#label> '
                     f'"document {i}"@vi ; <http://data.europa.eu/eli/ontology#first_date_entry_in_force> '
                     f'"{start}-01-01"^^<http://www.w3.org/2001/XMLSchema#date> .')
        if end is not None:
            lines.append(f'{iri(i)} <http://data.europa.eu/eli/ontology#date_no_longer_in_force> '
                         f'"{max(end, start + 1)}-01-01"^^<http://www.w3.org/2001/XMLSchema#date> .')
    lines += [f"{iri(s)} <https://w3id.org/vnqi/def#{rel}> {iri(t)} ." for s, t, rel in links]
    store = EmbeddedStore(None)
    store.native.load("\n".join(lines).encode(), format=ox.RdfFormat.TURTLE,
                      to_graph=ox.NamedNode("https://w3id.org/vnqi/graph/data/test"))
    store.native.load(RULES, format=ox.RdfFormat.TURTLE,
                      to_graph=ox.NamedNode("https://w3id.org/vnqi/graph/ontology/impact"))
    store.native.load(LEGAL, format=ox.RdfFormat.TURTLE,  # the classes that say what a what-if may change
                      to_graph=ox.NamedNode("https://w3id.org/vnqi/graph/ontology/legal"))
    return store


def summary(store: EmbeddedStore, names: list[str], day: date) -> dict:
    """The report with IRIs replaced by document indexes: affected (distance, role, strength, paths), excluded."""
    index = {f"{ID}doc/t-{n}": str(i) for i, n in enumerate(names)} | {f"{ID}doc/t-{names[0]}/dieu-1": "art"}
    report = impact_of(store, what_if(store, f"{ID}doc/t-{names[0]}", ["dieu-1"], "amended", day), depth=10)
    return {"affected": {index[a.entity.iri]: (a.distance, a.role, a.strength,
                                                sorted(tuple(index[s.target] for s in p) for p in a.paths))
                         for a in report.affected},
            "excluded": sorted(index[e.iri] for e, _ in report.excluded)}


@settings(max_examples=60, deadline=None, derandomize=True, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(dependency_graphs(), st.randoms(use_true_random=False))
def test_impact_does_not_depend_on_names_or_edge_order(graph: tuple, rng) -> None:  # type: ignore[no-untyped-def]
    docs, links = graph
    names = [f"a{i:02d}" for i in range(len(docs))]
    renamed = [f"n{v:02d}" for v in rng.sample(range(len(docs)), len(docs))]  # another order of the IRIs
    shuffled = rng.sample(links, len(links))
    first = summary(store_of(docs, links, names), names, date(2020, 1, 1))
    assert first == summary(store_of(docs, shuffled, renamed), renamed, date(2020, 1, 1))


@settings(max_examples=60, deadline=None, derandomize=True, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(dependency_graphs(), st.integers(2001, 2034))
def test_no_explaining_path_goes_through_an_entity_not_in_force(graph: tuple, year: int) -> None:
    docs, links = graph
    names = [f"a{i:02d}" for i in range(len(docs))]
    day = date(year, 6, 1)
    store = store_of(docs, links, names)
    report = impact_of(store, what_if(store, f"{ID}doc/t-{names[0]}", ["dieu-1"], "amended", day), depth=10)
    for affected in report.affected:
        assert affected.entity.in_force_on(day), affected.entity
        for path in affected.paths:
            for step in path:
                entity = next(e for e in [affected.entity, *(a.entity for a in report.affected)]
                              if e.iri == step.target) if step.target != affected.entity.iri else affected.entity
                assert entity.in_force_on(day), (step, entity)
    for entity, _ in report.excluded:
        assert not entity.in_force_on(day)
