"""Writing a store version (Oxigraph store, search index, browse summary) beside the current one, and making it
current with an atomic switch of the var/current symlink. The full build writes the version in a background
thread while it validates (BackgroundWrite): the version is switched to only once the data conforms; on a
violation or any error the half- or fully-written version is removed and the current one stays as it was.
"""

from __future__ import annotations

import functools
import os
import shutil
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

import pyoxigraph as ox

from graph.browse_summary import SUMMARY_FILE, write_summary
from graph.build_record import write_record
from graph.progress import SILENT, Progress
from graph.search import SEARCH_FILE
from graph.search_build import build_index
from graph.store import parallel_load
from graph.store.embedded import EmbeddedStore
from graph.worker_merge import write_merged

CURRENT = "current"  # symlink in the var directory → builds/<id>
KEEP_BUILDS = 2


class Cancelled(Exception):
    """The build no longer wants the version being written."""


def write_store(var_dir: Path, nquads: bytes | Sequence[bytes],
                cancel: threading.Event | None = None) -> tuple[Path, int]:
    """Write a new store version from N-Quads under var/builds/ (not yet current); a failure removes it."""
    builds = var_dir / "builds"
    builds.mkdir(parents=True, exist_ok=True)
    target = builds / f"{time.strftime('%Y%m%dT%H%M%S')}-{os.getpid()}-{time.monotonic_ns() % 10**6}"

    def check() -> None:
        if cancel is not None and cancel.is_set():
            raise Cancelled(str(target))

    try:
        store = EmbeddedStore(target)
        # On several threads: the bulk loader parses without the GIL.
        parallel_load.run_pieces(_pieces(nquads), functools.partial(_load_block, store.native, check))
        store.native.flush()
        quads = len(store)
        check()
        # The full-text search index is part of the version (graph/search.py, file search.sqlite beside the store),
        # and so are the counts of the home, class and ICS pages (H-browse); both only read the store: side by side.
        extras = [functools.partial(build_index, store, target / SEARCH_FILE),
                  functools.partial(write_summary, store, target / SUMMARY_FILE)]
        parallel_load.run_pieces(iter(extras), lambda job: job(), threads=2)
        check()
        merged = write_merged(target, store.native)  # the store the query workers read, when it is needed
        check()
        del extras, store  # closes the store before the version is named complete
        write_record(target, quads, merged)
    except BaseException:
        shutil.rmtree(target, ignore_errors=True)
        raise
    return target, quads


def _load_block(native: ox.Store, check: Callable[[], None], block: bytes) -> None:
    """Bulk-load one block of N-Quads (after checking that the write is still wanted)."""
    check()
    native.bulk_load(block, format=ox.RdfFormat.N_QUADS)


def _pieces(nquads: bytes | Sequence[bytes]) -> Iterator[bytes]:
    """The blocks to bulk-load, each parsed on its own: those given, or one large N-Quads text cut into pieces
    (its lines with blank nodes kept together: graph/store/parallel_load.split_quads)."""
    if not isinstance(nquads, bytes):
        return iter(nquads)
    if not parallel_load.worth_cutting(len(nquads)):
        return iter([nquads])
    return parallel_load.split_quads(nquads, parallel_load.block_size(len(nquads)))


def commit(var_dir: Path, target: Path) -> None:
    """Make a written version current and prune the old ones."""
    _switch(var_dir, target)
    _prune(var_dir / "builds", keep=target)


def write_version(var_dir: Path, nquads: bytes | Sequence[bytes]) -> tuple[Path, int]:
    """Write a new store version from N-Quads and make it current; a failure removes the half-written one."""
    target, quads = write_store(var_dir, nquads)
    commit(var_dir, target)
    return target, quads


class BackgroundWrite:
    """A version written in a thread while the caller validates: `start()` (after any fork of worker processes),
    then `keep()` commits it or `discard()` removes it."""

    def __init__(self, var_dir: Path, blocks: Callable[[], Sequence[bytes]], progress: Progress = SILENT) -> None:
        self.var_dir, self.cancel = var_dir, threading.Event()
        self._blocks, self._progress = blocks, progress
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="vnqi-write")
        self._future: Future[tuple[Path, int]] | None = None

    def start(self) -> None:
        """Start writing (once)."""
        if self._future is None:
            self._future = self._pool.submit(self._run, self._blocks, self._progress)

    def _run(self, blocks: Callable[[], Sequence[bytes]], progress: Progress) -> tuple[Path, int]:
        """The write stage."""
        with progress.stage("write") as info:
            path, quads = write_store(self.var_dir, blocks(), self.cancel)
            info["done"] = f"{quads} quads into {path}"
        return path, quads

    def keep(self) -> tuple[Path, int]:
        """Wait for the version and make it current."""
        self.start()
        try:
            path, quads = self._future.result()  # type: ignore[union-attr]
        finally:
            self._pool.shutdown()
        commit(self.var_dir, path)
        return path, quads

    def discard(self) -> None:
        """Stop the write at its next step and remove what was written."""
        self.cancel.set()
        if self._future is None:
            self._pool.shutdown()
            return
        try:
            path, _ = self._future.result()
            shutil.rmtree(path, ignore_errors=True)
        except Exception:  # noqa: BLE001, S110 — cancelled or failed: write_store removed its directory
            pass
        finally:
            self._pool.shutdown()


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
