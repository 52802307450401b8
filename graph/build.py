"""Build: load → replay accepted updates → validate → write a new store beside the old one → switch atomically."""

from __future__ import annotations

import json
import os
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
from rdflib import Dataset, Graph

from graph.errors import StoreUnavailable, ValidationFailed
from graph.load import Sources, load_dataset
from graph.namespaces import VG
from graph.store.embedded import EmbeddedStore
from graph.validate import ValidationReport, validate

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


def check(sources: Sources, var_dir: Path | None = None) -> tuple[Dataset, ValidationReport]:
    """Load everything (and replay the accepted updates under var_dir) and validate."""
    dataset = load_dataset(sources)
    if var_dir is not None:
        from graph.update import replay  # update builds on this module

        dataset = replay(dataset, update_log(var_dir))
    return dataset, validate_dataset(dataset)


def build(sources: Sources, var_dir: Path) -> BuildResult:
    """Build and switch the served store; on any failure the previous store stays as it was."""
    started = time.perf_counter()
    dataset, report = check(sources, var_dir)
    if not report.conforms:
        raise ValidationFailed(report)
    nquads = dataset.serialize(format="nquads", encoding="utf-8")
    path, quads = write_version(var_dir, nquads)
    graphs = len({c.identifier for c in dataset.graphs() if len(c)})
    return BuildResult(path, quads, graphs, report, time.perf_counter() - started)


def write_version(var_dir: Path, nquads: bytes) -> tuple[Path, int]:
    """Write a new store version from N-Quads and make it current; a failure removes the half-written one."""
    builds = var_dir / "builds"
    builds.mkdir(parents=True, exist_ok=True)
    target = builds / f"{time.strftime('%Y%m%dT%H%M%S')}-{os.getpid()}-{time.monotonic_ns() % 10**6}"
    try:
        store = EmbeddedStore(target)
        store.native.bulk_load(nquads, format=ox.RdfFormat.N_QUADS)
        store.native.flush()
        quads = len(store)
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
