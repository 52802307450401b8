"""Build: load → replay accepted updates → import the corpora → validate → write a new store beside the old one →
switch atomically. The importers (graph/importers/registry.py) run when their source folder is present under
the sources directory (default <repo>/../shared/data); each output is cached under var/imports/ and becomes the
named graph vg:data/import/<source>. Validation is incremental when there are imports (graph/validate_parts.py).
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
from rdflib import Dataset, Graph

from graph.browse_summary import SUMMARY_FILE, write_summary
from graph.errors import StoreUnavailable, ValidationFailed
from graph.importers.cache import ImportOutput, run_cached
from graph.importers.registry import select
from graph.load import Sources, load_dataset
from graph.namespaces import ID, VG
from graph.parts import Part, overlap, parse_lines, part_from_graph, part_from_nquads, type_index
from graph.progress import SILENT, Progress
from graph.reconcile import reconcile
from graph.search import SEARCH_FILE
from graph.search_build import build_index
from graph.store.embedded import EmbeddedStore
from graph.validate import ValidationReport, validate
from graph.validate_parts import validate_parts

DEFAULT_SOURCES = Path(__file__).resolve().parents[2] / "shared" / "data"

CURRENT = "current"  # symlink in the var directory → builds/<id>
KEEP_BUILDS = 2
UPDATES = "updates"  # accepted SPARQL updates, replayed in order on every build


@dataclass(frozen=True)
class BuildResult:
    """What a successful build produced."""

    path: Path
    quads: int
    graphs: int
    report: ValidationReport
    seconds: float
    imports: tuple[ImportOutput, ...] = ()


@dataclass
class Prepared:
    """Everything loaded, imported, reconciled and validated, ready to be written."""

    dataset: Dataset  # the project's files (and replayed updates), one named graph per file
    files: Part = field(default_factory=lambda: Part("files"))  # their data graphs, by subject
    imports: list[ImportOutput] = field(default_factory=list)
    parts: list[Part] = field(default_factory=list)  # one per import graph, reconciled, in registry order
    report: ValidationReport = field(default_factory=lambda: ValidationReport(True))

    def import_nquads(self) -> Iterable[bytes]:
        """The import graphs as N-Quads, one bytes block per graph."""
        for output, part in zip(self.imports, self.parts):
            name = f"<{output.importer.graph}>"
            yield "".join(line[:-2] + name + " .\n" for line in part.lines()).encode("utf-8")


def kind_of(graph_name: str) -> str:
    """'ontology' or 'shapes' for the project's term graphs; 'data' for every other graph (default included)."""
    kind = graph_name.removeprefix(str(VG)).split("/", 1)[0] if graph_name.startswith(str(VG)) else "data"
    return kind if kind in ("ontology", "shapes") else "data"


def split(dataset: Dataset) -> tuple[Graph, Graph, Graph]:
    """Data (union of every other graph), ontology and shapes graphs of a dataset."""
    parts = {"data": Graph(), "ontology": Graph(), "shapes": Graph()}
    for s, p, o, g in dataset.quads((None, None, None, None)):
        parts[kind_of(str(g))].add((s, p, o))
    return parts["data"], parts["ontology"], parts["shapes"]


def validate_dataset(dataset: Dataset) -> ValidationReport:
    """Validate the data graphs against the shapes, with the ontology for subclasses and code lists."""
    data, ontology, shapes = split(dataset)
    return validate(data, shapes, ontology)


def prepare(sources: Sources, var_dir: Path | None = None, *, importers: Iterable[str] | None = None,
            sources_dir: Path | None = None, progress: Progress = SILENT) -> Prepared:
    """Load the files (and replay the accepted updates), run the importers whose sources are present, reconcile
    what several graphs say about one entity, and validate."""
    with progress.stage("load") as info:
        dataset = load_dataset(sources)
        if var_dir is not None:
            from graph.update import replay  # update builds on this module

            dataset = replay(dataset, update_log(var_dir))
        info["done"] = f"{len(dataset)} quads from {len(sources.data_files())} data files"
    prepared = Prepared(dataset, files=part_from_graph("files", split(dataset)[0]))
    sources_dir = sources_dir or DEFAULT_SOURCES
    with tempfile.TemporaryDirectory(prefix="vnqi-imports-") as tmp:
        for importer in select(importers):
            if importer.missing(sources_dir):
                progress.note(f"skipped: {importer.name} not found at {importer.folder(sources_dir)}")
                continue
            with progress.stage(f"import {importer.name}") as info:
                known = known_entities([prepared.files, *prepared.parts]) if importer.uses_known else frozenset()
                output = run_cached(importer, sources_dir, var_dir or Path(tmp), known)
                prepared.imports.append(output)
                prepared.parts.append(part_from_nquads(str(importer.graph), output.path))
                info["done"] = (f"{output.triples} triples" + (" (cached)" if output.cached else "") + "; "
                                + "; ".join(output.summary.lines()))
    with progress.stage("validate") as info:
        prepared.report = _validate(prepared, sources, var_dir, progress)
        info["done"] = f"{len(prepared.report.violations)} violations, {len(prepared.report.warnings)} warnings"
    return prepared


def known_entities(parts: Sequence[Part]) -> frozenset[str]:
    """IRIs of the documents, provisions and standards typed in `parts` (what citations may link to)."""
    prefixes = (f"<{ID}doc/", f"<{ID}std/")
    return frozenset(s[1:-1] for s in type_index(parts) if s.startswith(prefixes))


def _validate(prepared: Prepared, sources: Sources, var_dir: Path | None, progress: Progress) -> ValidationReport:
    """Without imports: one pySHACL run, as always. With imports: reconcile, then validate part by part."""
    if not prepared.parts:
        return validate_dataset(prepared.dataset)
    parts = [prepared.files, *prepared.parts]
    counts = reconcile(parts, overlap(parts))
    if counts:
        progress.note("reconciled: " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())))
    cache = var_dir / "imports" / "validation" if var_dir is not None else None
    return validate_parts(parts, sources.shape_files(), sources.ontology_files(), cache,
                          on_chunk=lambda n, total: progress.note(f"  validated chunk {n}/{total}"))


def check(sources: Sources, var_dir: Path | None = None, *, importers: Iterable[str] | None = None,
          sources_dir: Path | None = None, progress: Progress = SILENT) -> tuple[Dataset, ValidationReport]:
    """Load everything (and replay the accepted updates under var_dir), import, and validate; the dataset
    holds the import graphs too (parsed into rdflib: slow for the whole ISO catalogue)."""
    prepared = prepare(sources, var_dir, importers=importers, sources_dir=sources_dir, progress=progress)
    for output, part in zip(prepared.imports, prepared.parts):
        parse_lines(part.lines(), prepared.dataset.graph(output.importer.graph))
    return prepared.dataset, prepared.report


def build(sources: Sources, var_dir: Path, *, importers: Iterable[str] | None = None,
          sources_dir: Path | None = None, progress: Progress = SILENT) -> BuildResult:
    """Build and switch the served store; on any failure the previous store stays as it was."""
    started = time.perf_counter()
    prepared = prepare(sources, var_dir, importers=importers, sources_dir=sources_dir, progress=progress)
    if not prepared.report.conforms:
        raise ValidationFailed(prepared.report)
    with progress.stage("write") as info:
        blocks = [prepared.dataset.serialize(format="nquads", encoding="utf-8"), *prepared.import_nquads()]
        path, quads = write_version(var_dir, blocks)
        info["done"] = f"{quads} quads into {path}"
    graphs = len({c.identifier for c in prepared.dataset.graphs() if len(c)}) + len(prepared.parts)
    return BuildResult(path, quads, graphs, prepared.report, time.perf_counter() - started,
                       tuple(prepared.imports))


def write_version(var_dir: Path, nquads: bytes | Sequence[bytes]) -> tuple[Path, int]:
    """Write a new store version from N-Quads and make it current; a failure removes the half-written one."""
    builds = var_dir / "builds"
    builds.mkdir(parents=True, exist_ok=True)
    target = builds / f"{time.strftime('%Y%m%dT%H%M%S')}-{os.getpid()}-{time.monotonic_ns() % 10**6}"
    try:
        store = EmbeddedStore(target)
        for block in [nquads] if isinstance(nquads, bytes) else nquads:
            store.native.bulk_load(block, format=ox.RdfFormat.N_QUADS)
        store.native.flush()
        quads = len(store)
        # The full-text search index is part of the version (graph/search.py, file search.sqlite beside the store).
        build_index(store, target / SEARCH_FILE)
        write_summary(store, target / SUMMARY_FILE)  # counts of the home, class and ICS pages (H-browse)
        del store
        info = {"quads": quads, "built": time.strftime("%Y-%m-%dT%H:%M:%S%z")}
        (target / "vnqi-build.json").write_text(json.dumps(info, indent=2), encoding="utf-8")
    except BaseException:
        shutil.rmtree(target, ignore_errors=True)
        raise
    _switch(var_dir, target)
    _prune(builds, keep=target)
    return target, quads


def update_log(var_dir: Path) -> Path:
    """Directory of the accepted updates."""
    return var_dir / UPDATES


def current_store_path(var_dir: Path) -> Path:
    """The directory of the store currently served, or StoreUnavailable if none was built."""
    link = var_dir / CURRENT
    if not link.exists():
        raise StoreUnavailable(f"no built store under {var_dir}: run `vnqi build` first")
    return link.resolve()


def _switch(var_dir: Path, target: Path) -> None:
    """Point var/current at `target` with an atomic rename of a fresh symlink."""
    tmp = var_dir / f".{CURRENT}.{os.getpid()}"
    if tmp.is_symlink() or tmp.exists():
        tmp.unlink()
    tmp.symlink_to(target.relative_to(var_dir))
    os.replace(tmp, var_dir / CURRENT)


def _prune(builds: Path, keep: Path) -> None:
    """Remove old builds, keeping the newest KEEP_BUILDS (the current one always)."""
    old = sorted((p for p in builds.iterdir() if p.is_dir() and p != keep), key=lambda p: p.stat().st_mtime)
    for path in old[: max(0, len(old) - (KEEP_BUILDS - 1))]:
        shutil.rmtree(path, ignore_errors=True)
