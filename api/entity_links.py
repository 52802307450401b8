"""The links of an entity page: outgoing and incoming links grouped by relation, each read in the page's direction
(an incoming link is shown under its inverse property, or the property itself if symmetric, else under its inverse
label, vnqi:inverseLabel; "← label" only for a property with none of these), paged, with labels instead of IRIs."""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlencode

from api.browse_view import count_of
from api.strings.entity import TERM_LABELS
from graph.entity import PAGE, EntityData, Term, note_in
from graph.entity_docs import document_of
from graph.entity_terms import Terms
from graph.natural_order import natural_key

RDF, DCT = "http://www.w3.org/1999/02/22-rdf-syntax-ns#", "http://purl.org/dc/terms/"
VNQI = "https://w3id.org/vnqi/def#"
ELI = "http://data.europa.eu/eli/ontology#"
# Outgoing IRIs shown in the page header rather than as links.
HEADER = {RDF + "type", DCT + "source", VNQI + "factStatus", VNQI + "legalStatus"}
# Relations first on the page, in this order (by the property read from the page's entity); others by label.
FIRST = [VNQI + n for n in (
    "amendedBy", "amends", "detailedBy", "details", "guidedBy", "guides", "replacedBy", "replaces", "repealedBy",
    "repeals", "partlyRepealedBy", "repealsPartOf", "correctedBy", "corrects", "hasLegalBasis", "isLegalBasisOf",
    "editionOf", "supersedes", "supersededBy", "adopts", "adoptsIdentical", "adoptsModified", "adoptsNotEquivalent",
    "citesStandard", "taskOf", "orientationOf", "hasOrientation", "hasTask", "concerns", "responsibleOrganization",
    "proposedBy", "fulfilledBy", "approvedBy", "approves")] + [ELI + "is_part_of", ELI + "passed_by"]


def term_label(terms: Terms, iri: str, lang: str) -> str:
    """A vocabulary term's label: from the store, else the reused vocabularies' table, else its local name."""
    found = terms.label(iri, lang) or TERM_LABELS.get(iri, {}).get(lang)
    return found or iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def link_label(term: Term, lang: str) -> str:
    """A linked entity's label in `lang` (else the other language, else its identifier or IRI)."""
    return term.label(lang) or term.identifier or str(term.node)


@dataclass
class Part:
    """Links of one group from one side: outgoing (Python-paged) or incoming (keyset-paged in the store)."""

    items: list[dict]
    total: int
    more_href: str | None = None
    first_href: str | None = None


@dataclass
class Group:
    """One relation as read from the page's entity: its label and its links."""

    key: str
    label: str
    parts: list[Part] = field(default_factory=list)

    @property
    def total(self) -> int:
        """Number of links in the group."""
        return sum(p.total for p in self.parts)


def _href(base: str, params: dict[str, str]) -> str:
    """A link to this page with paging parameters (none: the bare page, not "page?")."""
    return base + "?" + urlencode(params) if params else base


def _item(term: Term, lang: str, status: tuple[str, dict[str, str]] | None, terms: Terms, id_base: str,
          home: str = "") -> dict:
    """One link for the template; a provision of another document than `home` (the page's) says which one."""
    node = str(term.node)
    number = f"{term.ordinal}. " if term.ordinal is not None else ""  # a numbered item (vnqi:ordinal): "6. …"
    label = number + link_label(term, lang)
    if term.document_id and term.document != home and term.document_id not in label:
        label += f" ({term.document_id})"  # "Điều 20 (01/2021/TT-BNNPTNT)"
    return {"iri": node, "href": local_href(node, id_base), "label": label,
            "identifier": term.identifier,
            "status": term_label(terms, status[0], lang) if status else None,
            "status_key": status[0].rsplit("/", 1)[-1] if status else None,
            "note": note_in(status[1], lang) if status else None, "is_iri": term.is_iri}


def local_href(iri: str, id_base: str) -> str | None:
    """The path an entity IRI is browsed at on this server (its /id/ path), the IRI itself for a web address, or
    None (not a link: e.g. a urn: or a javascript: IRI)."""
    if iri.startswith(id_base):
        return "/id/" + iri.removeprefix(id_base)
    return iri if iri.startswith(("http://", "https://")) else None


def groups(data: EntityData, terms: Terms, lang: str, base: str, query: dict[str, str], id_base: str
           ) -> list[Group]:
    """Every outgoing IRI link (but the header's) and every incoming link, grouped, ordered and paged."""
    found: dict[str, Group] = {}
    home = document_of(data.iri)  # the page's document: its own provisions need no number
    wanted, page = query.get("rel", ""), max(count_of(query.get("page")) or 1, 1)  # a bad page: the first
    out: dict[str, list[Term]] = {}
    for p, term in data.out:
        if term.is_iri and p not in HEADER:
            out.setdefault(p, []).append(term)
    for p, items in out.items():
        items.sort(key=lambda t: (t.ordinal is None, t.ordinal or 0, natural_key(link_label(t, lang))))
        n = page if wanted == "out:" + p else 1
        part = Part([_item(t, lang, data.statuses.get((data.iri, p, str(t.node))), terms, id_base, home)
                     for t in items[(n - 1) * PAGE:n * PAGE]], len(items))
        if n * PAGE < len(items):
            part.more_href = _href(base, {**_keep(query), "rel": "out:" + p, "page": str(n + 1)})
        if n > 1:
            part.first_href = _href(base, _keep(query))
        found.setdefault(p, Group(p, term_label(terms, p, lang))).parts.append(part)
    for p, incoming in data.incoming.items():
        key, label = incoming_reading(terms, p, lang)
        stated = {str(t.node) for t in out.get(key, ())}  # the same link stated both ways is listed once
        page_items = sorted((t for t in incoming.page if str(t.node) not in stated),  # a page in reading order
                            key=lambda t: (t.ordinal is None, t.ordinal or 0, natural_key(link_label(t, lang))))
        part = Part([_item(t, lang, data.statuses.get((str(t.node), p, data.iri)), terms, id_base, home)
                     for t in page_items], incoming.total - (len(incoming.page) - len(page_items)))
        if incoming.more:
            part.more_href = _href(base, {**_keep(query), "rel": "in:" + p, "after": incoming.more})
        if incoming.after:
            part.first_href = _href(base, _keep(query))
        if part.items:  # empty when every link of the page is the same as an outgoing one
            found.setdefault(key, Group(key, label)).parts.append(part)
    order = {p: i for i, p in enumerate(FIRST)}
    return sorted(found.values(), key=lambda g: (order.get(g.key, len(order)), g.key.startswith("^"),
                                                 g.label.casefold()))


def incoming_reading(terms: Terms, p: str, lang: str) -> tuple[str, str]:
    """The group key and label of links into the page by `p`, read from the page's entity: the inverse property,
    the property itself if symmetric, else "^p" under its inverse label (or "← label" when it has none)."""
    reading = terms.inverse.get(p) or (p if p in terms.symmetric else None)
    if reading:
        return reading, term_label(terms, reading, lang)
    return "^" + p, terms.inverse_label(p, lang) or "← " + term_label(terms, p, lang)


def _keep(query: dict[str, str]) -> dict[str, str]:
    """The page's parameters other than paging ones."""
    return {k: v for k, v in query.items() if k not in ("rel", "page", "after")}
