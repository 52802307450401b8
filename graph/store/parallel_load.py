"""A line-based RDF file (N-Triples, N-Quads) bulk-loaded by several threads, in blocks cut at line ends.

pyoxigraph's bulk loader releases the GIL while it parses and writes the bytes it is given, but one call parses on
one thread (a file of 1M quads is a single batch of its loader). Here the file is read in blocks of about
BLOCK_BYTES, each ending at a line end, and every thread takes the next block and bulk-loads it: on two cores a
1M-quad file loads in about half the time (bench/RESULTS.md). Blank node labels are scoped to one parse, so the
lines holding `_:` are taken out of the blocks and loaded together at the end, in one parse
(graph/store/line_pieces.py); past BLANK_LIMIT bytes of them, BlankNodes stops every thread and the caller loads
the file again in one piece. A syntax error in any block stops the others and is raised with its line in the file.
A new store version is written the same way (graph/build_write.py: `run_pieces`, `split_quads`).
"""

from __future__ import annotations

import mmap
import os
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TypeVar

import pyoxigraph as ox

from graph.store.files import Meter
from graph.store.line_pieces import (
    BlankLines,
    BlankNodes,
    renumbered,
    spans,
    split_quads,
)

__all__ = ["BlankNodes", "blocks", "load_blocks", "run_pieces", "split_quads"]

CORES = os.cpu_count() or 1
THREADS = min(4, CORES + 1) if CORES > 1 else 1  # one more than the cores: reading a block overlaps two parses
BLOCK_BYTES = 64 << 20  # the largest block handed to the loader (its parse runs without the GIL)
MIN_BLOCK_BYTES = 4 << 20  # a file of less than two such blocks is loaded in one piece
BLANK_LIMIT = 256 << 20  # the most bytes of blank-node lines gathered for one last parse
T = TypeVar("T")


def worth_cutting(size: int) -> bool:
    """True when `size` bytes of lines make at least two blocks and there are threads to load them."""
    return THREADS > 1 and size >= 2 * MIN_BLOCK_BYTES


def block_size(size: int) -> int:
    """The block size for `size` bytes: about two blocks a thread, between MIN_BLOCK_BYTES and BLOCK_BYTES."""
    return max(MIN_BLOCK_BYTES, min(BLOCK_BYTES, size // (2 * THREADS)))


def blocks(path: Path, block_bytes: int = BLOCK_BYTES) -> Iterator[tuple[int, bytes]]:
    """(offset, bytes) blocks of a non-empty file, each ending at a line end; read through a memory map, so each
    block is copied once."""
    with path.open("rb") as file, mmap.mmap(file.fileno(), 0, access=mmap.ACCESS_READ) as view:
        if hasattr(mmap, "MADV_SEQUENTIAL"):  # not on Windows
            view.madvise(mmap.MADV_SEQUENTIAL)
        for start, end in spans(view, block_bytes):
            yield start, view[start:end]


def load_blocks(native: ox.Store, path: Path, fmt: ox.RdfFormat, to_graph: ox.NamedNode, base_iri: str,
                meter: Meter) -> bool:
    """Load the file in blocks on THREADS threads; False (nothing read) when it is compressed or smaller than
    two blocks. Raises BlankNodes, or the error of a failing block (the earliest seen) with its line in the file."""
    size = path.stat().st_size if path.is_file() else 0  # a missing file is reported by the one-piece reader
    if path.suffix == ".gz" or not worth_cutting(size):
        return False
    counting = threading.Lock()  # the meter's line count is the number of triples returned: exact
    blank = BlankLines(limit=BLANK_LIMIT)

    def load(item: tuple[int, bytes]) -> None:
        offset, block = item
        plain, line_offsets = blank.take(offset, block)
        _load_one(native, path, fmt, to_graph, base_iri, plain, offset, line_offsets)
        with counting:
            meter.seen(block)

    run_pieces(blocks(path, block_size(size)), load, key=lambda item: item[0])
    if blank.lines:  # every blank node label in one parse, as in a load of the whole file
        text, line_offsets = blank.piece()
        _load_one(native, path, fmt, to_graph, base_iri, text, 0, line_offsets)
    return True


def run_pieces(pieces: Iterator[T], work: Callable[[T], None], key: Callable[[T], int] = lambda _: 0,
               threads: int | None = None) -> None:
    """`work` on every piece, THREADS threads taking the next piece as they finish one (`work` runs without the
    lock, the iterator with it). The first error stops the others, and so does an interrupt of the calling thread
    (the workers are waited for before it goes on: whatever undoes their work runs after them). BlankNodes wins,
    else the error of the piece with the smallest `key` among those that failed."""
    lock, stop = threading.Lock(), threading.Event()
    errors: list[tuple[int, BaseException]] = []

    def take() -> T | None:
        with lock:
            return None if stop.is_set() else next(pieces, None)

    def loop() -> None:
        place = 0
        try:
            while (item := take()) is not None:
                place = key(item)
                work(item)
        except BaseException as exc:  # noqa: BLE001 (handed to the calling thread)
            stop.set()
            with lock:
                errors.append((place, exc))

    workers = [threading.Thread(target=loop, name=f"vnqi-load-{i}") for i in range(threads or THREADS)]
    try:
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join()
    except BaseException:  # Ctrl-C in the calling thread: no new piece, and the running ones end first
        stop.set()
        for worker in workers:
            if worker.is_alive():
                worker.join()
        raise
    if errors:
        blank = next((exc for _, exc in errors if isinstance(exc, BlankNodes)), None)
        first = blank if blank is not None else min(errors, key=lambda item: item[0])[1]
        errors.clear()  # no reference cycle through a frame may keep the store open after the raise
        try:
            raise first
        finally:
            del first, blank


def _load_one(native: ox.Store, path: Path, fmt: ox.RdfFormat, to_graph: ox.NamedNode, base_iri: str,
              text: bytes, offset: int, line_offsets: list[int] | None) -> None:
    """Bulk-load one piece; its SyntaxError names the line of the file (see line_pieces.renumbered)."""
    try:
        native.bulk_load(text, format=fmt, base_iri=base_iri, to_graph=to_graph)
    except SyntaxError as exc:
        raise renumbered(exc, path, offset, line_offsets) from None
