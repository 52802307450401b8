"""UI strings of the graphview pages (vi, en)."""

STRINGS: dict[str, dict[str, str]] = {}
