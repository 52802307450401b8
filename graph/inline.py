"""Known-cheap queries in the server's own process: a request a worker answered fast is answered here next time.

Every query goes to a killable worker process (graph/executor.py), because pyoxigraph cannot cancel one. For a
cheap query that hop is most of vnqi's own cost per request (about 0.12 ms over HTTP: the wake-ups of two
processes). A store version is immutable, and this process's copy of it is loaded as an in-memory worker's (the
same dump, sorted the same way): it reads in the same order, which the worker tells with each answer
(graph/worker_copy.layout). The engine then does the same work for the same request on either, including where
it stops early (ASK, LIMIT, EXISTS, MINUS, a property path reaching its end), so a request (text, formats, dataset,
row cap, base IRI) that a worker answered whole (not cut by the row cap, not streamed) in under `below_s`, from a
store of the same layout as this copy, cannot run away here. Such requests are remembered, per version, and
answered next time by `sparql_worker.execute` on this copy: the same function and the same bytes as a worker's.
Never remembered: an answer of a worker reading the disk (a replacement, while it loads its copy) or a copy loaded
in another order; a text naming RAND, NOW, UUID, STRUUID or SERVICE anywhere, in any case, even glued to another
word or in a comment (`UNSURE`: work that may change between runs, or another server's time). A request whose run
here took longer than `SLACK` times the threshold is forgotten.

The copy is loaded on a background thread (pyoxigraph releases the GIL while it loads), one load at a time: a new
version (an update) drops the old copy and what was remembered on it, and the loader moves on to the newest.
"""

from __future__ import annotations

import re
import threading
import time
from collections import OrderedDict
from pathlib import Path

import pyoxigraph as ox

from graph import sparql_worker
from graph.query_job import QueryOutcome, QueryRequest, outcome, wire
from graph.sparql_guard import REMEMBERED_CHARS
from graph.worker_copy import layout

KNOWN = 4096  # requests remembered as cheap (the least recently answered are forgotten first)
UNSURE = re.compile(r"RAND|NOW|UUID|SERVICE", re.IGNORECASE)  # anywhere in the text: fails closed
SLACK = 4.0  # a known request whose run here takes longer than this many thresholds is forgotten


class InlineQueries:
    """The requests known to be cheap on the current version, and this process's in-memory copy of it; thread-safe."""

    def __init__(self, path: Path, below_s: float, largest: int) -> None:
        self.below_s = below_s
        self.largest = largest  # an answer larger than this (bytes) is not remembered: it would be streamed
        self._lock = threading.Lock()
        self._known: OrderedDict[QueryRequest, None] = OrderedDict()
        self._copy: tuple[Path, ox.Store, ox.NamedNode | None, str] | None = None
        self._path: Path | None = path
        self._loader: threading.Thread | None = None
        self._load()

    @property
    def ready(self) -> bool:
        """Whether the copy of the current version is loaded (known-cheap requests are answered here)."""
        copy = self._copy
        return copy is not None and copy[0] == self._path

    @property
    def layout(self) -> str | None:
        """The layout of the loaded copy (graph/worker_copy.layout), None before it is loaded."""
        copy = self._copy
        return copy[3] if copy is not None else None

    @property
    def known(self) -> int:
        """How many requests are known to be cheap on the current version."""
        return len(self._known)

    def answer(self, request: QueryRequest) -> QueryOutcome | None:
        """The outcome of a known-cheap request, evaluated here; None when it must go to a worker."""
        with self._lock:
            copy = self._copy
            if copy is None or copy[0] != self._path or request not in self._known:
                return None
            self._known.move_to_end(request)
        _, store, base, shape = copy
        started = time.perf_counter()
        response = sparql_worker.execute(store, wire(request), base)
        if time.perf_counter() - started > SLACK * self.below_s:  # not as cheap here as it was: a worker's again
            with self._lock:
                self._known.pop(request, None)
        return outcome((*response[:5], shape, response[5]) if response[0] == "ok" else response)

    def observe(self, path: Path, request: QueryRequest, seconds: float, answered: QueryOutcome) -> None:
        """A worker on `path` answered `request` with `answered` in `seconds`: remember it if that was cheap, whole
        and small, from a store of this copy's layout, and the text names nothing unsure."""
        if (seconds >= self.below_s or answered.truncated or answered.stream is not None
                or len(answered.body) > self.largest or _size(request) > REMEMBERED_CHARS
                or UNSURE.search(request.query)):
            return
        with self._lock:
            copy = self._copy
            if path != self._path or copy is None or copy[0] != path or answered.layout != copy[3]:
                return
            self._known[request] = None
            self._known.move_to_end(request)
            while len(self._known) > KNOWN:
                self._known.popitem(last=False)

    def switch(self, path: Path) -> None:
        """Serve a new version: forget what was known cheap on the old one, drop its copy, load the new one's."""
        with self._lock:
            self._path = path
            self._known.clear()
            self._copy = None
        self._load()

    def close(self) -> None:
        """Drop the copy and what was remembered; a load under way is dropped when it ends."""
        with self._lock:
            self._path = None
            self._known.clear()
            self._copy = None

    def _load(self) -> None:
        """Start the loader unless it runs already (it then moves on to the current version when it is done)."""
        with self._lock:
            if self._loader is None:
                self._loader = threading.Thread(target=self._keep_loaded, name="vnqi-inline-copy", daemon=True)
                self._loader.start()

    def _keep_loaded(self) -> None:
        """Load the current version's copy until the one loaded is current; a version that cannot be read (or any
        failure) ends the loader, and every query goes to a worker until the next version."""
        ended = False
        try:
            while (path := self._to_load()) is not None:
                store, base = sparql_worker.served(str(path), True)
                shape = layout(store)
                with self._lock:
                    if self._path == path:
                        self._copy = (path, store, base, shape)
            ended = True
        finally:
            if not ended:
                with self._lock:
                    self._loader = None

    def _to_load(self) -> Path | None:
        """The version to load next: the current one unless its copy is loaded (or the queries are closed); when
        there is none, the loader ends here, under the same lock as a switch that would start another."""
        with self._lock:
            path = self._path
            if path is None or (self._copy is not None and self._copy[0] == path):
                self._loader = None
                return None
            return path


def _size(request: QueryRequest) -> int:
    """The characters a remembered request holds: its text, its graphs' IRIs, its base IRI."""
    return (len(request.query) + sum(map(len, request.default_graphs)) + sum(map(len, request.named_graphs))
            + len(request.base_iri or ""))
