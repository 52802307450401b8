"""Small helpers for the browser tests: links by path, relation sections of entity pages, local paths; and
Playwright's `expect` (the modules are skipped without Playwright, or fail under VNQI_REQUIRE_SYSTEM=1)."""

from __future__ import annotations

import os
from typing import Any

import pytest

try:
    from playwright.sync_api import expect
except ImportError as exc:  # pragma: no cover - Playwright is a test extra
    if os.environ.get("VNQI_REQUIRE_SYSTEM") == "1":
        raise
    pytest.skip(f"Playwright for Python is not installed ({exc})", allow_module_level=True)

__all__ = ["BASE", "expect", "link_to", "path_of", "relation"]
BASE = "https://w3id.org/vnqi/"


def path_of(iri: str) -> str:
    """The local page of an entity IRI (/id/...)."""
    assert iri.startswith(BASE), iri
    return "/" + iri.removeprefix(BASE)


def link_to(scope: Any, path: str) -> Any:
    """Links in `scope` (page or locator) to `path`, with or without a query string or fragment."""
    return scope.locator(f'a[href="{path}"], a[href^="{path}?"], a[href^="{path}#"]')


def relation(page: Any, key: str) -> Any:
    """The section of an entity page listing one relation (`key`: property IRI, '^' + IRI for inverse links)."""
    return page.locator(f'#links section.rel[data-key="{key}"]')
