"""`vnqi query`: a SELECT on the built store, stopped after --timeout or at Ctrl-C, SERVICE refused unless allowed; its
dataset and a `SELECT *`'s columns as on /sparql."""

from __future__ import annotations

import argparse
import os
import re
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from graph.build import current_store_path
from graph.errors import QueryError
from graph.namespaces import sparql_prologue
from graph.query import with_prefixes
from graph.results import FORMATS, render
from graph.sparql_guard import check_services, declares_dataset
from graph.sparql_worker import dataset
from graph.store.base import Rows
from graph.store.embedded import EmbeddedStore
from graph.worker_columns import star_order
from graph.worker_dataset import listed, merged
from graph.worker_merge import served_path

POLL_S = 0.1  # how often the waiting main thread wakes (Ctrl-C is handled there)


def seconds(text: str) -> float:
    """A positive number of seconds (argparse type)."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of seconds: {text!r}") from None
    if not value > 0:
        raise argparse.ArgumentTypeError(f"must be more than 0 seconds: {text!r}")
    if not value < 1e9:
        raise argparse.ArgumentTypeError(f"must be less than 1e9 seconds (omit --timeout for no limit): {text!r}")
    return value


def add_parser(sub: argparse._SubParsersAction) -> None:
    """The `query` sub-command and its options."""
    q = sub.add_parser("query", help="run a SPARQL SELECT query on the built store")
    q.add_argument("sparql", help="the query text, or @file.rq")
    q.add_argument("--format", choices=FORMATS, default="table")
    q.add_argument("--timeout", type=seconds, default=None, metavar="SECONDS",
                   help="stop the query after this many seconds (default: no limit; Ctrl-C stops it too)")
    q.add_argument("--allow-service", action="append", default=[], metavar="IRI",
                   help="a SERVICE endpoint the query may call (repeatable); without it SERVICE is refused and no "
                        "outbound request is made, as on /sparql")


def cmd_query(args: argparse.Namespace) -> int:
    """`vnqi query 'SELECT …'`: print the solutions in the chosen format."""
    text = Path(args.sparql[1:]).read_text(encoding="utf-8-sig") if args.sparql.startswith("@") else args.sparql
    check_services(text, args.allow_service)
    path, base = served_path(str(current_store_path(args.var)))  # the store /sparql's workers read
    store = EmbeddedStore(Path(path), read_only=True, dataset=dataset(text, [], [], base))  # as a worker reads it
    out = _within(lambda: render(_columns(_select(_merged(store, text), text), text), args.format), args.timeout)
    print(out, end="")
    return 0


def _merged(store: EmbeddedStore, text: str) -> EmbeddedStore:
    """The store to read when the query's FROM clauses name several graphs: their merge, as a worker reads it
    (graph/worker_dataset.py); else `store`."""
    full = with_prefixes(text)
    graphs = listed(full, [], [], declares_dataset(full))
    return store if graphs is None else EmbeddedStore.over(*merged(store.native, *graphs))


def _columns(rows: Rows, text: str) -> Rows:
    """A `SELECT *`'s columns in the order its variables appear, as on /sparql (graph/worker_columns.py)."""
    order = star_order(text, list(rows.variables))
    if order is None:
        return rows
    where = [rows.variables.index(name) for name in order]
    return Rows(variables=tuple(order), rows=tuple(tuple(row[i] for i in where) for row in rows.rows))


def _select(store: Any, text: str) -> Any:
    """The solutions, with a syntax error's position in the user's text (not in the text with the prefixes)."""
    try:
        return store.select(with_prefixes(text))
    except QueryError as exc:
        shift = sparql_prologue().count("\n")
        raise QueryError(re.sub(r"error at (\d+):", lambda m: f"error at {int(m[1]) - shift}:", str(exc))) from exc


def _within(work: Callable[[], Any], timeout: float | None) -> Any:
    """`work()` run in a thread while this one waits: past `timeout` or at Ctrl-C the process ends at once (the
    store cannot cancel a query, and only the end of the process stops it), with a message."""
    box: dict[str, Any] = {}

    def run() -> None:
        try:
            box["value"] = work()
        except BaseException as exc:  # noqa: BLE001 — handed to the waiting thread, which reports it as any other error
            box["error"] = exc

    thread = threading.Thread(target=run, name="vnqi-query", daemon=True)
    thread.start()
    deadline = None if timeout is None else time.monotonic() + timeout
    try:
        while thread.is_alive() and (deadline is None or time.monotonic() < deadline):
            thread.join(POLL_S if deadline is None else max(0.0, min(POLL_S, deadline - time.monotonic())))
    except KeyboardInterrupt:
        _stop(130, "interrupted")
    if thread.is_alive():
        _stop(2, f"error: the query ran longer than {timeout:g} s and was stopped (--timeout)")
    if "error" in box:
        raise box["error"]
    return box["value"]


def _stop(status: int, message: str) -> None:
    """End the process now, query and all (a thread inside the store cannot be stopped, nor waited for)."""
    try:
        print(f"vnqi query: {message}", file=sys.stderr, flush=True)
    except BaseException:  # noqa: BLE001, S110 — a closed stderr or a second Ctrl-C: end all the same
        pass
    os._exit(status)
