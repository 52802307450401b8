"""SPARQL Update on the served graph: applied to a copy, validated, written as a new version, logged for rebuilds.

An update never changes the version being served: it is applied in memory to a copy of the current version,
the result is validated with the shapes, and only a conforming result becomes the next version (atomic switch).
The update text is then appended to var/updates/, which every `vnqi build` replays on top of the files, so an
accepted update is not lost by a rebuild. Ontology and shapes graphs cannot be changed by an update.
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
from rdflib import Dataset

from graph.build import current_store_path, kind_of, update_log, write_version
from graph.errors import QueryError, ValidationFailed
from graph.namespaces import bind_all
from graph.query_job import position
from graph.sparql_guard import has_load
from graph.sparql_limits import check_complexity
from graph.update_worker import apply_in_child
from graph.validate_version import validate_version

_LOCK = threading.Lock()


SYNTAX = "SPARQL Update syntax error: "


class UpdateRefused(QueryError):
    """The update would change the ontology or shapes graphs, or is not valid SPARQL Update; a syntax error keeps
    Oxigraph's line and column (read from the message: it comes back as text from the update's child process)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.line, self.column = position(message) if message.startswith(SYNTAX) else (None, None)


def _term_graphs_digest(store: ox.Store) -> str:
    """A digest of every quad in the ontology and shapes graphs."""
    graphs = [g for g in store.named_graphs() if isinstance(g, ox.NamedNode) and kind_of(g.value) != "data"]
    lines = sorted(str(q) for g in graphs for q in store.quads_for_pattern(None, None, None, g))
    return hashlib.sha256("\n".join(lines).encode()).hexdigest()


def refuse_early(text: str) -> None:
    """UpdateRefused for what is refused without evaluating: LOAD, and text too deep or long for the parser."""
    if has_load(text):
        raise UpdateRefused("LOAD is disabled: it would fetch a URL from the server (send the data with INSERT DATA)")
    try:
        check_complexity(text)  # pyoxigraph crashes the process on pathologically deep or long input
    except QueryError as exc:
        raise UpdateRefused(str(exc)) from exc


def apply_to(store: ox.Store, text: str, base_iri: str | None = None) -> None:
    """Run one update on an in-memory store, refusing LOAD and changes to the ontology and shapes graphs."""
    refuse_early(text)
    before = _term_graphs_digest(store)
    try:
        store.update(text, base_iri=base_iri)
    except SyntaxError as exc:
        raise UpdateRefused(f"{SYNTAX}{exc}") from exc
    except (OSError, RuntimeError, ValueError) as exc:
        raise UpdateRefused(f"the update could not be applied: {exc}") from exc
    if _term_graphs_digest(store) != before:
        raise UpdateRefused("the ontology and shapes graphs are read-only: change the files and run `vnqi build`")


def _to_rdflib(store: ox.Store) -> tuple[Dataset, bytes]:
    """The store content as an rdflib Dataset (for pySHACL) and as N-Quads."""
    nquads = store.dump(format=ox.RdfFormat.N_QUADS)
    dataset = Dataset()
    bind_all(dataset)
    dataset.parse(data=nquads, format="nquads")
    return dataset, nquads


def replay(dataset: Dataset, log: Path) -> Dataset:
    """The dataset with every logged update applied in order (unchanged when the log is empty)."""
    files = sorted(log.glob("*.ru")) if log.is_dir() else []
    if not files:
        return dataset
    store = ox.Store()
    store.bulk_load(dataset.serialize(format="nquads", encoding="utf-8"), format=ox.RdfFormat.N_QUADS)
    for path in files:
        apply_to(store, path.read_text(encoding="utf-8"))
    return _to_rdflib(store)[0]


Plan = Callable[[ox.Store], str]  # builds the update text from the working copy (inside the lock)


@dataclass(frozen=True)
class Change:
    """An accepted write: the new version, the triples added and removed, and the graphs whose content changed
    ("" is the default graph)."""

    path: Path
    added: int
    removed: int
    graphs: tuple[str, ...]


def transact(var_dir: Path, text: str | Plan, base_iri: str | None = None, timeout_s: float | None = None
             ) -> Change:
    """Apply, validate, write a new version and log the update; `text` may be a Plan that inspects the current
    content first (and may raise, e.g. NotFound). Writes are serialised: one at a time. With `timeout_s`, an update
    text is evaluated in a child process stopped after that long (graph/update_worker.py: UpdateTimeout)."""
    with _LOCK:
        if isinstance(text, str) and timeout_s is not None:
            refuse_early(text)  # at once, not after the child has copied the store
            before, nquads = apply_in_child(current_store_path(var_dir), text, base_iri, timeout_s)
        else:
            before, nquads, text = _apply_here(var_dir, text, base_iri)
        added, removed, graphs = diff(before, nquads)  # refuses RDF 1.2 terms, before the validator meets them
        report = validate_version(nquads, var_dir)
        if not report.conforms:
            raise ValidationFailed(report, "the update was refused: the result does not conform to the shapes")
        log = update_log(var_dir)
        log.mkdir(parents=True, exist_ok=True)
        pending = log / f"{next_log_name(log)}.ru"
        logged = f"BASE <{base_iri}>\n{text}" if base_iri else text  # replayed later with the same base
        pending.with_suffix(".pending").write_text(logged, encoding="utf-8")
        path, _ = write_version(var_dir, nquads)
        pending.with_suffix(".pending").rename(pending)
        return Change(path, added, removed, graphs)


def copy_of(store_path: Path | str) -> tuple[ox.Store, bytes]:
    """An in-memory copy of a store version and its N-Quads (bulk_load renames blank nodes: compare with these)."""
    store = ox.Store()
    store.bulk_load(ox.Store.read_only(str(store_path)).dump(format=ox.RdfFormat.N_QUADS), format=ox.RdfFormat.N_QUADS)
    return store, store.dump(format=ox.RdfFormat.N_QUADS)


def _apply_here(var_dir: Path, text: str | Plan, base_iri: str | None) -> tuple[bytes, bytes, str]:
    """N-Quads of the current version before and after the update, applied in this process; the update text."""
    store, before = copy_of(current_store_path(var_dir))
    text = text if isinstance(text, str) else text(store)
    apply_to(store, text, base_iri)
    return before, store.dump(format=ox.RdfFormat.N_QUADS), text


def next_log_name(log: Path) -> str:
    """A name that sorts after every logged update (the order `replay` applies them in): the local wall-clock time
    to the nanosecond, both parts from one reading; after the last name if the clock went back."""
    now = time.time_ns()
    name = f"{time.strftime('%Y%m%dT%H%M%S', time.localtime(now // 10**9))}-{now % 10**9:09d}"
    last = max((p.stem for p in log.glob("*.ru")), default="")
    return name if name > last else f"{last}-1"


def update(var_dir: Path, text: str, base_iri: str | None = None) -> Path:
    """Apply, validate, write a new version and log the update; returns the new version's path."""
    return transact(var_dir, text, base_iri).path


def diff(before: bytes, after: bytes) -> tuple[int, int, tuple[str, ...]]:
    """(added, removed, graphs changed) between two N-Quads dumps of one store (lines compared by hash);
    UpdateRefused when an added quad holds an RDF 1.2 term."""
    old = {hash(line) for line in before.splitlines() if line}
    new_lines = [line for line in after.splitlines() if line]
    new = {hash(line) for line in new_lines}
    added = [line for line in new_lines if hash(line) not in old]
    removed = [line for line in before.splitlines() if line and hash(line) not in new]
    graphs: set[str] = set()
    for lines, check in ((added, True), (removed, False)):
        try:
            for quad in ox.parse(b"\n".join(lines), ox.RdfFormat.N_QUADS) if lines else ():
                if check:
                    refuse_rdf12(quad)
                graphs.add("" if isinstance(quad.graph_name, ox.DefaultGraph) else str(quad.graph_name.value))
        except SyntaxError as exc:  # e.g. "x"^^rdf:dirLangString: stored by the update, unreadable when dumped
            raise UpdateRefused(f"the update writes a term that cannot be read back: {exc}") from exc
    return len(added), len(removed), tuple(sorted(graphs))


def refuse_rdf12(quad: ox.Quad) -> None:
    """UpdateRefused for a triple term or a literal with a base direction: RDF 1.2, which pyoxigraph accepts but
    vnqi's data never uses and its SHACL validation (rdflib, pySHACL) cannot read."""
    for term in (quad.subject, quad.object):
        if isinstance(term, ox.Triple) or getattr(term, "direction", None):
            raise UpdateRefused(f"the update writes an RDF 1.2 term ({term}): triple terms and literals with a "
                                "base direction are not supported")
