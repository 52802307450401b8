"""A query worker's store: the immutable version read-only on disk, or copied into memory, clustered by subject.

The copy is loaded from an N-Quads dump of the version, its lines sorted first in descending byte order (GNU
`sort`, bytewise, in bounded memory): Oxigraph's in-memory store then meets subjects in ascending IRI order (in
long runs) when it scans them, the order paging queries sort by, and related subjects close together. Measured in
process at 5M synthetic quads (bench/results/worker-copy.md; docs/decisions.md 41): q6 of the query mix (ORDER BY
two IRIs over 600,000 articles) 1,448 ms on the copy in the dump's order, 1,022 ms on the sorted copy. Without
`sort`, or when it fails, the dump is loaded as it is.

Imports nothing but pyoxigraph and the standard library: a worker starts fast.
"""

from __future__ import annotations

import ctypes
import os
import shutil
import subprocess
import tempfile
from contextlib import AbstractContextManager, nullcontext
from typing import IO

import pyoxigraph as ox

ALL_ARENAS = 4096  # jemalloc's MALLCTL_ARENAS_ALL
SORT_MEMORY = "256M"  # what `sort` may hold in memory; larger dumps are merged through its temporary files


def open_version(store_path: str, in_memory: bool) -> ox.Store:
    """The store version read-only on disk, or copied into memory (2–3× faster queries, its size in RAM)."""
    on_disk = ox.Store.read_only(store_path)
    if not in_memory:
        return on_disk
    store = _copy(on_disk, os.path.dirname(os.path.abspath(store_path)))
    del on_disk  # closed: its caches go too
    _give_back_free_memory()
    return store


def _copy(on_disk: ox.Store, near: str) -> ox.Store:
    """An in-memory copy, loaded from a temporary N-Quads dump on disk (beside the version, where a build found
    room, else in the temporary directory): the dump is not held in memory as well (5M quads: peak 3,352 →
    2,318 MB, same 53 s); from a dump in memory when no temporary file can be written there. The files have no
    name (a worker killed while loading leaves nothing behind); pyoxigraph opens them through /proc/self/fd, so
    elsewhere than on Linux the dump is held in memory."""
    for folder in (near, None):
        try:
            return _copy_through_file(on_disk, folder)
        except OSError:
            continue
    store = ox.Store()
    store.bulk_load(on_disk.dump(format=ox.RdfFormat.N_QUADS), format=ox.RdfFormat.N_QUADS)
    return store


def _copy_through_file(on_disk: ox.Store, folder: str | None) -> ox.Store:
    """The copy through unnamed temporary files in `folder` (None: the temporary directory): the dump, then its
    lines sorted (the dump emptied then); OSError if no dump can be written there."""
    with tempfile.TemporaryFile(prefix="vnqi-copy-", suffix=".nq", dir=folder) as dump:
        on_disk.dump(output=_proc_path(dump), format=ox.RdfFormat.N_QUADS)
        with _sorted_lines(dump, folder) as ordered:
            store = ox.Store()
            store.bulk_load(path=_proc_path(ordered), format=ox.RdfFormat.N_QUADS)
            return store


def _proc_path(file: IO[bytes]) -> str:
    """A path to an open unnamed file; FileNotFoundError where there is no /proc/self/fd."""
    path = f"/proc/self/fd/{file.fileno()}"
    if not os.path.exists(path):
        raise FileNotFoundError(path)
    return path


def _sorted_lines(dump: IO[bytes], folder: str | None) -> AbstractContextManager[IO[bytes]]:
    """A new unnamed file with the dump's lines in descending byte order (one quad a line: blank node labels stay
    those of the one dump), the dump then emptied to free its disk; the dump itself when `sort` is missing or
    fails."""
    sort = shutil.which("sort")
    if sort is None:
        return nullcontext(dump)
    ordered = None
    try:
        ordered = tempfile.TemporaryFile(prefix="vnqi-copy-sorted-", suffix=".nq", dir=folder)  # noqa: SIM115
        dump.seek(0)
        subprocess.run([*_dying_with_this_process(), sort, "-r", "--parallel=1", "-S", SORT_MEMORY, "-T",
                        folder or tempfile.gettempdir()], stdin=dump, stdout=ordered, stderr=subprocess.DEVNULL,
                       env={**os.environ, "LC_ALL": "C"}, check=True)
    except (OSError, subprocess.SubprocessError):
        if ordered is not None:
            ordered.close()
        return nullcontext(dump)
    dump.truncate(0)
    return ordered  # the caller's `with` closes it


def _dying_with_this_process() -> list[str]:
    """`setpriv --pdeathsig SIGTERM --` when util-linux has it: `sort` then stops, removing its temporary files,
    when the worker is killed while it sorts (a time-out or a server stopping); else nothing."""
    setpriv = shutil.which("setpriv")
    return [setpriv, "--pdeathsig", "SIGTERM", "--"] if setpriv else []


def _give_back_free_memory() -> None:
    """Return the heap the load freed (the dump's bytes, the loader's buffers, the on-disk store's caches) to the
    system, which the allocator keeps otherwise: glibc's malloc_trim (~12% of a worker's resident memory measured on
    a 1.3M-quad version, 597 → 528 MB), or jemalloc's purge of every arena when the worker runs with it."""
    if os.name != "posix":
        return
    try:
        process = ctypes.CDLL(None)  # the process's symbols: jemalloc's come first when it is preloaded
    except (OSError, TypeError):
        return
    mallctl = getattr(process, "mallctl", None)
    if mallctl is not None:
        mallctl(b"arena.%d.purge" % ALL_ARENAS, None, None, None, ctypes.c_size_t(0))
    elif hasattr(process, "malloc_trim"):
        process.malloc_trim(0)
