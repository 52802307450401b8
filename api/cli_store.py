"""`vnqi load`, `vnqi dump` and `vnqi synth`: bulk RDF in and out of any store, and synthetic benchmark data."""

from __future__ import annotations

import argparse
import gzip
import re
import signal
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

import pyoxigraph as ox

from graph.build import current_store_path
from graph.errors import LoadError
from graph.store import open_store
from graph.store.bulk import DUMP_FORMATS, dump, load_files

DUMP_SUFFIXES = {"nquads": ".nq", "trig": ".trig"}
MAX_SYNTH = 20_000_000  # the generator holds its output in memory: about 200 bytes a quad (4 GB at most)


def int_between(low: int, high: int) -> Callable[[str], int]:
    """An argparse type: an integer in [low, high] (argparse prints the message and exits 2 otherwise)."""
    def parse(text: str) -> int:
        value = int(text)
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(f"{value} is not between {low:,} and {high:,}")
        return value
    return parse


def add_parsers(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """The load, dump and synth sub-commands."""
    p = sub.add_parser("load", help="load RDF files into a store (each graph replaced atomically)")
    p.add_argument("files", nargs="+", type=Path, help=".nt .nq .ttl .trig .rdf .jsonld, optionally .gz")
    p.add_argument("--into", help="the store URL (memory:, oxigraph:DIR, http(s)://…; default $VNQI_STORE)")
    p.add_argument("--graph", help="the named graph for triples outside any graph (default vg:load/<file name>)")
    d = sub.add_parser("dump", help="write every named graph of a store as N-Quads or TriG")
    d.add_argument("--format", choices=tuple(DUMP_FORMATS), help="nquads or trig (default: from the -o suffix, "
                                                                  "else nquads)")
    d.add_argument("--from", dest="source", help="the store URL (default $VNQI_STORE, else the current build)")
    d.add_argument("-o", "--output", type=Path, help="the file to write (.gz compresses; default stdout)")
    s = sub.add_parser("synth", help="write SYNTHETIC vnqi-shaped N-Quads for benchmarks (never real data)")
    s.add_argument("--triples", type=int_between(1, MAX_SYNTH), default=1_000_000)
    s.add_argument("--seed", type=int, default=None, help="generator seed (default: the benchmarks' seed)")
    s.add_argument("-o", "--output", type=Path, help="the .nq file to write (.gz compresses; default stdout)")


def cmd_load(args: argparse.Namespace) -> int:
    """Load the files; one line per file with triples per second on stderr."""
    url = args.into or configured_store()
    if not url:
        raise LoadError("no store to load into: pass --into URL (memory:, oxigraph:DIR, http(s)://…) or set VNQI_STORE")
    if args.graph is not None:
        check_graph_name(args.graph)
    if url.startswith("oxigraph:") and url.removeprefix("oxigraph:").strip():  # "oxigraph:" alone: open_store says
        check_load_target(Path(url.removeprefix("oxigraph:")))
    store = open_store(url)
    started = time.perf_counter()
    previous = signal.signal(signal.SIGTERM, _interrupt)  # a kill undoes the load like Ctrl-C does
    try:
        triples = load_files(store, args.files, args.graph, stream=sys.stderr)
    finally:
        signal.signal(signal.SIGTERM, previous if previous is not None else signal.SIG_DFL)
        store.close()  # type: ignore[attr-defined]
    seconds = time.perf_counter() - started
    print(f"loaded {triples:,} triples from {len(args.files)} file(s) into {url} in {seconds:.1f} s "
          f"({triples / max(seconds, 1e-9):,.0f} triples/s)", file=sys.stderr)
    return 0


def _interrupt(signum: int, frame: object) -> None:
    """SIGTERM as KeyboardInterrupt: the load's rollback runs (api/cli.py then exits 130)."""
    raise KeyboardInterrupt


def check_graph_name(name: str) -> None:
    """LoadError unless --graph is an absolute IRI (it was blamed on the input file, and '' was ignored)."""
    try:
        ox.NamedNode(name)
        absolute = bool(re.match(r"[A-Za-z][A-Za-z0-9+.-]*:", name))
    except ValueError:
        absolute = False
    if not absolute:
        raise LoadError(f"--graph: {name!r} is not an absolute IRI (e.g. https://example.org/graph/1)")


def check_load_target(path: Path) -> None:
    """LoadError for a directory that is not a store (RocksDB files would land among other files) or that is a
    published build (never written again: a load there would skip validation and the audit log)."""
    if path.is_dir() and (path.resolve() / "vnqi-build.json").is_file():
        raise LoadError(f"{path} is a published build of vnqi, never written again: load into another store, or "
                        "change the data and run `vnqi build`")
    if path.is_dir() and any(path.iterdir()) and not (path / "CURRENT").is_file():
        raise LoadError(f"{path} is a directory that holds other files, not an Oxigraph store: name a new or an "
                        "empty directory, or an existing store")


def dump_format(output: Path | None, asked: str | None) -> str:
    """The dump's format: --format, else the output's suffix (.trig, .nq, optionally .gz), else N-Quads; a
    LoadError when they disagree (`-o x.trig` wrote N-Quads that `vnqi load x.trig` could not read)."""
    name = output.name.removesuffix(".gz") if output is not None else ""
    by_suffix = next((fmt for fmt, suffix in DUMP_SUFFIXES.items() if name.endswith(suffix)), None)
    if asked is not None and by_suffix is not None and asked != by_suffix:
        raise LoadError(f"--format {asked} does not match the file name {output.name}: name it …{DUMP_SUFFIXES[asked]}")
    return asked or by_suffix or "nquads"


def cmd_dump(args: argparse.Namespace) -> int:
    """Dump to a file (written beside it, then renamed) or to stdout."""
    url = args.source or configured_store() or f"oxigraph:{current_store_path(args.var)}"
    if url == "memory:":  # a new store of this process: its dump would be an empty file, silently
        raise LoadError("memory: is an empty store made for this command: nothing to dump (pass --from oxigraph:DIR "
                        "or a server URL)")
    fmt = dump_format(args.output, args.format)
    store = open_store(url, read_only=True)
    try:
        write_out(args.output, lambda out: dump(store, out, fmt))
    finally:
        store.close()  # type: ignore[attr-defined]
    return 0


def cmd_synth(args: argparse.Namespace) -> int:
    """Generate synthetic N-Quads (graph/synth.py) to a file or stdout."""
    from graph import synth

    seed = synth.DEFAULT_SEED if args.seed is None else args.seed
    text, count = synth.generate(args.triples, seed)
    write_out(args.output, lambda out: write_all(out, text.encode("utf-8")))
    print(f"{count:,} synthetic quads (seed {seed}) in graphs under {synth.VG}", file=sys.stderr)
    return 0


def configured_store() -> str | None:
    """VNQI_STORE, read alone (a bad setting for the server does not concern a load or a dump)."""
    from api.settings import StoreSettings

    return StoreSettings().store


def write_all(out: BinaryIO, data: bytes) -> None:
    """Write all of `data`: a buffered write into a pipe whose reader left returns short and raises only on the
    next call (BrokenPipeError), which would otherwise never come."""
    view = memoryview(data)
    while view:
        view = view[out.write(view):]


def write_out(path: Path | None, write: Callable[[BinaryIO], object]) -> None:
    """Call write(binary stream) on stdout, or on a temporary file renamed to `path` when complete."""
    if path is None:
        write(sys.stdout.buffer)
        sys.stdout.buffer.flush()
        return
    path = path.resolve()  # through a symlink: the file it names is replaced, not the link
    if path.exists() and not path.is_file():  # a device, a FIFO: written into as it is (never replaced by a file)
        with path.open("wb") as out:
            write(out)
        return
    part = path.with_name(path.name + ".part")
    try:
        with (gzip.open(part, "wb") if path.suffix == ".gz" else part.open("wb")) as out:
            write(out)  # type: ignore[arg-type]
        part.replace(path)
    finally:
        part.unlink(missing_ok=True)


COMMANDS = {"load": cmd_load, "dump": cmd_dump, "synth": cmd_synth}
