"""A SPARQL Update evaluated in a child process that the time limit can kill, as queries are: pyoxigraph cannot
cancel an update, and one whose WHERE runs for minutes held the write lock (and every later write) that long."""

from __future__ import annotations

import multiprocessing as mp
from multiprocessing.connection import Connection
from pathlib import Path

import pyoxigraph as ox

from graph.errors import StoreUnavailable
from graph.query_job import QueryTimeout

_CTX = mp.get_context("spawn")
COPY_TIMEOUT_S = 600.0  # copying a version into memory (not the update): 16 s at 1.3M quads


class UpdateTimeout(QueryTimeout):
    """The update ran longer than the time limit and was stopped; nothing was written (503, as a query)."""


def _child(conn: Connection, store_path: str, text: str, base_iri: str | None) -> None:
    """Copy the version into memory, say so, apply the update there, send back N-Quads before and after."""
    # imported here, not at the top: graph/update.py imports this module
    from graph.update import UpdateRefused, apply_to, copy_of

    store, before = copy_of(store_path)
    conn.send(("copied",))
    try:
        apply_to(store, text, base_iri)
    except UpdateRefused as exc:
        conn.send(("refused", str(exc)))
        return
    conn.send(("ok",))
    conn.send_bytes(before)
    conn.send_bytes(store.dump(format=ox.RdfFormat.N_QUADS))


def apply_in_child(store_path: Path, text: str, base_iri: str | None, timeout_s: float) -> tuple[bytes, bytes]:
    """N-Quads of the version before and after the update; UpdateRefused as apply_to raises it, UpdateTimeout
    (the child killed) when the update itself runs longer than `timeout_s` (the copy is not counted)."""
    from graph.update import UpdateRefused  # as in _child

    parent, child = _CTX.Pipe()
    process = _CTX.Process(target=_child, args=(child, str(store_path), text, base_iri), daemon=True)
    process.start()
    child.close()
    try:
        if not parent.poll(COPY_TIMEOUT_S) or parent.recv() != ("copied",):
            raise StoreUnavailable("the update's copy of the store could not be made in time")
        if not parent.poll(timeout_s):
            raise UpdateTimeout(f"the update ran longer than {timeout_s:g} s and was stopped; nothing was written")
        head = parent.recv()
        if head[0] == "refused":
            raise UpdateRefused(head[1])
        return parent.recv_bytes(), parent.recv_bytes()
    except (EOFError, OSError) as exc:
        raise StoreUnavailable("the update's process stopped unexpectedly; nothing was written") from exc
    finally:
        process.kill()
        process.join(5)
        parent.close()
