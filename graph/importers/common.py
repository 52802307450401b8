"""What every importer shares: the run summary, row readers that keep file and line, N-Triples output."""

from __future__ import annotations

import csv
import gzip
import hashlib
import io
import json
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rdflib import BNode, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, SKOS
from rdflib.term import Node

from graph.namespaces import VNQI

Triple = tuple[Node, Node, Node]
Row = dict[str, Any]


def reified(prefix: str, key: str, s: Node, p: Node, o: Node, status: URIRef, source: URIRef,
            notes: Iterable[Literal]) -> tuple[BNode, list[Triple]]:
    """A statement node giving (s, p, o) its own status, source and notes; its blank-node label is `prefix` and a
    hash of `key`, so that a rerun writes the same label."""
    node = BNode(prefix + hashlib.sha1(key.encode()).hexdigest()[:16])
    return node, [(node, RDF.type, RDF.Statement), (node, RDF.subject, s), (node, RDF.predicate, p),
                  (node, RDF.object, o), (node, VNQI.factStatus, status), (node, DCTERMS.source, source),
                  *((node, SKOS.note, note) for note in notes)]


@dataclass(frozen=True)
class Problem:
    """A malformed input row: where it is and why it was skipped."""

    file: str
    line: int
    reason: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.reason}"


@dataclass
class Summary:
    """Counts of what an importer read and emitted, and the rows it skipped (never silently)."""

    source: str
    counts: Counter[str] = field(default_factory=Counter)
    problems: list[Problem] = field(default_factory=list)

    def skip(self, file: Path | str, line: int, reason: str) -> None:
        """Record a skipped row."""
        self.problems.append(Problem(Path(file).name, line, reason))
        self.counts["skipped rows"] += 1

    def lines(self) -> list[str]:
        """The summary as printable lines: one per count, then one per skipped row."""
        out = [f"{self.source}: " + ", ".join(f"{k} {v}" for k, v in sorted(self.counts.items()))]
        return out + [f"  skipped {p}" for p in self.problems]

    def to_json(self) -> dict[str, Any]:
        """A JSON-serialisable form (stored beside the cached output)."""
        return {"source": self.source, "counts": dict(self.counts), "problems": [vars(p) for p in self.problems]}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Summary:
        """The inverse of to_json."""
        return cls(data["source"], Counter(data["counts"]), [Problem(**p) for p in data["problems"]])


def nfc(value: Any) -> Any:
    """Text in Unicode NFC (some rows write "ộ" as "ô" + a combining dot); lists and dicts recursively."""
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value)
    if isinstance(value, list):
        return [nfc(v) for v in value]
    if isinstance(value, dict):
        return {k: nfc(v) for k, v in value.items()}
    return value


def csv_rows(path: Path, required: Iterable[str], summary: Summary) -> Iterator[tuple[int, Row]]:
    """(line, row) of a CSV file (plain or .gz), text in NFC; rows missing a required value are skipped."""
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8", newline="") as handle:  # type: ignore[operator]
        reader = csv.DictReader(handle)
        missing = [c for c in required if c not in (reader.fieldnames or [])]
        if missing:
            raise ValueError(f"{path}: missing columns {missing}")
        line = reader.line_num
        for row in reader:
            start, line = line + 1, reader.line_num
            if None in row or any(v is None for v in row.values()):
                summary.skip(path, start, "wrong number of fields")
                continue
            empty = [c for c in required if not row[c].strip()]
            if empty:
                summary.skip(path, start, f"empty {', '.join(empty)}")
                continue
            yield start, nfc(row)


def jsonl_rows(path: Path, required: Iterable[str], summary: Summary) -> Iterator[tuple[int, Row]]:
    """(line, object) of a JSON-lines file, text in NFC; unparsable lines and objects missing keys are skipped."""
    with path.open(encoding="utf-8") as handle:
        for number, text in enumerate(handle, start=1):
            if not text.strip():
                continue
            try:
                row = json.loads(text)
            except json.JSONDecodeError as exc:
                summary.skip(path, number, f"not JSON ({exc.msg})")
                continue
            missing = [k for k in required if not isinstance(row, dict) or row.get(k) in (None, "")]
            if missing:
                summary.skip(path, number, f"missing {', '.join(missing)}")
                continue
            yield number, nfc(row)


_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"})


def nt_term(node: Node) -> str:
    """N-Triples form of an rdflib term."""
    if isinstance(node, URIRef):
        return f"<{node}>"
    if isinstance(node, BNode):
        return f"_:{node}"
    if isinstance(node, Literal):
        text = '"' + str(node).translate(_ESCAPES) + '"'
        if node.language:
            return f"{text}@{node.language}"
        return f"{text}^^<{node.datatype}>" if node.datatype else text
    raise TypeError(f"not an RDF term: {node!r}")


def write_nquads(triples: Iterable[Triple], graph: URIRef, out: io.TextIOBase) -> int:
    """Write triples as N-Quads into `graph`, each distinct triple once, in order; return how many."""
    seen: set[str] = set()
    name = nt_term(graph)
    for s, p, o in triples:
        line = f"{nt_term(s)} {nt_term(p)} {nt_term(o)} {name} .\n"
        if line not in seen:
            seen.add(line)
            out.write(line)
    return len(seen)
