"""Importer of ISO Open Data (shared/data/iso-open-data): the ICS classification and the technical committees,
one named graph vg:data/import/iso-open-data (ODC-By 1.0, attribution in data/sources.ttl)."""

from __future__ import annotations

from collections.abc import Iterator
from itertools import chain
from pathlib import Path

from graph.importers import iso_map as M
from graph.importers.common import Summary, Triple
from graph.importers.ics import import_ics
from graph.importers.iso_committees import import_committees


def import_open_data(source_dir: Path, summary: Summary | None = None) -> Iterator[Triple]:
    """ICS concepts, then committees."""
    summary = summary if summary is not None else Summary(M.OPEN_DATA)
    return chain(import_ics(source_dir, summary), import_committees(source_dir, summary))
