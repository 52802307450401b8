"""A line-based RDF file (N-Triples, N-Quads) bulk-loaded by several threads, in blocks cut at line ends.

pyoxigraph's bulk loader releases the GIL while it parses and writes the bytes it is given, but one call parses on
one thread (a file of 1M quads is a single batch of its loader). Here the file is read in blocks of about
BLOCK_BYTES, each ending at a line end, and every thread takes the next block and bulk-loads it: on two cores a
1M-quad file loads in about half the time (bench/RESULTS.md). Blank node labels are scoped to one parse, so a block
that holds `_:` stops every thread (BlankNodes) and the caller loads the file again in one piece. A syntax error
in any block stops the others and is raised with its line number in the whole file. A new store version is written
the same way (graph/build_write.py: `run_pieces` over its blocks, `split_lines` for one large N-Quads text).
"""

from __future__ import annotations

import mmap
import os
import re
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TypeVar

import pyoxigraph as ox

from graph.store.files import Meter

CORES = os.cpu_count() or 1
THREADS = min(4, CORES + 1) if CORES > 1 else 1  # one more than the cores: reading a block overlaps two parses
BLOCK_BYTES = 64 << 20  # the largest block handed to the loader (its parse runs without the GIL)
MIN_BLOCK_BYTES = 4 << 20  # a file of less than two such blocks is loaded in one piece
_LINE = re.compile(r"line (\d+)")
_BLANK = b"_:"
T = TypeVar("T")


class BlankNodes(Exception):
    """The file holds a blank node label: its blocks cannot be parsed apart."""


def _spans(data: bytes | mmap.mmap, piece_bytes: int) -> Iterator[tuple[int, int]]:
    """(start, end) of consecutive pieces of about piece_bytes, each ending at a line end (a longer line makes a
    longer piece)."""
    size, offset = len(data), 0
    while offset < size:
        end = min(size, offset + piece_bytes)
        if end < size:
            cut = data.rfind(b"\n", offset, end)
            end = cut + 1 if cut >= 0 else (data.find(b"\n", end) + 1 or size)
        yield offset, end
        offset = end


def blocks(path: Path, block_bytes: int = BLOCK_BYTES) -> Iterator[tuple[int, bytes]]:
    """(offset, bytes) blocks of a non-empty file, each ending at a line end; read through a memory map, so each
    block is copied once."""
    with path.open("rb") as file, mmap.mmap(file.fileno(), 0, access=mmap.ACCESS_READ) as view:
        if hasattr(mmap, "MADV_SEQUENTIAL"):  # not on Windows
            view.madvise(mmap.MADV_SEQUENTIAL)
        for start, end in _spans(view, block_bytes):
            yield start, view[start:end]


def split_lines(data: bytes, piece_bytes: int = BLOCK_BYTES) -> Iterator[bytes]:
    """`data` in pieces of about piece_bytes, each ending at a line end."""
    for start, end in _spans(data, piece_bytes):
        yield data[start:end]


def split_quads(data: bytes, piece_bytes: int = BLOCK_BYTES) -> Iterator[bytes]:
    """N-Triples or N-Quads `data` in pieces that parse to the same dataset as the whole: pieces of about
    piece_bytes cut at line ends, except that every line holding a blank node label (`_:`) goes to one last
    piece, so that each label is read in a single parse (labels are scoped to one parse)."""
    blank: list[bytes] = []
    for piece in split_lines(data, piece_bytes):
        if _BLANK not in piece:
            yield piece
            continue
        lines = piece.splitlines(keepends=True)
        blank += [line for line in lines if _BLANK in line]
        yield b"".join(line for line in lines if _BLANK not in line)
    if blank:
        yield b"".join(blank)


def load_blocks(native: ox.Store, path: Path, fmt: ox.RdfFormat, to_graph: ox.NamedNode, base_iri: str,
                meter: Meter) -> bool:
    """Load the file in blocks on THREADS threads; False (nothing read) when it is compressed or smaller than
    two blocks. Raises BlankNodes, or the error of a failing block (the earliest seen) with its line in the file."""
    size = path.stat().st_size if path.is_file() else 0  # a missing file is reported by the one-piece reader
    if path.suffix == ".gz" or THREADS < 2 or size < 2 * MIN_BLOCK_BYTES:
        return False
    block_bytes = max(MIN_BLOCK_BYTES, min(BLOCK_BYTES, size // (2 * THREADS)))  # about two blocks a thread
    counting = threading.Lock()  # the meter's line count is the number of triples returned: exact

    def load(item: tuple[int, bytes]) -> None:
        offset, block = item
        _load_one(native, path, fmt, to_graph, base_iri, offset, block)
        with counting:
            meter.seen(block)

    run_pieces(blocks(path, block_bytes), load, key=lambda item: item[0])
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
              offset: int, block: bytes) -> None:
    """Bulk-load one block; BlankNodes, or its SyntaxError renumbered to the lines of the whole file."""
    if _BLANK in block:
        raise BlankNodes
    try:
        native.bulk_load(block, format=fmt, base_iri=base_iri, to_graph=to_graph)
    except SyntaxError as exc:
        before = _lines_before(path, offset)
        raise SyntaxError(_LINE.sub(lambda m: f"line {int(m.group(1)) + before}", str(exc))) from None


def _lines_before(path: Path, offset: int) -> int:
    """The number of lines that end before byte `offset`."""
    count = 0
    with path.open("rb") as file:
        while offset > 0:
            chunk = file.read(min(offset, 1 << 24))
            if not chunk:
                break
            count += chunk.count(b"\n")
            offset -= len(chunk)
    return count
