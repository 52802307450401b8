"""Run an importer once per content: its output is cached as var/imports/<name>-<key>.nq, where the key is the
SHA-256 of its input files and of its code, so a rebuild with unchanged inputs does not import again."""

from __future__ import annotations

import csv
import gzip
import hashlib
import json
import os
import time
import zlib
from dataclasses import dataclass
from pathlib import Path
from xml.etree.ElementTree import ParseError

from graph.errors import LoadError
from graph.importers.common import Summary, write_nquads
from graph.importers.registry import Importer

ROOT = Path(__file__).resolve().parents[2]
# What a truncated or corrupted source file raises in the importers' readers (gzip, csv, XML, UTF-8 text)
DAMAGED = (EOFError, zlib.error, gzip.BadGzipFile, csv.Error, ParseError, UnicodeDecodeError)


@dataclass(frozen=True)
class ImportOutput:
    """The cached output of one importer: its N-Quads file, triple count and summary."""

    importer: Importer
    path: Path
    triples: int
    summary: Summary
    seconds: float
    cached: bool


def cache_key(importer: Importer, sources_dir: Path, known: frozenset[str] = frozenset()) -> str:
    """SHA-256 over the importer's name, input files, code modules and (if it uses them) the known IRIs."""
    digest = hashlib.sha256(importer.name.encode())
    if importer.uses_known:
        digest.update("\n".join(sorted(known)).encode())
    for path in [importer.folder(sources_dir) / f for f in importer.files] + [ROOT / m for m in importer.modules]:
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def run_cached(importer: Importer, sources_dir: Path, var_dir: Path,
               known: frozenset[str] = frozenset()) -> ImportOutput:
    """The importer's output, from the cache when its key is there, else imported now and cached."""
    folder = var_dir / "imports"
    folder.mkdir(parents=True, exist_ok=True)
    key = cache_key(importer, sources_dir, known)
    path, meta = folder / f"{importer.name}-{key}.nq", folder / f"{importer.name}-{key}.json"
    if path.is_file() and meta.is_file():
        try:
            info = json.loads(meta.read_text(encoding="utf-8"))
            return ImportOutput(importer, path, info["triples"], Summary.from_json(info["summary"]), 0.0, True)
        except (ValueError, KeyError, TypeError):
            pass  # a damaged cache entry: imported again below
    started = time.perf_counter()
    summary = Summary(importer.name)
    tmp, meta_tmp = (p.with_name(f"{p.name}.{os.getpid()}.tmp") for p in (path, meta))
    args = (known,) if importer.uses_known else ()
    try:
        with tmp.open("w", encoding="utf-8") as out:
            triples = write_nquads(importer.run(importer.folder(sources_dir), summary, *args), importer.graph, out)
        meta_tmp.write_text(json.dumps({"triples": triples, "summary": summary.to_json()}, indent=1), encoding="utf-8")
        os.replace(tmp, path)
        os.replace(meta_tmp, meta)  # the output first: a metadata file is only ever beside a whole output
    except DAMAGED as exc:
        raise LoadError(f"{importer.name}: a source file under {importer.folder(sources_dir)} is damaged or cut "
                        f"short ({type(exc).__name__}: {' '.join(str(exc).split())[:200]})") from exc
    finally:
        for leftover in (tmp, meta_tmp):
            leftover.unlink(missing_ok=True)
    _prune(folder, importer.name, keep=key)
    return ImportOutput(importer, path, triples, summary, time.perf_counter() - started, False)


def _prune(folder: Path, name: str, keep: str) -> None:
    """Remove older cached outputs of the same importer."""
    for old in folder.glob(f"{name}-*"):
        if not old.name.startswith(f"{name}-{keep}"):
            old.unlink(missing_ok=True)
