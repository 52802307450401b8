"""The analyses an entity page offers (impact analysis, the timeline), each a link to its own page."""

from __future__ import annotations

from urllib.parse import urlencode

from rdflib import URIRef

from graph.query import ask
from graph.store.base import Store


def actions(store: Store, iri: str, lang: str) -> list[dict[str, str]]:
    """Links for an entity: the timeline of a legal text, a what-if from anything a what-if may change (a legal text,
    a standard edition, a QCVN), and the impact of an amending act."""
    entity, found = URIRef(iri), []
    if ask(store, "is-legal-resource", entity=entity):
        found.append({"id": "timeline-link", "key": "ent_timeline",
                      "href": "/timeline?" + urlencode({"document": iri, "lang": lang})})
    if ask(store, "can-change", entity=entity):
        found.append({"id": "what-if-link", "key": "ent_what_if",
                      "href": "/impact?" + urlencode({"document": iri, "lang": lang})})
    if ask(store, "is-amending-act", entity=entity):
        found.append({"id": "amendment-impact-link", "key": "ent_act_impact",
                      "href": "/impact?" + urlencode({"amendment": iri, "lang": lang})})
    return found
