"""Validation of a whole store version given as N-Quads (what a SPARQL Update produces): in one pySHACL run
when it holds only the project's files, else part by part with the chunk cache of the build
(graph/validate_parts.py), so that an update on the full corpora validates again only what it changed."""

from __future__ import annotations

import re
from pathlib import Path

from rdflib import Dataset

from graph.build import kind_of, validate_dataset
from graph.load import Sources
from graph.namespaces import VG, bind_all
from graph.parts import Part
from graph.validate import ValidationReport
from graph.validate_parts import validate_parts

ROOT = Path(__file__).resolve().parents[1]
IMPORT = f"<{VG}data/import/"
_LITERAL = re.compile(r'"(?:[^"\\]|\\.)*"(?:@[A-Za-z0-9-]+|\^\^<[^>]*>)?')


def split_quad(line: str) -> tuple[str, str]:
    """(triple, graph term) of an N-Quads line as pyoxigraph writes it; the graph is '' for the default graph
    (whose lines have no fourth term: the last token before ' .' may be the object)."""
    subject, predicate, rest = line.rstrip("\n").removesuffix(" .").split(" ", 2)
    match = _LITERAL.match(rest)
    end = match.end() if match else (rest.find(" ") if " " in rest else len(rest))
    return f"{subject} {predicate} {rest[:end]}", rest[end:].strip()


def validate_version(nquads: bytes, var_dir: Path, sources: Sources | None = None) -> ValidationReport:
    """Validate the data graphs of a version against the project's shapes and ontology."""
    text = nquads.decode("utf-8")
    if IMPORT not in text:
        dataset = Dataset()
        bind_all(dataset)
        dataset.parse(data=nquads, format="nquads")
        return validate_dataset(dataset)
    sources = sources or Sources.at(ROOT)
    parts: dict[str, Part] = {}
    for line in text.splitlines(keepends=True):
        head, graph = split_quad(line)
        if kind_of(graph[1:-1]) != "data":
            continue  # ontology and shapes: the project's files, which an update cannot change
        name = graph[1:-1] if graph.startswith(IMPORT) else "files"
        parts.setdefault(name, Part(name)).add(head + " .\n")
    ordered = [parts.pop("files", Part("files")), *(parts[k] for k in sorted(parts))]
    return validate_parts(ordered, sources.shape_files(), sources.ontology_files(),
                          var_dir / "imports" / "validation")
