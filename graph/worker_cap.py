"""The row cap applied while the store writes a line format (TSV, N-Triples): a sink that keeps the first lines
and stops the store's serialiser soon after, so that a result far over the cap is never made whole. A graph (the
answer of a DESCRIBE) may be kept as a set: each triple once, counted once."""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator

import pyoxigraph as ox


class Full(Exception):
    """Raised into the store's serialiser once the lines beyond the cap have begun: it stops writing."""


class _Lines:
    """A binary sink for the store's serialisers that keeps the first `limit` lines and stops the writer soon after:
    the store writes in pieces of a few KB, so a result far over the row cap is never made whole (a cross join would
    otherwise grow a worker by gigabytes until its time limit)."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.lines = 0
        self.parts: list[bytes] = []

    def write(self, data: bytes) -> int:
        """Keep a piece; Full once more than `limit` lines have been written."""
        self.parts.append(bytes(data))
        self.lines += self.parts[-1].count(b"\n")
        if self.lines > self.limit:
            raise Full
        return len(data)

    def flush(self) -> None:
        """Nothing to flush: the pieces stay in memory."""

    @property
    def full(self) -> bool:
        """Whether more than `limit` lines were written."""
        return self.lines > self.limit

    def kept(self) -> bytes:
        """The first `limit` lines (all of them if there were no more)."""
        body = b"".join(self.parts)
        return b"\n".join(body.split(b"\n", self.limit)[: self.limit]) + b"\n" if self.full else body


class _DistinctLines(_Lines):
    """_Lines that keeps each line once, in the order first written (one triple a line in N-Triples)."""

    def __init__(self, limit: int) -> None:
        super().__init__(limit)
        self.seen: dict[bytes, None] = {}
        self.tail = b""  # a line not yet ended

    def write(self, data: bytes) -> int:
        """Keep the new lines of a piece; Full once more than `limit` different lines were written."""
        piece = self.tail + bytes(data)
        end = piece.rfind(b"\n") + 1
        self.tail = piece[end:]
        if end:
            self.seen.update(dict.fromkeys(piece[:end - 1].split(b"\n")))
        self.lines = len(self.seen)
        if self.lines > self.limit:
            raise Full
        return len(data)

    def kept(self) -> bytes:
        """The first `limit` different lines (without the start of a line cut off when the cap stopped the writer)."""
        body = b"".join(line + b"\n" for line in itertools.islice(self.seen, self.limit))
        return body if self.full else body + self.tail


def distinct(triples: Iterable[ox.Triple]) -> Iterator[ox.Triple]:
    """Each triple once, in order."""
    seen: set[ox.Triple] = set()
    for triple in triples:
        if triple not in seen:
            seen.add(triple)
            yield triple


def capped(result: ox.QuerySolutions | ox.QueryTriples, fmt: ox.QueryResultsFormat | ox.RdfFormat,
           limit: int, as_set: bool = False) -> tuple[bool, bytes]:
    """Whether the store's line-format serialisation of `result` has more than `limit` lines (different lines
    `as_set`), and the first ones."""
    sink = _DistinctLines(limit) if as_set else _Lines(limit)
    try:
        result.serialize(sink, format=fmt)
    except Exception:  # Full as raised, or wrapped by the binding: the sink knows
        if not sink.full:
            raise
    return sink.full, sink.kept()
