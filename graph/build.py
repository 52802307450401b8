"""Build: load → replay accepted updates → import the corpora → validate → write a new store beside the old one →
switch atomically. The importers (graph/importers/registry.py) run when their source folder is present under
the sources directory (default <repo>/../shared/data); each output is cached under var/imports/ and becomes the
named graph vg:data/import/<source>. Validation is incremental when there are imports (graph/validate_parts.py).
"""

from __future__ import annotations

import tempfile
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Dataset, Graph

from graph.build_write import CURRENT, KEEP_BUILDS, BackgroundWrite, write_version  # noqa: F401 (re-exported)
from graph.errors import StoreUnavailable, ValidationFailed
from graph.importers.cache import ImportOutput, run_cached
from graph.importers.registry import select
from graph.load import Sources, load_dataset
from graph.namespaces import ID, VG
from graph.parts import (
    Part,
    overlap,
    parse_lines,
    part_from_graph,
    part_from_nquads,
    type_index,
)
from graph.progress import SILENT, Progress
from graph.reconcile import reconcile
from graph.validate import ValidationReport, validate
from graph.validate_parts import validate_parts

DEFAULT_SOURCES = Path(__file__).resolve().parents[2] / "shared" / "data"

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
            sources_dir: Path | None = None, progress: Progress = SILENT, check: bool = True) -> Prepared:
    """Load the files (and replay the accepted updates), run the importers whose sources are present, reconcile
    what several graphs say about one entity, and (with `check`) validate."""
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
    parts = [prepared.files, *prepared.parts]
    counts = reconcile(parts, overlap(parts)) if prepared.parts else {}
    if counts:
        progress.note("reconciled: " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())))
    if check:
        validate_prepared(prepared, sources, var_dir, progress)
    return prepared


def validate_prepared(prepared: Prepared, sources: Sources, var_dir: Path | None, progress: Progress,
                      on_start: Callable[[], None] | None = None) -> None:
    """The validate stage: sets prepared.report; `on_start` is called once no more process will be forked."""
    with progress.stage("validate") as info:
        prepared.report = _validate(prepared, sources, var_dir, progress, on_start)
        info["done"] = f"{len(prepared.report.violations)} violations, {len(prepared.report.warnings)} warnings"


def known_entities(parts: Sequence[Part]) -> frozenset[str]:
    """IRIs of the documents, provisions and standards typed in `parts` (what citations may link to)."""
    prefixes = (f"<{ID}doc/", f"<{ID}std/")
    return frozenset(s[1:-1] for s in type_index(parts) if s.startswith(prefixes))


def _validate(prepared: Prepared, sources: Sources, var_dir: Path | None, progress: Progress,
              on_start: Callable[[], None] | None = None) -> ValidationReport:
    """Without imports: one pySHACL run, as always. With imports (reconciled): validate part by part."""
    if not prepared.parts:
        if on_start:
            on_start()
        return validate_dataset(prepared.dataset)
    parts = [prepared.files, *prepared.parts]
    cache = var_dir / "imports" / "validation" if var_dir is not None else None
    return validate_parts(parts, sources.shape_files(), sources.ontology_files(), cache,
                          on_chunk=lambda n, total: progress.note(f"  validated chunk {n}/{total}"),
                          on_start=on_start)


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
    """Build and switch the served store; on any failure the previous store stays as it was. The new version
    is written while the data is validated (graph/build_write.py) and becomes current only if it conforms."""
    started = time.perf_counter()
    sources.require()
    prepared = prepare(sources, var_dir, importers=importers, sources_dir=sources_dir, progress=progress,
                       check=False)
    files = prepared.dataset.serialize(format="nquads", encoding="utf-8")  # here: rdflib is not thread-safe
    writer = BackgroundWrite(var_dir, lambda: [files, *prepared.import_nquads()], progress)
    try:
        validate_prepared(prepared, sources, var_dir, progress, on_start=writer.start)
    except BaseException:
        writer.discard()
        raise
    if not prepared.report.conforms:
        writer.discard()
        raise ValidationFailed(prepared.report)
    path, quads = writer.keep()
    graphs = len({c.identifier for c in prepared.dataset.graphs() if len(c)}) + len(prepared.parts)
    return BuildResult(path, quads, graphs, prepared.report, time.perf_counter() - started,
                       tuple(prepared.imports))


def update_log(var_dir: Path) -> Path:
    """Directory of the accepted updates."""
    return var_dir / UPDATES


def current_store_path(var_dir: Path) -> Path:
    """The directory of the store currently served, or StoreUnavailable if none was built."""
    link = var_dir / CURRENT
    if not link.exists():
        raise StoreUnavailable(f"no built store under {var_dir}: run `vnqi build` first")
    return link.resolve()
