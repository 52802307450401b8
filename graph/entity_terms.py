"""The vocabulary entity pages name (property labels, inverses and inverse labels, class hierarchy, status and
source graph labels), read once per store version and cached: a page then needs no query for a predicate or a
class."""

from __future__ import annotations

import weakref
from dataclasses import dataclass, field

from rdflib import Literal

from graph.query import select
from graph.store.base import Store

OWL = "http://www.w3.org/2002/07/owl#"
ELI = "http://data.europa.eu/eli/ontology#"
ORG = "http://www.w3.org/ns/org#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
# Inverse pairs and symmetric properties of the reused vocabularies (declared in ELI, ORG and SKOS, whose files are
# not loaded in the store).
EXTERNAL_INVERSES = {
    ELI + "is_part_of": ELI + "has_part", ELI + "has_part": ELI + "is_part_of",
    ORG + "subOrganizationOf": ORG + "hasSubOrganization", ORG + "hasSubOrganization": ORG + "subOrganizationOf",
    ORG + "unitOf": ORG + "hasUnit", ORG + "hasUnit": ORG + "unitOf",
    ORG + "hasMembership": ORG + "member", ORG + "member": ORG + "hasMembership",
    SKOS + "broader": SKOS + "narrower", SKOS + "narrower": SKOS + "broader",
    SKOS + "hasTopConcept": SKOS + "topConceptOf", SKOS + "topConceptOf": SKOS + "hasTopConcept",
    SKOS + "broadMatch": SKOS + "narrowMatch", SKOS + "narrowMatch": SKOS + "broadMatch",
}
EXTERNAL_SYMMETRIC = {SKOS + "related", SKOS + "exactMatch", SKOS + "closeMatch", SKOS + "relatedMatch"}


@dataclass
class Terms:
    """Labels (by language), inverses, symmetric properties, inverse labels (a property's name read from its object
    to its subject, by language), superclasses and source graph descriptions."""

    labels: dict[str, dict[str, str]] = field(default_factory=dict)
    inverse: dict[str, str] = field(default_factory=lambda: dict(EXTERNAL_INVERSES))
    symmetric: set[str] = field(default_factory=lambda: set(EXTERNAL_SYMMETRIC))
    inverse_labels: dict[str, dict[str, str]] = field(default_factory=dict)
    supers: dict[str, set[str]] = field(default_factory=dict)
    sources: dict[str, dict[str, list[Literal | str]]] = field(default_factory=dict)

    def label(self, iri: str, lang: str) -> str | None:
        """The term's label in `lang`, else in the other language, else None."""
        found = self.labels.get(iri, {})
        return found.get(lang) or found.get("en" if lang == "vi" else "vi")

    def inverse_label(self, iri: str, lang: str) -> str | None:
        """The property's name read from object to subject (vnqi:inverseLabel) in `lang`, else in the other
        language, else None."""
        found = self.inverse_labels.get(iri, {})
        return found.get(lang) or found.get("en" if lang == "vi" else "vi")

    def is_a(self, types: list[str], cls: str) -> bool:
        """Whether one of `types` is `cls` or one of its subclasses."""
        return any(t == cls or cls in self.supers.get(t, ()) for t in types)


def load_terms(store: Store) -> Terms:
    """Read the vocabulary and the graph of sources (two queries)."""
    terms = Terms()
    for row in select(store, "entity-terms").dicts():
        term = str(row["term"])
        for lang in ("vi", "en"):
            if f"label_{lang}" in row:
                terms.labels.setdefault(term, {}).setdefault(lang, str(row[f"label_{lang}"]))
            if f"inverse_label_{lang}" in row:
                terms.inverse_labels.setdefault(term, {}).setdefault(lang, str(row[f"inverse_label_{lang}"]))
        if "inverse" in row:
            terms.inverse[term] = str(row["inverse"])
        if str(row["kind"]) == OWL + "SymmetricProperty":
            terms.symmetric.add(term)
        if "super" in row:
            terms.supers.setdefault(term, set()).add(str(row["super"]))
    for row in select(store, "entity-sources").dicts():
        described = terms.sources.setdefault(str(row["g"]), {})
        described.setdefault(str(row["p"]), []).append(row["o"])  # type: ignore[arg-type]
    return terms


_CACHE: weakref.WeakKeyDictionary[Store, Terms] = weakref.WeakKeyDictionary()  # an entry goes with its store


def terms_for(store: Store) -> Terms:
    """The vocabulary of this store object (a store version), read on first use and cached."""
    cached = _CACHE.get(store)
    if cached is None:
        cached = _CACHE[store] = load_terms(store)
    return cached
