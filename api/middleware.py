"""HTTP middleware installed on every app (security headers, request logs, CORS): one place."""

from __future__ import annotations

from fastapi import FastAPI


def install(app: FastAPI) -> None:
    """Add the project's middleware to `app`."""
