"""Known-cheap queries in the server's own process: a request a worker answered fast is answered here next time.

Every query goes to a killable worker process (graph/executor.py), because pyoxigraph cannot cancel one. For a
cheap query that hop is most of vnqi's own cost per request (about 0.13 ms over HTTP: the wake-ups of two
processes). A store version is immutable, so a request (text, formats, dataset, row cap, base) makes the engine
do the same work each time it runs on the same version: one that a worker answered in under `below_s` cannot run
away here. Such requests are remembered, per version, and answered next time by `sparql_worker.execute` on this
process's own in-memory copy of the version, the same function and the same bytes as a worker's.

Never remembered: a text that may name SERVICE (its cost is another server's), RAND or NOW (work that may change
from one run to the next); an answer that failed or was streamed; anything before this process's copy is loaded
(on a background thread: pyoxigraph releases the GIL while it loads). A new version (an update) drops the copy and
what was remembered, and loads the new version's copy.
"""

from __future__ import annotations

import re
import threading
from collections import OrderedDict
from pathlib import Path

import pyoxigraph as ox

from graph import sparql_worker
from graph.query_job import QueryOutcome, QueryRequest, outcome, wire
from graph.sparql_guard import REMEMBERED_CHARS

KNOWN = 4096  # requests remembered as cheap (the least recently answered are forgotten first)
UNSURE = re.compile(r"\b(?:SERVICE|RAND|NOW)\b", re.IGNORECASE)  # any text naming these may do other work next time


class InlineQueries:
    """The requests known to be cheap on the current version, and this process's in-memory copy of it; thread-safe."""

    def __init__(self, path: Path, below_s: float) -> None:
        self.below_s = below_s
        self._lock = threading.Lock()
        self._known: OrderedDict[QueryRequest, None] = OrderedDict()
        self._copy: tuple[Path, ox.Store, ox.NamedNode | None] | None = None
        self._path = path
        self._load(path)

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
        copy = self._copy
        if copy is None or copy[0] != self._path:
            return None
        with self._lock:
            if request not in self._known:
                return None
            self._known.move_to_end(request)
        _, store, base = copy
        return outcome(sparql_worker.execute(store, wire(request), base))

    def observe(self, path: Path, request: QueryRequest, seconds: float) -> None:
        """A worker on `path` answered `request` (not streamed) in `seconds`: remember it if it was cheap there."""
        if (seconds >= self.below_s or path != self._path or len(request.query) > REMEMBERED_CHARS
                or UNSURE.search(request.query)):
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
        self._load(path)

    def close(self) -> None:
        """Drop the copy and what was remembered (a load under way is dropped when it ends)."""
        with self._lock:
            self._path = Path()
            self._known.clear()
            self._copy = None

    def _load(self, path: Path) -> None:
        """Load the copy of `path` on a daemon thread; it is kept only if `path` is still current when loaded."""

        def load() -> None:
            try:
                store, base = sparql_worker.served(str(path), True)
            except (OSError, RuntimeError, ValueError):  # the version could not be read: every query goes to a worker
                return
            with self._lock:
                if self._path == path:
                    self._copy = (path, store, base)

        threading.Thread(target=load, name="vnqi-inline-copy", daemon=True).start()
