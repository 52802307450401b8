"""The documents of the provisions a page links to: "Điều 20" alone names no document, so a provision of another
document is shown with that document's number (one small query per document, none for the page's own)."""

from __future__ import annotations

import re
from dataclasses import replace

from rdflib import URIRef

from graph.entity import EntityData, Term, named
from graph.store.base import Store

PROVISION = re.compile(r"/id/doc/[^/]+(?=/(chuong|dieu|khoan|diem)-)")  # a document's IRI, then its provision's


def document_of(iri: str) -> str:
    """The document IRI a provision IRI belongs to (the IRI itself for a document, and for any IRI not under
    id:doc/: code:doc-type/dieu-uoc is no provision)."""
    match = PROVISION.search(iri)
    return iri[:match.end()] if match else iri


def numbered(label: str | None, lang: str | None, number: str) -> str | None:
    """A provision's label with its document's number, as search and lists show it: "Điều 3 68/2006/QH11",
    "Article 3 of 68/2006/QH11" (unchanged when it already holds the number, None when there is no label)."""
    if not label or number in label:
        return label
    return f"{label} of {number}" if lang == "en" else f"{label} {number}"


def with_documents(store: Store, data: EntityData) -> EntityData:
    """`data` with each linked provision of another document than the page's carrying that document and its
    number (Term.document, Term.document_id)."""
    home = document_of(data.iri)
    linked = [t for _, t in data.out] + [t for item in data.incoming.values() for t in item.page]
    provisions = [t for t in linked if t.is_iri and document_of(str(t.node)) != str(t.node)]
    numbers = {d: named(store, URIRef(d)).identifier for d in {document_of(str(t.node)) for t in provisions} - {home}}

    def placed(term: Term) -> Term:
        doc = document_of(str(term.node)) if term.is_iri else None
        return replace(term, document=doc, document_id=numbers[doc]) if doc in numbers and doc != str(term.node) \
            else term

    data.out[:] = [(p, placed(t)) for p, t in data.out]
    for item in data.incoming.values():
        item.page[:] = [placed(t) for t in item.page]
    return data
