"""Shared fixtures: the real project loaded once, validated, in an in-memory store."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from rdflib import Dataset

from api.app import create_app
from api.settings import Settings
from graph.build import check
from graph.load import Sources
from graph.store import EmbeddedStore
from graph.validate import ValidationReport

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def sources() -> Sources:
    """The project's real ontology, shapes and data."""
    return Sources.at(ROOT)


@pytest.fixture(scope="session")
def checked(sources: Sources) -> tuple[Dataset, ValidationReport]:
    """The real dataset and its validation report (computed once)."""
    return check(sources)


@pytest.fixture(scope="session")
def dataset(checked: tuple[Dataset, ValidationReport]) -> Dataset:
    """The real dataset, one named graph per file."""
    return checked[0]


@pytest.fixture(scope="session")
def store(dataset: Dataset) -> EmbeddedStore:
    """An in-memory store holding the real dataset."""
    mem = EmbeddedStore(None)
    mem.replace(dataset)
    return mem


@pytest.fixture(scope="session")
def client(store: EmbeddedStore) -> Iterator[TestClient]:
    """The HTTP app over the in-memory store."""
    app = create_app(Settings(root=ROOT), store=store)
    with TestClient(app) as test_client:
        yield test_client


@pytest.fixture()
def project_copy(tmp_path: Path) -> Path:
    """A writable copy of ontology/ and data/ to break on purpose."""
    for part in ("ontology", "data"):
        shutil.copytree(ROOT / part, tmp_path / part)
    return tmp_path
