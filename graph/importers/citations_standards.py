"""National standards and technical regulations known only from the Bộ pháp điển texts that cite them.

No source of this project catalogues TCVN or QCVN (shared/data/README.md), yet the legal texts cite them by code:
"TCVN ISO 9001:2008" in 43 places, "QCVN 1:2007/BKHCN" for petrol and diesel. A code cited, not only mentioned
(graph/citations/mentions.py), is a standard the text relies on, so it gets a node that says only what the code
says: its class (QCVN: a technical regulation; TCVN with a year: a national standard edition; without one: a
standard work), the code as its identifier and label, and, when both are cited, edition → work. Status inferred, from the citations' graph, with a
note naming where it was first read. Never from a mention or a drafting placeholder ("QCVN 01:2016/XXX"), and
never an ISO or IEC code: the ISO catalogue is a source, so a code it does not list is left unresolved.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS

from graph.ids import std_iri
from graph.importers.common import Triple
from graph.namespaces import CODE, ELI, VNQI

NATIONAL = re.compile(r"^(TCVN|QCVN)\s")
PLACEHOLDER = re.compile(r"/X+$")  # "QCVN 01:2016/XXX": a ministry left blank in a drafting template
YEAR = re.compile(r":\d{4}(/[^/]+)?$")


@dataclass(frozen=True)
class CitedStandard:
    """A national code first read in one place of the texts."""

    code: str
    article: str  # its number ("10")
    document: str  # the number of the document the article is in ("15/2015/TT-BKHCN")
    span: str


def may_describe(code: str) -> bool:
    """Whether a cited code not in the graph gets a node: a national code that is not a placeholder."""
    return bool(NATIONAL.match(code)) and not PLACEHOLDER.search(code)


def cites_predicate(code: str) -> URIRef:
    """A technical regulation is a legal document (vnqi:cites); a standard is cited with vnqi:citesStandard."""
    return VNQI.cites if code.startswith("QCVN") else VNQI.citesStandard


def work_code(code: str) -> str | None:
    """The work of a TCVN edition ("TCVN ISO 9001:2008" → "TCVN ISO 9001"); None for a work or a QCVN."""
    return None if code.startswith("QCVN") or not YEAR.search(code) else YEAR.sub("", code)


def known_only(node: URIRef, article: str, document: str, span: str, source: URIRef,
               standard: bool = False) -> Iterator[Triple]:
    """Source, status (inferred) and the notes (en, vi) of a node known only from the texts that cite it (a standard,
    or a document), naming where it was first read: `span` in article `article` of the document numbered `document`."""
    verb_vi, absent_en, absent_vi = (("viện dẫn", "catalogues", "có danh mục ghi") if standard else
                                     ("dẫn chiếu", "describes", "mô tả"))
    yield from ((node, DCTERMS.source, source), (node, VNQI.factStatus, CODE["fact-status/inferred"]),
                (node, SKOS.note, Literal(f"Known only from the legal texts that cite it, first as “{span}” in "
                                          f"Article {article} of {document}; no source of this graph {absent_en} it.",
                                          lang="en")),
                (node, SKOS.note, Literal(f"Chỉ biết qua các văn bản pháp luật {verb_vi}, lần đầu là “{span}” tại "
                                          f"Điều {article} {document}; không nguồn nào của đồ thị này {absent_vi} nó.",
                                          lang="vi")))


def standard_nodes(cited: dict[str, CitedStandard], known: frozenset[str], source: URIRef) -> Iterator[Triple]:
    """The nodes of the codes cited but not catalogued (keyed by IRI), each edition linked to its work when the
    work is in the graph or among them."""
    for iri, first in sorted(cited.items()):
        node, code = URIRef(iri), first.code
        work = work_code(code)
        cls, doc_type = (("TechnicalRegulation", "qcvn") if code.startswith("QCVN") else
                         ("NationalStandard", "tcvn") if work else ("StandardWork", None))
        yield from ((node, RDF.type, VNQI[cls]), (node, DCTERMS.identifier, Literal(code)),
                    (node, RDFS.label, Literal(code, lang="vi")), (node, RDFS.label, Literal(code, lang="en")),
                    *known_only(node, first.article, first.document, first.span, source, standard=True))
        if doc_type:
            yield node, ELI.type_document, CODE[f"doc-type/{doc_type}"]
        if work and (str(std_iri(work)) in cited or str(std_iri(work)) in known):
            yield node, VNQI.editionOf, std_iri(work)
