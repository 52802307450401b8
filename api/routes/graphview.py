"""Routes of the graphview area (being built)."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter()
