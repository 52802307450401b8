"""The adoption date a citation writes after a document's number ("Thông tư số 01/2010/TT-BKHCN ngày 25 tháng 02
năm 2010 của Bộ trưởng …"), for the documents known only from citations (citations_documents.py).

The date written right after the number is the document's (eli:date_document). It is asserted when every citing
text that writes one gives the same day and its year is the number's; otherwise each date read is kept on a
statement node, status conflicting, not asserted (21/2007/TT-BKHCN: "ngày 28 tháng 9 năm 2007" in three texts,
"ngày 29 tháng 8 năm 2007" in one). A date in words of no such form is not read.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date

from rdflib import Literal, URIRef
from rdflib.namespace import XSD

from graph.importers.common import Triple, reified
from graph.namespaces import CODE, ELI

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
        notes = _notes(agreed, sorted(dates), where)
        yield from _statement(node, literal, CODE["fact-status/inferred" if agreed else "fact-status/conflicting"],
                              notes, source)


def _notes(agreed: bool, dates: list[str], where: str) -> tuple[str, str]:
    """The notes (en, vi) of one date's statement: where it was read, and why it is not asserted if it is not."""
    where_vi = where.replace("Article ", "Điều ").replace(" of ", " ")
    if agreed:
        return f"Read after the number in {where}.", f"Đọc sau số văn bản tại {where_vi}."
    if len(dates) > 1:
        listed = ", ".join(dates)
        return ((f"The citing texts write {len(dates)} dates after the number ({listed}); this one in {where}. "
                "None is asserted."),
                (f"Các văn bản dẫn chiếu ghi {len(dates)} ngày khác nhau sau số văn bản ({listed}); ngày này tại "
                f"{where_vi}. Không ngày nào được khẳng định."))
    return (f"Read after the number in {where}, but its year is not the number's. Not asserted.",
            f"Đọc sau số văn bản tại {where_vi}, nhưng năm không khớp với số văn bản. Không được khẳng định.")


def _statement(node: URIRef, literal: Literal, status: URIRef, notes: tuple[str, str],
               source: URIRef) -> Iterator[Triple]:
    """A statement node about (node, eli:date_document, literal) with its status and notes (en, vi)."""
    yield from reified("cdd", f"{node} {literal}", node, ELI.date_document, literal, status, source,
                       [Literal(notes[0], lang="en"), Literal(notes[1], lang="vi")])[1]
