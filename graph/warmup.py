"""Warm-up of a store version just opened by the server: what takes seconds to compute the first time at a million
quads (the impact dependency graph, the vocabulary of entity pages, the search index, the lists of the largest
classes) is computed in a background thread, so the first visitors do not wait for it.

Every step fills a cache the pages already use (graph/dependencies.py, graph/entity_terms.py, graph/search.py,
graph/browse_cache.py); a request arriving during a step waits for that same computation or does its own, and
a step that fails is recorded and skipped: warming never changes an answer, only when it is fast.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from rdflib import URIRef

from graph.browse import list_members
from graph.browse_classes import all_classes
from graph.dependencies import dependency_graph
from graph.entity_terms import terms_for
from graph.search import index_for
from graph.store.base import Store

LARGE_CLASS = 2_000  # entities: a class list this large takes a second or more to sort the first time
LOG = logging.getLogger("vnqi.warmup")


@dataclass
class Warmup:
    """Progress of the warm-up: the steps done with their seconds, those that failed, and whether it ended."""

    done: bool = False
    seconds: dict[str, float] = field(default_factory=dict)
    failed: dict[str, str] = field(default_factory=dict)
    stopping: threading.Event = field(default_factory=threading.Event, repr=False)
    thread: threading.Thread | None = field(default=None, repr=False)

    def stop(self, timeout_s: float) -> None:
        """Run no further step; wait up to `timeout_s` for the one running (the server is closing the store)."""
        self.stopping.set()
        if self.thread is not None and self.thread is not threading.current_thread():
            self.thread.join(timeout_s)

    def as_json(self) -> dict[str, object]:
        """The progress for /ready."""
        return {"done": self.done, "seconds": dict(self.seconds), "failed": dict(self.failed)}


def steps(store: Store) -> list[tuple[str, Callable[[], object]]]:
    """The steps, the most requested first: impact, entity pages, search, then the large class lists."""
    out: list[tuple[str, Callable[[], object]]] = [
        ("dependency graph", lambda: dependency_graph(store)),
        ("entity terms", lambda: terms_for(store)),
        ("search index", lambda: index_for(store)),
    ]
    for cls in all_classes(store):
        if cls.total >= LARGE_CLASS and cls.key is not None:
            for lang in ("vi", "en"):
                out.append((f"class {cls.key} {lang}", _lister(store, URIRef(cls.iri), lang)))
    return out


def _lister(store: Store, cls: URIRef, lang: str) -> Callable[[], object]:
    """A step listing the first page of a class (which sorts and caches the whole class) in `lang`."""
    return lambda: list_members(store, cls, lang=lang)


def warm(store: Store, progress: Warmup) -> Warmup:
    """Run every step in order, recording each one's seconds or error."""
    try:
        todo = steps(store)
    except Exception as exc:  # noqa: BLE001 - a failed warm-up must never stop the server
        progress.failed["steps"] = f"{type(exc).__name__}: {exc}"
        todo = []
    for name, step in todo:
        if progress.stopping.is_set():
            break
        started = time.perf_counter()
        try:
            step()
        except Exception as exc:  # noqa: BLE001 - recorded; the page computes it again when asked
            progress.failed[name] = f"{type(exc).__name__}: {exc}"
            LOG.warning("warm-up step %s failed: %s", name, exc)
            continue
        progress.seconds[name] = round(time.perf_counter() - started, 3)
    progress.done = True
    LOG.info("warm-up done in %.1f s", sum(progress.seconds.values()))
    return progress


def start(store: Store) -> Warmup:
    """Start warming `store` in a daemon thread; the progress object it updates."""
    progress = Warmup()
    progress.thread = threading.Thread(target=warm, args=(store, progress), name="vnqi-warmup", daemon=True)
    progress.thread.start()
    return progress
