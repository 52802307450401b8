"""Build: load → validate → write a new on-disk store beside the old one → switch atomically."""

from __future__ import annotations

import json
import os
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

from rdflib import Dataset, Graph

from graph.errors import StoreUnavailable, ValidationFailed
from graph.load import Sources, load_dataset
from graph.namespaces import VG
from graph.store.embedded import EmbeddedStore
from graph.validate import ValidationReport, union_graph, validate

CURRENT = "current"  # symlink in the var directory → builds/<id>
KEEP_BUILDS = 2


@dataclass(frozen=True)
class BuildResult:
    """What a successful build produced."""

    path: Path
    quads: int
    graphs: int
    report: ValidationReport
    seconds: float


def split(dataset: Dataset) -> tuple[Graph, Graph, Graph]:
    """Data (union of data graphs), ontology and shapes graphs of a loaded dataset."""
    parts: dict[str, Dataset] = {"data": Dataset(), "ontology": Dataset(), "shapes": Dataset()}
    for ctx in dataset.graphs():
        kind = str(ctx.identifier).removeprefix(str(VG)).split("/", 1)[0]
        if kind in parts:
            target = parts[kind].graph(ctx.identifier)
            for triple in ctx:
                target.add(triple)
    return union_graph(parts["data"]), union_graph(parts["ontology"]), union_graph(parts["shapes"])


def check(sources: Sources) -> tuple[Dataset, ValidationReport]:
    """Load everything and validate the data against the shapes, with the ontology for subclasses."""
    dataset = load_dataset(sources)
    data, ontology, shapes = split(dataset)
    return dataset, validate(data, shapes, ontology)


def build(sources: Sources, var_dir: Path) -> BuildResult:
    """Build and switch the served store; on any failure the previous store stays as it was."""
    started = time.perf_counter()
    dataset, report = check(sources)
    if not report.conforms:
        raise ValidationFailed(report)
    builds = var_dir / "builds"
    builds.mkdir(parents=True, exist_ok=True)
    target = builds / f"{time.strftime('%Y%m%dT%H%M%S')}-{os.getpid()}-{time.monotonic_ns() % 10**6}"
    try:
        store = EmbeddedStore(target)
        store.replace(dataset)
        quads = len(store)
        del store
        info = {"quads": quads, "graphs": len(list(dataset.graphs())), "built": time.strftime("%Y-%m-%dT%H:%M:%S%z")}
        (target / "vnqi-build.json").write_text(json.dumps(info, indent=2), encoding="utf-8")
    except BaseException:
        shutil.rmtree(target, ignore_errors=True)
        raise
    _switch(var_dir, target)
    _prune(builds, keep=target)
    return BuildResult(target, quads, info["graphs"], report, time.perf_counter() - started)


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
