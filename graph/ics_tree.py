"""The ICS classification (SKOS scheme code:ics, from graph/importers/ics.py) as a tree to browse, with the
entities classified under each code (dcterms:subject)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from rdflib import Literal, URIRef

from graph.browse import PAGE_SIZE, Member, MemberPage, collation_key
from graph.browse_cache import cached
from graph.browse_classes import text
from graph.browse_summary import section
from graph.errors import NotFound, QueryError
from graph.ids import slug
from graph.namespaces import CODE
from graph.query import select
from graph.store.base import Store

NOTATION = re.compile(r"\d{2}(?:[.-]\d{3}(?:[.-]\d{2})?)?")


@dataclass(frozen=True)
class IcsConcept:
    """An ICS code: notation, English and French titles, and counts of children and classified entities."""

    iri: str
    notation: str
    labels: dict[str, str]
    children: int = 0
    classified: int = 0


@dataclass(frozen=True)
class IcsNode:
    """A code with its scope, broader chain (top first), narrower children and cross-references."""

    concept: IcsConcept
    scope: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    broader: list[IcsConcept] = field(default_factory=list)
    narrower: list[IcsConcept] = field(default_factory=list)
    related: list[IcsConcept] = field(default_factory=list)
    direct: int = 0


def concept_iri(code: str) -> URIRef:
    """code:ics/03-120-10 for '03.120.10' (or '03-120-10'); QueryError for what is not an ICS code."""
    if not NOTATION.fullmatch(code):
        raise QueryError(f"{code!r} is not an ICS code (two digits, then optionally .three digits and .two digits)",
                         key="err_bad_ics", code=code)
    return CODE[f"ics/{slug(code.replace('.', '-'))}"]


def labels_of(row: dict) -> dict[str, str]:  # type: ignore[type-arg]
    """{'en': …, 'fr': …} of a row (ICS has no Vietnamese titles)."""
    return {lang: str(row[f"label_{lang}"]) for lang in ("en", "fr") if f"label_{lang}" in row}


def top_fields(store: Store) -> list[IcsConcept]:
    """The top-level fields, by notation (empty when the ICS is not in the graph); cached per store version."""
    return cached(store, "ics top", load_top_fields)


def load_top_fields(store: Store) -> list[IcsConcept]:
    """The top-level fields, by notation, with their counts."""
    below = counts(store)
    return [IcsConcept(str(r["concept"]), str(r["notation"]), labels_of(r), int(r["children"]),
                       below.get(str(r["concept"]), (0, 0))[1]) for r in section(store, "ics-top")]


def counts(store: Store) -> dict[str, tuple[int, int]]:
    """Concept → (entities classified directly under it, entities in it or below it); cached per store version."""
    def load(s: Store) -> dict[str, tuple[int, int]]:
        return {r["concept"]: (int(r.get("direct", 0)), int(r["below"])) for r in section(s, "ics-counts")}

    return cached(store, "ics counts", load)


def node(store: Store, code: str) -> IcsNode:
    """A code with its neighbours in the tree; NotFound when the graph does not hold it."""
    iri = concept_iri(code)
    rows = select(store, "ics-concept", concept=iri).dicts()
    if not rows:
        raise NotFound(f"no ICS code {code!r} in the graph", key="err_no_ics", code=code)
    known = counts(store)
    direct, below = known.get(str(iri), (0, 0))
    concept = IcsConcept(str(iri), str(rows[0]["notation"]), labels_of(rows[0]), classified=below)
    out = IcsNode(concept, sorted({str(r["scope"]) for r in rows if "scope" in r}),
                  sorted({str(r["note"]) for r in rows if "note" in r}), direct=direct)
    for r in select(store, "ics-related", concept=iri).dicts():
        other = str(r["other"])
        getattr(out, str(r["relation"])).append(
            IcsConcept(other, str(r["notation"]), labels_of(r), classified=known.get(other, (0, 0))[1]))
    return out


def classified(store: Store, code: str, *, lang: str, page: int = 1) -> MemberPage:
    """One page (50) of the entities classified directly under the code, by identifier (Member.status: its class)."""
    iri = concept_iri(code)
    other = "en" if lang == "vi" else "vi"
    rows = select(store, "ics-classified", concept=iri, lang=Literal(lang), other=Literal(other)).dicts()
    members = sorted((Member(str(r["e"]), text(r.get("label")), text(r.get("otherLabel")), text(r.get("identifier")),
                             text(r.get("date")), text(r.get("type"))) for r in rows),
                     key=lambda m: (m.identifier is None, collation_key(m.identifier or ""), m.iri))
    result = MemberPage([], len(members), page)
    if page > result.pages:
        raise NotFound(f"page {page} is past the last page ({result.pages})", key="err_past_last_page", page=page,
                       pages=result.pages)
    return MemberPage(members[(page - 1) * PAGE_SIZE: page * PAGE_SIZE], len(members), page)
