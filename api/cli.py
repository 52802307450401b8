"""The `vnqi` command line: build, validate, query, serve, import (calls graph/ directly)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from rdflib import Graph

from graph.build import build, current_store_path
from graph.errors import GraphError, LoadError, ValidationFailed
from graph.load import Sources, files_by_graph, load_dataset, merged, parse_file
from graph.query import with_prefixes
from graph.report import format_report
from graph.results import FORMATS, render
from graph.store import open_store
from graph.validate import validate

ROOT = Path(__file__).resolve().parents[1]


def _parser() -> argparse.ArgumentParser:
    """Argument parser with one sub-command per job."""
    p = argparse.ArgumentParser(prog="vnqi", description="Knowledge graph of Vietnam's quality infrastructure")
    p.add_argument("--root", type=Path, default=ROOT, help="project root holding ontology/ and data/")
    p.add_argument("--var", type=Path, default=None, help="where built stores live (default ROOT/var)")
    sub = p.add_subparsers(dest="command", required=True)
    sub.add_parser("build", help="load, validate and write the store atomically")
    v = sub.add_parser("validate", help="check RDF files against the project's shapes")
    v.add_argument("files", nargs="+", type=Path)
    q = sub.add_parser("query", help="run a SPARQL SELECT query on the built store")
    q.add_argument("sparql", help="the query text, or @file.rq")
    q.add_argument("--format", choices=FORMATS, default="table")
    s = sub.add_parser("serve", help="serve the built graph over HTTP")
    s.add_argument("--host", default="127.0.0.1")
    s.add_argument("--port", type=int, default=8000)
    i = sub.add_parser("import", help="regenerate a data file from its published source")
    i.add_argument("source", choices=["facts"])
    i.add_argument("--from", dest="src", type=Path, default=ROOT.parent / "shared/data/facts/facts.yaml")
    i.add_argument("--out", type=Path, default=ROOT / "data/facts/facts.ttl")
    return p


def cmd_build(args: argparse.Namespace) -> int:
    """`vnqi build`: refuse a non-conforming build with a readable report."""
    sources = Sources.at(args.root)
    try:
        result = build(sources, args.var)
    except ValidationFailed as exc:
        dataset = load_dataset(sources)
        print(format_report(exc.report, dataset, files_by_graph(sources, args.root)), file=sys.stderr)  # type: ignore[arg-type]
        print("build refused: the previous store (if any) is still the one served", file=sys.stderr)
        return 1
    warnings = len(result.report.warnings)
    print(f"built {result.path} — {result.quads} quads in {result.graphs} graphs, "
          f"0 violations, {warnings} warnings, {result.seconds:.1f} s")
    return 0


def cmd_validate(args: argparse.Namespace) -> int:
    """`vnqi validate FILE...`: 0 if the files conform, 1 if not."""
    sources = Sources.at(args.root)
    data = Graph()
    for path in args.files:
        parse_file(path, data)
    report = validate(data, merged(sources.shape_files()), merged(sources.ontology_files()))
    print(format_report(report, None, {}), end="")
    return 0 if report.conforms else 1


def cmd_query(args: argparse.Namespace) -> int:
    """`vnqi query 'SELECT …'`: print the solutions in the chosen format."""
    text = Path(args.sparql[1:]).read_text(encoding="utf-8") if args.sparql.startswith("@") else args.sparql
    store = open_store(f"oxigraph:{current_store_path(args.var)}", read_only=True)
    print(render(store.select(with_prefixes(text)), args.format), end="")
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    """`vnqi serve`: the HTTP app over the built store."""
    import uvicorn

    from api.app import create_app
    from api.settings import Settings

    settings = Settings(root=args.root, var_dir=args.var)
    uvicorn.run(create_app(settings), host=args.host, port=args.port)
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    """`vnqi import facts`: regenerate data/facts/facts.ttl from the fact sheet."""
    from graph.importers.facts import write_facts

    if not args.src.is_file():
        raise LoadError(f"{args.src}: fact sheet not found (pass --from PATH)")
    write_facts(args.src, args.out)
    print(f"wrote {args.out}")
    return 0


COMMANDS = {"build": cmd_build, "validate": cmd_validate, "query": cmd_query, "serve": cmd_serve,
            "import": cmd_import}


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point; user errors print one clear message and exit 2."""
    args = _parser().parse_args(argv)
    args.var = args.var or args.root / "var"
    try:
        return COMMANDS[args.command](args)
    except GraphError as exc:
        print(f"vnqi {args.command}: error: {exc}", file=sys.stderr)
        return 2
    except (OSError, ValueError) as exc:
        print(f"vnqi {args.command}: error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
