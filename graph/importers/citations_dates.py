"""The adoption date a citation writes after a document's number ("Thông tư số 01/2010/TT-BKHCN ngày 25 tháng 02
năm 2010 của Bộ trưởng …"), for the documents known only from citations (citations_documents.py).

The date written right after the number is the document's (eli:date_document). It is asserted when every citing
text that writes one gives the same day and its year is the number's; otherwise each date read is kept on a
statement node, status conflicting, not asserted (21/2007/TT-BKHCN: "ngày 28 tháng 9 năm 2007" in three texts,
"ngày 29 tháng 8 năm 2007" in one). A date in words of no such form is not read.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from datetime import date

from rdflib import BNode, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, SKOS, XSD

from graph.importers.common import Triple
from graph.namespaces import CODE, ELI, VNQI

WRITTEN = re.compile(r"\s*,?\s*ngày\s+(\d{1,2})\s*(?:tháng\s+(\d{1,2})\s+năm\s+|/\s*(\d{1,2})\s*/\s*)(\d{4})\b")
YEAR = re.compile(r"/(\d{4})/")


def date_after(text: str, number: str, start: int) -> str | None:
    """The date (YYYY-MM-DD) written right after the first `number` at or after `start`, if a real day."""
    at = text.find(number, start)
    found = WRITTEN.match(text, at + len(number)) if at >= 0 else None
    if found is None:
        return None
    day, month, year = int(found.group(1)), int(found.group(2) or found.group(3)), int(found.group(4))
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


def date_triples(node: URIRef, number: str, dates: dict[str, str], source: URIRef) -> Iterator[Triple]:
    """eli:date_document of a document from the dates its citations write (date → where it was read first), with
    a statement node saying where; or, when they disagree or the year is not the number's, one conflicting
    statement per date, none asserted."""
    year = YEAR.search(number)
    agreed = len(dates) == 1 and (year is None or next(iter(dates)).startswith(year.group(1)))
    for day, where in sorted(dates.items()):
        literal = Literal(day, datatype=XSD.date)
        if agreed:
            yield node, ELI.date_document, literal
        note = (f"Read after the number in {where}." if agreed else
                f"The citing texts write {len(dates)} dates after the number ({', '.join(sorted(dates))}); this one "
                f"in {where}. None is asserted." if len(dates) > 1 else
                f"Read after the number in {where}, but its year is not the number's. Not asserted.")
        yield from _statement(node, literal, CODE["fact-status/inferred" if agreed else "fact-status/conflicting"],
                              note, source)


def _statement(node: URIRef, literal: Literal, status: URIRef, note: str, source: URIRef) -> Iterator[Triple]:
    """A statement node about (node, eli:date_document, literal) with its status and note."""
    statement = BNode("cdd" + hashlib.sha1(f"{node} {literal}".encode()).hexdigest()[:16])
    yield from ((statement, RDF.type, RDF.Statement), (statement, RDF.subject, node),
                (statement, RDF.predicate, ELI.date_document), (statement, RDF.object, literal),
                (statement, VNQI.factStatus, status), (statement, DCTERMS.source, source),
                (statement, SKOS.note, Literal(note, lang="en")))
