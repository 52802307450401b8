"""RDF files for bulk loads: format from the name (gzip too), a metered binary reader, parser errors as LoadError."""

from __future__ import annotations

import gzip
import re
import sys
import time
import zlib
from pathlib import Path
from typing import BinaryIO, Self, TextIO

import pyoxigraph as ox

from graph.errors import LoadError
from graph.ids import slug
from graph.namespaces import VG

FORMATS = {".nt": ox.RdfFormat.N_TRIPLES, ".nq": ox.RdfFormat.N_QUADS, ".ttl": ox.RdfFormat.TURTLE,
           ".trig": ox.RdfFormat.TRIG, ".rdf": ox.RdfFormat.RDF_XML, ".owl": ox.RdfFormat.RDF_XML,
           ".xml": ox.RdfFormat.RDF_XML, ".jsonld": ox.RdfFormat.JSON_LD, ".json": ox.RdfFormat.JSON_LD}
LINE_FORMATS = (ox.RdfFormat.N_TRIPLES, ox.RdfFormat.N_QUADS)  # one triple per line: lines count triples
LINE_NUMBER = re.compile(r"line (\d+)")  # where a parser error says it is


def rdf_format(path: Path) -> ox.RdfFormat:
    """The format of a file from its suffix (a trailing .gz is read through gzip)."""
    suffix = path.with_suffix("").suffix if path.suffix == ".gz" else path.suffix
    if suffix.lower() not in FORMATS:
        raise LoadError(f"{path}: unknown RDF file type {suffix or '(none)'!r} "
                        f"(use {', '.join(FORMATS)}, optionally .gz)")
    return FORMATS[suffix.lower()]


def default_graph_for(path: Path) -> str:
    """The named graph a file's triples go to when no --graph is given: vg:load/<file name slug>."""
    name = slug(Path(path.name.removesuffix(".gz")).stem)
    if not name:  # "!!!.nt" and "???.nt" would both replace vg:load/
        raise LoadError(f"{path}: its name gives no graph name: pass --graph IRI")
    return str(VG[f"load/{name}"])


def load_error(path: Path, exc: BaseException) -> LoadError:
    """A one-line LoadError naming the file and the line (when the parser gives it)."""
    text = " ".join(str(exc).split()) or type(exc).__name__
    found = LINE_NUMBER.search(text)
    return LoadError(f"{path}:{found.group(1)}: {text}" if found else f"{path}: {text}")


class Meter:
    """Counts bytes and lines read from a file and prints the rate on a stream at most once a second."""

    def __init__(self, path: Path, fmt: ox.RdfFormat, stream: TextIO | None = sys.stderr) -> None:
        self.path, self.fmt, self.stream = path, fmt, stream
        self.bytes = self.lines = 0
        self.started = self.shown = time.perf_counter()

    def seen(self, data: bytes) -> None:
        """Account for a chunk and print progress when a second has passed."""
        self.bytes += len(data)
        if self.fmt in LINE_FORMATS:
            self.lines += data.count(b"\n")
        now = time.perf_counter()
        if self.stream is not None and now - self.shown >= 1.0:
            self.shown = now
            self.note(f"{self.bytes / 1e6:,.1f} MB" + (f", {self.lines:,} triples ({self.rate(self.lines)})"
                                                     if self.fmt in LINE_FORMATS else ""))

    def restart(self) -> None:
        """Count again from zero (the file is read anew)."""
        self.bytes = self.lines = 0
        self.started = self.shown = time.perf_counter()

    def rate(self, triples: int) -> str:
        """Triples per second since the start."""
        return f"{triples / max(time.perf_counter() - self.started, 1e-9):,.0f} triples/s"

    def note(self, text: str) -> None:
        """One progress line."""
        if self.stream is not None:
            print(f"[load] {self.path.name}: {text}", file=self.stream, flush=True)


class MeteredReader:
    """A binary file (gunzipped when named .gz) that reports what is read to a Meter."""

    def __init__(self, path: Path, meter: Meter) -> None:
        self.meter, self.path = meter, path
        try:
            self._raw: BinaryIO = gzip.open(path, "rb") if path.suffix == ".gz" else path.open("rb")  # noqa: SIM115
        except FileNotFoundError as exc:
            raise LoadError(f"{path}: file not found") from exc

    def read(self, size: int = -1) -> bytes:
        """Read and account for a chunk; LoadError for a corrupt or truncated gzip stream."""
        try:
            data = self._raw.read(size)
        except (zlib.error, EOFError, gzip.BadGzipFile) as exc:
            raise LoadError(f"{self.path}: not a valid gzip file: {exc}") from exc
        self.meter.seen(data)
        return data

    def readinto(self, buffer: bytearray) -> int:
        """Read into a buffer (for readers that prefer it)."""
        data = self.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)

    def close(self) -> None:
        """Close the file."""
        self._raw.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
