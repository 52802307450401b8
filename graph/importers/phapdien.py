"""Importer of the Bộ pháp điển corpus (shared/data/vn-phapdien-qi): documents, articles, effects, relations.

Output: the named graph vg:data/import/vn-phapdien-qi (see graph/importers/registry.py). Every entity has
dcterms:source → that graph (data/sources.ttl describes it: Bộ pháp điển điện tử, Bộ Tư pháp) and a status;
title-derived relations are kept apart from the exact ones by their statement nodes (status inferred vs
verified). Citations in the article texts are a separate import (graph/importers/citations.py).
"""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph

from graph.importers import phapdien_map as M
from graph.importers.common import Summary
from graph.importers.phapdien_articles import articles
from graph.importers.phapdien_docs import documents, relations
from graph.namespaces import bind_all

FILES = ("documents.csv", "doc_relations.csv", "articles.jsonl")


def import_phapdien(source_dir: Path, summary: Summary | None = None) -> Graph:
    """The graph of the Bộ pháp điển corpus found in `source_dir`; counts and skipped rows go to `summary`."""
    summary = summary if summary is not None else Summary(M.SOURCE)
    g = Graph()
    bind_all(g)
    ids = documents(g, source_dir / "documents.csv", summary)
    relations(g, source_dir / "doc_relations.csv", ids, summary)
    articles(g, source_dir / "articles.jsonl", summary)
    return g
