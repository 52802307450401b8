"""The data of a build as parts for validation: each named data graph's triples grouped by subject, as
N-Triples lines, with the index of every rdf:type triple (what link targets are)."""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph
from rdflib.namespace import RDF

from graph.importers.common import nt_term

TYPE = f"<{RDF.type}>"


class KeepLabels(dict):  # type: ignore[type-arg]
    """A blank-node context for rdflib's N-Triples parser that keeps each label (`_:x` stays BNode('x'))."""

    def get(self, key, default=None):  # type: ignore[no-untyped-def]
        return key


def parse_lines(lines: Iterable[str], graph: Graph | None = None) -> Graph:
    """Parse N-Triples lines into an rdflib Graph, keeping blank-node labels."""
    target = graph if graph is not None else Graph()
    target.parse(data="".join(lines), format="nt", bnode_context=KeepLabels())
    return target


def split_line(line: str) -> tuple[str, str, str]:
    """(subject, predicate, object) tokens of an N-Triples line written by graph.importers.common."""
    s, p, rest = line.split(" ", 2)
    return s, p, rest[: -3] if rest.endswith(" .\n") else rest.rstrip(" .\n")


@dataclass
class Part:
    """One named data graph (or the union of the project's data files): its lines grouped by subject."""

    name: str
    by_subject: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))

    def add(self, line: str) -> None:
        """Add one N-Triples line."""
        self.by_subject[line.split(" ", 1)[0]].append(line)

    def lines(self) -> Iterator[str]:
        """Every line."""
        for group in self.by_subject.values():
            yield from group

    def __len__(self) -> int:
        return sum(len(v) for v in self.by_subject.values())


def part_from_nquads(name: str, path: Path) -> Part:
    """A part from an N-Quads file of one graph (the graph term is dropped)."""
    part = Part(name)
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            head, _graph, _dot = line.rsplit(" ", 2)
            part.add(head + " .\n")
    return part


def part_from_graph(name: str, graph: Graph) -> Part:
    """A part from an rdflib Graph."""
    part = Part(name)
    for s, p, o in graph:
        part.add(f"{nt_term(s)} {nt_term(p)} {nt_term(o)} .\n")
    return part


def type_index(parts: Iterable[Part]) -> dict[str, set[str]]:
    """Every subject's rdf:type lines, over all parts."""
    index: dict[str, set[str]] = defaultdict(set)
    for part in parts:
        for subject, lines in part.by_subject.items():
            for line in lines:
                if line.split(" ", 2)[1] == TYPE:
                    index[subject].add(line)
    return index


def overlap(parts: Iterable[Part]) -> set[str]:
    """Subjects described in more than one part."""
    seen: dict[str, int] = defaultdict(int)
    for part in parts:
        for subject in part.by_subject:
            seen[subject] += 1
    return {s for s, n in seen.items() if n > 1 and not s.startswith("_:")}


def referenced(lines: Iterable[str], own: Iterable[str] | dict[str, list[str]]) -> set[str]:
    """IRIs (and blank nodes) in object position that are not in `own` (subjects already described)."""
    out = set()
    for line in lines:
        obj = split_line(line)[2]
        if obj[0] in "<_" and obj not in own:
            out.add(obj)
    return out


def digest(lines: Iterable[str]) -> str:
    """SHA-256 of sorted lines."""
    h = hashlib.sha256()
    for line in sorted(lines):
        h.update(line.encode())
    return h.hexdigest()


def is_blank(term: str) -> bool:
    """Whether an N-Triples term is a blank node."""
    return term.startswith("_:")
