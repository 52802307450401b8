"""Known-cheap queries in the server's own process: a request a worker answered fast is answered here next time.

Every query goes to a killable worker process (graph/executor.py), because pyoxigraph cannot cancel one. For a
cheap query that hop is most of vnqi's own cost per request (about 0.12 ms over HTTP: the wake-ups of two
processes). A store version is immutable; a query that the engine evaluates whole (`evaluated_whole`: no ASK,
LIMIT, OFFSET or EXISTS, which stop at a first solution or after some, and nothing random, timed or remote) does
the same work on it whatever order the store reads in (on disk, a copy in memory, another process), so a request
(text, formats, dataset, row cap, base IRI) that a worker answered in under `below_s`, whole (not cut by the row
cap, not streamed), cannot run away here. Such requests are remembered, per version, and answered next time by
`sparql_worker.execute` on this process's own in-memory copy of the version: the same function and the same
bytes as a worker's.

The copy is loaded on a background thread (pyoxigraph releases the GIL while it loads), one load at a time: a new
version (an update) drops the old copy and what was remembered on it, and the loader moves on to the newest.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from pathlib import Path

import pyoxigraph as ox

from graph import sparql_worker
from graph.errors import QueryError
from graph.query_job import QueryOutcome, QueryRequest, outcome, wire
from graph.sparql_guard import REMEMBERED_CHARS, remembered, tokens

KNOWN = 4096  # requests remembered as cheap (the least recently answered are forgotten first)
EARLY = {"ASK", "LIMIT", "OFFSET", "EXISTS"}  # evaluation may stop early: its cost depends on the store's order
UNSURE = {"SERVICE", "RAND", "NOW", "UUID", "STRUUID"}  # another server's time, or work that may change between runs


def _evaluated_whole(query: str) -> bool:
    """Whether the engine evaluates the whole query, doing the same work each time on the same data (its keywords
    and function names: none of EARLY or UNSURE)."""
    try:
        return not any(kind == "word" and text.upper() in EARLY | UNSURE for kind, text in tokens(query))
    except QueryError:
        return False


evaluated_whole = remembered(_evaluated_whole)


class InlineQueries:
    """The requests known to be cheap on the current version, and this process's in-memory copy of it; thread-safe."""

    def __init__(self, path: Path, below_s: float, largest: int) -> None:
        self.below_s = below_s
        self.largest = largest  # an answer larger than this (bytes) is not remembered: it would be streamed
        self._lock = threading.Lock()
        self._known: OrderedDict[QueryRequest, None] = OrderedDict()
        self._copy: tuple[Path, ox.Store, ox.NamedNode | None] | None = None
        self._path: Path | None = path
        self._loader: threading.Thread | None = None
        self._load()

    @property
    def ready(self) -> bool:
        """Whether the copy of the current version is loaded (known-cheap requests are answered here)."""
        copy = self._copy
        return copy is not None and copy[0] == self._path

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
        _, store, base = copy
        return outcome(sparql_worker.execute(store, wire(request), base))

    def observe(self, path: Path, request: QueryRequest, seconds: float, answered: QueryOutcome) -> None:
        """A worker on `path` answered `request` with `answered` in `seconds`: remember it if that was cheap, whole
        and small, and the query is evaluated whole."""
        if (seconds >= self.below_s or answered.truncated or answered.stream is not None
                or len(answered.body) > self.largest or _size(request) > REMEMBERED_CHARS
                or not evaluated_whole(request.query)):
            return
        with self._lock:
            if path != self._path:
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
        """Load the current version's copy until the one loaded is current (or the version cannot be read)."""
        while True:
            with self._lock:
                path = self._path
                if path is None or (self._copy is not None and self._copy[0] == path):
                    self._loader = None
                    return
            try:
                store, base = sparql_worker.served(str(path), True)
            except (OSError, RuntimeError, ValueError):  # unreadable: every query goes to a worker
                with self._lock:
                    self._loader = None
                return
            with self._lock:
                if self._path == path:
                    self._copy = (path, store, base)


def _size(request: QueryRequest) -> int:
    """The characters a remembered request holds: its text, its graphs' IRIs, its base IRI."""
    return (len(request.query) + sum(map(len, request.default_graphs)) + sum(map(len, request.named_graphs))
            + len(request.base_iri or ""))
