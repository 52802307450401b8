"""Legal documents known only from the Bộ pháp điển texts that cite them by type and number.

The Bộ pháp điển files describe the documents codified in three topics; their articles also cite others by number
("Thông tư số 01/2010/TT-BKHCN", "Quyết định số 144/2006/QĐ-TTg"). A number of a known form (phapdien_map's
NUMBER_RULES: a law, a decree, a decision of the Prime Minister or a minister, a circular) names one document, so it
gets a node that says what the citation says: its class and document type by the number, its number, a name of
type and number, status inferred, from the citations' graph, with a note naming where it was first read. So does
a Prime Minister's individual decision, numbered without a year ("712/QĐ-TTg": the fact sheet's numbering pattern
of the type qd-ttg-ca-biet). The issuer is read from the number's symbol ("TT-BKHCN", "TTLT-BTC-BKHCN") where
documents.csv gives every document with that symbol the same issuer. A number of no known form ("196/2006/QĐ- BQP",
split by a stray space; "1073/QĐ-BKHCNMT", a former ministry's decision without its year) is left unresolved.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS

from graph.importers import phapdien_map as M
from graph.importers.citations_dates import date_triples
from graph.importers.citations_standards import known_only
from graph.importers.common import Summary, Triple, csv_rows, reified
from graph.namespaces import CODE, ELI, VNQI

NAMES = {"Law": ("Luật", "Law"), "Decree": ("Nghị định", "Decree"), "PMDecision": ("Quyết định", "Decision"),
         "MinisterialDecision": ("Quyết định", "Decision"), "Circular": ("Thông tư", "Circular")}
JOINT = re.compile(r"/TTLT-")
PLACEHOLDER = re.compile(r"XXX")
RULES = [*M.NUMBER_RULES, (r"^\d+/QĐ-TTg$", "PMDecision", "qd-ttg-ca-biet")]  # facts.yaml: "NNNN/QĐ-TTg (no year)"


@dataclass
class CitedDocument:
    """A document number first read in one place of the texts, and the dates the texts write after it."""

    number: str
    article: str  # the number of the citing article ("10")
    document: str  # the number of the document that article is in
    span: str
    dates: dict[str, str] = field(default_factory=dict)  # YYYY-MM-DD → where it was first read ("Article 6 of …")


def document_kind(number: str) -> tuple[str, str] | None:
    """(vnqi class, code:doc-type concept) of a document number of a known form; None otherwise (and for a drafting
    placeholder, "…/TT-XXX")."""
    if PLACEHOLDER.search(number):
        return None
    for pattern, cls, concept in RULES:
        if re.search(pattern, number):
            return cls, concept
    return None


def symbol(number: str) -> str:
    """The symbol of a document number, after its last slash ("01/2010/TT-BKHCN" → "TT-BKHCN")."""
    return number.rsplit("/", 1)[-1]


def issuers_by_symbol(path: Path, summary: Summary) -> dict[str, tuple[str, ...]]:
    """Issuing organisations (short names) by symbol, where every document of documents.csv with that symbol and an
    issuer has the same ones."""
    seen: dict[str, set[tuple[str, ...]]] = defaultdict(set)
    for _line, row in csv_rows(path, ("doc_number", "issuer"), Summary(summary.source)):  # its skips are not ours
        if row["issuer"] in M.ISSUERS:
            seen[symbol(row["doc_number"])].add(tuple(M.ISSUERS[row["issuer"]]))
    return {sym: next(iter(orgs)) for sym, orgs in seen.items() if len(orgs) == 1}


def document_nodes(cited: dict[str, CitedDocument], issuers: dict[str, tuple[str, ...]],
                   source: URIRef) -> Iterator[Triple]:
    """The nodes of the document numbers cited but described by no source (keyed by IRI)."""
    for iri, first in sorted(cited.items()):
        kind = document_kind(first.number)
        assert kind is not None  # only numbers of a known form are gathered
        node, (cls, concept) = URIRef(iri), kind
        name_vi, name_en = ("Thông tư liên tịch", "Joint Circular") if JOINT.search(first.number) else NAMES[cls]
        yield from ((node, RDF.type, VNQI[cls]), (node, ELI.type_document, CODE[f"doc-type/{concept}"]),
                    (node, DCTERMS.identifier, Literal(first.number)),
                    (node, RDFS.label, Literal(f"{name_vi} {first.number}", lang="vi")),
                    (node, RDFS.label, Literal(f"{name_en} {first.number}", lang="en")),
                    *known_only(node, first.article, first.document, first.span, source))
        yield from date_triples(node, first.number, first.dates, source)
        for short in issuers.get(symbol(first.number), ()):
            yield node, ELI.passed_by, M.org_iri(short)
            yield from inferred_issuer(node, M.org_iri(short), symbol(first.number), source)


def inferred_issuer(node: URIRef, org: URIRef, sym: str, source: URIRef) -> Iterator[Triple]:
    """A statement node saying how the issuer was read: from the number's symbol, as documents.csv pairs them."""
    notes = [Literal(f"Read from the symbol “{sym}” of the number: every document of the Bộ pháp điển's "
                     "documents.csv with this symbol and an issuer has this one.", lang="en"),
             Literal(f"Suy ra từ ký hiệu “{sym}” của số văn bản: mọi văn bản có ký hiệu này và có ghi cơ quan ban "
                     "hành trong documents.csv của Bộ pháp điển đều do cơ quan này ban hành.", lang="vi")]
    yield from reified("cd", f"{node} {org}", node, ELI.passed_by, org, CODE["fact-status/inferred"], source,
                       notes)[1]
