"""The counts the home, class and ICS pages show, written beside a built version (like its search index).

Counting entities per class, triples per graph and standards per ICS field scans the whole store: seconds to a
minute at a million quads. A build writes them once into `browse-summary.json` in the version directory; a store
without that file (in memory, or built before) computes them on first use (graph/browse_cache.py keeps them).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from graph.query import select
from graph.store.base import Store

SUMMARY_FILE = "browse-summary.json"
SECTIONS = ("class-counts", "class-all-counts", "graph-sizes", "ics-top", "ics-counts")  # named queries


def rows_as_text(store: Store, name: str) -> list[dict[str, str]]:
    """The named query's rows with every value as its lexical form."""
    return [{k: str(v) for k, v in row.items()} for row in select(store, name).dicts()]


def compute(store: Store) -> dict[str, list[dict[str, str]]]:
    """Every section of the summary."""
    return {name: rows_as_text(store, name) for name in SECTIONS}


def write_summary(store: Store, path: Path) -> None:
    """Compute the summary of a version and write it to `path`."""
    path.write_text(json.dumps(compute(store), ensure_ascii=False), encoding="utf-8")


def section(store: Store, name: str) -> list[dict[str, Any]]:
    """One section (a name of SECTIONS): from the version's summary file when there is one, else computed
    (callers cache it per version)."""
    folder = getattr(store, "path", None)
    summary = Path(folder) / SUMMARY_FILE if folder is not None else None
    if summary is not None and summary.is_file():
        return json.loads(summary.read_text(encoding="utf-8"))[name]  # type: ignore[no-any-return]
    return rows_as_text(store, name)
