"""The importers the build knows: for each, its source folder under the sources directory, the files it reads,
its named graph (vg:data/import/<name>) and the modules whose code is part of its cache key."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from rdflib import URIRef

from graph.importers.common import Summary, Triple
from graph.namespaces import VG

Run = Callable[..., Iterable[Triple]]  # (folder, summary) or, with uses_known, (folder, summary, known)


@dataclass(frozen=True)
class Importer:
    """One source: name (= folder under the sources directory), files read, function, code modules."""

    name: str
    files: tuple[str, ...]
    run: Run
    modules: tuple[str, ...]
    folder_name: str | None = None  # the source folder, when not the importer's name
    uses_known: bool = False  # receives the IRIs of the documents and standards typed in the other graphs

    @property
    def graph(self) -> URIRef:
        """The named graph of its output."""
        return VG[f"data/import/{self.name}"]

    def folder(self, sources_dir: Path) -> Path:
        """Where its files are."""
        return sources_dir / (self.folder_name or self.name)

    def missing(self, sources_dir: Path) -> list[Path]:
        """Input files not found."""
        return [p for p in (self.folder(sources_dir) / f for f in self.files) if not p.is_file()]


def _phapdien(folder: Path, summary: Summary) -> Iterable[Triple]:
    """Bộ pháp điển (as triples)."""
    from graph.importers.phapdien import import_phapdien

    return import_phapdien(folder, summary)


def _catalogue(folder: Path, summary: Summary) -> Iterable[Triple]:
    """ISO catalogue."""
    from graph.importers.iso_catalogue import import_catalogue

    return import_catalogue(folder, summary)


def _open_data(folder: Path, summary: Summary) -> Iterable[Triple]:
    """ICS and ISO committees."""
    from graph.importers.iso_open_data import import_open_data

    return import_open_data(folder, summary)


def _citations(folder: Path, summary: Summary, known: frozenset[str]) -> Iterable[Triple]:
    """Citations in the Bộ pháp điển article texts."""
    from graph.importers.citations import import_citations

    return import_citations(folder, summary, known)


COMMON = ("graph/importers/common.py", "graph/ids.py", "graph/namespaces.py")
IMPORTERS: tuple[Importer, ...] = (
    Importer("vn-phapdien-qi", ("documents.csv", "doc_relations.csv", "articles.jsonl"), _phapdien,
             COMMON + ("graph/importers/phapdien.py", "graph/importers/phapdien_docs.py",
                       "graph/importers/phapdien_articles.py", "graph/importers/phapdien_map.py")),
    Importer("iso-open-data", ("ICS-simple.xml", "iso_technical_committees.jsonl"), _open_data,
             COMMON + ("graph/importers/iso_open_data.py", "graph/importers/ics.py",
                       "graph/importers/iso_committees.py", "graph/importers/iso_map.py")),
    Importer("iso-catalogue-relaton", ("iso_deliverables_all_compact.csv.gz",), _catalogue,
             COMMON + ("graph/importers/iso_catalogue.py", "graph/importers/iso_map.py")),
    Importer("citations", ("articles.jsonl", "documents.csv"), _citations,
             COMMON + ("graph/importers/citations.py", "graph/importers/citations_standards.py",
                       "graph/importers/citations_documents.py", "graph/importers/citations_dates.py",
                       "graph/importers/citations_replacements.py",
                       "graph/importers/citations_repeals.py",
                       "graph/importers/phapdien_map.py", "graph/importers/phapdien_articles.py",
                       "graph/citations/tokens.py", "graph/citations/grammar.py", "graph/citations/resolve.py",
                       "graph/citations/mentions.py"),
             folder_name="vn-phapdien-qi", uses_known=True),
)
NAMES = tuple(i.name for i in IMPORTERS)


def select(names: Iterable[str] | None) -> tuple[Importer, ...]:
    """The importers named (all when None), in build order; an unknown name is a ValueError."""
    if names is None:
        return IMPORTERS
    wanted = set(names)
    unknown = wanted - set(NAMES)
    if unknown:
        raise ValueError(f"unknown importer(s) {sorted(unknown)}; known: {', '.join(NAMES)}")
    return tuple(i for i in IMPORTERS if i.name in wanted)
