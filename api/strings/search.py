"""UI strings of the search pages (vi, en)."""

STRINGS: dict[str, dict[str, str]] = {}
