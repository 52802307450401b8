"""The search index of each store object, per version: opened (or built) once, then shared by every request.

A built version on disk is immutable and its directory names it. A store without an index file (in memory for the
tests, or a version built before search existed) gets one built into a temporary file, rebuilt when the number of
quads changes (an in-memory store replaced in place), and removed when the index is dropped.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
import threading
import weakref
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from graph.search_build import build_index
from graph.store.base import Store

if TYPE_CHECKING:
    from graph.search import SearchIndex

_LOCK = threading.Lock()
_CACHE: weakref.WeakKeyDictionary[object, tuple[object, SearchIndex]] = weakref.WeakKeyDictionary()


def _version(store: Store) -> object:
    """What changes when the store's content does: its directory, or its number of quads when in memory."""
    path = getattr(store, "path", None)
    return ("path", str(path)) if path is not None else ("quads", len(store))


def _remove(path: str) -> None:
    """Delete a temporary index file (already gone is fine)."""
    with contextlib.suppress(FileNotFoundError):
        os.unlink(path)


def build_temporary(store: Store) -> SearchIndex:
    """An index of `store` in a temporary file, deleted with the returned object."""
    from graph.search import SearchIndex

    fd, name = tempfile.mkstemp(prefix="vnqi-search-", suffix=".sqlite")
    os.close(fd)
    os.unlink(name)  # sqlite creates it
    try:
        build_index(store, name)
    except BaseException:
        _remove(name)
        raise
    index = SearchIndex(Path(name))
    weakref.finalize(index, _remove, name)
    return index


def cached_index(store: Store, opener: Callable[[], SearchIndex] | None) -> SearchIndex:
    """The cached index of `store` for its current version: opened with `opener`, or built if there is none."""
    version = _version(store)
    cached = _CACHE.get(store)
    if cached is not None and cached[0] == version:
        return cached[1]
    with _LOCK:
        cached = _CACHE.get(store)
        if cached is None or cached[0] != version:
            cached = (version, opener() if opener is not None else build_temporary(store))
            _CACHE[store] = cached
        return cached[1]
