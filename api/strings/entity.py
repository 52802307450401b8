"""UI strings of the entity pages (vi, en)."""

STRINGS: dict[str, dict[str, str]] = {}
