"""Merge the descriptions of an entity that several graphs describe (e.g. ISO 17034:2016 in the fact sheet and
in the ISO catalogue; a committee in ISO Open Data and in the catalogue) without breaking the one-value rules.

Graphs are ranked: the project's data files (curated), then the importers in registry order. For an entity
described by a higher-ranked graph, a lower-ranked graph's
- rdfs:label in a language the higher one already labels becomes skos:altLabel (nothing is lost);
- vnqi:factStatus is left out (the curated status stands; the lower graph's dcterms:source stays);
- value of a single-valued property that differs from the higher one's is not asserted: it is kept on an
  rdf:Statement with status conflicting that names both values and both graphs.
Only the lower-ranked graph is changed, in memory, before validation and writing.
"""

from __future__ import annotations

import hashlib
from collections import Counter, defaultdict

from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS

from graph.namespaces import CODE, ELI, VNQI
from graph.parts import Part, split_line

LABEL, ALT, STATUS = f"<{RDFS.label}>", f"<{SKOS.altLabel}>", f"<{VNQI.factStatus}>"
SINGLE_VALUED = {f"<{p}>" for p in (DCTERMS.identifier, ELI.date_document, ELI.first_date_entry_in_force,
                                     ELI.date_publication, ELI.date_no_longer_in_force, DCTERMS.issued,
                                     ELI.type_document, VNQI.edition)}
CONFLICTING = f"<{CODE['fact-status/conflicting']}>"


def lang(obj: str) -> str | None:
    """Language tag of a literal token ('"x"@vi' → 'vi')."""
    tail = obj.rsplit('"', 1)[-1]
    return tail[1:] if tail.startswith("@") else None


def reconcile(parts: list[Part], shared: set[str]) -> Counter[str]:
    """Rewrite, in ranked `parts`, the lower-ranked descriptions of the `shared` subjects; returns counts."""
    counts: Counter[str] = Counter()
    for subject in sorted(shared):
        above: dict[str, set[str]] = defaultdict(set)  # predicate → objects asserted by higher graphs
        for part in parts:
            lines = part.by_subject.get(subject)
            if not lines:
                continue
            if above:
                part.by_subject[subject] = _rewrite(part, subject, lines, above, counts)
            for line in part.by_subject[subject]:
                _s, p, o = split_line(line)
                above[p].add(o)
    return counts


def _rewrite(part: Part, subject: str, lines: list[str], above: dict[str, set[str]],
             counts: Counter[str]) -> list[str]:
    """The lines of `subject` in a lower-ranked part, reconciled with what the higher ones assert."""
    out = []
    for line in lines:
        _s, p, o = split_line(line)
        if p == LABEL and o not in above[p] and any(lang(x) == lang(o) for x in above[p]):
            out.append(f"{subject} {ALT} {o} .\n")
            counts["labels kept as skos:altLabel"] += 1
        elif p == STATUS and above[p]:
            counts["statuses left to the higher-ranked graph"] += 1
        elif p in SINGLE_VALUED and above[p] and o not in above[p]:
            _conflict(part, subject, p, o, sorted(above[p]))
            counts["conflicting values kept on statements"] += 1
        else:
            out.append(line)
    return out


def _conflict(part: Part, subject: str, p: str, o: str, others: list[str]) -> None:
    """An rdf:Statement, status conflicting, for a value that a higher-ranked graph contradicts."""
    node = "_:rc" + hashlib.sha1(f"{part.name} {subject} {p} {o}".encode()).hexdigest()[:16]
    note = (f'"{part.name} gives {_plain(o)} where a higher-ranked graph gives '
            f'{", ".join(_plain(x) for x in others)}: not asserted here."@en')
    for pred, obj in ((f"<{RDF.type}>", f"<{RDF.Statement}>"), (f"<{RDF.subject}>", subject),
                      (f"<{RDF.predicate}>", p), (f"<{RDF.object}>", o), (STATUS, CONFLICTING),
                      (f"<{SKOS.note}>", note), (f"<{DCTERMS.source}>", f"<{part.name}>")):
        part.add(f"{node} {pred} {obj} .\n")



def _plain(term: str) -> str:
    """A term token shown inside a note: without quotes, backslashes or datatype."""
    text = term.rsplit("^^", 1)[0] if term.startswith('"') else term
    return text.replace("\\", "").replace('"', "").strip("<>")
