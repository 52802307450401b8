"""Incremental validation: the data validated part by part, each result cached by content.

The engine is graph/shacl_fast.py (pySHACL-compatible, pySHACL kept for the shapes it does not support) unless
`engine="pyshacl"` or the environment variable VNQI_SHACL_ENGINE=pyshacl asks for plain pySHACL (with
graph/shacl_speed.py); the engine is part of each chunk's cache key.

Every shape of the project reads a focus node's own triples, the rdf:type of the nodes it links to and the
ontology, nothing else. So the data is cut by subject into chunks (the project's data files are one chunk,
each import graph one or more), and each chunk is validated with the rdf:type triples of its link targets
mixed in; only the results about the chunk's own subjects are kept. Subjects described by several graphs are
validated once more on the union of their descriptions, and only there. A chunk's report is cached under
var/imports/validation/ with a key of its triples, its targets' types and the shapes, ontology and code, so
a rebuild validates again only what changed. tests/test_validate_parts.py checks on a sample with injected
errors that this reports exactly what one pySHACL run on the whole union reports.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import pyshacl
from rdflib import BNode, URIRef

from graph import shacl_fast
from graph.load import merged
from graph.parts import Part, digest, overlap, parse_lines, referenced, type_index
from graph.shacl_fast import ENGINES
from graph.validate import ValidationReport, ValidationResult, validate

CHUNK_LINES = 60_000
CODE_FILES = ("graph/validate.py", "graph/validate_parts.py", "graph/parts.py", "graph/shacl_speed.py",
              "graph/shacl_fast.py", "graph/shacl_fast_data.py", "graph/shacl_fast_eval.py",
              "graph/shacl_fast_shapes.py")
ROOT = Path(__file__).resolve().parents[1]
ENGINE_ENV = "VNQI_SHACL_ENGINE"
WORKER_NICE = 4  # ≥ 4: on an idle 2-core machine the build's own write thread still gets a whole core
_WORKER: dict[str, Any] = {}


@dataclass(frozen=True)
class Chunk:
    """Lines to validate, the subjects whose results are kept, and its link targets' rdf:type lines."""

    lines: tuple[str, ...]
    keep: frozenset[str]
    types: tuple[str, ...]

    def key(self, engine: str) -> str:
        """Cache key: content, targets' types, kept subjects and the engine (shapes, ontology, code)."""
        parts = (engine, digest(self.lines), digest(self.types), digest(self.keep))
        return hashlib.sha256("|".join(parts).encode()).hexdigest()[:24]


def engine_name(engine: str | None = None) -> str:
    """The engine asked for: the argument, else $VNQI_SHACL_ENGINE, else "fast"."""
    name = engine or os.environ.get(ENGINE_ENV) or "fast"
    if name not in ENGINES:
        raise ValueError(f"unknown SHACL engine {name!r}: one of {', '.join(ENGINES)}")
    return name


def engine_key(shape_files: Sequence[Path], ontology_files: Sequence[Path], engine: str = "pyshacl") -> str:
    """Digest of everything that decides a result besides the data (the engine's name included)."""
    h = hashlib.sha256(f"{engine} {pyshacl.__version__}".encode())
    for path in [*shape_files, *ontology_files, *(ROOT / f for f in CODE_FILES)]:
        h.update(path.read_bytes())
    return h.hexdigest()


def chunks(parts: Sequence[Part], index: dict[str, set[str]]) -> list[Chunk]:
    """The chunks of every part (subjects in several parts left out), then one chunk of those shared."""
    shared = overlap(parts)
    out = []
    for part in parts:
        count = max(1, math.ceil(len(part) / CHUNK_LINES))
        groups: list[dict[str, list[str]]] = [{} for _ in range(count)]
        for subject, lines in part.by_subject.items():
            groups[int(hashlib.sha1(subject.encode()).hexdigest()[:8], 16) % count][subject] = lines
        out += [_chunk(g, set(g) - shared, index) for g in groups if g]
    if shared:
        union = {s: [line for p in parts for line in p.by_subject.get(s, [])] for s in sorted(shared)}
        out.append(_chunk(union, shared, index))
    return out


def _chunk(by_subject: dict[str, list[str]], keep: set[str], index: dict[str, set[str]]) -> Chunk:
    """A chunk from grouped lines: its targets' types are looked up in the index."""
    lines = [line for group in by_subject.values() for line in group]
    own = set(lines)
    # every link target's types, also of a subject of the chunk whose rdf:type is in another graph
    types = sorted({t for target in referenced(lines, ()) for t in index.get(target, ()) if t not in own})
    return Chunk(tuple(lines), frozenset(keep), tuple(types))


def _init(shape_files: Sequence[Path], ontology_files: Sequence[Path], engine: str = "pyshacl") -> None:
    """Worker start: load shapes and ontology once (and compile the shapes for the fast engine)."""
    _WORKER["shapes"], _WORKER["ontology"] = merged(shape_files), merged(ontology_files)
    _WORKER["model"] = shacl_fast.model(_WORKER["shapes"], _WORKER["ontology"]) if engine == "fast" else None


def _init_worker(*init: Any) -> None:
    """Worker process start: a lower priority than the build's own process, which writes the new store version
    meanwhile (graph/build_write.py): that write is the longer of the two, so it gets a core of its own."""
    os.nice(WORKER_NICE)
    _init(*init)


def _run(chunk: Chunk) -> list[dict[str, object]]:
    """Validate one chunk; the results about its kept subjects."""
    if _WORKER["model"] is not None:
        report = shacl_fast.validate_lines([*chunk.lines, *chunk.types], _WORKER["model"], only=chunk.keep)
    else:
        data = parse_lines(chunk.types, parse_lines(chunk.lines))
        focus = frozenset(URIRef(s[1:-1]) if s.startswith("<") else BNode(s[2:]) for s in chunk.keep)
        report = validate(data, _WORKER["shapes"], _WORKER["ontology"], inplace=True, focus=focus)
    keep = {s[1:-1] if s.startswith("<") else s for s in chunk.keep}
    return [asdict(r) for r in report.results if r.focus in keep]


def validate_parts(parts: Sequence[Part], shape_files: Sequence[Path], ontology_files: Sequence[Path],
                   cache_dir: Path | None, workers: int = 2,
                   on_chunk: Callable[[int, int], None] | None = None, engine: str | None = None,
                   on_start: Callable[[], None] | None = None) -> ValidationReport:
    """Validate the union of `parts` chunk by chunk, reusing cached chunk reports; `on_start` is called once
    any worker process has been started (the build then starts writing the store in a thread)."""
    name = engine_name(engine)
    engine = engine_key(shape_files, ontology_files, name)
    todo, results = [], []
    for chunk in chunks(parts, type_index(parts)):
        cached = _load(cache_dir, chunk.key(engine))
        if cached is None:
            todo.append(chunk)
        else:
            results += cached
    runs = _map(todo, (shape_files, ontology_files, name), workers, on_start)
    for n, (chunk, found) in enumerate(zip(todo, runs), start=1):
        _store(cache_dir, chunk.key(engine), found)
        results += found
        if on_chunk:
            on_chunk(n, len(todo))
    typed = sorted((ValidationResult(**r) for r in results),  # type: ignore[arg-type]
                   key=lambda r: (r.focus, r.shape, r.path or "", r.value or ""))
    return ValidationReport(not any(r.severity == "Violation" for r in typed), tuple(typed))


def _map(todo: list[Chunk], init: tuple[Sequence[Path], Sequence[Path], str], workers: int,
         on_start: Callable[[], None] | None = None) -> Iterable[list[dict[str, object]]]:
    """Run the chunks: in this process when there is one, else in a pool of worker processes; `on_start` is
    called once the workers are forked (a thread started before a fork could leave its locks held in them)."""
    if len(todo) <= 1 or workers <= 1:
        if on_start:
            on_start()
        _init(*init)
        return map(_run, todo)
    pool = ProcessPoolExecutor(max_workers=workers, initializer=_init_worker, initargs=init)
    results = pool.map(_run, todo)  # submits every chunk: the worker processes are forked here, now
    if on_start:
        on_start()
    return _drain(pool, results)


def _drain(pool: ProcessPoolExecutor, results: Iterable[list[dict[str, object]]]) -> Iterable[list[dict[str, object]]]:
    """Yield the pool's results, then shut it down."""
    with pool:
        yield from results


def _load(cache_dir: Path | None, key: str) -> list[dict[str, object]] | None:
    """A cached chunk report, if any."""
    if cache_dir is None:
        return None
    path = cache_dir / f"{key}.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else None


def _store(cache_dir: Path | None, key: str, results: list[dict[str, object]]) -> None:
    """Cache a chunk report."""
    if cache_dir is None:
        return
    cache_dir.mkdir(parents=True, exist_ok=True)
    tmp = cache_dir / f"{key}.json.tmp"
    tmp.write_text(json.dumps(results), encoding="utf-8")
    tmp.replace(cache_dir / f"{key}.json")
