"""The `vnqi` command line: build, validate, query, serve, import (calls graph/ directly)."""

from __future__ import annotations

import argparse
import errno
import io
import logging
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from rdflib import Graph

from api import cli_impact, cli_query, cli_store
from graph.build import build
from graph.errors import GraphError, LoadError, ValidationFailed
from graph.importers.registry import IMPORTERS, NAMES
from graph.load import Sources, files_by_graph, load_dataset, merged, parse_given_file
from graph.progress import Progress
from graph.report import format_report
from graph.validate import validate

ROOT = Path(__file__).resolve().parents[1]


def _parser() -> argparse.ArgumentParser:
    """Argument parser with one sub-command per job."""
    p = argparse.ArgumentParser(prog="vnqi", description="Knowledge graph of Vietnam's quality infrastructure")
    _global_options(p, ROOT, None)
    sub = p.add_subparsers(dest="command", required=True)
    b = sub.add_parser("build", help="load, import, validate and write the store atomically")
    b.add_argument("--no-imports", action="store_true", help="only the files of ontology/ and data/")
    v = sub.add_parser("validate", help="check RDF files against the project's shapes")
    v.add_argument("files", nargs="+", type=Path)
    cli_query.add_parser(sub)
    s = sub.add_parser("serve", help="serve the built graph over HTTP")
    s.add_argument("--host", default="127.0.0.1")
    s.add_argument("--port", type=cli_store.int_between(1, 65535), default=8000)
    cli_impact.add_parser(sub)
    cli_store.add_parsers(sub)
    i = sub.add_parser("import", help="import a source: facts (data/facts/facts.ttl) or a corpus (var/imports/)")
    i.add_argument("source", choices=["facts", *NAMES])
    i.add_argument("--from", dest="src", type=Path, default=ROOT.parent / "shared/data/facts/facts.yaml",
                   help="facts only: the fact sheet")
    i.add_argument("--out", type=Path, default=None,
                   help="facts: the Turtle file (default data/facts/facts.ttl); a corpus: also copy its N-Quads here")
    for command in sub.choices.values():  # `vnqi impact X --var V` as well as `vnqi --var V impact X`
        _global_options(command, argparse.SUPPRESS, argparse.SUPPRESS)
    return p


def _global_options(parser: argparse.ArgumentParser, root: object, default: object) -> None:
    """--root, --var and --sources (on a sub-command, with no default: the value given before it stays)."""
    parser.add_argument("--root", type=Path, default=root, help="project root holding ontology/ and data/")
    parser.add_argument("--var", type=Path, default=default,
                        help="where built stores live (default $VNQI_VAR_DIR, else ROOT/var)")
    parser.add_argument("--sources", type=Path, default=default,
                        help="folder of the corpora to import (default ROOT/../shared/data)")


def cmd_build(args: argparse.Namespace) -> int:
    """`vnqi build`: refuse a non-conforming build with a readable report."""
    sources = Sources.at(args.root)
    try:
        result = build(sources, args.var, importers=() if args.no_imports else None, sources_dir=args.sources,
                       progress=Progress())
    except ValidationFailed as exc:
        dataset = load_dataset(sources)
        report = format_report(exc.report, dataset, files_by_graph(sources, args.root))  # type: ignore[arg-type]
        print(report, file=sys.stderr)
        print("build refused: the previous store (if any) is still the one served", file=sys.stderr)
        return 1
    warnings = len(result.report.warnings)
    print(f"built {result.path} — {result.quads} quads in {result.graphs} graphs, "
          f"0 violations, {warnings} warnings, {result.seconds:.1f} s")
    return 0


def cmd_validate(args: argparse.Namespace) -> int:
    """`vnqi validate FILE...`: 0 if the files conform, 1 if not."""
    sources = Sources.at(args.root).require()
    data = Graph()
    for path in args.files:
        data += parse_given_file(path)
    report = validate(data, merged(sources.shape_files()), merged(sources.ontology_files()))
    print(format_report(report, None, {}), end="")
    return 0 if report.conforms else 1


def cmd_serve(args: argparse.Namespace) -> int:
    """`vnqi serve`: the HTTP app over the built store."""
    import uvicorn

    from api.app import create_app
    from api.http_protocol import ProblemHttpProtocol
    from api.middleware import configure_access_log
    from api.settings import Settings

    settings = Settings(root=args.root, var_dir=args.var)
    configure_access_log()  # one JSON line per request (vnqi.access) instead of uvicorn's, which logs query strings
    uvicorn.run(create_app(settings), host=args.host, port=args.port, access_log=False, http=ProblemHttpProtocol)
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    """`vnqi import facts`: regenerate data/facts/facts.ttl; `vnqi import SOURCE`: import a corpus into the
    cache var/imports/ (what `vnqi build` loads), print its counts and skipped rows."""
    if args.source != "facts":
        return import_corpus(args)
    from graph.importers.facts import write_facts

    if not args.src.is_file():
        raise LoadError(f"{args.src}: fact sheet not found (pass --from PATH)")
    out = args.out or args.root / "data/facts/facts.ttl"
    import yaml

    try:
        write_facts(args.src, out)
    except (KeyError, TypeError, AttributeError, IndexError, yaml.YAMLError) as exc:  # a sheet of another shape
        raise LoadError(f"{args.src}: not a fact sheet vnqi can read ({type(exc).__name__}: {exc})") from exc
    print(f"wrote {out}")
    return 0


def import_corpus(args: argparse.Namespace) -> int:
    """Run one importer (and, for citations, the ones it links to) through the cache."""
    import shutil

    from graph.build import known_entities, split
    from graph.importers.cache import run_cached
    from graph.parts import part_from_graph, part_from_nquads

    wanted = next(i for i in IMPORTERS if i.name == args.source)
    parts = [part_from_graph("files", split(load_dataset(Sources.at(args.root)))[0])]
    for importer in IMPORTERS if wanted.uses_known else (wanted,):
        if importer.missing(args.sources):
            if importer is not wanted:  # a corpus the citations would link to: skipped, as `vnqi build` does
                continue
            raise LoadError(f"{importer.folder(args.sources)}: {importer.name} not found (pass --sources DIR)")
        known = known_entities(parts) if importer.uses_known else frozenset()
        output = run_cached(importer, args.sources, args.var, known)
        parts.append(part_from_nquads(str(importer.graph), output.path))
        if importer is wanted:
            print("\n".join(output.summary.lines()))
            print(f"{output.triples} triples in {output.path}" + (" (cached)" if output.cached else ""))
            if args.out:
                shutil.copyfile(output.path, args.out)
                print(f"wrote {args.out}")
            return 0
    return 0


COMMANDS = {"build": cmd_build, "validate": cmd_validate, "query": cli_query.cmd_query, "serve": cmd_serve,
            "import": cmd_import, "impact": cli_impact.cmd_impact, **cli_store.COMMANDS}


def default_var(root: Path) -> Path:
    """VNQI_VAR_DIR when set (the app's own setting, so that `vnqi serve` and `vnqi build` agree), else ROOT/var."""
    from api.settings import StoreSettings

    return StoreSettings().var_dir or root / "var"


class _ClosedOutput(io.RawIOBase):
    """Standard output when the process was started without one (`vnqi dump >&-`): every write fails."""

    def writable(self) -> bool:
        return True

    def write(self, data: object) -> int:
        raise OSError(errno.EBADF, "standard output is closed")


def _closed_streams() -> None:
    """Give a closed stdout a stream whose writes fail with a message, a closed stderr the null device."""
    if sys.stdout is None:
        sys.stdout = io.TextIOWrapper(_ClosedOutput(), encoding="utf-8", write_through=True)  # type: ignore[arg-type]
    if sys.stderr is None:
        sys.stderr = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115 — lives as long as the process


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point; user errors print one clear message and exit 2."""
    logging.getLogger("rdflib").setLevel(logging.ERROR)  # its warnings carry tracebacks (an ill-typed literal)
    args = _parser().parse_args(argv)
    args.sources = args.sources or args.root.parent / "shared" / "data"
    _closed_streams()
    try:
        args.var = args.var or default_var(args.root)
        status = COMMANDS[args.command](args)
        sys.stdout.flush()  # a write error surfaces here, not as a traceback at exit
        return status
    except BrokenPipeError:  # `vnqi dump | head`: the reader has what it wanted
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # nothing left to flush at exit
        return 141  # as the shell reports a command stopped by SIGPIPE
    except GraphError as exc:
        print(f"vnqi {args.command}: error: {exc}", file=sys.stderr)
        return 2
    except (OSError, ValueError) as exc:
        print(f"vnqi {args.command}: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(f"vnqi {args.command}: interrupted", file=sys.stderr)
        return 130  # as the shell reports a command stopped by SIGINT
    except MemoryError:
        print(f"vnqi {args.command}: error: out of memory (ask for less: a LIMIT, fewer triples)", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
