"""Read the ontology, shapes and data files into an rdflib Dataset, one named graph per file."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from rdflib import Dataset, Graph, URIRef

from graph.errors import LoadError
from graph.namespaces import VG, bind_all
from graph.rdf_guard import parse_untrusted

RDF_SUFFIXES = {".ttl": "turtle", ".nt": "nt", ".nq": "nquads", ".trig": "trig", ".jsonld": "json-ld", ".rdf": "xml"}
_LINE = re.compile(r"line (\d+)", re.IGNORECASE)


@dataclass(frozen=True)
class Sources:
    """Where the project's RDF lives: ontology (terms and code lists), shapes and instance data."""

    ontology: Path
    data: Path

    @classmethod
    def at(cls, root: Path) -> Sources:
        """The standard layout under a project root."""
        return cls(ontology=root / "ontology", data=root / "data")

    def require(self) -> Sources:
        """LoadError unless the ontology and its shapes are here: a wrong root would otherwise build (and publish)
        an empty graph and validate anything as conforming."""
        if not self.ontology_files() or not self.shape_files():
            raise LoadError(f"no ontology under {self.ontology} (expected *.ttl there and in shapes/): "
                            "is --root the project's root?")
        return self

    def ontology_files(self) -> list[Path]:
        """Ontology modules and code lists (not the shapes)."""
        return sorted(self.ontology.glob("*.ttl"))

    def shape_files(self) -> list[Path]:
        """SHACL shape files."""
        return sorted((self.ontology / "shapes").glob("*.ttl"))

    def data_files(self) -> list[Path]:
        """Instance data files, recursively."""
        return sorted(p for p in self.data.rglob("*") if p.suffix in RDF_SUFFIXES and p.is_file())


def graph_iri(path: Path, root: Path, kind: str) -> URIRef:
    """Named-graph IRI of a file: vg:<kind>/<path under root without suffix>."""
    rel = path.relative_to(root).with_suffix("").as_posix()
    return VG[f"{kind}/{rel}"]


def parse_file(path: Path, graph: Graph | None = None) -> Graph:
    """Parse one RDF file; a syntax error becomes a LoadError naming file and line."""
    fmt = RDF_SUFFIXES.get(path.suffix)
    if fmt is None:
        raise LoadError(f"{path}: unsupported file type {path.suffix!r} (use {', '.join(RDF_SUFFIXES)})")
    target = graph if graph is not None else Graph()
    try:
        target.parse(path, format=fmt)
    except FileNotFoundError as exc:
        raise LoadError(f"{path}: file not found") from exc
    except Exception as exc:  # rdflib raises many parser-specific types
        raise LoadError(f"{path}:{_line_of(exc)}: {_summary(exc)}") from exc
    return target


def parse_given_file(path: Path) -> Graph:
    """Parse an RDF file a user gives (`vnqi validate`) as /validate parses an upload: strict UTF-8, no remote
    JSON-LD context and no XML entity (graph/rdf_guard.py), and the union of its named graphs (a TriG, N-Quads or
    JSON-LD file's graphs are validated too); a LoadError names the file and, when the parser says, the line."""
    fmt = RDF_SUFFIXES.get(path.suffix.lower())
    if path.is_dir():
        raise LoadError(f"{path}: is a directory, not an RDF file")
    if fmt is None:
        raise LoadError(f"{path}: unsupported file type {path.suffix!r} (use {', '.join(RDF_SUFFIXES)})")
    try:
        text = path.read_bytes().decode("utf-8-sig")  # a byte order mark, as editors on Windows write it
    except FileNotFoundError as exc:
        raise LoadError(f"{path}: file not found") from exc
    except UnicodeDecodeError as exc:
        raise LoadError(f"{path}: not valid UTF-8 (byte {exc.start})") from exc
    dataset = Dataset()
    try:
        parse_untrusted(text, fmt, dataset, path.resolve().as_uri())
    except LoadError as exc:
        raise LoadError(f"{path}: {exc}") from exc
    except Exception as exc:  # rdflib raises many parser-specific types
        raise LoadError(f"{path}:{_line_of(exc)}: {_summary(exc)}") from exc
    union = Graph()
    for s, p, o, _ in dataset.quads((None, None, None, None)):
        union.add((s, p, o))
    return union


def load_into(dataset: Dataset, files: Iterable[Path], root: Path, kind: str) -> None:
    """Parse each file into its own named graph of `dataset`."""
    for path in files:
        parse_file(path, dataset.graph(graph_iri(path, root, kind)))


def load_dataset(sources: Sources, *, with_shapes: bool = True) -> Dataset:
    """The whole project as a Dataset: ontology, shapes and data, one named graph per file."""
    dataset = Dataset()
    bind_all(dataset)
    load_into(dataset, sources.ontology_files(), sources.ontology, "ontology")
    if with_shapes:
        load_into(dataset, sources.shape_files(), sources.ontology / "shapes", "shapes")
    load_into(dataset, sources.data_files(), sources.data, "data")
    return dataset


def files_by_graph(sources: Sources, root: Path) -> dict[str, str]:
    """Map each named-graph IRI to the file (relative to `root`) it is loaded from."""
    pairs = [(sources.ontology_files(), sources.ontology, "ontology"),
             (sources.shape_files(), sources.ontology / "shapes", "shapes"),
             (sources.data_files(), sources.data, "data")]
    return {str(graph_iri(f, base, kind)): _relative(f, root) for files, base, kind in pairs for f in files}


def _relative(path: Path, root: Path) -> str:
    """`path` relative to `root` when inside it."""
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return str(path)


def merged(files: Iterable[Path]) -> Graph:
    """One plain Graph with every triple of `files` (for shapes and ontology in validation)."""
    graph = Graph()
    for path in files:
        parse_file(path, graph)
    return graph


def _line_of(exc: Exception) -> str:
    """Line number from a parser message, or '?'."""
    for attr in ("lines", "line"):
        value = getattr(exc, attr, None)
        if isinstance(value, int):
            return str(value + 1 if attr == "lines" else value)
    match = _LINE.search(str(exc))
    return match.group(1) if match else "?"


def _summary(exc: Exception) -> str:
    """One-line description of a parser error."""
    text = " ".join(str(exc).split())
    return text[:300] if text else type(exc).__name__
