"""Line-based RDF (N-Triples, N-Quads) cut into pieces that parse apart to the same dataset, and the way back from
a piece's line to the line of the file.

Every line is one triple or quad, so pieces cut at line ends parse alike, except for blank node labels: a label is
scoped to one parse, so every line holding `_:` goes to one piece of its own (BlankLines), read in a single parse.
"""

from __future__ import annotations

import functools
import mmap
import threading
from collections.abc import Iterator
from pathlib import Path

from graph.store.files import LINE_NUMBER

BLANK = b"_:"


class BlankNodes(Exception):
    """The lines holding blank node labels are too many to gather: the file must be parsed in one piece."""


def spans(data: bytes | mmap.mmap, piece_bytes: int) -> Iterator[tuple[int, int]]:
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


def split_quads(data: bytes, piece_bytes: int) -> Iterator[bytes]:
    """N-Triples or N-Quads `data` in pieces that parse to the same dataset as the whole: pieces of about
    piece_bytes cut at line ends, and every line holding a blank node label in one last piece."""
    blank = BlankLines(limit=None)
    for start, end in spans(data, piece_bytes):
        yield blank.take(start, data[start:end])[0]
    if blank.lines:
        yield blank.piece()[0]


def lines_of(offset: int, text: bytes) -> Iterator[tuple[int, bytes]]:
    """(byte offset, line with its end) of every line of `text`, which starts at byte `offset` of its file."""
    at = 0
    while at < len(text):
        end = text.find(b"\n", at) + 1 or len(text)
        yield offset + at, text[at:end]
        at = end


class BlankLines:
    """The lines holding `_:` taken out of blocks, with where each came from; BlankNodes past `limit` bytes."""

    def __init__(self, limit: int | None) -> None:
        self.limit, self.size = limit, 0
        self.lines: list[tuple[int, bytes]] = []  # (byte offset in the file, line)
        self._lock = threading.Lock()  # blocks are taken apart on several threads

    def take(self, offset: int, block: bytes) -> tuple[bytes, list[int] | None]:
        """The block without its blank-node lines, and the offset of each line left when any was taken out."""
        if BLANK not in block:
            return block, None
        kept: list[tuple[int, bytes]] = []
        taken: list[tuple[int, bytes]] = []
        for at, line in lines_of(offset, block):
            (taken if BLANK in line else kept).append((at, line))
        with self._lock:
            self.lines += taken
            self.size += sum(len(line) for _, line in taken)
            if self.limit is not None and self.size > self.limit:
                raise BlankNodes
        return b"".join(line for _, line in kept), [at for at, _ in kept]

    def piece(self) -> tuple[bytes, list[int]]:
        """The gathered lines in the order of the file, and the file offset of each."""
        self.lines.sort(key=lambda item: item[0])
        return b"".join(line for _, line in self.lines), [at for at, _ in self.lines]


def renumbered(exc: SyntaxError, path: Path, offset: int, line_offsets: list[int] | None) -> SyntaxError:
    """The parser's error with each `line N` made the line of the file: the piece starts at byte `offset`, or
    its N-th line starts at byte line_offsets[N-1] when the piece is not one run of the file's lines."""
    @functools.cache  # a message names its line twice; each costs a read of the file up to it
    def file_line(n: int) -> int:
        if line_offsets is None:
            return _lines_before(path, offset) + n
        return _lines_before(path, line_offsets[min(n, len(line_offsets)) - 1]) + 1

    return SyntaxError(LINE_NUMBER.sub(lambda m: f"line {file_line(int(m.group(1)))}", str(exc)))


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
