"""Results that depend only on the store's content (class counts), computed once per store version.

A built version on disk is immutable and its directory names it; an in-memory store (tests, `memory:`) is
recomputed when its number of quads changes. Entries go with their store object (weak keys).
"""

from __future__ import annotations

import threading
import weakref
from collections import OrderedDict
from collections.abc import Callable
from typing import Any, TypeVar

from graph.store.base import Store

T = TypeVar("T")
_LOCK = threading.Lock()
_CACHE: weakref.WeakKeyDictionary[object, tuple[object, OrderedDict[str, Any]]] = weakref.WeakKeyDictionary()
ENTRIES = 64  # per store version, least recently used first out (a class index of 60,000 entities is ~20 MB;
# the warm-up alone fills about 30 at a million quads: 24 let the first lists it made fall out)


def version(store: Store) -> object:
    """What changes when the store's content does: its directory, or its number of quads when in memory."""
    path = getattr(store, "path", None)
    return ("path", str(path)) if path is not None else ("quads", len(store))


def cached(store: Store, key: str, compute: Callable[[Store], T]) -> T:
    """compute(store), remembered for this store version under `key`."""
    current = version(store)
    with _LOCK:
        entry = _CACHE.get(store)
        if entry is None or entry[0] != current:
            entry = (current, OrderedDict())
            _CACHE[store] = entry
        values = entry[1]
        if key in values:
            values.move_to_end(key)
            return values[key]  # type: ignore[no-any-return]
    value = compute(store)  # outside the lock: two racing requests may compute the same value once each
    with _LOCK:
        values[key] = value
        while len(values) > ENTRIES:
            values.popitem(last=False)
    return value
