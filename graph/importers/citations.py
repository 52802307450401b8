"""Importer of the citations in the Bộ pháp điển article texts (graph/citations): provision-level links.

Each citation found in an article text becomes a vnqi:Citation node (its text as label, the IRI it denotes,
resolved or not) and, when its target is in the graph, a link from the article: vnqi:cites for a document,
provision or technical regulation, vnqi:citesStandard for a standard (the edition when a year is given, the work
otherwise), and vnqi:mentions for a standard the text only mentions (graph/citations/mentions.py: in an example
of a notation, or in the title of a document it replaces; the article does not rely on it). A provision of a
document of the graph that no source describes yet (a clause, a point, an article not codified in these topics)
is added as a subdivision, status inferred, known from the citation; so are a document cited by a number of a
known form and a TCVN or QCVN that no source describes (citations_documents.py, citations_standards.py). A target
not in the graph (an ISO code the ISO catalogue does not list, a number of no known form, a drafting placeholder
such as "QCVN 01:2016/XXX", a code only mentioned) is never guessed: the citation is kept as text, flagged
unresolved, with the reason.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS

from graph.citations.grammar import Citation
from graph.citations.resolve import extract
from graph.ids import doc_iri, provision_iri
from graph.importers import phapdien_map as M
from graph.importers.citations_dates import date_after
from graph.importers.citations_documents import (
    CitedDocument,
    document_kind,
    document_nodes,
    issuers_by_symbol,
)
from graph.importers.citations_repeals import ended_numbers
from graph.importers.citations_replacements import final_provision, replaced_numbers
from graph.importers.citations_standards import (
    CitedStandard,
    cites_predicate,
    may_describe,
    standard_nodes,
)
from graph.importers.common import Row, Summary, Triple, jsonl_rows
from graph.importers.phapdien_articles import PART
from graph.namespaces import CODE, ELI, ID, VG, VNQI

SOURCE = "citations"
GRAPH = VG[f"data/import/{SOURCE}"]
INFERRED, UNVERIFIED = CODE["fact-status/inferred"], CODE["fact-status/unverified"]
MENTIONED = {"example": "a code in an example of the text",
             "replaced-title": "a code in the title of a document the text replaces or repeals"}
KINDS = {"dieu": ("Article", "Điều", "Article"), "khoan": ("Clause", "Khoản", ""),
         "diem": ("Point", "Điểm", ""), "chuong": ("Chapter", "Chương", "Chapter")}
DOC = str(ID["doc/"])


def provision_nodes(target: URIRef, known: frozenset[str], note: str) -> Iterator[Triple]:
    """The provisions down to `target` that are not in the graph, each part of its parent (status inferred)."""
    doc, _, rest = str(target)[len(DOC):].partition("/")
    parent, names_vi, name_en = URIRef(DOC + doc), [], ""
    for segment in rest.split("/"):
        kind, _, number = segment.partition("-")
        node = URIRef(f"{parent}/{segment}")
        cls, word_vi, word_en = KINDS[kind]
        shown = number.upper() if kind == "chuong" else number.replace("dd", "đ")
        names_vi.insert(0, f"{word_vi} {shown}")
        name_en = f"{word_en} {shown}" if word_en else f"{name_en}({shown})"
        if str(node) not in known:
            yield from ((node, RDF.type, VNQI[cls]), (node, ELI.is_part_of, parent),
                        (node, VNQI.number, Literal(shown)), (node, RDFS.label, Literal(" ".join(names_vi), lang="vi")),
                        (node, RDFS.label, Literal(name_en, lang="en")), (node, DCTERMS.source, GRAPH),
                        (node, VNQI.factStatus, INFERRED), (node, SKOS.note, Literal(note, lang="en")))
        parent = node


def link(target: URIRef | None, cite: Citation, known: frozenset[str]) -> tuple[URIRef | None, str]:
    """(link predicate or None, reason when not linked) for a citation's target; a national code not in the graph
    is linked (its node is made by citations_standards) unless it is only mentioned or a placeholder; a mentioned
    code is linked when it is in `known` (which holds the codes cited elsewhere too: import_citations)."""
    if target is None:
        return None, "the text names a document this grammar cannot identify"
    if cite.standard is not None:
        if cite.mention is not None:
            return (VNQI.mentions, "") if str(target) in known else (None, MENTIONED[cite.mention])
        if str(target) in known or may_describe(cite.standard):
            return cites_predicate(cite.standard), ""
        return None, "standard not in the graph"
    doc = DOC + str(target)[len(DOC):].split("/")[0]
    if doc in known or cited_number(cite) is not None:
        return VNQI.cites, ""
    return None, "document not in the graph"


def cited_number(cite: Citation) -> str | None:
    """The number of the document a citation names, when it is of a known form (citations_documents); None for a
    document named otherwise (this one, a law by its name) or by a number of no known form."""
    if cite.doc is None or cite.doc.kind != "number" or document_kind(cite.doc.value) is None:
        return None
    return cite.doc.value


Found = list[tuple[Citation, URIRef | None]]  # an article's citations with their targets


def articles_of(source_dir: Path, summary: Summary) -> list[tuple[Row, str, Found]]:
    """(row, article number, citations) of every article of articles.jsonl that names its part and document."""
    found = []
    for _line, row in jsonl_rows(source_dir / "articles.jsonl", ("text", "source"), summary):
        part = PART.match(row["source"].get("part") or "")
        if part and row["source"].get("doc_number"):
            number = part.group(1)
            found.append((row, number, extract(row["text"], doc_iri(row["source"]["doc_number"]), number,
                                               M.LAW_NAMES)))
    return found


def citations(row: Row, number: str, found: Found, known: frozenset[str], described: frozenset[str],
              summary: Summary, cited: dict[str, CitedStandard],
              documents: dict[str, CitedDocument]) -> Iterator[Triple]:
    """The citations of one article (number `number`, citations `found`); `known`: what the other graphs describe,
    `described`: that and the national codes cited (not only mentioned) anywhere; codes and document numbers not in
    `known` are gathered in `cited` and `documents`."""
    article = provision_iri(doc_iri(row["source"]["doc_number"]), ("dieu", number))
    text = row["text"]
    for n, (cite, target) in enumerate(found, start=1):
        node, span = URIRef(f"{article}/citation/{n}"), text[cite.start:cite.end]
        predicate, reason = link(target, cite, described)
        where = f"Điều {number} {row['source']['doc_number']}"  # the span alone ("Luật này") names no place
        yield from ((node, RDF.type, VNQI.Citation),
                    (node, RDFS.label, Literal(f"Trích dẫn {n} tại {where}: “{span}”", lang="vi")),
                    (node, RDFS.label, Literal(f"Citation {n} in Article {number} of {row['source']['doc_number']}",
                                               lang="en")),
                    (article, VNQI.hasCitation, node), (node, DCTERMS.source, GRAPH),
                    (node, VNQI.resolved, Literal(predicate is not None)))
        if predicate is None:
            yield node, VNQI.factStatus, UNVERIFIED
            yield node, SKOS.note, Literal(f"Not linked: {reason}.", lang="en")
            summary.counts[f"citations unresolved ({reason})"] += 1
            continue
        yield node, VNQI.factStatus, INFERRED
        yield node, VNQI.citationTarget, target  # type: ignore[misc]
        yield article, predicate, target  # type: ignore[misc]
        if str(target) not in known:
            yield from undescribed(cite, target, text, (number, row["source"]["doc_number"], span), known, cited,
                                   documents)
        summary.counts["citations linked" if predicate != VNQI.mentions else "mentions linked"] += 1
    this = row["source"]["doc_number"]
    for predicate, ends in ((VNQI.replaces, replaced_numbers), (VNQI.repeals, ended_numbers)):
        for ended, sentence in ends(text):
            if str(doc_iri(ended)) in known or str(doc_iri(ended)) in documents:  # described, here or elsewhere
                yield from final_provision(doc_iri(this), predicate, doc_iri(ended), sentence, number, this, GRAPH)
                summary.counts[f"{predicate.split('#')[-1]} read in final provisions"] += 1


def undescribed(cite: Citation, target: URIRef, text: str, place: tuple[str, str, str], known: frozenset[str],
                cited: dict[str, CitedStandard], documents: dict[str, CitedDocument]) -> Iterator[Triple]:
    """For a linked target no other graph describes: a national code or a document is gathered (described once,
    at the end, from its first citation: article number, document number, span); a provision is described here."""
    if cite.standard is not None:
        if cite.mention is None:  # a node is described from a citation, never from a mention
            cited.setdefault(str(target), CitedStandard(cite.standard, *place))
        return
    number = cited_number(cite)
    if number is not None and str(doc_iri(number)) not in known:
        first = documents.get(str(doc_iri(number)))
        if first is None or (number not in first.span and number in place[2]):  # a span that shows the number
            first = documents[str(doc_iri(number))] = CitedDocument(number, *place, first.dates if first else {})
        written = date_after(text, number, cite.start)
        if written is not None:
            first.dates.setdefault(written, f"Article {place[0]} of {place[1]}")
    if "/" in str(target)[len(DOC):]:  # a provision, and its parents not in the graph
        note = f"Known from the citation “{place[2]}” in Article {place[0]} of {place[1]}."
        yield from provision_nodes(target, known, note)


def import_citations(source_dir: Path, summary: Summary, known: frozenset[str]) -> Iterator[Triple]:
    """The citations of every article of articles.jsonl; `known`: IRIs typed in the other graphs; documents.csv
    gives the issuers of the documents known only from citations."""
    cited: dict[str, CitedStandard] = {}
    documents: dict[str, CitedDocument] = {}
    articles = articles_of(source_dir, summary)
    described = known | {str(t) for _, _, found in articles for c, t in found
                         if t is not None and c.standard and c.mention is None and may_describe(c.standard)}
    for row, number, found in articles:
        yield from citations(row, number, found, known, described, summary, cited, documents)
    yield from standard_nodes(cited, known, GRAPH)
    yield from document_nodes(documents, issuers_by_symbol(source_dir / "documents.csv", summary), GRAPH)
    summary.counts["standards and regulations known only from citations"] += len(cited)
    summary.counts["documents known only from citations"] += len(documents)
